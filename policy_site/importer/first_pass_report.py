"""What the first pass (export_reader, lines) did that a person must check, reported with input lines.

Page furniture left out, words joined across a line-break hyphen and lists
numbered by their indentation are all decisions about the district's text
made without seeing the original; each is reported so that nothing is
dropped or changed silently.
"""

from __future__ import annotations

from .draft import SetAside
from .export_reader import RUNNING_LINE, ExportLine
from .lines import Item, Tokens
from .reporting import Reporter, quote

# How many entries a message lists before "and N more" (all of them are in the output's comments).
_LISTED = 12


def report_furniture(dropped: list[ExportLine], cover_set_aside: list[SetAside], reporter: Reporter) -> list[SetAside]:
    """One warning listing every line left out as page furniture; returns them as notes for the output.

    Args:
        dropped: the lines the first pass left out (page numbers, running lines, contents, a hosting site's words).
        cover_set_aside: what the cover set aside; its running headers are furniture too.
        reporter: where the warning goes.

    Returns:
        One note per dropped line, to be listed at the top of the output.
    """
    notes = [SetAside(line.number, line.text, str(line.debris)) for line in dropped]
    furniture = sorted(notes + [n for n in cover_set_aside if n.why == RUNNING_LINE], key=lambda n: n.line)
    if not furniture:
        return notes
    listed = "; ".join(f"line {n.line} {quote(n.text, 40)} ({n.why})" for n in furniture[:_LISTED])
    if len(furniture) > _LISTED:
        listed += f"; and {len(furniture) - _LISTED} more"
    reporter.report(
        furniture[0].line,
        f"{len(furniture)} line(s) were left out as page furniture, not the district's text: {listed}; they are "
        "listed as comments at the top of the output: check that none is the district's text, and copy any that is "
        "where it belongs",
    )
    return notes


def report_hyphen_joins(item: Item, reporter: Reporter) -> None:
    """A warning for each word joined across a line-break hyphen ("on-" + "line." is "on-line.")."""
    for line, word in item.hyphen_joins():
        reporter.report(
            line,
            f'"{word}" was joined across a line break that follows a hyphen; the hyphen is kept as printed: check '
            f"that the district's original writes \"{word}\" with a hyphen, or write it as one word",
        )


def report_indented_lists(tokens: Tokens, reporter: Reporter) -> None:
    """A warning per list that was numbered by its indentation, naming the numbers it was given."""
    for found in tokens.indented_lists:
        indexes = sorted(found.numbers)
        first, last = tokens.lines[indexes[0]].number, tokens.lines[indexes[-1]].number
        renumbered = [i for i in indexes if found.numbers[i] != found.printed[i].rstrip(".)")]
        examples = ", ".join(
            f'line {tokens.lines[i].number} "{found.printed[i]}" as {found.numbers[i]}' for i in renumbered[:4]
        )
        more = f" and {len(renumbered) - 4} more" if len(renumbered) > 4 else ""
        reporter.report(
            tokens.lines[renumbered[0]].number if renumbered else first,
            f"lines {first}-{last} are a list that numbers each indentation level from 1 again (automatic numbering "
            f"flattened to text); its items were numbered by their indentation ({examples}{more}): the district's "
            "original may print other numbers: write each number as the original prints it",
        )

"""How ``policy import`` tells a person what to look at: one problem per finding, with its input line.

Every part of the importer (the assembler, the numbering, the definitions)
reports through one :class:`Reporter`, so the messages for text that cannot
be placed or is cut off read the same wherever they arise.
"""

from __future__ import annotations

from ..common.problems import Location, Problem


def quote(text: str, limit: int = 60) -> str:
    """``text`` in quotes for a message, shortened at a word to about ``limit`` characters.

    Args:
        text: the text to quote.
        limit: roughly how many characters to keep.

    Returns:
        The quoted text, ending in "…" when it was shortened.
    """
    if len(text) <= limit:
        return f'"{text}"'
    return '"' + text[:limit].rsplit(" ", 1)[0] + '…"'


def quote_end(text: str, limit: int = 40) -> str:
    """The last words of ``text`` in quotes: where a cut-off passage stops.

    Args:
        text: the text to quote.
        limit: roughly how many characters to keep from the end.

    Returns:
        The quoted text, starting with "…" when it was shortened.
    """
    if len(text) <= limit:
        return f'"{text}"'
    return '"…' + text[-limit:].split(" ", 1)[-1] + '"'


class Reporter:
    """The problems found in one input file, and the text that could not be placed.

    Attributes:
        source_name: the input's path as the person typed it, for messages.
        problems: one warning per finding, in the order found.
        unplaced: (line, text) of everything kept as a comment at the top of the output.
    """

    def __init__(self, source_name: str):
        self.source_name = source_name
        self.problems: list[Problem] = []
        self.unplaced: list[tuple[int, str]] = []

    def report(self, line: int, message: str) -> None:
        """Record a warning about ``line`` of the input.

        Args:
            line: the line of the input the message is about.
            message: what is wrong and what to do about it.
        """
        self.problems.append(Problem(Location(self.source_name, line, 1), message, "warning"))

    def unplace(self, line: int, text: str) -> None:
        """Keep ``text`` as a comment in the output and say so: text is never dropped silently.

        Args:
            line: where the text starts in the input.
            text: the text that fits nowhere in the skeleton.
        """
        self.unplaced.append((line, text))
        self.report(
            line,
            f"{quote(text)} could not be placed (it is not metadata, a section title, background, a definition "
            "or a clause); it is kept as a comment at the top of the output: move it where it belongs, or delete "
            "the comment",
        )

    def cut_off(self, comments: list[str], line: int, what: str, text: str) -> None:
        """Mark text that ends mid-sentence with a TODO comment, and say so.

        Args:
            comments: the comments of the entry that holds the text; a TODO is added.
            line: where the text starts in the input.
            what: the entry, as a message names it (e.g. "clause 1.2").
            text: the text that seems cut off.
        """
        comments.append(f"TODO: this text seems cut off (line {line} of the source); compare it with the original")
        self.report(
            line,
            f"{what} ends mid-sentence ({quote_end(text)}); kept as written with a TODO comment: compare it "
            "with the district's original and add the rest if it is there",
        )

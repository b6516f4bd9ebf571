"""Nested lists whose numbering starts again at "1." on each level, as HTML and Word auto-numbering flatten to text.

::

    Procedures
      1. Use of Accounts:
        1. Staff may open a class account with the principal's approval.
        2. Staff must not ...
      2. Records

Only the indentation tells the levels apart, so the items are numbered by it
(1, 1.1, 1.2, 2) with the printed number kept at each level (a skipped number
still shows as a gap). The district's original may print other numbers (1.2,
"a.", "(i)"), so every such list is reported with its lines for a person to
check. A list whose levels are not shown by indentation is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from .export_reader import ExportLine
from .wording import finished

# "1. Use of Accounts", "2) Staff must …": one number, as a list writes it (never "1.1").
_LIST_NUMBER = re.compile(r"(\d{1,2})[.)]\s+\S.*")
_DOTTED_NUMBER = re.compile(r"\d+(?:\.\d+)+[.)]?(?:\s|$)")


@dataclass
class IndentedList:
    """One list numbered by indentation: the numbers given to its items, by index into the export's lines."""

    numbers: dict[int, str] = field(default_factory=dict)
    printed: dict[int, str] = field(default_factory=dict)


def number_by_indentation(lines: list[ExportLine]) -> list[IndentedList]:
    """The lists of ``lines`` that restart at "1." on a deeper level, each item numbered by its level.

    Args:
        lines: the export's lines, with their indentation.

    Returns:
        One :class:`IndentedList` per such list, in document order.
    """
    lists = []
    for items in _candidate_lists(lines):
        if _restarts_deeper(lines, items):
            lists.append(_numbered(lines, items))
    return lists


def _candidate_lists(lines: list[ExportLine]) -> list[list[int]]:
    """Runs of one-number items ("1.", "2)") with the lines that continue them between."""
    runs: list[list[int]] = []
    current: list[int] = []
    previous_text = ""
    for index, line in enumerate(lines):
        if line.debris or not line.text:
            continue
        if _LIST_NUMBER.fullmatch(line.text):
            current.append(index)
        elif current and not _DOTTED_NUMBER.match(line.text) and (
            line.indent > min(lines[i].indent for i in current) or not finished(previous_text)
        ):
            pass  # a wrapped line of the item above
        elif current:
            runs.append(current)
            current = []
        previous_text = line.text
    if current:
        runs.append(current)
    return runs


def _restarts_deeper(lines: list[ExportLine], items: list[int]) -> bool:
    """True when some item more indented than the one before it is numbered 1 again."""
    for above, below in pairwise(items):
        if lines[below].indent > lines[above].indent and _printed_number(lines[below]) == 1:
            return True
    return False


def _printed_number(line: ExportLine) -> int:
    return int(_LIST_NUMBER.fullmatch(line.text)[1])


def _numbered(lines: list[ExportLine], items: list[int]) -> IndentedList:
    """Number each item by its level: the printed numbers of its ancestors and its own, joined by dots."""
    numbered = IndentedList()
    indents: list[int] = []  # the indentation of each open level, outermost first
    path: list[int] = []  # the printed number at each open level
    for index in items:
        indent, printed = lines[index].indent, _printed_number(lines[index])
        while indents and indent < indents[-1]:
            indents.pop()
            path.pop()
        if indents and indent == indents[-1]:
            path[-1] = printed
        else:
            indents.append(indent)
            path.append(printed)
        numbered.numbers[index] = ".".join(str(n) for n in path)
        numbered.printed[index] = lines[index].text.split()[0]
    return numbered

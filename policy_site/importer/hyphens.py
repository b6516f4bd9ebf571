"""Words hyphenated across a line break ("on-" at the end of one line, "line." on the next).

A line-break hyphen is ambiguous: the original may spell "on-line" with a
hyphen, or "online" broken by the word processor. The importer keeps the
district's characters: it drops the line break and keeps the hyphen
("on-line"), never writes "on- line" and never invents "online", and it
reports each join with its line so that a person can confirm it against the
original.
"""

from __future__ import annotations

import re
from itertools import pairwise

# A word that ends in a hyphen (ASCII or U+2010): "on-", "self-"; never a dash standing alone (" – ").
_ENDS_IN_HYPHEN = re.compile(r"[^\W\d_][-\u2010]$")
# What the next line starts with: a letter, or a digit ("K-" / "12" is "K-12").
_STARTS_WORD = re.compile(r"[^\W_]")
# "pre- and post-session", "full- or part-time": the hyphen is the district's and the space is too.
_SUSPENDED_HYPHEN_NEXT = {"and", "or", "to", "nor"}


def joins_without_space(before: str, after: str) -> bool:
    """True when ``before`` ends a line with a word hyphenated onto ``after``, the next line."""
    if not _ENDS_IN_HYPHEN.search(before) or not _STARTS_WORD.match(after):
        return False
    next_word = after.split(maxsplit=1)[0].lower()
    return next_word not in _SUSPENDED_HYPHEN_NEXT


def join_lines(pieces: list[str]) -> str:
    """The lines of one item as one text: single spaces, and line-break hyphens joined as "on-line"."""
    text = ""
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        if text and not joins_without_space(text, piece):
            text += " "
        text += piece
    return text


def hyphen_joins(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line, word) for each word joined across a line break, e.g. ``(12, "on-line")``; line is the first line."""
    joins = []
    for (line, before), (_, after) in pairwise(pieces):
        before, after = before.strip(), after.strip()
        if before and after and joins_without_space(before, after):
            joins.append((line, (before.split()[-1] + after.split()[0]).rstrip(".,;:!?)]\"'’”")))
    return joins

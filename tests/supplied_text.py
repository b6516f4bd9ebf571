"""Split the district's supplied document into the passages a reader must find.

Kept separate from the tests so the same rule serves the site page test and,
later, the PDF test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_LIST_MARKER = re.compile(r"^-\s*")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s+|$)(.*)$")
# Split after a full stop followed by a capital: over-splitting ("B.C. FOIPPA")
# is harmless because the pieces are searched for in order.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class Passage:
    text: str
    is_heading_in_capitals: bool  # typeset in capitals in the source; compared case-insensitively

    def find_in(self, haystack: str, start: int) -> int:
        if self.is_heading_in_capitals:
            return haystack.lower().find(self.text.lower(), start)
        return haystack.find(self.text, start)


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def supplied_passages(path: Path) -> list[Passage]:
    """Every clause number, heading and sentence of the supplied document, in order."""
    passages: list[Passage] = []
    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = _LIST_MARKER.sub("", raw_line.strip())
        if not line:
            continue
        numbered = _NUMBERED.match(line)
        if numbered:
            passages.append(Passage(numbered.group(1), False))
            line = numbered.group(2)
        for sentence in _SENTENCE_END.split(line):
            sentence = normalise_space(sentence)
            if sentence:
                passages.append(Passage(sentence, sentence.isupper()))
    return passages


def first_missing_passage(passages: list[Passage], text: str) -> tuple[Passage, str] | None:
    """The first passage not found in ``text`` after the previous one, with context; None if all are there."""
    text = normalise_space(text)
    cursor = 0
    for passage in passages:
        found = passage.find_in(text, cursor)
        if found < 0:
            return passage, text[cursor : cursor + 200]
        cursor = found + len(passage.text)
    return None

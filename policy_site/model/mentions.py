"""Mentions of procedures in the district's text: "Administrative Procedure 140",
"AP 160", "Appendix A", "Administrative Procedure 140, Appendix B".

Found here once, so the pages (which link a mention to the procedure when the
manual publishes it) and ``policy check`` (which lists the mentions it could
not resolve) agree on what a mention is. The text itself is never changed: a
mention is a span of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MENTION = re.compile(
    r"\b(?:Administrative\s+Procedure|AP)\s+(?P<number>\d{1,5})"
    r"(?:(?:\s*[,–-]\s*|\s+)Appendix\s+(?P<appendix>[A-Z])\b)?"
    r"|\bAppendix\s+(?P<own_appendix>[A-Z])\b"
)


@dataclass(frozen=True)
class Mention:
    """``text[start:end]`` names procedure ``number`` (and ``appendix``, if any)."""

    start: int
    end: int
    number: str
    appendix: str | None


def find_mentions(text: str, own_number: str) -> list[Mention]:
    """The mentions in ``text``, in order. A bare "Appendix A" means an appendix
    of the procedure the text belongs to (``own_number``), as the district writes it."""
    found = []
    for match in _MENTION.finditer(text):
        if match["number"]:
            found.append(Mention(match.start(), match.end(), match["number"], match["appendix"]))
        else:
            found.append(Mention(match.start(), match.end(), own_number, match["own_appendix"]))
    return found

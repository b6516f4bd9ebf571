"""Clause numbers as the district writes them: the one parser every stage uses.

``1.10.2`` is section 1, clause 10, sub-clause 2; ``1.2(a)`` is lettered
sub-clause a of clause 1.2; ``2`` is a clause numbered at the top level, as
some districts number sentences ("2. Staff must keep records."), and belongs
to section 2. The HTML anchor derived here is public (links in the wild point
at it), so its form must never change.
"""

from __future__ import annotations

import re

# Dotted digits, optionally ending in one lettered sub-clause: "1.9", "1.10.2",
# "1.2(a)"; or a top-level number alone: "2" (but not "2(a)").
CLAUSE_NUMBER_PATTERN = r"\d+(?:(?:\.\d+)+(?:\([a-z]\))?)?"
_PARTS = re.compile(r"\d+|[a-z]")


def clause_number_parts(number: str) -> list[str]:
    """``1.10.2`` -> ``["1", "10", "2"]``; ``1.2(a)`` -> ``["1", "2", "a"]``."""
    return _PARTS.findall(number)


def clause_anchor(number: str) -> str:
    """The stable HTML id of a clause: ``1.10.2`` -> ``clause-1-10-2``, ``1.2(a)`` -> ``clause-1-2-a``.

    Never change this: published links point at these ids.
    """
    return "clause-" + "-".join(clause_number_parts(number))


def clause_sort_key(number: str) -> tuple[int, ...]:
    """A key that orders clause numbers as the district does: 1.2 < 1.2.1 < 1.2(a) < 1.3 < 1.10.

    Each part becomes a pair (0, value) for digits or (1, letter) for a lettered
    sub-clause, so numbers and letters never need comparing with each other.
    Section numbers ("2") sort the same way.
    """
    key: list[int] = []
    for part in clause_number_parts(number):
        key.extend((0, int(part)) if part.isdigit() else (1, ord(part)))
    return tuple(key)


def section_of(number: str) -> str:
    """The section a clause belongs to: ``1.10.2`` -> ``1``."""
    return clause_number_parts(number)[0]


def parent_of(number: str) -> str | None:
    """``1.10`` for ``1.10.2``, ``1.2`` for ``1.2(a)``; None for a top-level clause like ``1.9``."""
    if number.endswith(")"):
        return number[: number.rindex("(")]
    parent = number.rsplit(".", 1)[0]
    return parent if "." in parent else None


def clause_depth(number: str) -> int:
    """1 for ``2`` (numbered at the top level), 2 for ``1.9``, 3 for ``1.10.2`` and ``1.2(a)``."""
    return len(clause_number_parts(number))

"""Where a roman-numbered sub-item ("i.", "(ii)") goes: a clause number cannot hold a roman numeral.

A clause number is dotted digits, optionally ending in one lettered level
("1.2(a)", see quiz.clause_numbers). So the items of a roman list under
clause 1.2 become a further dotted level (1.2.1, 1.2.2), keeping each item's
position; where the district itself numbers sub-clauses of 1.2 with dots,
they take the lettered level instead (1.2(a), 1.2(b)); under a lettered
sub-clause neither is possible, and they stay in its text with their numerals.
Every choice is reported, because the site will show a number the district
did not print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RomanPlace:
    """The clause number a roman item gets, and how its list is counted for gaps.

    Attributes:
        number: the clause number, e.g. "1.2.2".
        counter: the key its siblings are counted under (the parent, or the parent's letters).
        name: turns a position in the list into a clause number, for gap notes.
        level: how the number was made, for the message.
    """

    number: str
    parent: str
    counter: str
    name: Callable[[int], str]
    level: str

    def message(self, marker: str) -> str:
        """The warning for the person: what the item became and why."""
        return (
            f'sub-item "{marker}" of clause {self.parent} is written as clause {self.number}, {self.level} (a clause '
            f"number cannot hold a roman numeral): write the number the site should show, or keep {self.number}"
        )


def roman_place(parent: str | None, position: int, *, dotted_taken: bool, lettered_taken: bool) -> RomanPlace | None:
    """The place of the roman item at ``position`` under clause ``parent``; None when no clause number can hold it.

    Args:
        parent: the clause the list hangs from; None when there is none.
        position: the numeral's value (2 for "ii").
        dotted_taken: the district numbers sub-clauses of ``parent`` with dots.
        lettered_taken: the district numbers sub-clauses of ``parent`` with letters.
    """
    if parent is None or parent.endswith(")"):
        return None
    if not dotted_taken:
        return RomanPlace(f"{parent}.{position}", parent, parent, _dotted(parent), "a further dotted level")
    if not lettered_taken:
        level = (
            f"the lettered level, because the district numbers sub-clauses of {parent} with dots "
            "(`policy check` will flag the order if they follow)"
        )
        return RomanPlace(lettered_number(parent, position), parent, parent + "()", _lettered(parent), level)
    return None


def kept_in_parent_message(marker: str, parent: str) -> str:
    """The warning for a roman item that stays in its parent's text."""
    return (
        f'sub-item "{marker}" of clause {parent} cannot be a clause of its own (a clause number cannot go deeper '
        f"than a lettered sub-clause such as {parent}); it was kept in the text of clause {parent}, with its "
        "numeral: check it, or write the sub-items as the site should show them"
    )


def lettered_number(lead_in: str, position: int) -> str:
    """The number of the sub-clause at ``position`` under ``lead_in``: ``1.2(b)`` for ("1.2", 2)."""
    return f"{lead_in}({chr(ord('a') + position - 1)})"


def _dotted(parent: str) -> Callable[[int], str]:
    return lambda position: f"{parent}.{position}"


def _lettered(parent: str) -> Callable[[int], str]:
    return lambda position: lettered_number(parent, position)

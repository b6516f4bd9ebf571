"""The scenario checker's facts and worked examples, as typed frozen objects.

A fact is the engine's own type (``quiz.bundle.Fact``: its ``asked_when`` is a
condition as the engine evaluates it) plus where it was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz import bundle as engine

from ..common.problems import NOWHERE, Location

FactValue = engine.FactValue


@dataclass(frozen=True)
class Fact(engine.Fact):
    location: Location = field(default=NOWHERE, compare=False)

    @property
    def possible_answers(self) -> tuple:
        """Every answer the fact can have (for checking that a condition can be true)."""
        return (True, False) if self.is_yes_no else self.value_names


@dataclass(frozen=True)
class Example:
    """A worked scenario: answers, and the verdict and clauses the checker must give."""

    name: str
    facts: dict = field(hash=False)  # fact name -> "yes"/"no" or a value, as in a link
    verdict: str = ""
    cites: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    unaddressed: tuple[str, ...] = ()
    location: Location = field(default=NOWHERE, compare=False)

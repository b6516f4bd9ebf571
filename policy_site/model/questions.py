"""The self-assessment question bank, as typed frozen objects.

A question is the engine's own type (``quiz.bundle.Question``) plus where it
was written, so a problem found after loading can point at its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz import bundle as engine

from ..common.problems import NOWHERE, Location

Choice = engine.Choice
QUESTION_TYPES = ("single", "multiple", "true_false", "situation")
# Clause kinds that ask something of staff: each needs at least one question.
TESTED_KINDS = ("must", "must_not", "should")
DEFAULT_PASS_MARK = 80


@dataclass(frozen=True)
class Question(engine.Question):
    location: Location = field(default=NOWHERE, compare=False)

    @property
    def takes_several_answers(self) -> bool:
        return self.type == "multiple"


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]
    pass_mark: int = DEFAULT_PASS_MARK

    def citing(self, number: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if number in q.cites)

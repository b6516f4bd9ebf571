"""Everything one procedure folder holds, loaded: the one input of that procedure's outputs.

``questions`` is empty for a procedure without ``questions.yaml`` (reading
only: no self-assessment); ``facts`` is empty without ``facts.yaml`` (no checker).
"""

from __future__ import annotations

from dataclasses import dataclass

from .policy import Policy
from .questions import QuestionBank
from .scenario import Example, Fact


@dataclass(frozen=True)
class Content:
    policy: Policy
    questions: QuestionBank
    facts: tuple[Fact, ...] = ()
    examples: tuple[Example, ...] = ()

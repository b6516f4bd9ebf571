"""Everything one ``policy_src/`` folder holds, loaded: the one input of every output."""

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

"""Warnings for policy staff: things that are allowed but worth a look.

They never stop a build. ``policy check`` prints them after the errors.
"""

from __future__ import annotations

from ..common.problems import ProblemLog
from ..model.content import Content
from .claims import check_claims

TODO_MARK = "TODO"


def add_warnings(content: Content, log: ProblemLog) -> None:
    """Gaps in the supplied text, clauses nothing tests or checks, unfinished scaffolds, unchecked claims."""
    policy = content.policy
    for gap in policy.gaps:
        log.warning(gap.location, f"the supplied document is incomplete here: {gap.note}")
    for clause in policy.clauses:
        if clause.text is None:
            continue
        if not content.questions.citing(clause.number):
            log.warning(clause.location, f"clause {clause.number} ({clause.kind_label}) has no self-assessment question")
        if not clause.scenario:
            log.warning(clause.location, f"clause {clause.number} has no scenario rule, so the checker never cites it")
    for question in content.questions.questions:
        texts = [question.prompt, question.explanation, question.situation or ""] + [c.text for c in question.choices]
        if any(TODO_MARK in text for text in texts):
            log.warning(question.location, f'question "{question.id}" still has {TODO_MARK} text from `policy new-question`; finish it')
    check_claims(content, log)

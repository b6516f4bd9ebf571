"""Warnings for policy staff: things that are allowed but worth a look.

They never stop a build. ``policy check`` prints them after the errors.
"""

from __future__ import annotations

from ..common.problems import NOWHERE, ProblemLog
from ..model.content import Content
from ..model.manual import Manual
from ..model.mentions import find_mentions
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
        if content.questions.questions and not content.questions.citing(clause.number):
            log.warning(clause.location, f"clause {clause.number} ({clause.kind_label}) has no self-assessment question")
        if content.facts and not clause.scenario:
            log.warning(clause.location, f"clause {clause.number} has no scenario rule, so the checker never cites it")
    for question in content.questions.questions:
        texts = [question.prompt, question.explanation, question.situation or ""] + [c.text for c in question.choices]
        if any(TODO_MARK in text for text in texts):
            log.warning(question.location, f'question "{question.id}" still has {TODO_MARK} text from `policy new-question`; finish it')
    check_claims(content, log)


def add_manual_warnings(manual: Manual, log: ProblemLog, whole: bool = True) -> None:
    """Every procedure's warnings, and each mention of a procedure the manual does not publish.

    whole: False for a manual read in part (read_manual's ``only``), which
        leaves out mentions: the procedures they name may be in the folders not read.
    """
    for procedure in manual.procedures:
        add_warnings(procedure.content, log)
        if not whole:
            continue
        policy = procedure.content.policy
        texts = [(clause.location, f"clause {clause.number}", clause.text or "") for clause in policy.clauses]
        # Background paragraphs are kept as read, with their line (shapes.LocatedStr).
        texts += [(getattr(paragraph, "location", NOWHERE), "the background", paragraph) for paragraph in policy.background]
        for where, what, text in texts:
            for mention in find_mentions(text, policy.metadata.procedure):
                if (mention.number, mention.appendix) not in manual.by_designation:
                    log.warning(
                        where,
                        f'{what} mentions "{text[mention.start:mention.end]}", which is not in this manual, '
                        f"so it is not linked; add that procedure to link it",
                    )

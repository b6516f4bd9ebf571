"""A re-assessment of only what changed, for staff who passed an earlier version.

A stored pass names the text it was made against by its fingerprint. The
bundle lists the released versions with the clauses whose wording or kind
changed since each (numbered as they are now); the re-assessment is every
question that cites one of them, with the same pass mark.
"""

from __future__ import annotations

from typing import Any

from .bundle import Bundle
from .errors import EngineError
from .json_input import text
from .limits import MAX_QUESTIONS, at_most


def reassessment_plan(bundle: Bundle, fingerprint: Any) -> dict:
    """What to offer someone who passed the version with ``fingerprint``.

    Returns ``{"status": ...}`` with status
      - ``"current"``: the pass was for this very text; nothing to re-assess;
      - ``"unknown"``: no recorded version has that text; offer the full assessment;
      - ``"changed"``: ``from``/``to`` (version labels), ``changed`` (clause
        numbers) and ``questions`` (ids, in the bank's order) to re-assess;
      - ``"no_questions"``: as "changed", but no changed clause has a question,
        so only the full assessment can be offered.
    """
    fingerprint = text(fingerprint, "fingerprint")
    if fingerprint == bundle.fingerprint:
        return {"status": "current"}
    version = next((v for v in bundle.versions if v.fingerprint == fingerprint), None)
    if version is None:
        return {"status": "unknown"}
    changed = set(version.changed_since)
    questions = [q.id for q in bundle.questions if changed.intersection(q.cites)]
    return {
        "status": "changed" if questions else "no_questions",
        "from": version.label,
        "to": bundle.version,
        "changed": list(version.changed_since),
        "questions": questions,
        "pass_mark": bundle.pass_mark,
    }


def only_questions(bundle: Bundle, ids: Any) -> list[str]:
    """The question ids a restricted attempt may use, checked: a non-empty list of known, distinct ids."""
    if not isinstance(ids, list) or not ids:
        raise EngineError("only must be a non-empty list of question ids")
    at_most(ids, MAX_QUESTIONS, "only")
    for question_id in ids:
        bundle.question(text(question_id, "only[]"))
    if len(set(ids)) != len(ids):
        raise EngineError("only lists a question twice")
    return ids

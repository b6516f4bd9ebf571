"""Grading an attempt and explaining every answer from the cited clauses.

The attempt and answers come back from the browser, so they are checked as
they arrive, and the work is linear in their size: a lookup per question, no
searching of lists inside loops.
"""

from __future__ import annotations

from typing import Any

from .attempt import attempt_question_ids
from .bundle import Bundle, Question
from .errors import EngineError
from .json_input import percent
from .limits import MAX_QUESTIONS, at_most


def grade_attempt(bundle: Bundle, attempt: Any, answers: Any, pass_mark: Any = None) -> dict:
    """Grade ``answers`` for the questions of ``attempt``.

    Args:
        bundle: the policy bundle.
        attempt: as returned by ``make_attempt`` (only the question ids are used).
        answers: question id -> list of chosen choice ids (a question left out
            is "not answered" and counts as wrong).
        pass_mark: percent needed to pass; default the bundle's.

    Returns:
        Score, pass or fail, a breakdown by section, and for every question
        whether it was right, the feedback on each chosen answer, the
        explanation and the cited clauses (verbatim, with links). Also the
        clauses to review: those cited by questions answered wrongly.
    """
    pass_mark = bundle.pass_mark if pass_mark is None else percent(pass_mark, "pass_mark")
    question_ids = attempt_question_ids(attempt)
    if not isinstance(answers, dict):
        raise EngineError("answers must map question ids to lists of choice ids")
    at_most(answers, MAX_QUESTIONS, "answers")
    if not all(isinstance(qid, str) for qid in answers):  # JSON keys are; a Python caller's may not be
        raise EngineError("answers must map question ids to lists of choice ids")
    unknown = sorted(set(answers) - set(question_ids))
    if unknown:
        raise EngineError(f"answers name questions that are not in this attempt: {', '.join(unknown)}")

    results = [_grade_question(bundle, bundle.question(qid), answers.get(qid, [])) for qid in question_ids]
    correct = sum(r["correct"] for r in results)
    total = len(results)
    return {
        "score": correct,
        "total": total,
        "percent": round(100 * correct / total) if total else 0,
        "pass_mark": pass_mark,
        "passed": total > 0 and correct * 100 >= pass_mark * total,
        "by_section": _by_section(bundle, results),
        "results": results,
        "review": _clauses_to_review(bundle, results),
    }


def _grade_question(bundle: Bundle, question: Question, chosen) -> dict:
    if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
        raise EngineError(f"the answer to {question.id!r} must be a list of choice ids")
    known = {c.id for c in question.choices}
    strangers = [c for c in chosen if c not in known]
    if strangers:
        raise EngineError(f"question {question.id!r} has no choice {strangers[0]!r}")
    if question.type != "multiple" and len(chosen) > 1:
        raise EngineError(f"question {question.id!r} takes one answer, not {len(chosen)}")
    chosen_set = frozenset(chosen)
    return {
        "id": question.id,
        "section": question.section,
        "answered": bool(chosen),
        "correct": chosen_set == question.correct_ids,
        "chosen": [c.id for c in question.choices if c.id in chosen_set],
        "correct_choices": [c.id for c in question.choices if c.correct],
        "feedback": [
            {"choice": c.id, "text": c.text, "correct": c.correct, "feedback": c.feedback}
            for c in question.choices
            if c.id in chosen_set
        ],
        "explanation": question.explanation,
        "citations": [bundle.clauses[n].citation(bundle.procedure_url) for n in question.cites],
    }


def _by_section(bundle: Bundle, results: list[dict]) -> list[dict]:
    tally: dict[str, list[int]] = {}  # section -> [correct, total]
    for result in results:
        counts = tally.setdefault(result["section"], [0, 0])
        counts[0] += result["correct"]
        counts[1] += 1
    return [
        {"section": s.number, "title": s.title, "correct": tally[s.number][0], "total": tally[s.number][1]}
        for s in bundle.sections
        if s.number in tally
    ]


def _clauses_to_review(bundle: Bundle, results: list[dict]) -> list[dict]:
    """The clauses cited by wrong answers, each once, in the policy's order."""
    wrong = {c["number"] for result in results if not result["correct"] for c in result["citations"]}
    return [clause.citation(bundle.procedure_url) for number, clause in bundle.clauses.items() if number in wrong]

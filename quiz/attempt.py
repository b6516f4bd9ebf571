"""Making an attempt: which questions, in which order, with choices in which order.

Seeded, so the same seed gives the same attempt in CPython and in Pyodide
(``random.Random`` with an int seed is stable across Python versions).
An attempt goes to the browser and comes back to be graded, so reading one
back (``attempt_question_ids``) checks it like any other request.
"""

from __future__ import annotations

import random
from typing import Any

from .bundle import Bundle, Question
from .clause_numbers import clause_sort_key
from .errors import EngineError
from .json_input import all_different, an_object, is_whole_number, list_of, member, text
from .limits import MAX_QUESTIONS, at_most
from .reassessment import only_questions


def make_attempt(bundle: Bundle, seed: int, count: int | None = None, only: list[str] | None = None) -> dict:
    """Pick and order questions for one attempt.

    Args:
        bundle: the policy bundle.
        seed: any integer; the same seed gives the same attempt.
        count: how many questions (default: all). When fewer than all, every
            section that has questions still gets at least one.
        only: these questions and no others, in a seeded order (a
            re-assessment of what changed; see quiz.reassessment).

    Returns:
        ``{"seed": seed, "questions": [{"id": ..., "choices": [choice ids in order]}]}``
    """
    if not is_whole_number(seed):
        raise EngineError("seed must be an integer")
    if only is not None:
        if count is not None:
            raise EngineError("give count or only, not both")
        rng = random.Random(seed)
        chosen = [bundle.question(question_id) for question_id in only_questions(bundle, only)]
        rng.shuffle(chosen)
        return {"seed": seed, "questions": _ordered_choices(chosen, rng), "only": list(only)}
    total = len(bundle.questions)
    by_section: dict[str, list[Question]] = {}
    for question in bundle.questions:
        by_section.setdefault(question.section, []).append(question)
    sections = sorted(by_section, key=clause_sort_key)
    if count is None:
        count = total
    if not is_whole_number(count) or not len(sections) <= count <= total:
        raise EngineError(f"count must be a whole number from {len(sections)} (one per section) to {total}")

    # The same random calls on the same lists as ever, so a seed keeps giving the same attempt.
    rng = random.Random(seed)
    chosen: list[Question] = [rng.choice(by_section[section]) for section in sections]
    chosen_ids = {q.id for q in chosen}
    rest = [q for q in bundle.questions if q.id not in chosen_ids]
    chosen += rng.sample(rest, count - len(chosen))
    rng.shuffle(chosen)
    return {"seed": seed, "questions": _ordered_choices(chosen, rng)}


def _ordered_choices(chosen: list[Question], rng: random.Random) -> list[dict]:
    questions = []
    for question in chosen:
        choice_ids = [c.id for c in question.choices]
        if not question.keeps_choice_order:
            rng.shuffle(choice_ids)
        questions.append({"id": question.id, "choices": choice_ids})
    return questions


def attempt_question_ids(attempt: Any) -> list[str]:
    """The question ids of an attempt sent back to be graded, in order, checked.

    Raises:
        EngineError: if it is not an attempt, lists more than
            ``quiz.limits.MAX_QUESTIONS`` questions (refused before any is
            read), or an id is not text or is listed twice.
    """
    if not isinstance(attempt, dict) or not isinstance(attempt.get("questions"), list):
        raise EngineError("attempt must have a list of questions with ids")
    questions = attempt["questions"]
    at_most(questions, MAX_QUESTIONS, "attempt.questions")
    ids = list_of(questions, "attempt.questions", _question_id)
    all_different(ids, "attempt.questions[{}].id")
    return ids


def _question_id(item: Any, where: str) -> str:
    return member(an_object(item, where), "id", where, text)

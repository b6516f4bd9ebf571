"""Making an attempt: which questions, in which order, with choices in which order.

Seeded, so the same seed gives the same attempt in CPython and in Pyodide
(``random.Random`` with an int seed is stable across Python versions).
"""

from __future__ import annotations

import random

from .bundle import Bundle, Question
from .clause_numbers import clause_sort_key
from .errors import EngineError


def make_attempt(bundle: Bundle, seed: int, count: int | None = None) -> dict:
    """Pick and order questions for one attempt.

    Args:
        bundle: the policy bundle.
        seed: any integer; the same seed gives the same attempt.
        count: how many questions (default: all). When fewer than all, every
            section that has questions still gets at least one.

    Returns:
        ``{"seed": seed, "questions": [{"id": ..., "choices": [choice ids in order]}]}``
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise EngineError("seed must be an integer")
    total = len(bundle.questions)
    sections = sorted({q.section for q in bundle.questions}, key=clause_sort_key)
    if count is None:
        count = total
    if not isinstance(count, int) or isinstance(count, bool) or not len(sections) <= count <= total:
        raise EngineError(f"count must be a whole number from {len(sections)} (one per section) to {total}")

    rng = random.Random(seed)
    chosen: list[Question] = []
    for section in sections:
        chosen.append(rng.choice([q for q in bundle.questions if q.section == section]))
    rest = [q for q in bundle.questions if q not in chosen]
    chosen += rng.sample(rest, count - len(chosen))
    rng.shuffle(chosen)

    questions = []
    for question in chosen:
        choice_ids = [c.id for c in question.choices]
        if not question.keeps_choice_order:
            rng.shuffle(choice_ids)
        questions.append({"id": question.id, "choices": choice_ids})
    return {"seed": seed, "questions": questions}


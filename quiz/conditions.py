"""Evaluating declarative conditions over facts, with "not answered yet".

Three-valued: a condition is True, False, or None when it depends on a fact
that has no answer yet. ``all`` is False as soon as one part is False, ``any``
True as soon as one part is True, so a missing answer only matters when it
could change the outcome.

A condition is JSON, one of::

    {"fact": NAME, "is": true/false or VALUE}
    {"fact": NAME, "in": [VALUE, ...]}
    {"all": [CONDITION, ...]}   {"any": [CONDITION, ...]}   {"not": CONDITION}

``read_condition`` checks that shape where a condition enters the engine (the
bundle), so the functions here can rely on it.
"""

from __future__ import annotations

from typing import Any

from .errors import EngineError
from .json_input import described, list_of, text

_FORMS = ({"fact", "is"}, {"fact", "in"}, {"all"}, {"any"}, {"not"})


def read_condition(raw: Any, where: str) -> dict:
    """Check that ``raw`` is a condition (see above) and return it.

    Recursive, one call per level: the depth is bounded by the request's
    (``quiz.limits.MAX_JSON_DEPTH``).

    Raises:
        EngineError: naming the place (``where``) of the first part that is not.
    """
    if not isinstance(raw, dict) or set(raw) not in _FORMS:
        has = f"it has {', '.join(map(str, raw)) or 'nothing'}" if isinstance(raw, dict) else f"it is {described(raw)}"
        raise EngineError(f"{where} must be a condition, one of {{fact, is}}, {{fact, in}}, {{all}}, {{any}} or {{not}}; {has}")
    if "fact" in raw:
        text(raw["fact"], f"{where}.fact")
        if "in" in raw:
            list_of(raw["in"], f"{where}.in", text)
        elif not isinstance(raw["is"], (bool, str)):
            raise EngineError(f"{where}.is must be true, false or text, not {described(raw['is'])}")
    elif "not" in raw:
        read_condition(raw["not"], f"{where}.not")
    else:
        form = "all" if "all" in raw else "any"
        list_of(raw[form], f"{where}.{form}", read_condition)
    return raw


def evaluate(condition: dict, answers: dict):
    """True, False, or None (undecided without more answers)."""
    if "all" in condition:
        results = [evaluate(part, answers) for part in condition["all"]]
        if False in results:
            return False
        return True if all(r is True for r in results) else None
    if "any" in condition:
        results = [evaluate(part, answers) for part in condition["any"]]
        if True in results:
            return True
        return False if all(r is False for r in results) else None
    if "not" in condition:
        inner = evaluate(condition["not"], answers)
        return None if inner is None else not inner
    value = answers.get(condition["fact"])
    if value is None:
        return None
    if "is" in condition:
        return value == condition["is"]
    return value in condition["in"]


def referenced_facts(condition: dict) -> set[str]:
    """Every fact name the condition mentions."""
    if "fact" in condition:
        return {condition["fact"]}
    if "not" in condition:
        return referenced_facts(condition["not"])
    parts = condition.get("all") or condition.get("any") or []
    return set().union(*(referenced_facts(part) for part in parts)) if parts else set()


def deciding_facts(condition: dict, answers: dict) -> list[str]:
    """The facts whose answers made a true condition true (for "why this applies")."""
    if "fact" in condition:
        return [condition["fact"]]
    if "not" in condition:
        # A true "not" is a false inner condition, which may have unanswered
        # parts (an "all" with one part false): only answers are reasons.
        return sorted(name for name in referenced_facts(condition["not"]) if answers.get(name) is not None)
    if "all" in condition:
        parts = condition["all"]
    else:
        # Every true part is a reason: with two true answers, both were decided on.
        parts = [part for part in condition["any"] if evaluate(part, answers) is True]
    found: dict[str, None] = {}  # in order, each once, without a quadratic search
    for part in parts:
        found.update(dict.fromkeys(deciding_facts(part, answers)))
    return list(found)


def undecided_facts(condition: dict, answers: dict) -> set[str]:
    """Unanswered facts in an undecided condition: the questions that could settle it."""
    return {name for name in referenced_facts(condition) if answers.get(name) is None}

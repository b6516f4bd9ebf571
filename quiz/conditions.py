"""Evaluating declarative conditions over facts, with "not answered yet".

Three-valued: a condition is True, False, or None when it depends on a fact
that has no answer yet. ``all`` is False as soon as one part is False, ``any``
True as soon as one part is True, so a missing answer only matters when it
could change the outcome.
"""

from __future__ import annotations


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
        return sorted(referenced_facts(condition["not"]))
    if "all" in condition:
        parts = condition["all"]
    else:
        parts = [part for part in condition["any"] if evaluate(part, answers) is True][:1]
    found: list[str] = []
    for part in parts:
        found += [name for name in deciding_facts(part, answers) if name not in found]
    return found


def undecided_facts(condition: dict, answers: dict) -> set[str]:
    """Unanswered facts in an undecided condition: the questions that could settle it."""
    return {name for name in referenced_facts(condition) if answers.get(name) is None}

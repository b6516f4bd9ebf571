"""Requests to the engine shared by the CPython and Pyodide tests, so both
runtimes answer exactly the same questions."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import APPENDIX_C
from policy_site.load.source_folder import load_content
from policy_site.engine_assets.bundle import make_bundle

ROOT = Path(__file__).resolve().parent.parent


def real_content():
    return load_content(APPENDIX_C)


def real_bundle() -> dict:
    return make_bundle(real_content(), "../procedure/").to_json()


def right_answers(bundle: dict) -> dict[str, list[str]]:
    return {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in bundle["questions"]}


def wrong_answers(bundle: dict) -> dict[str, list[str]]:
    return {q["id"]: [next(c["id"] for c in q["choices"] if not c["correct"])] for q in bundle["questions"]}


def request_sequence(bundle: dict) -> list[str]:
    """A session: load, several attempts, grading right, wrong, partial and bad input."""
    all_ids = [{"id": q["id"]} for q in bundle["questions"]]
    attempt = {"seed": 0, "questions": all_ids}
    right, wrong = right_answers(bundle), wrong_answers(bundle)
    half = {qid: (right if i % 2 else wrong)[qid] for i, qid in enumerate(right)}
    requests = [
        {"op": "load", "bundle": bundle},
        {"op": "make_attempt", "seed": 1},
        {"op": "make_attempt", "seed": 2024, "count": 5},
        {"op": "make_attempt", "seed": 7, "count": 2},
        {"op": "grade", "attempt": attempt, "answers": right},
        {"op": "grade", "attempt": attempt, "answers": wrong},
        {"op": "grade", "attempt": attempt, "answers": half, "pass_mark": 50},
        {"op": "grade", "attempt": attempt, "answers": {}},
        {"op": "grade", "attempt": attempt, "answers": {"no-such-question": ["a"]}},
        {"op": "make_attempt", "seed": "x"},
        {"op": "explode"},
        {"op": "check_scenario", "facts": {"acount": "personal"}},
    ]
    # Every worked example, so the examples run in Pyodide as well as in CPython.
    requests += [{"op": "check_scenario", "facts": example.facts} for example in real_content().examples]
    # A re-assessment after a pass of an earlier version whose clauses 1.8 and
    # 2.3 changed since; then one of this very text, and of an unknown text.
    earlier = {"label": "Earlier", "fingerprint": "earlier-text", "changed_since": ["1.8", "2.3"]}
    requests += [
        {"op": "load", "bundle": {**bundle, "versions": [earlier]}},
        {"op": "reassessment", "fingerprint": "earlier-text"},
        {"op": "make_attempt", "seed": 11, "only": [q["id"] for q in bundle["questions"] if {"1.8", "2.3"} & set(q["cites"])]},
        {"op": "reassessment", "fingerprint": bundle["policy"]["fingerprint"]},
        {"op": "reassessment", "fingerprint": "never-recorded"},
        {"op": "make_attempt", "seed": 11, "only": []},
    ]
    return [json.dumps(r) for r in requests] + ["not json"]

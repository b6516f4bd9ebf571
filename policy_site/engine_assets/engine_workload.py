"""The requests the engine answers while the build records what it imports.

The site ships only the standard-library modules Pyodide loads during this
workload (``stdlib_cut.py``), so it takes every path the engine can take in
a reader's browser: the session the pages run (the bundle loaded, attempts
made, answers graded right, wrong, partly and not at all, every worked
example checked) and a request for each error the engine can answer with
(a request, bundle, attempt, answer or fact of the wrong shape, or over one
of its limits). ``tests/test_stdlib_cut.py`` checks that it reaches every
``raise`` in ``quiz/`` and every line the tests' own request sequence does.

A request is a JSON string, as the browser sends it; any other value in the
workload is handed to the engine as that value (only a Python caller can
send one, and the engine must refuse it).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from typing import Any

from quiz.clause_numbers import section_of
from quiz.limits import MAX_JSON_DEPTH, MAX_QUESTIONS, MAX_REQUEST_CHARS

NO_SUCH = "no-such-name"  # a question, choice, clause, fact or value no bundle has


def engine_workload(bundle: dict, example_facts: Iterable[dict]) -> list[Any]:
    """Every request, in order: before a bundle is loaded, broken bundles, the
    pages' session with the real bundle, then requests it refuses.

    Args:
        bundle: the site's bundle, as plain JSON (``Bundle.to_json()``).
        example_facts: the facts of every worked example.
    """
    broken_loads = [{"op": "load", "bundle": _changed(bundle, change)} for change in _BUNDLE_BREAKAGES]
    requests = [*broken_loads, *_session(bundle, example_facts), *_refused(bundle)]
    return [*_unreadable_requests(), *(json.dumps(request) for request in requests)]


def _unreadable_requests() -> list[Any]:
    """Refused before a bundle is loaded, most before they are parsed."""
    return [
        json.dumps({"op": "make_attempt", "seed": 1}),  # no bundle loaded yet
        12,
        None,
        "x" * (MAX_REQUEST_CHARS + 1),
        "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1),
        "not json",
        "[]",
        json.dumps({"op": "explode"}),
    ]


def _changed(bundle: dict, change: Callable[[dict], Any]) -> dict:
    broken = copy.deepcopy(bundle)
    change(broken)
    return broken


def _first_clause(bundle: dict) -> dict:
    return next(iter(bundle["clauses"].values()))


# One way to break each part of a bundle the engine reads; each load is refused.
_BUNDLE_BREAKAGES: tuple[Callable[[dict], Any], ...] = (
    lambda b: b.update(format=None),
    lambda b: b.update(policy=None),
    lambda b: b.update(questions={}),
    lambda b: b["clauses"].update({NO_SUCH: _first_clause(b)}),  # not named by a clause number
    lambda b: _first_clause(b).update(number=f"{_first_clause(b)['number']}.1"),  # not its key
    lambda b: _first_clause(b).update(text=[]),
    lambda b: b["questions"][0].update(cites=[]),
    lambda b: b["questions"][0].update(cites=[NO_SUCH]),
    lambda b: b["questions"][0].pop("prompt"),
    lambda b: b["questions"][0]["choices"][0].update(correct=None),
    lambda b: b["questions"][0]["choices"].append(b["questions"][0]["choices"][0]),  # an id twice
    lambda b: b["quiz"].update(pass_mark=None),
    lambda b: b.update(facts=[{"name": NO_SUCH, "question": "?", "asked_when": {"fact": NO_SUCH}}]),
    lambda b: b.update(facts=[{"name": NO_SUCH, "question": "?", "asked_when": {"fact": NO_SUCH, "is": []}}]),
    lambda b: b.update(versions=[{"label": "v", "fingerprint": NO_SUCH, "changed_since": [NO_SUCH]}]),
)


def _with_an_earlier_version(bundle: dict) -> dict:
    """The bundle as if an earlier version had existed, whose first clause changed since."""
    earlier = {"label": "earlier", "fingerprint": NO_SUCH, "changed_since": [next(iter(bundle["clauses"]))]}
    return _changed(bundle, lambda b: b.update(versions=[earlier, *b.get("versions", [])]))


def _session(bundle: dict, example_facts: Iterable[dict]) -> list[dict]:
    """What the pages send: load, attempts, grading, and the checker for every worked example."""
    questions = bundle["questions"]
    right = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in questions}
    wrong = {q["id"]: [c["id"] for c in q["choices"] if not c["correct"]][:1] for q in questions}
    partly = {qid: (right if i % 2 else wrong)[qid] for i, qid in enumerate(right)}
    every_question = {"seed": 0, "questions": [{"id": qid} for qid in right]}
    one_a_section = len({section_of(q["cites"][0]) for q in questions})
    return [
        {"op": "load", "bundle": bundle},
        {"op": "make_attempt", "seed": 1},
        {"op": "make_attempt", "seed": 2024, "count": one_a_section},
        *({"op": "grade", "attempt": every_question, "answers": answers} for answers in (right, wrong, {})),
        {"op": "grade", "attempt": every_question, "answers": partly, "pass_mark": 50},
        {"op": "check_scenario", "facts": {}},
        *({"op": "check_scenario", "facts": facts} for facts in example_facts),
        # A stored pass: of this text, of a version no longer recorded, and of every recorded one.
        {"op": "reassessment", "fingerprint": bundle["policy"]["fingerprint"]},
        {"op": "reassessment", "fingerprint": f"{NO_SUCH}-unrecorded"},
        *({"op": "reassessment", "fingerprint": v["fingerprint"]} for v in bundle.get("versions", [])),
        {"op": "load", "bundle": _with_an_earlier_version(bundle)},
        {"op": "reassessment", "fingerprint": NO_SUCH},
        {"op": "make_attempt", "seed": 3, "only": [questions[0]["id"]]},
        {"op": "load", "bundle": bundle},
    ]


def _refused(bundle: dict) -> list[dict]:
    """Requests of the wrong shape once the bundle is loaded: one for each error."""
    question = bundle["questions"][0]
    one = {"questions": [{"id": question["id"]}]}
    requests: list[dict] = [
        {"op": "make_attempt", "seed": "1"},
        {"op": "make_attempt", "seed": 1, "count": 0},
        {"op": "make_attempt", "seed": 1, "count": 1, "only": [question["id"]]},
        {"op": "make_attempt", "seed": 1, "only": []},
        {"op": "make_attempt", "seed": 1, "only": [NO_SUCH]},
        {"op": "make_attempt", "seed": 1, "only": [question["id"], question["id"]]},
        {"op": "reassessment", "fingerprint": None},
        {"op": "grade", "attempt": None, "answers": {}},
        {"op": "grade", "attempt": {"questions": [{"id": NO_SUCH}]}, "answers": {}},
        {"op": "grade", "attempt": {"questions": [{"id": question["id"]}] * (MAX_QUESTIONS + 1)}, "answers": {}},
        {"op": "grade", "attempt": one, "answers": {}, "pass_mark": 101},
        {"op": "grade", "attempt": one, "answers": []},
        {"op": "grade", "attempt": one, "answers": {NO_SUCH: []}},
        {"op": "grade", "attempt": one, "answers": {question["id"]: NO_SUCH}},
        {"op": "grade", "attempt": one, "answers": {question["id"]: [NO_SUCH]}},
        {"op": "check_scenario", "facts": []},
        {"op": "check_scenario", "facts": {NO_SUCH: "yes"}},
    ]
    single = next((q for q in bundle["questions"] if q["type"] != "multiple" and len(q["choices"]) > 1), None)
    if single:  # two answers to a question that takes one
        requests.append({
            "op": "grade",
            "attempt": {"questions": [{"id": single["id"]}]},
            "answers": {single["id"]: [c["id"] for c in single["choices"]]},
        })
    for fact in bundle["facts"]:
        # A misspelt name (with a "did you mean"), then answers of the wrong kind.
        answers = [{fact["name"][:-1]: "yes"}, {fact["name"]: NO_SUCH}, {fact["name"]: [NO_SUCH]}]
        requests += [{"op": "check_scenario", "facts": facts} for facts in answers]
    return requests

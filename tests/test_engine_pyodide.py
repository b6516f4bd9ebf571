"""The same engine inside real Pyodide (the pinned npm package, under Node),
loaded from the wheel the site build ships, answers exactly like CPython.

Pyodide starts once for the module: one session of requests covers attempts,
grading, bad input and every worked example.
"""

import json
import subprocess

import pytest

from quiz import api

from conftest import ROOT
from engine_requests import real_bundle, real_content, request_sequence

pytestmark = pytest.mark.pyodide


@pytest.fixture(scope="module")
def session(built_site, tmp_path_factory):
    """(requests, what Pyodide answered): the whole request sequence, run once."""
    (wheel,) = (built_site / "assets" / "engine").glob("*.whl")
    requests = request_sequence(real_bundle())
    requests_file = tmp_path_factory.mktemp("pyodide") / "requests.json"
    requests_file.write_text(json.dumps(requests))
    completed = subprocess.run(
        ["node", str(ROOT / "tests" / "node" / "engine_runner.mjs"), str(wheel), str(requests_file)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return requests, json.loads(completed.stdout)


def test_pyodide_gives_the_same_responses_as_cpython(session):
    requests, in_pyodide = session
    assert in_pyodide["python"].startswith("3.14")  # really another Python than this one
    in_cpython = [api.handle(r) for r in requests]
    assert in_pyodide["responses"] == in_cpython
    assert json.loads(in_cpython[4])["passed"] is True  # the sequence really graded something


def test_every_worked_example_gives_its_expected_result_in_pyodide(session):
    requests, in_pyodide = session
    by_facts = {
        json.dumps(json.loads(request)["facts"], sort_keys=True): json.loads(response)
        for request, response in zip(requests, in_pyodide["responses"], strict=True)
        if request.startswith("{") and json.loads(request)["op"] == "check_scenario"
    }
    for example in real_content().examples:
        result = by_facts[json.dumps(example.facts, sort_keys=True)]
        assert result["verdict"] == example.verdict, example.name
        assert sorted(c["number"] for c in result["clauses"]) == sorted(example.cites), example.name
        assert [q["fact"] for q in result["open_questions"]] == list(example.open_questions), example.name

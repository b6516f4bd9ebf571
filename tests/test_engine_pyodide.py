"""The same engine inside real Pyodide (the pinned npm package, under Node),
loaded from the wheel the site build ships, answers exactly like CPython."""

import json
import subprocess

from quiz import api

from conftest import ROOT
from engine_requests import real_bundle, real_content, request_sequence


def run_in_pyodide(wheel, requests, tmp_path) -> dict:
    requests_file = tmp_path / "requests.json"
    requests_file.write_text(json.dumps(requests))
    completed = subprocess.run(
        ["node", str(ROOT / "tests" / "node" / "engine_runner.mjs"), str(wheel), str(requests_file)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_pyodide_gives_the_same_responses_as_cpython(built_site, tmp_path):
    (wheel,) = (built_site / "assets" / "engine").glob("*.whl")
    requests = request_sequence(real_bundle())
    in_pyodide = run_in_pyodide(wheel, requests, tmp_path)
    assert in_pyodide["python"].startswith("3.14")  # really another Python than this one
    in_cpython = [api.handle(r) for r in requests]
    assert in_pyodide["responses"] == in_cpython
    assert json.loads(in_cpython[4])["passed"] is True  # the sequence really graded something


def test_every_worked_example_gives_its_expected_result_in_pyodide(built_site, tmp_path):
    (wheel,) = (built_site / "assets" / "engine").glob("*.whl")
    examples = real_content().examples
    requests = [json.dumps({"op": "load", "bundle": real_bundle()})]
    requests += [json.dumps({"op": "check_scenario", "facts": e.facts}) for e in examples]
    responses = [json.loads(r) for r in run_in_pyodide(wheel, requests, tmp_path)["responses"][1:]]
    for example, result in zip(examples, responses, strict=True):
        assert result["verdict"] == example.verdict, example.name
        assert sorted(c["number"] for c in result["clauses"]) == sorted(example.cites), example.name
        assert [q["fact"] for q in result["open_questions"]] == list(example.open_questions), example.name

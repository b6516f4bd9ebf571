"""The same engine inside real Pyodide (the pinned version, under Node),
loaded from the files the site build ships (the wheel, and Pyodide with its
standard library cut to what the engine uses), answers exactly like CPython.

Pyodide starts once for the module: one session of requests covers attempts,
grading, bad input and every worked example.
"""

import json
import re
import subprocess

import pytest

from quiz import api

from conftest import ROOT, pyodide_folder
from engine_requests import real_bundle, real_content, request_sequence

pytestmark = pytest.mark.pyodide


# Modules of Pyodide's full standard library the engine does not use (so the
# site's cut library lacks them), and ones it does.
UNUSED_MODULES = ("email", "sqlite3", "xml", "unittest", "tomllib")
USED_MODULES = ("json", "random", "difflib")


@pytest.fixture(scope="module")
def session(built_site, tmp_path_factory):
    """(requests, what Pyodide answered): the whole request sequence, run once
    in the Pyodide folder the site ships."""
    (wheel,) = (built_site / "assets" / "engine").glob("*.whl")
    requests = request_sequence(real_bundle())
    folder = tmp_path_factory.mktemp("pyodide")
    (folder / "requests.json").write_text(json.dumps(requests))
    (folder / "modules.json").write_text(json.dumps([*UNUSED_MODULES, *USED_MODULES]))
    completed = subprocess.run(
        ["node", str(ROOT / "tests" / "node" / "engine_runner.mjs"), str(built_site / pyodide_folder(built_site)),
         str(wheel), str(folder / "requests.json"), str(folder / "modules.json")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return requests, json.loads(completed.stdout)


def test_pyodide_runs_the_cut_standard_library_the_site_ships(session):
    _, in_pyodide = session
    assert in_pyodide["found"] == {**dict.fromkeys(UNUSED_MODULES, False), **dict.fromkeys(USED_MODULES, True)}


def test_pyodide_imports_the_standard_library_as_bytecode_the_build_compiled(session):
    # The cut library holds no source (policy_site/engine_assets/stdlib_bytecode.py):
    # were the bytecode not for this very Python, these imports would fail.
    _, in_pyodide = session
    origins = in_pyodide["origins"]
    assert set(origins) == set(USED_MODULES)
    assert all(origin.endswith(".pyc") and ".zip/" in origin for origin in origins.values()), origins


def test_a_traceback_through_the_compiled_library_still_names_the_file_and_line(session):
    _, in_pyodide = session
    traceback = in_pyodide["traceback"]
    assert re.search(r'File "/lib/python3\d+\.zip/json/decoder\.py", line \d+, in raw_decode', traceback), traceback
    assert "JSONDecodeError" in traceback


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

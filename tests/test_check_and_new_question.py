"""`policy check` (text and the JSON contract) and `policy new-question`."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def policy(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "policy_site.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_check_json_contract_on_the_real_policy():
    result = policy("check", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"format", "ok", "source_dir", "errors", "warnings"}
    assert report["format"] == 1 and report["ok"] is True and report["errors"] == []
    for warning in report["warnings"]:
        assert set(warning) == {"path", "line", "column", "severity", "message"}
        assert warning["severity"] == "warning" and isinstance(warning["line"], int)
    gap_warnings = [w for w in report["warnings"] if w["message"].startswith("the supplied document is incomplete here")]
    assert len(gap_warnings) == 3


def test_check_json_reports_errors_with_locations_and_exit_1(tmp_path):
    shutil.copytree(FIXTURES / "valid-minimal", tmp_path / "src")
    shutil.copy(FIXTURES / "invalid" / "unknown-kind" / "policy.yaml", tmp_path / "src" / "policy.yaml")
    result = policy("check", "src", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["errors"][0] == {
        "path": "src/policy.yaml", "line": 13, "column": 15, "severity": "error",
        "message": '"kind" is "must-not" but must be one of: must, must_not, should, may, information; did you mean "must_not"?',
    }


def test_check_text_warns_about_untested_and_unchecked_clauses(tmp_path):
    shutil.copytree(FIXTURES / "valid-minimal", tmp_path / "src")
    result = policy("check", "src", cwd=tmp_path)
    assert result.returncode == 0
    assert "src/policy.yaml:12:17: warning: clause 1.1 has no scenario rule, so the checker never cites it" in result.stdout
    assert result.stdout.strip().endswith("src: OK (2 warning(s))")


def test_new_question_prints_a_scaffold_that_loads_and_is_flagged_until_finished(tmp_path):
    shutil.copytree(ROOT / "policy_src", tmp_path / "src")
    printed = policy("new-question", "1.9", "--source-dir", "src", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert '  - id: clause-1-9-question' in printed.stdout
    assert "  #   If a professional social media site requires students to join, the user" in printed.stdout

    added = policy("new-question", "2.3", "--type", "true_false", "--append", "--source-dir", "src", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    check = policy("check", "src", "--format", "json", cwd=tmp_path)
    report = json.loads(check.stdout)
    assert report["ok"] is True  # the scaffold is valid YAML for the loader ...
    assert any('question "clause-2-3-question" still has TODO text' in w["message"] for w in report["warnings"])  # ... but flagged


def test_new_question_refuses_unknown_or_missing_clauses():
    unknown = policy("new-question", "9.9")
    assert unknown.returncode == 1 and 'clause "9.9" does not exist' in unknown.stderr
    missing = policy("new-question", "3.1")
    assert missing.returncode == 1 and "has no text in the supplied document" in missing.stderr

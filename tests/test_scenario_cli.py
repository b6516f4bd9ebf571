"""`policy scenario`: the same engine and data on the command line."""

import json
import subprocess
import sys

from conftest import ROOT


def policy(*args):
    return subprocess.run([sys.executable, "-m", "policy_site.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_text_output_gives_the_verdict_the_clause_and_why():
    result = policy("scenario", "account=personal", "communicates_with_current_students=yes")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0] == "Verdict: Prohibited"
    assert "  2.3 (Must not): District staff are not to communicate with currently enrolled in New Westminster Schools students" in out
    assert "Will you communicate with students currently enrolled in the district? Yes" in out
    assert "Still to answer (these could change the verdict):" in out


def test_json_output_is_one_object_with_verdict_and_cited_clauses():
    result = policy("scenario", "account=professional", "is_site_admin=yes", "comments_enabled=yes",
                    "students_must_join=no", "communicates_with_current_students=no", "shares_student_pii=no",
                    "shares_confidential_info=no", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["verdict"] == "permitted_with_requirements"
    assert data["cited_clauses"] == ["1.7", "1.8", "1.10", "1.10.2", "1.10.3"]
    assert {"clause": "1.10.2", "text": "the site administrator must monitor them daily"} in data["checklist"]


def test_unknown_fact_or_value_is_a_clear_error():
    bad_name = policy("scenario", "acount=personal")
    assert bad_name.returncode == 2
    assert "unknown fact 'acount'; did you mean 'account'?" in bad_name.stderr
    bad_value = policy("scenario", "account=personal", "shares_student_pii=maybe")
    assert bad_value.returncode == 2
    assert 'fact "shares_student_pii" is yes/no: write yes or no, not "maybe"' in bad_value.stderr
    malformed = policy("scenario", "account")
    assert malformed.returncode == 2 and "is not FACT=VALUE" in malformed.stderr


def test_no_facts_lists_what_to_answer():
    result = policy("scenario", "--json")
    data = json.loads(result.stdout)
    assert data["verdict"] == "needs_answers"
    assert [q["fact"] for q in data["open_questions"]][0] == "account"

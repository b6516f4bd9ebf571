"""Scenario data: facts, clause conditions and worked examples, checked at build time."""

from pathlib import Path

from invalid_fixtures import assert_reports_expected_problems, parametrize_fixtures

from conftest import APPENDIX_C
from policy_site.load.source_folder import load_content

FIXTURES = Path(__file__).parent / "fixtures"


@parametrize_fixtures("invalid-scenario")
def test_each_invalid_scenario_fixture_gives_its_message(fixture, monkeypatch):
    assert_reports_expected_problems(fixture, load_content, monkeypatch)


def test_the_valid_scenario_fixture_loads_with_its_rule():
    content = load_content(FIXTURES / "valid-scenario")
    (rule,) = content.policy.clause("1.1").scenario
    assert rule.when == {"all": [{"fact": "account", "is": "personal"}, {"fact": "posts_photos", "is": True}]}
    assert rule.quotes("prohibits") == ("Staff must not post photos of students on personal accounts.",)
    assert content.examples[0].facts == {"account": "personal", "posts_photos": "yes"}


def test_the_real_facts_keep_their_public_names():
    content = load_content(APPENDIX_C)
    names = [f.name for f in content.facts]
    for public in ("account", "is_site_admin", "students_must_join", "communicates_with_current_students",
                   "shares_student_pii", "shares_confidential_info", "comments_enabled"):
        assert public in names
    account = next(f for f in content.facts if f.name == "account")
    assert [v.value for v in account.values] == ["personal", "professional", "district_school"]

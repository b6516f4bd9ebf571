"""Authoring mistakes give precise messages: one fixture per message."""

from pathlib import Path

import pytest

from invalid_fixtures import assert_reports_expected_problems, parametrize_fixtures

from policy_site.common.problems import PolicySourceError
from policy_site.load.policy_file import load_policy

FIXTURES = Path(__file__).parent / "fixtures"


@parametrize_fixtures("invalid")
def test_each_invalid_fixture_gives_its_message_at_its_line(fixture, monkeypatch):
    assert_reports_expected_problems(fixture, load_policy, monkeypatch)


def test_every_problem_is_reported_at_once_in_file_order(monkeypatch):
    monkeypatch.chdir(FIXTURES / "invalid-many")
    with pytest.raises(PolicySourceError) as raised:
        load_policy(Path("."))
    assert [str(p) for p in raised.value.problems] == [
        'policy.yaml:4:9: "slug" "Example Slug" is not valid: use lower-case letters, digits and single hyphens',
        'policy.yaml:13:15: "kind" is "maybe" but must be one of: must, must_not, should, may, information; did you mean "may"?',
        'policy.yaml:15:22: clause 1.1 refers to unknown reference "nope"; known references: act',
        "policy.yaml:16:17: duplicate clause number 1.1 (first at line 12); renumber one of them",
        'policy.yaml:19:9: unknown key "colour" in clause or gap; allowed keys: number, kind, text, references, related, gap, fragment, kind_guessed, scenario',
    ]
    assert str(raised.value).startswith("5 problems in the policy source:\n")


def test_the_minimal_valid_fixture_loads():
    policy = load_policy(FIXTURES / "valid-minimal")
    assert [c.number for c in policy.clauses] == ["1.1", "1.2"]


def test_a_missing_policy_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PolicySourceError, match=r"policy.yaml:1:1: policy.yaml not found"):
        load_policy(Path("."))


def test_unquoted_numbers_and_no_keep_their_written_text(tmp_path):
    # PyYAML would read 1.10 as the float 1.1 and `no` as False.
    text = (FIXTURES / "valid-minimal" / "policy.yaml").read_text()
    text = text.replace('number: "1.2"', "number: 1.10").replace("title: First", "title: no")
    (tmp_path / "policy.yaml").write_text(text)
    policy = load_policy(tmp_path)
    assert policy.clauses[1].number == "1.10"
    assert policy.sections[0].title == "no"


def test_python_tags_are_refused(tmp_path, monkeypatch):
    text = (FIXTURES / "valid-minimal" / "policy.yaml").read_text()
    (tmp_path / "policy.yaml").write_text(text.replace("title: First", "title: !!python/object:os.system x"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PolicySourceError, match=r"policy.yaml:10:12: the tag .* is not allowed"):
        load_policy(Path("."))

"""Clause numbers in the district's forms: "1.9", "1.10.2", lettered sub-clauses like "1.2(a)", and "2" numbered at the top level."""

from pathlib import Path

import pytest

from policy_site.model.policy import Clause
from quiz.clause_numbers import clause_anchor, clause_sort_key
from policy_site.common.problems import PolicySourceError
from policy_site.load.policy_file import load_policy

MINIMAL = Path(__file__).parent / "fixtures" / "valid-minimal" / "policy.yaml"


def clause(number: str) -> Clause:
    return Clause(number=number, kind="must", text="x")


@pytest.mark.parametrize(
    "number, anchor",
    [("1.9", "clause-1-9"), ("1.10.2", "clause-1-10-2"), ("2.3", "clause-2-3"), ("1.2(a)", "clause-1-2-a"), ("1.10.2(c)", "clause-1-10-2-c")],
)
def test_anchors_keep_their_published_form_and_lettered_clauses_get_one(number, anchor):
    assert clause_anchor(number) == anchor


def test_numbers_sort_as_the_district_numbers_them():
    numbers = ["1.10", "1.2(b)", "1.2", "1.9", "1.2.1", "1.2(a)", "1.10.2", "2.1"]
    assert sorted(numbers, key=clause_sort_key) == ["1.2", "1.2.1", "1.2(a)", "1.2(b)", "1.9", "1.10", "1.10.2", "2.1"]


@pytest.mark.parametrize(
    "number, parent, depth",
    [("1", None, 1), ("1.9", None, 2), ("1.10.2", "1.10", 3), ("1.2(a)", "1.2", 3), ("1.10.2(b)", "1.10.2", 4)],
)
def test_parent_and_depth(number, parent, depth):
    assert clause(number).parent_number == parent
    assert clause(number).depth == depth
    # A clause heading sits under its section's (level 2), also one numbered at the top level.
    assert clause(number).heading_level == max(depth, 2) + 1


def write_policy(folder: Path, entries: str) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    head = text[: text.index("    entries:\n")]
    (folder / "policy.yaml").write_text(head + "    entries:\n" + entries, encoding="utf-8")


def entry(number: str) -> str:
    return f'      - number: "{number}"\n        kind: must\n        text: Staff must do {number}.\n'


def test_a_clause_numbered_at_the_top_level_is_the_first_of_its_section(tmp_path):
    # "1. Staff must keep records." followed by 1.1, 1.2: the district's own numbers.
    write_policy(tmp_path, entry("1") + entry("1.1") + entry("1.2"))
    policy = load_policy(tmp_path)
    assert [c.anchor for c in policy.clauses] == ["clause-1", "clause-1-1", "clause-1-2"]
    assert sorted(["1.1", "1", "2", "1.10"], key=clause_sort_key) == ["1", "1.1", "1.10", "2"]


def test_a_policy_with_lettered_sub_clauses_loads(tmp_path):
    write_policy(tmp_path, entry("1.1") + entry("1.2") + entry("1.2(a)") + entry("1.2(b)") + entry("1.3"))
    policy = load_policy(tmp_path)
    assert [c.anchor for c in policy.clauses] == ["clause-1-1", "clause-1-2", "clause-1-2-a", "clause-1-2-b", "clause-1-3"]
    assert policy.clause("1.2(a)").parent_number == "1.2"


@pytest.mark.parametrize(
    "entries, message",
    [
        (entry("1.2") + entry("1.2(b)") + entry("1.2(a)"), "policy.yaml:18:17: clause 1.2(a) is out of order: it comes after 1.2(b)"),
        (entry("1.1") + entry("1.3(a)"), "policy.yaml:15:17: sub-clause 1.3(a) has no parent clause 1.3 in this section; add 1.3 first"),
        (entry("1.1") + entry("1.1(A)"), 'policy.yaml:15:17: "number" "1.1(A)" is not valid:'),
        (entry("1.1") + entry("1.1(a)(i)"), 'policy.yaml:15:17: "number" "1.1(a)(i)" is not valid:'),
        (entry("1.1") + entry("1(a)"), 'policy.yaml:15:17: "number" "1(a)" is not valid:'),
    ],
)
def test_lettered_numbers_are_checked_like_the_others(tmp_path, monkeypatch, entries, message):
    write_policy(tmp_path, entries)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PolicySourceError) as raised:
        load_policy(Path("."))
    assert str(raised.value.problems[0]).startswith(message)

"""The scenario engine in CPython: every worked example, and the rules of the verdict."""

import json
from pathlib import Path

import pytest

from policy_site.load.source_folder import load_content
from policy_site.engine_assets.bundle import make_bundle
from quiz.conditions import deciding_facts, evaluate
from quiz.errors import EngineError
from quiz.scenario import check_scenario

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(ROOT / "policy_src")
BUNDLE = make_bundle(CONTENT, "../procedure/")


def check(answers: dict) -> dict:
    return check_scenario(BUNDLE, answers)


def test_there_are_enough_examples_and_they_cover_every_clause_with_a_condition():
    assert len(CONTENT.examples) >= 15
    cited = {n for e in CONTENT.examples for n in e.cites}
    with_conditions = {c.number for c in CONTENT.policy.clauses if c.scenario}
    assert with_conditions <= cited
    assert {e.verdict for e in CONTENT.examples} == {"not_permitted", "permitted_with_requirements", "permitted", "needs_answers"}


@pytest.mark.parametrize("example", CONTENT.examples, ids=[e.name for e in CONTENT.examples])
def test_worked_example(example):
    result = check(example.facts)
    assert result["verdict"] == example.verdict
    assert sorted(c["number"] for c in result["clauses"]) == sorted(example.cites)
    assert [q["fact"] for q in result["open_questions"]] == list(example.open_questions)


def test_cited_clauses_are_verbatim_with_links_and_reasons():
    result = check({"account": "personal", "communicates_with_current_students": "yes"})
    clause = next(c for c in result["clauses"] if c["number"] == "2.3")
    assert clause["text"] == CONTENT.policy.clause("2.3").text
    assert clause["href"] == "../procedure/#clause-2-3"
    assert [(r["fact"], r["answer"], r["answer_label"]) for r in clause["because"]] == [
        ("account", "personal", "My own personal account"),
        ("communicates_with_current_students", "yes", "Yes"),
    ]
    assert result["prohibitions"] == [{"clause": "2.3", "text": clause["effects"]["prohibits"][0]}]


def test_the_checklist_quotes_the_clauses():
    result = check({"account": "professional", "is_site_admin": "yes", "comments_enabled": "yes", "students_must_join": "yes",
                    "communicates_with_current_students": "yes", "shares_student_pii": "no", "shares_confidential_info": "no"})
    assert result["verdict"] == "permitted_with_requirements"
    for item in result["checklist"]:
        assert item["text"] in CONTENT.policy.clause(item["clause"]).text
    assert {"clause": "1.10.2", "text": "the site administrator must monitor them daily"} in result["checklist"]
    assert result["recommendations"] == [{"clause": "1.10.2", "text": "it is recommended that default setting for comments be turned off"}]


def test_an_answer_to_a_question_that_is_not_asked_does_not_count():
    with_comments = check({"account": "personal", "comments_enabled": "yes", "communicates_with_current_students": "no",
                           "shares_student_pii": "no", "shares_confidential_info": "no"})
    assert "comments_enabled" not in with_comments["asked"]
    assert "comments_enabled" not in with_comments["answers"]
    assert with_comments["verdict"] == "permitted"


def test_questions_appear_as_earlier_answers_make_them_relevant():
    assert "is_site_admin" not in check({"account": "personal"})["asked"]
    assert "is_site_admin" in check({"account": "professional"})["asked"]
    assert "comments_enabled" not in check({"account": "professional", "is_site_admin": "no"})["asked"]
    assert "comments_enabled" in check({"account": "professional", "is_site_admin": "yes"})["asked"]


@pytest.mark.parametrize(
    "answers, message",
    [({"acount": "personal"}, "unknown fact 'acount'; did you mean 'account'?"),
     ({"account": "private"}, 'fact "account" has no value "private"; allowed: personal, professional, district_school'),
     ({"is_site_admin": "maybe"}, 'fact "is_site_admin" is yes/no: write yes or no, not "maybe"'),
     ("account=personal", "facts must map fact names to answers")],
)
def test_unknown_names_and_values_are_errors_not_defaults(answers, message):
    with pytest.raises(EngineError, match=message.replace("?", r"\?").replace("(", r"\(")):
        check(answers)


def test_empty_answers_count_as_not_answered():
    assert check({"account": ""})["verdict"] == "needs_answers"


@pytest.mark.parametrize(
    "condition, answers, expected",
    [
        ({"fact": "a", "is": True}, {}, None),
        ({"fact": "a", "is": True}, {"a": True}, True),
        ({"fact": "a", "in": ["x", "y"]}, {"a": "y"}, True),
        ({"all": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}, {"a": False}, False),
        ({"all": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}, {"a": True}, None),
        ({"any": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}, {"b": True}, True),
        ({"any": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}, {"a": False}, None),
        ({"not": {"fact": "a", "is": "x"}}, {"a": "y"}, True),
        ({"not": {"fact": "a", "is": "x"}}, {}, None),
    ],
)
def test_three_valued_conditions(condition, answers, expected):
    assert evaluate(condition, answers) is expected


def test_deciding_facts_name_only_what_made_an_any_true():
    condition = {"any": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}
    assert deciding_facts(condition, {"a": False, "b": True}) == ["b"]


def test_the_bundle_carries_the_rules_as_json():
    assert json.loads(json.dumps(BUNDLE.to_json()))["clauses"]["1.9"]["scenario"][0]["requires"][0] == \
        "obtain the appropriate personal and parental consent"

"""The scenario engine in CPython: every worked example, and the rules of the verdict."""

import itertools
import json
from pathlib import Path

import pytest

from conftest import APPENDIX_C
from policy_site.load.source_folder import load_content
from policy_site.engine_assets.bundle import make_bundle
from quiz.conditions import deciding_facts, evaluate
from quiz.errors import EngineError
from quiz.scenario import check_scenario
from quiz.vocabulary import VERDICTS

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(APPENDIX_C)
BUNDLE = make_bundle(CONTENT, "../procedure/")


def check(answers: dict) -> dict:
    return check_scenario(BUNDLE, answers)


def test_there_are_enough_examples_and_they_cover_every_clause_with_a_condition():
    assert len(CONTENT.examples) >= 15
    cited = {n for e in CONTENT.examples for n in e.cites}
    with_conditions = {c.number for c in CONTENT.policy.clauses if c.scenario}
    assert with_conditions <= cited
    assert {e.verdict for e in CONTENT.examples} == set(VERDICTS)  # a worked example for every verdict


@pytest.mark.parametrize("example", CONTENT.examples, ids=[e.name for e in CONTENT.examples])
def test_worked_example(example):
    result = check(example.facts)
    assert result["verdict"] == example.verdict
    assert sorted(c["number"] for c in result["clauses"]) == sorted(example.cites)
    assert [q["fact"] for q in result["open_questions"]] == list(example.open_questions)
    assert [u["fact"] for u in result["unaddressed"]] == list(example.unaddressed)


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
                    "communicates_with_current_students": "no", "shares_student_pii": "no", "shares_confidential_info": "no"})
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
    assert with_comments["verdict"] == "permitted"  # "Not prohibited by the supplied text"


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
    assert deciding_facts(condition, {"a": True, "b": True}) == ["a", "b"]  # both answers were decided on


def test_the_bundle_carries_the_rules_as_json():
    assert json.loads(json.dumps(BUNDLE.to_json()))["clauses"]["1.9"]["scenario"][0]["requires"][0] == \
        "obtain the appropriate personal and parental consent"


# --- honest answers ----------------------------------------------------------------

ALL_ANSWERS = [
    dict(zip(["account", *YES_NO], [account, *values]))
    for account in ("personal", "professional", "district_school")
    for values in itertools.product(("yes", "no"), repeat=len(YES_NO))
] if (YES_NO := [f.name for f in BUNDLE.facts if f.is_yes_no]) else []


def comparable(result: dict) -> str:
    """What a reader is told: the verdict, every list, and each clause with the answers it applies because of."""
    shown = ("verdict", "clauses", "prohibitions", "checklist", "recommendations", "limits_met", "information")
    return json.dumps([result[key] for key in shown], sort_keys=True)


def test_no_yes_is_ignored_silently():
    """Over every combination of answers: each "yes" the checker asks for either
    changes what the reader is told or is listed as not addressed."""
    ignored = []
    for answers in ALL_ANSWERS:
        result = check(answers)
        unaddressed = {u["fact"] for u in result["unaddressed"]}
        for fact in result["asked"]:
            if answers.get(fact) == "yes" and fact not in unaddressed:
                if comparable(check({**answers, fact: "no"})) == comparable(result):
                    ignored.append(f"{fact}=yes with {answers}")
    assert len(ALL_ANSWERS) == 3 * 2 ** 6
    assert ignored == []


def test_the_checker_never_says_permitted():
    for answers in ALL_ANSWERS:
        result = check(answers)
        assert "ermitted" not in result["verdict_label"] + result["verdict_meaning"], answers
        if result["verdict"] == "permitted":
            assert result["verdict_label"] == "Not prohibited by the supplied text."
            assert "not a permission" in result["verdict_meaning"]


def test_every_answer_names_what_the_supplied_text_lacks_and_whom_to_ask():
    result = check({"account": "personal"})
    gaps = result["supplied_text"]["gaps"]
    assert any("1.1 to 1.6" in gap for gap in gaps) and any("3.1" in gap for gap in gaps)
    assert any("definitions" in gap for gap in gaps)
    assert result["supplied_text"]["ask"] == CONTENT.policy.metadata.contact


def test_confidential_information_on_a_professional_site_is_not_addressed():
    result = check({"account": "professional", "is_site_admin": "no", "students_must_join": "no",
                    "communicates_with_current_students": "no", "shares_student_pii": "no", "shares_confidential_info": "yes"})
    assert result["verdict"] == "not_addressed"
    assert result["verdict_label"] == "Not addressed by the supplied text."
    assert [u["fact"] for u in result["unaddressed"]] == ["shares_confidential_info"]
    assert result["prohibitions"] == []


def test_student_photos_through_a_school_account_meet_the_limit_and_permit_nothing():
    result = check({"account": "district_school", "is_site_admin": "no", "students_must_join": "no",
                    "communicates_with_current_students": "no", "shares_student_pii": "yes", "shares_confidential_info": "no"})
    assert result["verdict"] == "permitted_with_requirements"  # "Requirements apply": 1.7, 1.8, 1.10
    assert result["limits_met"] == [{"clause": "1.10.1", "text": CONTENT.policy.clause("1.10.1").text}]
    assert result["prohibitions"] == [] and result["unaddressed"] == []
    assert not any(item["clause"] == "1.9" for item in result["checklist"])  # consent belongs to 1.9, not 1.10.1


def test_a_site_run_by_someone_else_puts_nothing_of_theirs_on_your_checklist():
    result = check({"account": "professional", "is_site_admin": "no", "students_must_join": "no",
                    "communicates_with_current_students": "no", "shares_student_pii": "no", "shares_confidential_info": "no"})
    checklist = [item["text"] for item in result["checklist"]]
    assert "use appropriate privacy settings to control access to their professional social media sites" not in checklist
    assert "understanding the rules and regulations of the social media site being utilized" in checklist


def test_section_1_does_not_reach_personal_accounts():
    result = check({"account": "personal", "communicates_with_current_students": "no", "shares_student_pii": "yes",
                    "shares_confidential_info": "no"})
    assert {c["number"] for c in result["clauses"]} == {"2.1", "2.2", "2.4", "2.5", "2.6"}  # 2.4 decides; not 1.10.1

"""The engine (quiz/) in CPython: attempts, grading, explanations, errors.

The logic is tested on a small fixed bundle (tests/engine_fixture.py); the
last tests check that the real question bank works with it.
"""

import json

import pytest

from quiz import api
from quiz.attempt import make_attempt
from quiz.bundle import read_bundle
from quiz.errors import EngineError
from quiz.grading import grade_attempt

import engine_requests
from engine_fixture import BUNDLE, BUNDLE_JSON, right_answers, wrong_answers

ALL = {"seed": 0, "questions": [{"id": q.id} for q in BUNDLE.questions]}


def test_same_seed_same_attempt_other_seed_other_order():
    assert make_attempt(BUNDLE, 5) == make_attempt(BUNDLE, 5)
    assert make_attempt(BUNDLE, 5)["questions"] != make_attempt(BUNDLE, 6)["questions"]


def test_default_attempt_has_every_question_once_with_all_choices():
    attempt = make_attempt(BUNDLE, 11)
    assert sorted(q["id"] for q in attempt["questions"]) == sorted(q.id for q in BUNDLE.questions)
    for item in attempt["questions"]:
        question = BUNDLE.question(item["id"])
        assert sorted(item["choices"]) == sorted(c.id for c in question.choices)
        if question.type == "true_false":
            assert item["choices"] == ["true", "false"]


@pytest.mark.parametrize("seed", range(30))
def test_a_short_attempt_still_covers_every_section(seed):
    sections_with_questions = {q.section for q in BUNDLE.questions}
    attempt = make_attempt(BUNDLE, seed, count=len(sections_with_questions))
    assert {BUNDLE.question(q["id"]).section for q in attempt["questions"]} == sections_with_questions


@pytest.mark.parametrize(
    "seed, count, message",
    [("1", None, "seed must be an integer"), (True, None, "seed must be an integer"),
     (1, 1, "count must be a whole number from 2"), (1, 999, "count must be a whole number"), (1, 2.5, "count must")],
)
def test_bad_attempt_requests_are_clear_errors(seed, count, message):
    with pytest.raises(EngineError, match=message):
        make_attempt(BUNDLE, seed, count)


def test_the_fixture_reads_back_from_its_own_json():
    assert read_bundle(BUNDLE_JSON) == BUNDLE


def test_all_right_passes_with_full_marks_and_nothing_to_review():
    result = grade_attempt(BUNDLE, ALL, right_answers())
    assert (result["score"], result["total"], result["percent"], result["passed"]) == (5, 5, 100, True)
    assert result["review"] == []
    assert [(s["section"], s["correct"], s["total"]) for s in result["by_section"]] == [("1", 2, 2), ("2", 3, 3)]


def test_all_wrong_fails_and_every_answer_is_explained_from_the_clauses():
    result = grade_attempt(BUNDLE, ALL, wrong_answers())
    assert (result["score"], result["passed"]) == (0, False)
    for item in result["results"]:
        assert item["explanation"]
        for citation in item["citations"]:
            clause = BUNDLE.clauses[citation["number"]]
            assert citation["text"] == clause.text  # verbatim, never paraphrased
            assert citation["href"] == f"../procedure/#{clause.anchor}"
    assert [c["number"] for c in result["review"]] == ["1.1", "1.2", "2.1", "2.2"]  # each once, in clause order


@pytest.mark.parametrize(
    "correct_count, pass_mark, passed",
    [(4, 80, True), (3, 80, False), (3, 60, True), (2, 60, False), (0, 0, True), (5, 100, True), (4, 100, False)],
)
def test_pass_mark_boundaries(correct_count, pass_mark, passed):
    right, wrong = right_answers(), wrong_answers()
    ids = [q.id for q in BUNDLE.questions]
    answers = {qid: (right if i < correct_count else wrong)[qid] for i, qid in enumerate(ids)}
    result = grade_attempt(BUNDLE, ALL, answers, pass_mark)
    assert result["score"] == correct_count
    assert result["passed"] is passed


def test_multiple_choice_needs_exactly_the_right_set():
    question = next(q for q in BUNDLE.questions if q.type == "multiple")
    attempt = {"questions": [{"id": question.id}]}
    right = sorted(question.correct_ids)
    assert grade_attempt(BUNDLE, attempt, {question.id: right})["score"] == 1
    assert grade_attempt(BUNDLE, attempt, {question.id: right[:-1]})["score"] == 0
    everything = [c.id for c in question.choices]
    assert grade_attempt(BUNDLE, attempt, {question.id: everything})["score"] == 0


def test_choice_feedback_is_returned_for_the_chosen_answer():
    result = grade_attempt(BUNDLE, {"questions": [{"id": "four"}]}, {"four": ["a"]})
    (item,) = result["results"]
    assert item["feedback"] == [{"choice": "a", "text": "Wrong", "correct": False, "feedback": "Clause 2.2 allows it."}]
    assert [c["number"] for c in item["citations"]] == ["2.2"]


def test_unanswered_questions_count_as_wrong():
    result = grade_attempt(BUNDLE, ALL, {})
    assert result["score"] == 0 and not any(r["answered"] for r in result["results"])


@pytest.mark.parametrize(
    "answers, message",
    [({"nope": ["a"]}, "not in this attempt: nope"),
     ({"one": ["z"]}, "has no choice 'z'"),
     ({"one": ["a", "b"]}, "takes one answer, not 2"),
     ({"one": "a"}, "must be a list of choice ids"),
     ("a", "answers must map")],
)
def test_bad_answers_are_clear_errors(answers, message):
    with pytest.raises(EngineError, match=message):
        grade_attempt(BUNDLE, ALL, answers)


def test_api_is_json_in_json_out_and_never_raises():
    assert json.loads(api.handle("{"))["ok"] is False
    assert "request needs an op" in json.loads(api.handle('{"op": "nope"}'))["error"]
    assert json.loads(api.handle(json.dumps({"op": "load", "bundle": {"format": 99}})))["error"].startswith("bundle format")
    loaded = json.loads(api.handle(json.dumps({"op": "load", "bundle": BUNDLE_JSON})))
    assert loaded == {"ok": True, "fingerprint": BUNDLE.fingerprint, "questions": 5}
    attempt = json.loads(api.handle('{"op": "make_attempt", "seed": 3}'))["attempt"]
    graded = json.loads(api.handle(json.dumps({"op": "grade", "attempt": attempt, "answers": {}})))
    assert graded["ok"] is True and graded["total"] == 5


# --- the real question bank ---------------------------------------------------


def test_the_real_bank_can_be_passed_and_failed_and_cites_its_clauses_verbatim():
    raw = engine_requests.real_bundle()
    bundle = read_bundle(raw)
    every = {"questions": [{"id": q.id} for q in bundle.questions]}
    passed = grade_attempt(bundle, every, engine_requests.right_answers(raw))
    failed = grade_attempt(bundle, every, engine_requests.wrong_answers(raw))
    assert (passed["percent"], passed["passed"], failed["score"], failed["passed"]) == (100, True, 0, False)
    for item in failed["results"]:
        for citation in item["citations"]:
            assert citation["text"] == bundle.clauses[citation["number"]].text

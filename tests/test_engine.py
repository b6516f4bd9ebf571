"""The engine (quiz/) in CPython: attempts, grading, explanations, errors."""

import json

import pytest

from quiz import api
from quiz.attempt import make_attempt
from quiz.bundle import read_bundle
from quiz.errors import EngineError
from quiz.grading import grade_attempt

from engine_requests import real_bundle, right_answers, wrong_answers

BUNDLE_DICT = real_bundle()
BUNDLE = read_bundle(BUNDLE_DICT)
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


def test_all_right_passes_with_full_marks_and_nothing_to_review():
    result = grade_attempt(BUNDLE, ALL, right_answers(BUNDLE_DICT))
    assert (result["score"], result["total"], result["percent"], result["passed"]) == (22, 22, 100, True)
    assert result["review"] == []
    assert sum(s["total"] for s in result["by_section"]) == 22


def test_all_wrong_fails_and_every_answer_is_explained_from_the_clauses():
    result = grade_attempt(BUNDLE, ALL, wrong_answers(BUNDLE_DICT))
    assert (result["score"], result["passed"]) == (0, False)
    for item in result["results"]:
        assert item["explanation"]
        for citation in item["citations"]:
            clause = BUNDLE.clauses[citation["number"]]
            assert citation["text"] == clause.text  # verbatim, never paraphrased
            assert citation["href"] == f"../procedure/#{clause.anchor}"
    reviewed = [c["number"] for c in result["review"]]
    assert reviewed == sorted(set(reviewed), key=list(BUNDLE.clauses).index)
    assert "1.9" in reviewed and "2.3" in reviewed


@pytest.mark.parametrize(
    "correct_count, pass_mark, passed",
    [(18, 80, True), (17, 80, False), (11, 50, True), (10, 50, False), (0, 0, True)],
)
def test_pass_mark_boundaries(correct_count, pass_mark, passed):
    right, wrong = right_answers(BUNDLE_DICT), wrong_answers(BUNDLE_DICT)
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
    question = BUNDLE.question("student-messages-personal-account")
    wrong = next(c for c in question.choices if not c.correct)
    result = grade_attempt(BUNDLE, {"questions": [{"id": question.id}]}, {question.id: [wrong.id]})
    (item,) = result["results"]
    assert item["feedback"] == [{"choice": wrong.id, "text": wrong.text, "correct": False, "feedback": wrong.feedback}]
    assert item["citations"][0]["number"] == "2.3"


def test_unanswered_questions_count_as_wrong():
    result = grade_attempt(BUNDLE, ALL, {})
    assert result["score"] == 0 and not any(r["answered"] for r in result["results"])


@pytest.mark.parametrize(
    "answers, message",
    [({"nope": ["a"]}, "not in this attempt: nope"),
     ({"students-join-email": ["z"]}, "has no choice 'z'"),
     ({"students-join-email": ["a", "b"]}, "takes one answer, not 2"),
     ({"students-join-email": "a"}, "must be a list of choice ids"),
     ("a", "answers must map")],
)
def test_bad_answers_are_clear_errors(answers, message):
    with pytest.raises(EngineError, match=message):
        grade_attempt(BUNDLE, ALL, answers)


def test_api_is_json_in_json_out_and_never_raises():
    assert json.loads(api.handle("{"))["ok"] is False
    assert "request needs an op" in json.loads(api.handle('{"op": "nope"}'))["error"]
    assert json.loads(api.handle(json.dumps({"op": "load", "bundle": {"format": 99}})))["error"].startswith("bundle format")
    loaded = json.loads(api.handle(json.dumps({"op": "load", "bundle": BUNDLE_DICT})))
    assert loaded == {"ok": True, "fingerprint": BUNDLE.fingerprint, "questions": 22}
    attempt = json.loads(api.handle('{"op": "make_attempt", "seed": 3}'))["attempt"]
    graded = json.loads(api.handle(json.dumps({"op": "grade", "attempt": attempt, "answers": {}})))
    assert graded["ok"] is True and graded["total"] == 22

"""The engine's contract: ``quiz.api.handle`` answers every request and never raises.

Whatever string it is sent, the answer is a JSON object with a boolean
``ok``; when ``ok`` is false, ``error`` says what is wrong. An answer that
starts "internal error" is the catch-all in ``handle`` catching a bug, so it
fails every test here.

Property-based tests (hypothesis) send arbitrary JSON, arbitrary requests
built from the engine's ops and fields, and the real requests and the real
bundle with parts of them broken. They are deterministic (``derandomize``,
no example database) and bounded (``max_examples``). Plain tests cover each
shape that used to raise, and each limit in ``quiz.limits``.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import api
from quiz.bundle import read_bundle
from quiz.errors import EngineError
from quiz.grading import grade_attempt
from quiz.limits import MAX_FACTS, MAX_JSON_DEPTH, MAX_QUESTIONS, MAX_REQUEST_CHARS
from quiz.scenario import check_scenario

import engine_requests
from engine_fixture import BUNDLE, BUNDLE_JSON

REAL_BUNDLE = json.loads(json.dumps(engine_requests.real_bundle()))  # plain JSON, as the browser sends it
REAL_REQUESTS = [json.loads(r) for r in engine_requests.request_sequence(REAL_BUNDLE)[:-1]]  # the last is "not json"
EXAMPLE_FACTS = [r["facts"] for r in REAL_REQUESTS if r["op"] == "check_scenario"]
QUESTION_IDS = [q["id"] for q in REAL_BUNDLE["questions"]]
CHOICES_OF = {q["id"]: [c["id"] for c in q["choices"]] for q in REAL_BUNDLE["questions"]}
FACT_NAMES = [f["name"] for f in REAL_BUNDLE["facts"]]
ANSWERS_TO = {f["name"]: [v["value"] for v in f["values"]] or ["yes", "no", True, False] for f in REAL_BUNDLE["facts"]}
for allowed in ANSWERS_TO.values():
    allowed.append("")  # not answered
OPS = ("load", "make_attempt", "grade", "check_scenario")
LOAD_REAL = json.dumps({"op": "load", "bundle": REAL_BUNDLE})


def contract(max_examples: int) -> settings:
    """Deterministic and bounded: the same examples on every run, none stored, no timing."""
    return settings(
        derandomize=True,
        database=None,
        deadline=None,
        max_examples=max_examples,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module", autouse=True)
def _leave_the_loaded_bundle_as_it_was():
    # The engine keeps the loaded bundle between calls; other test modules load their own.
    before = api._loaded
    yield
    api._loaded = before


def answer(request) -> dict:
    """Send ``request`` (a string as is, anything else as JSON) and check the contract of the answer."""
    text = request if isinstance(request, str) else json.dumps(request)
    response = api.handle(text)
    assert isinstance(response, str)
    parsed = json.loads(response)
    assert isinstance(parsed, dict) and isinstance(parsed.get("ok"), bool), response[:500]
    if not parsed["ok"]:
        assert isinstance(parsed.get("error"), str) and parsed["error"], response[:500]
    assert "internal error" not in response, response[:2000]
    return parsed


def error_of(request) -> str:
    parsed = answer(request)
    assert parsed["ok"] is False, str(parsed)[:500]
    return parsed["error"]


def load(bundle: dict) -> dict:
    return answer({"op": "load", "bundle": bundle})


# --- strategies -----------------------------------------------------------------

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
KEYS = st.sampled_from(["op", "id", "questions", "choices", "facts", "all", "any", "not", "fact", "is", "in"]) | st.text(max_size=8)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)


def mostly(likely, anything=JSON_VALUES):
    """A plausible value three times in four, any JSON value otherwise."""
    return st.integers(0, 3).flatmap(lambda pick: anything if pick == 0 else likely)


@st.composite
def grade_requests(draw):
    """An attempt of real question ids, and answers of real choice ids to some of them."""
    ids = draw(st.lists(st.sampled_from(QUESTION_IDS), unique=True, max_size=25))
    answered = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    answers = {qid: draw(st.lists(st.sampled_from(CHOICES_OF[qid]), max_size=2)) for qid in answered}
    request = {"op": "grade", "attempt": {"seed": 0, "questions": [{"id": qid} for qid in ids]}, "answers": answers}
    if draw(st.booleans()):
        request["pass_mark"] = draw(st.integers(0, 100))
    return request


@st.composite
def check_requests(draw):
    """Allowed answers to some of the real facts."""
    names = draw(st.lists(st.sampled_from(FACT_NAMES), unique=True))
    return {"op": "check_scenario", "facts": {name: draw(st.sampled_from(ANSWERS_TO[name])) for name in names}}


ANY_FIELDS = st.fixed_dictionaries(
    {"op": mostly(st.sampled_from(OPS))},
    optional={
        "bundle": mostly(st.just(BUNDLE_JSON)),
        "seed": mostly(st.integers()),
        "count": mostly(st.integers(-3, 30)),
        "attempt": JSON_VALUES,
        "answers": JSON_VALUES,
        "pass_mark": mostly(st.integers(-10, 110)),
        "facts": JSON_VALUES,
    },
)
ATTEMPT_REQUESTS = st.fixed_dictionaries(
    {"op": st.just("make_attempt"), "seed": mostly(st.integers())}, optional={"count": mostly(st.integers(0, 25))}
)
# Requests of the right shape; the tests also send them with parts broken.
WELL_FORMED = st.one_of(grade_requests(), check_requests(), ATTEMPT_REQUESTS)


def _places(value, path=()):
    """Every place in a JSON value, as the keys and indexes that lead to it."""
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _places(inner, (*path, index))


def _at(value, path):
    for step in path:
        value = value[step]
    return value


@st.composite
def broken(draw, original):
    """``original`` with one to three places replaced, removed, wrapped, repeated or renamed."""
    value = json.loads(json.dumps(original))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(value))[1:]  # the whole value: see test_any_json_value_gets_an_answer
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent, step = _at(value, path[:-1]), path[-1]
        change = draw(st.sampled_from(["replace", "other type", "remove", "wrap", "repeat", "rename"]))
        if change == "replace":
            parent[step] = draw(JSON_VALUES)
        elif change == "other type":
            parent[step] = draw(st.sampled_from([None, True, 0, -1, 1.5, "", "x", [], {}]))
        elif change == "remove":
            del parent[step]
        elif change == "wrap":
            parent[step] = [parent[step]]
        elif change == "repeat" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[step])))
        elif change == "rename" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = parent.pop(step)
    return value


# --- properties -----------------------------------------------------------------


@contract(max_examples=150)
@given(JSON_VALUES)
def test_any_json_value_gets_an_answer(value):
    answer(LOAD_REAL)
    answer(value)


@contract(max_examples=100)
@given(st.text(max_size=40) | st.text(alphabet='[]{}"\\:,1 ', max_size=60))
def test_any_text_gets_an_answer(text):
    answer(text)


@contract(max_examples=300)
@given(st.one_of(WELL_FORMED, ANY_FIELDS))
def test_any_request_built_from_the_ops_and_fields_gets_an_answer(request):
    answer(LOAD_REAL)
    answer(request)


@contract(max_examples=300)
@given(st.one_of(st.sampled_from(REAL_REQUESTS), WELL_FORMED).flatmap(broken))
def test_a_broken_request_gets_an_answer(request):
    answer(LOAD_REAL)
    answer(request)


@contract(max_examples=500)
@given(st.just(REAL_BUNDLE).flatmap(broken), st.integers(0, 3))
def test_a_broken_bundle_is_refused_or_works_for_every_op(bundle, seed):
    """A bundle that loads must then work: attempts, grading and every worked example."""
    if not load(bundle)["ok"]:
        return
    made = answer({"op": "make_attempt", "seed": seed})
    if made["ok"]:
        attempt = made["attempt"]
        first_choices = {q["id"]: q["choices"][:1] for q in attempt["questions"]}
        answer({"op": "grade", "attempt": attempt, "answers": first_choices})
        answer({"op": "grade", "attempt": attempt, "answers": {}, "pass_mark": 50})
    for facts in [{}, *EXAMPLE_FACTS]:
        answer({"op": "check_scenario", "facts": facts})


# --- each shape that used to raise ----------------------------------------------


@pytest.mark.parametrize("op", [[], {}, 1, None, True, "nope"])
def test_an_op_that_is_not_one_of_the_names_is_refused(op):
    assert error_of({"op": op}).startswith("request needs an op, one of: load, make_attempt, grade, check_scenario")


@pytest.mark.parametrize("request_text", ["[]", "1", '"load"', "null"])
def test_a_request_that_is_not_an_object_is_refused(request_text):
    assert error_of(request_text).startswith("request needs an op")


@pytest.mark.parametrize("not_text", [b'{"op": "load"}', None, 12])
def test_a_request_that_is_not_text_is_refused(not_text):
    response = json.loads(api.handle(not_text))
    assert response == {"ok": False, "error": f"request must be JSON text, not {type(not_text).__name__}"}


@pytest.mark.parametrize(
    "question_id, shown", [([1], "a list"), ({"id": "one"}, "an object"), (1, "a number"), (None, "null")]
)
def test_a_question_id_in_an_attempt_must_be_text(question_id, shown):
    load(BUNDLE_JSON)
    questions = [{"id": "one"}, {"id": "two"}, {"id": "three"}, {"id": question_id}]
    error = error_of({"op": "grade", "attempt": {"questions": questions}, "answers": {}})
    assert error == f"attempt.questions[3].id must be text, not {shown}"


@pytest.mark.parametrize(
    "questions, message",
    [("one", "attempt must have a list of questions with ids"),
     (["one"], "attempt.questions[0] must be an object, not text"),
     ([{"question": "one"}], "attempt.questions[0].id is missing"),
     ([{"id": "one"}, {"id": "one"}], "attempt.questions[1].id 'one' is listed twice; each must be different"),
     ([{"id": "nope"}], "unknown question id 'nope'")],
)
def test_a_malformed_attempt_is_a_clear_error(questions, message):
    load(BUNDLE_JSON)
    assert error_of({"op": "grade", "attempt": {"questions": questions}, "answers": {}}) == message


@pytest.mark.parametrize("answers", [{"one": [["a"]]}, {"one": [{"a": 1}]}, {"one": None}, {"one": {"a": True}}])
def test_an_answer_that_is_not_a_list_of_choice_ids_is_a_clear_error(answers):
    load(BUNDLE_JSON)
    error = error_of({"op": "grade", "attempt": {"questions": [{"id": "one"}]}, "answers": answers})
    assert error == "the answer to 'one' must be a list of choice ids"


@pytest.mark.parametrize("given, shown", [([1], "a list"), ({"yes": True}, "an object"), ([], "a list")])
def test_a_yes_no_fact_given_a_list_or_an_object_is_a_clear_error(given, shown):
    load(REAL_BUNDLE)
    error = error_of({"op": "check_scenario", "facts": {"is_site_admin": given}})
    assert error == f'fact "is_site_admin" is yes/no: write yes or no, not {shown}'


def test_a_fact_with_values_given_a_list_is_a_clear_error():
    load(REAL_BUNDLE)
    error = error_of({"op": "check_scenario", "facts": {"account": ["personal"]}})
    assert error == 'fact "account" takes one value, not a list; allowed: personal, professional, district_school'


def _bundle_with(change, original=BUNDLE_JSON) -> dict:
    bundle = json.loads(json.dumps(original))
    change(bundle)
    return bundle


def _set(path, value):
    def change(bundle):
        _at(bundle, path[:-1])[path[-1]] = value
    return change


@pytest.mark.parametrize(
    "change, message",
    [
        (_set(["clauses"], []), "bundle.clauses must be an object, not a list"),
        (_set(["clauses", "1.1"], "Staff must"), 'bundle.clauses["1.1"] must be an object, not text'),
        (_set(["clauses", "1.1", "number"], "1.2"), 'bundle.clauses["1.1"].number must be "1.1", the same as its key'),
        (lambda b: b["clauses"].update({"one": b["clauses"]["1.1"]}), 'bundle.clauses["one"] is not named by a clause number like 1.10.2'),
        (_set(["clauses", "1.1", "text"], ["Staff"]), 'bundle.clauses["1.1"].text must be text, not a list'),
        (_set(["questions"], {}), "bundle.questions must be a list, not an object"),
        (_set(["questions", 0], "one"), "bundle.questions[0] must be an object, not text"),
        (_set(["questions", 0, "id"], 1), "bundle.questions[0].id must be text, not a number"),
        (_set(["questions", 0, "cites"], "1.1"), "bundle.questions[0].cites must be a list, not text"),
        (_set(["questions", 0, "cites"], []), "question 'one' cites no clause"),
        (_set(["questions", 0, "cites"], ["9.9"]), "question 'one' cites clause 9.9, which is not in the bundle"),
        (_set(["questions", 0, "choices"], None), "bundle.questions[0].choices must be a list, not null"),
        (_set(["questions", 0, "choices", 1], ["b"]), "bundle.questions[0].choices[1] must be an object, not a list"),
        (_set(["questions", 0, "choices", 1, "correct"], "yes"), "bundle.questions[0].choices[1].correct must be true or false, not text"),
        (_set(["questions", 0, "choices", 1, "id"], "a"), "bundle.questions[0].choices[1].id 'a' is listed twice; each must be different"),
        (_set(["questions", 1, "id"], "one"), "bundle.questions[1].id 'one' is listed twice; each must be different"),
        (lambda b: b["questions"][2].pop("prompt"), "bundle.questions[2].prompt is missing"),
        (_set(["sections", 0], "1"), "bundle.sections[0] must be an object, not text"),
        (_set(["quiz", "pass_mark"], "80"), "bundle.quiz.pass_mark must be a whole percent from 0 to 100"),
        (_set(["policy"], None), "bundle.policy must be an object, not null"),
        (_set(["facts"], {"name": "a"}), "bundle.facts must be a list, not an object"),
        (_set(["facts"], ["a"]), "bundle.facts[0] must be an object, not text"),
    ],
)
def test_a_bundle_with_a_wrong_type_is_refused_saying_where(change, message):
    assert error_of({"op": "load", "bundle": _bundle_with(change)}) == f"{message}; rebuild the site"


def _first_rule_of(clause: str, path: list, value):
    return _set(["clauses", clause, "scenario", 0, *path], value)


@pytest.mark.parametrize(
    "change, message",
    [
        (_set(["facts", 0, "name"], 5), "bundle.facts[0].name must be text, not a number"),
        (_set(["facts", 0, "values"], "personal"), "bundle.facts[0].values must be a list, not text"),
        (_set(["facts", 0, "values", 0, "label"], None), "bundle.facts[0].values[0].label must be text, not null"),
        (_set(["facts", 1, "name"], "account"), "bundle.facts[1].name 'account' is listed twice; each must be different"),
        (_set(["facts", 1, "asked_when"], {"fact": "account"}),
         "bundle.facts[1].asked_when must be a condition, one of {fact, is}, {fact, in}, {all}, {any} or {not}; it has fact"),
        (_set(["facts", 1, "asked_when", "in"], "professional"), "bundle.facts[1].asked_when.in must be a list, not text"),
        (_first_rule_of("1.9", ["when"], {"all": "x"}), 'bundle.clauses["1.9"].scenario[0].when.all must be a list, not text'),
        (_first_rule_of("1.9", ["when"], {"not": [1]}),
         'bundle.clauses["1.9"].scenario[0].when.not must be a condition, one of {fact, is}, {fact, in}, {all}, {any} or {not}; it is a list'),
        (_first_rule_of("1.9", ["when"], {"fact": "x", "is": [True]}), 'bundle.clauses["1.9"].scenario[0].when.is must be true, false or text, not a list'),
        (_first_rule_of("1.9", ["requires"], "consent"), 'bundle.clauses["1.9"].scenario[0].requires must be a list, not text'),
        (_first_rule_of("1.9", ["requires", 0], 1), 'bundle.clauses["1.9"].scenario[0].requires[0] must be text, not a number'),
    ],
)
def test_a_bundle_with_wrong_facts_or_rules_is_refused_saying_where(change, message):
    assert error_of({"op": "load", "bundle": _bundle_with(change, REAL_BUNDLE)}) == f"{message}; rebuild the site"


def test_a_true_not_over_an_unanswered_fact_gives_only_the_answered_reasons():
    # {not: {all: [a, b]}} is true once a is false, with b still unanswered:
    # the reasons used to look up b's answer and raise KeyError.
    facts = [{"name": n, "question": f"{n}?", "help": None, "values": [], "asked_when": None} for n in ("a", "b")]
    rule = {"when": {"not": {"all": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}}, "informs": ["the first thing"]}
    bundle = _bundle_with(lambda b: (b.update(facts=facts), b["clauses"]["1.1"].update(scenario=[rule])))
    load(bundle)
    result = answer({"op": "check_scenario", "facts": {"a": "no"}})
    assert result["ok"] is True
    assert [r["fact"] for r in result["clauses"][0]["because"]] == ["a"]


# --- the limits -----------------------------------------------------------------


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_json_is_refused_before_parsing():
    assert error_of(_nested(100_000)) == (
        "request is nested too deeply: 100,000 levels of lists and objects; the most the engine accepts is 64"
    )


def test_nesting_up_to_the_limit_is_parsed_and_brackets_in_text_do_not_count():
    assert error_of(_nested(MAX_JSON_DEPTH)).startswith("request needs an op")
    assert "nested too deeply" in error_of(_nested(MAX_JSON_DEPTH + 1))
    in_text = json.dumps({"op": "nope", "note": "[" * 100_000 + '\\"{'})
    assert error_of(in_text).startswith("request needs an op")
    assert "nested too deeply" in error_of('{"op": "nope", "note": "unterminated ' + "[" * 100)


def test_an_oversized_request_is_refused_before_parsing():
    start, end = json.dumps({"op": "load", "bundle": BUNDLE_JSON})[:-1] + ', "padding": "', '"}'
    padded = start + "x" * (MAX_REQUEST_CHARS - len(start) - len(end)) + end
    assert len(padded) == MAX_REQUEST_CHARS
    assert answer(padded)["ok"] is True
    assert error_of(padded + " ") == (
        "request is too large: 2,000,001 characters; the most the engine accepts is 2,000,000"
    )
    assert error_of("[" * (MAX_REQUEST_CHARS + 1)).startswith("request is too large")


def test_an_attempt_of_a_million_question_ids_is_refused_by_its_limit():
    million = {"questions": [{"id": "one"}] * 1_000_000}
    with pytest.raises(EngineError, match="^attempt.questions has 1,000,000 entries; the most the engine accepts is 1,000$"):
        grade_attempt(BUNDLE, million, {})
    # Sent as JSON it is 15 MB, far over the size limit, so it is not even parsed.
    assert error_of({"op": "grade", "attempt": million, "answers": {}}).startswith("request is too large: 15,000,")


def test_an_attempt_just_over_the_limit_is_refused_through_the_api():
    load(BUNDLE_JSON)
    over = {"questions": [{"id": f"q{i}"} for i in range(MAX_QUESTIONS + 1)]}
    assert error_of({"op": "grade", "attempt": over, "answers": {}}) == (
        "attempt.questions has 1,001 entries; the most the engine accepts is 1,000"
    )


def test_too_many_answers_or_facts_are_refused_by_their_limits():
    too_many = {f"q{i}": ["a"] for i in range(MAX_QUESTIONS + 1)}
    with pytest.raises(EngineError, match="^answers has 1,001 entries"):
        grade_attempt(BUNDLE, {"questions": [{"id": "one"}]}, too_many)
    real = read_bundle(REAL_BUNDLE)
    with pytest.raises(EngineError, match="^facts has 1,001 entries"):
        check_scenario(real, {f"fact{i}": "yes" for i in range(MAX_FACTS + 1)})


def _bundle_of(questions: int) -> dict:
    one = BUNDLE_JSON["questions"][0]
    return _bundle_with(lambda b: b.update(questions=[{**one, "id": f"q{i}"} for i in range(questions)]))


def test_a_bundle_at_the_question_limit_can_be_loaded_attempted_and_graded():
    """The limits fit together: the biggest bundle allowed makes attempts that can be graded."""
    assert load(_bundle_of(MAX_QUESTIONS))["questions"] == MAX_QUESTIONS
    attempt = answer({"op": "make_attempt", "seed": 1})["attempt"]
    graded = answer({"op": "grade", "attempt": attempt, "answers": {q["id"]: ["a"] for q in attempt["questions"]}})
    assert (graded["score"], graded["total"]) == (MAX_QUESTIONS, MAX_QUESTIONS)
    assert error_of({"op": "load", "bundle": _bundle_of(MAX_QUESTIONS + 1)}).startswith(
        "bundle.questions has 1,001 entries; the most the engine accepts is 1,000"
    )


# --- the catch-all --------------------------------------------------------------


def test_an_unexpected_exception_is_answered_as_an_internal_error(monkeypatch):
    def broken_operation(request):
        raise RuntimeError("boom")

    monkeypatch.setitem(api.OPERATIONS, "make_attempt", broken_operation)
    response = json.loads(api.handle('{"op": "make_attempt", "seed": 1}'))
    assert response == {"ok": False, "error": "internal error: RuntimeError: boom"}

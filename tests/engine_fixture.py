"""A small, fixed bundle for the engine's logic tests.

Grading, attempts and pass marks are tested against this, not the real
question bank, so adding a question to policy_src/questions.yaml never breaks
a test of how grading works. Tests of the real data live elsewhere.
"""

from __future__ import annotations

from quiz.bundle import Bundle, Choice, Clause, Question, Section


def _choices(*texts: str, correct: set[int], feedback: dict[int, str] | None = None) -> tuple[Choice, ...]:
    feedback = feedback or {}
    return tuple(Choice(chr(ord("a") + i), text, i in correct, feedback.get(i)) for i, text in enumerate(texts))


CLAUSES = {
    "1.1": Clause("1.1", "must", "Must", "Staff must do the first thing."),
    "1.2": Clause("1.2", "should", "Recommended", "Staff should do the second thing."),
    "2.1": Clause("2.1", "must_not", "Must not", "Staff must not do the third thing."),
    "2.2": Clause("2.2", "may", "May", "Staff may do the fourth thing."),
    "3.1": Clause("3.1", None, None, None),  # text missing from the supplied document: never cited
}

QUESTIONS = (
    Question("one", "single", "First?", ("1.1",), _choices("Right", "Wrong", correct={0}), "Because 1.1."),
    Question(
        "two", "multiple", "Second?", ("1.2", "1.1"),
        _choices("Right A", "Right B", "Wrong", correct={0, 1}), "Because 1.2 and 1.1.",
    ),
    Question(
        "three", "true_false", "Third is allowed.", ("2.1",),
        (Choice("true", "True", False), Choice("false", "False", True)), "Because 2.1.",
    ),
    Question(
        "four", "situation", "Fourth?", ("2.2",),
        _choices("Wrong", "Right", correct={1}, feedback={0: "Clause 2.2 allows it."}), "Because 2.2.",
        situation="A colleague asks.",
    ),
    Question("five", "single", "Fifth?", ("2.1",), _choices("Wrong", "Right", "Wrong too", correct={1}), "Because 2.1."),
)

BUNDLE = Bundle(
    title="Fixture procedure",
    designation="Administrative Procedure 0",
    slug="fixture",
    version=None,
    fingerprint="0123456789abcdef",
    procedure_url="../procedure/",
    sections=(Section("1", "First"), Section("2", "Second"), Section("3", "Third")),
    clauses=CLAUSES,
    questions=QUESTIONS,
    pass_mark=80,
)
BUNDLE_JSON = BUNDLE.to_json()


def right_answers(bundle: Bundle = BUNDLE) -> dict[str, list[str]]:
    return {q.id: sorted(q.correct_ids) for q in bundle.questions}


def wrong_answers(bundle: Bundle = BUNDLE) -> dict[str, list[str]]:
    return {q.id: [next(c.id for c in q.choices if not c.correct)] for q in bundle.questions}

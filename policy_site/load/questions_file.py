"""Read the self-assessment question bank (``policy_src/questions.yaml``).

Questions are ours, not the district's: each cites the clause(s) it tests, and
the site shows those clauses verbatim beside the explanation. Loading checks
that every citation exists, every question can be answered correctly, and
every clause that asks something of staff (must, must not, should) is tested.
"""

from __future__ import annotations

from pathlib import Path

from ..common.problems import Location, ProblemLog
from ..model.policy import Clause, Policy
from ..model.questions import DEFAULT_PASS_MARK, QUESTION_TYPES, TESTED_KINDS, Choice, Question, QuestionBank
from .shapes import Boolean, Field, Integer, ListOf, LocatedDict, Record, Text, read_source_file
from .yaml_tree import collector_paused

QUESTIONS_FILE = "questions.yaml"

QUESTIONS = Record(
    "questions file",
    {
        "settings": Field(
            Record("settings", {"pass_mark": Field(Integer(0, 100), doc="Percent needed to pass (default 80).")})
        ),
        "questions": Field(
            ListOf(
                Record(
                    "question",
                    {
                        "id": Field(Text(pattern=r"[a-z0-9]+(-[a-z0-9]+)*", hint="use lower-case words joined by hyphens, like consent-before-joining"), True, "Stable id; never reuse one."),
                        "type": Field(Text(choices=QUESTION_TYPES), True),
                        "cites": Field(ListOf(Text(), min_items=1), True, "Numbers of the clauses this question tests."),
                        "situation": Field(Text(), doc="For type situation: the short story the question is about."),
                        "prompt": Field(Text(), True),
                        "answer": Field(Boolean(), doc="For type true_false: the correct answer."),
                        "choices": Field(
                            ListOf(
                                Record(
                                    "choice",
                                    {
                                        "text": Field(Text(), True),
                                        "correct": Field(Boolean()),
                                        "feedback": Field(Text(), doc="Shown when this choice is picked."),
                                    },
                                )
                            )
                        ),
                        "explanation": Field(Text(), True, "Why the answer is right, in plain words."),
                    },
                ),
                min_items=1,
            ),
            True,
        ),
    },
)


@collector_paused()  # thousands of small objects, no cycles: see yaml_tree
def read_question_bank(source_dir: Path, policy: Policy | None, log: ProblemLog) -> QuestionBank | None:
    """Read and check questions.yaml against ``policy``; problems go to ``log``.

    A procedure without questions.yaml is published for reading only: its
    bank is empty and it has no self-assessment.
    """
    if not (source_dir / QUESTIONS_FILE).exists():
        return QuestionBank(())
    raw = read_source_file(source_dir / QUESTIONS_FILE, QUESTIONS, log, "the self-assessment needs it")
    if raw is None:
        return None
    questions: list[Question] = []
    seen: dict[str, Location] = {}
    clauses = {c.number: c for c in policy.clauses} if policy is not None else {}
    for item in raw.get("questions", []):
        question = _question(item, log)
        if question is None:
            continue
        if question.id in seen:
            log.error(question.location, f'duplicate question id "{question.id}" (first at line {seen[question.id].line}); ids must be unique')
            continue
        seen[question.id] = question.location
        questions.append(question)
        if policy is not None:
            _check_citations(item, question, clauses, log)
    bank = QuestionBank(tuple(questions), raw.get("settings", {}).get("pass_mark", DEFAULT_PASS_MARK))
    if policy is not None and len(questions) == len(raw.get("questions", [])):
        _check_coverage(bank, policy, log)
    return bank


def _question(raw: LocatedDict, log: ProblemLog) -> Question | None:
    if not all(k in raw for k in ("id", "type", "cites", "prompt", "explanation")):
        return None  # the missing or invalid key was reported already
    qid, qtype = str(raw["id"]), str(raw["type"])
    where = raw["id"].location
    if qtype == "true_false":
        if raw.written("choices"):
            log.error(raw.where("choices"), f'question "{qid}" is true_false: give "answer: true" or "answer: false" instead of choices')
            return None
        if "answer" not in raw:
            if not raw.written("answer"):
                log.error(raw.location, f'question "{qid}" is true_false but has no "answer: true" or "answer: false"')
            return None
        choices = (Choice("true", "True", raw["answer"] is True), Choice("false", "False", raw["answer"] is False))
    else:
        if raw.written("answer"):
            log.error(raw.where("answer"), '"answer" is only for true_false questions; mark the right choice with "correct: true"')
        raw_choices = raw.get("choices", [])
        if len(raw_choices) < 2:
            log.error(raw.where("choices"), f'question "{qid}" needs at least two choices')
            return None
        choices = tuple(
            Choice(chr(ord("a") + i), str(c["text"]), c.get("correct", False) is True, _optional(c.get("feedback")))
            for i, c in enumerate(raw_choices)
            if "text" in c
        )
        correct = sum(c.correct for c in choices)
        if correct == 0:
            log.error(raw.where("choices"), f'question "{qid}" has no correct answer; mark one choice with "correct: true"')
        elif correct > 1 and qtype != "multiple":
            log.error(raw.where("choices"), f'question "{qid}" is {qtype} but has {correct} correct choices; use type multiple or mark only one')
    if qtype == "situation" and "situation" not in raw:
        log.error(raw.location, f'question "{qid}" is a situation question but has no "situation" text')
    if qtype != "situation" and raw.written("situation"):
        log.error(raw.where("situation"), '"situation" is only for situation questions; change type to situation or remove it')
    return Question(
        id=qid,
        type=qtype,
        prompt=str(raw["prompt"]),
        cites=tuple(raw["cites"]),
        choices=choices,
        explanation=str(raw["explanation"]),
        situation=_optional(raw.get("situation")),
        location=where,
    )


def _optional(value) -> str | None:
    return str(value) if value is not None else None


def _check_citations(raw: LocatedDict, question: Question, clauses: dict[str, Clause], log: ProblemLog) -> None:
    for number in raw["cites"]:
        clause = clauses.get(str(number))
        if clause is None:
            log.error(number.location, f'question "{question.id}" cites clause {number}, which does not exist in policy.yaml')
        elif clause.text is None:
            log.error(number.location, f'question "{question.id}" cites clause {number}, whose text is missing from the supplied document')


def _check_coverage(bank: QuestionBank, policy: Policy, log: ProblemLog) -> None:
    cited = {number for question in bank.questions for number in question.cites}
    for clause in policy.clauses:
        if clause.kind in TESTED_KINDS and clause.number not in cited:
            log.error(
                clause.location,
                f'clause {clause.number} ({clause.kind_label}) has no question; add one to {QUESTIONS_FILE} that cites "{clause.number}"',
            )

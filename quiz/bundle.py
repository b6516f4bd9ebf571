"""The bundle: everything the engine knows about a policy, and its JSON format.

This module is the one home of the format. The build side
(``policy_site.engine_assets``) makes these objects from its model and writes
``Bundle.to_json()`` into the site; the engine reads it back with
``read_bundle``. Nothing else spells out the bundle's keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .clause_numbers import CLAUSE_NUMBER_PATTERN, clause_anchor, section_of
from .conditions import read_condition
from .errors import EngineError
from .json_input import a_list, all_different, an_object, list_of, member, optional_text, percent, text, true_or_false
from .limits import MAX_CLAUSES, MAX_FACTS, MAX_QUESTIONS, MAX_VERSIONS, at_most
from .vocabulary import EFFECTS

BUNDLE_FORMAT = 1


@dataclass(frozen=True)
class ScenarioRule:
    """When a clause applies to a situation (``when``, a condition as JSON, see
    ``quiz.conditions``) and what it then does: for each of ``EFFECTS``, quotes
    taken word for word from the clause."""

    when: dict = field(hash=False)
    effects: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def quotes(self, effect: str) -> tuple[str, ...]:
        return self.effects.get(effect, ())

    def to_json(self) -> dict:
        return {"when": self.when, **{name: list(self.quotes(name)) for name in EFFECTS}}


@dataclass(frozen=True)
class Clause:
    number: str
    kind: str | None
    kind_label: str | None
    text: str | None
    scenario: tuple[ScenarioRule, ...] = ()

    @property
    def anchor(self) -> str:
        return clause_anchor(self.number)

    @property
    def section(self) -> str:
        return section_of(self.number)

    def citation(self, procedure_url: str) -> dict:
        """How a cited clause is shown: number, kind, verbatim text and a link to its anchor."""
        return {
            "number": self.number,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "text": self.text,
            "href": f"{procedure_url}#{self.anchor}",
        }

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "text": self.text,
            "anchor": self.anchor,
            "section": self.section,
            "scenario": [rule.to_json() for rule in self.scenario],
        }


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool
    feedback: str | None = None

    def to_json(self) -> dict:
        return {"id": self.id, "text": self.text, "correct": self.correct, "feedback": self.feedback}


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    cites: tuple[str, ...]
    choices: tuple[Choice, ...]
    explanation: str
    situation: str | None = None

    @property
    def section(self) -> str:
        """A question belongs to the section of the first clause it cites."""
        return section_of(self.cites[0])

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.correct)

    @property
    def keeps_choice_order(self) -> bool:
        # "True" before "False" reads naturally; shuffling them helps no one.
        return self.type == "true_false"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "prompt": self.prompt,
            "situation": self.situation,
            "cites": list(self.cites),
            "choices": [c.to_json() for c in self.choices],
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class FactValue:
    value: str
    label: str


@dataclass(frozen=True)
class Fact:
    """A question the checker asks; no ``values`` means a yes/no question."""

    name: str
    question: str
    help: str | None = None
    values: tuple[FactValue, ...] = ()
    asked_when: dict | None = field(default=None, hash=False)

    @property
    def is_yes_no(self) -> bool:
        return not self.values

    @property
    def value_names(self) -> tuple[str, ...]:
        return tuple(v.value for v in self.values)

    def label_of(self, value: bool | str) -> str:
        """What a person reads for an answer: "Yes"/"No" or the value's label."""
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return next(v.label for v in self.values if v.value == value)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "question": self.question,
            "help": self.help,
            "values": [{"value": v.value, "label": v.label} for v in self.values],
            "asked_when": self.asked_when,
        }


@dataclass(frozen=True)
class Section:
    number: str
    title: str


@dataclass(frozen=True)
class Version:
    """A released version of the procedure, as a stored pass may name it (by
    its text fingerprint), with the clauses whose wording or kind changed
    since, numbered as they are now: what a re-assessment covers."""

    label: str
    fingerprint: str
    effective: str | None = None
    changed_since: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"label": self.label, "fingerprint": self.fingerprint, "effective": self.effective,
                "changed_since": list(self.changed_since)}


@dataclass(frozen=True)
class Bundle:
    title: str
    designation: str
    slug: str
    version: str | None
    fingerprint: str
    procedure_url: str
    sections: tuple[Section, ...]
    clauses: dict[str, Clause] = field(hash=False)
    questions: tuple[Question, ...]
    pass_mark: int
    facts: tuple[Fact, ...] = ()
    # What the supplied document lacks (the gap notes), and whom staff should
    # ask: every checker answer says so, since silence in an incomplete text
    # decides nothing.
    gaps: tuple[str, ...] = ()
    ask: str | None = None
    # The released versions, oldest first; the text here is the last of them
    # unless it has unreleased changes.
    versions: tuple[Version, ...] = ()

    def question(self, question_id: str) -> Question:
        """The question with this id (a dict lookup: grading asks once per question)."""
        try:
            return self._questions_by_id[question_id]
        except KeyError:
            raise EngineError(f"unknown question id {question_id!r}") from None

    @cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        by_id: dict[str, Question] = {}
        for question in self.questions:
            by_id.setdefault(question.id, question)  # the first, as a scan from the top would find
        return by_id

    def to_json(self) -> dict:
        return {
            "format": BUNDLE_FORMAT,
            "policy": {
                "title": self.title,
                "designation": self.designation,
                "slug": self.slug,
                "version": self.version,
                "fingerprint": self.fingerprint,
                "procedure_url": self.procedure_url,
                "gaps": list(self.gaps),
                "ask": self.ask,
            },
            "sections": [{"number": s.number, "title": s.title} for s in self.sections],
            "clauses": {number: clause.to_json() for number, clause in self.clauses.items()},
            "questions": [q.to_json() for q in self.questions],
            "quiz": {"pass_mark": self.pass_mark},
            "facts": [f.to_json() for f in self.facts],
            "versions": [v.to_json() for v in self.versions],
        }


def read_bundle(raw: Any) -> Bundle:
    """Turn the bundle's JSON into objects, failing clearly on a bundle of another format.

    Every value is checked here, once, as it enters the engine, so attempts,
    grading and the checker can trust the objects. A bundle the build wrote is
    always right; a wrong one was damaged or mixed with another version's
    engine, so the message names the first wrong place and says to rebuild.

    Raises:
        EngineError: what is wrong and where (``bundle.questions[3].cites``).
    """
    if not isinstance(raw, dict) or raw.get("format") != BUNDLE_FORMAT:
        raise EngineError(f"bundle format must be {BUNDLE_FORMAT}; rebuild the site")
    try:
        return _bundle(raw)
    except EngineError as exc:
        raise EngineError(f"{exc}; rebuild the site") from None


def _bundle(raw: dict) -> Bundle:
    policy = member(raw, "policy", "bundle", an_object)
    clauses = {
        number: _clause(number, clause, f'bundle.clauses["{number}"]')
        for number, clause in member(raw, "clauses", "bundle", an_object).items()
    }
    questions_raw = member(raw, "questions", "bundle", a_list)
    at_most(questions_raw, MAX_QUESTIONS, "bundle.questions")
    questions = list_of(questions_raw, "bundle.questions", _question)
    all_different([q.id for q in questions], "bundle.questions[{}].id")
    for question in questions:
        for number in question.cites:
            if number not in clauses:
                raise EngineError(f"question {question.id!r} cites clause {number}, which is not in the bundle")
    facts_raw = member(raw, "facts", "bundle", a_list, [])
    at_most(facts_raw, MAX_FACTS, "bundle.facts")
    facts = list_of(facts_raw, "bundle.facts", _fact)
    all_different([f.name for f in facts], "bundle.facts[{}].name")
    versions_raw = member(raw, "versions", "bundle", a_list, [])
    at_most(versions_raw, MAX_VERSIONS, "bundle.versions")
    versions = list_of(versions_raw, "bundle.versions", _version)
    for version in versions:
        for number in version.changed_since:
            if number not in clauses:
                raise EngineError(f"version {version.label!r} names changed clause {number}, which is not in the bundle")
    return Bundle(
        title=member(policy, "title", "bundle.policy", text),
        designation=member(policy, "designation", "bundle.policy", text, ""),
        slug=member(policy, "slug", "bundle.policy", text),
        version=member(policy, "version", "bundle.policy", optional_text, None),
        fingerprint=member(policy, "fingerprint", "bundle.policy", text),
        procedure_url=member(policy, "procedure_url", "bundle.policy", text),
        sections=tuple(list_of(member(raw, "sections", "bundle", a_list), "bundle.sections", _section)),
        clauses=clauses,
        questions=tuple(questions),
        pass_mark=member(member(raw, "quiz", "bundle", an_object), "pass_mark", "bundle.quiz", percent),
        facts=tuple(facts),
        gaps=tuple(list_of(member(policy, "gaps", "bundle.policy", a_list, []), "bundle.policy.gaps", text)),
        ask=member(policy, "ask", "bundle.policy", optional_text, None),
        versions=tuple(versions),
    )


def _version(raw: Any, where: str) -> Version:
    an_object(raw, where)
    changed = member(raw, "changed_since", where, a_list, [])
    at_most(changed, MAX_CLAUSES, f"{where}.changed_since")
    return Version(
        label=member(raw, "label", where, text),
        fingerprint=member(raw, "fingerprint", where, text),
        effective=member(raw, "effective", where, optional_text, None),
        changed_since=tuple(list_of(changed, f"{where}.changed_since", text)),
    )


def _section(raw: Any, where: str) -> Section:
    an_object(raw, where)
    return Section(member(raw, "number", where, text), member(raw, "title", where, text))


def _clause(number: str, raw: Any, where: str) -> Clause:
    # The number is the key, the anchor and the sort order: it must parse, and agree with the key.
    if not re.fullmatch(CLAUSE_NUMBER_PATTERN, number):
        raise EngineError(f"{where} is not named by a clause number like 1.10.2")
    an_object(raw, where)
    if member(raw, "number", where, text) != number:
        raise EngineError(f'{where}.number must be "{number}", the same as its key')
    return Clause(
        number,
        member(raw, "kind", where, optional_text),
        member(raw, "kind_label", where, optional_text),
        member(raw, "text", where, optional_text),
        tuple(list_of(member(raw, "scenario", where, a_list, []), f"{where}.scenario", _scenario_rule)),
    )


def _scenario_rule(raw: Any, where: str) -> ScenarioRule:
    an_object(raw, where)
    return ScenarioRule(
        member(raw, "when", where, read_condition),
        {name: tuple(list_of(member(raw, name, where, a_list, []), f"{where}.{name}", text)) for name in EFFECTS},
    )


def _question(raw: Any, where: str) -> Question:
    an_object(raw, where)
    question_id = member(raw, "id", where, text)
    cites = list_of(member(raw, "cites", where, a_list), f"{where}.cites", text)
    if not cites:
        raise EngineError(f"question {question_id!r} cites no clause")
    choices = list_of(member(raw, "choices", where, a_list), f"{where}.choices", _choice)
    all_different([c.id for c in choices], where + ".choices[{}].id")
    return Question(
        id=question_id,
        type=member(raw, "type", where, text),
        prompt=member(raw, "prompt", where, text),
        situation=member(raw, "situation", where, optional_text, None),
        cites=tuple(cites),
        choices=tuple(choices),
        explanation=member(raw, "explanation", where, text),
    )


def _choice(raw: Any, where: str) -> Choice:
    an_object(raw, where)
    return Choice(
        member(raw, "id", where, text),
        member(raw, "text", where, text),
        member(raw, "correct", where, true_or_false),
        member(raw, "feedback", where, optional_text, None),
    )


def _fact(raw: Any, where: str) -> Fact:
    an_object(raw, where)
    return Fact(
        name=member(raw, "name", where, text),
        question=member(raw, "question", where, text),
        help=member(raw, "help", where, optional_text, None),
        values=tuple(list_of(member(raw, "values", where, a_list, []), f"{where}.values", _fact_value)),
        asked_when=member(raw, "asked_when", where, _optional_condition, None),
    )


def _fact_value(raw: Any, where: str) -> FactValue:
    an_object(raw, where)
    return FactValue(member(raw, "value", where, text), member(raw, "label", where, text))


def _optional_condition(raw: Any, where: str) -> dict | None:
    return None if raw is None else read_condition(raw, where)

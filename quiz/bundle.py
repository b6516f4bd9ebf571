"""The bundle: everything the engine knows about a policy, and its JSON format.

This module is the one home of the format. The build side
(``policy_site.engine_assets``) makes these objects from its model and writes
``Bundle.to_json()`` into the site; the engine reads it back with
``read_bundle``. Nothing else spells out the bundle's keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .clause_numbers import clause_anchor, section_of
from .errors import EngineError
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

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise EngineError(f"unknown question id {question_id!r}")

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
            },
            "sections": [{"number": s.number, "title": s.title} for s in self.sections],
            "clauses": {number: clause.to_json() for number, clause in self.clauses.items()},
            "questions": [q.to_json() for q in self.questions],
            "quiz": {"pass_mark": self.pass_mark},
            "facts": [f.to_json() for f in self.facts],
        }


def read_bundle(raw: dict) -> Bundle:
    """Turn the bundle's JSON into objects, failing clearly on a bundle of another format."""
    if not isinstance(raw, dict) or raw.get("format") != BUNDLE_FORMAT:
        raise EngineError(f"bundle format must be {BUNDLE_FORMAT}; rebuild the site")
    try:
        policy = raw["policy"]
        clauses = {number: _clause(c) for number, c in raw["clauses"].items()}
        questions = tuple(_question(q) for q in raw["questions"])
        for question in questions:
            for number in question.cites:
                if number not in clauses:
                    raise EngineError(f"question {question.id!r} cites clause {number}, which is not in the bundle; rebuild the site")
        return Bundle(
            title=policy["title"],
            designation=policy.get("designation", ""),
            slug=policy["slug"],
            version=policy.get("version"),
            fingerprint=policy["fingerprint"],
            procedure_url=policy["procedure_url"],
            sections=tuple(Section(s["number"], s["title"]) for s in raw["sections"]),
            clauses=clauses,
            questions=questions,
            pass_mark=int(raw["quiz"]["pass_mark"]),
            facts=tuple(_fact(f) for f in raw.get("facts", [])),
        )
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as exc:
        if isinstance(exc, EngineError):
            raise
        raise EngineError(f"bundle is incomplete ({exc!r}); rebuild the site") from None


def _clause(raw: dict) -> Clause:
    rules = tuple(
        ScenarioRule(rule["when"], {name: tuple(rule.get(name, ())) for name in EFFECTS})
        for rule in raw.get("scenario", [])
    )
    return Clause(raw["number"], raw["kind"], raw["kind_label"], raw["text"], rules)


def _question(raw: dict) -> Question:
    if not raw["cites"]:
        raise EngineError(f"question {raw['id']!r} cites no clause; rebuild the site")
    return Question(
        id=raw["id"],
        type=raw["type"],
        prompt=raw["prompt"],
        situation=raw.get("situation"),
        cites=tuple(raw["cites"]),
        choices=tuple(Choice(c["id"], c["text"], bool(c["correct"]), c.get("feedback")) for c in raw["choices"]),
        explanation=raw["explanation"],
    )


def _fact(raw: dict) -> Fact:
    return Fact(
        name=raw["name"],
        question=raw["question"],
        help=raw.get("help"),
        values=tuple(FactValue(v["value"], v["label"]) for v in raw.get("values", [])),
        asked_when=raw.get("asked_when"),
    )

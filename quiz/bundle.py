"""The engine's view of the policy: the JSON bundle written at build time.

The build side (policy_site.bundle) writes it from the same clause objects as
the site; here it is read back into small frozen objects. Nothing in this
package reads files: the bundle arrives as a dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import EngineError

BUNDLE_FORMAT = 1


@dataclass(frozen=True)
class Clause:
    number: str
    kind: str | None
    kind_label: str | None
    text: str | None
    anchor: str
    section: str

    def citation(self, procedure_url: str) -> dict:
        """How a cited clause is shown: number, kind, verbatim text and a link to its anchor."""
        return {
            "number": self.number,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "text": self.text,
            "href": f"{procedure_url}#{self.anchor}",
        }


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool
    feedback: str | None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    situation: str | None
    cites: tuple[str, ...]
    choices: tuple[Choice, ...]
    explanation: str
    section: str

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.correct)

    @property
    def keeps_choice_order(self) -> bool:
        # "True" before "False" reads naturally; shuffling them helps no one.
        return self.type == "true_false"


@dataclass(frozen=True)
class Section:
    number: str
    title: str


@dataclass(frozen=True)
class Bundle:
    title: str
    slug: str
    version: str | None
    fingerprint: str
    procedure_url: str
    sections: tuple[Section, ...]
    clauses: dict[str, Clause]
    questions: tuple[Question, ...]
    pass_mark: int
    facts: list = field(default_factory=list)  # the checker's facts, as JSON
    raw_clauses: dict = field(default_factory=dict)  # clauses as JSON, with scenario rules

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise EngineError(f"unknown question id {question_id!r}")


def read_bundle(raw: dict) -> Bundle:
    """Turn the bundle dict into objects, failing clearly on a bundle of another format."""
    if not isinstance(raw, dict) or raw.get("format") != BUNDLE_FORMAT:
        raise EngineError(f"bundle format must be {BUNDLE_FORMAT}; rebuild the site")
    try:
        policy = raw["policy"]
        clauses = {
            number: Clause(number, c["kind"], c["kind_label"], c["text"], c["anchor"], c["section"])
            for number, c in raw["clauses"].items()
        }
        questions = tuple(
            Question(
                id=q["id"],
                type=q["type"],
                prompt=q["prompt"],
                situation=q.get("situation"),
                cites=tuple(q["cites"]),
                choices=tuple(Choice(c["id"], c["text"], bool(c["correct"]), c.get("feedback")) for c in q["choices"]),
                explanation=q["explanation"],
                section=clauses[q["cites"][0]].section,
            )
            for q in raw["questions"]
        )
        return Bundle(
            title=policy["title"],
            slug=policy["slug"],
            version=policy.get("version"),
            fingerprint=policy["fingerprint"],
            procedure_url=policy["procedure_url"],
            sections=tuple(Section(s["number"], s["title"]) for s in raw["sections"]),
            clauses=clauses,
            questions=questions,
            pass_mark=int(raw["quiz"]["pass_mark"]),
            facts=raw["facts"],
            raw_clauses=raw["clauses"],
        )
    except (KeyError, TypeError, IndexError) as exc:
        raise EngineError(f"bundle is incomplete ({exc!r}); rebuild the site") from None

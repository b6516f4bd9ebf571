"""Scenario facts (``facts.yaml``) and worked examples (``examples.yaml``).

Facts are the questions the "Can I do this?" checker asks; their names are a
public contract (links, the CLI, tests). Examples are facts with the expected
verdict and clauses: tests and documentation at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .conditions import CONDITION, Condition, FactInfo, read_condition
from .problems import Location, ProblemLog
from .schema import Field, ListOf, MapOf, Record, Scalar, Text, read_source_file

FACTS_FILE = "facts.yaml"
EXAMPLES_FILE = "examples.yaml"
VERDICTS = ("not_permitted", "permitted_with_requirements", "permitted", "needs_answers")
FACT_NAME = Text(pattern=r"[a-z][a-z0-9_]*", hint="use lower-case words joined by underscores, like is_site_admin")

FACTS = Record(
    "facts file",
    {
        "facts": Field(
            ListOf(
                Record(
                    "fact",
                    {
                        "name": Field(FACT_NAME, True, "Public name used in links and the CLI; never rename."),
                        "question": Field(Text(), True, "The question as the checker asks it."),
                        "help": Field(Text(), doc="One sentence that helps people answer."),
                        "values": Field(
                            ListOf(
                                Record(
                                    "value",
                                    {
                                        "value": Field(FACT_NAME, True, "Used in links and conditions."),
                                        "label": Field(Text(), True, "What people see."),
                                    },
                                ),
                                min_items=2,
                            ),
                            doc="For a choice; leave out for a yes/no question.",
                        ),
                        "asked_when": Field(CONDITION, doc="Only ask when this condition (over earlier facts) is true."),
                    },
                ),
                min_items=1,
            ),
            True,
        )
    },
)

EXAMPLES = Record(
    "examples file",
    {
        "examples": Field(
            ListOf(
                Record(
                    "example",
                    {
                        "name": Field(Text(), True, "What the example is about."),
                        "facts": Field(MapOf(Scalar(), "fact name"), True, "Answers: fact name -> value (true/false for yes/no)."),
                        "expect": Field(
                            Record(
                                "expectation",
                                {
                                    "verdict": Field(Text(choices=VERDICTS), True),
                                    "cites": Field(ListOf(Text()), True, "Every clause that applies."),
                                    "open_questions": Field(ListOf(FACT_NAME), doc="Facts still to be answered."),
                                },
                            ),
                            True,
                        ),
                    },
                ),
                min_items=1,
            ),
            True,
        )
    },
)


@dataclass(frozen=True)
class FactValue:
    value: str
    label: str


@dataclass(frozen=True)
class Fact:
    name: str
    question: str
    help: str | None
    values: tuple[FactValue, ...]  # empty: a yes/no question
    asked_when: Condition | None = None
    location: Location = field(default=Location("<built-in>", 1, 1), compare=False)

    @property
    def is_yes_no(self) -> bool:
        return not self.values

    @property
    def info(self) -> FactInfo:
        return FactInfo(self.name, tuple(v.value for v in self.values))


@dataclass(frozen=True)
class Example:
    name: str
    facts: dict = field(hash=False)  # fact name -> "yes"/"no" or a value, as in a link
    verdict: str = ""
    cites: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    location: Location = field(default=Location("<built-in>", 1, 1), compare=False)


def read_facts(source_dir: Path, log: ProblemLog) -> tuple[Fact, ...] | None:
    raw = read_source_file(source_dir / FACTS_FILE, FACTS, log, "the scenario checker needs it")
    if raw is None or "facts" not in raw:
        return None
    facts: list[Fact] = []
    known: dict[str, FactInfo] = {}
    for item in raw["facts"]:
        if "name" not in item or "question" not in item:
            continue
        name = item["name"]
        if str(name) in known:
            log.error(name.location, f'duplicate fact name "{name}"; each fact needs its own name')
            continue
        values = tuple(FactValue(str(v["value"]), str(v["label"])) for v in item.get("values", []) if "value" in v and "label" in v)
        if len({v.value for v in values}) != len(values):
            log.error(item.where("values"), f'fact "{name}" lists a value twice')
        asked_when = None
        if "asked_when" in item:
            # Only earlier facts: the checker decides what to ask in one pass, top to bottom.
            asked_when = read_condition(item["asked_when"], dict(known), log, f'fact "{name}" asked_when (which may use only facts above it)')
        fact = Fact(str(name), str(item["question"]), _optional(item.get("help")), values, asked_when, name.location)
        facts.append(fact)
        known[fact.name] = fact.info
    return tuple(facts)


def read_examples(source_dir: Path, facts: tuple[Fact, ...], clause_numbers: set[str], log: ProblemLog) -> tuple[Example, ...] | None:
    raw = read_source_file(source_dir / EXAMPLES_FILE, EXAMPLES, log, "add worked scenarios for the checker")
    if raw is None or "examples" not in raw:
        return None
    by_name = {f.name: f for f in facts}
    examples = []
    for item in raw["examples"]:
        if not all(k in item for k in ("name", "facts", "expect")) or "verdict" not in item["expect"]:
            continue
        answers = {}
        for name, value in item["facts"].items():
            fact = by_name.get(str(name))
            if fact is None:
                log.error(name.location, f'example "{item["name"]}" uses unknown fact "{name}"; known facts: {", ".join(by_name)}')
            elif fact.is_yes_no and not isinstance(value, bool):
                log.error(item["facts"].where(name), f'fact "{name}" is yes/no: write true or false, not "{value}"')
            elif not fact.is_yes_no and value not in [v.value for v in fact.values]:
                log.error(item["facts"].where(name), f'fact "{name}" has no value "{value}"; allowed: {", ".join(v.value for v in fact.values)}')
            else:
                answers[str(name)] = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        expect = item["expect"]
        for number in expect.get("cites", []):
            if number not in clause_numbers:
                log.error(number.location, f'example "{item["name"]}" expects clause {number}, which does not exist in policy.yaml')
        for name in expect.get("open_questions", []):
            if name not in by_name:
                log.error(name.location, f'example "{item["name"]}" expects unknown fact "{name}" as an open question')
        examples.append(
            Example(
                name=str(item["name"]),
                facts=answers,
                verdict=str(expect["verdict"]),
                cites=tuple(str(n) for n in expect.get("cites", [])),
                open_questions=tuple(str(n) for n in expect.get("open_questions", [])),
                location=item["name"].location,
            )
        )
    return tuple(examples)


def _optional(value) -> str | None:
    return str(value) if value is not None else None

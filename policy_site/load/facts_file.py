"""Read ``facts.yaml``: the questions the "Can I do this?" checker asks.

Fact names are a public contract (links, the CLI, tests): never rename one.
"""

from __future__ import annotations

from pathlib import Path

from ..common.problems import ProblemLog
from ..model.scenario import Fact, FactValue
from .conditions import CONDITION, read_condition
from .shapes import Field, ListOf, Record, Text, read_source_file

FACTS_FILE = "facts.yaml"
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


def read_facts(source_dir: Path, log: ProblemLog) -> tuple[Fact, ...] | None:
    """Read and check facts.yaml in ``source_dir``; problems go to ``log``."""
    raw = read_source_file(source_dir / FACTS_FILE, FACTS, log, "the scenario checker needs it")
    if raw is None or "facts" not in raw:
        return None
    facts: list[Fact] = []
    known: dict[str, Fact] = {}
    # A name that could not be read was reported; conditions naming that fact
    # are then checked for their form only, not reported once more each.
    names_complete = not any(item.written("name") and "name" not in item for item in raw["facts"])
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
            asked_when = read_condition(item["asked_when"], dict(known) if names_complete else None, log, f'fact "{name}" asked_when (which may use only facts above it)')
        help_text = item.get("help")
        fact = Fact(
            name=str(name),
            question=str(item["question"]),
            help=str(help_text) if help_text is not None else None,
            values=values,
            asked_when=asked_when,
            location=name.location,
        )
        facts.append(fact)
        known[fact.name] = fact
    return tuple(facts)

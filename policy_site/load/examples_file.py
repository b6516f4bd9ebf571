"""Read ``examples.yaml``: worked scenarios with the verdict and clauses the
checker must give. Tests and documentation at once."""

from __future__ import annotations

from pathlib import Path

from quiz.errors import EngineError
from quiz.vocabulary import VERDICTS, YES_NO_IN_YAML, answer_as_link_value, read_answer

from ..common.problems import ProblemLog
from ..model.scenario import Example, Fact
from .facts_file import FACT_NAME
from .shapes import Field, ListOf, MapOf, Record, Scalar, Text, read_source_file

EXAMPLES_FILE = "examples.yaml"

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
                                    "verdict": Field(Text(choices=tuple(VERDICTS)), True),
                                    "cites": Field(ListOf(Text()), True, "Every clause that applies."),
                                    "open_questions": Field(ListOf(FACT_NAME), doc="Facts still to be answered."),
                                    "unaddressed": Field(
                                        ListOf(FACT_NAME), doc="Facts answered yes that no clause of the supplied text decides."
                                    ),
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


def read_examples(
    source_dir: Path, facts: tuple[Fact, ...] | None, clause_numbers: set[str] | None, log: ProblemLog
) -> tuple[Example, ...] | None:
    """Read and check examples.yaml against the facts and clause numbers; problems go to ``log``.

    ``facts`` or ``clause_numbers`` is None when its own file did not load
    cleanly: the examples are then not checked against it (and not returned).
    """
    raw = read_source_file(source_dir / EXAMPLES_FILE, EXAMPLES, log, "add worked scenarios for the checker")
    if raw is None or "examples" not in raw:
        return None
    if facts is None:
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
                continue
            try:
                answers[str(name)] = str(answer_as_link_value(read_answer(str(name), fact.value_names, value, YES_NO_IN_YAML)))
            except EngineError as exc:
                log.error(item["facts"].where(name), str(exc))
        expect = item["expect"]
        for number in expect.get("cites", []):
            if clause_numbers is not None and number not in clause_numbers:
                log.error(number.location, f'example "{item["name"]}" expects clause {number}, which does not exist in policy.yaml')
        for key, what in (("open_questions", "an open question"), ("unaddressed", "not addressed")):
            for name in expect.get(key, []):
                if name not in by_name:
                    log.error(name.location, f'example "{item["name"]}" expects unknown fact "{name}" as {what}')
        examples.append(
            Example(
                name=str(item["name"]),
                facts=answers,
                verdict=str(expect["verdict"]),
                cites=tuple(str(n) for n in expect.get("cites", [])),
                open_questions=tuple(str(n) for n in expect.get("open_questions", [])),
                unaddressed=tuple(str(n) for n in expect.get("unaddressed", [])),
                location=item["name"].location,
            )
        )
    return tuple(examples)

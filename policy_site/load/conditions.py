"""Conditions over scenario facts: declarative data, never code.

A condition is one of::

    {fact: NAME, is: VALUE}        # VALUE: true/false for a yes/no fact, else one of its values
    {fact: NAME, in: [VALUE, ...]} # choice facts only
    {all: [CONDITION, ...]}
    {any: [CONDITION, ...]}
    {not: CONDITION}

Here they are read from YAML and checked against the facts (names exist,
values allowed, the condition can be true at all). The engine evaluates the
same structure, as JSON, in ``quiz.conditions``.
"""

from __future__ import annotations

import itertools

from quiz.conditions import evaluate, referenced_facts
from quiz.errors import EngineError
from quiz.vocabulary import EFFECTS, read_answer

from ..common.problems import ProblemLog
from ..model.scenario import Fact
from .shapes import Field, ListOf, LocatedDict, Record, Scalar, Text

CONDITION = Record("condition", {})
CONDITION.fields.update(
    {
        "fact": Field(Text(), doc="A fact name from facts.yaml."),
        "is": Field(Scalar(), doc="The value the fact must have (true/false for a yes/no fact)."),
        "in": Field(ListOf(Text(), min_items=1), doc="Values any one of which the fact may have (choice facts)."),
        "all": Field(ListOf(CONDITION, min_items=1), doc="True when every condition listed is true."),
        "any": Field(ListOf(CONDITION, min_items=1), doc="True when at least one condition listed is true."),
        "not": Field(CONDITION, doc="True when the condition given is false."),
    }
)

_FORMS = (("fact", "is"), ("fact", "in"), ("all",), ("any",), ("not",))


def read_condition(raw: LocatedDict, facts: dict[str, Fact] | None, log: ProblemLog, where: str) -> dict | None:
    """Check a condition read with the CONDITION shape and turn it into the JSON the engine evaluates.

    Args:
        raw: the condition as read.
        facts: the known facts by name; None when facts.yaml did not load cleanly,
            so only the condition's form is checked (its facts were reported there).
        log: problems go here.
        where: what the condition belongs to, for messages ("clause 1.9").
    """
    converted = _convert(raw, facts, log, where)
    if converted is not None and facts is not None and not can_be_true(converted, facts):
        log.error(raw.location, f"the condition of {where} can never be true; check its all/any/not and values")
    return converted


def _convert(raw: LocatedDict, facts: dict[str, Fact] | None, log: ProblemLog, where: str) -> dict | None:
    form = next((f for f in _FORMS if all(raw.written(k) for k in f) and len(raw.key_locations) == len(f)), None)
    if form is None:
        keys = ", ".join(raw.key_locations) or "nothing"
        log.error(raw.location, f"a condition in {where} must be one of {{fact, is}}, {{fact, in}}, {{all}}, {{any}} or {{not}}; it has {keys}")
        return None
    if any(k not in raw for k in form):
        return None  # an invalid value was reported already
    if form[0] in ("all", "any"):
        children = [_convert(child, facts, log, where) for child in raw[form[0]]]
        return None if None in children else {form[0]: children}
    if form == ("not",):
        child = _convert(raw["not"], facts, log, where)
        return None if child is None else {"not": child}
    name = raw["fact"]
    if facts is None:
        return None
    fact = facts.get(str(name))
    if fact is None:
        known = ", ".join(facts) or "none"
        log.error(name.location, f'{where} uses unknown fact "{name}"; known facts: {known}')
        return None
    if form == ("fact", "is"):
        try:
            value = read_answer(str(name), fact.value_names, raw["is"], '"is: true" or "is: false"')
        except EngineError as exc:
            log.error(raw.where("is"), str(exc))
            return None
        return {"fact": str(name), "is": value if isinstance(value, bool) else str(value)}
    if fact.is_yes_no:
        log.error(raw.where("in"), f'fact "{name}" is yes/no: use "is: true" or "is: false" instead of "in"')
        return None
    wrong = []
    for value in raw["in"]:
        try:
            read_answer(str(name), fact.value_names, str(value))
        except EngineError as exc:
            wrong.append(value)
            log.error(value.location, str(exc))
    return None if wrong else {"fact": str(name), "in": [str(v) for v in raw["in"]]}


def can_be_true(condition: dict, facts: dict[str, Fact]) -> bool:
    """Whether any combination of answers makes ``condition`` true (exhaustive: facts are few)."""
    names = sorted(referenced_facts(condition))
    for values in itertools.product(*(facts[n].possible_answers for n in names)):
        if evaluate(condition, dict(zip(names, values))) is True:
            return True
    return False


# What each effect means, for the JSON Schema editors see; the effect names
# themselves are the engine's (quiz.vocabulary.EFFECTS).
_EFFECT_DOCS = {
    "prohibits": "What the clause prohibits, quoted word for word.",
    "requires": "Actions the clause requires, quoted word for word from its text.",
    "recommends": "What the clause recommends, quoted word for word.",
    "limits": "A limit the clause sets, which the situation meets (so it applies, but permits nothing), quoted word for word.",
    "informs": "What the reader should know, quoted word for word.",
}

SCENARIO_RULE = Record(
    "scenario rule",
    {
        "when": Field(CONDITION, True, "When the rule applies, as a condition over facts."),
        **{name: Field(ListOf(Text(), min_items=1), doc=_EFFECT_DOCS[name]) for name in EFFECTS},
    },
)

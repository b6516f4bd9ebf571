"""Read ``policy.yaml`` into a validated :class:`~policy_site.model.policy.Policy`.

All problems are collected and raised together (``PolicySourceError``) so an
editor fixes everything in one pass; nothing is built from data with errors.
"""

from __future__ import annotations

from pathlib import Path

from quiz.clause_numbers import CLAUSE_NUMBER_PATTERN, clause_sort_key
from quiz.vocabulary import EFFECTS

from ..common.problems import Location, ProblemLog
from ..model.policy import (
    KINDS,
    Clause,
    Definition,
    Definitions,
    Gap,
    Metadata,
    Placeholder,
    Policy,
    Reference,
    ScenarioRule,
    Section,
)
from ..model.manual import ManualInfo
from ..model.scenario import Fact
from .conditions import SCENARIO_RULE, read_condition
from .manual_file import find_manual_info
from .shapes import Boolean, Field, ListOf, LocatedDict, LocatedStr, Record, Text, read_source_file
from .yaml_tree import collector_paused

POLICY_FILE = "policy.yaml"

CLAUSE_NUMBER = Text(
    # Optionally one lettered sub-clause, written the district's way: "1.2(a)".
    pattern=CLAUSE_NUMBER_PATTERN,
    hint='a clause number is digits separated by dots with no trailing dot, like "1.9" or "1.10.2", '
    'optionally ending in a lower-case letter in brackets, like "1.2(a)", or a single number, like "2", '
    "for a clause the district numbers at the top level",
)
SLUG = Text(pattern=r"[a-z0-9]+(-[a-z0-9]+)*", hint="use lower-case letters, digits and single hyphens")
LANGUAGE = Text(pattern=r"[a-z]{2}(-[A-Z]{2})?", hint='a language tag like "en-CA"')

GAP_FIELDS = {
    "note": Field(Text(), required=True, doc="Editorial: what is missing from the supplied document."),
    "fragment": Field(Text(), doc="The district's own text supplied before the cut, verbatim."),
}

ENTRY = Record(
    "clause or gap",
    {
        "number": Field(CLAUSE_NUMBER, doc="The district's clause number, e.g. 1.10.2."),
        "kind": Field(Text(choices=KINDS), doc="What the clause asks of the reader."),
        "text": Field(Text(), doc="The district's words, verbatim (typos included)."),
        "references": Field(ListOf(SLUG), doc="Ids from the top-level references list."),
        "related": Field(ListOf(CLAUSE_NUMBER), doc="Numbers of clauses on the same subject."),
        "gap": Field(Text(), doc="Editorial note: text missing here in the supplied document."),
        "fragment": Field(Text(), doc="With gap: the district's words supplied before the document is cut off, verbatim."),
        "kind_guessed": Field(
            Boolean(), doc="Written by `policy import`: the kind is a guess from the wording. Confirm it, then delete this."
        ),
        "scenario": Field(ListOf(SCENARIO_RULE, min_items=1), doc="When the clause applies in the scenario checker, and its effect."),
    },
)

POLICY = Record(
    "policy file",
    {
        "metadata": Field(
            Record(
                "metadata",
                {
                    "procedure": Field(Text(), required=True),
                    "appendix": Field(Text()),
                    "title": Field(Text(), required=True),
                    "slug": Field(SLUG, required=True, doc="The procedure's folder name, URL and PDF name; never change once published."),
                    "language": Field(LANGUAGE, doc="Only when it differs from the manual's language (manual.yaml)."),
                    "draft": Field(
                        Boolean(),
                        doc="true while the procedure is imported and not yet confirmed: published with a Draft banner, "
                        "and TODO marks and guessed kinds are allowed. Delete it to publish.",
                    ),
                    "contact": Field(
                        Text(),
                        doc="Editorial: whom staff should ask about this procedure. Shown with every checker answer, "
                        "because the checker can only answer from the text it has.",
                    ),
                },
            ),
            required=True,
        ),
        "background": Field(ListOf(Text()), doc="Background paragraphs, verbatim."),
        "definitions": Field(
            Record(
                "definitions",
                {
                    "terms": Field(ListOf(Record("definition", {"term": Field(Text(), True), "text": Field(Text(), True)}))),
                    "gap": Field(Record("gap", GAP_FIELDS)),
                },
            )
        ),
        "references": Field(ListOf(Record("reference", {"id": Field(SLUG, True), "title": Field(Text(), True)}))),
        "sections": Field(
            ListOf(
                Record(
                    "section",
                    {
                        "number": Field(Text(pattern=r"\d+", hint='a section number is a whole number like "2"'), True),
                        "title": Field(Text(), True),
                        "title_editorial": Field(Boolean(), doc="true when the title is ours, not the district's."),
                        "entries": Field(ListOf(ENTRY), True),
                    },
                ),
                min_items=1,
            ),
            required=True,
        ),
    },
)


def load_policy(source_dir: Path) -> Policy:
    """Read and validate ``policy.yaml`` in ``source_dir``.

    Raises:
        PolicySourceError: listing every problem found, as ``path:line:col: message``.
    """
    log = ProblemLog()
    manual = find_manual_info(source_dir, log)
    policy = read_policy(source_dir, log, _quietly_read_facts(source_dir), manual) if manual else None
    log.raise_if_errors()
    assert policy is not None
    return policy


@collector_paused()  # thousands of small objects, no cycles: see yaml_tree
def read_policy(source_dir: Path, log: ProblemLog, facts: dict[str, Fact] | None, manual: ManualInfo) -> Policy | None:
    """Like :func:`load_policy` but adds problems to ``log`` instead of raising.

    ``facts`` are the scenario facts that clause conditions may use; None when
    facts.yaml has problems of its own, so that conditions are checked for
    their form only (a fact that failed to load is not reported again at
    every condition that uses it).
    """
    raw = read_source_file(source_dir / POLICY_FILE, POLICY, log, "every procedure folder needs one")
    return policy_from_record(raw, log, facts, manual)


def policy_from_record(raw: LocatedDict | None, log: ProblemLog, facts: dict[str, Fact] | None, manual: ManualInfo) -> Policy | None:
    """The Policy in a record read with the POLICY shape (or one that extends it, like a release snapshot)."""
    if raw is None or "metadata" not in raw or "sections" not in raw:
        return None
    references = _references(raw.get("references", []), log)
    sections = tuple(_section(s, references, facts, log) for s in raw["sections"])
    _check_sections(sections, raw["sections"], log)
    policy = Policy(
        metadata=_metadata(raw["metadata"], manual) if _has_required(raw["metadata"]) else None,
        background=tuple(raw.get("background", ())),
        definitions=_definitions(raw.get("definitions")),
        references=tuple(references.values()),
        sections=sections,
        placeholders=tuple(_placeholders(raw)),
    )
    _check_related(policy, log)
    return policy if policy.metadata else None


TODO_MARK = "TODO"


def _placeholders(node) -> list[Placeholder]:
    """Every value that still holds a TODO mark, in file order."""
    if isinstance(node, dict):
        return [found for value in node.values() for found in _placeholders(value)]
    if isinstance(node, list):
        return [found for value in node for found in _placeholders(value)]
    if isinstance(node, LocatedStr) and TODO_MARK in node:
        return [Placeholder(str(node), node.location)]
    return []


def _has_required(metadata: LocatedDict) -> bool:
    return all(name in metadata for name in ("procedure", "title", "slug"))


def _metadata(raw: LocatedDict, manual: ManualInfo) -> Metadata:
    values = {key: (value if isinstance(value, bool) else str(value)) for key, value in raw.items()}
    values.setdefault("language", manual.language)
    values.setdefault("contact", manual.contact)
    return Metadata(district=manual.district, manual=manual.title, **values)


def _references(raw_list, log: ProblemLog) -> dict[str, Reference]:
    found: dict[str, Reference] = {}
    for raw in raw_list:
        if "id" not in raw or "title" not in raw:
            continue
        if raw["id"] in found:
            log.error(raw["id"].location, f'duplicate reference id "{raw["id"]}"; each id must be unique')
            continue
        found[str(raw["id"])] = Reference(str(raw["id"]), str(raw["title"]))
    return found


def _definitions(raw) -> Definitions:
    if raw is None:
        return Definitions(())
    terms = tuple(Definition(str(t["term"]), str(t["text"])) for t in raw.get("terms", []) if "term" in t and "text" in t)
    gap = raw.get("gap")
    return Definitions(terms, _gap(gap) if gap and "note" in gap else None)


def _gap(raw: LocatedDict) -> Gap:
    fragment = raw.get("fragment")
    return Gap(str(raw["note"]), str(fragment) if fragment is not None else None, raw.location)


def _quietly_read_facts(source_dir: Path) -> dict[str, Fact] | None:
    from .facts_file import FACTS_FILE, read_facts  # here: facts.yaml is optional for a policy alone

    if not (source_dir / FACTS_FILE).is_file():
        return {}
    problems = ProblemLog()
    facts = read_facts(source_dir, problems)
    return None if facts is None or problems.errors else {fact.name: fact for fact in facts}


def _section(raw: LocatedDict, references: dict[str, Reference], facts: dict[str, Fact] | None, log: ProblemLog) -> Section:
    entries: list[Clause | Gap] = []
    for entry in raw.get("entries", []):
        item = _entry(entry, references, facts, log)
        if item is not None:
            entries.append(item)
    return Section(
        number=str(raw.get("number", "?")),
        title=str(raw.get("title", "")),
        title_editorial=bool(raw.get("title_editorial", False)),
        entries=tuple(entries),
    )


def _entry(raw: LocatedDict, references: dict[str, Reference], facts: dict[str, Fact] | None, log: ProblemLog) -> Clause | Gap | None:
    if raw.written("number") and "number" not in raw:
        return None  # an invalid number was already reported; say nothing more about this entry
    if "number" not in raw:
        extra = [k for k in raw if k != "gap"]
        if "gap" not in raw:
            log.error(raw.location, 'an entry needs a "number" (a clause) or a "gap" (missing text)')
            return None
        for key in extra:
            log.error(raw.where(key), f'"{key}" belongs to a clause, but this gap has no "number"')
        return Gap(str(raw["gap"]), None, raw.where("gap"))

    number = raw["number"]
    has_text = "text" in raw
    if has_text and not raw.written("kind"):
        log.error(raw.location, f'clause {number} is missing the required key "kind" ({", ".join(KINDS)})')
    if not raw.written("text") and "gap" not in raw:
        log.error(raw.location, f'clause {number} needs "text" (the district\'s words) or a "gap" note saying the text is missing')
    if has_text and "gap" in raw:
        log.error(raw.where("gap"), f'clause {number} has both "text" and "gap"; a gap is only for text that is missing')
    if "fragment" in raw and "gap" not in raw:
        log.error(raw.where("fragment"), f'clause {number} has a "fragment" but no "gap"; a fragment is the text supplied before a cut')
    if raw.written("kind_guessed") and not has_text:
        log.error(raw.where("kind_guessed"), f'clause {number} has no text, so it has no kind to confirm; delete "kind_guessed"')

    cited = []
    for ref_id in raw.get("references", []):
        if ref_id in references:
            cited.append(references[ref_id])
        else:
            known = ", ".join(references) or "none defined"
            log.error(ref_id.location, f'clause {number} refers to unknown reference "{ref_id}"; known references: {known}')
    fragment = str(raw["fragment"]) if "fragment" in raw else None
    gap = Gap(str(raw["gap"]), fragment, raw.where("gap")) if "gap" in raw else None
    return Clause(
        number=str(number),
        kind=str(raw["kind"]) if has_text and "kind" in raw else None,
        text=str(raw["text"]) if has_text else None,
        references=tuple(cited),
        related=tuple(raw.get("related", [])),  # LocatedStr: keeps the line for _check_related
        gap=gap,
        scenario=_scenario_rules(raw, facts, log),
        kind_guessed=raw.get("kind_guessed") is True,
        location=number.location,
    )


def _check_sections(sections: tuple[Section, ...], raw_sections, log: ProblemLog) -> None:
    """Section and clause numbers: unique, in order, each clause inside its own section."""
    first_clause: dict[str, Location] = {}
    previous_section: int | None = None
    for section, raw in zip(sections, raw_sections):
        number_location = raw.where("number")
        if section.number.isdigit():
            if previous_section is not None and int(section.number) <= previous_section:
                log.error(number_location, f"section {section.number} is out of order: it comes after section {previous_section}")
            previous_section = int(section.number)
        previous: Clause | None = None
        numbers_here = {c.number for c in section.clauses}
        for clause in section.clauses:
            where = clause.location
            if clause.number in first_clause:
                log.error(where, f"duplicate clause number {clause.number} (first at line {first_clause[clause.number].line}); renumber one of them")
                continue
            first_clause[clause.number] = where
            if clause.number.split(".")[0] != section.number:
                log.error(where, f"clause {clause.number} is in section {section.number}; a clause number must start with its section number")
            if previous and clause_sort_key(clause.number) <= clause_sort_key(previous.number):
                log.error(where, f"clause {clause.number} is out of order: it comes after {previous.number}; clauses must be in ascending order")
            parent = clause.parent_number
            if parent and parent not in numbers_here:
                log.error(where, f"sub-clause {clause.number} has no parent clause {parent} in this section; add {parent} first")
            previous = clause


def _check_related(policy: Policy, log: ProblemLog) -> None:
    numbers = {c.number for c in policy.clauses}
    for clause in policy.clauses:
        for related in clause.related:
            where = getattr(related, "location", clause.location)
            if related not in numbers:
                log.error(where, f'clause {clause.number} lists related clause "{related}", which does not exist')
            elif related == clause.number:
                log.error(where, f"clause {clause.number} lists itself as related; remove it")


def _scenario_rules(raw: LocatedDict, facts: dict[str, Fact] | None, log: ProblemLog) -> tuple[ScenarioRule, ...]:
    """A clause's scenario rules: conditions checked against the facts, quotes checked against the text."""
    number, text = raw["number"], raw.get("text")
    if raw.written("scenario") and text is None:
        log.error(raw.where("scenario"), f"clause {number} has no text, so it cannot have scenario rules")
        return ()
    rules = []
    for rule in raw.get("scenario", []):
        if "when" not in rule:
            continue
        effects = {name: tuple(str(q) for q in rule.get(name, [])) for name in EFFECTS}
        if not any(effects.values()) and not any(rule.written(name) for name in EFFECTS):
            log.error(rule.location, f"a scenario rule of clause {number} needs at least one of: {', '.join(EFFECTS)}")
        for name in EFFECTS:
            for quote in rule.get(name, []):
                if quote not in str(text):
                    log.error(quote.location, f'clause {number} {name} "{quote}", which is not word for word in its text; quote the clause exactly')
        condition = read_condition(rule["when"], facts, log, f"clause {number}")
        if condition is not None:
            rules.append(ScenarioRule(condition, effects))
    return tuple(rules)

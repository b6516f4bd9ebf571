"""``policy scenario FACT=VALUE ...``: "Can I do this?" on the command line.

Runs the same engine as the site's checker, on the same data:

    policy scenario account=personal communicates_with_current_students=yes
    policy scenario account=personal shares_student_pii=yes --json

An answer to a question that is not asked for the other answers (comments,
for a personal account) does not count; it is listed, with when it is asked.
With --json, errors are one JSON object on standard output too:
{"ok": false, "error": ..., "problems": [...]}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quiz.bundle import Fact
from quiz.errors import EngineError
from quiz.scenario import check_scenario
from quiz.vocabulary import answer_as_link_value

from ..common.problems import PolicySourceError
from ..engine_assets.bundle import make_bundle
from ..load.source_folder import load_content
from ..render.site_layout import page_url, procedure_page
from .check import problem_as_json
from .procedure_choice import NoSuchProcedure, add_procedure_option, procedure_folder


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "scenario",
        help="check a situation against the procedure (facts as name=value; yes/no facts take yes or no)",
        description=__doc__,
    )
    parser.add_argument("facts", nargs="*", metavar="FACT=VALUE")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--source-dir", default="policy_src", help="the manual (default: policy_src) or a procedure folder")
    add_procedure_option(parser)
    parser.set_defaults(run=run)


class _Refused(Exception):
    """The scenario cannot be checked: the message, the exit code, and the source problems if any."""

    def __init__(self, message: str, exit_code: int, problems: tuple = ()):
        super().__init__(message)
        self.exit_code = exit_code
        self.problems = problems


def run(args) -> int:
    try:
        result, facts = _check(args.facts, Path(args.source_dir), args.procedure)
    except _Refused as refused:
        if args.json:
            # The first line only: for source errors the rest lists the problems.
            error = str(refused).splitlines()[0].rstrip(":")
            problems = [problem_as_json(p) for p in refused.problems]
            print(json.dumps({"ok": False, "error": error, "problems": problems}, ensure_ascii=False, indent=2))
        elif refused.problems:
            print(refused, file=sys.stderr)
        else:
            print(f"policy scenario: {refused}", file=sys.stderr)
        return refused.exit_code
    if args.json:
        result["cited_clauses"] = [c["number"] for c in result["clauses"]]
        print(json.dumps({"ok": True, **result}, ensure_ascii=False, indent=2))
    else:
        print(format_result(result, facts))
    return 0


def _check(items: list[str], source_dir: Path, procedure_id: str | None) -> tuple[dict, tuple[Fact, ...]]:
    """The engine's result for FACT=VALUE ``items``, with ``not_counted``, and the facts asked about.

    Raises:
        _Refused: for a malformed FACT=VALUE, an unknown fact or value (exit
            code 2), or errors in the policy source (exit code 1).
    """
    answers = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise _Refused(f'"{item}" is not FACT=VALUE (for example account=personal)', 2)
        if name in answers:
            raise _Refused(f'fact "{name}" is given twice', 2)
        answers[name] = value
    try:
        content = load_content(procedure_folder(source_dir, procedure_id))
    except NoSuchProcedure as exc:
        raise _Refused(str(exc), 2) from None
    except PolicySourceError as exc:
        raise _Refused(str(exc), 1, exc.problems) from None
    bundle = make_bundle(content, procedure_url=page_url(procedure_page(content.policy.metadata.slug)))
    try:
        result = check_scenario(bundle, answers)
    except EngineError as exc:
        raise _Refused(str(exc), 2) from None
    # The engine sets aside answers to questions it does not ask; say which.
    result["not_counted"] = [
        {"fact": name, "answer": value}
        for name, value in answers.items()
        if value != "" and name not in result["answers"]
    ]
    return result, bundle.facts


def _condition_words(condition: dict) -> str:
    """A fact condition as a person reads it, in the FACT=VALUE words of the command line."""
    if "all" in condition or "any" in condition:
        joiner = " and " if "all" in condition else " or "
        parts = [_condition_words(part) for part in condition.get("all") or condition["any"]]
        return joiner.join(f"({part})" if " and " in part or " or " in part else part for part in parts)
    if "not" in condition:
        return f"not ({_condition_words(condition['not'])})"
    if "is" in condition:
        return f"{condition['fact']}={answer_as_link_value(condition['is'])}"
    values = condition["in"]
    return f"{condition['fact']}={values[0]}" if len(values) == 1 else f"{condition['fact']} is {' or '.join(values)}"


def format_result(result: dict, facts: tuple[Fact, ...] = ()) -> str:
    """The result as plain text: verdict, what to do, and the clauses with why they apply.

    Args:
        result: from ``check_scenario``, with ``not_counted`` added by this command.
        facts: the bundle's facts, to say when a not-counted question is asked.
    """
    lines = [f"Verdict: {result['verdict_label'].rstrip('.')}", result["verdict_meaning"]]
    if result["answers"]:
        lines.append("Your answers: " + ", ".join(f"{k}={v}" for k, v in result["answers"].items()))
    if result.get("not_counted"):
        asked_when = {fact.name: fact.asked_when for fact in facts}
        ignored = []
        for item in result["not_counted"]:
            condition = asked_when.get(item["fact"])
            when = f" (asked only when {_condition_words(condition)})" if condition else ""
            ignored.append(f"{item['fact']}={item['answer']}{when}")
        lines.append("Not asked for these answers, so not counted: " + "; ".join(ignored))
    if result["unaddressed"]:
        lines += ["", "Not addressed by the supplied text (no clause decides these for your situation):"]
        lines += [f"  - {item['question']} Yes" for item in result["unaddressed"]]
    sections = [
        ("Prohibited", result["prohibitions"]),
        ("You must", result["checklist"]),
        ("Recommended", result["recommendations"]),
        ("Limits your answers meet (the clause applies; it permits nothing more)", result["limits_met"]),
        ("Good to know", result["information"]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"{title}:"] + [f"  - {item['text']} (clause {item['clause']})" for item in items]
    if result["open_questions"]:
        lines += ["", "Still to answer (these could change the verdict):"]
        lines += [f"  - {q['fact']}: {q['question']}" for q in result["open_questions"]]
    if result["clauses"]:
        lines += ["", "Clauses that apply:"]
        for clause in result["clauses"]:
            why = "; ".join(f"{r['question']} {r['answer_label']}" for r in clause["because"])
            lines += [f"  {clause['number']} ({clause['kind_label']}): {clause['text']}", f"      Applies because: {why}"]
    lines += ["", *supplied_text_notice(result["supplied_text"])]
    return "\n".join(lines)


def supplied_text_notice(supplied: dict) -> list[str]:
    """That the answer comes only from the text we have, what it lacks, and whom to ask."""
    lines = ["This answer comes only from the supplied text of the procedure, which is incomplete:"]
    lines += [f"  - {gap}" for gap in supplied["gaps"]] or ["  (no gaps are recorded)"]
    if supplied["ask"]:
        lines.append(f"Before you act on it, ask {supplied['ask']}.")
    return lines

"""``policy scenario FACT=VALUE ...``: "Can I do this?" on the command line.

Runs the same engine as the site's checker, on the same data:

    policy scenario account=personal communicates_with_current_students=yes
    policy scenario account=personal shares_student_pii=yes --json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quiz.errors import EngineError
from quiz.scenario import check_scenario

from ..common.problems import PolicySourceError
from ..engine_assets.bundle import make_bundle
from ..load.source_folder import load_content


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "scenario",
        help="check a situation against the procedure (facts as name=value; yes/no facts take yes or no)",
        description=__doc__,
    )
    parser.add_argument("facts", nargs="*", metavar="FACT=VALUE")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--source-dir", default="policy_src")
    parser.set_defaults(run=run)


def run(args) -> int:
    answers = {}
    for item in args.facts:
        name, sep, value = item.partition("=")
        if not sep or not name:
            print(f'"{item}" is not FACT=VALUE (for example account=personal)', file=sys.stderr)
            return 2
        if name in answers:
            print(f'fact "{name}" is given twice', file=sys.stderr)
            return 2
        answers[name] = value
    try:
        content = load_content(Path(args.source_dir))
    except PolicySourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    bundle = make_bundle(content, procedure_url="procedure/")
    try:
        result = check_scenario(bundle, answers)
    except EngineError as exc:
        print(f"policy scenario: {exc}", file=sys.stderr)
        return 2
    if args.json:
        result["cited_clauses"] = [c["number"] for c in result["clauses"]]
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_result(result))
    return 0


def format_result(result: dict) -> str:
    """The result as plain text: verdict, what to do, and the clauses with why they apply."""
    lines = [f"Verdict: {result['verdict_label'].rstrip('.')}", result["verdict_meaning"]]
    if result["answers"]:
        lines.append("Your answers: " + ", ".join(f"{k}={v}" for k, v in result["answers"].items()))
    sections = [
        ("Not permitted", result["prohibitions"]),
        ("You must", result["checklist"]),
        ("Recommended", result["recommendations"]),
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
    return "\n".join(lines)

"""``policy check``: validate everything in policy_src/ (the manual), or one procedure folder.

Besides errors it lists what a person should look at: every TODO mark and
every kind the importer guessed (errors in a procedure that is not a draft),
and each mention of a procedure the manual does not publish.

Prints every problem as ``path:line:col: message`` (errors, then warnings),
or one JSON object with ``--format json`` for editors and CI. Exit code 0
when there are no errors (warnings allowed), 1 when there are.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..common.problems import Problem, ProblemLog
from ..load.manual_file import MANUAL_FILE
from ..load.manual_folder import read_manual
from ..load.policy_file import POLICY_FILE
from ..load.publishing import check_publishable
from ..load.source_folder import read_content
from ..load.warnings import add_manual_warnings, add_warnings

JSON_FORMAT_VERSION = 1


def register(subcommands) -> None:
    parser = subcommands.add_parser("check", help="validate policy_src/ and list every problem and warning")
    parser.add_argument("source_dir", nargs="?", default="policy_src", help="the manual (default: policy_src) or a procedure folder")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def problem_as_json(problem: Problem) -> dict:
    """One problem for a ``--format json``/``--json`` answer: where it is and what is wrong."""
    where = problem.location
    return {"path": where.path, "line": where.line, "column": where.column,
            "severity": problem.severity, "message": problem.message}


def run(args) -> int:
    log = ProblemLog()
    source = Path(args.source_dir)
    if (source / MANUAL_FILE).is_file() or not (source / POLICY_FILE).is_file():
        manual = read_manual(source, log)
        if manual is not None and not log.errors:
            add_manual_warnings(manual, log)
    else:
        content = read_content(source, log)
        if content is not None and not log.errors:
            check_publishable(content.policy, log)
            add_warnings(content, log)
    errors = sorted(log.errors, key=lambda p: p.location)
    warnings = sorted(log.warnings, key=lambda p: p.location)
    if args.format == "json":
        print(json.dumps({
            "format": JSON_FORMAT_VERSION,
            "ok": not errors,
            "source_dir": args.source_dir,
            "errors": [problem_as_json(p) for p in errors],
            "warnings": [problem_as_json(p) for p in warnings],
        }, indent=2, ensure_ascii=False))
        return 1 if errors else 0
    for problem in errors:
        print(problem, file=sys.stderr)
    for problem in warnings:
        print(problem)
    if errors:
        print(f"{len(errors)} error(s), {len(warnings)} warning(s); fix the errors before building.", file=sys.stderr)
        return 1
    print(f"{args.source_dir}: OK ({len(warnings)} warning(s))")
    return 0

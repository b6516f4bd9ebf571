"""``policy check``: validate policy_src/ and print every problem as path:line:col."""

from __future__ import annotations

import sys
from pathlib import Path

from ..problems import ProblemLog
from ..content import read_content


def register(subcommands) -> None:
    parser = subcommands.add_parser("check", help="validate policy_src/ and list every problem")
    parser.add_argument("source_dir", nargs="?", default="policy_src")
    parser.set_defaults(run=run)


def run(args) -> int:
    log = ProblemLog()
    read_content(Path(args.source_dir), log)
    for problem in sorted(log.problems, key=lambda p: p.location):
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    if log.errors:
        print(f"{len(log.errors)} error(s); nothing was built.", file=sys.stderr)
        return 1
    print(f"{args.source_dir}: OK")
    return 0

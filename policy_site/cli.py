"""The ``policy`` command: build the site and check the policy source.

Exit codes: 0 success, 1 problems in the input (printed as path:line:col),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import BuildFailed, build_site, show_build_progress
from .problems import ProblemLog
from .source import read_policy


def _cmd_build(args: argparse.Namespace) -> int:
    show_build_progress()
    try:
        site = build_site(Path(args.config_file), Path(args.site_dir) if args.site_dir else None)
    except BuildFailed as exc:
        print(f"Build failed; the previous site (if any) is unchanged.\n{exc}", file=sys.stderr)
        return 1
    print(f"Built {site}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    log = ProblemLog()
    read_policy(Path(args.source_dir), log)
    for problem in sorted(log.problems, key=lambda p: p.location):
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    if log.errors:
        print(f"{len(log.errors)} error(s); nothing was built.", file=sys.stderr)
        return 1
    print(f"{args.source_dir}: OK")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the site into site/ (atomically)")
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("-d", "--site-dir", default=None, help="default: site/ beside mkdocs.yml")
    build.set_defaults(run=_cmd_build)

    check = commands.add_parser("check", help="validate policy_src/ and list every problem")
    check.add_argument("source_dir", nargs="?", default="policy_src")
    check.set_defaults(run=_cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

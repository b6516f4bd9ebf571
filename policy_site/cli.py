"""The ``policy`` command for policy staff and CI.

Exit codes: 0 success, 1 problems in the input (printed as path:line:col),
2 wrong usage. Each sub-command lives in ``policy_site/commands/``.
"""

from __future__ import annotations

import argparse
import sys

from .commands import register_all


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy", description="Build and check the policy site.")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register_all(subcommands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

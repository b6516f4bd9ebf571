"""The ``policy`` command for policy staff and CI: one module per sub-command.

Each module defines ``register(subcommands)``, which adds its parser and sets
``run=<function(args) -> exit code>``. Exit codes: 0 success, 1 problems in
the input (printed as path:line:col), 2 wrong usage, 130 interrupted (Ctrl-C).
Every file a command writes is written beside its place and renamed into it,
so an interrupted command changes nothing; a command for which that is not
the whole truth says what it leaves with ``set_defaults(interrupted=...)``.

This is the last stage: it may use every other package of policy_site.
"""

from __future__ import annotations

import argparse
import sys

from . import add_procedure, build, check, import_text, new_question, pdf, release, scenario, schema, scorm, serve

# In the order `policy --help` lists them.
COMMANDS = (add_procedure, build, check, import_text, new_question, pdf, release, scenario, schema, scorm, serve)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy", description="Build and check the policy site.")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subcommands)
    return parser


# The shell's exit code for a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED_EXIT_CODE = 130


def main(argv: list[str] | None = None) -> int:
    args = None
    try:
        args = make_parser().parse_args(argv)
        return args.run(args)
    except KeyboardInterrupt:
        what = getattr(args, "interrupted", "nothing was changed")
        print(f"policy: interrupted; {what}", file=sys.stderr)
        return INTERRUPTED_EXIT_CODE


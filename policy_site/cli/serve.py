"""``policy serve``: build and serve the site for previewing edits, the whole manual or one procedure (``make serve``)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..mkdocs_plugin.serve import ServeFailed, serve_site


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "serve", help="build and serve the site on http://127.0.0.1:8000, rebuilding after every edit (Ctrl-C stops it)"
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    parser.add_argument(
        "--procedure", metavar="ID",
        help="build only this procedure (its folder name in policy_src/procedures/): "
             "an edit then reloads in about a second, however large the manual",
    )
    parser.set_defaults(run=run, interrupted="the preview stopped; nothing was changed")


def run(args) -> int:
    try:
        serve_site(Path(args.config_file), args.dev_addr, args.procedure)
    except ServeFailed as exc:
        print(f"policy serve: the preview did not start: {exc}", file=sys.stderr)
        return 1
    return 0

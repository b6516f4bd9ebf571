"""``policy build``: build the site into site/, atomically."""

from __future__ import annotations

import sys
from pathlib import Path

from ..mkdocs_plugin.build import BuildFailed, build_site, show_build_progress


def register(subcommands) -> None:
    parser = subcommands.add_parser("build", help="build the site into site/ (a failed build leaves site/ as it was)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-d", "--site-dir", default=None, help="default: site/ beside mkdocs.yml")
    parser.set_defaults(run=run)


def run(args) -> int:
    show_build_progress()
    try:
        site = build_site(
            Path(args.config_file),
            Path(args.site_dir) if args.site_dir else None,
            on_wait=lambda: print("Another build of this site is running; waiting for it to finish.", file=sys.stderr),
        )
    except BuildFailed as exc:
        print(f"Build failed; the previous site (if any) is unchanged.\n{exc}", file=sys.stderr)
        return 1
    print(f"Built {site}")
    return 0

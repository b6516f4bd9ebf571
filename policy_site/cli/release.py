"""``policy release LABEL``: freeze a procedure's current text as a released version.

The snapshot goes to ``policy_src/procedures/<id>/releases/NNN-<label>.yaml``
(readable, verbatim, never edited again). The site then shows LABEL as the
version, the "What changed" page lists what changed since the previous
release, clause by clause, and staff who passed the self-assessment on an
earlier version are offered a re-assessment of what changed.

LABEL is the district's name for the version ("2027 revision"), or, when the
district states none, an honest one ("As supplied, recorded 2026-11-29").
``--effective`` only when the district states the date: never guess it.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from ..common.problems import PolicySourceError, display_path
from ..load.manual_folder import load_manual
from ..load.release_snapshot import RELEASES_DIR, snapshot_yaml
from ..model.releases import release_file_name
from .output_file import write_text_atomically
from .procedure_choice import NoSuchProcedure, add_procedure_option, procedure_folder


def register(subcommands) -> None:
    parser = subcommands.add_parser("release", help="freeze a procedure's current text as a released version", description=__doc__)
    parser.add_argument("label", metavar="LABEL", help='the version\'s name, e.g. "2027 revision"')
    parser.add_argument("--effective", metavar="YYYY-MM-DD", help="the effective date, only when the district states it")
    parser.add_argument("--manual", default="policy_src", help="the manual's folder (default: policy_src)")
    add_procedure_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    label = " ".join(args.label.split())
    if not label:
        print("policy release: LABEL is empty; give the version's name", file=sys.stderr)
        return 2
    if args.effective is not None and not _is_date(args.effective):
        print(f"policy release: --effective {args.effective!r} is not a date; write it as YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        folder = procedure_folder(Path(args.manual), args.procedure)
        manual = load_manual(Path(args.manual))
    except NoSuchProcedure as exc:
        print(f"policy release: {exc}", file=sys.stderr)
        return 2
    except PolicySourceError as exc:
        print(f"{exc}\nFix these first: a release must be of a valid manual. Nothing was released.", file=sys.stderr)
        return 1
    procedure = manual.by_id[folder.name]
    if procedure.draft:
        print(f"procedures/{procedure.id}/ is a draft; confirm it and delete `draft: true` before releasing it", file=sys.stderr)
        return 1
    if not procedure.unreleased:
        print(f'the text has not changed since "{procedure.latest_release.label}"; there is nothing to release', file=sys.stderr)
        return 1
    if any(release.label == label for release in procedure.releases):
        print(f'procedures/{procedure.id}/ already has a release "{label}"; choose another label', file=sys.stderr)
        return 1
    sequence = len(procedure.releases) + 1
    path = folder / RELEASES_DIR / release_file_name(sequence, label)
    released = datetime.date.today().isoformat()
    path.parent.mkdir(exist_ok=True)
    write_text_atomically(path, snapshot_yaml(procedure.content.policy, label, released, args.effective))
    print(f'Released "{label}" ({display_path(path)}). Check the "What changed" page with `make serve`.')
    return 0


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10

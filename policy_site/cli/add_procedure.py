"""``policy add FILE.txt``: import a procedure into the manual as a new draft.

The export is read by the same importer as ``policy import`` and written as
a new folder, ``policy_src/procedures/<slug>/``: its ``policy.yaml`` (marked
``draft: true``) and the supplied file itself, byte for byte, in
``supplied/``. The new procedure builds at once, behind a Draft banner;
``policy check`` lists what a person must confirm before the draft mark is
removed. The folder appears whole or not at all: it is written under a
hidden name and renamed into place.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from ..common.problems import ProblemLog, display_path
from ..importer.assembler import import_procedure
from ..importer.export_reader import MAX_EXPORT_BYTES, NotATextExport, decode_export
from ..load.manual_file import MANUAL_FILE, PROCEDURES_DIR, read_manual_info
from ..load.manual_folder import read_manual
from ..load.policy_file import POLICY_FILE, SLUG
from ..load.source_folder import read_content

SUPPLIED_DIR = "supplied"


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "add",
        help="import a procedure exported as plain text into the manual, as a new draft",
        description=__doc__,
    )
    parser.add_argument("source", metavar="FILE.txt", help="the procedure as plain text (UTF-8, UTF-16 or Windows-1252)")
    parser.add_argument("--manual", default="policy_src", help="the manual's folder (default: policy_src)")
    parser.add_argument("--id", help="the new folder's name (default: the slug the importer derives from the cover)")
    parser.set_defaults(run=run, interrupted="no procedure folder was added")


def run(args) -> int:
    source, manual_dir = Path(args.source), Path(args.manual)
    shown = display_path(source)
    if not (manual_dir / MANUAL_FILE).is_file():
        print(f"{display_path(manual_dir)}: no {MANUAL_FILE} here; give the manual's folder with --manual", file=sys.stderr)
        return 2
    try:
        with source.open("rb") as file:
            data = file.read(MAX_EXPORT_BYTES + 1)  # one byte over the limit is enough to refuse it
        text, encoding_note = decode_export(data)
    except OSError as exc:
        print(f"{shown}: cannot read it ({exc.strerror}); check the path and try again", file=sys.stderr)
        return 1
    except NotATextExport as exc:
        print(f"{shown}: {exc}", file=sys.stderr)
        return 1
    result = import_procedure(text, shown)
    slug = args.id or result.draft.metadata["slug"].value
    if not re.fullmatch(SLUG.pattern, slug) or "todo" in slug.split("-"):
        print(f'{shown}: the cover gives no usable name for the folder ("{slug}"); name it with --id, e.g. --id ap-160-field-trips', file=sys.stderr)
        return 2
    destination = manual_dir / PROCEDURES_DIR / slug
    if destination.exists():
        print(f"{display_path(destination)} already exists; choose another --id, or delete that folder first", file=sys.stderr)
        return 1
    yaml_text = _with_slug(result.yaml_text, slug)
    if encoding_note:
        print(f"{shown}:1:1: warning: {encoding_note}", file=sys.stderr)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=destination.parent))
    try:
        (staging / SUPPLIED_DIR).mkdir()
        shutil.copyfile(source, staging / SUPPLIED_DIR / _supplied_name(source))
        (staging / POLICY_FILE).write_text(yaml_text, encoding="utf-8")
        to_confirm = _to_confirm(staging, manual_dir)
        if to_confirm is None:
            return 1
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the supplied text
        staging.rename(destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    placeholders, guessed = to_confirm
    print(
        f"Added {display_path(destination)}/ as a Draft: its pages build now, with a Draft banner.\n"
        f"To publish it, confirm {placeholders} TODO mark(s) and {guessed} guessed kind(s) "
        f"(`policy check` lists each with its line), compare the text with {SUPPLIED_DIR}/{_supplied_name(source)}, "
        f"then delete `draft: true` from {display_path(destination / POLICY_FILE)}.",
        file=sys.stderr,
    )
    return 0


def _with_slug(yaml_text: str, slug: str) -> str:
    """The skeleton with ``metadata.slug`` set to the folder's name (the loader requires them equal)."""
    return re.sub(r"^(  slug: ).*$", lambda m: m.group(1) + slug, yaml_text, count=1, flags=re.MULTILINE)


def _supplied_name(source: Path) -> str:
    """The supplied file's name, reduced to safe characters (it becomes a path in the manual)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", source.name).strip(".-") or "supplied"
    return name if name.endswith(".txt") else f"{name}.txt"


def _to_confirm(folder: Path, manual_dir: Path) -> tuple[int, int] | None:
    """Load the new folder as the build will: (TODO marks, guessed kinds), or None after printing why it cannot be added."""
    log = ProblemLog()
    info = read_manual_info(manual_dir, log)
    content = read_content(folder, log, info) if info else None
    if content is None or log.errors:
        for problem in log.errors:
            print(problem, file=sys.stderr)
        print("The import does not load, so nothing was added; `policy import FILE.txt -o draft.yaml` shows the skeleton.", file=sys.stderr)
        return None
    meta = content.policy.metadata
    existing = read_manual(manual_dir, ProblemLog())
    taken = existing.by_designation.get((meta.procedure, meta.appendix)) if existing else None
    if taken is not None:
        print(f"{meta.designation} is already in the manual, as procedures/{taken.id}/; nothing was added. "
              f"If this is a new version of it, replace that folder's text instead.", file=sys.stderr)
        return None
    return len(content.policy.placeholders), sum(1 for c in content.policy.clauses if c.kind_guessed)

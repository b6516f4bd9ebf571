"""Read the whole manual: ``policy_src/manual.yaml`` and every procedure folder
in ``policy_src/procedures/``, and check them together.

One entry point for the plugin and the CLI, so a build, ``policy check`` and
the tests see the same problems. Each procedure is read on its own (its
questions and examples can only ever cite its own clauses); what spans the
manual is checked here: folder names, designations, and what may be published.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..common.problems import Location, ProblemLog, display_path
from ..model.manual import Manual, Procedure
from .manual_file import MANUAL_FILE, PROCEDURES_DIR, read_manual_info
from .policy_file import POLICY_FILE
from .publishing import check_publishable
from .release_snapshot import read_releases
from .versions import with_version
from .source_folder import read_content

# The slug of the whole manual's PDF (render.site_layout.MANUAL_PDF_PATH).
RESERVED_SLUG = "manual"


def read_manual(source_dir: Path, log: ProblemLog, only: str | None = None) -> Manual | None:
    """Read the manual in ``source_dir``, adding all problems of all its files to ``log``.

    only: read just this procedure folder, as a manual of one (the preview of
        the procedure being edited; its checks against the rest of the manual
        are left to a whole build or ``policy check``).
    """
    info = read_manual_info(source_dir, log)
    if info is None:
        return None
    folders = _procedure_folders(source_dir, log)
    if only is not None:
        folders = _only_folder(folders, only, source_dir, log)
    procedures = []
    for folder in folders:
        errors_before = len(log.errors)
        content = read_content(folder, log, info)
        if content is None or len(log.errors) != errors_before:
            continue
        slug = content.policy.metadata.slug
        if slug == RESERVED_SLUG:
            log.error(Location(display_path(folder / POLICY_FILE), 1, 1),
                      f'a procedure may not be named "{RESERVED_SLUG}": its PDF would replace the whole manual\'s '
                      f"(downloads/{RESERVED_SLUG}.pdf); rename the folder and its metadata.slug")
            continue
        if slug != folder.name:
            log.error(
                Location(display_path(folder / POLICY_FILE), 1, 1),
                f'metadata.slug is "{slug}" but the folder is named "{folder.name}"; the folder name is the '
                f"procedure's URL, so rename the folder or change the slug to match",
            )
            continue
        check_publishable(content.policy, log)
        releases = read_releases(folder, log, info)
        procedures.append(Procedure(folder.name, with_version(content, releases), releases))
    if len(procedures) != len(folders):
        return None
    manual = Manual(info, tuple(sorted(procedures, key=_manual_order)))
    _check_designations(manual, source_dir, log)
    if only is None:
        _check_former_procedure(manual, source_dir, log)
    return manual if not log.errors else None


def _only_folder(folders: list[Path], only: str, source_dir: Path, log: ProblemLog) -> list[Path]:
    chosen = [f for f in folders if f.name == only]
    if not chosen and folders:
        known = [f.name for f in folders]
        close = difflib.get_close_matches(only, known, n=1)
        log.error(
            Location(display_path(source_dir / PROCEDURES_DIR), 1, 1),
            f'no procedure folder named "{only}"' + (f' (did you mean "{close[0]}"?)' if close else "")
            + f"; the procedures are: {', '.join(known)}",
        )
    return chosen


def _procedure_folders(source_dir: Path, log: ProblemLog) -> list[Path]:
    where = source_dir / PROCEDURES_DIR
    if not where.is_dir():
        log.error(
            Location(display_path(source_dir / MANUAL_FILE), 1, 1),
            f"no {PROCEDURES_DIR}/ folder beside {MANUAL_FILE}; each procedure is a folder in "
            f"{display_path(where)}/ (add one with: policy add FILE.txt)",
        )
        return []
    folders = sorted(p for p in where.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        log.error(Location(display_path(where), 1, 1), "the manual has no procedures yet; add one with: policy add FILE.txt")
    for folder in folders:
        if not (folder / POLICY_FILE).is_file():
            log.error(Location(display_path(folder), 1, 1), f"{folder.name}/ has no {POLICY_FILE}; every procedure folder needs one (or remove the folder)")
    return [f for f in folders if (f / POLICY_FILE).is_file()]


def _manual_order(procedure: Procedure):
    """By number as the district counts (140 before 1000), then appendix (the procedure before its appendices)."""
    meta = procedure.content.policy.metadata
    number = (0, int(meta.procedure)) if meta.procedure.isdigit() else (1, 0)
    return (number, meta.procedure, meta.appendix or "", procedure.id)


def _check_designations(manual: Manual, source_dir: Path, log: ProblemLog) -> None:
    seen: dict[tuple[str, str | None], Procedure] = {}
    for procedure in manual.procedures:
        meta = procedure.content.policy.metadata
        key = (meta.procedure, meta.appendix)
        if key in seen:
            log.error(
                Location(display_path(source_dir / PROCEDURES_DIR / procedure.id / POLICY_FILE), 1, 1),
                f"{meta.designation} is also procedures/{seen[key].id}/; each procedure and appendix may be in the manual once",
            )
        seen.setdefault(key, procedure)


def _check_former_procedure(manual: Manual, source_dir: Path, log: ProblemLog) -> None:
    former = manual.info.former_single_procedure
    if former is not None and former not in manual.by_id:
        log.error(
            manual.info.location,
            f'former_single_procedure is "{former}", which is not a folder in {display_path(source_dir / PROCEDURES_DIR)}/; '
            f"known: {', '.join(manual.by_id)}",
        )


def load_manual(source_dir: Path) -> Manual:
    """Read the manual in ``source_dir``.

    Raises:
        PolicySourceError: listing every problem in every file.
    """
    log = ProblemLog()
    manual = read_manual(source_dir, log)
    log.raise_if_errors()
    assert manual is not None
    return manual


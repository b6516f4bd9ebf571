"""Which procedure a command works on: ``--procedure ID`` in the manual, or a procedure folder given directly.

Commands about one procedure (pdf, scenario, new-question) take the manual's
folder (default ``policy_src``) and ``--procedure``; a manual with only one
procedure needs no ``--procedure``. A path to a procedure folder itself (one
with policy.yaml) works too, so an editor can point at the folder they edit.
"""

from __future__ import annotations

from pathlib import Path

from ..common.problems import display_path
from ..load.manual_file import MANUAL_FILE, PROCEDURES_DIR
from ..load.policy_file import POLICY_FILE


class NoSuchProcedure(Exception):
    """The command cannot tell which procedure is meant; the message says how to name it."""


def add_procedure_option(parser) -> None:
    parser.add_argument(
        "--procedure", metavar="ID",
        help="the procedure's folder name in policy_src/procedures/ (needed when the manual has more than one)",
    )


def procedure_folder(source: Path, procedure_id: str | None) -> Path:
    """The procedure folder meant by ``source`` (a manual or a procedure folder) and ``procedure_id``.

    Raises:
        NoSuchProcedure: the manual has no such procedure, or several and none was named.
    """
    if not (source / MANUAL_FILE).is_file():
        # A procedure folder (the loader says so plainly if it has no policy.yaml).
        if procedure_id is not None and procedure_id != source.name:
            raise NoSuchProcedure(f"{display_path(source)} is the procedure {source.name}, not {procedure_id}")
        return source
    folder = source / PROCEDURES_DIR
    known = sorted(p.name for p in folder.iterdir() if (p / POLICY_FILE).is_file()) if folder.is_dir() else []
    if procedure_id is None:
        if len(known) == 1:
            return folder / known[0]
        if not known:
            raise NoSuchProcedure(f"{display_path(source)} holds no procedure (no {PROCEDURES_DIR}/*/{POLICY_FILE}); add one with `policy add FILE.txt`")
        raise NoSuchProcedure(f"the manual has {len(known)} procedures; say which with --procedure ID: {', '.join(known)}")
    if procedure_id not in known:
        raise NoSuchProcedure(f'no procedure "{procedure_id}" in {display_path(folder)}/; known: {", ".join(known) or "none"}')
    return folder / procedure_id

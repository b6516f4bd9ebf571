"""Where a sub-command writes a file: checked before any work, written atomically.

Not a sub-command: the helpers ``import``, ``pdf``, ``new-question`` and
``schema`` share, so that every file the ``policy`` command writes is either
the old one or the complete new one, never half of one (Ctrl-C, a full disk).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ..common.problems import display_path

# Exit codes (see the package docstring): a file in the way is a problem the
# person resolves (1, as `policy import` has always answered); a path that
# cannot be a file is wrong usage (2).
EXISTS = 1
UNUSABLE = 2


def refuse_output_path(path: Path, force: bool, example_name: str) -> int | None:
    """Say on standard error why ``path`` cannot be written and return the exit code; None if it can.

    Args:
        path: the file to write.
        force: whether an existing file may be replaced.
        example_name: a file name to suggest when ``path`` is a folder.
    """
    problem = _output_path_problem(path, force, example_name)
    if problem is None:
        return None
    code, message = problem
    print(message, file=sys.stderr)
    return code


def _output_path_problem(path: Path, force: bool, example_name: str) -> tuple[int, str] | None:
    shown = display_path(path)
    if path.is_dir():
        return UNUSABLE, f"{shown}: is a folder; give a file name in it, for example -o {Path(shown) / example_name}"
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        return UNUSABLE, (
            f"{shown}: the folder {display_path(folder)} {what}; create it first, or choose another place with -o"
        )
    if path.exists() and not force:
        # Never overwrite edited policy data, or a PDF someone kept, by accident.
        return EXISTS, f"{shown}: already exists; choose another name with -o, or add --force to replace it"
    return None


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a file beside it renamed into place.

    The file beside it gets the permissions of the file it replaces, or the
    usual ones (umask) for a new file, unlike ``tempfile.mkstemp``'s private
    ones; it is removed if anything fails.
    """
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open(partial, "x", encoding="utf-8") as file:
            file.write(text)
        if path.is_file():
            shutil.copymode(path, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)

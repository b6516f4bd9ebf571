"""Run one of the build's Node scripts in the pinned Pyodide: the runtime as the site's worker starts it.

The build runs Pyodide under Node twice, each time only when the build cache
lacks the result: to record which modules the engine imports
(``record_imports.mjs``) and to compile the cut standard library to bytecode
(``compile_stdlib.mjs``). Both need Node, a folder of the release's files with
its full standard library, and the same clear errors when Node is missing, a
script fails or takes too long.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .pyodide_runtime import (
    LOCK_FILE, STDLIB_FILE, VERBATIM_FILES, PyodideRelease, RuntimeSetupError, lock_without_packages,
)

NODE_TIMEOUT_SECONDS = 300


def full_runtime(release: PyodideRelease, folder: Path) -> Path:
    """Write the release's runtime files, with its full standard library, into ``folder``; return it.

    The lock file lists no packages, as the site's does: nothing is fetched.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in (*VERBATIM_FILES, STDLIB_FILE):
        (folder / name).write_bytes(release.file(name))
    (folder / LOCK_FILE).write_bytes(lock_without_packages(release.file(LOCK_FILE)))
    return folder


def run_node(script: Path, *arguments: str | Path, doing: str) -> str:
    """Run ``script`` under Node with ``arguments``; return what it printed.

    doing: what the script does, for the errors ("recording the engine's imports").

    Raises:
        RuntimeSetupError: no Node, the script failed (with the end of its
            stderr), or it ran over NODE_TIMEOUT_SECONDS.
    """
    node = shutil.which("node")
    if node is None:
        raise RuntimeSetupError(
            f"Node.js is needed for {doing} in Pyodide (after the engine or the Pyodide pin changes); "
            "install Node 20 and run `make build` again"
        )
    try:
        completed = subprocess.run(
            [node, str(script), *map(str, arguments)], capture_output=True, text=True, timeout=NODE_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeSetupError(f"{doing} in Pyodide took over {NODE_TIMEOUT_SECONDS} s; stopped") from None
    if completed.returncode != 0:
        raise RuntimeSetupError(f"{doing} in Pyodide under Node failed ({script.name}):\n{completed.stderr[-2000:]}")
    return completed.stdout

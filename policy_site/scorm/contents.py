"""Exactly the files the package's pages need, from the built site.

The pages' own references name most of them (``documents.PageFiles``); two
kinds need a closer look:

- the page scripts import one another (``import … from "./dom.js"``,
  ``import("./server-check.js")``, ``new URL("./engine-worker.js", …)``):
  every ``"./name.js"`` in one of our scripts names a sibling it loads, so the
  package takes each script and, in turn, those it names;
- Pyodide's folder holds the runtime the build copied and cut
  (``engine_assets.pyodide_runtime.RUNTIME_FILES``). Its two module scripts
  are named ``.mjs``, a type many servers and LMSs do not know (Moodle serves
  it as ``application/octet-stream``, and a browser runs no module script of
  that type), so the package names them ``.js`` and changes the one place
  the loader names the other (the page tells the engine with
  ``data-pyodide-module``).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ..engine_assets.pyodide_runtime import RUNTIME_FILES

# A sibling script named in one of our scripts.
_SIBLING_SCRIPT = re.compile(r"""["']\./([A-Za-z0-9_.-]+\.js)["']""")

# Pyodide's files as the build writes them: their names in the package.
PACKAGED_NAMES = {"pyodide.mjs": "pyodide.js", "pyodide.asm.mjs": "pyodide.asm.js"}


class MissingFile(Exception):
    """A file the package needs is not in the built site; the message names it."""


def _read(site_dir: Path, path: str) -> bytes:
    try:
        return (site_dir / path).read_bytes()
    except OSError as exc:
        raise MissingFile(f"the built site has no {path} ({exc.strerror}); build the site again") from None


def scripts_needed(site_dir: Path, scripts: set[str]) -> set[str]:
    """``scripts`` (paths from the site's root) and every script they load, however indirectly."""
    needed: set[str] = set()
    waiting = list(scripts)
    while waiting:
        path = waiting.pop()
        if path in needed:
            continue
        needed.add(path)
        text = _read(site_dir, path).decode("utf-8")
        waiting += [posixpath.join(posixpath.dirname(path), name) for name in _SIBLING_SCRIPT.findall(text)]
    return needed


def pyodide_files(site_dir: Path, folder: str) -> dict[str, bytes]:
    """Pyodide's runtime from ``folder`` of the built site, under the names the package gives it.

    Raises:
        MissingFile: a runtime file is missing, or the loader no longer names
            its module as the renaming expects (a new Pyodide: check the renaming).
    """
    files = {}
    for name in RUNTIME_FILES:
        data = _read(site_dir, f"{folder}/{name}")
        if name in PACKAGED_NAMES:
            # The loader imports the other module by name (and Pyodide's error
            # traces look for it by name): only in the two scripts, never in
            # the wasm or the standard library.
            data = data.replace(b"pyodide.asm.mjs", PACKAGED_NAMES["pyodide.asm.mjs"].encode())
        files[f"{folder}/{PACKAGED_NAMES.get(name, name)}"] = data
    loader = files[f"{folder}/{PACKAGED_NAMES['pyodide.mjs']}"]
    if b"pyodide.asm.js" not in loader or b"pyodide.asm.mjs" in loader:
        raise MissingFile(f"{folder}/pyodide.mjs no longer loads pyodide.asm.mjs by that name; the package cannot rename it")
    return files

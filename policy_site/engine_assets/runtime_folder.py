"""The folder the site's Pyodide runtime goes in: ``assets/pyodide/<pin>-<tag>/``.

Servers send its files as immutable (``SITE_CACHE_CONTROL``): a returning
reader's browser uses its copy, and Chromium its compiled WebAssembly,
without asking the server. That is only safe if a file's URL changes
whenever its bytes may, so the folder is named for its inputs: ``<pin>``
is the exact Pyodide version and ``<tag>`` the start of ``runtime_key``, a
hash of the release's integrity, the engine's sources and the code that
records and cuts the standard library. A build that would write other bytes
writes them to another folder; one that would write the same bytes (a
policy edit, say) keeps the folder, and readers keep their copies.

Worked out from files alone, before any page is rendered (the pages name
the folder): no Node, no tarball.
"""

from __future__ import annotations

from pathlib import Path

from ..render.site_layout import pyodide_runtime_dir
from .pyodide_runtime import read_pin
from .stdlib_cut import runtime_key
from .wheel import ENGINE_SOURCE_DIR

# Hex digits of runtime_key in the folder's name: 40 bits, so two different
# runtimes of one Pyodide version get the same name with negligible chance.
TAG_LENGTH = 10


def runtime_folder(project_dir: Path, engine_dir: Path = ENGINE_SOURCE_DIR) -> str:
    """The Pyodide folder (from the site root) for the pin in ``project_dir``'s
    package.json / package-lock.json and the engine in ``engine_dir``.

    Raises:
        RuntimeSetupError: the pin cannot be read.
    """
    pin = read_pin(project_dir)
    return pyodide_runtime_dir(pin.version, runtime_key(pin, engine_dir)[:TAG_LENGTH])

"""Sub-commands of ``policy``: one module each, found automatically.

A module here defines ``register(subcommands)``, which adds its parser to the
``argparse`` sub-parsers and sets ``run=<function(args) -> exit code>``.
Adding a command therefore means adding a file, not editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil


def register_all(subcommands) -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module.register(subcommands)

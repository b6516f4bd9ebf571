"""A throwaway MkDocs project around a synthetic policy_src/, for full builds.

It uses this project's own mkdocs.yml, docs/ and theme overrides (by absolute
path) and the pinned Pyodide (package.json and package-lock.json are copied:
the build reads the pin from them), so a build of it is a real `policy build`
of a bigger procedure, nothing else changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from synthetic_policy import ROOT, write_synthetic_source


class _EnvValue(list):
    """An `!ENV [NAME, default]` value of mkdocs.yml, written back with its tag."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, keeping its `!ENV` values as written."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: _EnvValue(loader.construct_sequence(node)))
yaml.SafeDumper.add_representer(_EnvValue, lambda dumper, value: dumper.represent_sequence("!ENV", list(value)))


def write_synthetic_project(dest: Path, clauses: int) -> Path:
    """Write the project into ``dest``; returns the path of its mkdocs.yml."""
    source = write_synthetic_source(dest / "policy_src", clauses)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "policy" in plugin:
            plugin["policy"]["source_dir"] = str(source)
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, dest / name)
    return dest / "mkdocs.yml"

"""A throwaway MkDocs project around a synthetic manual, for full builds.

It uses this project's own mkdocs.yml, docs/ and theme overrides (by absolute
path) and the pinned Pyodide (package.json and package-lock.json are copied:
the build reads the pin from them), so a build of it is a real `policy build`
of a bigger manual, nothing else changed.

Its build cache (``.cache/policy-site/`` beside its mkdocs.yml) starts with
this project's unpacked Pyodide, recorded imports and precompressed files,
hard-linked (entries are keyed by their inputs and only ever replaced whole,
so sharing them is safe): a first build then costs what every later one does,
not the one-time Pyodide set-up. The PDF cache starts empty.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from synthetic_policy import ROOT, write_synthetic_manual, write_synthetic_source

# Build-cache folders a synthetic project may share with this project's.
SHARED_CACHE_KINDS = ("pyodide", "pyodide-imports", "precompressed")
CACHE_FOLDER = Path(".cache") / "policy-site"


class _EnvValue(list):
    """An `!ENV [NAME, default]` value of mkdocs.yml, written back with its tag."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, keeping its `!ENV` values as written."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: _EnvValue(loader.construct_sequence(node)))
yaml.SafeDumper.add_representer(_EnvValue, lambda dumper, value: dumper.represent_sequence("!ENV", list(value)))


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as data, its `!ENV` values kept."""
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def write_config(config: dict, config_file: Path) -> Path:
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_file


def seed_build_cache(project_dir: Path) -> None:
    """Hard-link (or copy) this project's Pyodide and precompression cache entries into ``project_dir``'s cache."""
    for kind in SHARED_CACHE_KINDS:
        source, target = ROOT / CACHE_FOLDER / kind, project_dir / CACHE_FOLDER / kind
        if not source.is_dir() or target.exists():
            continue

        def link(src, dst):
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)

        shutil.copytree(source, target, copy_function=link)


def write_synthetic_project(dest: Path, clauses: int, procedures: int = 1, seed_cache: bool = True,
                            reading_only: bool = False) -> Path:
    """Write a project of ``procedures`` procedures x ``clauses`` clauses into ``dest``; returns its mkdocs.yml.

    ``reading_only``: one procedure without questions, facts or examples
    (``procedures`` is then ignored), as the engine refuses a bundle as big as
    a procedure of thousands of clauses would make (quiz/limits.py).
    """
    if reading_only:
        source = write_synthetic_source(dest / "policy_src", clauses, interactive=False)
    else:
        source = write_synthetic_manual(dest / "policy_src", procedures, clauses)
    config = read_config(ROOT / "mkdocs.yml")
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "policy" in plugin:
            plugin["policy"]["source_dir"] = str(source)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, dest / name)
    if seed_cache:
        seed_build_cache(dest)
    return write_config(config, dest / "mkdocs.yml")

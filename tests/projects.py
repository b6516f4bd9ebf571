"""Throwaway copies of this project, for tests that build a site from other data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOT

# The manual a single procedure folder is published in by make_project.
FIXTURE_MANUAL = ROOT / "tests" / "fixtures" / "manual.yaml"


def make_project(tmp_path: Path, source: Path) -> Path:
    """A copy of this project's site configuration with other data; returns its mkdocs.yml.

    ``source`` is a whole manual (a folder with manual.yaml), or one procedure
    folder, which becomes the only procedure of a manual (tests/fixtures/manual.yaml).
    """
    for name in ("mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    if (source / "manual.yaml").is_file():
        shutil.copytree(source, tmp_path / "policy_src")
    else:
        add_procedure(tmp_path / "policy_src", source)
        shutil.copy(FIXTURE_MANUAL, tmp_path / "policy_src" / "manual.yaml")
    return tmp_path / "mkdocs.yml"


def add_procedure(manual_dir: Path, procedure: Path) -> Path:
    """Copy a procedure folder into a manual, named by its slug (as the loader requires); returns the copy."""
    found = re.search(r"^  slug: *(\S+)", (procedure / "policy.yaml").read_text(encoding="utf-8"), re.MULTILINE)
    destination = manual_dir / "procedures" / (found.group(1) if found else procedure.name)
    shutil.copytree(procedure, destination)
    return destination

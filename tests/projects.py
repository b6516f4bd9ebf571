"""Throwaway copies of this project, for tests that build a site from other data."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT


def make_project(tmp_path: Path, policy_src: Path) -> Path:
    """A copy of this project's site configuration with another policy_src; returns its mkdocs.yml."""
    for name in ("mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(policy_src, tmp_path / "policy_src")
    return tmp_path / "mkdocs.yml"

"""Table-driven error fixtures: a folder per message, with the files to load and
``expected.txt`` holding the exact ``path:line:col: message`` lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_site.common.problems import PolicySourceError

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_folders(group: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / group).iterdir() if p.is_dir())


def parametrize_fixtures(group: str):
    """``@parametrize_fixtures("invalid")``: one test case per fixture folder, named after it."""
    folders = fixture_folders(group)
    return pytest.mark.parametrize("fixture", folders, ids=[p.name for p in folders])


def assert_reports_expected_problems(fixture: Path, load, monkeypatch) -> None:
    """Loading the fixture (paths shown relative to it) raises exactly its expected problems."""
    monkeypatch.chdir(fixture)
    expected = (fixture / "expected.txt").read_text(encoding="utf-8").strip().splitlines()
    with pytest.raises(PolicySourceError) as raised:
        load(Path("."))
    assert [str(p) for p in raised.value.problems] == expected

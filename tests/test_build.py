"""The build: strict, atomic, and stopped by bad input before anything is written."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_site.mkdocs_plugin.build import BuildFailed, build_site

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def make_project(tmp_path: Path, policy_src: Path) -> Path:
    """A copy of this project's site configuration with another policy_src."""
    for name in ("mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(policy_src, tmp_path / "policy_src")
    return tmp_path / "mkdocs.yml"


def test_bad_input_fails_with_file_line_and_leaves_no_site(tmp_path):
    config = make_project(tmp_path, FIXTURES / "invalid" / "dangling-reference")
    with pytest.raises(BuildFailed) as failed:
        build_site(config)
    assert 'policy.yaml:18:22: clause 1.1 refers to unknown reference "the-act"' in str(failed.value)
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_a_failed_build_keeps_the_previous_site_untouched(tmp_path):
    config = make_project(tmp_path, FIXTURES / "valid-minimal")
    site = build_site(config)
    assert (site / "procedure" / "index.html").is_file()
    before = sorted(str(p.relative_to(site)) for p in site.rglob("*"))

    shutil.copy(FIXTURES / "invalid" / "duplicate-key" / "policy.yaml", tmp_path / "policy_src" / "policy.yaml")
    with pytest.raises(BuildFailed):
        build_site(config)
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*")) == before
    assert "Staff must do one thing." in (site / "procedure" / "index.html").read_text()


def test_a_broken_anchor_fails_the_strict_build(tmp_path):
    config = make_project(tmp_path, ROOT / "policy_src")
    about = tmp_path / "docs" / "about.md"
    about.write_text(about.read_text() + "\nSee [clause 9.9](procedure.md#clause-9-9).\n")
    with pytest.raises(BuildFailed, match="Aborted with 1 warnings in strict mode"):
        build_site(config)
    assert not (tmp_path / "site").exists()


def test_policy_build_command_reports_the_problem_and_exits_1(tmp_path):
    config = make_project(tmp_path, FIXTURES / "invalid" / "wrong-type")
    result = subprocess.run(
        [sys.executable, "-m", "policy_site.cli", "build", "-f", str(config)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert 'policy_src/policy.yaml:13:22: "title_editorial" must be true or false, not "yes"' in result.stderr
    assert "previous site (if any) is unchanged" in result.stderr
    assert not (tmp_path / "site").exists()


def test_policy_check_command_exit_codes(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "policy_site.cli", "check", str(ROOT / "policy_src")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "policy_site.cli", "check", "."],
        capture_output=True,
        text=True,
        cwd=FIXTURES / "invalid" / "unknown-key",
    )
    assert bad.returncode == 1
    # The fixture holds only policy.yaml, so the other files are reported missing too.
    assert 'policy.yaml:16:9: unknown key "txet" in clause or gap; did you mean "text"?' in bad.stderr.splitlines()


def test_the_real_site_builds_strictly(built_site):
    for page in ("index.html", "procedure/index.html", "about/index.html", "search/search_index.json"):
        assert (built_site / page).is_file(), page

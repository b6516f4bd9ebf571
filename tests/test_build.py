"""The build: strict, atomic, and stopped by bad input before anything is written."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_site.mkdocs_plugin.build import BuildFailed, build_site

from conftest import APPENDIX_C_URL, ROOT
from projects import make_project

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.site
def test_bad_input_fails_with_file_line_and_leaves_no_site(tmp_path):
    config = make_project(tmp_path, FIXTURES / "invalid" / "dangling-reference")
    with pytest.raises(BuildFailed) as failed:
        build_site(config)
    assert 'policy.yaml:15:22: clause 1.1 refers to unknown reference "the-act"' in str(failed.value)
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


@pytest.mark.site
def test_a_failed_build_keeps_the_previous_site_untouched(tmp_path):
    config = make_project(tmp_path, FIXTURES / "valid-minimal")
    site = build_site(config)
    assert (site / "procedures" / "example" / "index.html").is_file()
    before = sorted(str(p.relative_to(site)) for p in site.rglob("*"))

    shutil.copy(FIXTURES / "invalid" / "duplicate-key" / "policy.yaml", tmp_path / "policy_src" / "procedures" / "example" / "policy.yaml")
    with pytest.raises(BuildFailed):
        build_site(config)
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*")) == before
    assert "Staff must do one thing." in (site / "procedures" / "example" / "index.html").read_text()


@pytest.mark.site
def test_a_broken_anchor_fails_the_strict_build(tmp_path):
    config = make_project(tmp_path, ROOT / "policy_src")
    about = tmp_path / "docs" / "about.md"
    about.write_text(about.read_text() + "\nSee [clause 9.9](procedures/ap-140-appendix-c-acceptable-use-of-social-media/index.md#clause-9-9).\n")
    with pytest.raises(BuildFailed, match="Aborted with 1 warnings in strict mode"):
        build_site(config)
    assert not (tmp_path / "site").exists()


@pytest.mark.site
def test_policy_build_command_reports_the_problem_and_exits_1(tmp_path):
    config = make_project(tmp_path, FIXTURES / "invalid" / "wrong-type")
    result = subprocess.run(
        [sys.executable, "-m", "policy_site.cli", "build", "-f", str(config)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert 'policy_src/procedures/example/policy.yaml:10:22: "title_editorial" must be true or false, not "yes"' in result.stderr
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
    assert 'policy.yaml:13:9: unknown key "txet" in clause or gap; did you mean "text"?' in bad.stderr.splitlines()


def test_the_real_site_builds_strictly(built_site):
    for page in ("index.html", f"{APPENDIX_C_URL}index.html", "procedure/index.html", "about/index.html", "search/search_index.json"):
        assert (built_site / page).is_file(), page


# --- builds at the same time ----------------------------------------------------


@pytest.mark.site
def test_concurrent_builds_take_turns_and_leave_one_whole_site(tmp_path):
    import fcntl

    config = make_project(tmp_path, FIXTURES / "valid-minimal")
    build_site(config)  # warm the build cache, so the concurrent builds below are quick
    (tmp_path / ".site-building-killed").mkdir()  # as a build killed mid-way leaves it
    (tmp_path / ".site-building-killed" / "index.html").write_text("half a site")
    # Hold the build lock, as a running build would, so all four must queue behind it.
    with open(tmp_path / ".policy-build-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        builds = [
            subprocess.Popen([sys.executable, "-m", "policy_site.cli", "build", "-f", str(config)],
                             cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)
        ]
        waiting = [build.stderr.readline() for build in builds]
        assert waiting == ["Another build of this site is running; waiting for it to finish.\n"] * 4
    results = [(build.wait(timeout=300), build.stderr.read()) for build in builds]
    # Before the lock: "OSError: Directory not empty: 'site' -> '.site-previous'" and 16 MB left behind each time.
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    assert "Traceback" not in "".join(err for _, err in results)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []
    assert "Staff must do one thing." in (tmp_path / "site" / "procedures" / "example" / "index.html").read_text()


def test_publishing_a_new_site_never_leaves_the_site_missing(tmp_path):
    from policy_site.mkdocs_plugin.build import publish

    import threading

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("0")
    missing = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            if not (site / "index.html").exists():
                missing.append(True)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for version in range(1, 201):
            staging = tmp_path / f".site-building-{version}"
            staging.mkdir()
            (staging / "index.html").write_text(str(version))
            publish(staging, site)
    finally:
        done.set()
        watcher.join()
    assert (site / "index.html").read_text() == "200"
    assert missing == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]

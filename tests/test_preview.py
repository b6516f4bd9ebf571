"""The preview (`make serve`, `policy serve`), of the whole manual or of the one procedure being edited.

Each test starts the real preview server, MkDocs' own, in a project that
holds two procedures: a copy of Appendix C and the reading-only procedure of
tests/fixtures/manual-additions, whose background mentions Appendix C.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import APPENDIX_C, APPENDIX_C_URL, MANUAL, ROOT, ctrl_c_as_in_a_terminal, free_port
from policy_site.common.problems import ProblemLog
from policy_site.load.manual_folder import read_manual
from policy_site.load.warnings import add_manual_warnings
from policy_site.mkdocs_plugin.build import BuildFailed, build_site
from projects import make_project
from test_accessibility import axe_violations

STUDENT_RECORDS = "ap-220-student-records"
STUDENT_RECORDS_URL = f"procedures/{STUDENT_RECORDS}/"
ADDITIONS = ROOT / "tests" / "fixtures" / "manual-additions"
BANNER = "Preview of one procedure:"
MENTION_LINK = f'<a class="procedure-mention" href="../{APPENDIX_C.name}/">Administrative Procedure 140 - Appendix C</a>'
START_SECONDS = 300  # a first build with a cold cache sets up Pyodide and typesets the PDFs


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_site) -> Path:
    """A copy of the project with two procedures; returns its folder."""
    root = tmp_path_factory.mktemp("preview")
    make_project(root, MANUAL)
    shutil.copytree(ADDITIONS / STUDENT_RECORDS, root / "policy_src" / "procedures" / STUDENT_RECORDS)
    # The real build's cache, warm once built_site is built: its entries are
    # named for their content, so sharing it changes no output, and the
    # preview starts in seconds instead of setting up Pyodide again.
    (root / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)
    return root


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def policy_serve(project: Path, *args: str, port: int, output) -> subprocess.Popen:
    """`policy serve` in ``project``, writing what it prints to the file ``output``
    (a file, not a pipe: a pipe nobody reads fills up and stops the server)."""
    return subprocess.Popen(
        [sys.executable, "-m", "policy_site.cli", "serve", "-f", str(project / "mkdocs.yml"),
         "--dev-addr", f"127.0.0.1:{port}", *args],
        stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=ctrl_c_as_in_a_terminal,  # stopped below with SIGINT
    )


def printed(output) -> str:
    output.seek(0)
    return output.read().decode("utf-8", "replace")


@contextmanager
def preview(project: Path, *args: str):
    """`policy serve` running in ``project``; yields its base URL."""
    port = free_port()
    with tempfile.TemporaryFile() as output:
        server = policy_serve(project, *args, port=port, output=output)
        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                assert server.poll() is None, f"policy serve stopped:\n{printed(output)}"
                try:
                    if fetch(base)[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"policy serve served nothing:\n{printed(output)}"
                time.sleep(0.2)
            yield base
        finally:
            server.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs removes its temporary site
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_for_text(url: str, text: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while True:
        status, body = fetch(url)  # MkDocs holds a request while it rebuilds
        if status == 200 and text in body:
            return body
        assert time.monotonic() < deadline, f"{url} did not show {text!r} within {seconds} s"
        time.sleep(0.1)


def test_a_preview_of_one_procedure_builds_it_alone_says_so_and_follows_edits(project):
    policy_file = project / "policy_src" / "procedures" / STUDENT_RECORDS / "policy.yaml"
    original = policy_file.read_text(encoding="utf-8")
    old = "Staff must keep student records in the district's records system."
    edited = "Staff must keep student records in the district's records system, edited in the preview."
    assert old in original
    try:
        with preview(project, "--procedure", STUDENT_RECORDS) as base:
            status, page = fetch(base + STUDENT_RECORDS_URL)
            assert status == 200 and BANNER in page and STUDENT_RECORDS in page
            assert fetch(base + APPENDIX_C_URL)[0] == 404
            home, guide = fetch(base)[1], fetch(base + "editing/")[1]
            assert BANNER in home and BANNER in guide
            assert "ap-140-appendix-c" not in home  # neither listed nor in the navigation
            # Its mention of Appendix C stays text: that procedure is not in the preview.
            assert "Administrative Procedure 140 - Appendix C" in page
            assert "procedure-mention" not in page and "ap-140-appendix-c" not in page
            # An edit is rebuilt as a preview of the same procedure.
            policy_file.write_text(original.replace(old, edited), encoding="utf-8")
            assert BANNER in wait_for_text(base + STUDENT_RECORDS_URL, "system, edited in the preview.")
            assert fetch(base + APPENDIX_C_URL)[0] == 404
    finally:
        policy_file.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_banner_of_the_preview_is_seen_and_passes_axe(project, browser, scheme):
    with preview(project, "--procedure", STUDENT_RECORDS) as base:
        context = browser.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(base + STUDENT_RECORDS_URL)
            banner = page.locator("aside.md-banner")
            assert banner.is_visible() and BANNER in banner.inner_text()
            assert axe_violations(page) == []
        finally:
            context.close()


def test_the_preview_of_the_whole_manual_has_every_procedure_and_no_banner(project):
    with preview(project) as base:
        status, page = fetch(base + STUDENT_RECORDS_URL)
        assert status == 200 and fetch(base + APPENDIX_C_URL)[0] == 200
        assert "md-banner" not in page and BANNER not in fetch(base)[1]
        assert MENTION_LINK in page


def test_a_procedure_the_manual_lacks_stops_the_preview_and_names_the_closest(project):
    with tempfile.TemporaryFile() as file:
        server = policy_serve(project, "--procedure", "ap-220-student-record", port=free_port(), output=file)
        server.wait(timeout=START_SECONDS)
        output = printed(file)
    assert server.returncode == 1, output
    assert 'no procedure folder named "ap-220-student-record" (did you mean "ap-220-student-records"?)' in output
    assert "policy serve: the preview did not start: the first build failed; its errors are above" in output


def test_a_build_for_deployment_refuses_the_preview_of_one_procedure(project, tmp_path):
    config = project / "mkdocs-preview.yml"
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.count("  - policy:\n") == 1
    config.write_text(text.replace("  - policy:\n", f"  - policy:\n      preview_procedure: {STUDENT_RECORDS}\n"), encoding="utf-8")
    with pytest.raises(BuildFailed, match="a site to deploy needs the whole manual"):
        build_site(config, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_manual_read_in_part_holds_that_procedure_and_warns_of_no_mention(project):
    log = ProblemLog()
    manual = read_manual(project / "policy_src", log, only=STUDENT_RECORDS)
    assert manual is not None and [p.id for p in manual.procedures] == [STUDENT_RECORDS]
    add_manual_warnings(manual, log, whole=False)
    assert not [w for w in log.warnings if "mentions" in str(w)]
    # Read whole, it warns of the procedure 999 it mentions and the manual lacks, and of no other.
    whole_log = ProblemLog()
    add_manual_warnings(read_manual(project / "policy_src", whole_log), whole_log)
    mentions = [str(w) for w in whole_log.warnings if "mentions" in str(w) and STUDENT_RECORDS in str(w)]
    assert len(mentions) == 1 and "Administrative Procedure 999" in mentions[0]

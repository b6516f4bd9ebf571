"""HTML validity: the Nu HTML Checker over every built page and over the DOM
of the quiz and checker after JavaScript has changed it.

Zero errors in our own markup. Errors in Material's templates are listed, each
with its reason, in html_baseline.yaml; an entry that stops occurring fails
too, so the list cannot go stale. One Java run checks every document.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from conftest import ROOT
from page_states import capture

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BASELINE = Path(__file__).with_name("html_baseline.yaml")
EVERY_DOCUMENT = "every document"
# A document with one known error, checked in the same run: proves that vnu
# really ran and that its report is read correctly.
CANARY = "canary (a duplicate id, on purpose)"
CANARY_HTML = '<!DOCTYPE html><html lang="en"><head><title>c</title></head><body><p id="x">a</p><p id="x">b</p></body></html>'


@dataclass(frozen=True)
class VnuError:
    document: str
    line: int | None
    message: str
    extract: str

    def __str__(self):
        return f"{self.document}:{self.line}: {self.message} | {self.extract.strip()}"


def _file_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".html"


@pytest.fixture(scope="module")
def documents(built_site, browser, site_url, tmp_path_factory) -> dict[str, Path]:
    """Every document to check, by name: the built pages, then the DOM of each quiz/checker state."""
    found = {path.relative_to(built_site).as_posix(): path for path in sorted(built_site.rglob("*.html"))}
    dom_dir = tmp_path_factory.mktemp("dom")
    captured = capture(browser, site_url, built_site)
    for state in (*captured.quiz, *captured.checker):
        if state.validate:
            path = dom_dir / _file_name(state.name)
            path.write_text(state.html, encoding="utf-8")
            found[f"DOM: {state.name}"] = path
    canary = dom_dir / "canary.html"
    canary.write_text(CANARY_HTML, encoding="utf-8")
    found[CANARY] = canary
    return found


@pytest.fixture(scope="module")
def vnu_errors(documents) -> list[VnuError]:
    if shutil.which("java") is None:
        pytest.fail("java is not installed; run scripts/ensure-system-packages.sh (make test does)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} is missing; run npm ci (make test does)")
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *map(str, documents.values())],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    by_path = {path.resolve().as_posix(): name for name, path in documents.items()}
    errors = []
    for message in json.loads(run.stdout)["messages"]:
        # "non-document-error" is vnu failing to read a file: never acceptable.
        if message["type"] not in ("error", "non-document-error"):
            continue
        path = unquote(message.get("url", "")).removeprefix("file:")
        errors.append(VnuError(by_path.get(path, path), message.get("lastLine"), message["message"], message.get("extract", "")))
    return errors


@dataclass(frozen=True)
class BaselineEntry:
    message: str
    extract: str
    pages: str | list[str]
    source: str
    reason: str

    def explains(self, error: VnuError) -> bool:
        return bool(re.search(self.message, error.message) and re.search(self.extract, error.extract))


def baseline() -> list[BaselineEntry]:
    return [BaselineEntry(**entry) for entry in yaml.safe_load(BASELINE.read_text(encoding="utf-8"))]


def test_every_baseline_entry_says_where_and_why():
    entries = baseline()
    assert entries
    for entry in entries:
        assert entry.extract and len(entry.source) > 20 and len(entry.reason) > 80, entry
        assert entry.pages == EVERY_DOCUMENT or (isinstance(entry.pages, list) and entry.pages), entry


def test_the_checker_ran_on_every_document(documents, vnu_errors):
    assert len(documents) >= 7 + 4 + 4  # built pages, quiz states, one checker DOM per verdict
    assert any(e.document == CANARY and "Duplicate ID" in e.message for e in vnu_errors), "vnu did not report the canary's error"


def test_no_html_errors_except_materials_listed_ones(vnu_errors):
    entries = baseline()
    unexplained = [str(e) for e in vnu_errors if e.document != CANARY and not any(entry.explains(e) for entry in entries)]
    assert unexplained == []


def test_every_baseline_entry_still_occurs_on_exactly_its_pages(documents, vnu_errors):
    checked = [name for name in documents if name != CANARY]
    for entry in baseline():
        expected = set(checked) if entry.pages == EVERY_DOCUMENT else set(entry.pages)
        found = {e.document for e in vnu_errors if entry.explains(e)}
        assert found == expected, f"baseline entry {entry.message!r} no longer matches its pages: update or delete it " \
                                  f"(missing on {sorted(expected - found)}, new on {sorted(found - expected)})"

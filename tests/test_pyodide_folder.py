"""Pyodide's folder in the site is named for what decides its bytes (policy_site/engine_assets/runtime_folder.py).

Servers send its files as immutable, so a browser never asks for them again:
that is only safe if every change to their bytes moves them to a new URL,
and worth it only if nothing else does (a policy edit must not make every
returning reader download Pyodide again).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from policy_site.engine_assets import stdlib_cut
from policy_site.engine_assets.pyodide_runtime import RUNTIME_FILES, read_pin
from policy_site.engine_assets.runtime_folder import runtime_folder
from policy_site.engine_assets.site_files import engine_setups
from policy_site.load.manual_folder import load_manual
from policy_site.mkdocs_plugin.precompress import ENCODINGS
from policy_site.render.site_layout import PYODIDE_DIR

from conftest import APPENDIX_C_URL, MANUAL, ROOT, pyodide_folder

ENGINE_PAGES = ("self-assessment/", "check/")


# --- the built site ------------------------------------------------------------


def test_the_site_has_one_pyodide_folder_named_for_the_pin_and_a_tag(built_site):
    runtime = pyodide_folder(built_site)  # asserts there is exactly one
    pin = read_pin(ROOT)
    assert re.fullmatch(rf"{re.escape(PYODIDE_DIR)}/{re.escape(pin.version)}-[0-9a-f]{{10}}", runtime), runtime
    # The name the pages were given before the build wrote anything is the folder it wrote.
    assert runtime == runtime_folder(ROOT)


def test_the_folder_holds_exactly_the_runtime_and_its_precompressed_copies(built_site):
    folder = built_site / pyodide_folder(built_site)
    names = {path.name for path in folder.iterdir()}
    assert all(path.is_file() for path in folder.iterdir())
    siblings = {name for name in names if name.endswith(tuple(e.suffix for e in ENCODINGS))}
    assert names - siblings == set(RUNTIME_FILES)
    assert {name.rsplit(".", 1)[0] for name in siblings} <= set(RUNTIME_FILES)
    assert {"pyodide.asm.wasm.br", "pyodide.asm.wasm.gz"} <= siblings  # the site is built precompressed


@pytest.mark.parametrize("page", ENGINE_PAGES)
def test_the_engine_pages_load_pyodide_from_that_folder(built_site, page):
    html = (built_site / APPENDIX_C_URL / page / "index.html").read_text(encoding="utf-8")
    (named,) = re.findall(r'data-pyodide="([^"]*)"', html)
    site = "http://site.invalid/"
    assert urlsplit(urljoin(site + APPENDIX_C_URL + page, named)).path == f"/{pyodide_folder(built_site)}/"


# --- what the name follows -------------------------------------------------------


@pytest.fixture
def engine_copy(tmp_path) -> Path:
    """A copy of quiz/ (named quiz, like the real one)."""
    return Path(shutil.copytree(ROOT / "quiz", tmp_path / "engine" / "quiz", ignore=shutil.ignore_patterns("__pycache__")))


def append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def test_an_engine_source_changes_the_folder(engine_copy):
    assert runtime_folder(ROOT, engine_copy) == runtime_folder(ROOT)  # a copy names the same folder
    append(engine_copy / "limits.py", "# an edit")
    assert runtime_folder(ROOT, engine_copy) != runtime_folder(ROOT)


# Each decides what the import recording sees or the bytes the cut writes.
WRITERS = ("stdlib_cut.py", "record_imports.mjs", "engine_session.mjs", "engine_workload.py", "wheel.py", "pyodide_runtime.py",
           "compile_stdlib.mjs", "stdlib_bytecode.py", "node_pyodide.py")


@pytest.mark.parametrize("name", WRITERS)
def test_the_code_that_records_and_cuts_the_runtime_changes_the_folder(name, tmp_path, monkeypatch):
    before = runtime_folder(ROOT)
    edited = tmp_path / name
    shutil.copy(Path(stdlib_cut.__file__).parent / name, edited)
    append(edited, "// an edit" if name.endswith(".mjs") else "# an edit")
    monkeypatch.setattr(stdlib_cut, "RUNTIME_SOURCES", tuple(edited if p.name == name else p for p in stdlib_cut.RUNTIME_SOURCES))
    assert runtime_folder(ROOT) != before


def test_a_deliberate_module_changes_the_folder(tmp_path, monkeypatch):
    before = runtime_folder(ROOT)
    edited = tmp_path / "stdlib_cut.py"
    source = Path(stdlib_cut.__file__).read_text(encoding="utf-8")
    edited.write_text(source.replace("DELIBERATE_MODULES = {", 'DELIBERATE_MODULES = {\n    "csv": "a test",', 1), encoding="utf-8")
    monkeypatch.setattr(stdlib_cut, "RUNTIME_SOURCES", tuple(edited if p.name == edited.name else p for p in stdlib_cut.RUNTIME_SOURCES))
    assert runtime_folder(ROOT) != before


def project_with_pin(tmp_path: Path, version: str | None = None, integrity: str | None = None) -> Path:
    """A project folder with this project's package.json / package-lock.json, the pyodide pin changed as given."""
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    locked = lock["packages"]["node_modules/pyodide"]
    if version:
        package["dependencies"]["pyodide"] = locked["version"] = version
    if integrity:
        locked["integrity"] = integrity
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    return tmp_path


def test_the_pin_names_the_folder_and_its_integrity_changes_the_tag(tmp_path):
    version = read_pin(ROOT).version
    assert runtime_folder(project_with_pin(tmp_path)) == runtime_folder(ROOT)
    other_tarball = runtime_folder(project_with_pin(tmp_path, integrity="sha512-" + "A" * 86 + "=="))
    assert other_tarball.startswith(f"{PYODIDE_DIR}/{version}-") and other_tarball != runtime_folder(ROOT)
    assert runtime_folder(project_with_pin(tmp_path, version="999.0.0")).startswith(f"{PYODIDE_DIR}/999.0.0-")


def test_a_policy_edit_keeps_the_folder_and_changes_only_the_bundles_tag(tmp_path):
    copy = Path(shutil.copytree(MANUAL, tmp_path / "policy_src"))
    questions = copy / "procedures" / Path(APPENDIX_C_URL).name / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    assert "pass_mark: 80" in text
    questions.write_text(text.replace("pass_mark: 80", "pass_mark: 70"), encoding="utf-8")
    (real,) = engine_setups(load_manual(MANUAL), ROOT, 30).values()
    (edited,) = engine_setups(load_manual(copy), ROOT, 30).values()
    assert edited.version_tag != real.version_tag  # the bundle changed...
    assert edited.runtime == real.runtime == runtime_folder(ROOT)  # ...Pyodide did not


def test_a_manual_for_reading_only_needs_no_pin(tmp_path, monkeypatch):
    # No page runs the engine: the build ships no Pyodide, so it must not ask for the pin.
    manual = load_manual(MANUAL)
    monkeypatch.setattr(type(manual.procedures[0]), "runs_engine", property(lambda self: False))
    assert engine_setups(manual, tmp_path, 30) == {}  # tmp_path has no package.json


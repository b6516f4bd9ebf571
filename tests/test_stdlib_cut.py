"""The site ships only the Python the engine uses (policy_site/engine_assets/stdlib_cut.py).

The build records the modules Pyodide loads while the engine answers a
workload, ships a standard library of just those (plus the deliberate ones)
and a lock file with no packages, and stops if the engine imports a module the
cut lacks. tests/test_engine_pyodide.py runs the engine in the cut library.
"""

from __future__ import annotations

import ast
import gzip
import io
import json
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from policy_site.common.build_cache import BuildCache
from policy_site.engine_assets.engine_workload import engine_workload
from policy_site.engine_assets.pyodide_runtime import LOCK_FILE, STDLIB_FILE, PyodideRelease, RuntimeSetupError
from policy_site.engine_assets.stdlib_bytecode import compile_stdlib
from policy_site.engine_assets.stdlib_cut import (
    DELIBERATE_MODULES,
    StdlibCutError,
    check_engine_imports,
    record_engine_imports,
    write_cut_runtime,
)
from policy_site.engine_assets.wheel import write_reproducible_zip
from quiz import api

from conftest import ROOT, pyodide_folder
from engine_requests import real_bundle, real_content, request_sequence

ENGINE_DIR = ROOT / "quiz"
# In Pyodide's full standard library, and nothing the engine or Pyodide's start-up loads.
NOT_USED = ("email", "sqlite3", "xml", "unittest", "http", "urllib", "tomllib", "multiprocessing", "ctypes", "csv")


def workload() -> list:
    return engine_workload(json.loads(json.dumps(real_bundle())), [e.facts for e in real_content().examples])


@pytest.fixture(scope="module")
def release() -> PyodideRelease:
    return PyodideRelease(ROOT)


@pytest.fixture(scope="module")
def record(release):
    """The project's recording: from the build cache once the site is built (the same key), else made now."""
    return record_engine_imports(release, workload, BuildCache.beside(ROOT))


def zip_modules(archive: Path | bytes) -> set[str]:
    """The modules in a standard-library zip (a file, or its bytes), as source (.py) or bytecode (.pyc)."""
    with zipfile.ZipFile(io.BytesIO(archive) if isinstance(archive, bytes) else archive) as opened:
        return {
            name.removesuffix(".pyc").removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            for name in opened.namelist() if name.endswith((".py", ".pyc"))
        }


def shipped_file(site: Path, name: str) -> Path:
    """One of the runtime's files as the built site has it."""
    return site / pyodide_folder(site) / name


def content_size(archive: bytes) -> int:
    """The bytes of the files in a zip, uncompressed."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return sum(info.file_size for info in opened.infolist())


def test_the_shipped_library_stores_its_modules_for_the_server_to_compress_whole(built_site):
    # Deflated one by one, the modules would compress worse, and Python would inflate each in WebAssembly.
    with zipfile.ZipFile(shipped_file(built_site, STDLIB_FILE)) as shipped:
        assert {info.compress_type for info in shipped.infolist()} == {zipfile.ZIP_STORED}
    for sibling in (".br", ".gz"):
        assert shipped_file(built_site, STDLIB_FILE + sibling).is_file()


def sizes(data: bytes) -> tuple[int, int]:
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


# --- what the site ships ---------------------------------------------------------


@pytest.mark.pyodide
def test_the_site_ships_exactly_the_recorded_modules_and_the_deliberate_ones(built_site, record):
    shipped = zip_modules(shipped_file(built_site, STDLIB_FILE))
    assert shipped == set(record.modules) | set(DELIBERATE_MODULES)
    # The engine's own imports were recorded, lazy ones (encodings.cp437,
    # while the wheel is unpacked) too, and each package comes with its __init__.
    assert {"json", "json.decoder", "random", "difflib", "dataclasses", "encodings.cp437", "_pyodide._base"} <= shipped
    assert all(name.rpartition(".")[0] in shipped for name in shipped if "." in name)


@pytest.mark.pyodide
def test_the_deliberate_modules_are_in_pyodides_library_and_say_why(record):
    assert set(DELIBERATE_MODULES) <= set(record.stdlib)
    assert all(reason.strip() for reason in DELIBERATE_MODULES.values())


def test_the_shipped_library_is_much_smaller_and_lacks_what_the_engine_does_not_use(built_site, release):
    shipped_zip = shipped_file(built_site, STDLIB_FILE).read_bytes()
    full_zip = release.file(STDLIB_FILE)
    # What it holds, and what goes over the wire (the site's server compresses
    # it). Bytecode compresses less well than source (stdlib_bytecode.py): the
    # brotli file is about 0.29x of the full library's gzip, against 0.20x as source.
    assert content_size(shipped_zip) < content_size(full_zip) / 3, (content_size(shipped_zip), content_size(full_zip))
    assert sizes(shipped_zip)[1] < sizes(full_zip)[1] / 2.5
    assert shipped_file(built_site, STDLIB_FILE + ".br").stat().st_size < sizes(full_zip)[1] / 3
    shipped = zip_modules(shipped_file(built_site, STDLIB_FILE))
    assert [name for name in NOT_USED if name in shipped] == []
    assert len(shipped) < len(zip_modules(full_zip)) / 3


# --- the shipped library is bytecode (stdlib_bytecode.py) -----------------------

PYC_UNCHECKED_HASH = 0b01  # PEP 552 flags: hash-based, and not checked against a source


def test_the_shipped_library_is_bytecode_of_one_python_and_no_source(built_site):
    # tests/test_engine_pyodide.py imports it in Pyodide: the magic number is that Python's.
    with zipfile.ZipFile(shipped_file(built_site, STDLIB_FILE)) as shipped:
        files = [name for name in shipped.namelist() if not name.endswith("/")]
        headers = [shipped.read(name)[:8] for name in files]
    assert len(files) > 100 and all(name.endswith(".pyc") for name in files)
    assert len({header[:4] for header in headers}) == 1
    assert {int.from_bytes(header[4:8], "little") for header in headers} == {PYC_UNCHECKED_HASH}


@pytest.mark.pyodide
def test_compiling_is_reproducible_and_keeps_every_entry_in_order(release, tmp_path):
    source = write_reproducible_zip(
        tmp_path / "source.zip", {"pkg/": b"", "pkg/__init__.py": b"", "pkg/mod.py": b"X = 1\n", "data.txt": b"kept"},
        compressed=False,
    )
    first = compile_stdlib(release, source, tmp_path / "first.zip").read_bytes()
    second = compile_stdlib(release, source, tmp_path / "second.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as compiled:
        assert compiled.namelist() == ["pkg/", "pkg/__init__.pyc", "pkg/mod.pyc", "data.txt"]
        assert compiled.read("data.txt") == b"kept"
        assert {info.compress_type for info in compiled.infolist()} == {zipfile.ZIP_STORED}


@pytest.mark.pyodide
def test_a_module_that_does_not_compile_stops_the_build_and_names_it(release, tmp_path):
    source = write_reproducible_zip(tmp_path / "source.zip", {"broken.py": b"def (:\n"}, compressed=False)
    with pytest.raises(RuntimeSetupError) as raised:
        compile_stdlib(release, source, tmp_path / "out.zip")
    message = str(raised.value)
    assert "compiling the standard library to bytecode" in message
    assert "broken.py" in message and "SyntaxError" in message
    assert not (tmp_path / "out.zip").exists()


def test_the_lock_file_lists_no_packages_and_keeps_pyodides_info(built_site, release):
    shipped = shipped_file(built_site, LOCK_FILE).read_bytes()
    full = json.loads(release.file(LOCK_FILE))
    assert json.loads(shipped) == {"info": full["info"], "packages": {}}
    assert len(full["packages"]) > 100 and len(shipped) < 1000


def test_the_page_starts_the_engine_from_the_cut_library_in_its_versioned_folder(page, site_url, built_site):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=60_000)
    # The cut changes with the engine: a browser must not keep an old one for a
    # new wheel. Its folder is named for the engine's sources among the rest
    # (tests/test_pyodide_folder.py), so the folder alone versions it.
    runtime = pyodide_folder(built_site)
    stdlib = [u for u in page.requested_urls if "/python_stdlib.zip" in u]
    assert stdlib == [f"{site_url}{runtime}/python_stdlib.zip"]
    served = page.request.get(stdlib[0]).body()
    assert served == shipped_file(built_site, STDLIB_FILE).read_bytes()
    assert [u for u in page.requested_urls if "/pyodide-lock.json" in u] == [f"{site_url}{runtime}/pyodide-lock.json"]


# --- the build stops when the engine imports what the cut lacks -----------------


@pytest.fixture
def engine_copy(tmp_path) -> Path:
    """A copy of quiz/ to plant imports in (named quiz, like the real one)."""
    return Path(shutil.copytree(ENGINE_DIR, tmp_path / "engine" / "quiz", ignore=shutil.ignore_patterns("__pycache__")))


def plant(engine_dir: Path, module: str, text: str) -> int:
    """Append ``text`` to ``module`` and return the line it starts on."""
    path = engine_dir / module
    source = path.read_text(encoding="utf-8")
    path.write_text(source + "\n" + text + "\n", encoding="utf-8")
    return len(source.splitlines()) + 2


@pytest.mark.pyodide
def test_an_import_the_workload_never_reaches_stops_the_build(engine_copy, release, tmp_path):
    # Loaded on import: the recording sees it, so it is shipped.
    plant(engine_copy, "errors.py", "import csv")
    # On paths no request takes: only the static check can see them.
    line = plant(engine_copy, "limits.py", "def _never_called():\n    import xml.dom.minidom\n    import tkinter")
    cache = BuildCache(tmp_path / "cache")
    with pytest.raises(StdlibCutError) as raised:
        write_cut_runtime(release, tmp_path / "site", workload, cache, engine_copy)
    message = str(raised.value)
    assert isinstance(raised.value, RuntimeSetupError)  # which the plugin turns into a PluginError
    assert f"quiz/limits.py:{line + 1}: imports xml.dom.minidom (xml), which no request of the recorded workload" in message
    assert "DELIBERATE_MODULES" in message and "engine_workload.py" in message
    assert f"quiz/limits.py:{line + 2}: imports tkinter, which Pyodide's Python 3.14" in message
    assert "csv" not in message
    planted = record_engine_imports(release, workload, cache, engine_copy)  # cached by the failed build
    assert "csv" in planted.modules and "xml" not in planted.modules


@pytest.mark.pyodide
def test_the_real_engine_imports_only_what_the_site_ships(built_site, record):
    check_engine_imports(ENGINE_DIR, record, zip_modules(shipped_file(built_site, STDLIB_FILE)))


@pytest.mark.pyodide
def test_the_static_check_reads_every_way_of_writing_an_import(engine_copy, record):
    shipped = set(record.shipped())
    plant(engine_copy, "api.py", "from xml.dom import minidom\nfrom email import message_from_string\nimport sqlite3 as db")
    with pytest.raises(StdlibCutError) as raised:
        check_engine_imports(engine_copy, record, shipped)
    assert [line.split(": ", 1)[1].split(",")[0] for line in str(raised.value).splitlines()[1:]] == [
        "imports xml.dom (xml)", "imports email", "imports sqlite3",
    ]


# --- the workload takes every path --------------------------------------------------


def lines_run(requests: list) -> set[tuple[str, int]]:
    """(file, line) of every line of quiz/ that CPython runs answering ``requests`` from a fresh start."""
    run: set[tuple[str, int]] = set()
    engine = str(ENGINE_DIR)

    def trace(frame, event, arg):
        if not frame.f_code.co_filename.startswith(engine):
            return None
        if event == "line":
            run.add((Path(frame.f_code.co_filename).name, frame.f_lineno))
        return trace

    before = api._loaded
    api._loaded = None
    sys.settrace(trace)
    try:
        for request in requests:
            api.handle(request)
    finally:
        sys.settrace(None)
        api._loaded = before
    return run


def raise_statements() -> dict[tuple[str, int], str]:
    """Every ``raise`` in quiz/, by (file, line), with the line of the ``if`` that guards it."""
    found = {}
    for path in sorted(ENGINE_DIR.glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.Raise):
                found[(path.name, node.lineno)] = lines[node.lineno - 2].strip()
    return found


def test_the_workload_reaches_every_error_the_engine_can_answer_with():
    run = lines_run(workload())
    missed = {place: guard for place, guard in raise_statements().items() if place not in run}
    # Only a Python caller can send answers keyed by something other than text: JSON keys are text.
    assert list(missed.values()) == ["if not all(isinstance(qid, str) for qid in answers):  # JSON keys are; a Python caller's may not be"]


def test_the_workload_takes_every_path_the_tests_request_sequence_takes():
    assert lines_run(request_sequence(real_bundle())) - lines_run(workload()) == set()


def test_the_workload_checks_every_worked_example():
    requests = [json.loads(r) for r in workload() if isinstance(r, str) and r.startswith("{")]
    checked = [r["facts"] for r in requests if r["op"] == "check_scenario"]
    assert all(example.facts in checked for example in real_content().examples)

"""Ship only the Python the engine uses: Pyodide's standard library cut to its import closure.

Pyodide's ``python_stdlib.zip`` holds the whole standard library (about 600
files, 2.5 MB); Pyodide's own start-up and the engine load about 130 of them.
At build time the engine answers a workload (``engine_workload.py``) in real
Pyodide under Node, loaded from the full library, while
``record_imports.mjs`` records every module loaded. The site ships a
``python_stdlib.zip`` of just those (with their packages' ``__init__``),
plus ``DELIBERATE_MODULES``, compiled to bytecode (``stdlib_bytecode.py``:
the reader's browser then compiles none of it), and a ``pyodide-lock.json``
that lists no packages (the pages load none) instead of the 119 KB one:
same names, so nothing else changes.

The recording and the compiled library are cached in the build cache,
keyed by the Pyodide pin, the engine's sources and the sources that record
and write the runtime (``runtime_key``), so a build runs Node only after one
of them changes. The
same key names the site's Pyodide folder (``runtime_folder.py``), which is
why it must cover everything that decides the folder's bytes. The policy
data is not in the key: it chooses which questions and facts the engine
reads, not which code reads them, and an edit to a YAML file must not cost
every ``make serve`` reload a Pyodide start (nor every returning reader a
new download of Pyodide).

What a recording cannot see is an import on a path the workload never took.
So every build also reads the engine's own imports (``ast``, over
``quiz/*.py``) and stops, with a ``StdlibCutError``, if one names a module
the cut library lacks.
"""

from __future__ import annotations

import ast
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..common.build_cache import BuildCache, cache_key, cached_file
from .node_pyodide import full_runtime, run_node
from .pyodide_runtime import LOCK_FILE, STDLIB_FILE, PyodidePin, PyodideRelease, RuntimeSetupError, lock_without_packages
from .stdlib_bytecode import COMPILER, compile_stdlib
from .wheel import ENGINE_SOURCE_DIR, build_engine_wheel, engine_sources, write_reproducible_zip

HERE = Path(__file__).parent
RECORDER = HERE / "record_imports.mjs"
# A change to any of these can change what is recorded or the bytes written
# into the site's Pyodide folder, so each is in runtime_key: the recorder and
# its workload; this file (DELIBERATE_MODULES, the cut, the lock file);
# the compiler to bytecode and its Python side; node_pyodide.py (how both
# are run); wheel.py (the wheel recorded with, and the zip writer of the cut
# library); pyodide_runtime.py (which files are unpacked from the release, and how).
RUNTIME_SOURCES = (
    RECORDER, HERE / "engine_session.mjs", HERE / "engine_workload.py", Path(__file__),
    COMPILER, HERE / "stdlib_bytecode.py", HERE / "node_pyodide.py",
    HERE / "wheel.py", HERE / "pyodide_runtime.py",
)

# Shipped whatever a recording says, each for the reason given.
DELIBERATE_MODULES = {
    # Python imports these before any code of ours can run (the filesystem and
    # standard streams are UTF-8), so without them it cannot even start to
    # report what is missing. Recorded anyway; listed so that the cut never
    # depends on a recording to keep them.
    "encodings": "needed at start-up",
    "encodings.aliases": "needed at start-up (imported by encodings)",
    "encodings.utf_8": "needed at start-up: the filesystem and stream encoding",
}


class StdlibCutError(RuntimeSetupError):
    """The engine imports a module the cut standard library leaves out; the message says which and where."""


@dataclass(frozen=True)
class ImportRecord:
    """What Pyodide loaded while the engine answered the workload, and what it could have."""

    python: str  # Pyodide's Python version, e.g. "3.14.2"
    modules: tuple[str, ...]  # modules loaded from python_stdlib.zip, sorted
    stdlib: tuple[str, ...]  # every module in the full python_stdlib.zip
    # Modules that need no file in the zip: built into pyodide.asm.wasm, frozen
    # into the interpreter, or put in sys.modules by another (collections.abc, os.path).
    interpreter: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict) -> ImportRecord:
        return cls(**{name: tuple(value) if isinstance(value, list) else value for name, value in data.items()})

    def shipped(self) -> tuple[str, ...]:
        """The modules the cut library holds: the recorded ones and the deliberate ones."""
        return tuple(sorted(set(self.modules) | DELIBERATE_MODULES.keys()))


def write_cut_runtime(
    release: PyodideRelease,
    destination: Path,
    workload: Callable[[], list[Any]],
    cache: BuildCache | None = None,
    engine_dir: Path = ENGINE_SOURCE_DIR,
) -> ImportRecord:
    """Write the cut ``python_stdlib.zip`` and the package-less ``pyodide-lock.json`` into ``destination``.

    Args:
        release: the verified Pyodide package.
        destination: the site's Pyodide folder.
        workload: makes the requests to record with (``engine_workload``);
            called only when the recording is not cached.
        cache: the build cache; None records on every build.
        engine_dir: the engine's source folder (``quiz/``).

    Raises:
        StdlibCutError: the engine imports a module the cut library lacks.
        RuntimeSetupError: the recording could not be made (no Node, say).
    """
    destination.mkdir(parents=True, exist_ok=True)
    key = runtime_key(release.pin, engine_dir)
    record = record_engine_imports(release, workload, cache, engine_dir, key)
    cached_file(cache, "pyodide", cache_key(key, STDLIB_FILE), destination / STDLIB_FILE,
                lambda path: _cut_and_compile(release, record, path))
    cached_file(cache, "pyodide", cache_key(release.pin.integrity, "no packages", LOCK_FILE), destination / LOCK_FILE,
                lambda path: path.write_bytes(lock_without_packages(release.file(LOCK_FILE))))
    with zipfile.ZipFile(destination / STDLIB_FILE) as shipped:
        check_engine_imports(engine_dir, record, _modules_in(shipped.namelist()))
    return record


def _cut_and_compile(release: PyodideRelease, record: ImportRecord, destination: Path) -> Path:
    """The shipped library: the recorded modules cut from the release's, then compiled to bytecode."""
    with tempfile.TemporaryDirectory(prefix="policy-cut-") as scratch:
        source = cut_stdlib(release.file(STDLIB_FILE), record.shipped(), Path(scratch) / STDLIB_FILE)
        return compile_stdlib(release, source, destination)


def runtime_key(pin: PyodidePin, engine_dir: Path = ENGINE_SOURCE_DIR) -> str:
    """A hash of every input of the recording and of the runtime the site ships: the pinned
    release, the engine's sources and ``RUNTIME_SOURCES``. Reads files only (no Node, no
    tarball), so the pages can name the runtime's folder before anything is built."""
    sources = [part for name, data in engine_sources(engine_dir).items() for part in (name, data)]
    ours = [part for path in RUNTIME_SOURCES for part in (path.name, path.read_bytes())]
    return cache_key(pin.integrity, *sources, *ours)


def record_engine_imports(
    release: PyodideRelease,
    workload: Callable[[], list[Any]],
    cache: BuildCache | None = None,
    engine_dir: Path = ENGINE_SOURCE_DIR,
    key: str | None = None,
) -> ImportRecord:
    """The modules Pyodide loads while the engine in ``engine_dir`` answers the workload (cached)."""
    with tempfile.TemporaryDirectory(prefix="policy-imports-") as scratch:
        entry = Path(scratch) / "imports.json"
        cached_file(cache, "pyodide-imports", key or runtime_key(release.pin, engine_dir), entry,
                    lambda path: path.write_text(json.dumps(asdict(_record(release, workload(), engine_dir)))))
        return ImportRecord.from_json(json.loads(entry.read_text()))


def _record(release: PyodideRelease, workload: list[Any], engine_dir: Path) -> ImportRecord:
    with tempfile.TemporaryDirectory(prefix="policy-record-") as scratch:
        runtime = full_runtime(release, Path(scratch) / "pyodide")
        wheel = build_engine_wheel(Path(scratch), engine_dir)
        requests = Path(scratch) / "workload.json"
        requests.write_text(json.dumps(workload), encoding="utf-8")
        printed = run_node(RECORDER, runtime, wheel, requests, doing="recording which Python modules the engine uses")
    recorded = json.loads(printed)
    if recorded["answered"] != len(workload):
        raise RuntimeSetupError(f"the engine answered {recorded['answered']} of {len(workload)} requests in Pyodide")
    with zipfile.ZipFile(io.BytesIO(release.file(STDLIB_FILE))) as full:
        stdlib = _modules_in(full.namelist())
    in_zip = recorded["zip"] + "/"
    loaded = {name for name, origin in recorded["modules"].items() if origin.startswith(in_zip)}
    # An import that failed or was taken out of sys.modules was still looked
    # for: ship it, so the cut library behaves exactly as the full one did.
    loaded |= stdlib & set(recorded["attempted"])
    elsewhere = {name for name in recorded["modules"] if name not in loaded and name.split(".")[0] != engine_dir.name}
    return ImportRecord(
        python=recorded["python"],
        modules=tuple(sorted(loaded)),
        stdlib=tuple(sorted(stdlib)),
        interpreter=tuple(sorted(elsewhere | set(recorded["builtin"]) | set(recorded["frozen"]))),
    )


def _modules_in(names: Iterable[str]) -> set[str]:
    """The modules a zip of Python files (source or bytecode) holds: ``json/__init__.py`` is json,
    ``json/decoder.pyc`` json.decoder."""
    modules = set()
    for name in names:
        if name.endswith((".py", ".pyc")):
            parts = name.removesuffix(".pyc").removesuffix(".py").split("/")
            modules.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def _files_of(module: str, names: set[str]) -> list[str]:
    """The zip entries a module needs: its file, and each package above it (folder and ``__init__.py``)."""
    parts = module.split(".")
    files = []
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth]) + "/"
        files += [entry for entry in (folder, folder + "__init__.py") if entry in names]
    path = "/".join(parts)
    if f"{path}/__init__.py" in names:
        files += [entry for entry in (f"{path}/", f"{path}/__init__.py") if entry in names]
    elif f"{path}.py" in names:
        files.append(f"{path}.py")
    return files


def cut_stdlib(full_zip: bytes, modules: Iterable[str], destination: Path) -> Path:
    """Write a zip of ``modules`` (with their packages) taken from ``full_zip`` to ``destination``.

    Entries keep the full zip's order; the archive is reproducible. They are
    stored, not deflated: the server sends the whole zip brotli- or
    gzip-compressed (precompress.py), which compresses the modules across one
    another (510 KB with brotli against 702 KB deflated one by one), and
    Python then imports them without inflating each in WebAssembly.
    """
    with zipfile.ZipFile(io.BytesIO(full_zip)) as full:
        names = full.namelist()
        unknown = sorted(set(modules) - _modules_in(names))
        if unknown:  # only DELIBERATE_MODULES can name one: a recorded module was loaded from this zip
            raise RuntimeSetupError(f"Pyodide's standard library has no {', '.join(unknown)}; update DELIBERATE_MODULES")
        wanted = {entry for module in modules for entry in _files_of(module, set(names))}
        return write_reproducible_zip(destination, {name: full.read(name) for name in names if name in wanted}, compressed=False)


def engine_imports(engine_dir: Path) -> Iterator[tuple[str, int, str, bool]]:
    """(file, line, module, surely a module) for each absolute import in the engine's sources.

    ``import a.b`` gives a.b; ``from a import b`` gives a, and a.b not surely
    a module (b may be a name defined in a). Relative imports (the engine's
    own modules) are left out.
    """
    for path in sorted(engine_dir.rglob("*.py")):
        where = path.relative_to(engine_dir.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=where)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield where, node.lineno, alias.name, True
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield where, node.lineno, node.module, True
                for alias in node.names:
                    yield where, node.lineno, f"{node.module}.{alias.name}", False


def check_engine_imports(engine_dir: Path, record: ImportRecord, shipped: set[str]) -> None:
    """Stop the build if the engine imports a module that is neither in the cut library (``shipped``) nor in the interpreter.

    Raises:
        StdlibCutError: naming each such import, where it is and how to fix it.
    """
    in_the_interpreter = set(record.interpreter)
    problems: dict[tuple[str, str], str] = {}  # (place, lacking module) -> message: each once
    for where, line, module, surely_a_module in engine_imports(engine_dir):
        if module.split(".")[0] == engine_dir.name or (not surely_a_module and module not in record.stdlib):
            continue
        parts = module.split(".")
        for lacking in (".".join(parts[:depth]) for depth in range(1, len(parts) + 1)):
            if lacking not in shipped and lacking not in in_the_interpreter:
                place = f"{where}:{line}"
                problems.setdefault((place, lacking), _why_missing(place, module, lacking, record))
                break
    if problems:
        raise StdlibCutError(
            "the engine imports modules the site's Python (Pyodide's standard library, cut to what the engine "
            "uses) does not have:\n" + "\n".join(problems.values())
        )


def _why_missing(where: str, module: str, lacking: str, record: ImportRecord) -> str:
    named = module if lacking == module else f"{module} ({lacking})"
    if lacking not in record.stdlib:  # nor in the interpreter: Pyodide has no such module
        return f"  {where}: imports {named}, which Pyodide's Python {record.python} does not have at all; the engine may use only what runs there"
    return (
        f"  {where}: imports {named}, which no request of the recorded workload made the engine load, so the "
        f"cut leaves it out; add a request that takes that path to policy_site/engine_assets/engine_workload.py, "
        f"or add the module to DELIBERATE_MODULES in policy_site/engine_assets/stdlib_cut.py with the reason"
    )

"""Compile the cut standard library to bytecode, so that no reader's browser compiles it.

Pyodide's ``python_stdlib.zip`` holds Python *source*: every module Python
imports as it starts is compiled first, in WebAssembly, on every fresh start.
For the engine's ~130 modules that was about 1.4 s of a cold start of 2.9 s
on this project's 2-core test machine, more than anything else the page does. So the build
compiles the cut library once, in the pinned Pyodide under Node
(``compile_stdlib.mjs``), and ships only the bytecode: ``name.pyc`` in place
of ``name.py``, which Python's zip importer loads without the source (as the
standard library in CPython's embeddable Windows package does).

Bytecode is tied to the exact interpreter (its magic number), which is why it
is compiled by the pinned release itself, and why this module, the script and
the pin are all in ``runtime_key``: a new Pyodide gets new bytecode, in a new
folder. It costs bytes: the bytecode zip is about 215 KB larger
brotli-compressed than the source (724 KB against 510 KB), which school
Wi-Fi at 20 Mbit/s moves in 0.1 s.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from .node_pyodide import full_runtime, run_node
from .pyodide_runtime import PyodideRelease, RuntimeSetupError
from .wheel import write_reproducible_zip

HERE = Path(__file__).parent
COMPILER = HERE / "compile_stdlib.mjs"


def compile_stdlib(release: PyodideRelease, source_zip: Path, destination: Path) -> Path:
    """Write ``source_zip`` (a standard library of ``.py`` files) to ``destination`` with every
    module compiled to ``.pyc`` by the release's own Python; other entries are kept.

    The archive is reproducible, and its entries are stored, not deflated, as
    ``cut_stdlib`` writes them (the server compresses the whole file).

    Raises:
        RuntimeSetupError: no Node, or the compiler failed (a module that does not
            compile, say) or did not write one entry for each entry of the source.
    """
    with tempfile.TemporaryDirectory(prefix="policy-bytecode-") as scratch:
        runtime = full_runtime(release, Path(scratch) / "pyodide")
        compiled = Path(scratch) / "compiled.zip"
        run_node(COMPILER, runtime, source_zip, compiled, doing="compiling the standard library to bytecode")
        with zipfile.ZipFile(compiled) as archive:
            files = {entry.filename: archive.read(entry) for entry in archive.infolist()}
    with zipfile.ZipFile(source_zip) as source:
        expected = [name + "c" if name.endswith(".py") else name for name in source.namelist()]
    if list(files) != expected:  # a script that skipped or added an entry would ship a library that fails at import
        raise RuntimeSetupError(f"{COMPILER.name} did not write one entry for each entry of {source_zip.name}")
    return write_reproducible_zip(destination, files, compressed=False)

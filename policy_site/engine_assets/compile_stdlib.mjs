// Compiles the site's cut standard library to bytecode, in the pinned Pyodide
// itself, so that the reader's browser imports it without compiling anything.
// Run by policy_site/engine_assets/stdlib_bytecode.py at build time.
//
// Usage: node compile_stdlib.mjs PYODIDE_FOLDER SOURCE_ZIP OUT_ZIP
//   PYODIDE_FOLDER: the runtime files (any standard library: it compiles
//   with the interpreter, and imports only what every start-up loads).
//   SOURCE_ZIP: the cut library, as Python source (name.py, pkg/__init__.py).
//   OUT_ZIP: written with each name.py as name.pyc and every other entry as it is.
//
// Each .pyc is an "unchecked hash" one (PEP 552): no timestamp, so the same
// source gives the same bytes, and the importer trusts it without the source,
// which the site does not ship. It is compiled with the name the module would
// have had as source in Pyodide's zip (a traceback names the file and line),
// and with PYTHONNODEBUGRANGES: column positions make a traceback's ^^^
// markers, and would add 200 KB (brotli) to every reader's download.
import { readFile, writeFile } from "node:fs/promises";
import { loadPyodideFrom } from "./engine_session.mjs";

const [folder, sourcePath, outPath] = process.argv.slice(2);
const pyodide = await loadPyodideFrom(folder, {
  stderr: (line) => process.stderr.write(line + "\n"),
  env: { PYTHONNODEBUGRANGES: "1" },
});
pyodide.FS.writeFile("/tmp/source.zip", new Uint8Array(await readFile(sourcePath)));
try {
  compileLibrary();
} catch (error) {
  // Python's traceback alone (names the module and line): Node would print the minified line it came from first.
  process.stderr.write(`${error.message ?? error}\n`);
  process.exit(1);
}
await writeFile(outPath, pyodide.FS.readFile("/tmp/compiled.zip"));

function compileLibrary() {
  pyodide.runPython(`
import importlib.util, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

if next(compile("x", "probe", "eval").co_positions())[2] is not None:
    raise SystemExit("PYTHONNODEBUGRANGES did not reach Python: the bytecode would carry column positions")
library = next(entry for entry in sys.path if entry.endswith(".zip"))  # where Pyodide mounts its standard library
with zipfile.ZipFile("/tmp/source.zip") as source, zipfile.ZipFile("/tmp/compiled.zip", "w") as compiled:
    for entry in source.infolist():
        data = source.read(entry)
        if entry.filename.endswith(".py"):
            code = compile(data, f"{library}/{entry.filename}", "exec", dont_inherit=True, optimize=0)
            compiled.writestr(entry.filename + "c", _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
        else:
            compiled.writestr(entry, data)
`);
}

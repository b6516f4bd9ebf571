// Records the Python modules Pyodide loads while it starts and the engine
// answers a workload: the import closure the site's cut standard library
// must hold. Run by policy_site/engine_assets/stdlib_cut.py at build time.
//
// Usage: node record_imports.mjs PYODIDE_FOLDER WHEEL WORKLOAD.json
//   PYODIDE_FOLDER: the runtime files, with the FULL standard library.
//   WORKLOAD.json: a JSON array of requests; a string is sent to
//   quiz.api.handle as it is, anything else as that value (which the engine
//   must refuse: only a string is a request).
// Prints JSON to stdout: the Python version, the path of the standard-library
// zip, every module in sys.modules with the file it came from, every name an
// import was attempted for (also ones that failed or left sys.modules), the
// modules built into the interpreter and the frozen ones, and how many
// requests were answered.
import { readFile } from "node:fs/promises";
import { installEngine, loadPyodideFrom } from "./engine_session.mjs";

const [folder, wheelPath, workloadPath] = process.argv.slice(2);
const pyodide = await loadPyodideFrom(folder, { stderr: (line) => process.stderr.write(line + "\n") });

// What start-up loaded is in sys.modules; from here on, an audit hook also
// sees each import attempted. The hook itself imports nothing.
pyodide.runPython(`
import sys
_attempted = set()
def _record_import(event, args):
    if event == "import":
        _attempted.add(args[0])
sys.addaudithook(_record_import)
`);

const handle = await installEngine(pyodide, wheelPath);
const workload = JSON.parse(await readFile(workloadPath, "utf8"));
let answered = 0;
for (const request of workload) {
  if (typeof handle(request) === "string") answered += 1;
}
// The worker reports a Python exception (a broken wheel, say) by its message,
// which Python formats with its traceback: that path is part of the closure.
try {
  pyodide.runPython("raise RuntimeError('recorded on purpose: an exception reaching JavaScript')");
} catch {
  // expected
}

const record = pyodide.runPython(`
import _imp
{
    "python": ".".join(map(str, sys.version_info[:3])),
    "zip": next(entry for entry in sys.path if entry.endswith(".zip")),
    "modules": {name: getattr(getattr(module, "__spec__", None), "origin", None) or "" for name, module in list(sys.modules.items())},
    "attempted": sorted(_attempted),
    "builtin": list(sys.builtin_module_names),
    "frozen": list(_imp._frozen_module_names()),
}
`).toJs({ dict_converter: Object.fromEntries });
process.stdout.write(JSON.stringify({ ...record, answered }));

// Runs the engine wheel inside real Pyodide under Node, from the Pyodide files
// a site build ships (its cut standard library and lock file), started as the
// site's worker starts it, so the tests can compare its answers with CPython's.
//
// Usage: node engine_runner.mjs PYODIDE_FOLDER WHEEL REQUESTS.json [MODULES.json]
//   PYODIDE_FOLDER: the built site's Pyodide folder (assets/pyodide/<pin>-<tag>/).
//   REQUESTS.json: a JSON array of request strings, passed one by one to
//   quiz.api.handle.
//   MODULES.json: a JSON array of module names to look for after the requests
//   (importlib.util.find_spec: found, not imported).
// Prints to stdout, as JSON: the Python version, the response strings, which
// of the modules were found and the file each found one is (or would be)
// loaded from, and the traceback of an exception raised inside the standard
// library (json.loads of bad JSON).
import { readFile } from "node:fs/promises";
import { installEngine, loadPyodideFrom } from "../../policy_site/engine_assets/engine_session.mjs";

const [folder, wheelPath, requestsPath, modulesPath] = process.argv.slice(2);
const pyodide = await loadPyodideFrom(folder, { stderr: (s) => process.stderr.write(s + "\n") });
const handle = await installEngine(pyodide, wheelPath);
const requests = JSON.parse(await readFile(requestsPath, "utf8"));
const responses = requests.map((request) => handle(request));
const python = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
const found = {};
const origins = {};
const findSpec = pyodide.pyimport("importlib.util").find_spec;
for (const name of modulesPath ? JSON.parse(await readFile(modulesPath, "utf8")) : []) {
  const spec = findSpec(name);
  found[name] = spec !== undefined;
  if (spec !== undefined) origins[name] = spec.origin;
}
const traceback = pyodide.runPython(`
import json, traceback
try:
    json.loads("{")
except ValueError:
    formatted = traceback.format_exc()
formatted
`);
process.stdout.write(JSON.stringify({ python, responses, found, origins, traceback }));

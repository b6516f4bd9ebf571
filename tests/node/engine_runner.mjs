// Runs the engine wheel inside real Pyodide (the pinned npm package) under
// Node, so the tests can compare its answers with CPython's.
//
// Usage: node engine_runner.mjs WHEEL REQUESTS.json
//   REQUESTS.json: a JSON array of request strings, passed one by one to
//   quiz.api.handle. Prints a JSON array of the response strings, plus the
//   Python version, to stdout.
import { readFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

const [wheelPath, requestsPath] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") });
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel", { extractDir: sitePackages });
const handle = pyodide.pyimport("quiz.api").handle;
const requests = JSON.parse(await readFile(requestsPath, "utf8"));
const responses = requests.map((request) => handle(request));
const python = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
process.stdout.write(JSON.stringify({ python, responses }));

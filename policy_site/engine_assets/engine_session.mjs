// Pyodide under Node, started the way the site's Web Worker starts it
// (docs/assets/quiz/engine-worker.js): from a folder of the site's Pyodide
// files, with the engine wheel unpacked into site-packages and quiz.api
// imported. Shared by record_imports.mjs (the build records what this
// imports) and tests/node/engine_runner.mjs (the tests run the site's files).
import { readFile } from "node:fs/promises";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Pyodide loaded from `folder` (which holds RUNTIME_FILES), with the standard library and lock file found there.
 * env: environment variables for Python, which reads them as it starts.
 */
export async function loadPyodideFrom(folder, { stderr = () => {}, env = {} } = {}) {
  const { loadPyodide } = await import(pathToFileURL(join(folder, "pyodide.mjs")).href);
  return loadPyodide({
    indexURL: folder + sep,
    stdLibURL: join(folder, "python_stdlib.zip"),
    lockFileURL: join(folder, "pyodide-lock.json"),
    env,
    stdout: () => {},
    stderr,
  });
}

/** Unpack the engine wheel as the worker does and return quiz.api.handle. */
export async function installEngine(pyodide, wheelPath) {
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel", { extractDir: sitePackages });
  return pyodide.pyimport("quiz.api").handle;
}

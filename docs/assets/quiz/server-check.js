// Is this site's web server why the engine could not start? Asked only after
// a start-up failure (engine-client.js imports this module then), so a page
// whose engine starts makes none of these requests.
//
// Each engine file is requested again, uncached, and only its status and
// Content-Type are read (the body is cancelled at once). A file that cannot
// be reached at all proves nothing about the server (the reader may be
// offline, or a filter may be in the way), so it is not reported.

/** Pyodide's files as the build copies them (RUNTIME_FILES in policy_site/engine_assets/pyodide_runtime.py; a test keeps the two the same). */
export const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

/** How long the whole check may take before it gives up (and blames no one). */
const CHECK_TIMEOUT_MS = 5000;

// A browser runs a module script only if it comes with one of these types
// (the JavaScript MIME type essences of the HTML standard).
const JAVASCRIPT_TYPES = new Set([
  "text/javascript", "application/javascript", "application/x-javascript", "application/ecmascript",
  "application/x-ecmascript", "text/ecmascript", "text/x-ecmascript", "text/x-javascript", "text/jscript",
  "text/livescript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
  "text/javascript1.4", "text/javascript1.5",
]);

/** The types a file may be sent with, and how to name them; null where the type does not matter. */
function allowedTypes(name) {
  if (/\.m?js$/.test(name)) return { types: JAVASCRIPT_TYPES, named: "a JavaScript type" };
  if (name.endsWith(".wasm")) return { types: new Set(["application/wasm"]), named: '"application/wasm"' };
  return null;
}

/**
 * What this site's server does wrong with the engine's files, in words for the
 * reader (e.g. `it sends pyodide.mjs as "text/plain" (it must be a JavaScript type)`),
 * or null if it serves every file it could be asked for correctly.
 * Never rejects.
 * @param {{workerURL: string, pyodideURL: string, pyodideModule?: string, anyWasmType?: boolean,
 *          wheelURL: string, bundleURL: string}} locations
 *   pyodideModule: the name of Pyodide's module; its two modules carry its extension
 *   (".mjs" as Pyodide ships them, ".js" in the SCORM package); anyWasmType: the
 *   engine compiles the wasm whatever its type, so its type is no fault
 * @returns {Promise<string|null>}
 */
export async function findServerProblem({ workerURL, pyodideURL, pyodideModule = "pyodide.mjs", anyWasmType = false, wheelURL, bundleURL }) {
  const extension = pyodideModule.slice(pyodideModule.lastIndexOf("."));
  const pyodideFiles = PYODIDE_FILES.map((name) => name.replace(/\.mjs$/, extension));
  const urls = [workerURL, ...pyodideFiles.map((name) => new URL(name, pyodideURL).href), wheelURL, bundleURL];
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), CHECK_TIMEOUT_MS);
  try {
    const served = (await Promise.all(urls.map((url) => inspect(url, stop.signal)))).filter(Boolean);
    // A missing or refused file first: it is the surest cause.
    const failed = served.find(({ ok }) => !ok);
    if (failed) return statusProblem(failed);
    const typed = (name) => allowedTypes(name) && !(anyWasmType && name.endsWith(".wasm"));
    const mistyped = served.find(({ name, type }) => typed(name) && !allowedTypes(name).types.has(type));
    return mistyped ? typeProblem(mistyped) : null;
  } finally {
    clearTimeout(timer);
  }
}

/** The status and type the server sends for one URL, or null if it could not be reached. */
async function inspect(url, signal) {
  try {
    const response = await fetch(url, { cache: "no-store", signal });
    response.body?.cancel().catch(() => {});
    const type = response.headers.get("Content-Type");
    return {
      name: decodeURIComponent(new URL(url).pathname.split("/").pop()),
      ok: response.ok,
      status: response.status,
      type: type ? type.split(";")[0].trim().toLowerCase() : "",
    };
  } catch {
    return null;
  }
}

function statusProblem({ name, status }) {
  if (status === 404 || status === 410) return `it cannot find ${name} (HTTP ${status})`;
  if (status === 401 || status === 403) return `it refuses to send ${name} (HTTP ${status})`;
  if (status >= 500) return `it fails with an error when asked for ${name} (HTTP ${status})`;
  return `it answers HTTP ${status} when asked for ${name}`;
}

function typeProblem({ name, type }) {
  const sent = type ? `as "${type}"` : "without a type";
  return `it sends ${name} ${sent} (it must be ${allowedTypes(name).named})`;
}

// The engine's Web Worker: starts the self-hosted Pyodide, installs the
// engine wheel into it and answers JSON requests with quiz.api.handle.
// Running here keeps the page responsive while Python starts.
//
// Messages in:  {type: "init", pyodideURL, pyodideModule, anyWasmType, wheelURL, bundleURL}
//               (pyodideModule: the name of Pyodide's module in pyodideURL,
//               "pyodide.mjs" as Pyodide ships it; anyWasmType: see below)
//               {type: "call", id, request}        (request: a JSON string)
//               {type: "settled"}  the page has what it waited for (its first
//               answers): work the reader does not wait for may start now
// Messages out: {type: "progress", stage}  stage: "runtime" | "engine"
//               {type: "ready", start} | {type: "error", message}
//               (start: "snapshot" if Python started from the snapshot this
//               browser keeps (engine-snapshot.js), "fresh" if it started afresh)
//               {type: "response", id, response}   (response: a JSON string)

let handle = null;

// Keeping the snapshot (engine-snapshot.js) writes ~31 MB to Cache Storage,
// which holds this worker for ~60 ms: were it done at "ready", the page's
// first request (the quiz's question order) would wait behind it. So it is
// set aside at "ready" and done, once, when the page says it has settled
// (which it can say only after "ready": it waits for its first answers).
let keepSnapshot = null;

async function fetchOrFail(url, what) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not download the ${what} (HTTP ${response.status})`);
  return response;
}

/**
 * Compile WebAssembly whatever type the server sends it with. Pyodide compiles
 * its wasm as it downloads, which browsers allow only for "application/wasm",
 * and waits for ever if the type is another. The site's server sends that
 * type (its server config); an LMS, serving the SCORM package, sends
 * "application/octet-stream", so the package's page asks for this: the wasm
 * is then compiled once it has downloaded.
 */
function acceptAnyWasmType() {
  const streaming = WebAssembly.instantiateStreaming?.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
    if (streaming && type === "application/wasm") return streaming(response, imports);
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  };
}

async function init({ pyodideURL, pyodideModule = "pyodide.mjs", anyWasmType = false, wheelURL, bundleURL }) {
  if (typeof WebAssembly !== "object") throw new Error("this browser does not support WebAssembly");
  if (anyWasmType) acceptAnyWasmType();
  self.postMessage({ type: "progress", stage: "runtime" });
  // Our own downloads, and reading the snapshot a returning reader's browser
  // keeps (engine-snapshot.js), start at once and run while Pyodide starts,
  // so they add (almost) nothing to the time until the engine is ready.
  // (engine-snapshot.js is imported here, not at the top: a static import
  // would hold back the worker's first line by one more request.)
  const snapshot = import("./engine-snapshot.js").then((module) => module.keptSnapshot(pyodideURL)).catch(() => null);
  const downloads = Promise.all([
    fetchOrFail(wheelURL, "answer checker").then((r) => r.arrayBuffer()),
    fetchOrFail(bundleURL, "question data").then((r) => r.text()),
  ]);
  downloads.catch(() => {}); // reported where it is awaited

  const { loadPyodide } = await import(new URL(pyodideModule, pyodideURL).href);
  // The standard library is cut to what this engine uses and the lock file
  // lists no packages (policy_site/engine_assets/stdlib_cut.py). indexURL and
  // packageBaseUrl point at this site: nothing is fetched from a CDN.
  // (A new object for each start: loadPyodide writes into the one it is given.)
  const options = () => ({
    indexURL: pyodideURL,
    packageBaseUrl: pyodideURL,
    stdLibURL: new URL("python_stdlib.zip", pyodideURL).href,
    lockFileURL: new URL("pyodide-lock.json", pyodideURL).href,
    stdout: () => {},
    stderr: () => {},
  });
  const kept = await snapshot; // null: this browser cannot keep one
  if (kept?.saved) {
    const restored = await loadPyodide({ ...options(), _loadSnapshot: kept.saved }).catch(() => null);
    if (restored) {
      const files = await downloads; // a failed download is no fault of the snapshot: reported as itself
      try {
        installEngine(restored, files);
        return { start: "snapshot", keep: () => Promise.resolve() };
      } catch {
        // Fall through: a fault of the engine itself shows again below.
      }
    }
    // Refused (another build of Pyodide, say) or broken: start afresh, as if it had never been kept.
    await kept.forget();
  }
  const pyodide = await loadPyodide({ ...options(), _makeSnapshot: Boolean(kept) });
  // Taken now, before the engine, its questions or any answer is in Python's memory.
  const fresh = kept ? pyodide.makeMemorySnapshot() : null;
  installEngine(pyodide, await downloads);
  return {
    start: "fresh",
    // Called once the page has settled, so the first visit waits no longer for it.
    keep: () => (fresh ? kept.save(fresh) : Promise.resolve()),
  };
}

/** Install the engine wheel into a started Pyodide, import it and load the questions (sets `handle`). */
function installEngine(pyodide, [wheel, bundle]) {
  self.postMessage({ type: "progress", stage: "engine" });
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(wheel), "wheel", { extractDir: sitePackages });
  const engineHandle = pyodide.pyimport("quiz.api").handle;
  const loaded = JSON.parse(engineHandle(`{"op": "load", "bundle": ${bundle}}`));
  if (!loaded.ok) throw new Error(loaded.error);
  handle = engineHandle;
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      const { start, keep } = await init(message);
      self.postMessage({ type: "ready", start });
      keepSnapshot = keep;
    } catch (error) {
      self.postMessage({ type: "error", message: String((error && error.message) || error) });
    }
  } else if (message.type === "call") {
    let response;
    try {
      response = handle(message.request);
    } catch (error) {
      response = JSON.stringify({ ok: false, error: String((error && error.message) || error) });
    }
    self.postMessage({ type: "response", id: message.id, response });
  } else if (message.type === "settled") {
    const keep = keepSnapshot;
    keepSnapshot = null;
    keep?.();
  }
};

// The engine's Web Worker: starts the self-hosted Pyodide, installs the
// engine wheel into it and answers JSON requests with quiz.api.handle.
// Running here keeps the page responsive while Python starts.
//
// Messages in:  {type: "init", pyodideURL, pyodideModule, anyWasmType, wheelURL, bundleURL}
//               (pyodideModule: the name of Pyodide's module in pyodideURL,
//               "pyodide.mjs" as Pyodide ships it; anyWasmType: see below)
//               {type: "call", id, request}        (request: a JSON string)
// Messages out: {type: "progress", stage}  stage: "runtime" | "engine"
//               {type: "ready"} | {type: "error", message}
//               {type: "response", id, response}   (response: a JSON string)

let handle = null;

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
  // Our own downloads start at once and run while Pyodide starts, so they
  // add (almost) nothing to the time until the engine is ready.
  const wheel = fetchOrFail(wheelURL, "answer checker").then((r) => r.arrayBuffer());
  const bundle = fetchOrFail(bundleURL, "question data").then((r) => r.text());
  wheel.catch(() => {});
  bundle.catch(() => {});

  const { loadPyodide } = await import(new URL(pyodideModule, pyodideURL).href);
  // The standard library is cut to what this engine uses and the lock file
  // lists no packages (policy_site/engine_assets/stdlib_cut.py). The cut
  // changes with the engine, so it is versioned like the wheel: a browser
  // never pairs a new engine with an old cut it cached.
  const engineVersion = new URL(wheelURL).search;
  // indexURL and packageBaseUrl point at this site: nothing is fetched from a CDN.
  const pyodide = await loadPyodide({
    indexURL: pyodideURL,
    packageBaseUrl: pyodideURL,
    stdLibURL: new URL(`python_stdlib.zip${engineVersion}`, pyodideURL).href,
    lockFileURL: new URL("pyodide-lock.json", pyodideURL).href,
    stdout: () => {},
    stderr: () => {},
  });
  self.postMessage({ type: "progress", stage: "engine" });
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel", { extractDir: sitePackages });
  handle = pyodide.pyimport("quiz.api").handle;
  const loaded = JSON.parse(handle(`{"op": "load", "bundle": ${await bundle}}`));
  if (!loaded.ok) throw new Error(loaded.error);
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      await init(message);
      self.postMessage({ type: "ready" });
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
  }
};

// Page side of the engine: starts the worker and turns requests into promises.
// Shared by every page that uses the engine (self-assessment, scenario checker).

export const ENGINE_TIMEOUT_MS = 30000;

/**
 * Start the engine worker at once.
 * @param {{pyodideURL: string, wheelURL: string, bundleURL: string, onProgress?: (stage: string) => void}} options
 * @returns {{ready: Promise<void>, call: (request: object) => Promise<object>}}
 */
export function startEngine({ pyodideURL, wheelURL, bundleURL, onProgress = () => {} }) {
  const pending = new Map();
  let nextId = 1;
  let worker;
  let settle;
  const ready = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });

  const fail = (message) => {
    settle.reject(new Error(message));
    if (worker) worker.terminate();
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
  };

  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    fail("this browser does not support WebAssembly or Web Workers");
    return { ready, call: () => ready.then(() => ({})) };
  }
  try {
    worker = new Worker(new URL("./engine-worker.js", import.meta.url), { type: "module" });
  } catch (error) {
    fail(`the browser blocked the answer checker (${error.message})`);
    return { ready, call: () => ready.then(() => ({})) };
  }

  const timer = setTimeout(
    () => fail(`it did not start within ${ENGINE_TIMEOUT_MS / 1000} seconds`),
    ENGINE_TIMEOUT_MS,
  );
  ready.then(() => clearTimeout(timer), () => clearTimeout(timer));

  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "progress") onProgress(message.stage);
    else if (message.type === "ready") settle.resolve();
    else if (message.type === "error") fail(message.message);
    else if (message.type === "response") {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (waiting) waiting.resolve(JSON.parse(message.response));
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message || "the answer checker could not be loaded");
  };
  worker.postMessage({ type: "init", pyodideURL, wheelURL, bundleURL });

  /** Send one request object; resolves with the engine's response object. */
  const call = (request) =>
    ready.then(
      () =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          worker.postMessage({ type: "call", id, request: JSON.stringify(request) });
        }),
    );
  return { ready, call };
}

/** The engine's files, from data attributes on the root element (relative to the page). */
export function engineLocations(root) {
  const absolute = (value) => new URL(value, document.baseURI).href;
  return {
    pyodideURL: absolute(root.dataset.pyodide),
    wheelURL: absolute(root.dataset.wheel),
    bundleURL: absolute(root.dataset.bundle),
  };
}

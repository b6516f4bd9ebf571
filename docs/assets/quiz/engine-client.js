// Page side of the engine: starts the worker and turns requests into promises.
// Shared by every page that uses the engine (self-assessment, scenario checker).
//
// Every promise handed out here settles: if the engine cannot start, or its
// worker dies later, `ready` and every call (pending or made afterwards)
// reject with an Error that says why.
//
// If it cannot start, the Error's `fault` says where the fault lies, so the
// reader is sent to the right fix: "browser" (it lacks what the engine needs),
// "server" (this site's web server sends the engine's files wrongly, or not at
// all; `serverProblem` says how, in words for the reader), or "unknown".
// Only then is the server asked (server-check.js): the normal start-up makes
// no request for it.

/** How long the engine may take to start when the page does not say (seconds). */
export const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout fires at once for longer delays

/** The name of Pyodide's module (in its folder) when the page does not say: as Pyodide ships it. */
export const DEFAULT_PYODIDE_MODULE = "pyodide.mjs";

/**
 * Start the engine worker at once.
 * @param {{pyodideURL: string, pyodideModule?: string, anyWasmType?: boolean, wheelURL: string,
 *          bundleURL: string, timeoutSeconds?: number, onProgress?: (stage: string) => void}} options
 *   pyodideModule: the name of Pyodide's module in pyodideURL; anyWasmType: compile
 *   Pyodide's wasm whatever type the server sends it with. Both are for the SCORM
 *   package, whose files an LMS serves with its own types: the package names
 *   Pyodide's modules .js (a type every LMS serves as JavaScript), and an LMS
 *   sends .wasm as application/octet-stream.
 * @returns {{ready: Promise<{start: string}>, call: (request: object) => Promise<object>, settled: () => void}}
 *   ready's `start`: "snapshot" if Python started from the snapshot this browser
 *   keeps (engine-snapshot.js), "fresh" if it started afresh;
 *   settled: tell the engine the page has what it waited for (the answers to
 *   its first requests), so that its own work the reader does not wait for
 *   (keeping the snapshot) starts now and not ahead of those answers
 */
export function startEngine({
  pyodideURL,
  pyodideModule = DEFAULT_PYODIDE_MODULE,
  anyWasmType = false,
  wheelURL,
  bundleURL,
  timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
  onProgress = () => {},
}) {
  const workerURL = new URL("./engine-worker.js", import.meta.url).href;
  const pending = new Map();
  let nextId = 1;
  let worker = null;
  let started = false;
  let failure = null; // once set, the engine is gone for good
  let settle;
  const ready = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });

  const fail = (message, knownFault = null) => {
    if (failure) return;
    failure = new Error(message);
    if (worker) worker.terminate();
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
    if (started) return; // `ready` has resolved; only calls are told
    const error = failure;
    faultOfStart(knownFault).then((found) => {
      Object.assign(error, found);
      settle.reject(error);
    });
  };

  /** Where the fault for a failed start lies: as known, or the server's if it sends the engine's files wrongly. */
  async function faultOfStart(knownFault) {
    if (knownFault) return { fault: knownFault };
    try {
      const { findServerProblem } = await import("./server-check.js");
      const problem = await findServerProblem({ workerURL, pyodideURL, pyodideModule, anyWasmType, wheelURL, bundleURL });
      if (problem) return { fault: "server", serverProblem: problem };
    } catch {
      // The check itself could not be made: that proves nothing.
    }
    return { fault: "unknown" };
  }

  // After start-up, a failure means the worker died under a running page.
  const died = (detail) =>
    fail(started ? `the answer checker stopped working (${detail}); reload the page to start it again` : detail);

  /** Send one request object; resolves with the engine's response object. */
  const call = (request) =>
    ready.then(
      () =>
        new Promise((resolve, reject) => {
          if (failure) {
            reject(failure);
            return;
          }
          const id = nextId++;
          pending.set(id, { resolve, reject });
          try {
            worker.postMessage({ type: "call", id, request: JSON.stringify(request) });
          } catch (error) {
            pending.delete(id);
            reject(error);
          }
        }),
    );

  const settled = () => {
    if (worker && !failure) worker.postMessage({ type: "settled" });
  };

  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    fail("this browser does not support WebAssembly or Web Workers", "browser");
    return { ready, call, settled };
  }
  try {
    worker = new Worker(workerURL, { type: "module" });
  } catch (error) {
    fail(`the browser blocked the answer checker (${error.message})`, "browser");
    return { ready, call, settled };
  }

  const timer = setTimeout(
    () => fail(`it did not start within ${secondsText(timeoutSeconds)}`),
    Math.min(timeoutSeconds * 1000, MAX_TIMER_MS),
  );
  ready.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );

  worker.onmessage = (event) => {
    const message = event.data;
    if (failure) return;
    if (message.type === "progress") onProgress(message.stage);
    else if (message.type === "ready") {
      started = true;
      settle.resolve({ start: message.start });
    } else if (message.type === "error") fail(message.message);
    else if (message.type === "response") {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (!waiting) return;
      try {
        waiting.resolve(JSON.parse(message.response));
      } catch {
        waiting.reject(new Error("the answer checker sent a response that could not be read"));
      }
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    died(event.message || "the answer checker could not be loaded");
  };
  worker.onmessageerror = () => died("a message from it could not be read");
  worker.postMessage({ type: "init", pyodideURL, pyodideModule, anyWasmType, wheelURL, bundleURL });

  return { ready, call, settled };
}

function secondsText(seconds) {
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/** The start-up time limit in a data attribute (seconds), or the default if it is absent or not a positive number. */
export function timeoutFrom(value) {
  const seconds = Number(value);
  return value && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
}

/** The engine's files and start-up time limit, from data attributes on the root element (URLs relative to the page). */
export function engineLocations(root) {
  const absolute = (value) => new URL(value, document.baseURI).href;
  return {
    pyodideURL: absolute(root.dataset.pyodide),
    pyodideModule: root.dataset.pyodideModule || DEFAULT_PYODIDE_MODULE,
    anyWasmType: "wasmAnyType" in root.dataset,
    wheelURL: absolute(root.dataset.wheel),
    bundleURL: absolute(root.dataset.bundle),
    timeoutSeconds: timeoutFrom(root.dataset.engineTimeout),
  };
}

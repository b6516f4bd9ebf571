// Starts the engine as early as the page allows. The page includes this as
// an *async* module right after the opening tag of the engine's root element,
// so Python starts downloading while the rest of the page is still being
// parsed. Page scripts import `engine` from here: modules are evaluated once,
// so they all share this one worker. The engine's files and its start-up time
// limit come from the root element's data attributes (see engineLocations).

import { engineLocations, startEngine } from "./engine-client.js";

const root = document.querySelector("[data-engine]");
const listeners = new Set();

/** Subscribe to loading progress ("runtime", "engine"). */
export function onProgress(listener) {
  listeners.add(listener);
}

export const engine = startEngine({
  ...engineLocations(root),
  onProgress: (stage) => listeners.forEach((listener) => listener(stage)),
});

// On this page Material's search index is built only once the page has
// started (search-after-engine.js, Material's search worker here): let it
// start then, whether the engine started or failed, or as soon as the reader
// goes to the search box.
const SEARCH_CHANNEL = "policy-engine-page";

function letSearchStart() {
  try {
    const channel = new BroadcastChannel(SEARCH_CHANNEL);
    channel.postMessage("start");
    channel.close();
  } catch {
    // No BroadcastChannel: search-after-engine.js then starts at once.
  }
}

/**
 * The page has started: its engine answered the page's first requests, or
 * could not start (engine-page.js calls this). What the reader does not wait
 * for starts now, so that it took no CPU from what they did wait for: the
 * engine keeps its snapshot (engine-worker.js) and Material builds its
 * search index.
 */
export function pageStarted() {
  engine.settled();
  letSearchStart();
}

document.addEventListener("focusin", (event) => {
  if (event.target instanceof Element && event.target.matches(".md-search__input")) letSearchStart();
});

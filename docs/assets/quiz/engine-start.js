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

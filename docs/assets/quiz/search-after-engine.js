// Material's search worker, started once this page and its answer checker have started.
//
// On the self-assessment and "Can I do this?" pages, Pyodide's start (one to
// two seconds of both cores on a school laptop) is what the reader waits for.
// Material builds its search index in a worker as soon as a page opens, which
// takes those cores from Pyodide: about 5% of a first visit's wait, measured,
// and more as the manual grows (its index is megabytes at 300 procedures).
// So on those pages the build gives this script as Material's search worker
// (mkdocs_plugin/search_later.py). It holds Material's messages and loads
// Material's real worker (named in this script's #fragment) only when the
// page says it has started (its engine answered the page's first requests,
// or failed: engine-start.js, on the BroadcastChannel below), when the
// reader goes to the search box, or after LATEST_MS: whichever comes first.
// Material sends no query before its worker has answered the held set-up
// message, so nothing is lost, only delayed.

const CHANNEL = "policy-engine-page"; // engine-start.js posts on it
const LATEST_MS = 15000;

const held = [];
const hold = (event) => held.push(event.data);
addEventListener("message", hold);

const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
let released = false;

function release() {
  if (released) return;
  released = true;
  channel?.close();
  removeEventListener("message", hold);
  const material = new URL(decodeURIComponent(location.hash.slice(1)), location.href);
  if (material.origin !== location.origin) throw new Error("Material's search worker must be on this site");
  importScripts(material.href); // it adds its own "message" listener
  for (const data of held.splice(0)) dispatchEvent(new MessageEvent("message", { data }));
}

if (channel) channel.onmessage = release;
setTimeout(release, channel ? LATEST_MS : 0);

// A returning reader's engine starts from a snapshot of the interpreter kept
// in their own browser, instead of starting Python afresh.
//
// Starting Python in Pyodide (about 1 s of a 2-core laptop's time) is most of
// the wait for the engine, and it does the same work on every visit. So on
// the first visit the worker copies Pyodide's memory right after Python has
// started (Pyodide's memory snapshot, ~31 MB, 10 ms), before the engine, its
// questions or anything the reader does is in it, and keeps the copy in this
// site's Cache Storage. Later visits restore it: ~0.1 s instead of ~1 s.
//
// The snapshot never leaves the browser (Cache Storage is the site's own,
// on the reader's device; nothing is sent anywhere) and holds nothing of the
// reader's: it is taken before the engine is even installed.
//
// Pyodide's snapshots are its own private option (`_makeSnapshot`,
// `_loadSnapshot`; Cloudflare's Python Workers start from them), so every
// step here may fail without harm: a browser without Cache Storage (a page
// served over plain http from another host), a full disk, private browsing,
// or a snapshot Pyodide refuses (it checks its own build id) all mean one
// thing: Python starts afresh, as it would without this module.

/** The Cache Storage cache that holds the snapshot (one entry: the current runtime's). */
export const SNAPSHOT_CACHE = "policy-engine-start";

/**
 * The key of the snapshot for the Pyodide in `pyodideURL`. The site names
 * that folder for its content (the Pyodide version and the standard library
 * cut for this engine), so a new runtime never meets an old snapshot.
 */
export function snapshotKey(pyodideURL) {
  return new URL("interpreter-snapshot", pyodideURL).href;
}

/**
 * The snapshot this browser keeps for the Pyodide in `pyodideURL`, and how to
 * replace or drop it; null where the browser has no Cache Storage for the page
 * (or refuses it). Never rejects.
 * @returns {Promise<null | {saved: Uint8Array|null, save: (snapshot: Uint8Array) => Promise<void>,
 *                           forget: () => Promise<void>}>}
 *   saved: the kept snapshot, or null if there is none (or it cannot be read);
 *   save: keep `snapshot` as the one for this Pyodide, and drop any other's;
 *   forget: drop the kept one (Pyodide refused it). Neither rejects.
 */
export async function keptSnapshot(pyodideURL) {
  const store = await openSnapshots();
  if (!store) return null;
  const key = snapshotKey(pyodideURL);
  return {
    saved: await readSnapshot(store, key),
    save: (snapshot) => saveSnapshot(store, key, snapshot),
    forget: () => store.delete(key).then(() => {}, () => {}),
  };
}

async function openSnapshots() {
  try {
    return typeof caches === "object" && caches ? await caches.open(SNAPSHOT_CACHE) : null;
  } catch {
    return null;
  }
}

async function readSnapshot(store, key) {
  try {
    const saved = await store.match(key);
    return saved ? new Uint8Array(await saved.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

async function saveSnapshot(store, key, snapshot) {
  try {
    await store.put(key, new Response(snapshot, { headers: { "Content-Type": "application/octet-stream" } }));
    for (const request of await store.keys()) {
      if (request.url !== key) await store.delete(request);
    }
  } catch {
    // A full disk or a refused write: the next visit starts afresh and tries again.
  }
}

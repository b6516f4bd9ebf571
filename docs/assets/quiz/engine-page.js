// What every page that uses the engine does the same way: loading progress
// and the start-up result in the status line (`.engine-status__message`,
// `data-engine` on the root: "loading", then "ready" or "error"), and notices
// to the reader in the notice box (`.quiz-notice`).
//
// If the engine cannot start, the status line says where the fault lies (see
// engine-client.js): in this browser, in this site's web server (with a link
// to the deployment guide for the site's administrator), or not known.
//
// Notices are kept until cleared: each distinct message is shown once, in the
// order it first came, so a link's problems, storage problems and failed
// requests can all be on screen at once without repeating themselves.

import { element } from "./dom.js";
import { engine, onProgress, pageStarted } from "./engine-start.js";

// The deployment guide's section on the server problems the page names.
// Resolved from this script's own address (assets/quiz/ under the site's
// root), so it is right from a page at any depth and when the site is served
// under a path prefix.
const DEPLOYMENT_GUIDE = new URL("../../deploying/#troubleshooting", import.meta.url).href;

/** A reader-facing description of why something failed. */
export function reasonOf(error) {
  return String((error && error.message) || error || "unknown error");
}

/**
 * What the status line says when the engine could not start: where the fault
 * lies decides what the reader is asked to do.
 * @param {Error & {fault?: string, serverProblem?: string}} error from the engine's `ready`
 * @param {string} engineName what the page calls its engine ("The answer checker")
 * @param {string} stillReadable what the reader can still read without it
 * @returns {(Node|string)[]}
 */
function startFailure(error, engineName, stillReadable) {
  const still = `You can still read ${stillReadable}`;
  if (error?.fault === "server") {
    return [
      `${engineName} could not start because this site's web server is not set up for it: ${error.serverProblem}. ` +
        `${still}. Please tell the site's administrator; the fix is in the `,
      element("a", { href: DEPLOYMENT_GUIDE }, "deployment guide"),
      ".",
    ];
  }
  if (error?.fault === "browser") {
    return [`${engineName} could not start in this browser: ${reasonOf(error)}. ${still}; try another browser, or ask your school's IT contact.`];
  }
  return [`${engineName} could not start: ${reasonOf(error)}. ${still}; reload the page to try again, try another browser, or ask your school's IT contact.`];
}

/**
 * Set up the parts of a page shared by every engine page.
 * @param {HTMLElement} root the engine's root element (has `data-engine`)
 * @param {{progress: (stage: string) => string, engineName: string, stillReadable: string}} messages
 *   the status line while loading; if the engine could not start, what the
 *   page calls it ("The answer checker") and what can still be read without it
 */
export function enginePage(root, { progress, engineName, stillReadable }) {
  const statusMessage = root.querySelector(".engine-status__message");
  const noticeBox = root.querySelector(".quiz-notice");

  onProgress((stage) => status(progress(stage)));

  /** Replace the status line (a polite live region) with text and elements. */
  function status(...content) {
    statusMessage.replaceChildren(...content);
  }

  /** Show a notice, unless the same one is already shown. */
  function showNotice(message) {
    if (!message) return;
    if ([...noticeBox.children].some((shown) => shown.textContent === message)) return;
    noticeBox.append(element("p", {}, message));
    noticeBox.hidden = false;
  }

  /** Remove every notice. */
  function clearNotices() {
    noticeBox.replaceChildren();
    noticeBox.hidden = true;
  }

  /**
   * An event handler (sync or async) whose failure becomes a notice rather
   * than an uncaught error or unhandled rejection.
   * @param {(...args: any[]) => any} handler
   * @param {(reason: string) => string} explain the notice, from the reason it failed
   * @returns {(...args: any[]) => Promise<void>|undefined} the guarded handler; what it
   *   returns settles once the handler has, and never rejects
   */
  function guarded(handler, explain) {
    const report = (error) => showNotice(explain(reasonOf(error)));
    return (...args) => {
      let outcome;
      try {
        outcome = handler(...args);
      } catch (error) {
        report(error);
        return;
      }
      return Promise.resolve(outcome).catch(report);
    };
  }

  /**
   * Start the page once the engine is ready.
   * @param {{prepare?: () => Promise<void>|void, whenReady?: () => Promise<void>|void,
   *          readyFailure?: (reason: string) => string}} steps
   *   prepare: page set-up that needs the engine; if it fails, the page is in error like a failed start.
   *   whenReady: runs once `data-engine` is "ready"; if it fails, a notice says so (readyFailure).
   * Once whenReady has settled (or the engine failed), the page has started (pageStarted).
   */
  function start({ prepare = () => {}, whenReady = () => {}, readyFailure = (reason) => reason } = {}) {
    engine.ready
      .then(({ start: how } = {}) => {
        root.dataset.engineStart = how; // "snapshot" or "fresh": for diagnosis and the benchmarks
        return prepare();
      })
      .then(
        () => {
          root.dataset.engine = "ready";
          return guarded(whenReady, readyFailure)();
        },
        (error) => {
          root.dataset.engine = "error";
          status(...startFailure(error, engineName, stillReadable));
          statusMessage.parentElement.classList.add("engine-status--error");
        },
      )
      .finally(pageStarted);
  }

  return { engine, status, showNotice, clearNotices, guarded, start };
}

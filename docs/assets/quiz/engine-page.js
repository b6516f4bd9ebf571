// What every page that uses the engine does the same way: loading progress
// and the start-up result in the status line (`.engine-status__message`,
// `data-engine` on the root: "loading", then "ready" or "error"), and notices
// to the reader in the notice box (`.quiz-notice`).
//
// Notices are kept until cleared: each distinct message is shown once, in the
// order it first came, so a link's problems, storage problems and failed
// requests can all be on screen at once without repeating themselves.

import { element } from "./dom.js";
import { engine, onProgress } from "./engine-start.js";

/** A reader-facing description of why something failed. */
export function reasonOf(error) {
  return String((error && error.message) || error || "unknown error");
}

/**
 * Set up the parts of a page shared by every engine page.
 * @param {HTMLElement} root the engine's root element (has `data-engine`)
 * @param {{progress: (stage: string) => string, failure: (reason: string) => string}} messages
 *   the status line while loading, and when the engine could not start
 */
export function enginePage(root, { progress, failure }) {
  const statusMessage = root.querySelector(".engine-status__message");
  const noticeBox = root.querySelector(".quiz-notice");

  onProgress((stage) => status(progress(stage)));

  /** Replace the status line (a polite live region). */
  function status(text) {
    statusMessage.textContent = text;
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
      Promise.resolve(outcome).catch(report);
    };
  }

  /**
   * Start the page once the engine is ready.
   * @param {{prepare?: () => Promise<void>|void, whenReady?: () => Promise<void>|void,
   *          readyFailure?: (reason: string) => string}} steps
   *   prepare: page set-up that needs the engine; if it fails, the page is in error like a failed start.
   *   whenReady: runs once `data-engine` is "ready"; if it fails, a notice says so (readyFailure).
   */
  function start({ prepare = () => {}, whenReady = () => {}, readyFailure = (reason) => reason } = {}) {
    engine.ready
      .then(prepare)
      .then(
        () => {
          root.dataset.engine = "ready";
          guarded(whenReady, readyFailure)();
        },
        (error) => {
          root.dataset.engine = "error";
          status(failure(reasonOf(error)));
          statusMessage.parentElement.classList.add("engine-status--error");
        },
      );
  }

  return { engine, status, showNotice, clearNotices, guarded, start };
}

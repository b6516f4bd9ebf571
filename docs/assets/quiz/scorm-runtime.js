// The SCORM 1.2 run-time, from the SCO's side: finding the LMS's API object,
// and every call to it made in one place, which asks LMSGetLastError() after
// it so a refusal is never silent. No DOM here: scorm-sco.js decides what the
// reader is told.

/** How many parent windows ADL's SCORM 1.2 API wrapper climbs before it gives up. */
export const MAX_PARENTS = 7;

/** The API object of ``win``, if it has one (a window of another origin has none we may use). */
function apiOf(win) {
  try {
    const api = win.API;
    return api && typeof api.LMSInitialize === "function" ? api : null;
  } catch {
    return null;
  }
}

/** ``win``'s API or that of the nearest of its parents that has one, climbing at most MAX_PARENTS. */
function climb(win) {
  for (let parents = 0; win; parents++) {
    const api = apiOf(win);
    if (api) return api;
    let parent = null;
    try {
      parent = win.parent;
    } catch {
      return null;
    }
    if (!parent || parent === win || parents >= MAX_PARENTS) return null;
    win = parent;
  }
  return null;
}

/**
 * The LMS's SCORM 1.2 API, found the standard way (ADL's API wrapper): this
 * window and its parents up to the top, then the window that opened this one
 * (and the one that opened its top window), each with the same limit.
 * @param {Window} start this window
 * @returns {object|null} the API object, or null outside an LMS
 */
export function findLmsApi(start) {
  const openers = [];
  try {
    openers.push(start.opener, start.top && start.top.opener);
  } catch {
    // An opener of another origin: nothing to find there.
  }
  for (const win of [start, ...openers]) {
    if (!win) continue;
    const api = climb(win);
    if (api) return api;
  }
  return null;
}

/**
 * SCORM 1.2's CMITimespan for a duration: HHHH:MM:SS.SS (at most 9999:59:59.99).
 * @param {number} milliseconds
 */
export function sessionTime(milliseconds) {
  const most = ((9999 * 60 + 59) * 60 + 59) * 100 + 99;
  const hundredths = Math.min(Math.max(0, Math.round(milliseconds / 10)), most);
  const two = (n) => String(n).padStart(2, "0");
  const seconds = Math.floor(hundredths / 100);
  return `${String(Math.floor(seconds / 3600)).padStart(4, "0")}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${two(hundredths % 100)}`;
}

/** True for the LMS's "no error" (SCORM 1.2 says "0"; some LMSs answer 0 or ""). */
const noError = (code) => code === undefined || code === null || String(code).trim() === "" || Number(code) === 0;

/**
 * One learner's session with the LMS. Each call returns whether it worked;
 * when it did not, ``onRefused`` hears what was asked and what the LMS said
 * (its error code, that code's words, and its diagnostic).
 */
export class LmsSession {
  /**
   * @param {object} api from findLmsApi
   * @param {(refusal: {call: string, element?: string, value?: string, code: string, text: string, diagnostic: string}) => void} onRefused
   */
  constructor(api, onRefused) {
    this.api = api;
    this.onRefused = onRefused;
    this.open = false;
    this.finished = false;
  }

  /** Call ``name`` with ``args``; its result, or ``undefined`` when the LMS says it failed. */
  call(name, args, { element, value, tell = true } = {}) {
    let result;
    let code;
    try {
      result = this.api[name](...args);
      code = this.api.LMSGetLastError();
    } catch (error) {
      if (tell) this.onRefused({ call: name, element, value, code: "", text: String(error?.message || error), diagnostic: "" });
      return undefined;
    }
    const failed = name === "LMSGetValue" ? !noError(code) : String(result) !== "true" || !noError(code);
    if (!failed) return result;
    if (tell) this.onRefused({ call: name, element, value, code: String(code ?? ""), ...this.explain(code) });
    return undefined;
  }

  /** The LMS's words for an error code (never throws). */
  explain(code) {
    const ask = (name) => {
      try {
        return String(this.api[name](String(code)) ?? "");
      } catch {
        return "";
      }
    };
    return { text: ask("LMSGetErrorString"), diagnostic: ask("LMSGetDiagnostic") };
  }

  /** LMSInitialize(""): true if the LMS opened the session. */
  initialize() {
    this.open = this.call("LMSInitialize", [""]) !== undefined;
    return this.open;
  }

  /** LMSGetValue: the value, or null if the LMS has none to give (never reported: the caller decides). */
  get(element) {
    if (!this.open || this.finished) return null;
    const value = this.call("LMSGetValue", [element], { element, tell: false });
    return value === undefined ? null : String(value);
  }

  /** LMSSetValue: true if the LMS took the value. */
  set(element, value) {
    if (!this.open || this.finished) return false;
    return this.call("LMSSetValue", [element, value], { element, value }) !== undefined;
  }

  /** LMSCommit(""): true if the LMS saved what it was given. */
  commit() {
    if (!this.open || this.finished) return false;
    return this.call("LMSCommit", [""]) !== undefined;
  }

  /** LMSFinish(""), at most once: true if the LMS closed the session. */
  finish() {
    if (!this.open || this.finished) return false;
    this.finished = true;
    return this.call("LMSFinish", [""]) !== undefined;
  }
}

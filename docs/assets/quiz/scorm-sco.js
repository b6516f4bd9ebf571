// The SCORM package's run-time: the self-assessment page as a SCO in the
// district's LMS. Only the package's page loads this module, just before
// quiz-page.js; it hears the quiz's events (listed at the top of
// quiz-page.js) and tells the LMS what SCORM 1.2 asks:
//
// - at start: LMSInitialize(""); the learner's unfinished attempt
//   (cmi.suspend_data, scorm-progress.js) is resumed, and their name
//   (cmi.core.student_name) fills the completion record's name field;
// - after each answer: the attempt, in cmi.suspend_data;
// - when graded: cmi.core.score.raw (percent), .min 0 and .max 100,
//   cmi.core.lesson_status "passed" or "failed", cmi.core.session_time,
//   then LMSCommit("");
// - on leaving (pagehide) or the Finish button, once: for an unfinished
//   attempt cmi.core.lesson_location (the question the learner is at) and
//   cmi.core.exit "suspend", then LMSFinish("").
//
// Every call is checked with LMSGetLastError() (scorm-runtime.js); a refusal
// is shown to the learner, and their answers are never lost: the page keeps
// its own copy in this browser (storage.js), and so does this module, for the
// learner the LMS names, so a refused value is resumed from here next time.
// Outside an LMS it says only that the result is not recorded anywhere; an
// LMS that opens it for review (cmi.core.lesson_mode "review" or "browse")
// gets no values, and the learner is told nothing is recorded.

import { element } from "./dom.js";
import { decodeProgress, encodeProgress, questionLayout, SUSPEND_DATA_LIMIT } from "./scorm-progress.js";
import { findLmsApi, LmsSession, sessionTime } from "./scorm-runtime.js";

const root = document.getElementById("quiz");
const noticeBox = root.querySelector(".quiz-notice");
const layout = questionLayout(root);
const fingerprint = root.dataset.fingerprint;
const started = Date.now();
// This browser's copy of the attempt as last sent to the LMS, with whose it is.
const LOCAL_KEY = `policy-scorm:${root.dataset.slug}`;

const NOT_CONNECTED =
  "This copy is not connected to a learning management system (LMS), so your result is not recorded anywhere; your progress is saved only in this browser.";

/** Show a notice in the page's notice box, unless it is already there (as engine-page.js does). */
function notice(message) {
  if ([...noticeBox.children].some((shown) => shown.textContent === message)) return;
  noticeBox.append(element("p", {}, message));
  noticeBox.hidden = false;
}

// What each value the SCO sets means to the learner.
const MEANING = {
  "cmi.suspend_data": "your unfinished answers",
  "cmi.core.lesson_location": "the question you stopped at",
  "cmi.core.exit": "that you will come back to this attempt",
  "cmi.core.score.raw": "your score",
  "cmi.core.score.min": "your score",
  "cmi.core.score.max": "your score",
  "cmi.core.lesson_status": "whether you passed",
  "cmi.core.session_time": "the time you spent",
};

/** Tell the learner what the LMS refused, and that nothing is lost. */
function refused({ call, element: name, code, text }) {
  const said = code ? `error ${code}${text ? `: ${text}` : ""}` : text || "no reason given";
  const what = {
    LMSInitialize: `Your learning management system (LMS) did not open a session for this self-assessment (${said}), so your result is not recorded there.`,
    LMSSetValue: `Your learning management system (LMS) did not accept ${MEANING[name] || name} (${said}).`,
    LMSCommit: `Your learning management system (LMS) could not save what this self-assessment sent it (${said}).`,
    LMSFinish: `Your learning management system (LMS) could not close this session (${said}).`,
  }[call];
  notice(`${what} Your answers are kept in this browser. If this happens again, tell whoever runs your LMS.`);
}

// ---- the session -------------------------------------------------------------

const api = findLmsApi(window);
const lms = api ? new LmsSession(api, refused) : null;
const connected = lms ? lms.initialize() : false;
const mode = connected ? lms.get("cmi.core.lesson_mode") : null;
const recording = connected && mode !== "review" && mode !== "browse";
const learner = connected ? { id: lms.get("cmi.core.student_id") || "", name: lms.get("cmi.core.student_name") || "" } : null;
const resumeAt = connected ? lms.get("cmi.core.lesson_location") : null;
if (recording && lms.get("cmi.core.lesson_status") === "not attempted") lms.set("cmi.core.lesson_status", "incomplete");
let latest = null; // the attempt's state, as last saved
let toldSessionEnded = false;

const REVIEWING = "Your LMS opened this self-assessment for review, so nothing you do now is recorded there.";
if (!recording) root.querySelector(".scorm-connection")?.replaceChildren(connected ? REVIEWING : NOT_CONNECTED);

/** Once the session is over, what the learner does is not recorded: say so, once. */
function sessionEnded() {
  if (toldSessionEnded) return;
  toldSessionEnded = true;
  notice("This session with your LMS has ended, so what you do now is not recorded there (it is kept in this browser). To record it, open the self-assessment again from your LMS.");
}

function readLocalCopy() {
  try {
    const copy = JSON.parse(window.localStorage.getItem(LOCAL_KEY));
    return copy && typeof copy.learner === "string" && typeof copy.progress === "string" ? copy : null;
  } catch {
    return null;
  }
}

function keepLocalCopy(progress) {
  try {
    window.localStorage.setItem(LOCAL_KEY, JSON.stringify({ learner: learner.id, progress }));
  } catch {
    // Storage blocked or full: the page has said so already (storage.js).
  }
}

// ---- the quiz's events -------------------------------------------------------

root.addEventListener("quiz:open", (event) => {
  const opening = event.detail;
  // The package holds one version, and the LMS keeps each year's results:
  // no re-assessment of changes (its page of changes is not in the package).
  opening.offerReassessment = false;
  if (!connected) return;
  // The LMS's copy, or this browser's copy of the same learner's attempt if
  // it is newer (the LMS refused the last ones): whichever was saved last.
  const copies = [];
  const kept = lms.get("cmi.suspend_data");
  if (kept) {
    const read = decodeProgress(kept, layout, fingerprint);
    if (read.ok) copies.push(read);
    else if (read.reason === "other-text") notice("Your LMS kept an unfinished attempt at another version of this self-assessment, so it cannot be resumed here; this attempt starts afresh.");
    else notice("Your LMS gave back unfinished answers this self-assessment cannot read, so this attempt starts afresh.");
  }
  const local = readLocalCopy();
  if (local && local.learner === learner.id) {
    const read = decodeProgress(local.progress, layout, fingerprint);
    if (read.ok) copies.push(read);
  }
  copies.sort((a, b) => b.savedAt - a.savedAt);
  // Not the page's own copy: on a shared computer it may be someone else's.
  opening.progress = copies.length ? copies[0].progress : null;
});

root.addEventListener("quiz:saved", (event) => {
  latest = event.detail.state;
  if (!recording) return;
  const progress = encodeProgress(latest, layout, fingerprint, Date.now());
  keepLocalCopy(progress);
  if (lms.finished) {
    sessionEnded();
    return;
  }
  // Cannot happen with a package `policy scorm` made (it refuses a bank that
  // could not fit); a refusal here would cost the LMS's copy, not the answers.
  if (progress.length > SUSPEND_DATA_LIMIT) {
    notice(`Your unfinished answers take more than the ${SUSPEND_DATA_LIMIT} characters an LMS keeps, so they are kept only in this browser.`);
    return;
  }
  lms.set("cmi.suspend_data", progress);
});

root.addEventListener("quiz:ready", () => {
  // Back where the learner stopped (the LMS's cmi.core.lesson_location).
  if (!resumeAt || !latest || latest.submitted) return;
  const item = root.querySelector(`fieldset[data-question-id="${CSS.escape(resumeAt)}"]`)?.closest("li");
  if (item && !item.hidden) item.scrollIntoView({ block: "start" });
});

/** SCORM's score: the percent right, cut (never rounded up) to two decimals, so it passes the pass mark exactly when the engine says so. */
function scoreRaw(score, total) {
  return total > 0 ? String(Math.floor((score * 10000) / total) / 100) : "0";
}

root.addEventListener("quiz:graded", (event) => {
  const { result } = event.detail;
  if (!recording) return;
  if (lms.finished) {
    sessionEnded();
    return;
  }
  const raw = scoreRaw(result.score, result.total);
  const sent = [
    lms.set("cmi.core.score.raw", raw),
    lms.set("cmi.core.score.min", "0"),
    lms.set("cmi.core.score.max", "100"),
    lms.set("cmi.core.lesson_status", result.passed ? "passed" : "failed"),
    lms.set("cmi.core.session_time", sessionTime(Date.now() - started)),
  ].every(Boolean);
  const saved = lms.commit();
  sessionStatus.textContent =
    sent && saved
      ? `Your LMS has your result: ${raw}%, ${result.passed ? "passed" : "not passed yet"}.`
      : "Your result could not be recorded in full in your LMS: see the message at the top of the self-assessment.";
});

// ---- leaving -----------------------------------------------------------------

/** The question the learner is at: the first shown without an answer (else the last), if SCORM can hold its id. */
function whereTheLearnerIs() {
  const shown = [...root.querySelectorAll(".quiz-questions > li:not([hidden]) fieldset[data-question-id]")].map((set) => set.dataset.questionId);
  const at = shown.find((id) => !(latest?.answers?.[id] || []).length) ?? shown[shown.length - 1];
  return at && at.length <= 255 ? at : null;
}

/** End the session, once: an unfinished attempt is suspended to be resumed. */
function finishSession() {
  if (!connected || lms.finished) return false;
  if (recording) {
    if (latest && latest.submitted) {
      lms.set("cmi.core.exit", "");
    } else {
      const at = whereTheLearnerIs();
      if (at) lms.set("cmi.core.lesson_location", at);
      lms.set("cmi.core.exit", "suspend");
    }
    lms.set("cmi.core.session_time", sessionTime(Date.now() - started));
    lms.commit();
  }
  return lms.finish();
}

const sessionStatus = element(
  "p",
  { class: "scorm-session__status", role: "status", tabindex: "-1" },
  recording
    ? "Your LMS keeps your answers as you go, and records your result when you check your answers. " +
        "When you stop, press Finish (or leave the activity in your LMS); you can come back to an unfinished attempt."
    : REVIEWING,
);
if (connected) {
  const finishButton = element("button", { type: "button", class: "md-button scorm-session__finish" }, "Finish");
  finishButton.addEventListener("click", () => {
    const closed = finishSession();
    finishButton.hidden = true;
    sessionStatus.textContent =
      closed && recording
        ? "Finished: your LMS has your answers and result. You can close this window or leave the activity in your LMS."
        : "This session with your LMS has ended. You can close this window or leave the activity in your LMS.";
    sessionStatus.focus();
  });
  root.append(
    element(
      "section",
      { class: "scorm-session", "aria-labelledby": "scorm-session-heading" },
      element("h2", { id: "scorm-session-heading" }, "Recorded in your LMS"),
      sessionStatus,
      element("p", {}, finishButton),
    ),
  );

  addEventListener("pagehide", finishSession);
  addEventListener("pageshow", (event) => {
    if (event.persisted && lms.finished) sessionEnded();
  });
  // A tab put away may never come back (phones end it): save what the LMS has.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && recording && !lms.finished) lms.commit();
  });
  // Following a link in the LMS's frame would end the session: links to other
  // pages (the clauses cited, the PDF) open in a window of their own.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!link || link.target) return;
      const to = new URL(link.href);
      if (to.origin === location.origin && to.pathname === location.pathname && to.search === location.search) return;
      link.target = "_blank";
      link.rel = "noopener";
    },
    true,
  );
  if (learner.name) {
    const field = root.querySelector("#completion-name");
    if (field && !field.value) field.value = displayName(learner.name);
  }
}

/** SCORM 1.2 gives "Last, First"; the record reads better as "First Last". */
function displayName(lmsName) {
  const parts = lmsName.split(",").map((part) => part.trim());
  return parts.length === 2 && parts.every(Boolean) ? `${parts[1]} ${parts[0]}` : lmsName.trim();
}

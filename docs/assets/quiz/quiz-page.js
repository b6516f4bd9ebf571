// The self-assessment page. The questions are already on the page as static
// HTML; this script starts the engine (Python in Pyodide, in a worker), then
// lets the engine order the questions, grade the answers and explain them.
// Everything happens in this browser: nothing is sent anywhere.
//
// This module runs the attempt (order, answers, saving, grading); the results
// are drawn by quiz-results.js and the completion record by completion-record.js.
//
// A page that embeds the self-assessment (the SCORM package's scorm-sco.js,
// loaded before this module) takes part through events on the root, each
// dispatched synchronously; the site's own page listens to none of them:
//   quiz:open    {progress, offerReassessment}  before the attempt starts: a listener
//                may replace `progress` (saved elsewhere: the LMS's copy) or set
//                `offerReassessment` to false
//   quiz:saved   {state}                        the attempt's state, after each change
//   quiz:ready   {}                             the attempt is in place and can be answered
//   quiz:graded  {result, reassess}             the engine's grade of a submitted attempt

import { completionRecord } from "./completion-record.js";
import { element } from "./dom.js";
import { enginePage } from "./engine-page.js";
import { PassRecord } from "./pass-record.js";
import { clearQuestionFeedback, resultSummary, showQuestionFeedback, showResults } from "./quiz-results.js";
import { showReassessmentOffer } from "./reassessment.js";
import { ProgressStore } from "./storage.js";

const root = document.getElementById("quiz");
const page = enginePage(root, {
  progress: (stage) =>
    stage === "engine"
      ? "Almost ready: installing the answer checker."
      : "Loading the answer checker (Python, running in your browser). You can read the questions while it loads.",
  engineName: "The answer checker",
  stillReadable: "the questions and the procedure",
});
const { engine, status, showNotice } = page;

const form = root.querySelector("#quiz-form");
const list = root.querySelector(".quiz-questions");
const submitButton = root.querySelector(".quiz-submit");
const errorSummary = root.querySelector(".quiz-error-summary");
const results = root.querySelector("#quiz-results");
const record = completionRecord(root);

const store = new ProgressStore(`policy-quiz:${root.dataset.slug}`, root.dataset.fingerprint);
const passRecord = new PassRecord(root.dataset.slug);
// `only` and `reassess` are set for a re-assessment of what changed since a
// pass of an earlier version: its question ids, and the two version labels.
let state = { seed: null, answers: {}, submitted: false, only: null, reassess: null };
let attempt = null;

const opened = store.open();
opened.notices.forEach(showNotice);

/** Tell an embedding page what happened (see the top of this file). */
function announce(name, detail = {}) {
  root.dispatchEvent(new CustomEvent(`quiz:${name}`, { detail }));
}

function save() {
  const problem = store.save(state);
  if (problem) showNotice(problem);
  announce("saved", { state: JSON.parse(JSON.stringify(state)) });
}

function fieldset(questionId) {
  return list.querySelector(`fieldset[data-question-id="${CSS.escape(questionId)}"]`);
}

function newSeed() {
  const value = new Uint32Array(1);
  crypto.getRandomValues(value);
  return value[0];
}

// ---- attempt: order and answers -------------------------------------------

/** Ask the engine for the attempt with this seed, then show it (all at once, so a failure changes nothing). */
async function startAttempt(seed, answers, only = null, reassess = null) {
  const response = await engine.call({ op: "make_attempt", seed, ...(only ? { only } : {}) });
  if (!response.ok) throw new Error(response.error);
  attempt = response.attempt;
  state = { seed, answers, submitted: false, only, reassess };
  const items = new Map([...list.children].map((item) => [item.querySelector("fieldset").dataset.questionId, item]));
  items.forEach((item) => (item.hidden = true));
  attempt.questions.forEach((question, index) => {
    const item = items.get(question.id);
    const set = item.querySelector("fieldset");
    const choices = set.querySelector(".quiz-choices");
    question.choices.forEach((choiceId) => choices.append(choices.querySelector(`[data-choice-id="${choiceId}"]`)));
    set.querySelector(".quiz-question__number").textContent = `Question ${index + 1} of ${attempt.questions.length}`;
    for (const input of set.querySelectorAll("input")) {
      input.checked = (answers[question.id] || []).includes(input.value);
      input.disabled = false;
    }
    item.hidden = false;
    list.append(item);
  });
  save();
}

form.addEventListener(
  "change",
  page.guarded(
    (event) => {
      const set = event.target.closest("fieldset[data-question-id]");
      if (!set || state.submitted) return;
      state.answers[set.dataset.questionId] = [...set.querySelectorAll("input:checked")].map((input) => input.value);
      save();
    },
    (reason) => `Your answer could not be kept: ${reason}.`,
  ),
);

// ---- grading ---------------------------------------------------------------

form.addEventListener(
  "submit",
  page.guarded(
    async (event) => {
      event.preventDefault();
      if (root.dataset.engine !== "ready" || state.submitted) return;
      const unanswered = attempt.questions.filter((q) => !(state.answers[q.id] || []).length);
      if (unanswered.length) {
        showErrorSummary(unanswered);
        return;
      }
      errorSummary.hidden = true;
      await grade({ moveFocus: true });
    },
    (reason) => `The answers could not be checked: ${reason}.`,
  ),
);

function showErrorSummary(unanswered) {
  errorSummary.replaceChildren(
    element("h2", {}, unanswered.length === 1 ? "One question has no answer yet" : `${unanswered.length} questions have no answer yet`),
    element(
      "ul",
      {},
      ...unanswered.map((question) => {
        const number = fieldset(question.id).querySelector(".quiz-question__number").textContent;
        const link = element("a", { href: `#question-${question.id}` }, `${number}: answer this question`);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          const first = fieldset(question.id).querySelector("input");
          first.scrollIntoView({ block: "center" });
          first.focus();
        });
        return element("li", {}, link);
      }),
    ),
  );
  errorSummary.hidden = false;
  errorSummary.focus();
}

async function grade({ moveFocus }) {
  const response = await engine.call({ op: "grade", attempt, answers: state.answers });
  if (!response.ok) {
    showNotice(`The answers could not be checked: ${response.error}`);
    return;
  }
  state.submitted = true;
  save();
  response.results.forEach((result) => showQuestionFeedback(fieldset(result.id), result));
  showResults(results, response, retakeQuiz);
  submitButton.hidden = true;
  if (response.passed) passRecord.write(root.dataset.fingerprint, root.dataset.version);
  record.offer(response, state.reassess);
  status(resultSummary(response));
  announce("graded", { result: response, reassess: state.reassess });
  if (moveFocus) results.querySelector("h2").focus();
}

/** Start afresh (a retake, or a switch between the re-assessment and the full assessment). */
async function restart(only, reassess, message) {
  await startAttempt(newSeed(), {}, only, reassess);
  list.querySelectorAll("fieldset").forEach(clearQuestionFeedback);
  results.hidden = true;
  record.withdraw();
  submitButton.hidden = false;
  status(message);
  list.querySelector("li:not([hidden]) input").focus();
}

const retakeQuiz = page.guarded(
  () => restart(state.only, state.reassess, "New attempt started: the questions are in a new order."),
  (reason) => `A new attempt could not be started: ${reason}.`,
);

/** Offer a re-assessment of what changed when this browser holds a pass of an earlier version. */
async function offerReassessment() {
  if (!opening.offerReassessment) return;
  const pass = passRecord.read();
  if (!pass || pass.fingerprint === root.dataset.fingerprint) return;
  const response = await engine.call({ op: "reassessment", fingerprint: pass.fingerprint });
  if (!response.ok) throw new Error(response.error);
  const plan = response.plan;
  showReassessmentOffer(root, pass, plan, {
    reassess: page.guarded(
      () => restart(plan.questions, { from: plan.from, to: plan.to },
        `Re-assessment started: ${plan.questions.length} question${plan.questions.length === 1 ? "" : "s"} about what changed.`),
      (reason) => `The re-assessment could not be started: ${reason}.`,
    ),
    full: page.guarded(
      () => restart(null, null, "The full self-assessment is ready."),
      (reason) => `The self-assessment could not be started: ${reason}.`,
    ),
  });
}

// ---- start -----------------------------------------------------------------

/**
 * Saved progress as far as it fits this page: a seed the engine accepts, and
 * answers only to questions and choices the page has. Progress is kept under
 * the clause text's fingerprint, so a question renamed or removed since it
 * was saved (or storage edited by hand) must not make every visit fail.
 * @returns {{progress: object|null, changed: boolean}}
 */
function fitToPage(data) {
  if (!data) return { progress: null, changed: false };
  const questions = new Map(
    [...list.querySelectorAll("fieldset[data-question-id]")].map((set) => {
      const inputs = [...set.querySelectorAll("input")];
      return [set.dataset.questionId, { choices: new Set(inputs.map((i) => i.value)), several: inputs[0]?.type === "checkbox" }];
    }),
  );
  const seedFits = Number.isSafeInteger(data.seed) && data.seed >= 0 && data.seed <= 0xffffffff;
  const saved = data.answers && typeof data.answers === "object" && !Array.isArray(data.answers) ? data.answers : {};
  let changed = !seedFits || saved !== data.answers;
  const answers = {};
  for (const [id, chosen] of Object.entries(saved)) {
    const question = questions.get(id);
    const fits =
      question && Array.isArray(chosen) && (question.several || chosen.length <= 1) &&
      chosen.every((choice) => typeof choice === "string" && question.choices.has(choice));
    if (fits) answers[id] = chosen;
    else changed = true;
  }
  // A re-assessment in progress: its questions must all still be on the page.
  const onlyFits = Array.isArray(data.only) && data.only.length > 0 && data.only.every((id) => questions.has(id));
  const reassessFits = data.reassess && typeof data.reassess.from === "string" && typeof data.reassess.to === "string";
  if (data.only != null && !(onlyFits && reassessFits)) changed = true;
  const only = onlyFits && reassessFits ? data.only : null;
  const reassess = only ? { from: data.reassess.from, to: data.reassess.to } : null;
  const submitted = data.submitted === true && !changed;
  return { progress: { seed: seedFits ? data.seed : newSeed(), answers, submitted, only, reassess }, changed };
}

// An embedding page may bring progress kept elsewhere, or turn the offer off.
const opening = { progress: opened.data, offerReassessment: true };
announce("open", opening);
const { progress: saved, changed: savedChanged } = fitToPage(opening.progress);
if (savedChanged) {
  showNotice("Some of your saved progress no longer fits this self-assessment (it may have been updated), so that part was cleared. Please check your answers.");
}
page.start({
  // The saved order (or a new one) must be in place before answers count.
  prepare: () =>
    saved ? startAttempt(saved.seed, saved.answers || {}, saved.only, saved.reassess) : startAttempt(newSeed(), {}),
  whenReady: async () => {
    submitButton.disabled = false;
    status(saved ? "The answer checker is ready. Your saved answers are back." : "The answer checker is ready.");
    announce("ready");
    if (saved && saved.submitted) await grade({ moveFocus: false });
    else if (!saved) await offerReassessment();
  },
  readyFailure: (reason) => `Your saved result could not be shown: ${reason}.`,
});

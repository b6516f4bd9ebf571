// The self-assessment page. The questions are already on the page as static
// HTML; this script starts the engine (Python in Pyodide, in a worker), then
// lets the engine order the questions, grade the answers and explain them.
// Everything happens in this browser: nothing is sent anywhere.

import { element } from "./dom.js";
import { engine, onProgress } from "./engine-start.js";
import { ProgressStore } from "./storage.js";

const root = document.getElementById("quiz");
onProgress(showProgress);

const form = root.querySelector("#quiz-form");
const list = root.querySelector(".quiz-questions");
const submitButton = root.querySelector(".quiz-submit");
const statusMessage = root.querySelector(".engine-status__message");
const noticeBox = root.querySelector(".quiz-notice");
const errorSummary = root.querySelector(".quiz-error-summary");
const results = root.querySelector("#quiz-results");
const resultsBody = results.querySelector(".quiz-results__body");
const completion = root.querySelector("#completion");
const completionForm = root.querySelector("#completion-form");
const record = root.querySelector("#completion-record");

const store = new ProgressStore(`policy-quiz:${root.dataset.slug}`, root.dataset.fingerprint);
let state = { seed: null, answers: {}, submitted: false };
let attempt = null;
let lastResult = null;

const opened = store.open();
opened.notices.forEach(showNotice);

function showProgress(stage) {
  statusMessage.textContent =
    stage === "engine"
      ? "Almost ready: installing the answer checker."
      : "Loading the answer checker (Python, running in your browser). You can read the questions while it loads.";
}

function showNotice(message) {
  const paragraph = document.createElement("p");
  paragraph.textContent = message;
  noticeBox.append(paragraph);
  noticeBox.hidden = false;
}

function save() {
  const problem = store.save(state);
  if (problem) showNotice(problem);
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

async function startAttempt(seed, answers) {
  const response = await engine.call({ op: "make_attempt", seed });
  if (!response.ok) throw new Error(response.error);
  attempt = response.attempt;
  state = { seed, answers, submitted: false };
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

form.addEventListener("change", (event) => {
  const set = event.target.closest("fieldset[data-question-id]");
  if (!set || state.submitted) return;
  state.answers[set.dataset.questionId] = [...set.querySelectorAll("input:checked")].map((input) => input.value);
  save();
});

// ---- grading ---------------------------------------------------------------

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (root.dataset.engine !== "ready" || state.submitted) return;
  const unanswered = attempt.questions.filter((q) => !(state.answers[q.id] || []).length);
  if (unanswered.length) {
    showErrorSummary(unanswered);
    return;
  }
  errorSummary.hidden = true;
  await grade({ moveFocus: true });
});

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
  lastResult = response;
  state.submitted = true;
  save();
  response.results.forEach(showQuestionFeedback);
  showResults(response);
  statusMessage.textContent = `${response.passed ? "You passed" : "You have not passed yet"}: ${response.score} of ${response.total} correct (${response.percent}%).`;
  if (moveFocus) results.querySelector("h2").focus();
}

function citationBlock(citation) {
  const label = `Clause ${citation.number}${citation.kind_label ? ` (${citation.kind_label})` : ""}`;
  return element(
    "blockquote",
    { class: "quiz-citation" },
    element("p", { class: "quiz-citation__label" }, element("a", { href: citation.href }, label)),
    element("p", { class: "quiz-citation__text" }, citation.text || "The text of this clause is missing from the supplied document."),
  );
}

function showQuestionFeedback(result) {
  const set = fieldset(result.id);
  const box = set.querySelector(".quiz-feedback");
  for (const label of set.querySelectorAll(".quiz-choice")) {
    const id = label.dataset.choiceId;
    label.querySelector("input").disabled = true;
    label.classList.toggle("quiz-choice--correct", result.correct_choices.includes(id));
    label.classList.toggle("quiz-choice--chosen", result.chosen.includes(id));
    label.querySelector(".quiz-choice__mark")?.remove();
    const marks = [];
    if (result.chosen.includes(id)) marks.push("your answer");
    if (result.correct_choices.includes(id)) marks.push("correct answer");
    if (marks.length) label.querySelector("span").append(element("strong", { class: "quiz-choice__mark" }, ` (${marks.join(", ")})`));
  }
  const verdict = result.correct ? "Correct." : result.answered ? "Not correct." : "Not answered.";
  box.replaceChildren(
    element("p", { class: `quiz-feedback__verdict quiz-feedback__verdict--${result.correct ? "right" : "wrong"}` }, verdict),
    ...result.feedback.filter((f) => f.feedback).map((f) => element("p", {}, `You chose “${f.text}”: ${f.feedback}`)),
    element("p", {}, result.explanation),
    ...result.citations.map(citationBlock),
  );
  box.hidden = false;
  set.dataset.result = result.correct ? "correct" : "incorrect";
}

function showResults(result) {
  const rows = result.by_section.map((section) =>
    element("tr", {}, element("th", { scope: "row" }, `${section.section}. ${section.title}`), element("td", {}, `${section.correct} of ${section.total}`)),
  );
  const parts = [
    element(
      "p",
      { class: `quiz-verdict quiz-verdict--${result.passed ? "pass" : "fail"}`, "data-passed": String(result.passed) },
      element("strong", {}, result.passed ? "You passed." : "You have not passed yet."),
      ` You answered ${result.score} of ${result.total} questions correctly (${result.percent}%). The pass mark is ${result.pass_mark}%.`,
    ),
    element(
      "table",
      {},
      element("caption", {}, "Results by section"),
      element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "Section"), element("th", { scope: "col" }, "Correct"))),
      element("tbody", {}, ...rows),
    ),
  ];
  if (result.review.length) {
    parts.push(
      element("h3", {}, "Review the clauses you missed"),
      element(
        "ul",
        { class: "quiz-review" },
        ...result.review.map((c) => element("li", {}, element("a", { href: c.href }, `Clause ${c.number}${c.kind_label ? ` (${c.kind_label})` : ""}`))),
      ),
    );
  }
  const retake = element("button", { type: "button", class: "md-button quiz-retake" }, "Retake with the questions in a new order");
  retake.addEventListener("click", retakeQuiz);
  parts.push(element("p", {}, retake));
  resultsBody.replaceChildren(...parts);
  results.hidden = false;
  submitButton.hidden = true;
  completion.hidden = !result.passed;
}

async function retakeQuiz() {
  for (const set of list.querySelectorAll("fieldset")) {
    set.querySelector(".quiz-feedback").hidden = true;
    delete set.dataset.result;
    set.querySelectorAll(".quiz-choice__mark").forEach((mark) => mark.remove());
    set.querySelectorAll(".quiz-choice").forEach((label) => label.classList.remove("quiz-choice--correct", "quiz-choice--chosen"));
  }
  results.hidden = true;
  completion.hidden = true;
  record.hidden = true;
  document.body.classList.remove("print-completion-record");
  submitButton.hidden = false;
  lastResult = null;
  await startAttempt(newSeed(), {});
  statusMessage.textContent = "New attempt started: the questions are in a new order.";
  list.querySelector("li:not([hidden]) input").focus();
}

// ---- completion record -----------------------------------------------------

completionForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const name = completionForm.elements.name.value.trim();
  const unit = completionForm.elements.unit.value.trim();
  const error = completionForm.querySelector(".completion-error");
  if (!name) {
    error.textContent = "Type your name to make the record.";
    error.hidden = false;
    completionForm.elements.name.setAttribute("aria-invalid", "true");
    completionForm.elements.name.focus();
    return;
  }
  error.hidden = true;
  completionForm.elements.name.removeAttribute("aria-invalid");
  showRecord(name, unit);
});

function showRecord(name, unit) {
  const facts = [
    ["Name", name],
    ...(unit ? [["School or department", unit]] : []),
    ["Date", new Date().toLocaleDateString("en-CA", { year: "numeric", month: "long", day: "numeric" })],
    ["Score", `${lastResult.score} of ${lastResult.total} (${lastResult.percent}%)`],
    ["Pass mark", `${lastResult.pass_mark}%`],
    ["Procedure", `${root.dataset.designation}: ${root.dataset.title}`],
    ["Version", root.dataset.version || "Not stated in the supplied document"],
    ["Text fingerprint", root.dataset.fingerprint],
  ];
  record.querySelector("dl").replaceChildren(...facts.flatMap(([term, value]) => [element("dt", {}, term), element("dd", {}, value)]));
  record.hidden = false;
  // Printing prints only the record: a copy at the top of <body>, with
  // everything else hidden by the print stylesheet.
  document.getElementById("print-record")?.remove();
  const copy = record.cloneNode(true);
  copy.id = "print-record";
  copy.removeAttribute("aria-labelledby");
  copy.querySelector("h2").removeAttribute("id");
  copy.querySelector(".completion-record__print").parentElement.remove();
  copy.setAttribute("aria-hidden", "true");
  document.body.append(copy);
  document.body.classList.add("print-completion-record");
  record.querySelector("h2").setAttribute("tabindex", "-1");
  record.querySelector("h2").focus();
}

record.querySelector(".completion-record__print").addEventListener("click", () => window.print());

// ---- start -----------------------------------------------------------------

engine.ready
  .then(async () => {
    const saved = opened.data;
    await startAttempt(saved ? saved.seed : newSeed(), saved ? saved.answers || {} : {});
    root.dataset.engine = "ready";
    submitButton.disabled = false;
    statusMessage.textContent = saved ? "The answer checker is ready. Your saved answers are back." : "The answer checker is ready.";
    if (saved && saved.submitted) await grade({ moveFocus: false });
  })
  .catch((error) => {
    root.dataset.engine = "error";
    submitButton.disabled = true;
    statusMessage.textContent = `The answer checker could not start in this browser: ${error.message}. You can still read the questions and the procedure; try another browser, or ask your school's IT contact.`;
    statusMessage.parentElement.classList.add("engine-status--error");
  });

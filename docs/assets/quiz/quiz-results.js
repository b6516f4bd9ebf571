// Showing a graded self-assessment: feedback under each question (with the
// cited clauses quoted) and the overall result with its table by section.
// Only rendering lives here; quiz-page.js runs the attempt.

import { element } from "./dom.js";

function clauseLabel(clause) {
  return `Clause ${clause.number}${clause.kind_label ? ` (${clause.kind_label})` : ""}`;
}

/** One cited clause, quoted (or said to be missing), with a link to it. */
export function citationBlock(citation) {
  return element(
    "blockquote",
    { class: "quiz-citation" },
    element("p", { class: "quiz-citation__label" }, element("a", { href: citation.href }, clauseLabel(citation))),
    element("p", { class: "quiz-citation__text" }, citation.text || "The text of this clause is missing from the supplied document."),
  );
}

/** Mark a question's choices and explain the answer, from one graded result. */
export function showQuestionFeedback(set, result) {
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

/** Undo showQuestionFeedback (the answers themselves are left to the caller). */
export function clearQuestionFeedback(set) {
  set.querySelector(".quiz-feedback").hidden = true;
  delete set.dataset.result;
  set.querySelectorAll(".quiz-choice__mark").forEach((mark) => mark.remove());
  set.querySelectorAll(".quiz-choice").forEach((label) => label.classList.remove("quiz-choice--correct", "quiz-choice--chosen"));
}

/**
 * Fill in and show the results section.
 * @param {HTMLElement} section `#quiz-results`
 * @param {object} result the engine's grade response
 * @param {() => void} onRetake the "Retake" button's click handler
 */
export function showResults(section, result, onRetake) {
  const rows = result.by_section.map((part) =>
    element("tr", {}, element("th", { scope: "row" }, `${part.section}. ${part.title}`), element("td", {}, `${part.correct} of ${part.total}`)),
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
      element("ul", { class: "quiz-review" }, ...result.review.map((c) => element("li", {}, element("a", { href: c.href }, clauseLabel(c))))),
    );
  }
  const retake = element("button", { type: "button", class: "md-button quiz-retake" }, "Retake with the questions in a new order");
  retake.addEventListener("click", onRetake);
  parts.push(element("p", {}, retake));
  section.querySelector(".quiz-results__body").replaceChildren(...parts);
  section.hidden = false;
}

/** One line for the status region, e.g. "You passed: 20 of 20 correct (100%)." */
export function resultSummary(result) {
  return `${result.passed ? "You passed" : "You have not passed yet"}: ${result.score} of ${result.total} correct (${result.percent}%).`;
}

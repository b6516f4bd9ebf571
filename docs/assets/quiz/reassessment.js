// The offer made to someone who passed an earlier version in this browser:
// what changed since, and a short re-assessment of the questions that cite a
// changed clause (the engine decides which: quiz/reassessment.py), or, when
// no changed clause has a question, the full self-assessment.

import { element } from "./dom.js";

/**
 * Show the offer for ``plan`` (the engine's answer) in the #reassessment section.
 * @param {HTMLElement} root `#quiz`
 * @param {{version: string, date: string}} pass the stored pass
 * @param {object} plan the engine's plan (status, from, to, changed, questions)
 * @param {{reassess: () => void, full: () => void}} choose what the buttons start
 * @returns {boolean} whether an offer is shown
 */
export function showReassessmentOffer(root, pass, plan, choose) {
  const section = root.querySelector("#reassessment");
  const body = section.querySelector(".reassessment__body");
  const changesUrl = section.dataset.changesUrl;
  const procedureUrl = section.dataset.procedureUrl;
  // The clause's anchor, as the build makes it (quiz/clause_numbers.py): 1.2(a) -> clause-1-2-a.
  const anchor = (number) => `clause-${number.match(/\d+|[a-z]/g).join("-")}`;
  const passed = `You passed ${pass.version ? `“${pass.version}”` : "an earlier version"} on ${pass.date}.`;
  if (plan.status === "current") return false;
  if (plan.status === "unknown") {
    body.replaceChildren(
      element("p", {}, `${passed} That text is not among the recorded versions, so the changes since cannot be listed. The full self-assessment below covers the procedure as it is now.`),
    );
  } else {
    const changed = element(
      "ul",
      { class: "reassessment__changed" },
      ...plan.changed.map((number) => element("li", {}, element("a", { href: `${procedureUrl}#${anchor(number)}` }, `Clause ${number}`))),
    );
    const summary = element(
      "p",
      {},
      `${passed} Since then, the procedure changed to “${plan.to}”: ${plan.changed.length} clause${plan.changed.length === 1 ? "" : "s"} changed. `,
      element("a", { href: changesUrl }, "See what changed"),
      ".",
    );
    if (plan.status === "no_questions") {
      body.replaceChildren(
        summary,
        changed,
        element("p", {}, "None of the clauses that changed has a self-assessment question, so there is no short re-assessment. You can take the full self-assessment below."),
      );
    } else {
      const short = element("button", { type: "button", class: "md-button md-button--primary" },
        `Re-assess the changes (${plan.questions.length} question${plan.questions.length === 1 ? "" : "s"})`);
      short.addEventListener("click", choose.reassess);
      const fullButton = element("button", { type: "button", class: "md-button" }, "Take the full self-assessment");
      fullButton.addEventListener("click", choose.full);
      body.replaceChildren(
        summary,
        changed,
        element("p", {}, `The re-assessment asks only the questions about these clauses, with the same pass mark (${plan.pass_mark}%).`),
        element("p", { class: "reassessment__choices" }, short, " ", fullButton),
      );
    }
  }
  section.hidden = false;
  return true;
}

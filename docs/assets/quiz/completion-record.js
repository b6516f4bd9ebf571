// The self-reported completion record: offered after a pass, made from the
// name the reader types (never saved), and printable on its own.

import { element } from "./dom.js";

/**
 * Wire up the completion form and record inside the quiz root.
 * @param {HTMLElement} root `#quiz` (its data attributes describe the procedure)
 * @returns {{offer: (result: object) => void, withdraw: () => void}}
 */
export function completionRecord(root) {
  const completion = root.querySelector("#completion");
  const form = root.querySelector("#completion-form");
  const record = root.querySelector("#completion-record");
  let graded = null;
  let reassessed = null;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = form.elements.name.value.trim();
    const unit = form.elements.unit.value.trim();
    const error = form.querySelector(".completion-error");
    if (!name) {
      error.textContent = "Type your name to make the record.";
      error.hidden = false;
      form.elements.name.setAttribute("aria-invalid", "true");
      form.elements.name.focus();
      return;
    }
    error.hidden = true;
    form.elements.name.removeAttribute("aria-invalid");
    if (graded) showRecord(name, unit);
  });

  record.querySelector(".completion-record__print").addEventListener("click", () => window.print());

  function showRecord(name, unit) {
    const facts = [
      ["Name", name],
      ...(unit ? [["School or department", unit]] : []),
      ["Date", new Date().toLocaleDateString("en-CA", { year: "numeric", month: "long", day: "numeric" })],
      ["Score", `${graded.score} of ${graded.total} (${graded.percent}%)`],
      ["Pass mark", `${graded.pass_mark}%`],
      ["Assessment", reassessed ? `Re-assessed on changes between “${reassessed.from}” and “${reassessed.to}”` : "The full self-assessment"],
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

  return {
    /** A graded attempt (a re-assessment of changes when ``reassess`` gives the two versions): the record is offered if it passed. */
    offer(result, reassess = null) {
      graded = result;
      reassessed = reassess;
      completion.hidden = !result.passed;
    },
    /** A new attempt: no record is offered, made or printed. */
    withdraw() {
      graded = null;
      reassessed = null;
      completion.hidden = true;
      record.hidden = true;
      document.body.classList.remove("print-completion-record");
    },
  };
}

// "Can I do this?": keeps the answers in the URL fragment (so a link shows the
// same result), asks the engine for the result on every change and shows it.
// The engine runs in this browser; nothing is sent anywhere. The words for
// each verdict come from the engine (verdict_label, verdict_meaning).

import { element } from "./dom.js";
import { enginePage } from "./engine-page.js";

const root = document.getElementById("checker");
const page = enginePage(root, {
  progress: () => "Loading the checker (Python, running in your browser). You can start answering while it loads.",
  engineName: "The checker",
  stillReadable: "the questions, the worked examples and the procedure",
});
const { engine, status, showNotice, clearNotices } = page;
const form = root.querySelector("#checker-form");
const result = root.querySelector("#scenario-result");
const resultBody = result.querySelector(".scenario-result__body");
const fieldsets = new Map([...form.querySelectorAll("fieldset[data-fact]")].map((set) => [set.dataset.fact, set]));
const updateFailed = (reason) => `The result could not be updated: ${reason}.`;

/** Does the fragment hold answers (name=value, or nothing at all), rather than point at a place on the page? */
function fragmentHasAnswers() {
  return location.hash.length <= 1 || location.hash.includes("=");
}

/** Answers from the URL fragment; names the page does not know are reported, not sent. Replaces the last link's notices. */
function answersFromFragment() {
  clearNotices();
  const answers = {};
  const unknown = [];
  for (const [name, value] of new URLSearchParams(location.hash.slice(1))) {
    if (fieldsets.has(name)) answers[name] = value;
    else unknown.push(name);
  }
  if (unknown.length) showNotice(`This link has answers this page does not ask about, so they were left out: ${unknown.join(", ")}.`);
  return answers;
}

function putAnswersInForm(answers) {
  for (const [name, set] of fieldsets) {
    for (const input of set.querySelectorAll("input")) input.checked = answers[name] === input.value;
  }
}

function answersFromForm() {
  const answers = {};
  for (const [name, set] of fieldsets) {
    const checked = set.querySelector("input:checked");
    if (checked && !set.hidden) answers[name] = checked.value;
  }
  return answers;
}

function fragmentFor(answers) {
  return new URLSearchParams(answers).toString();
}

let latest = 0;
/**
 * Show the result for these answers. If the engine rejects them (a link's
 * answers can be anything), say so and show the result for no answers
 * instead: once only, so a rejection can never loop.
 */
async function update(answers, { retry = true } = {}) {
  const ticket = ++latest;
  const response = await engine.call({ op: "check_scenario", facts: answers });
  if (ticket !== latest) return; // a newer change is on its way
  if (!response.ok) {
    if (!retry || !Object.keys(answers).length) throw new Error(response.error);
    showNotice(`This link's answers could not be used: ${response.error}.`);
    putAnswersInForm({});
    return update({}, { retry: false });
  }
  for (const [name, set] of fieldsets) set.hidden = !response.asked.includes(name);
  const fragment = fragmentFor(response.answers);
  const keepsPlace = !fragment && location.hash && !fragmentHasAnswers();
  if (!keepsPlace && location.hash.slice(1) !== fragment) {
    history.replaceState(null, "", fragment ? `#${fragment}` : location.pathname + location.search);
  }
  showResult(response);
  result.dataset.answers = fragment; // which answers the result shown is for
  const open = response.open_questions.length;
  status(`Result: ${response.verdict_label}${open ? ` ${open} question${open > 1 ? "s" : ""} still to answer.` : ""}`);
}

function quoteList(title, items) {
  if (!items.length) return [];
  return [
    element("h3", {}, title),
    element("ul", { class: "scenario-list" }, ...items.map((item) =>
      element("li", {}, `“${item.text}” `, element("a", { href: clauseHref(item.clause) }, `(clause ${item.clause})`)))),
  ];
}

let clauseLinks = {};
function clauseHref(number) {
  return clauseLinks[number] || "#";
}

function showResult(response) {
  clauseLinks = Object.fromEntries(response.clauses.map((c) => [c.number, c.href]));
  const parts = [
    element(
      "p",
      { class: `scenario-verdict scenario-verdict--${response.verdict}` },
      element("strong", {}, response.verdict_label),
      ` ${response.verdict_meaning}`,
    ),
  ];
  if (response.open_questions.length) {
    parts.push(
      element("h3", {}, "Still to answer"),
      element("ul", { class: "scenario-open" }, ...response.open_questions.map((q) => {
        const link = element("a", { href: `#fact-${q.fact}` }, q.question);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          fieldsets.get(q.fact).querySelector("input").focus();
        });
        return element("li", {}, link);
      })),
    );
  }
  if (response.unaddressed.length) {
    parts.push(
      element("h3", {}, "Not addressed by the supplied text"),
      element("p", {}, "You answered yes to these, and no clause of the supplied text decides them for your situation:"),
      element("ul", { class: "scenario-unaddressed" }, ...response.unaddressed.map((item) => element("li", {}, `${item.question} `, element("strong", {}, "Yes")))),
    );
  }
  // Where the answer rests on what the text does not say, its gaps come first.
  const silenceDecides = ["permitted", "not_addressed"].includes(response.verdict);
  if (silenceDecides) parts.push(...suppliedTextNotice(response.supplied_text));
  parts.push(
    ...quoteList("Prohibited", response.prohibitions),
    ...quoteList("What you must do", response.checklist),
    ...quoteList("Recommended", response.recommendations),
    ...quoteList("Limits your answers meet (the clause applies; it permits nothing more)", response.limits_met),
    ...quoteList("Good to know", response.information),
  );
  if (response.clauses.length) {
    parts.push(element("h3", {}, "The clauses that apply, and why"));
    for (const clause of response.clauses) {
      parts.push(element("article", { class: "scenario-clause", "data-clause": clause.number },
        element("h4", {}, element("a", { href: clause.href }, `Clause ${clause.number}`), ` (${clause.kind_label})`),
        element("blockquote", {}, element("p", {}, clause.text)),
        element("p", { class: "scenario-clause__why" }, element("strong", {}, "Applies because you answered:")),
        element("ul", { class: "scenario-clause__reasons" },
          ...clause.because.map((r) => element("li", {}, `${r.question} `, element("strong", {}, r.answer_label))))));
    }
  }
  const answered = Object.entries(response.answers);
  if (answered.length) {
    parts.push(element("h3", {}, "Your answers"), element("dl", { class: "scenario-answers" }, ...answered.flatMap(([name, value]) => {
      const set = fieldsets.get(name);
      const label = set.querySelector(`input[value="${CSS.escape(value)}"]`).parentElement.textContent.trim();
      return [element("dt", {}, set.querySelector("legend").textContent), element("dd", {}, label)];
    })));
    const print = element("button", { type: "button", class: "md-button" }, "Print this result");
    print.addEventListener("click", () => window.print());
    parts.push(element("p", { class: "scenario-share" }, "To share this result, copy the page address: it holds your answers. ", print));
  }
  if (!silenceDecides) parts.push(...suppliedTextNotice(response.supplied_text));
  resultBody.replaceChildren(...parts);
  result.dataset.verdict = response.verdict;
  result.dataset.unaddressed = response.unaddressed.map((item) => item.fact).join(",");
}

/** Every answer says it comes only from the supplied text, what that text lacks, and whom to ask. */
function suppliedTextNotice({ gaps, ask }) {
  return [
    element("h3", {}, "The supplied text is incomplete"),
    element("p", {}, "This answer comes only from the procedure's text as the district supplied it, which lacks:"),
    element("ul", { class: "scenario-gaps" }, ...gaps.map((gap) => element("li", {}, gap))),
    ...(ask ? [element("p", { class: "scenario-ask" }, element("strong", {}, "Before you act on it, ask "), `${ask}.`)] : []),
  ];
}

// The link's answers, exactly as given, until the reader changes the form:
// the engine checks them when it is ready (a value the form has no button
// for would otherwise be dropped without a word).
let linkAnswers = null;

form.addEventListener(
  "change",
  page.guarded(() => {
    linkAnswers = null;
    if (root.dataset.engine === "ready") return update(answersFromForm());
  }, updateFailed),
);
form.addEventListener("reset", () => {
  linkAnswers = null;
  setTimeout(page.guarded(() => root.dataset.engine === "ready" && update({}), updateFailed), 0);
});
window.addEventListener(
  "hashchange",
  page.guarded(() => {
    // In-page links (skip link, table of contents, permalinks) are not answers.
    if (!fragmentHasAnswers()) return;
    const answers = answersFromFragment();
    putAnswersInForm(answers);
    linkAnswers = answers;
    if (root.dataset.engine === "ready") return update(answers);
  }, updateFailed),
);

if (fragmentHasAnswers()) {
  linkAnswers = answersFromFragment();
  putAnswersInForm(linkAnswers);
}

page.start({
  // A link's answers, or what the reader chose while Python loaded.
  whenReady: () => update(linkAnswers || answersFromForm()),
  readyFailure: updateFailed,
});

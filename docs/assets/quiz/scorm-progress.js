// An unfinished attempt as the SCORM package keeps it in the LMS
// (cmi.suspend_data), within the 4,096 characters SCORM 1.2 allows:
//
//   1.<fingerprint>.<seed>.<saved at>.<submitted>.<answers>
//
//   1            the format
//   fingerprint  the text's fingerprint (#quiz data-fingerprint): progress
//                on other words is not resumed
//   seed         the attempt's seed (0 to 2**32 - 1), base 36
//   saved at     seconds since 1970, base 36 (the newer of two copies wins)
//   submitted    "1" once the attempt was graded, else "0"
//   answers      for each question, in the order of their ids, one base64url
//                character for every six of its choices (in the order of
//                their ids): bit i of the question's number is set if its
//                i-th choice is chosen
//
// So a question takes one character whatever its wording, and the longest
// value depends only on the bank: policy_site/scorm/suspend_data.py computes
// it from the same rule and refuses to package a bank that would not fit.
// No DOM here (questionLayout reads the page; the rest is pure), so Node
// tests this file directly.

export const SUSPEND_DATA_LIMIT = 4096;
export const CHOICES_PER_CHARACTER = 6;
const FORMAT = "1";
const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const MAX_SEED = 0xffffffff;

const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The bank as the page has it: each question's id and its choices' ids,
 * both sorted, so the layout does not depend on the order they are shown in.
 * @param {ParentNode} root the quiz root (`#quiz`)
 * @returns {{id: string, choices: string[]}[]}
 */
export function questionLayout(root) {
  return [...root.querySelectorAll("fieldset[data-question-id]")]
    .map((set) => ({
      id: set.dataset.questionId,
      choices: [...set.querySelectorAll("input")].map((input) => input.value).sort(byCodePoint),
    }))
    .sort((a, b) => byCodePoint(a.id, b.id));
}

/**
 * The attempt's state as suspend_data.
 * @param {{seed: number, answers: Record<string, string[]>, submitted: boolean}} state
 * @param {{id: string, choices: string[]}[]} layout from questionLayout
 * @param {string} fingerprint
 * @param {number} savedAt milliseconds since 1970
 */
export function encodeProgress(state, layout, fingerprint, savedAt) {
  const answers = layout.map(({ id, choices }) => {
    const chosen = new Set(state.answers?.[id] || []);
    let characters = "";
    for (let start = 0; start < choices.length; start += CHOICES_PER_CHARACTER) {
      let bits = 0;
      choices.slice(start, start + CHOICES_PER_CHARACTER).forEach((choice, bit) => {
        if (chosen.has(choice)) bits |= 1 << bit;
      });
      characters += DIGITS[bits];
    }
    return characters;
  });
  const seconds = Math.max(0, Math.floor(savedAt / 1000));
  return [FORMAT, fingerprint, state.seed.toString(36), seconds.toString(36), state.submitted ? "1" : "0", answers.join("")].join(".");
}

/**
 * The attempt kept in suspend_data, or why it cannot be resumed here.
 * @param {string} text suspend_data as the LMS gives it back
 * @param {{id: string, choices: string[]}[]} layout from questionLayout
 * @param {string} fingerprint this page's
 * @returns {{ok: true, progress: {seed: number, answers: Record<string, string[]>, submitted: boolean}, savedAt: number}
 *          | {ok: false, reason: "other-text" | "unreadable"}}
 */
export function decodeProgress(text, layout, fingerprint) {
  const parts = String(text).split(".");
  if (parts.length !== 6 || parts[0] !== FORMAT) return { ok: false, reason: "unreadable" };
  const [, theirs, seedText, savedText, submittedText, answerText] = parts;
  if (theirs !== fingerprint) return { ok: false, reason: "other-text" };
  const seed = /^[0-9a-z]{1,7}$/.test(seedText) ? parseInt(seedText, 36) : NaN;
  const seconds = /^[0-9a-z]{1,8}$/.test(savedText) ? parseInt(savedText, 36) : NaN;
  if (!(seed <= MAX_SEED) || !(seconds >= 0) || !["0", "1"].includes(submittedText)) return { ok: false, reason: "unreadable" };
  const answers = {};
  let at = 0;
  for (const { id, choices } of layout) {
    const chosen = [];
    for (let start = 0; start < choices.length; start += CHOICES_PER_CHARACTER) {
      const bits = DIGITS.indexOf(answerText[at++] ?? "");
      const here = choices.slice(start, start + CHOICES_PER_CHARACTER);
      if (bits < 0 || bits >> here.length) return { ok: false, reason: "unreadable" };
      here.forEach((choice, bit) => {
        if (bits & (1 << bit)) chosen.push(choice);
      });
    }
    if (chosen.length) answers[id] = chosen;
  }
  if (at !== answerText.length) return { ok: false, reason: "unreadable" };
  return { ok: true, progress: { seed, answers, submitted: submittedText === "1" }, savedAt: seconds * 1000 };
}

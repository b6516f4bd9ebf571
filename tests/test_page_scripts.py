"""The page scripts shared by the quiz and the checker, in Chromium with the real
engine: every engine call settles, failures reach the reader as notices, and
the checker's fallback for a link's rejected answers runs once."""

import json

from quiz.vocabulary import VERDICTS

from conftest import wait_for_js
from page_states import READY, wait_for_engine_to_settle

QUIZ_SCRIPT_URL = "assets/quiz/"

# Run in the page before its own scripts (page.add_init_script), recording
# promise rejections nothing handled, and each request the page sends to the
# engine worker (this wraps the browser's own Worker.postMessage; the site is
# unchanged). Block-scoped, so no page global is shadowed.
WATCH_THE_ENGINE = """{
window.__unhandled = [];
addEventListener('unhandledrejection', (e) => window.__unhandled.push(String(e.reason && e.reason.message || e.reason)));
window.__engineRequests = [];
const postMessage = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.type === 'call') window.__engineRequests.push(JSON.parse(message.request));
  return postMessage.call(this, message, ...rest);
};
}"""

# For one test, on top of WATCH_THE_ENGINE: the page receives a refusal for
# every check_scenario request, as from an engine that rejects any answers.
REFUSE_EVERY_SCENARIO = """{
const refused = new Set();
const send = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.type === 'call' && JSON.parse(message.request).op === 'check_scenario') refused.add(message.id);
  return send.call(this, message, ...rest);
};
const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
Object.defineProperty(Worker.prototype, 'onmessage', {
  ...onmessage,
  set(handler) {
    onmessage.set.call(this, (event) => handler(
      event.data.type === 'response' && refused.has(event.data.id)
        ? {data: {...event.data, response: JSON.stringify({ok: false, error: 'refused by the test'})}}
        : event));
  },
});
}"""

# Appended to the engine worker as served, for one test: asked to grade, the
# worker throws an error nothing catches, as a worker that breaks does.
# (The worker's own handler is async, so its errors are caught or become
# rejections inside the worker; this one is synchronous on purpose.)
CRASH_WHEN_ASKED_TO_GRADE = """
// Added by tests/test_page_scripts.py.
const answerMessage = self.onmessage;
self.onmessage = (event) => {
  if (event.data.type === "call" && JSON.parse(event.data.request).op === "grade") {
    throw new Error("the test broke the worker");
  }
  return answerMessage(event);
};
"""

# A call made through the page's own engine (the same module instance the
# page uses), reporting whether it resolved, rejected, or was still waiting
# after `ms` milliseconds.
CALL_THE_ENGINE = """async ([request, ms]) => {
  const { engine } = await import(document.querySelector('script[src$="engine-start.js"]').src);
  const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms));
  const settled = engine.call(request).then(() => 'resolved', (error) => 'rejected: ' + error.message);
  return Promise.race([settled, waited]);
}"""


def watched(page):
    page.add_init_script(WATCH_THE_ENGINE)
    return page


def notices(page) -> list[str]:
    return page.locator(".quiz-notice p").all_inner_texts()


def engine_requests(page) -> list[dict]:
    return page.evaluate("window.__engineRequests")


def correct_answers(built_site) -> dict[str, list[str]]:
    bundle = json.loads((built_site / "assets" / "engine" / "bundles" / "ap-140-appendix-c-acceptable-use-of-social-media.json").read_text())
    return {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in bundle["questions"]}


def test_when_the_worker_dies_after_starting_every_call_settles_with_a_notice(page, site_url, built_site):
    watched(page)

    def worker_that_breaks_when_grading(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text() + CRASH_WHEN_ASKED_TO_GRADE)

    page.route("**/" + QUIZ_SCRIPT_URL + "engine-worker.js", worker_that_breaks_when_grading)
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    for question_id, choice_ids in correct_answers(built_site).items():
        for choice_id in choice_ids:
            page.locator(f'fieldset[data-question-id="{question_id}"] input[value="{choice_id}"]').check()

    # The grade request is pending when the worker dies: it is rejected, and
    # the reader is told, instead of the page waiting for ever.
    page.get_by_role("button", name="Check my answers").click()
    page.locator(".quiz-notice").wait_for(timeout=READY)
    assert notices(page) == [
        "The answers could not be checked: the answer checker stopped working "
        "(Uncaught Error: the test broke the worker); reload the page to start it again."
    ]
    assert not page.locator("#quiz-results").is_visible()
    assert page.get_attribute("#quiz", "data-engine") == "ready"  # it started; it broke later

    # Every later call is rejected at once with the same reason.
    outcome = page.evaluate(CALL_THE_ENGINE, [{"op": "check_scenario", "facts": {}}, 5000])
    assert outcome.startswith("rejected: the answer checker stopped working")

    # Trying again says so again, once: notices are not repeated.
    page.get_by_role("button", name="Check my answers").click()
    assert page.evaluate(CALL_THE_ENGINE, [{"op": "check_scenario", "facts": {}}, 5000]).startswith("rejected")
    assert len(notices(page)) == 1
    assert [r["op"] for r in engine_requests(page)] == ["make_attempt", "grade"]  # nothing sent to the dead worker
    assert page.evaluate("window.__unhandled") == []


def test_a_link_whose_answers_the_engine_rejects_shows_the_result_for_no_answers_once(page, site_url):
    watched(page)
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/#account=private")
    page.wait_for_selector("#checker[data-engine=ready]", timeout=READY)
    page.locator('#scenario-result:not([data-verdict=""])').wait_for(state="attached", timeout=READY)
    wait_for_engine_to_settle(page)

    notice = notices(page)
    assert len(notice) == 1 and notice[0].startswith("This link's answers could not be used: ")
    assert "private" in notice[0]
    # The link's answers, then no answers: one retry, no loop (the settle probe adds the last).
    assert [r["facts"] for r in engine_requests(page)] == [{"account": "private"}, {}, {}]
    assert page.get_attribute("#scenario-result", "data-answers") == ""
    assert page.get_attribute("#scenario-result", "data-verdict") == "needs_answers"
    assert page.locator("#checker-form input:checked").count() == 0
    assert "#" not in page.url
    assert page.locator(".engine-status").inner_text().startswith("Result: Not decided yet.")
    assert page.evaluate("window.__unhandled") == []


def test_when_the_engine_rejects_even_no_answers_the_checker_stops_after_one_retry(page, site_url):
    watched(page)
    page.add_init_script(REFUSE_EVERY_SCENARIO)
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/#account=personal")
    page.wait_for_selector("#checker[data-engine=ready]", timeout=READY)
    page.locator(".quiz-notice p:nth-child(2)").wait_for(timeout=READY)
    wait_for_engine_to_settle(page)
    assert notices(page) == [
        "This link's answers could not be used: refused by the test.",
        "The result could not be updated: refused by the test.",
    ]
    # The settle probe adds the last request.
    assert [r["facts"] for r in engine_requests(page) if r["op"] == "check_scenario"] == [{"account": "personal"}, {}, {}]
    assert page.get_attribute("#scenario-result", "data-verdict") == ""
    assert page.evaluate("window.__unhandled") == []


def test_notices_add_up_without_repeats_and_a_new_link_clears_them(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/#account=private&favourite_colour=blue")
    page.wait_for_selector("#checker[data-engine=ready]", timeout=READY)
    page.locator('#scenario-result:not([data-verdict=""])').wait_for(state="attached", timeout=READY)
    wait_for_engine_to_settle(page)
    shown = notices(page)
    assert len(shown) == 2
    assert "favourite_colour" in shown[0] and shown[1].startswith("This link's answers could not be used")

    page.evaluate("location.hash = 'account=personal&communicates_with_current_students=yes'")
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict === 'not_permitted'")
    assert notices(page) == []
    assert not page.locator(".quiz-notice").is_visible()


def test_the_checker_takes_its_words_for_the_verdict_from_the_engine(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/#account=personal&communicates_with_current_students=yes")
    page.wait_for_selector("#checker[data-engine=ready]", timeout=READY)
    page.locator('#scenario-result[data-verdict="not_permitted"]').wait_for(state="attached", timeout=READY)
    verdict = page.locator(".scenario-verdict")
    words = VERDICTS["not_permitted"]
    assert verdict.locator("strong").inner_text() == words.label == "Prohibited."
    assert verdict.inner_text() == f"{words.label} {words.meaning}"
    assert page.locator(".engine-status").inner_text().startswith("Result: Prohibited.")


def test_the_start_up_time_limit_is_read_from_the_page_with_a_safe_default(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/")
    limits = page.evaluate("""async () => {
        const { timeoutFrom, DEFAULT_TIMEOUT_SECONDS } = await import(
            new URL('../../../assets/quiz/engine-client.js', document.baseURI).href);
        return [DEFAULT_TIMEOUT_SECONDS, ...[undefined, '', 'soon', '0', '-5', 'Infinity', '2', '45'].map(timeoutFrom)];
    }""")
    assert limits == [30, 30, 30, 30, 30, 30, 30, 2, 45]

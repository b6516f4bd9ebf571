"""Drive the quiz and the checker through their states in Chromium, once per test run.

The quiz and checker pages change their DOM with JavaScript (feedback, results,
links to clauses), so the HTML validity and link tests need the rendered DOM,
not just the built files. Starting Pyodide costs seconds, so both tests share
one capture (cached per site URL) instead of each driving the pages again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from conftest import wait_for_js
from site_links import page_path_of

READY = 60_000  # ms; Pyodide normally starts in 2-4 s here
RESULT_SELECTOR = "#scenario-result"
# Selectors, not wait_for_function: the test server sends the strict CSP, which
# (rightly) forbids the string evaluation wait_for_function relies on.
ANY_VERDICT = f'{RESULT_SELECTOR}:not([data-verdict=""])'


@dataclass(frozen=True)
class PageState:
    """The DOM of a page in one state, and the links JavaScript put into it."""

    name: str  # e.g. "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/ after a wrong attempt"
    page: str  # the built file the DOM came from, e.g. "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/index.html"
    html: str  # a whole document: doctype + serialized DOM
    links: tuple[tuple[str, str], ...] = ()  # (where, raw href): "where" is e.g. "#scenario-result .scenario-open"
    validate: bool = True  # False for repeats of a DOM already validated (keeps vnu's input small)


@dataclass(frozen=True)
class Capture:
    quiz: tuple[PageState, ...]
    checker: tuple[PageState, ...]
    # What happened when a reader with answers followed an in-page link
    # (the "Worked examples" permalink) on the checker page.
    checker_after_in_page_link: dict


_captures: dict[str, Capture] = {}


def capture(browser, site_url: str, built_site: Path) -> Capture:
    """Every state of the quiz and checker the link and validity tests look at."""
    if site_url not in _captures:
        bundle = json.loads((built_site / "assets" / "engine" / "bundles" / "ap-140-appendix-c-acceptable-use-of-social-media.json").read_text())
        context = browser.new_context()
        try:
            page = context.new_page()
            _captures[site_url] = Capture(
                quiz=tuple(_quiz_states(page, site_url, bundle)),
                checker=tuple(_checker_states(page, site_url)),
                checker_after_in_page_link=_follow_in_page_link_on_checker(page, site_url),
            )
        finally:
            context.close()
    return _captures[site_url]


def _snapshot(page, site_url: str, name: str, link_containers: tuple[str, ...] = ()) -> PageState:
    links = []
    for container in link_containers:
        # Each href with the class of its nearest classed ancestor, so a failure says where the link is.
        found = page.eval_on_selector_all(
            f"{container} a[href]",
            "els => els.map(a => [a.getAttribute('href'), (a.closest('[class]')?.className || '').split(' ')[0]])")
        links += [(f"{container} .{where}" if where else container, href) for href, where in found]
    html = "<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML")
    path = page.url.removeprefix(site_url).split("#")[0].split("?")[0]
    return PageState(name, page_path_of(path), html, tuple(links))


def _choose(page, answers: dict[str, list[str]]) -> None:
    for question_id, choice_ids in answers.items():
        for choice_id in choice_ids:
            page.locator(f'fieldset[data-question-id="{question_id}"] input[value="{choice_id}"]').check()


def _quiz_states(page, site_url: str, bundle: dict) -> list[PageState]:
    questions = bundle["questions"]
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    states = [_snapshot(page, site_url, "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/ with the engine ready")]

    page.get_by_role("button", name="Check my answers").click()
    page.locator(".quiz-error-summary").wait_for()
    states.append(_snapshot(page, site_url, "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/ listing unanswered questions", (".quiz-error-summary",)))

    # Every answer wrong: every question shows feedback with its cited clauses,
    # and the review lists every clause missed.
    _choose(page, {q["id"]: [next(c["id"] for c in q["choices"] if not c["correct"])] for q in questions})
    page.get_by_role("button", name="Check my answers").click()
    page.locator(".quiz-verdict").wait_for()
    states.append(_snapshot(page, site_url, "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/ after a wrong attempt", (".quiz-feedback", ".quiz-review")))

    # A pass, then the completion record (a DOM copy of it is made for printing).
    page.get_by_role("button", name="Retake with the questions in a new order").click()
    page.locator("#quiz-results").wait_for(state="hidden")
    _choose(page, {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in questions})
    page.get_by_role("button", name="Check my answers").click()
    page.locator(".quiz-verdict[data-passed=true]").wait_for()
    page.get_by_label("Your name (required)").fill("Ada Lovelace")
    page.get_by_role("button", name="Make my record").click()
    page.locator("#print-record").wait_for(state="attached")
    states.append(_snapshot(page, site_url, "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/ with a completion record", (".quiz-feedback", "#completion-record")))
    return states


def _wait_for_new_result(page, click) -> str:
    """Clear the shown verdict, act, and wait until the engine has answered again."""
    page.evaluate(f"document.querySelector('{RESULT_SELECTOR}').dataset.verdict = ''")
    click()
    page.locator(ANY_VERDICT).wait_for(state="attached", timeout=READY)
    return page.get_attribute(RESULT_SELECTOR, "data-verdict")


def _checker_states(page, site_url: str) -> list[PageState]:
    """The checker opened by each of its own worked-example links: one DOM per verdict, every link."""
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/")
    page.wait_for_selector("#checker[data-engine=ready]", timeout=READY)
    page.locator(ANY_VERDICT).wait_for(state="attached", timeout=READY)
    states = [_snapshot(page, site_url, "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/ with the engine ready", (RESULT_SELECTOR,))]
    examples = page.locator(".scenario-examples a")
    seen_verdicts = set()
    for index in range(examples.count()):
        example = examples.nth(index)
        name = example.inner_text()
        verdict = _wait_for_new_result(page, example.click)
        state = _snapshot(page, site_url, f"procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/ worked example {name!r} ({verdict})", (RESULT_SELECTOR,))
        # Every example's links are checked; one DOM per verdict is enough for the validator.
        states.append(replace(state, validate=verdict not in seen_verdicts))
        seen_verdicts.add(verdict)
    return states


# Resolves once the page's engine has answered every request sent before it:
# the worker answers in order, so one more request, sent through the page's
# own engine (the module is evaluated once, so import() returns the same one),
# is answered last. Settles (never hangs) even if the engine has failed.
_ENGINE_SETTLED = """async () => {
    const { engine } = await import(document.querySelector('script[src$="engine-start.js"]').src);
    await engine.call({op: 'check_scenario', facts: {}}).catch(() => {});
    return true;
}"""


def wait_for_engine_to_settle(page) -> None:
    """Wait until the engine has answered every request the page has sent so far."""
    page.evaluate(_ENGINE_SETTLED)


def _follow_in_page_link_on_checker(page, site_url: str) -> dict:
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/#account=personal&communicates_with_current_students=yes")
    page.wait_for_selector("#checker[data-engine=ready]", timeout=READY)
    page.locator(f'{RESULT_SELECTOR}[data-verdict="not_permitted"]').wait_for(state="attached", timeout=READY)
    # Listeners run in the order they were added, so when this one has run,
    # the checker's own hashchange listener has too; any engine request it
    # made is then answered before wait_for_engine_to_settle returns.
    page.evaluate("() => { window.__hashChanged = false;"
                  " addEventListener('hashchange', () => { window.__hashChanged = true; }, {once: true}); }")
    page.locator("#worked-examples a.headerlink").click()
    wait_for_js(page, "() => window.__hashChanged")
    wait_for_engine_to_settle(page)
    return {
        "answers_checked": page.locator("#checker-form input:checked").count(),
        "verdict": page.get_attribute(RESULT_SELECTOR, "data-verdict"),
        "notice": page.locator(".quiz-notice").inner_text() if page.locator(".quiz-notice").is_visible() else "",
    }

"""WCAG 2.1 AA: axe-core (the pinned npm package) in Chromium on every page,
in both palettes, on desktop and at 375 px, and in the quiz's and checker's
states; plus what axe cannot see (reduced motion, our Material override)."""

import re
from pathlib import Path

import material
import pytest

from conftest import ROOT, wait_for_js

AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
READY = 60_000
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "375px": {"width": 375, "height": 800}}


# True once every finite CSS transition or animation has ended: axe measures
# colours as they are at that moment, so a button still fading in (Material's
# "Back to top", search results) would read as low contrast.
SETTLED = """() => document.getAnimations().every(a =>
    a.playState !== 'running' || a.effect.getComputedTiming().endTime === Infinity)"""


def axe_violations(page) -> list[str]:
    """axe's WCAG 2.1 A/AA (and best-practice) violations on the page as it is now."""
    wait_for_js(page, SETTLED, timeout=10)
    # Through the DevTools protocol, so the page's strict CSP does not block axe itself.
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE_SOURCE)
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => `${v.id} (${v.impact}): ` + v.nodes.map(n => n.target.join(' ')).join(', '))""",
        WCAG_21_AA,
    )
    return found


def built_pages(site: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site)).removesuffix("index.html")
        for p in site.rglob("*.html")
        if "server-config" not in p.parts
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_has_no_axe_violations(browser, site_url, built_site, scheme, viewport):
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[viewport])
    # The engine pages are checked here as they first appear (engine loading);
    # holding Pyodide back keeps this fast. Their other states are tested below.
    context.route("**/pyodide.asm.wasm", lambda route: None)
    page = context.new_page()
    problems = {}
    pages = built_pages(built_site)
    assert len(pages) >= 7
    for path in pages:
        page.goto(site_url + path)
        if found := axe_violations(page):
            problems[path or "/"] = found
    context.close()
    assert problems == {}


@pytest.fixture(params=[("light", "desktop"), ("dark", "375px")], ids=["light-desktop", "dark-375px"])
def styled_page(request, browser):
    scheme, viewport = request.param
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[viewport])
    yield context.new_page()
    context.close()


def quiz_answers(page):
    return page.evaluate("""() => fetch(document.getElementById('quiz').dataset.bundle).then(r => r.json())
        .then(b => b.questions.map(q => [q.id, q.choices.filter(c => c.correct).map(c => c.id),
                                          q.choices.find(c => !c.correct).id]))""")


def test_quiz_states_have_no_axe_violations(styled_page, site_url):
    page = styled_page
    states = {}
    # Loading: hold Pyodide's WebAssembly back so the page stays in its loading state.
    page.route("**/pyodide.asm.wasm", lambda route: None)
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    assert page.get_attribute("#quiz", "data-engine") == "loading"
    states["loading"] = axe_violations(page)
    page.unroute("**/pyodide.asm.wasm")

    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    answers = quiz_answers(page)
    for question_id, right, _ in answers[:3]:
        page.locator(f'fieldset[data-question-id="{question_id}"] input[value="{right[0]}"]').check()
    states["answered"] = axe_violations(page)
    page.get_by_role("button", name="Check my answers").click()
    page.locator(".quiz-error-summary").wait_for()
    states["error summary"] = axe_violations(page)

    for question_id, _, wrong in answers[3:4]:
        page.locator(f'fieldset[data-question-id="{question_id}"] input[value="{wrong}"]').check()
    for question_id, right, _ in answers[4:]:
        for choice in right:
            page.locator(f'fieldset[data-question-id="{question_id}"] input[value="{choice}"]').check()
    page.get_by_role("button", name="Check my answers").click()
    page.locator(".quiz-verdict").wait_for()
    states["feedback shown"] = axe_violations(page)
    page.get_by_role("button", name="Make my record").click()
    page.locator(".completion-error").wait_for()
    states["record form error"] = axe_violations(page)
    page.get_by_label("Your name (required)").fill("A. Person")
    page.get_by_role("button", name="Make my record").click()
    states["record shown"] = axe_violations(page)
    assert {state: found for state, found in states.items() if found} == {}


def test_quiz_and_checker_error_states_have_no_axe_violations(styled_page, site_url):
    page = styled_page
    # Failing Pyodide's first file makes the engine fail at once (a failed .wasm
    # download makes Pyodide hang instead: the 30 s timeout, tested in test_quiz_page).
    page.route("**/pyodide.mjs", lambda route: route.abort())
    problems = {}
    for path, root in (("procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/", "#quiz"), ("procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/", "#checker")):
        page.goto(site_url + path)
        page.wait_for_selector(f"{root}[data-engine=error]", timeout=READY)
        if found := axe_violations(page):
            problems[path] = found
    assert problems == {}


def test_checker_states_have_no_axe_violations(styled_page, site_url):
    page = styled_page
    problems = {}
    for fragment, verdict in (("account=personal", "needs_answers"),
                              ("account=personal&communicates_with_current_students=yes&shares_student_pii=no&shares_confidential_info=no", "not_permitted"),
                              ("account=professional&is_site_admin=yes&students_must_join=yes&comments_enabled=yes&communicates_with_current_students=no&shares_student_pii=no&shares_confidential_info=no", "permitted_with_requirements"),
                              ("account=professional&is_site_admin=no&students_must_join=no&communicates_with_current_students=no&shares_student_pii=no&shares_confidential_info=yes", "not_addressed"),
                              ("account=personal&communicates_with_current_students=no&shares_student_pii=no&shares_confidential_info=no", "permitted")):
        page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/#" + fragment)
        page.wait_for_selector("#checker[data-engine=ready]", timeout=READY)
        wait_for_js(page, "v => document.querySelector('#scenario-result').dataset.verdict === v", verdict)
        if found := axe_violations(page):
            problems[verdict] = found
    assert problems == {}


def test_open_search_with_results_has_no_axe_violations(styled_page, site_url):
    page = styled_page
    problems = {}
    # Results of different kinds: clause text, code in the editing guide, a clause number.
    for query in ("parental consent", "policy check", "1.10.2"):
        page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
        page.wait_for_load_state("load")
        page.keyboard.press("/")  # Material's shortcut opens search at any width
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__item")
        if found := axe_violations(page):
            problems[query] = found
    assert problems == {}


def test_reduced_motion_turns_off_animation(browser, site_url):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    durations = page.evaluate("""() => [...document.querySelectorAll('.md-header, .md-sidebar, .md-top, .md-search__inner')]
        .map(e => getComputedStyle(e).transitionDuration)""")
    context.close()
    assert durations and all(float(d.split(",")[0].rstrip("s")) < 0.001 for d in durations), durations


def test_our_copy_of_materials_search_partial_differs_only_by_the_dialog_name():
    ours = (ROOT / "docs" / "overrides" / "partials" / "search.html").read_text()
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text()
    ours_body = re.sub(r"^\{#-.*?-#\}\n", "", ours, flags=re.S).replace(" aria-label=\"{{ lang.t('search') }}\"", "", 1)
    theirs_body = re.sub(r"^\{#-.*?-#\}\n", "", theirs, flags=re.S)
    assert ours_body == theirs_body, "Material's search partial changed: copy it again and re-add aria-label"

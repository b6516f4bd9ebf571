"""The self-assessment page in Chromium, with the real engine in real Pyodide."""

import json
import re

import pytest

from conftest import wait_for_js

READY = 60_000  # ms; Pyodide normally starts in 2-4 s here


def bundle(built_site) -> dict:
    return json.loads((built_site / "assets" / "engine" / "bundles" / "ap-140-appendix-c-acceptable-use-of-social-media.json").read_text())


def open_quiz(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)


def answer(page, answers: dict[str, list[str]]):
    for question_id, choice_ids in answers.items():
        for choice_id in choice_ids:
            page.locator(f'fieldset[data-question-id="{question_id}"] input[value="{choice_id}"]').check()


def right(data):
    return {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in data["questions"]}


def wrong(data):
    return {q["id"]: [next(c["id"] for c in q["choices"] if not c["correct"])] for q in data["questions"]}


def pass_the_quiz(page, data) -> None:
    """Answer every question rightly, submit, and check the verdict says so."""
    answer(page, right(data))
    page.get_by_role("button", name="Check my answers").click()
    verdict = page.locator(".quiz-verdict")
    verdict.wait_for()
    assert verdict.get_attribute("data-passed") == "true"
    assert f"You answered {len(data['questions'])} of {len(data['questions'])}" in verdict.inner_text()


def test_the_engine_becomes_ready_and_every_request_is_local(page, site_url):
    open_quiz(page, site_url)
    assert page.locator(".engine-status").inner_text().strip() == "The answer checker is ready."
    assert page.locator(".quiz-submit").is_enabled()
    assert any(u.endswith("pyodide.asm.wasm") for u in page.requested_urls)
    assert any(".whl?v=" in u for u in page.requested_urls)
    assert [u for u in page.requested_urls if not u.startswith(site_url)] == []


def test_questions_are_readable_before_the_engine_is_ready(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/", wait_until="domcontentloaded")
    assert page.get_attribute("#quiz", "data-engine") == "loading"
    first = page.locator("fieldset[data-question-id]").first
    assert first.is_visible() and first.locator("legend").inner_text()
    assert page.locator(".quiz-submit").is_disabled()


def test_questions_are_static_html_fieldsets(built_site):
    html = (built_site / "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment" / "index.html").read_text()
    data = bundle(built_site)
    assert html.count("<fieldset data-question-id=") == len(data["questions"]) >= 20
    assert html.count("<legend>") >= len(data["questions"])
    assert 'type="checkbox"' in html and 'type="radio"' in html


def test_if_the_engine_cannot_load_the_page_says_so_and_questions_stay_readable(page, site_url):
    # A failed WebAssembly download makes Pyodide hang rather than fail, so
    # this also proves the start-up time limit ends the wait with a message.
    # The limit is the page's setting (data-engine-timeout, 30 s as built);
    # the page is served here with 2 s so the test does not wait 30.
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    settings = []

    def with_a_two_second_limit(route):
        response = route.fetch()
        html = response.text()
        settings.extend(re.findall(r'data-engine-timeout="([^"]*)"', html))
        route.fulfill(response=response, body=re.sub(r'data-engine-timeout="[^"]*"', 'data-engine-timeout="2"', html))

    page.route(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/", with_a_two_second_limit)
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    assert len(settings) == 1, "the page should carry its start-up time limit"
    page.wait_for_selector("#quiz[data-engine=error]", timeout=READY)
    # Neither the browser nor the server is shown to be the cause (the download
    # failed outright), so the message blames neither.
    assert page.locator(".engine-status").inner_text() == (
        "The answer checker could not start: it did not start within 2 seconds. You can still read the questions "
        "and the procedure; reload the page to try again, try another browser, or ask your school's IT contact.")
    assert page.locator("fieldset[data-question-id]").first.is_visible()
    assert page.locator(".quiz-submit").is_disabled()


def test_pass_path_gives_a_printable_record_with_only_the_record_printed(page, site_url, built_site):
    data = bundle(built_site)
    open_quiz(page, site_url)
    pass_the_quiz(page, data)
    # Focus moves to the results, and the result is announced in the live region.
    assert page.evaluate("document.activeElement.id") == "quiz-results-heading"
    assert page.locator(".engine-status").inner_text().startswith("You passed")
    assert not page.locator(".quiz-submit").is_visible()  # graded: the way on is Retake

    page.get_by_label("Your name (required)").fill("Ada Lovelace")
    page.get_by_label("School or department (optional)").fill("Lord Tweedsmuir Elementary")
    page.get_by_role("button", name="Make my record").click()
    record = page.locator("#completion-record")
    assert record.is_visible()
    text = record.inner_text()
    for expected in ("Ada Lovelace", "Lord Tweedsmuir Elementary", "100%", "80%", "Acceptable Use of Social Media",
                     data["policy"]["fingerprint"], "Self-reported"):
        assert expected in text

    page.emulate_media(media="print")
    assert page.locator("#print-record").is_visible()
    assert "Ada Lovelace" in page.locator("#print-record").inner_text()
    for chrome in (".md-header", ".md-container", "#quiz-form"):
        assert not page.locator(chrome).first.is_visible(), chrome


def test_fail_path_explains_each_answer_and_every_cited_link_resolves(page, site_url, built_site):
    data = bundle(built_site)
    open_quiz(page, site_url)
    answer(page, wrong(data))
    page.get_by_role("button", name="Check my answers").click()
    page.locator(".quiz-verdict").wait_for()
    assert page.locator(".quiz-verdict").get_attribute("data-passed") == "false"
    assert not page.locator("#completion").is_visible()
    for question in data["questions"]:
        feedback = page.locator(f'fieldset[data-question-id="{question["id"]}"] .quiz-feedback')
        assert feedback.is_visible()
        assert feedback.inner_text().startswith("Not correct.")
        for number in question["cites"]:
            clause = data["clauses"][number]
            assert clause["text"] in feedback.inner_text()  # verbatim
    links = page.eval_on_selector_all(
        ".quiz-feedback a, .quiz-review a", "els => els.map(a => a.href)")
    review = page.eval_on_selector_all(".quiz-review a", "els => els.map(a => a.textContent)")
    assert review and all(text.startswith("Clause ") for text in review)
    procedure = page.context.new_page()
    procedure.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    ids = set(procedure.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    for link in links:
        target, _, anchor = link.partition("#")
        assert target == site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/", link
        assert anchor in ids, link


def test_submitting_with_unanswered_questions_lists_them(page, site_url, built_site):
    data = bundle(built_site)
    open_quiz(page, site_url)
    answers = right(data)
    first_two = dict(list(answers.items())[:2])
    answer(page, first_two)
    page.get_by_role("button", name="Check my answers").click()
    summary = page.locator(".quiz-error-summary")
    assert summary.is_visible()
    assert summary.inner_text().startswith(f"{len(answers) - 2} questions have no answer yet")
    assert page.evaluate("document.activeElement.classList.contains('quiz-error-summary')")
    assert not page.locator("#quiz-results").is_visible()


def test_reload_restores_order_answers_and_result(page, site_url, built_site):
    data = bundle(built_site)
    open_quiz(page, site_url)
    order = page.eval_on_selector_all("li.quiz-question:not([hidden]) fieldset", "els => els.map(e => e.dataset.questionId)")
    some = dict(list(wrong(data).items())[:3])
    answer(page, some)
    page.reload()
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    assert page.eval_on_selector_all("li.quiz-question:not([hidden]) fieldset", "els => els.map(e => e.dataset.questionId)") == order
    for question_id, (choice_id,) in some.items():
        assert page.locator(f'fieldset[data-question-id="{question_id}"] input[value="{choice_id}"]').is_checked()
    assert "Your saved answers are back" in page.locator(".engine-status").inner_text()

    answer(page, {k: v for k, v in right(data).items() if k not in some})
    page.get_by_role("button", name="Check my answers").click()
    page.locator(".quiz-verdict").wait_for()
    page.reload()
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    page.locator(".quiz-verdict").wait_for()
    assert f"You answered {len(data['questions']) - 3} of" in page.locator(".quiz-verdict").inner_text()


def test_retake_gives_a_new_order_and_clears_answers(page, site_url, built_site):
    data = bundle(built_site)
    open_quiz(page, site_url)
    order = page.eval_on_selector_all("li.quiz-question:not([hidden]) fieldset", "els => els.map(e => e.dataset.questionId)")
    answer(page, wrong(data))
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_role("button", name="Retake with the questions in a new order").click()
    wait_for_js(page, "() => document.querySelector('.engine-status').textContent.includes('New attempt started')")
    new_order = page.eval_on_selector_all("li.quiz-question:not([hidden]) fieldset", "els => els.map(e => e.dataset.questionId)")
    assert sorted(new_order) == sorted(order) and new_order != order
    assert page.locator("fieldset input:checked").count() == 0
    assert page.locator(".quiz-feedback:visible").count() == 0


def test_progress_from_another_policy_version_is_dropped_with_a_notice(browser, site_url, built_site):
    data = bundle(built_site)
    slug = data["policy"]["slug"]
    context = browser.new_context()
    context.add_init_script(f"localStorage.setItem('policy-quiz:{slug}:0000oldversion', '{{\"seed\": 1}}')")
    page = context.new_page()
    open_quiz(page, site_url)
    assert "The procedure has changed" in page.locator(".quiz-notice").inner_text()
    assert page.evaluate(f"localStorage.getItem('policy-quiz:{slug}:0000oldversion')") is None
    context.close()


@pytest.mark.parametrize(
    "init_script, notice",
    [
        ("localStorage.setItem('policy-quiz:{slug}:{fingerprint}', '{{not json')", "could not be read"),
        ("Object.defineProperty(window, 'localStorage', {{get() {{ throw new DOMException('blocked', 'SecurityError'); }}}})",
         "not letting the page save your progress"),
    ],
    ids=["corrupt", "blocked"],
)
def test_broken_storage_never_breaks_the_page(browser, site_url, built_site, init_script, notice):
    data = bundle(built_site)
    context = browser.new_context()
    context.add_init_script(init_script.format(slug=data["policy"]["slug"], fingerprint=data["policy"]["fingerprint"]))
    page = context.new_page()
    open_quiz(page, site_url)
    assert notice in page.locator(".quiz-notice").inner_text()
    answer(page, right(data))
    page.get_by_role("button", name="Check my answers").click()
    assert page.locator(".quiz-verdict").get_attribute("data-passed") == "true"
    context.close()


def test_the_quiz_works_with_the_keyboard_alone(page, site_url, built_site):
    data = bundle(built_site)
    open_quiz(page, site_url)
    right_answers = right(data)
    page.locator("fieldset[data-question-id] input").first.focus()
    visited = 0
    while visited < 400:
        focused = page.evaluate("""() => { const e = document.activeElement;
            const f = e.closest('fieldset[data-question-id]');
            return {tag: e.tagName, type: e.type, value: e.value, checked: e.checked,
                    question: f && f.dataset.questionId, text: e.textContent.trim()}; }""")
        if focused["tag"] == "BUTTON" and focused["text"] == "Check my answers":
            page.keyboard.press("Enter")
            break
        if focused["question"]:
            wanted = right_answers[focused["question"]]
            if focused["type"] == "checkbox":
                if (focused["value"] in wanted) != focused["checked"]:
                    page.keyboard.press("Space")
            elif focused["type"] == "radio":
                # Arrow keys move a radio group's selection; go to the right one.
                for _ in range(6):
                    if page.evaluate("document.activeElement.value") in wanted:
                        break
                    page.keyboard.press("ArrowDown")
                page.keyboard.press("Space")
        page.keyboard.press("Tab")
        visited += 1
    page.locator(".quiz-verdict").wait_for()
    assert page.locator(".quiz-verdict").get_attribute("data-passed") == "true"
    assert page.evaluate("document.activeElement.id") == "quiz-results-heading"


@pytest.mark.parametrize("path", ["", "procedures/ap-140-appendix-c-acceptable-use-of-social-media/", "about/"])
def test_pages_other_than_the_quiz_load_no_pyodide_file(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert [u for u in page.requested_urls if re.search(r"pyodide|/assets/engine/|\.whl", u)] == []


def test_the_quiz_page_is_not_in_the_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")]
    assert "Obtain personal and parental consent" not in json.dumps(index)


@pytest.mark.parametrize(
    "progress",
    [
        '{"seed": 1e300, "answers": {}}',
        '{"seed": 7, "answers": {"QUESTION": 5}}',
        '{"seed": 7, "answers": {"a-question-since-renamed": ["a"]}, "submitted": true}',
        '{"seed": 7, "answers": {"QUESTION": ["no-such-choice"]}}',
        '{"seed": 7, "answers": []}',
    ],
    ids=["huge-seed", "answer-not-a-list", "renamed-question", "unknown-choice", "answers-not-a-mapping"],
)
def test_saved_progress_that_no_longer_fits_is_dropped_and_the_quiz_still_works(browser, site_url, built_site, progress):
    # Before: "could not start in this browser" on every visit, or every submit failing, until storage was cleared by hand.
    data = bundle(built_site)
    key = f"policy-quiz:{data['policy']['slug']}:{data['policy']['fingerprint']}"
    value = progress.replace("QUESTION", data["questions"][0]["id"])
    context = browser.new_context()
    context.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ localStorage.setItem({key!r}, {value!r}); sessionStorage.setItem('seeded', '1'); }}")
    page = context.new_page()
    open_quiz(page, site_url)
    assert "no longer fits this self-assessment" in page.locator(".quiz-notice").inner_text()
    answer(page, right(data))
    page.get_by_role("button", name="Check my answers").click()
    assert page.locator(".quiz-verdict").get_attribute("data-passed") == "true"
    page.reload()  # what was saved since is whole again: no notice the second time
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=60_000)
    assert page.locator(".quiz-notice").is_hidden()
    context.close()

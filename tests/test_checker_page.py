"""The "Can I do this?" page in Chromium, with the real engine in real Pyodide."""

import re

from policy_site.load.source_folder import load_content
from policy_site.render.pages import example_link

from conftest import APPENDIX_C, ROOT, wait_for_js

READY = 60_000


def open_checker(page, site_url, fragment=""):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/" + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector("#checker[data-engine=ready]", timeout=READY)


def verdict(page):
    return page.get_attribute("#scenario-result", "data-verdict")


def cited(page):
    return page.eval_on_selector_all("#scenario-result [data-clause]", "els => els.map(e => e.dataset.clause)")


def test_a_link_with_answers_shows_the_verdict_and_cited_clauses(page, site_url):
    open_checker(page, site_url, "account=personal&communicates_with_current_students=yes")
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict !== ''")
    assert verdict(page) == "not_permitted"
    assert cited(page) == ["2.1", "2.2", "2.3", "2.5", "2.6"]
    clause = page.locator('#scenario-result [data-clause="2.3"]')
    assert "District staff are not to communicate" in clause.inner_text()
    assert clause.locator("a").get_attribute("href") == "../#clause-2-3"
    assert page.locator('input[name="account"][value="personal"]').is_checked()
    assert page.locator('input[name="communicates_with_current_students"][value="yes"]').is_checked()
    assert [u for u in page.requested_urls if not u.startswith(site_url)] == []


def test_changing_an_answer_updates_the_result_and_the_link(page, site_url):
    open_checker(page, site_url, "account=personal&communicates_with_current_students=yes")
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict === 'not_permitted'")
    page.locator('input[name="communicates_with_current_students"][value="no"]').check()
    page.locator('input[name="shares_student_pii"][value="no"]').check()
    page.locator('input[name="shares_confidential_info"][value="no"]').check()
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict === 'permitted'")
    assert "2.3" not in cited(page)
    assert page.url.endswith("#account=personal&communicates_with_current_students=no&shares_student_pii=no&shares_confidential_info=no")
    assert page.locator(".engine-status").inner_text().strip() == "Result: Not prohibited by the supplied text."


def test_questions_that_do_not_apply_are_hidden_and_ignored(page, site_url):
    open_checker(page, site_url, "account=personal&comments_enabled=yes")
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict !== ''")
    assert not page.locator('fieldset[data-fact="comments_enabled"]').is_visible()
    assert not page.locator('fieldset[data-fact="is_site_admin"]').is_visible()
    assert "comments_enabled" not in page.url
    page.locator('input[name="account"][value="professional"]').check()
    page.locator('fieldset[data-fact="is_site_admin"]').wait_for(state="visible")
    page.locator('input[name="is_site_admin"][value="yes"]').check()
    page.locator('fieldset[data-fact="comments_enabled"]').wait_for(state="visible")


def test_open_questions_are_listed_not_guessed(page, site_url):
    open_checker(page, site_url, "account=personal")
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict === 'needs_answers'")
    open_list = page.locator(".scenario-open li").all_inner_texts()
    assert open_list == [
        "Will you communicate with students currently enrolled in the district?",
        "Will you post personally identifiable student information, including photographs?",
        "Will you post confidential information?",
    ]


def test_every_worked_example_link_on_the_page_shows_its_expected_result(page, site_url):
    content = load_content(APPENDIX_C)
    open_checker(page, site_url)
    for example in content.examples:
        page.get_by_role("link", name=example.name, exact=True).click()
        # Wait for the result of exactly these answers (the example lists them in its own order).
        wait_for_js(
            page,
            """expected => {
                const shown = document.querySelector('#scenario-result').dataset.answers;
                return shown !== undefined && shown.split('&').filter(Boolean).sort().join('&') === expected;
            }""",
            "&".join(sorted(example_link(example.facts).split("&"))) if example.facts else "",
        )
        assert verdict(page) == example.verdict, example.name
        assert sorted(cited(page)) == sorted(example.cites), example.name


def test_the_checker_works_with_the_keyboard_alone(page, site_url):
    open_checker(page, site_url)
    page.locator('input[name="account"]').first.focus()
    page.keyboard.press("Space")  # My own personal account
    for _ in range(3):  # communicates, PII, confidential: Tab to the group, arrow to "No"
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict === 'permitted'")
    assert page.url.endswith("#account=personal&communicates_with_current_students=no&shares_student_pii=no&shares_confidential_info=no")
    focused_outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none"


def test_print_shows_the_result_without_the_form(page, site_url):
    open_checker(page, site_url, "account=personal&shares_student_pii=yes")
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict === 'not_permitted'")
    page.emulate_media(media="print")
    assert page.locator("#scenario-result").is_visible()
    assert not page.locator("#checker-form").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert "Your answers" in page.locator("#scenario-result").inner_text()


def test_a_link_with_an_unknown_answer_says_so(page, site_url):
    open_checker(page, site_url, "account=personal&favourite_colour=blue")
    assert "favourite_colour" in page.locator(".quiz-notice").inner_text()
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict === 'needs_answers'")
    assert re.search(r"#account=personal$", page.url)


def test_an_answer_the_supplied_text_does_not_decide_is_named_not_folded_into_not_prohibited(page, site_url):
    open_checker(page, site_url, "account=professional&is_site_admin=no&students_must_join=no"
                 "&communicates_with_current_students=no&shares_student_pii=no&shares_confidential_info=yes")
    wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict === 'not_addressed'")
    result = page.locator("#scenario-result")
    assert result.get_attribute("data-unaddressed") == "shares_confidential_info"
    text = result.inner_text()
    assert "Not addressed by the supplied text." in text and "Will you post confidential information? Yes" in text
    assert "permitted" not in text.lower().replace("not prohibited", "")
    # The missing text is named, and whom to ask.
    assert "does not contain clauses 1.1 to 1.6" in text and "Before you act on it, ask your principal or supervisor." in text


def test_help_texts_say_they_are_our_explanation(page, site_url):
    open_checker(page, site_url, "")
    helps = page.locator(".checker-fact__help").all_inner_texts()
    assert helps and all(h.startswith("Our explanation, not the district's definition:") for h in helps)

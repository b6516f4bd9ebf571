"""The built procedure page, as a reader sees it in Chromium."""

import re

import pytest

from conftest import SUPPLIED_DOCUMENT
from supplied_text import first_missing_passage, supplied_passages


def article_text(page) -> str:
    return page.inner_text("article.md-content__inner")


def test_every_sentence_of_the_supplied_document_is_visible_in_order(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    passages = supplied_passages(SUPPLIED_DOCUMENT)
    assert len(passages) > 40  # the splitter really split the document
    missing = first_missing_passage(passages, article_text(page))
    assert missing is None, f"not found in order: {missing[0].text!r}; text after the previous passage: {missing[1]!r}"


def test_the_page_is_readable_with_javascript_off(browser, site_url, policy):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    text = " ".join(article_text(page).split())
    for clause in policy.clauses:
        if clause.text:
            assert clause.text in text
    context.close()


def test_each_clause_is_a_heading_with_its_stable_anchor_kind_and_visible_permalink(page, site_url, policy):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    for clause in policy.clauses:
        heading = page.locator(f"#{clause.anchor}")
        expected_level = {2: "H3", 3: "H4"}[clause.depth]
        assert heading.evaluate("el => el.tagName") == expected_level
        # The procedure's code first, so "140-C 1.10.2" finds it in the manual's search.
        assert heading.inner_text().startswith(f"{policy.metadata.code} {clause.number}")
        if clause.kind_label:
            assert heading.locator(".clause-kind").inner_text() == clause.kind_label
        permalink = heading.locator("a.headerlink")
        assert permalink.get_attribute("href") == f"#{clause.anchor}"
        assert permalink.is_visible()
        assert float(permalink.evaluate("el => getComputedStyle(el).opacity")) == 1.0


def test_gaps_are_shown_as_notices_and_the_inferred_title_in_brackets(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    notices = page.locator(".gap-notice")
    assert notices.count() == 3
    for i in range(3):
        assert notices.nth(i).is_visible()
        assert "Missing from the supplied document" in notices.nth(i).inner_text()
    assert page.locator("#definitions ~ .gap-notice q").first.inner_text() == "S"
    assert page.locator("#section-1").inner_text().startswith("1. [Professional Social Media Use]")
    assert "text is missing" in page.locator('[data-clause="3.1"]').inner_text()
    assert "incomplete as supplied" in page.locator(".gap-summary").inner_text()


def test_a_clause_link_lands_on_the_clause(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/#clause-1-10-2")
    heading = page.locator("#clause-1-10-2")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert 0 <= box["y"] < 300, "the clause heading should be scrolled to the top of the window"


def test_references_and_related_clauses_link_within_the_page(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    hrefs = page.eval_on_selector_all(".clause-links a", "els => els.map(e => e.getAttribute('href'))")
    assert "#ref-foippa" in hrefs and "#clause-2-4" in hrefs
    for href in hrefs:
        assert page.locator(href).count() == 1, href


def test_home_page_tells_staff_what_they_can_do(page, site_url):
    page.goto(site_url)
    text = article_text(page)
    for phrase in ("Read a procedure", "Search", "Print", "incomplete as supplied"):
        assert phrase in text
    page.get_by_role("link", name="Acceptable Use of Social Media", exact=True).click()
    assert page.url.endswith("/procedures/ap-140-appendix-c-acceptable-use-of-social-media/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_light_and_dark_palettes_both_render(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == {"light": "default", "dark": "slate"}[scheme]
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(v) for v in re.findall(r"\d+", background)[:3]]
    assert (sum(channels) > 600) == (scheme == "light")
    context.close()

"""Search, through Material's real search UI and index in Chromium."""

import json
import re
import time

import pytest


def search(page, site_url, query: str) -> list[str]:
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item")
    return search_results(page)


def search_results(page) -> list[str]:
    """The result URLs shown, best first (the ?h=... highlight parameter dropped)."""
    # Each group starts with its page's own entry (score 0); the matches follow
    # in rank order.
    return page.eval_on_selector_all(
        ".md-search-result__link",
        """links => links
            .filter(a => parseFloat(a.querySelector('article').dataset.mdScore) > 0)
            .map(a => { const u = new URL(a.href); u.search = ''; return u.href; })""",
    )


@pytest.mark.parametrize(
    "query, anchor",
    [("parental consent", "clause-1-9"), ("1.10.2", "clause-1-10-2"), ("comments daily", "clause-1-10-2")],
)
def test_search_finds_the_clause_first(page, site_url, query, anchor):
    results = search(page, site_url, query)
    assert results[0] == f"{site_url}procedures/ap-140-appendix-c-acceptable-use-of-social-media/#{anchor}", results[:3]


def test_opening_a_result_goes_to_the_clause(page, site_url):
    search(page, site_url, "parental consent")
    page.locator('.md-search-result__link[href*="#clause-1-9"]').click()
    page.wait_for_url("**/procedures/ap-140-appendix-c-acceptable-use-of-social-media/?h=parental+consent#clause-1-9")
    assert page.locator("#clause-1-9").is_visible()


def test_each_clause_is_its_own_search_entry(built_site, policy):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    for clause in policy.clauses:
        assert f"procedures/ap-140-appendix-c-acceptable-use-of-social-media/#{clause.anchor}" in locations
    clause_1_9 = next(d for d in index["docs"] if d["location"] == "procedures/ap-140-appendix-c-acceptable-use-of-social-media/#clause-1-9")
    assert "parental consent" in clause_1_9["text"]
    assert "Students are to join" in clause_1_9["text"]


# --- on the engine's pages, the index is built once the engine has started --------

QUIZ = "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/"
MATERIAL_SEARCH_WORKER = "/assets/javascripts/workers/search."
CLAUSE_1_9 = "procedures/ap-140-appendix-c-acceptable-use-of-social-media/#clause-1-9"


def first_result_for(page, query: str, expected: str, timeout: float = 10) -> str:
    """Type ``query`` into Material's search box; the first result shown once it ends with ``expected``.

    Results for the first letters typed may show first: wait until those for
    the whole query have replaced them (or the time is up: then whatever shows).
    """
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        results = search_results(page)
        if results and results[0].endswith(expected):
            break
        page.wait_for_timeout(100)
    return search_results(page)[0]


def test_on_an_engine_page_search_starts_when_the_engine_has_and_then_works(page, site_url):
    page.goto(site_url + QUIZ)
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=60_000)
    # Released by the page once the engine is ready: well before the 15 s fallback.
    deadline = time.monotonic() + 10
    while not any(MATERIAL_SEARCH_WORKER in url for url in page.requested_urls):
        assert time.monotonic() < deadline, "Material's search worker was not started after the engine was ready"
        page.wait_for_timeout(100)
    assert first_result_for(page, "parental consent", CLAUSE_1_9).endswith(CLAUSE_1_9)


def test_while_the_engine_starts_search_waits_until_the_reader_goes_to_it(page, site_url):
    page.route("**/*.whl*", lambda route: None)  # never answered: the engine stays "loading"
    page.goto(site_url + QUIZ)
    page.wait_for_timeout(2000)
    assert page.get_attribute("#quiz", "data-engine") == "loading"
    assert not any(MATERIAL_SEARCH_WORKER in url for url in page.requested_urls)  # the index is not being built
    assert first_result_for(page, "parental consent", CLAUSE_1_9).endswith(CLAUSE_1_9)


def test_only_the_engine_pages_delay_search(built_site):
    def worker(path: str) -> str:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        return json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))["search"]

    for engine_page in (QUIZ, QUIZ.replace("self-assessment/", "check/")):
        assert worker(engine_page) == "../../../assets/quiz/search-after-engine.js#../javascripts/workers/search." + \
            worker("").rsplit("workers/search.", 1)[1]
    assert worker("").startswith("assets/javascripts/workers/search.")
    assert worker("procedures/ap-140-appendix-c-acceptable-use-of-social-media/").startswith("../../assets/javascripts/workers/search.")

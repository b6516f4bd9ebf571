"""Search, through Material's real search UI and index in Chromium."""

import json

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

"""Every internal link and anchor resolves: in every built page, and in the quiz
feedback and checker results that JavaScript creates.

Links that leave the site are allowed only as ordinary links a reader chooses
to follow, and each is listed here so that a new one is a reviewed change.
Nothing may be loaded from another host (see also test_self_hosted.py).
"""

import pytest

from page_states import capture
from site_links import BuiltSite, is_outside

# Ordinary <a> links out of the site, per page. The editing guide links to the
# address `make serve` serves the preview on.
LINKS_OUT = {
    "editing/index.html": ["http://127.0.0.1:8000"],
}


@pytest.fixture(scope="module")
def site(built_site) -> BuiltSite:
    return BuiltSite(built_site)


@pytest.fixture(scope="module")
def states(browser, site_url, built_site):
    return capture(browser, site_url, built_site)


def test_every_link_and_anchor_in_every_built_page_resolves(site):
    pages = site.pages()
    appendix_c = "procedures/ap-140-appendix-c-acceptable-use-of-social-media/"
    assert {"index.html", f"{appendix_c}index.html", f"{appendix_c}check/index.html", f"{appendix_c}self-assessment/index.html",
            "procedure/index.html", "404.html"} <= set(pages)
    problems, checked = [], 0
    for page in pages:
        for link in site.parsed(page).links:
            checked += 1
            problem = site.problem(page, link.url)
            if problem:
                problems.append(f"{page}: <{link.tag} {link.attribute}> {problem}")
    assert checked > 200  # the parser really found the links
    assert problems == []


def test_nothing_is_loaded_from_another_host_and_links_out_are_the_listed_ones(site):
    loaded, followed = [], {}
    for page in site.pages():
        for link in site.parsed(page).links:
            if is_outside(link.url, page):
                if link.loaded:
                    loaded.append(f"{page}: <{link.tag} {link.attribute}={link.url!r}>")
                else:
                    followed.setdefault(page, []).append(link.url)
    assert loaded == []
    assert followed == LINKS_OUT, "a link out of the site was added or removed: review it, then update LINKS_OUT"


def _problems(site, states):
    problems = []
    for state in states:
        for container, href in state.links:
            problem = site.problem(state.page, href)
            if problem or is_outside(href, state.page):
                problems.append(f"{state.name}, in {container}: {problem or f'{href!r} leaves the site'}")
    return problems


def test_links_in_quiz_feedback_and_review_resolve(site, states):
    by_container = {}
    for state in states.quiz:
        for container, href in state.links:
            by_container.setdefault(container.split()[0], []).append(href)
    # Every question cites a clause, and the error summary links each unanswered question.
    assert len(by_container[".quiz-feedback"]) >= 20 and by_container[".quiz-review"] and by_container[".quiz-error-summary"]
    assert _problems(site, states.quiz) == []


def test_links_in_checker_results_resolve(site, states):
    verdicts = {state.name.rsplit("(", 1)[-1] for state in states.checker}
    assert {"not_permitted)", "permitted_with_requirements)", "permitted)", "needs_answers)", "not_addressed)"} <= verdicts
    assert sum(len(state.links) for state in states.checker) > 50
    # The open questions link to their fieldsets: those must resolve too.
    assert any(".scenario-open" in container for state in states.checker for container, _ in state.links)
    assert _problems(site, states.checker) == []


def test_in_page_links_on_the_checker_keep_the_answers(states):
    # The checker keeps answers in the fragment; a heading permalink, the skip
    # link or the table of contents must not be read as (unknown) answers.
    assert states.checker_after_in_page_link == {"answers_checked": 2, "verdict": "not_permitted", "notice": ""}


def test_the_resolver_catches_missing_pages_anchors_and_answers(tmp_path):
    (tmp_path / "check").mkdir()
    (tmp_path / "index.html").write_text('<h1 id="top">Home</h1><a name="old">x</a>')
    (tmp_path / "check" / "index.html").write_text(
        '<h2 id="result">R</h2><fieldset data-fact="account"><input type="radio" name="account" value="personal"></fieldset>')
    site = BuiltSite(tmp_path)
    resolves = ["../", "../#top", "../index.html#old", "#result", "#account=personal", "#", "..", "/.",
                "data:image/png;base64,AA==", "https://example.org/"]
    assert [u for u in resolves if site.problem("check/index.html", u)] == []
    broken = ["../missing/", "../#nowhere", "#account=business", "#account", "#result-2", "javascript:void(0)"]
    assert [u for u in broken if site.problem("check/index.html", u)] == broken
    assert site.problem("index.html", "#account=personal")  # answers count only on the checker page
    assert [is_outside(u) for u in ("//cdn.example/x.js", "mailto:a@b.c", "check/", "#top")] == [True, True, False, False]

"""When this site's web server is why the engine cannot start, the quiz and the
checker say so and point to the deployment guide, instead of sending the
reader to another browser. The server is asked only after a failure.

The real case behind this: Debian's nginx has no type for `.mjs`, so it sends
Pyodide's scripts as text, and with the site's `X-Content-Type-Options:
nosniff` every browser refuses them.
"""

import re

import pytest

from policy_site.engine_assets.pyodide_runtime import RUNTIME_FILES

import conftest
from site_links import BuiltSite
from test_accessibility import axe_violations

READY = 60_000  # ms
DEPLOYMENT_GUIDE = "deploying/#troubleshooting"  # from the site's root

# (page, its engine's root element, what the page calls its engine, what it says can still be read)
PAGES = [
    ("procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/", "#quiz", "The answer checker", "the questions and the procedure"),
    ("procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/", "#checker", "The checker", "the questions, the worked examples and the procedure"),
]


def server_message(engine_name: str, still_readable: str, problem: str) -> str:
    return (f"{engine_name} could not start because this site's web server is not set up for it: {problem}. "
            f"You can still read {still_readable}. Please tell the site's administrator; "
            "the fix is in the deployment guide.")


def serving_mjs_as(site, content_type: str):
    """Serve the built site as conftest.serving does (its production headers,
    nosniff included), except that `.mjs` files are sent as ``content_type``."""
    return conftest.serving(site, types={".mjs": content_type})


@pytest.fixture(scope="module")
def mjs_as_text_url(built_site):
    with serving_mjs_as(built_site, "text/plain") as url:
        yield url


def start_up_limit(page, page_url: str, seconds: int) -> None:
    """Serve the page with a shorter start-up limit (30 s as built): Pyodide hangs, rather than
    fails, when its WebAssembly cannot be used, and a test should not wait 30 s for that."""

    def shorter(route):
        response = route.fetch()
        html = re.sub(r'data-engine-timeout="[^"]*"', f'data-engine-timeout="{seconds}"', response.text())
        route.fulfill(response=response, body=html)

    page.route(page_url, shorter)


def failure_message(page, root: str):
    page.wait_for_selector(f"{root}[data-engine=error]", timeout=READY)
    return page.locator(".engine-status__message")


@pytest.mark.parametrize("path, root, engine_name, still_readable", PAGES)
def test_a_server_sending_mjs_as_text_is_named_with_the_type_and_a_link_to_the_fix(
        page, mjs_as_text_url, built_site, path, root, engine_name, still_readable):
    served = page.request.get(f"{mjs_as_text_url}{conftest.pyodide_folder(built_site)}/pyodide.mjs").headers
    assert (served["content-type"], served["x-content-type-options"]) == ("text/plain", "nosniff")
    page.goto(mjs_as_text_url + path)
    message = failure_message(page, root)
    assert message.inner_text() == server_message(
        engine_name, still_readable, 'it sends pyodide.mjs as "text/plain" (it must be a JavaScript type)')
    assert "browser" not in message.inner_text()

    link = message.get_by_role("link", name="deployment guide")
    # Made from the script's own address, so right at any depth and under a
    # path prefix; the guide and its section exist in the built site.
    assert link.get_attribute("href") == mjs_as_text_url + DEPLOYMENT_GUIDE
    assert BuiltSite(built_site).problem("index.html", DEPLOYMENT_GUIDE) is None
    link.click()
    page.wait_for_url("**/deploying/#troubleshooting")
    assert page.locator("#troubleshooting").inner_text().startswith("Troubleshooting")


@pytest.mark.parametrize("path, root, engine_name, still_readable", PAGES)
def test_a_missing_webassembly_file_is_named(page, site_url, path, root, engine_name, still_readable):
    page.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, content_type="text/html", body="Not found"))
    start_up_limit(page, site_url + path, 2)
    page.goto(site_url + path)
    assert failure_message(page, root).inner_text() == server_message(
        engine_name, still_readable, "it cannot find pyodide.asm.wasm (HTTP 404)")


@pytest.mark.parametrize("path, root", [(path, root) for path, root, *_ in PAGES])
def test_when_the_engine_starts_the_server_is_not_asked(page, site_url, built_site, path, root):
    page.goto(site_url + path)
    page.wait_for_selector(f"{root}[data-engine=ready]", timeout=READY)
    page.wait_for_load_state("networkidle")
    assert [u for u in page.requested_urls if u.endswith("/pyodide.mjs")] == [f"{site_url}{conftest.pyodide_folder(built_site)}/pyodide.mjs"]
    assert [u for u in page.requested_urls if "server-check" in u] == []


def test_a_browser_without_webassembly_is_told_so_and_the_server_is_not_asked(page, site_url):
    page.add_init_script("delete globalThis.WebAssembly;")
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    assert failure_message(page, "#quiz").inner_text() == (
        "The answer checker could not start in this browser: this browser does not support WebAssembly or Web Workers. "
        "You can still read the questions and the procedure; try another browser, or ask your school's IT contact.")
    assert [u for u in page.requested_urls if "server-check" in u or "pyodide" in u] == []


def test_a_file_that_cannot_be_reached_at_all_blames_neither_server_nor_browser(page, site_url):
    # The reader may be offline, or a filter may be in the way: nothing proves the server wrong.
    page.route("**/pyodide.mjs", lambda route: route.abort())
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    message = failure_message(page, "#quiz").inner_text()
    assert message.startswith("The answer checker could not start: ")
    assert message.endswith("You can still read the questions and the procedure; "
                            "reload the page to try again, try another browser, or ask your school's IT contact.")
    assert "this browser" not in message and "web server" not in message
    assert any("server-check" in u for u in page.requested_urls)  # the server was asked


def test_the_check_asks_for_every_file_the_build_copies_from_pyodide(page, site_url):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/")
    files = page.evaluate("async () => (await import(new URL('../../../assets/quiz/server-check.js', document.baseURI).href)).PYODIDE_FILES")
    assert sorted(files) == sorted(RUNTIME_FILES)


def test_the_server_message_has_no_axe_violations(browser, mjs_as_text_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(mjs_as_text_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
        failure_message(page, "#quiz")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_deployment_guide_lists_the_headers_the_build_writes(built_site):
    guide = (conftest.ROOT / "docs" / "deploying.md").read_text(encoding="utf-8")
    headers = conftest.read_security_headers(built_site)
    assert "`site/server-config/content-security-policy.txt`" in guide
    for name, value in headers.items():
        if name != "Content-Security-Policy":  # it changes with the theme: the guide names its file
            assert f"| `{name}` | `{value}` |" in guide, name

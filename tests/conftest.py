"""Shared fixtures: the real policy, one real site build, a local server and
Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from policy_site.build import build_site
from policy_site.source import load_policy

ROOT = Path(__file__).resolve().parent.parent
SUPPLIED_DOCUMENT = ROOT / "policy_src" / "supplied" / "ap-140-appendix-c.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def policy():
    return load_policy(ROOT / "policy_src")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test run with the project's own mkdocs.yml."""
    return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("build") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output readable
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # Tests abort requests on purpose (e.g. to make Pyodide fail to load).
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Serve the built site on a free loopback port for the browser tests."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records every request it makes (``page.requested_urls``)."""
    context = browser.new_context()
    new_page = context.new_page()
    new_page.requested_urls = []
    new_page.on("request", lambda request: new_page.requested_urls.append(request.url))
    yield new_page
    context.close()

"""Shared fixtures: the real policy, one real site build, a local server and
Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import signal
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from policy_site.mkdocs_plugin.build import build_site
from policy_site.mkdocs_plugin.precompress import ENCODINGS
from policy_site.mkdocs_plugin.server_configs import read_security_headers
from policy_site.load.policy_file import load_policy
from policy_site.render.site_layout import PYODIDE_DIR

ROOT = Path(__file__).resolve().parent.parent
MANUAL = ROOT / "policy_src"
# The manual's first procedure: the district's Appendix C, as supplied.
APPENDIX_C = MANUAL / "procedures" / "ap-140-appendix-c-acceptable-use-of-social-media"
APPENDIX_C_URL = "procedures/ap-140-appendix-c-acceptable-use-of-social-media/"
SUPPLIED_DOCUMENT = APPENDIX_C / "supplied" / "ap-140-appendix-c.txt"
CHROMIUM = "/usr/bin/chromium"
# Throwaway projects (tests/projects.py) build with an empty build cache of
# their own, where precompressing would add some 20 s to each build (brotli on
# Pyodide's 9.6 MB wasm): they build without it, subprocesses too. The real
# site (built_site) is built with it, as `make build` does.
os.environ.setdefault("POLICY_SITE_PRECOMPRESS", "false")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Tests are marked by the fixtures they use (see the markers in pyproject.toml),
# so `make test-fast` can leave out the slow kinds without a list to maintain.
MARKERS_BY_FIXTURE = {
    "browser": "browser",
    "built_site": "site",
    "hostile_site": "site",
}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for fixture, marker in MARKERS_BY_FIXTURE.items():
            if fixture in used:
                item.add_marker(marker)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ctrl_c_as_in_a_terminal() -> None:
    """``preexec_fn`` for a child that a test stops with SIGINT, as Ctrl-C would.

    A test run started in the background (``make test &``, or a CI runner
    without job control) ignores SIGINT, and a child inherits that: Python
    then never raises KeyboardInterrupt in it. Reset to the default in the
    child, Python installs its own handler, as it does in a terminal.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="session", autouse=True)
def throwaway_folders_belong_to_a_manual(tmp_path_factory):
    """A procedure belongs to the nearest manual.yaml above its folder: put the
    fixtures' manual at the root of every test's tmp_path, so a test can write
    a policy.yaml anywhere in tmp_path and load it as a procedure."""
    shutil.copy(ROOT / "tests" / "fixtures" / "manual.yaml", tmp_path_factory.getbasetemp() / "manual.yaml")


@pytest.fixture(scope="session")
def policy():
    return load_policy(APPENDIX_C)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test run with the project's own mkdocs.yml (precompressed files too)."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("POLICY_SITE_PRECOMPRESS", "true")
        return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("build") / "site")


def pyodide_folder(site: Path) -> str:
    """The built site's Pyodide folder, from its root (``assets/pyodide/<pin>-<tag>``): there must be exactly one."""
    found = sorted(path.relative_to(site).as_posix() for path in (site / PYODIDE_DIR).iterdir())
    assert len(found) == 1 and (site / found[0]).is_dir(), f"{PYODIDE_DIR}/ should hold one folder, not {found}"
    return found[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output readable
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # Tests abort requests on purpose (e.g. to make Pyodide fail to load).
        pass


def accepted_codings(accept_encoding: str | None) -> set[str]:
    """The content codings an ``Accept-Encoding`` header accepts (listed, and not with q=0)."""
    accepted = set()
    for item in (accept_encoding or "").split(","):
        coding, *parameters = [part.strip() for part in item.split(";")]
        weights = [p.partition("=")[2] for p in parameters if p.replace(" ", "").lower().startswith("q=")]
        try:
            if coding and (not weights or float(weights[0]) > 0):
                accepted.add(coding.lower())
        except ValueError:  # a malformed weight: ignore that coding
            pass
    return accepted


def _handler_sending(headers: dict[str, str], types: dict[str, str] | None = None):
    types = types or {}

    class _SecureHandler(_QuietHandler):
        """Sends ``headers`` with every response, and a file's precompressed sibling
        (``.br`` first, then ``.gz``) to a client that accepts it, as nginx does,
        with the file's type and ``Vary: Accept-Encoding``."""

        # Per request: the file a sibling is sent for, and the sibling's coding.
        original: str | None = None
        coding: str | None = None

        def send_head(self):
            self.original = self.coding = None
            return super().send_head()

        def translate_path(self, path):
            local = super().translate_path(path)
            original = os.path.join(local, "index.html") if urlsplit(path).path.endswith("/") else local
            if not os.path.isfile(original):
                return local
            # A sibling older than its file is stale (a test changed the file
            # after the build): unlike nginx, the test server then sends the file.
            modified = os.stat(original).st_mtime_ns
            siblings = [
                (e.name, original + e.suffix) for e in ENCODINGS
                if os.path.isfile(original + e.suffix) and os.stat(original + e.suffix).st_mtime_ns >= modified
            ]
            if siblings:
                self.original = original  # Vary: Accept-Encoding, whichever is sent
            accepted = accepted_codings(self.headers.get("Accept-Encoding"))
            for coding, sibling in siblings:
                if coding in accepted:
                    self.coding = coding
                    return sibling
            return local

        def guess_type(self, path):
            path = self.original or path  # a sibling has its original's type
            suffix = Path(str(path)).suffix
            return types[suffix] if suffix in types else super().guess_type(path)

        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            if self.coding:
                self.send_header("Content-Encoding", self.coding)
            if self.original:
                self.send_header("Vary", "Accept-Encoding")
            super().end_headers()

    return _SecureHandler


@contextlib.contextmanager
def serving(site: Path, types: dict[str, str] | None = None):
    """Serve a built site on a free loopback port, sending the security headers
    (strict CSP included) that its build wrote for production, and the
    precompressed ``.br``/``.gz`` files to a client that accepts them; yields its URL.

    ``types`` overrides the Content-Type by file suffix (``{".mjs": "text/plain"}``),
    as a misconfigured server would send it.
    """
    headers = read_security_headers(site)
    assert "Content-Security-Policy" in headers
    with serving_with(functools.partial(_handler_sending(headers, types), directory=str(site))) as url:
        yield url


@contextlib.contextmanager
def serving_with(handler):
    """Serve with ``handler`` (a request handler class or factory) on a free loopback port; yields the URL."""
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The real site, served as in production, for the browser tests."""
    with serving(built_site) as url:
        yield url


def wait_for_js(page, expression: str, arg=None, timeout: float = 30.0) -> None:
    """Poll ``expression`` (a JS function source) until it returns true.

    Playwright's wait_for_function evaluates its predicate with eval() inside
    the page, which the site's strict CSP rightly blocks; page.evaluate goes
    through the DevTools protocol and is not subject to the page's CSP.
    """
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for: {expression}")
        page.wait_for_timeout(50)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Records Content-Security-Policy violations in the page (workers report theirs
# to the console, which the fixture also watches).
CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records every request it makes (``page.requested_urls``).

    Every test using it also asserts that the strict CSP was never violated.
    """
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    new_page = context.new_page()
    new_page.requested_urls = []
    console_violations = []
    new_page.on("request", lambda request: new_page.requested_urls.append(request.url))
    new_page.on("console", lambda message: "Content Security Policy" in message.text and console_violations.append(message.text))
    yield new_page
    in_page = []
    if not new_page.is_closed():
        try:
            in_page = new_page.evaluate("window.__cspViolations || []")
        except Exception:  # the test navigated somewhere without the probe
            pass
    context.close()
    assert in_page + console_violations == [], "Content-Security-Policy violations"

"""The built site on the servers districts run, set up only with the files the build ships.

Debian's nginx and Apache are started here as a district would run them: a
minimal server config that includes ``server-config/nginx.conf`` (and
``nginx-brotli.conf`` where the brotli module is installed), or an Apache with
Debian's default modules and mod_rewrite that reads the site's ``.htaccess``
(or Includes ``server-config/apache.conf``). Chromium then reads a procedure,
grades a quiz attempt and asks the checker on each. Requests with an explicit
``Accept-Encoding`` check that each server sends the build's precompressed
files as the browser accepts them. IIS cannot run here: its ``web.config`` is checked to say exactly what
the nginx and Apache files say, since all come from one set of rules.

A server that fails to start shows its error log in the failure. Each server
is started once for this module and stopped by its process id, also when a
test fails.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import signal
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path

import brotli
import pytest

from conftest import CSP_PROBE, free_port, pyodide_folder
from page_states import ANY_VERDICT, READY
from policy_site.engine_assets.pyodide_runtime import RUNTIME_FILES
from policy_site.mkdocs_plugin.csp import write_server_configs
from policy_site.mkdocs_plugin.precompress import COMPRESSIBLE_EXTENSIONS
from policy_site.mkdocs_plugin.server_configs import read_security_headers
from policy_site.mkdocs_plugin.server_configs import (
    CONFIG_DIR,
    SITE_CACHE_CONTROL,
    SITE_DEFAULT_CACHE_CONTROL,
    SITE_MIME_TYPES,
    ServerRules,
    apache_config,
    iis_web_config,
    nginx_config,
    security_headers,
)
from policy_site.render.site_layout import PYODIDE_DIR

# Real servers serving the built site (routes are chosen with getfixturevalue,
# which the fixture-based marking in conftest.py cannot see).
pytestmark = pytest.mark.site

NGINX = Path("/usr/sbin/nginx")
APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
NGINX_MIME_TYPES = Path("/etc/nginx/mime.types")  # Debian's, included by its /etc/nginx/nginx.conf
# ngx_brotli, from Debian's libnginx-mod-http-brotli-static (not part of stock nginx).
NGINX_BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
JAVASCRIPT_TYPES = ("text/javascript", "application/javascript")
PREFIX = "/policies/"
STARTUP_SECONDS = 15
# The engine's first files, in the site's Pyodide folder (the `runtime`
# fixture): a browser refuses either if its type is wrong.
PYODIDE_MODULE = "pyodide.mjs"
PYODIDE_WASM = "pyodide.asm.wasm"


def precompressed(runtime: str) -> dict[str, tuple[str, ...]]:
    """Files with both precompressed siblings, and the type each must keep (``runtime``: the Pyodide folder)."""
    return {
        "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/": ("text/html",),
        f"{runtime}/{PYODIDE_WASM}": ("application/wasm",),
        f"{runtime}/{PYODIDE_MODULE}": JAVASCRIPT_TYPES,
        "assets/engine/bundles/ap-140-appendix-c-acceptable-use-of-social-media.json": ("application/json",),
    }


def _require(program: Path) -> None:
    if not program.exists():
        pytest.fail(f"{program} is missing: run ./scripts/ensure-system-packages.sh test (as root)")


@dataclass
class RunningServer:
    """A web server started for these tests, in the foreground; leaving ``with`` stops it by its process id."""

    name: str
    command: list[str]
    process: subprocess.Popen
    log: Path  # where it writes its errors
    pid_file: Path
    urls: dict[str, str] = field(default_factory=dict)

    def wait_until_listening(self, ports: list[int]) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        for port in ports:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.errors()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{self.name} did not listen on {port} in {STARTUP_SECONDS} s:\n{self.errors()}")
                    time.sleep(0.05)

    def errors(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else "(no error log)"

    def stop(self) -> None:
        """SIGTERM to the main process: it stops its workers and exits."""
        # The pid file names the main process; were it not ours (a server that
        # went to the background after all), it is stopped too.
        named = int(self.pid_file.read_text()) if self.pid_file.exists() else None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if named not in (None, self.process.pid):
            try:
                os.kill(named, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _start(name: str, command: list[str], here: Path, ports: dict[str, int], pid_file: Path) -> RunningServer:
    """Run ``command`` (its error log is ``here/error.log``) until it listens on each of ``ports``."""
    log = here / "error.log"
    with open(log, "ab") as startup_output:  # warnings before the error log is open go to stderr
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=startup_output, stderr=startup_output)
    urls = {which: f"http://127.0.0.1:{port}/" for which, port in ports.items()}
    server = RunningServer(name, command, process, log, pid_file, urls)
    try:
        server.wait_until_listening(list(ports.values()))
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="module")
def served_site(built_site):
    """A copy of the built site that the servers' worker processes (www-data) can read.

    pytest's temporary folders are private to their owner, so the copy goes to
    a world-readable folder of its own, removed at the end of the module.
    """
    folder = Path(tempfile.mkdtemp(prefix="policy-site-deployment-"))
    try:
        folder.chmod(0o755)
        site = folder / "site"
        shutil.copytree(built_site, site)
        for path in [site, *site.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield site
    finally:
        shutil.rmtree(folder)


@pytest.fixture(scope="module")
def runtime(built_site) -> str:
    """The site's Pyodide folder, from its root (the same in the served copy)."""
    return pyodide_folder(built_site)


@pytest.fixture(scope="module")
def server_folder():
    """Configs, pid files and logs of the servers (the servers only write here)."""
    folder = Path(tempfile.mkdtemp(prefix="policy-site-servers-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


# --- nginx -------------------------------------------------------------------

# The http { } lines of Debian's /etc/nginx/nginx.conf that decide MIME types.
DEBIAN_HTTP_TYPES = f"include {NGINX_MIME_TYPES}; default_type application/octet-stream;"
# nginx's own default when nginx.conf sets no default_type, as in the report.
NGINX_DEFAULT_TYPE = "text/plain"


def nginx_command(folder: Path, name: str, http_types: str, servers: dict[str, str], main: str = "") -> tuple[list[str], dict[str, int]]:
    """The command line of an nginx with one ``server { }`` per entry of ``servers`` (name: its body),
    each on a free port (returned too); ``main`` goes before everything (``load_module``).

    The main config sits next to a ``mime.types``, as /etc/nginx/nginx.conf
    does in a Debian install: the shipped include names it relative to there.
    """
    _require(NGINX)
    here = folder / name
    here.mkdir()
    (here / "mime.types").symlink_to(NGINX_MIME_TYPES)
    ports = {server: free_port() for server in servers}
    blocks = "\n".join(f"  server {{ listen 127.0.0.1:{ports[s]}; {body} }}" for s, body in servers.items())
    temp_paths = " ".join(f"{kind}_temp_path {here / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    as_user = "user www-data;" if os.geteuid() == 0 else ""  # as root, workers drop to www-data, as Debian's do
    config = here / "nginx.conf"
    config.write_text(
        f"{main}\ndaemon off; master_process on; worker_processes 1; {as_user}\n"
        f"pid {here / 'nginx.pid'}; error_log {here / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  {http_types} access_log off; {temp_paths}\n{blocks}\n}}\n"
    )
    return [str(NGINX), "-c", str(config), "-e", str(here / "error.log")], ports


def start_nginx(folder: Path, name: str, http_types: str, servers: dict[str, str], main: str = "") -> RunningServer:
    """nginx as :func:`nginx_command` sets it up, listening."""
    command, ports = nginx_command(folder, name, http_types, servers, main)
    here = folder / name
    return _start(f"nginx ({name})", command, here, ports, here / "nginx.pid")


def _include(site: Path, name: str = "nginx.conf") -> str:
    return f"include {site / CONFIG_DIR / name};"


@pytest.fixture(scope="module")
def nginx(served_site, server_folder):
    """Debian's nginx serving the site at the root of one server, and under /policies/ of another."""
    with start_nginx(server_folder, "shipped", DEBIAN_HTTP_TYPES, {
        "root": f"root {served_site}; {_include(served_site)}",
        "prefix": f"location {PREFIX} {{ alias {served_site}/; {_include(served_site)} }}",
    }) as server:
        server.urls["prefix"] += PREFIX.lstrip("/")  # where the site is there
        yield server


@pytest.fixture(scope="module")
def nginx_brotli(served_site, server_folder):
    """nginx with the brotli module loaded and nginx-brotli.conf included beside nginx.conf, under /policies/."""
    if not NGINX_BROTLI_MODULE.exists():
        pytest.fail(f"{NGINX_BROTLI_MODULE} is missing: scripts/ensure-system-packages.sh installs it (make test)")
    includes = f"{_include(served_site)} {_include(served_site, 'nginx-brotli.conf')}"
    with start_nginx(server_folder, "brotli", DEBIAN_HTTP_TYPES, {
        "prefix": f"location {PREFIX} {{ alias {served_site}/; {includes} }}",
    }, main=f"load_module {NGINX_BROTLI_MODULE};") as server:
        server.urls["prefix"] += PREFIX.lstrip("/")
        yield server


@pytest.fixture(scope="module", params=[
    pytest.param((DEBIAN_HTTP_TYPES, "application/octet-stream"), id="debian-nginx.conf"),
    pytest.param((f"include {NGINX_MIME_TYPES};", NGINX_DEFAULT_TYPE), id="no-default_type"),
])
def nginx_without_the_fix(request, served_site, server_folder):
    """nginx with what a district had before: the headers only, and a bare ``types { }`` block.

    Run under Debian's http { } block, and under one without default_type,
    whose default (text/plain) is what the district saw. Yields the server
    and the type nginx falls back on.
    """
    http_types, default_type = request.param
    rules = ServerRules(read_security_headers(served_site))
    headers_only = server_folder / f"headers-only-{request.param_index}.conf"
    headers_only.write_text(nginx_config(replace(rules, mime_types={})))
    bare_types = server_folder / f"bare-types-{request.param_index}.conf"
    bare_types.write_text(nginx_config(rules).replace("include mime.types;\n", ""))
    with start_nginx(server_folder, f"without-the-fix-{request.param_index}", http_types, {
        "headers only": f"root {served_site}; include {headers_only};",
        "bare types": f"root {served_site}; include {bare_types};",
    }) as server:
        yield server, default_type


# --- Apache ------------------------------------------------------------------

APACHE_MODULES_NEEDED = {  # module name: file; mod_unixd (User, Group) is built in on Debian
    "mpm_event_module": "mod_mpm_event.so",
    "authz_core_module": "mod_authz_core.so",  # Require
    "dir_module": "mod_dir.so",  # index.html for a folder URL
    "mime_module": "mod_mime.so",  # AddType
    "headers_module": "mod_headers.so",  # Header
    "rewrite_module": "mod_rewrite.so",  # the precompressed files (`a2enmod rewrite`)
    "alias_module": "mod_alias.so",  # Alias: the site under a path
    # On by default on Debian; they must not spoil the precompressed files:
    # mod_deflate compresses text again unless told not to.
    "filter_module": "mod_filter.so",
    "deflate_module": "mod_deflate.so",
}
# Debian's configuration of those modules, as a2enmod enables it: its mime.conf
# reads /etc/mime.types, maps .gz to a type and .br to a language (Breton).
APACHE_MODULE_CONFIGS = [Path("/etc/apache2/mods-available/mime.conf"), Path("/etc/apache2/mods-available/deflate.conf")]


def start_apache(folder: Path, name: str, site: Path, directory_rules: str, server_rules: str = "",
                 prefix: str = "") -> RunningServer:
    """Apache 2.4 serving ``site`` (at ``prefix``, an Alias, if given), with Debian's default modules and mod_rewrite."""
    _require(APACHE)
    here = folder / name
    here.mkdir()
    port = free_port()
    modules = "\n".join(f"LoadModule {module} {APACHE_MODULES / file}" for module, file in APACHE_MODULES_NEEDED.items())
    module_configs = "\n".join(f"Include {path}" for path in APACHE_MODULE_CONFIGS)
    # Apache will not run its workers as root; as root it starts as root and drops to www-data.
    as_user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    # Under a path: an empty DocumentRoot, and the site as an Alias.
    mount = f"DocumentRoot {here}\nAlias {prefix} {site}/" if prefix else f"DocumentRoot {site}"
    config = here / "apache2.conf"
    config.write_text(f"""\
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {here / 'apache2.pid'}
ErrorLog {here / 'error.log'}
DefaultRuntimeDir {here}
{modules}
{module_configs}
{as_user}
DirectoryIndex index.html
{mount}
<Directory {site}>
{directory_rules}
  Require all granted
</Directory>
{server_rules}
""")
    command = [str(APACHE), "-f", str(config), "-DFOREGROUND"]
    server = _start(f"Apache ({name})", command, here, {"root": port}, here / "apache2.pid")
    server.urls["root"] += prefix.lstrip("/")
    return server


@pytest.fixture(scope="module")
def apache_htaccess(served_site, server_folder):
    """Apache reading the site's own .htaccess: the least a district can do."""
    # FileInfo is the override both Header and AddType need: less than All is enough.
    with start_apache(server_folder, "htaccess", served_site, "  AllowOverride FileInfo") as server:
        yield server


@pytest.fixture(scope="module")
def apache_include(served_site, server_folder):
    """Apache with .htaccess files off, and server-config/apache.conf Included in the site's <Directory>."""
    with start_apache(server_folder, "include", served_site,
                      f"  AllowOverride None\n  Include {served_site / CONFIG_DIR / 'apache.conf'}") as server:
        yield server


@pytest.fixture(scope="module")
def apache_alias(served_site, server_folder):
    """Apache reading the site's .htaccess, with the site under /policies/ (an Alias)."""
    with start_apache(server_folder, "alias", served_site, "  AllowOverride FileInfo", prefix=PREFIX) as server:
        yield server


@pytest.fixture(scope="module")
def apache_include_in_vhost(served_site, server_folder):
    """Apache with apache.conf Included in the server's config, where earlier versions of the guide said."""
    with start_apache(server_folder, "include-in-vhost", served_site, "  AllowOverride None",
                      f"Include {served_site / CONFIG_DIR / 'apache.conf'}") as server:
        yield server


@pytest.fixture(scope="module")
def apache_without_symlinks(served_site, server_folder):
    """Apache reading the .htaccess, in a folder with `Options None`."""
    with start_apache(server_folder, "options-none", served_site, "  AllowOverride FileInfo\n  Options None") as server:
        yield server


# --- what a reader's browser gets ---------------------------------------------

def fetch(url: str) -> tuple[int, dict[str, str]]:
    """The status and headers of a GET of ``url`` (an error page too)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers.items())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items())


@dataclass
class Sent:
    """What a server sent for one GET with a given ``Accept-Encoding``."""

    headers: dict[str, str]  # names in lower case
    raw: bytes  # as sent
    body: bytes  # decoded: what the browser ends up with

    @property
    def coding(self) -> str | None:
        return self.headers.get("content-encoding")

    @property
    def varies_by_encoding(self) -> bool:
        return "accept-encoding" in self.headers.get("vary", "").lower()


DECODE = {None: lambda body: body, "br": brotli.decompress, "gzip": gzip.decompress}


def fetch_encoded(url: str, accept_encoding: str) -> Sent:
    """GET ``url`` as a browser that sends this ``Accept-Encoding`` (urllib decodes nothing itself)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding})
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = {name.lower(): value for name, value in response.headers.items()}
        raw = response.read()
        return Sent(headers, raw, DECODE[headers.get("content-encoding")](raw))


def site_file(site: Path, path: str, suffix: str = "") -> bytes:
    """The bytes of the file the site's URL ``path`` names (``suffix``: its sibling's)."""
    return (site / ((path + "index.html" if path.endswith("/") or not path else path) + suffix)).read_bytes()


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip()


@dataclass
class Visit:
    """What Chromium met reading the site at one URL: a procedure, the quiz and the checker."""

    html_headers: dict[str, str]  # of the procedure page, names in lower case
    procedure_heading: str
    quiz_passed: str | None
    checker_verdict: str | None
    content_types: dict[str, str]  # URL: Content-Type of what the page and its worker fetched
    content_encodings: dict[str, str | None]  # URL: Content-Encoding of the same
    requested: list[str]
    console_errors: list[str]
    csp_violations: list[str]


def engine_started(page, form: str, console_errors: list[str]) -> None:
    """Wait until the engine behind ``form`` is ready, or fail at once, saying why, if it could not start."""
    page.wait_for_selector(f"{form}[data-engine=ready], {form}[data-engine=error]", timeout=READY)
    if page.get_attribute(form, "data-engine") != "ready":
        raise AssertionError(f"the engine did not start on {page.url}: {page.locator('.engine-status').inner_text()!r}; "
                             f"console errors: {console_errors}")


def read_the_site(browser, base_url: str, bundle: dict) -> Visit:
    """Read a procedure, pass the quiz, and ask the checker about a personal account, as a reader would."""
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    content_types, content_encodings, requested, console_errors, in_page_violations = {}, {}, [], [], []
    context.on("request", lambda request: requested.append(request.url))

    def received(response):
        content_types[response.url] = response.headers.get("content-type")
        content_encodings[response.url] = response.headers.get("content-encoding")

    context.on("response", received)
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        response = page.goto(base_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
        assert response is not None and response.ok, f"{base_url}procedures/ap-140-appendix-c-acceptable-use-of-social-media/: {response and response.status}"
        html_headers = response.all_headers()
        heading = page.locator("h1").first.inner_text()
        in_page_violations += page.evaluate("window.__cspViolations")

        page.goto(base_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
        engine_started(page, "#quiz", console_errors)
        for question in bundle["questions"]:
            for choice in question["choices"]:
                if choice["correct"]:
                    page.locator(f'fieldset[data-question-id="{question["id"]}"] input[value="{choice["id"]}"]').check()
        page.get_by_role("button", name="Check my answers").click()
        page.locator(".quiz-verdict").wait_for()
        passed = page.get_attribute(".quiz-verdict", "data-passed")
        in_page_violations += page.evaluate("window.__cspViolations")

        page.goto(base_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/#account=personal&communicates_with_current_students=yes")
        engine_started(page, "#checker", console_errors)
        page.locator(ANY_VERDICT).wait_for(state="attached", timeout=READY)
        verdict = page.get_attribute("#scenario-result", "data-verdict")
        in_page_violations += page.evaluate("window.__cspViolations")
    finally:
        context.close()
    return Visit(html_headers, heading, passed, verdict, content_types, content_encodings, requested,
                 [e for e in console_errors if "Content Security Policy" not in e],
                 in_page_violations + [e for e in console_errors if "Content Security Policy" in e])


@pytest.fixture(scope="module")
def bundle(built_site) -> dict:
    return json.loads((built_site / "assets" / "engine" / "bundles" / "ap-140-appendix-c-acceptable-use-of-social-media.json").read_text())


ROUTES = {  # how a district serves the site: (server fixture, which of its URLs)
    "nginx": ("nginx", "root"),
    "nginx under /policies/": ("nginx", "prefix"),
    "Apache with .htaccess": ("apache_htaccess", "root"),
    "Apache with Include apache.conf": ("apache_include", "root"),
    "Apache under /policies/": ("apache_alias", "root"),
}
# A browser visit costs some 8 s. The Include and Alias routes serve the very
# lines of the .htaccess, so the HTTP checks below are enough for them.
BROWSED = ["nginx", "nginx under /policies/", "Apache with .htaccess"]
APACHE_ROUTES = [route for route, (fixture, _) in ROUTES.items() if fixture.startswith("apache")]
# What Chromium (which accepts br and gzip) gets: stock nginx has no brotli.
CODING_SENT = {"nginx": "gzip", "nginx under /policies/": "gzip", "Apache with .htaccess": "br"}


def site_url(request, route: str) -> str:
    fixture, which = ROUTES[route]
    return request.getfixturevalue(fixture).urls[which]


@pytest.mark.parametrize("route", BROWSED)
def test_a_reader_can_read_take_the_quiz_and_use_the_checker(route, request, browser, bundle, built_site, runtime):
    base_url = site_url(request, route)
    visit = read_the_site(browser, base_url, bundle)

    assert visit.procedure_heading.strip()
    assert visit.quiz_passed == "true"
    assert visit.checker_verdict == "not_permitted"
    # The strict CSP and the other headers arrive with the page, exactly as built.
    expected = read_security_headers(built_site)
    assert {name: visit.html_headers.get(name.lower()) for name in expected} == expected
    # The engine's files, as the browser (and the engine's worker) received them.
    types = {url.removeprefix(base_url): media_type(content_type) for url, content_type in visit.content_types.items()}
    assert types[f"{runtime}/{PYODIDE_WASM}"] == "application/wasm"
    assert types[f"{runtime}/{PYODIDE_MODULE}"] in JAVASCRIPT_TYPES
    # ... precompressed by the build, and sent as the server can.
    encodings = {url.removeprefix(base_url): coding for url, coding in visit.content_encodings.items()}
    assert encodings[f"{runtime}/{PYODIDE_WASM}"] == encodings["procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/"] == CODING_SENT[route]
    assert visit.console_errors == []
    assert visit.csp_violations == []
    # Everything comes from the site's own folder, wherever it is mounted.
    assert [url for url in visit.requested if not url.startswith(base_url)] == []


@pytest.mark.parametrize("route", ROUTES)
def test_every_response_carries_the_headers_and_each_type_its_rule(route, request, served_site):
    base_url = site_url(request, route)
    expected = read_security_headers(served_site)
    for path in ("", "procedures/ap-140-appendix-c-acceptable-use-of-social-media/", "no-such-page/"):  # error pages too (`always`)
        status, headers = fetch(base_url + path)
        assert status == (404 if path.startswith("no-such") else 200), path
        assert {name: headers.get(name) for name in expected} == expected, path
        if status == 200:
            assert media_type(headers.get("Content-Type")) == "text/html", path
    for extension, mime_type in SITE_MIME_TYPES.items():
        sample = next(served_site.rglob(f"*.{extension}")).relative_to(served_site).as_posix()
        _, headers = fetch(base_url + sample)
        assert media_type(headers.get("Content-Type")) == mime_type, sample


def cache_control_sent(url: str, accept_encoding: str = "identity", **headers: str) -> tuple[int, list[str]]:
    """The status of a GET of ``url`` and every Cache-Control header line of the answer, as sent
    (two lines, or one value joined with a comma, are not the value a rule gives)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding, **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get_all("Cache-Control") or []
    except urllib.error.HTTPError as error:  # 304 and 404 too
        return error.code, error.headers.get_all("Cache-Control") or []


def revalidated_files(site: Path) -> list[str]:
    """Files whose URL stays the same from one build to the next: the pages, and what they load beside Pyodide."""
    def one(pattern: str) -> str:
        return next(p for p in sorted(site.glob(pattern)) if p.suffix not in (".br", ".gz")).relative_to(site).as_posix()

    return [
        "",
        "procedures/ap-140-appendix-c-acceptable-use-of-social-media/",
        "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/",
        "search/search_index.json",
        one("assets/quiz/*.js"),
        one("assets/engine/*.whl"),
        "assets/engine/bundles/ap-140-appendix-c-acceptable-use-of-social-media.json",
        one("assets/stylesheets/*.css"),
    ]


@pytest.mark.parametrize("route", ROUTES)
def test_pyodide_is_kept_as_immutable_and_every_other_file_is_revalidated(route, request, runtime, served_site):
    # Pyodide's folder is named for its content's inputs: a browser may keep
    # its files for a year without asking. Every other URL stays the same
    # from one build to the next: without a Cache-Control a browser would
    # reuse a page for a tenth of its age without asking, and a page from
    # before a deploy would ask for a Pyodide folder the deploy removed. So
    # they are sent `no-cache`: kept, but asked about first. One header
    # each: the folder's value replaces the default, never joins it.
    base_url = site_url(request, route)
    immutable = SITE_CACHE_CONTROL[PYODIDE_DIR]
    assert "immutable" in immutable and "max-age=31536000" in immutable
    assert SITE_DEFAULT_CACHE_CONTROL == "no-cache"
    for name in RUNTIME_FILES:
        assert cache_control_sent(f"{base_url}{runtime}/{name}") == (200, [immutable]), name
    # The precompressed sibling a server sends in its place, too.
    for accept_encoding in ("br", "gzip"):
        assert cache_control_sent(f"{base_url}{runtime}/{PYODIDE_WASM}", accept_encoding) == (200, [immutable])
    # The files whose URLs do not change, as they are and precompressed.
    for path in revalidated_files(served_site):
        for accept_encoding in ("identity", "gzip", "br"):
            sent = cache_control_sent(base_url + path, accept_encoding)
            assert sent == (200, [SITE_DEFAULT_CACHE_CONTROL]), (path, accept_encoding)
    # The answer to a browser that asks whether its copy is still good says so again.
    page = base_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/"
    etag = fetch(page)[1]["ETag"]
    assert cache_control_sent(page, **{"If-None-Match": etag}) == (304, [SITE_DEFAULT_CACHE_CONTROL])
    # A file missing from the Pyodide folder (a page from a newer build, read
    # while the deploy is still copying) is not kept as immutable: the rules
    # are for files sent, not error pages.
    assert cache_control_sent(f"{base_url}{runtime}/no-such-file.mjs") == (404, [])


# --- the precompressed files ------------------------------------------------------

SUFFIX = {"br": ".br", "gzip": ".gz"}


def check_the_encodings(base_url: str, site: Path, codings: dict[str, str | None]) -> None:
    """For each file of ``precompressed`` and each ``Accept-Encoding``, the server sends
    the build's sibling of the coding given (None: the file itself), with the
    file's type, ``Vary: Accept-Encoding`` and the security headers."""
    for path, types in precompressed(pyodide_folder(site)).items():
        for accept_encoding, coding in codings.items():
            sent = fetch_encoded(base_url + path, accept_encoding)
            where = (path, accept_encoding)
            assert (sent.coding, media_type(sent.headers.get("content-type"))) in [(coding, t) for t in types], where
            assert sent.varies_by_encoding, where
            assert "content-language" not in sent.headers, where  # Debian's Apache maps .br to Breton
            assert sent.body == site_file(site, path), where
            # The build's own file, not one the server compressed.
            assert sent.raw == site_file(site, path, SUFFIX.get(coding, "")), where
            assert sent.headers["x-content-type-options"] == "nosniff", where


@pytest.mark.parametrize("which", ["root", "prefix"])
def test_nginx_sends_the_gz_files_gzip_static(which, nginx, served_site):
    # Stock nginx has gzip_static but no brotli: a browser that accepts both gets the .gz.
    check_the_encodings(nginx.urls[which], served_site, {"gzip, deflate, br": "gzip", "br": None, "identity": None})


def test_nginx_with_the_brotli_include_sends_the_br_files(nginx_brotli, served_site):
    check_the_encodings(nginx_brotli.urls["prefix"], served_site,
                        {"gzip, deflate, br": "br", "gzip": "gzip", "identity": None})


def test_nginx_without_the_brotli_module_refuses_the_brotli_include(served_site, server_folder):
    # Why brotli_static is in a file of its own: stock nginx does not start with it.
    command, _ = nginx_command(server_folder, "brotli-without-module", DEBIAN_HTTP_TYPES, {
        "root": f"root {served_site}; {_include(served_site)} {_include(served_site, 'nginx-brotli.conf')}",
    })
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode != 0
    assert 'unknown directive "brotli_static"' in checked.stderr


@pytest.mark.parametrize("route", APACHE_ROUTES)
def test_apache_sends_br_or_gz_as_the_browser_accepts(route, request, served_site):
    check_the_encodings(site_url(request, route), served_site,
                        {"gzip, deflate, br": "br", "gzip, deflate": "gzip", "br;q=0, gzip": "gzip", "identity": None})


def test_apache_with_the_include_in_the_virtual_host_works_without_the_precompressed_files(apache_include_in_vhost, served_site):
    # Where earlier versions of the guide put the Include: the headers and
    # types still apply; the rewrite rules need a <Directory> and do nothing.
    base_url = apache_include_in_vhost.urls["root"]
    expected = read_security_headers(served_site)
    for path, types in precompressed(pyodide_folder(served_site)).items():
        sent = fetch_encoded(base_url + path, "gzip, deflate, br")
        assert media_type(sent.headers.get("content-type")) in types, path
        assert sent.coding != "br" and sent.body == site_file(served_site, path), path  # mod_deflate may gzip it
        assert {name: sent.headers.get(name.lower()) for name in expected} == expected


def test_apache_refuses_every_request_where_rewrite_rules_cannot_run(apache_without_symlinks):
    # mod_rewrite in a .htaccess or <Directory> needs Options FollowSymLinks or
    # SymLinksIfOwnerMatch: the guide says so. With both off, every page is 403.
    status, _ = fetch(apache_without_symlinks.urls["root"] + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    assert status == 403
    assert "AH00670" in apache_without_symlinks.errors()


def _mime_map(path: Path) -> dict[str, str]:
    """extension: type, from an nginx ``types { }`` file."""
    entries = re.findall(r"^\s*([\w.+-]+/[\w.+-]+)\s+([^;]+);", path.read_text(), re.M)
    return {extension: mime_type for mime_type, extensions in entries for extension in extensions.split()}


def test_nginx_t_only_warns_that_its_own_map_already_has_some_of_the_types(nginx):
    # nginx accepts an extension given twice in one map: the later type wins,
    # with a warning. Our types come after Debian's mime.types; `nginx -t`
    # (what an administrator runs) warns for the extensions it already maps,
    # to the very same type, and for nothing else.
    checked = subprocess.run([*nginx.command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    warnings = re.findall(r"^nginx: \[(\w+)\] (.*)$", checked.stderr, re.M)
    duplicated = re.findall(r'duplicate extension "(\w+)", content type: "([^"]+)", previous content type: "([^"]+)"',
                            checked.stderr)
    assert len(duplicated) == len(warnings) > 0, warnings
    stock = _mime_map(NGINX_MIME_TYPES)
    assert {extension for extension, _, _ in duplicated} == {e for e in SITE_MIME_TYPES if e in stock}
    assert all(new == old == SITE_MIME_TYPES[extension] for extension, new, old in duplicated)
    assert "mjs" not in stock, "Debian's nginx now maps .mjs: the report this fixes no longer applies as such"


def test_without_the_fix_nginx_sends_pyodide_as_a_type_the_browser_refuses(nginx_without_the_fix, served_site, runtime):
    # What the district had: the headers, nosniff among them, and no type for
    # .mjs in Debian's mime.types, so nginx falls back on its default type.
    server, default_type = nginx_without_the_fix
    _, headers = fetch(f"{server.urls['headers only']}{runtime}/{PYODIDE_MODULE}")
    assert media_type(headers.get("Content-Type")) == default_type
    assert default_type not in JAVASCRIPT_TYPES and headers.get("X-Content-Type-Options") == "nosniff"
    _, headers = fetch(server.urls["headers only"] + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    assert media_type(headers.get("Content-Type")) == "text/html"


def test_a_bare_types_block_would_lose_every_other_type(nginx_without_the_fix, runtime):
    # Why the shipped include starts with `include mime.types;`.
    server, default_type = nginx_without_the_fix
    _, headers = fetch(server.urls["bare types"] + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    assert media_type(headers.get("Content-Type")) == default_type
    _, headers = fetch(f"{server.urls['bare types']}{runtime}/{PYODIDE_MODULE}")
    assert media_type(headers.get("Content-Type")) == SITE_MIME_TYPES["mjs"]


def test_the_engine_files_have_a_type_on_every_server(built_site):
    # What IIS has no type for it does not serve at all (404.3); the rules add
    # every type the engine's files need beyond the ones every server has.
    # The .br and .gz files need none: a server sends one in place of its
    # original, with the original's type (IIS does not send them at all).
    everywhere = {"js", "zip"}
    engine_files = [
        path for path in [*(built_site / PYODIDE_DIR).rglob("*"), *(built_site / "assets" / "engine").rglob("*")]
        if path.is_file() and path.suffix not in (".br", ".gz")
    ]
    assert {p.suffix.lstrip(".") for p in engine_files} - everywhere - set(SITE_MIME_TYPES) == set()


# --- the same rules for every server -------------------------------------------

# What each form says: (headers of every response, types, Cache-Control by
# folder, Cache-Control of every other file).
Said = tuple[dict[str, str], dict[str, str], dict[str, str], str]


def _cache_control_lines(text: str) -> list[str]:
    """The lines of a config, comments left out, that name Cache-Control."""
    return [line.strip() for line in text.splitlines()
            if "cache-control" in line.lower() and not line.lstrip().startswith("#")]


def _from_nginx(text: str) -> Said:
    headers = dict(re.findall(r'^add_header ([\w-]+) "([^"]*)" always;$', text, re.M))
    types_block = re.search(r"^types \{\n(.*?)^\}", text, re.M | re.S).group(1)
    types = {extension: mime_type for mime_type, extension in re.findall(r"^\s+(\S+) (\w+);$", types_block, re.M)}
    cache = dict(re.findall(r'^if \(\$uri ~ "/([\w/-]+)/"\) \{\n    set \$policy_site_cache_control "([^"]*)";$', text, re.M))
    # One header, from one variable: set to the default first, then replaced by a folder's value.
    [default] = re.findall(r'^set \$policy_site_cache_control "([^"]*)";$', text, re.M)
    assert text.index("set $policy_site_cache_control") < text.index("if ($uri")
    assert _cache_control_lines(text) == ["add_header Cache-Control $policy_site_cache_control;"]
    return headers, types, cache, default


def _from_apache(text: str) -> Said:
    headers = dict(re.findall(r'^\s*Header always set ([\w-]+) "([^"]*)"$', text, re.M))
    types = {extension: mime_type for mime_type, extension in re.findall(r"^AddType (\S+) \.(\w+)$", text, re.M)}
    folder_lines = re.findall(r'^\s*(Header set Cache-Control "([^"]*)" "expr=%\{REQUEST_URI\} =~ m#/([\w/-]+)/#")$', text, re.M)
    cache = {folder: value for _, value, folder in folder_lines}
    # One header: the default first, then `Header set` lines that replace it (no
    # `always`, `add`, `append` or `merge`, which would send two or join them).
    [default] = re.findall(r'^\s*Header set Cache-Control "([^"]*)"$', text, re.M)
    assert _cache_control_lines(text) == [f'Header set Cache-Control "{default}"', *(line for line, _, _ in folder_lines)]
    return headers, types, cache, default


def _iis_headers(web_server: ET.Element) -> dict[str, str]:
    custom_headers = web_server.find("httpProtocol/customHeaders")
    _removed_before_added(custom_headers, "name")
    return {e.get("name"): e.get("value") for e in custom_headers.findall("add")}


def _removed_before_added(parent: ET.Element, key: str) -> None:
    # Each entry is removed just before it is added, so IIS never sees it twice.
    entries = list(parent)
    assert [e.tag for e in entries] == ["remove", entries[1].tag] * (len(entries) // 2)
    assert [e.get(key) for e in entries[0::2]] == [e.get(key) for e in entries[1::2]]


def _from_iis(text: str) -> Said:
    configuration = ET.fromstring(text)
    web_server = configuration.find("system.webServer")
    static_content = web_server.find("staticContent")
    _removed_before_added(static_content, "fileExtension")
    types = {e.get("fileExtension").lstrip("."): e.get("mimeType") for e in static_content.findall("mimeMap")}
    cache = {}
    for location in configuration.findall("location"):
        # The folder's value replaces the site's (removed just before it is added): one header.
        assert set(headers := _iis_headers(location.find("system.webServer"))) == {"Cache-Control"}
        cache[location.get("path")] = headers["Cache-Control"]
    added = [e.get("name") for e in web_server.findall("httpProtocol/customHeaders/add")]
    assert added.count("Cache-Control") == 1
    headers = _iis_headers(web_server)
    default = headers.pop("Cache-Control")
    return headers, types, cache, default


def _from_netlify(text: str) -> dict[str, str]:
    cache = dict(re.findall(r"^/([\w/-]+)/\*\n  Cache-Control: (.*)$", text, re.M))
    # Nothing for /*: the hosts would join it to a folder's value with a comma,
    # and they send a revalidating Cache-Control of their own. The file says so.
    assert len(_cache_control_lines(text)) == len(cache)
    assert "Cache-Control" not in read_block(text, "/*")
    comment = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    assert "No Cache-Control for /* on purpose" in comment
    assert "join the values of a header set by two rules that match a path with a comma" in comment
    assert "`Cache-Control: public, max-age=0, must-revalidate`" in comment
    return cache


def read_block(text: str, path: str) -> str:
    """The header lines of the ``_headers`` rule for ``path``."""
    return "".join(headers for rule, headers in re.findall(r"^(/\S*)\n((?:  .*\n)+)", text, re.M) if rule == path)


def test_iis_nginx_and_apache_say_the_same(tmp_path):
    csp = write_server_configs(tmp_path, ["'sha256-AAAA'", "'sha256-BBBB'"])
    written = tmp_path / CONFIG_DIR
    expected = (security_headers(csp), SITE_MIME_TYPES, SITE_CACHE_CONTROL, SITE_DEFAULT_CACHE_CONTROL)
    assert _from_iis((written / "web.config").read_text()) == expected
    assert _from_nginx((written / "nginx.conf").read_text()) == expected
    assert _from_apache((written / "apache.conf").read_text()) == expected
    assert _from_netlify((written / "_headers").read_text()) == SITE_CACHE_CONTROL
    # Apache rewrites to a sibling for every kind of file that can have one.
    rewritten = re.findall(r"^\s*RewriteRule \\.\(([\w|]+)\)\$ ", (written / "apache.conf").read_text(), re.M)
    assert [set(extensions.split("|")) for extensions in rewritten] == [COMPRESSIBLE_EXTENSIONS] * 2
    assert (tmp_path / ".htaccess").read_text() == (written / "apache.conf").read_text()
    assert read_security_headers(tmp_path) == security_headers(csp)


def test_the_rules_refuse_a_cache_control_they_could_not_write_or_would_send_twice():
    headers = security_headers("default-src 'self'")
    with pytest.raises(ValueError, match="default Cache-Control"):
        ServerRules(headers, default_cache_control='no-cache"; evil')
    with pytest.raises(ValueError, match="default Cache-Control"):
        ServerRules(headers, default_cache_control="no-cache\nX-Evil: 1")
    with pytest.raises(ValueError, match="not headers"):
        ServerRules({**headers, "cache-control": "no-store"})


def test_without_a_default_the_forms_send_no_cache_control_outside_the_folders():
    # An empty default is no header at all, not an empty one.
    rules = ServerRules(security_headers("default-src 'self'"), default_cache_control="")
    assert 'set $policy_site_cache_control "";' in nginx_config(rules)
    assert _cache_control_lines(apache_config(rules)) == [
        f'Header set Cache-Control "{SITE_CACHE_CONTROL[PYODIDE_DIR]}" "expr=%{{REQUEST_URI}} =~ m#/{PYODIDE_DIR}/#"']
    web_server = ET.fromstring(iis_web_config(rules)).find("system.webServer")
    assert "Cache-Control" not in _iis_headers(web_server)


def _splat_rule(rule: str) -> re.Pattern:
    """A ``_headers`` path as Cloudflare Pages matches it: its one ``*`` greedily matches any characters, ``/`` too
    (Netlify's ``*`` inside a path segment matches the same)."""
    return re.compile(".*".join(re.escape(part) for part in rule.split("*")))


def test_the_headers_file_reaches_pyodide_in_its_versioned_folder(built_site, runtime):
    rules = re.findall(r"^(/\S*)\n((?:  .*\n)+)", (built_site / "_headers").read_text(), re.M)
    assert all(path.count("*") <= 1 for path, _ in rules)  # Cloudflare Pages refuses a second splat
    wasm = f"/{runtime}/{PYODIDE_WASM}"
    applied = "".join(headers for path, headers in rules if _splat_rule(path).fullmatch(wasm))
    assert f"  Content-Type: {SITE_MIME_TYPES['wasm']}\n" in applied
    # One rule only gives it a Cache-Control: two would be joined with a comma.
    assert re.findall(r"^  Cache-Control: (.*)$", applied, re.M) == [SITE_CACHE_CONTROL[PYODIDE_DIR]]
    page = "/procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/"
    assert "Cache-Control" not in "".join(headers for path, headers in rules if _splat_rule(path).fullmatch(page))

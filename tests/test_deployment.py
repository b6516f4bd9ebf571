"""The built site on the servers districts run, set up only with the files the build ships.

Debian's nginx and Apache are started here as a district would run them: a
minimal server config that includes ``server-config/nginx.conf``, or an Apache
that reads the site's ``.htaccess`` (or Includes ``server-config/apache.conf``).
Chromium then reads a procedure, grades a quiz attempt and asks the checker on
each. IIS cannot run here: its ``web.config`` is checked to say exactly what
the nginx and Apache files say, since all come from one set of rules.

A server that fails to start shows its error log in the failure. Each server
is started once for this module and stopped by its process id, also when a
test fails.
"""

from __future__ import annotations

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

import pytest

from conftest import CSP_PROBE
from page_states import ANY_VERDICT, READY
from policy_site.mkdocs_plugin.csp import write_server_configs
from policy_site.mkdocs_plugin.server_configs import read_security_headers
from policy_site.mkdocs_plugin.server_configs import (
    CONFIG_DIR,
    SITE_MIME_TYPES,
    ServerRules,
    nginx_config,
    security_headers,
)

NGINX = Path("/usr/sbin/nginx")
APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
NGINX_MIME_TYPES = Path("/etc/nginx/mime.types")  # Debian's, included by its /etc/nginx/nginx.conf
APACHE_MIME_TYPES = Path("/etc/mime.types")  # Debian's, read by its mods-enabled/mime.conf
JAVASCRIPT_TYPES = ("text/javascript", "application/javascript")
PREFIX = "/policies/"
STARTUP_SECONDS = 15
# The engine's first files: a browser refuses either if its type is wrong.
PYODIDE_MODULE = "assets/pyodide/pyodide.mjs"
PYODIDE_WASM = "assets/pyodide/pyodide.asm.wasm"


def _require(program: Path) -> None:
    if not program.exists():
        pytest.fail(f"{program} is missing: run ./scripts/ensure-system-packages.sh test (as root)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def start_nginx(folder: Path, name: str, http_types: str, servers: dict[str, str]) -> RunningServer:
    """nginx with one ``server { }`` per entry of ``servers`` (name: its body), each on a free port.

    The main config sits next to a ``mime.types``, as /etc/nginx/nginx.conf
    does in a Debian install: the shipped include names it relative to there.
    """
    _require(NGINX)
    here = folder / name
    here.mkdir()
    (here / "mime.types").symlink_to(NGINX_MIME_TYPES)
    ports = {server: _free_port() for server in servers}
    blocks = "\n".join(f"  server {{ listen 127.0.0.1:{ports[s]}; {body} }}" for s, body in servers.items())
    temp_paths = " ".join(f"{kind}_temp_path {here / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    as_user = "user www-data;" if os.geteuid() == 0 else ""  # as root, workers drop to www-data, as Debian's do
    config = here / "nginx.conf"
    config.write_text(
        f"daemon off; master_process on; worker_processes 1; {as_user}\n"
        f"pid {here / 'nginx.pid'}; error_log {here / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  {http_types} access_log off; {temp_paths}\n{blocks}\n}}\n"
    )
    command = [str(NGINX), "-c", str(config), "-e", str(here / "error.log")]
    return _start(f"nginx ({name})", command, here, ports, here / "nginx.pid")


def _include(site: Path) -> str:
    return f"include {site / CONFIG_DIR / 'nginx.conf'};"


@pytest.fixture(scope="module")
def nginx(served_site, server_folder):
    """Debian's nginx serving the site at the root of one server, and under /policies/ of another."""
    with start_nginx(server_folder, "shipped", DEBIAN_HTTP_TYPES, {
        "root": f"root {served_site}; {_include(served_site)}",
        "prefix": f"location {PREFIX} {{ alias {served_site}/; {_include(served_site)} }}",
    }) as server:
        server.urls["prefix"] += PREFIX.lstrip("/")  # where the site is there
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
}


def start_apache(folder: Path, name: str, site: Path, directory_rules: str, server_rules: str = "") -> RunningServer:
    """Apache 2.4 serving ``site``, with only the modules the site needs."""
    _require(APACHE)
    here = folder / name
    here.mkdir()
    port = _free_port()
    modules = "\n".join(f"LoadModule {module} {APACHE_MODULES / file}" for module, file in APACHE_MODULES_NEEDED.items())
    # Apache will not run its workers as root; as root it starts as root and drops to www-data.
    as_user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    config = here / "apache2.conf"
    config.write_text(f"""\
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {here / 'apache2.pid'}
ErrorLog {here / 'error.log'}
DefaultRuntimeDir {here}
{modules}
{as_user}
TypesConfig {APACHE_MIME_TYPES}
DirectoryIndex index.html
DocumentRoot {site}
<Directory {site}>
{directory_rules}
  Require all granted
</Directory>
{server_rules}
""")
    command = [str(APACHE), "-f", str(config), "-DFOREGROUND"]
    return _start(f"Apache ({name})", command, here, {"root": port}, here / "apache2.pid")


@pytest.fixture(scope="module")
def apache_htaccess(served_site, server_folder):
    """Apache reading the site's own .htaccess: the least a district can do."""
    # FileInfo is the override both Header and AddType need: less than All is enough.
    with start_apache(server_folder, "htaccess", served_site, "  AllowOverride FileInfo") as server:
        yield server


@pytest.fixture(scope="module")
def apache_include(served_site, server_folder):
    """Apache with .htaccess files off, and server-config/apache.conf Included in its config."""
    with start_apache(server_folder, "include", served_site, "  AllowOverride None",
                      f"Include {served_site / CONFIG_DIR / 'apache.conf'}") as server:
        yield server


# --- what a reader's browser gets ---------------------------------------------

def fetch(url: str) -> tuple[int, dict[str, str]]:
    """The status and headers of a GET of ``url`` (an error page too)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers.items())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items())


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
    content_types, requested, console_errors, in_page_violations = {}, [], [], []
    context.on("request", lambda request: requested.append(request.url))
    context.on("response", lambda response: content_types.__setitem__(response.url, response.headers.get("content-type")))
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        response = page.goto(base_url + "procedure/")
        assert response is not None and response.ok, f"{base_url}procedure/: {response and response.status}"
        html_headers = response.all_headers()
        heading = page.locator("h1").first.inner_text()
        in_page_violations += page.evaluate("window.__cspViolations")

        page.goto(base_url + "self-assessment/")
        engine_started(page, "#quiz", console_errors)
        for question in bundle["questions"]:
            for choice in question["choices"]:
                if choice["correct"]:
                    page.locator(f'fieldset[data-question-id="{question["id"]}"] input[value="{choice["id"]}"]').check()
        page.get_by_role("button", name="Check my answers").click()
        page.locator(".quiz-verdict").wait_for()
        passed = page.get_attribute(".quiz-verdict", "data-passed")
        in_page_violations += page.evaluate("window.__cspViolations")

        page.goto(base_url + "check/#account=personal&communicates_with_current_students=yes")
        engine_started(page, "#checker", console_errors)
        page.locator(ANY_VERDICT).wait_for(state="attached", timeout=READY)
        verdict = page.get_attribute("#scenario-result", "data-verdict")
        in_page_violations += page.evaluate("window.__cspViolations")
    finally:
        context.close()
    return Visit(html_headers, heading, passed, verdict, content_types, requested,
                 [e for e in console_errors if "Content Security Policy" not in e],
                 in_page_violations + [e for e in console_errors if "Content Security Policy" in e])


@pytest.fixture(scope="module")
def bundle(built_site) -> dict:
    return json.loads((built_site / "assets" / "engine" / "bundle.json").read_text())


ROUTES = {  # how a district serves the site: (server fixture, which of its URLs)
    "nginx": ("nginx", "root"),
    "nginx under /policies/": ("nginx", "prefix"),
    "Apache with .htaccess": ("apache_htaccess", "root"),
    "Apache with Include apache.conf": ("apache_include", "root"),
}
# A browser visit costs some 8 s. The Include route serves the very lines of
# the .htaccess, so the HTTP checks below are enough for it.
BROWSED = ["nginx", "nginx under /policies/", "Apache with .htaccess"]


def site_url(request, route: str) -> str:
    fixture, which = ROUTES[route]
    return request.getfixturevalue(fixture).urls[which]


@pytest.mark.parametrize("route", BROWSED)
def test_a_reader_can_read_take_the_quiz_and_use_the_checker(route, request, browser, bundle, built_site):
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
    assert types[PYODIDE_WASM] == "application/wasm"
    assert types[PYODIDE_MODULE] in JAVASCRIPT_TYPES
    assert visit.console_errors == []
    assert visit.csp_violations == []
    # Everything comes from the site's own folder, wherever it is mounted.
    assert [url for url in visit.requested if not url.startswith(base_url)] == []


@pytest.mark.parametrize("route", ROUTES)
def test_every_response_carries_the_headers_and_each_type_its_rule(route, request, served_site):
    base_url = site_url(request, route)
    expected = read_security_headers(served_site)
    for path in ("", "procedure/", "no-such-page/"):  # error pages too (`always`)
        status, headers = fetch(base_url + path)
        assert status == (404 if path.startswith("no-such") else 200), path
        assert {name: headers.get(name) for name in expected} == expected, path
        if status == 200:
            assert media_type(headers.get("Content-Type")) == "text/html", path
    for extension, mime_type in SITE_MIME_TYPES.items():
        sample = next(served_site.rglob(f"*.{extension}")).relative_to(served_site).as_posix()
        _, headers = fetch(base_url + sample)
        assert media_type(headers.get("Content-Type")) == mime_type, sample


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


def test_without_the_fix_nginx_sends_pyodide_as_a_type_the_browser_refuses(nginx_without_the_fix, served_site):
    # What the district had: the headers, nosniff among them, and no type for
    # .mjs in Debian's mime.types, so nginx falls back on its default type.
    server, default_type = nginx_without_the_fix
    _, headers = fetch(server.urls["headers only"] + PYODIDE_MODULE)
    assert media_type(headers.get("Content-Type")) == default_type
    assert default_type not in JAVASCRIPT_TYPES and headers.get("X-Content-Type-Options") == "nosniff"
    _, headers = fetch(server.urls["headers only"] + "procedure/")
    assert media_type(headers.get("Content-Type")) == "text/html"


def test_a_bare_types_block_would_lose_every_other_type(nginx_without_the_fix):
    # Why the shipped include starts with `include mime.types;`.
    server, default_type = nginx_without_the_fix
    _, headers = fetch(server.urls["bare types"] + "procedure/")
    assert media_type(headers.get("Content-Type")) == default_type
    _, headers = fetch(server.urls["bare types"] + PYODIDE_MODULE)
    assert media_type(headers.get("Content-Type")) == SITE_MIME_TYPES["mjs"]


def test_the_engine_files_have_a_type_on_every_server(built_site):
    # What IIS has no type for it does not serve at all (404.3); the rules add
    # every type the engine's files need beyond the ones every server has.
    everywhere = {"js", "zip"}
    engine_files = [*(built_site / "assets" / "pyodide").iterdir(), *(built_site / "assets" / "engine").iterdir()]
    assert {p.suffix.lstrip(".") for p in engine_files} - everywhere - set(SITE_MIME_TYPES) == set()


# --- the same rules for every server -------------------------------------------

def _from_nginx(text: str) -> tuple[dict[str, str], dict[str, str]]:
    headers = dict(re.findall(r'^add_header ([\w-]+) "([^"]*)" always;$', text, re.M))
    types_block = re.search(r"^types \{\n(.*?)^\}", text, re.M | re.S).group(1)
    types = {extension: mime_type for mime_type, extension in re.findall(r"^\s+(\S+) (\w+);$", types_block, re.M)}
    return headers, types


def _from_apache(text: str) -> tuple[dict[str, str], dict[str, str]]:
    headers = dict(re.findall(r'^\s*Header always set ([\w-]+) "([^"]*)"$', text, re.M))
    types = {extension: mime_type for mime_type, extension in re.findall(r"^AddType (\S+) \.(\w+)$", text, re.M)}
    return headers, types


def _from_iis(text: str) -> tuple[dict[str, str], dict[str, str]]:
    web_server = ET.fromstring(text).find("system.webServer")
    static_content = web_server.find("staticContent")
    custom_headers = web_server.find("httpProtocol/customHeaders")
    # Each entry is removed just before it is added, so IIS never sees it twice.
    for parent, key in ((static_content, "fileExtension"), (custom_headers, "name")):
        entries = list(parent)
        assert [e.tag for e in entries] == ["remove", entries[1].tag] * (len(entries) // 2)
        assert [e.get(key) for e in entries[0::2]] == [e.get(key) for e in entries[1::2]]
    headers = {e.get("name"): e.get("value") for e in custom_headers.findall("add")}
    types = {e.get("fileExtension").lstrip("."): e.get("mimeType") for e in static_content.findall("mimeMap")}
    return headers, types


def test_iis_nginx_and_apache_say_the_same(tmp_path):
    csp = write_server_configs(tmp_path, ["'sha256-AAAA'", "'sha256-BBBB'"])
    written = tmp_path / CONFIG_DIR
    expected = (security_headers(csp), SITE_MIME_TYPES)
    assert _from_iis((written / "web.config").read_text()) == expected
    assert _from_nginx((written / "nginx.conf").read_text()) == expected
    assert _from_apache((written / "apache.conf").read_text()) == expected
    assert (tmp_path / ".htaccess").read_text() == (written / "apache.conf").read_text()
    assert read_security_headers(tmp_path) == security_headers(csp)

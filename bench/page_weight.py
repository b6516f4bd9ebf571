"""Benchmark (d): bytes transferred for a cold load of the procedure page and the quiz page.

The built site is served by a small local server that compresses the way a
production server should be set up: gzip level 6 for text and WebAssembly
(HTML, CSS, JavaScript, JSON, SVG, .wasm), nothing for files that are already
compressed (the wheel, Pyodide's zipped standard library, images, the PDF).
The server counts every byte it writes (headers included), so the totals are
what went over the wire, including requests made by the engine's worker.
Each page is opened in a fresh Chromium context (empty cache) and left until
the network is idle; the quiz page until its engine is ready.

Goal: the procedure page under 150 KB (1 KB = 1000 bytes) with no Pyodide bytes.

Usage: python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import http.server
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_site.build import build_site  # noqa: E402
from report import write_section  # noqa: E402  (bench/report.py)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
GOAL_BYTES = 150_000
COMPRESSED_TYPES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".wasm"}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
         ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm", ".png": "image/png",
         ".pdf": "application/pdf", ".zip": "application/zip", ".whl": "application/zip", ".xml": "application/xml"}


class _CountingWriter:
    """Wraps a handler's output stream and adds every byte written to the server's tally."""

    def __init__(self, stream, handler):
        self._stream, self._handler = stream, handler

    def write(self, data):
        self._handler.server.add(self._handler.path, "wire", len(data))
        return self._stream.write(data)

    def __getattr__(self, name):  # closed, close, ...: as the wrapped stream
        return getattr(self._stream, name)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and production servers use

    def setup(self):
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self)

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        file = self.server.root / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        self.server.add(self.path, "body", len(body))
        headers = {"Content-Type": TYPES.get(file.suffix, "application/octet-stream")}
        if file.suffix in COMPRESSED_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = self.server.gzipped(file, body)
            headers |= {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.tally: dict[str, dict[str, int]] = defaultdict(lambda: {"wire": 0, "body": 0})
        self._lock = threading.Lock()
        self._gzip_cache: dict[Path, bytes] = {}

    def add(self, path: str, kind: str, count: int) -> None:
        with self._lock:
            self.tally[urlsplit(path).path][kind] += count

    def gzipped(self, file: Path, body: bytes) -> bytes:
        # Compressed once per file, as a server with a compression cache (or pre-compressed files) would.
        with self._lock:
            if file not in self._gzip_cache:
                self._gzip_cache[file] = gzip.compress(body, compresslevel=6, mtime=0)
            return self._gzip_cache[file]

    def take_tally(self) -> dict[str, dict[str, int]]:
        with self._lock:
            tally, self.tally = dict(self.tally), defaultdict(lambda: {"wire": 0, "body": 0})
        return tally


def category(path: str) -> str:
    if "/assets/pyodide/" in path:
        return "Pyodide"
    if "/assets/engine/" in path:
        return "engine (bundle, wheel)"
    if path.endswith("/") or path.endswith(".html"):
        return "HTML"
    for suffix, name in ((".css", "CSS"), (".js", "JavaScript"), (".mjs", "JavaScript"), (".json", "JSON (search index)")):
        if path.endswith(suffix):
            return name
    return "other"


def cold_load(browser, url: str, ready_selector: str | None) -> int:
    """Open ``url`` in an empty context; returns the bytes Chromium says it received (a cross-check)."""
    context = browser.new_context()
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(url)
    if ready_selector:
        page.wait_for_selector(ready_selector, timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # late requests (Material's search worker) still count
    received = 0
    for request in finished:
        sizes = request.sizes()
        received += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return received


def kb(count: int) -> str:
    return f"{count / 1000:,.1f} KB"


def main() -> int:
    from playwright.sync_api import sync_playwright

    pages = {"procedure page": ("procedure/", None), "quiz page (engine ready)": ("self-assessment/", "#quiz[data-engine=ready]")}
    results, browser_counts = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(ROOT / "mkdocs.yml", Path(tmp) / "site")
        server = _Server(site)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, (path, ready) in pages.items():
                server.take_tally()
                browser_counts[name] = cold_load(browser, base + path, ready)
                results[name] = server.take_tally()
            browser.close()
        server.shutdown()

    lines = ["| page | requests | transferred (gzip, headers included) | as Chromium counted it | uncompressed bodies "
             "| of which Pyodide (transferred) |", "|---|---|---|---|---|---|"]
    for name, tally in results.items():
        wire = sum(t["wire"] for t in tally.values())
        body = sum(t["body"] for t in tally.values())
        pyodide = sum(t["wire"] for path, t in tally.items() if category(path) == "Pyodide")
        lines.append(f"| {name} | {len(tally)} | {kb(wire)} | {kb(browser_counts[name])} | {kb(body)} "
                     f"| {kb(pyodide)} ({pyodide / wire:.0%}) |")
    for name, tally in results.items():
        lines += ["", f"{name}, transferred by kind:", ""]
        by_kind = defaultdict(int)
        for path, t in tally.items():
            by_kind[category(path)] += t["wire"]
        lines += [f"- {kind}: {kb(count)}" for kind, count in sorted(by_kind.items(), key=lambda kv: -kv[1])]
    procedure = results["procedure page"]
    procedure_wire = sum(t["wire"] for t in procedure.values())
    procedure_pyodide = [p for p in procedure if category(p) in ("Pyodide", "engine (bundle, wheel)")]
    met = procedure_wire < GOAL_BYTES and not procedure_pyodide
    lines += ["", f"Goal: procedure page under {kb(GOAL_BYTES)} with no Pyodide bytes: "
                  f"{'met' if met else 'NOT met'} ({kb(procedure_wire)}; engine or Pyodide files: {procedure_pyodide or 'none'})"]
    text = "\n".join(lines)
    print(text)
    write_section("page-weight", "(d) Bytes transferred, cold load", text)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

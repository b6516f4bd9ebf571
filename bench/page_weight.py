"""Benchmark (d): bytes transferred for a cold load of the procedure page and the quiz page.

The pages are the real manual's first procedure (Appendix C), at
procedures/<slug>/ and procedures/<slug>/self-assessment/.

The built site is served by bench/gzip_server.py as the shipped server
configs serve it: a file's precompressed .br or .gz sibling where the build
wrote one and the browser accepts it (nginx brotli_static / gzip_static),
else gzip level 6 for text and WebAssembly, nothing for files that are
already compressed. It counts every byte it writes, headers included: the
totals are what went over the wire, including the requests made by the
engine's worker.
Each page is opened in a fresh Chromium context (empty cache) and left until
the network is idle; the quiz page until its engine is ready.

Goal: the procedure page under 150 KB (1 KB = 1000 bytes) with no Pyodide bytes.

Usage: python bench/page_weight.py
"""

from __future__ import annotations

import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_site.mkdocs_plugin.build import build_site  # noqa: E402
from policy_site.render.site_layout import PYODIDE_DIR  # noqa: E402
from gzip_server import GzipServer  # noqa: E402  (bench/gzip_server.py)
from real_manual import PROCEDURE_URL, QUIZ_URL  # noqa: E402  (bench/real_manual.py)
from report import write_section  # noqa: E402  (bench/report.py)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
GOAL_BYTES = 150_000
def category(path: str) -> str:
    if f"/{PYODIDE_DIR}/" in path:  # its versioned folder is below PYODIDE_DIR
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

    # The Appendix C procedure's own pages (procedure/ and self-assessment/ only redirect there now).
    pages = {"procedure page": (PROCEDURE_URL, None), "quiz page (engine ready)": (QUIZ_URL, "#quiz[data-engine=ready]")}
    results, browser_counts = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(ROOT / "mkdocs.yml", Path(tmp) / "site")
        server = GzipServer(site, precompressed=True)
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

    lines = ["| page | requests | transferred (compressed as served, headers included) | as Chromium counted it | uncompressed bodies "
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
    lines += ["", "The server's count is the one that matters. Chromium's own count (Playwright request sizes) is a "
                  "cross-check; it reports 0 body bytes for worker scripts (Material's search worker), hence the smaller figure."]
    lines += ["", f"Goal: procedure page under {kb(GOAL_BYTES)} with no Pyodide bytes: "
                  f"{'met' if met else 'NOT met'} ({kb(procedure_wire)}; engine or Pyodide files: {procedure_pyodide or 'none'})"]
    text = "\n".join(lines)
    print(text)
    write_section("page-weight", "(d) Bytes transferred, cold load", text)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: time from navigation to data-engine="ready" on the self-assessment
page (the Appendix C procedure's, procedures/<slug>/self-assessment/), against
a bare page that only loads the same Pyodide and runs 1+1.

Both are served from one built site by one local server, alternating page
loads (quiz, bare, quiz, ...). "Cold" is a fresh browser context each time
(empty HTTP cache); "warm" reuses one persistent profile, as a returning
visitor would: its HTTP cache holds every file, and its Cache Storage the
interpreter snapshot the quiz kept on the first visit. The ratio of medians is what our own work adds to Pyodide's
start-up.

Usage: python bench/engine_ready.py [--runs 5]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_site.engine_assets.runtime_folder import runtime_folder  # noqa: E402
from policy_site.mkdocs_plugin.build import build_site  # noqa: E402
from real_manual import QUIZ_URL  # noqa: E402  (bench/real_manual.py)
from report import write_section  # noqa: E402  (bench/report.py)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide</title></head>
<body><div id="quiz" data-engine="loading">Loading Pyodide</div>
<script type="module">
const worker = new Worker(new URL("./bare-worker.js", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  document.getElementById("quiz").dataset.engine = event.data === 2 ? "ready" : "error";
};
</script></body></html>
"""
# RUNTIME: the built site's Pyodide folder (versioned: assets/pyodide/<pin>-<tag>), filled in by bare_worker.
BARE_WORKER = """
const { loadPyodide } = await import(new URL("../RUNTIME/pyodide.mjs", import.meta.url).href);
const pyodide = await loadPyodide({ indexURL: new URL("../RUNTIME/", import.meta.url).href });
self.postMessage(pyodide.runPython("1+1"));
"""


def bare_worker(site: Path) -> str:
    """The bare page's worker, loading the same Pyodide folder as the site's pages."""
    runtime = runtime_folder(ROOT)  # the name the build gave the pages
    if not (site / runtime / "pyodide.mjs").is_file():
        raise SystemExit(f"the built site has no {runtime}/: was it built from this checkout?")
    return BARE_WORKER.replace("RUNTIME", runtime)


# Records the moment #quiz first says data-engine="ready", in ms since navigation start.
READY_PROBE = """
new MutationObserver((_, observer) => {
  const root = document.getElementById("quiz");
  if (root && root.dataset.engine === "ready") { window.__readyAt = performance.now(); observer.disconnect(); }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-engine"], childList: true });
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# True once the quiz's worker has kept its interpreter snapshot (docs/assets/quiz/engine-snapshot.js).
SNAPSHOT_KEPT = "async () => (await (await caches.open('policy-engine-start')).keys()).length > 0"


def wait_until_snapshot_kept(page, timeout: float = 60.0) -> None:
    """Poll SNAPSHOT_KEPT through page.evaluate, which awaits its promise
    (wait_for_function takes the promise itself for a true value)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(SNAPSHOT_KEPT):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the quiz kept no interpreter snapshot within {timeout:.0f} s")
        page.wait_for_timeout(100)


def measure(context, url: str, keep_snapshot: bool = False) -> tuple[float, str]:
    """Seconds from navigation to data-engine="ready", and how the engine's
    Python started ("snapshot", "fresh"; "" for the bare page).

    keep_snapshot: also wait until the quiz has kept its snapshot, as it has
    when a reader comes back another day (it is written once the page has started).
    """
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.__readyAt !== undefined", timeout=120_000)
    ready_at = page.evaluate("window.__readyAt")
    start = page.evaluate("document.getElementById('quiz').dataset.engineStart || ''")
    if keep_snapshot and url.endswith(QUIZ_URL):
        wait_until_snapshot_kept(page)
    page.close()
    return ready_at / 1000, start


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(ROOT / "mkdocs.yml", Path(tmp) / "site")
        (site / "bench-bare").mkdir()
        (site / "bench-bare" / "index.html").write_text(BARE_PAGE)
        (site / "bench-bare" / "bare-worker.js").write_text(bare_worker(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = {"quiz": base + QUIZ_URL, "bare": base + "bench-bare/"}
        times = {("cold", name): [] for name in pages} | {("warm", name): [] for name in pages}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                for name, url in pages.items():
                    context = browser.new_context()
                    context.add_init_script(READY_PROBE)
                    times[("cold", name)].append(measure(context, url))
                    context.close()
            browser.close()
            with tempfile.TemporaryDirectory() as profile:
                warm = playwright.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                warm.add_init_script(READY_PROBE)
                for url in pages.values():
                    measure(warm, url, keep_snapshot=True)  # fill the caches; not counted
                for _ in range(args.runs):
                    for name, url in pages.items():
                        times[("warm", name)].append(measure(warm, url))
                warm.close()
        server.shutdown()
    lines = [f"| load | quiz page: median of {args.runs} (s) | bare Pyodide + 1+1 (s) | ratio | quiz started from its snapshot |",
             "|---|---|---|---|---|"]
    for mode in ("cold", "warm"):
        quiz, bare = times[(mode, "quiz")], times[(mode, "bare")]
        q_time, b_time = statistics.median(t for t, _ in quiz), statistics.median(t for t, _ in bare)
        from_snapshot = sum(start == "snapshot" for _, start in quiz)
        lines.append(f"| {mode} | {q_time:.3f} | {b_time:.3f} | {q_time / b_time:.3f}x | {from_snapshot} of {len(quiz)} |")
    lines += ["", "goal: at most 1.10x cold", "", "runs (s):", ""]
    lines += [f"- {mode} {name}: " + ", ".join(f"{t:.3f}" for t, _ in values) for (mode, name), values in times.items()]
    table = "\n".join(lines)
    print(table)
    write_section("engine-ready", '(c) Time to data-engine="ready" vs bare Pyodide', table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

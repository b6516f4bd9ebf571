"""Benchmark: the quiz page against a bare Pyodide page on real network shapes.

Both pages are served by one local server (bench/gzip_server.py) that counts
the bytes it sends and answers revalidation with 304, like any production
server:

- the quiz page (Appendix C's, procedures/<slug>/self-assessment/) is the
  built site as deployed: its precompressed .br/.gz
  files are served where the browser accepts them (nginx gzip_static /
  brotli_static), with the long caching the shipped server configs give
  Pyodide's versioned files;
- the bare page loads the full Pyodide npm package (whole standard library,
  full lock file) and runs 1+1, gzip-compressed on the fly (level 6), its
  Pyodide long-cached like the site's.

Every other file has no Cache-Control and an ETag (no Last-Modified, so no
heuristic caching): a returning browser revalidates it, as the shipped
configs' `no-cache` makes it.

Chromium's network is shaped through the DevTools protocol
(Network.emulateNetworkConditions), which also holds back the engine's worker:
school Wi-Fi (20 Mbit/s, 20 ms RTT) and a phone (5 Mbit/s, 70 ms RTT), plus
localhost unshaped. Cold: a fresh context each load (empty caches). Warm: one
persistent profile, as a returning visitor: its HTTP cache holds every file,
and the quiz's Cache Storage holds the interpreter snapshot its first visit
kept (docs/assets/quiz/engine-snapshot.js); the table counts the warm loads
that started from it. Pages alternate (quiz, bare, quiz, ...); medians of
--runs loads; ratios quiz / bare.

Goals (issue 16): bytes at most 0.70x; shaped networks at most 0.80x;
localhost at most 1.05x.

Usage: python bench/network_ready.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine_ready import BARE_PAGE, CHROMIUM_ARGS, READY_PROBE, wait_until_snapshot_kept  # noqa: E402  (bench/engine_ready.py)
from gzip_server import GzipServer  # noqa: E402  (bench/gzip_server.py)
from policy_site.mkdocs_plugin.build import build_site  # noqa: E402
from real_manual import QUIZ_URL  # noqa: E402  (bench/real_manual.py)
from report import write_section  # noqa: E402  (bench/report.py)

# The full runtime as the npm package ships it, for the bare page.
FULL_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
BARE_WORKER = """
const { loadPyodide } = await import(new URL("./pyodide/pyodide.mjs", import.meta.url).href);
const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
self.postMessage(pyodide.runPython("1+1"));
"""
NETWORKS = {
    "localhost": None,
    "school Wi-Fi (20 Mbit/s, 20 ms)": {"latency": 20, "downloadThroughput": 20e6 / 8, "uploadThroughput": 10e6 / 8},
    "phone (5 Mbit/s, 70 ms)": {"latency": 70, "downloadThroughput": 5e6 / 8, "uploadThroughput": 2e6 / 8},
}


def shaped_page(context, network: dict | None):
    page = context.new_page()
    if network:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **network})
    return page


def load(context, server: GzipServer, url: str, network: dict | None, keep_snapshot: bool = False) -> tuple[float, int, str]:
    """Seconds from navigation to data-engine="ready", bytes the server sent,
    and how the engine's Python started ("snapshot", "fresh"; "" for the bare page).

    keep_snapshot: also wait until the quiz has kept its snapshot, as it has
    when a reader comes back another day (it is written once the page has started).
    """
    page = shaped_page(context, network)
    server.take_tally()
    page.goto(url)
    page.wait_for_function("window.__readyAt !== undefined", timeout=300_000)
    seconds = page.evaluate("window.__readyAt") / 1000
    start = page.evaluate("document.getElementById('quiz').dataset.engineStart || ''")
    page.wait_for_load_state("networkidle")
    if keep_snapshot and start:
        wait_until_snapshot_kept(page)
    page.close()
    return seconds, sum(entry["wire"] for entry in server.take_tally().values()), start


def cache_rules() -> dict[str, str]:
    """Cache-Control by path prefix, as the shipped server configs set it; and
    the same long caching for the bare page's Pyodide, so that it too starts
    from its HTTP cache and Chromium's compiled wasm when warm (the fairest
    baseline: the two pages then differ only in what the site does)."""
    from policy_site.mkdocs_plugin.server_configs import SITE_CACHE_CONTROL

    site = {f"/{folder}/": value for folder, value in SITE_CACHE_CONTROL.items()}
    return site | {"/bench-bare/pyodide/": site["/assets/pyodide/"]}


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[tuple[str, str, str], list[tuple[float, int, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(ROOT / "mkdocs.yml", Path(tmp) / "site")
        bare = site / "bench-bare"
        (bare / "pyodide").mkdir(parents=True)
        for name in FULL_RUNTIME:
            shutil.copy(ROOT / "node_modules" / "pyodide" / name, bare / "pyodide" / name)
        (bare / "index.html").write_text(BARE_PAGE)
        (bare / "bare-worker.js").write_text(BARE_WORKER)
        server = GzipServer(site, precompressed=True, cache_rules=cache_rules())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = {"quiz": base + QUIZ_URL, "bare": base + "bench-bare/"}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for network_name, network in NETWORKS.items():
                for _ in range(args.runs):
                    for name, url in pages.items():
                        context = browser.new_context()
                        context.add_init_script(READY_PROBE)
                        results.setdefault((network_name, "cold", name), []).append(load(context, server, url, network))
                        context.close()
                with tempfile.TemporaryDirectory() as profile:
                    warm = playwright.chromium.launch_persistent_context(
                        profile, executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                    warm.add_init_script(READY_PROBE)
                    for url in pages.values():
                        load(warm, server, url, None, keep_snapshot=True)  # fill the caches; not counted
                    for _ in range(args.runs):
                        for name, url in pages.items():
                            results.setdefault((network_name, "warm", name), []).append(load(warm, server, url, network))
                    warm.close()
            browser.close()
        server.shutdown()
    table = report(results, args.runs)
    print(table)
    write_section("network", "(e) Quiz vs bare Pyodide on shaped networks (bytes and time to ready)", table)
    return 0


def report(results, runs: int) -> str:
    lines = [
        "| network | load | quiz: ready (s) | bare: ready (s) | time ratio | quiz KB | bare KB | bytes ratio | quiz started from its snapshot |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for network in NETWORKS:
        for mode in ("cold", "warm"):
            quiz, bare = results[(network, mode, "quiz")], results[(network, mode, "bare")]
            q_time, b_time = statistics.median(t for t, _, _ in quiz), statistics.median(t for t, _, _ in bare)
            q_bytes, b_bytes = statistics.median(b for _, b, _ in quiz), statistics.median(b for _, b, _ in bare)
            from_snapshot = sum(start == "snapshot" for _, _, start in quiz)
            lines.append(
                f"| {network} | {mode} | {q_time:.2f} | {b_time:.2f} | {q_time / b_time:.2f}x "
                f"| {q_bytes / 1000:,.0f} | {b_bytes / 1000:,.0f} | {q_bytes / max(b_bytes, 1):.2f}x | {from_snapshot} of {len(quiz)} |"
            )
    lines += ["", f"medians of {runs} loads each, pages alternating; KB = 1000 bytes, as sent by the server (headers included)",
              "goals: bytes <= 0.70x (cold); shaped networks <= 0.80x; localhost <= 1.05x", "", "runs (s / bytes):", ""]
    lines += [f"- {network}, {mode}, {name}: " + ", ".join(f"{t:.2f}/{b}" for t, b, _ in values)
              for (network, mode, name), values in results.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

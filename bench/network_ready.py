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
  full lock file) and runs 1+1, gzip-compressed on the fly (level 6).

Chromium's network is shaped through the DevTools protocol
(Network.emulateNetworkConditions), which also holds back the engine's worker:
school Wi-Fi (20 Mbit/s, 20 ms RTT) and a phone (5 Mbit/s, 70 ms RTT), plus
localhost unshaped. Cold: a fresh context each load (empty cache). Warm: one
persistent profile, as a returning visitor. Pages alternate (quiz, bare,
quiz, ...); medians of --runs loads; ratios quiz / bare.

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

from engine_ready import BARE_PAGE, CHROMIUM_ARGS, READY_PROBE  # noqa: E402  (bench/engine_ready.py)
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


def load(context, server: GzipServer, url: str, network: dict | None) -> tuple[float, int]:
    """Seconds from navigation to data-engine="ready", and bytes the server sent."""
    page = shaped_page(context, network)
    server.take_tally()
    page.goto(url)
    page.wait_for_function("window.__readyAt !== undefined", timeout=300_000)
    seconds = page.evaluate("window.__readyAt") / 1000
    page.wait_for_load_state("networkidle")
    page.close()
    return seconds, sum(entry["wire"] for entry in server.take_tally().values())


def cache_rules() -> dict[str, str]:
    """Cache-Control by path prefix, as the shipped server configs set it."""
    from policy_site.mkdocs_plugin.server_configs import SITE_CACHE_CONTROL

    return {f"/{folder}/": value for folder, value in SITE_CACHE_CONTROL.items()}


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[tuple[str, str, str], list[tuple[float, int]]] = {}
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
                        load(warm, server, url, None)  # fill the cache; not counted
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
        f"| network | load | quiz: ready (s) | bare: ready (s) | time ratio | quiz KB | bare KB | bytes ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for network in NETWORKS:
        for mode in ("cold", "warm"):
            quiz, bare = results[(network, mode, "quiz")], results[(network, mode, "bare")]
            q_time, b_time = statistics.median(t for t, _ in quiz), statistics.median(t for t, _ in bare)
            q_bytes, b_bytes = statistics.median(b for _, b in quiz), statistics.median(b for _, b in bare)
            lines.append(
                f"| {network} | {mode} | {q_time:.2f} | {b_time:.2f} | {q_time / b_time:.2f}x "
                f"| {q_bytes / 1000:,.0f} | {b_bytes / 1000:,.0f} | {q_bytes / max(b_bytes, 1):.2f}x |"
            )
    lines += ["", f"medians of {runs} loads each, pages alternating; KB = 1000 bytes, as sent by the server (headers included)",
              "goals: bytes <= 0.70x (cold); shaped networks <= 0.80x; localhost <= 1.05x", "", "runs (s / bytes):", ""]
    lines += [f"- {network}, {mode}, {name}: " + ", ".join(f"{t:.2f}/{b}" for t, b in values)
              for (network, mode, name), values in results.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

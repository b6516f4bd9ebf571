"""Benchmark: our site build against a plain Material build of the same pages.

The baseline is the same Markdown our plugin generates, written to files and
built by MkDocs + Material without the plugin, so the ratio is what loading,
validating and rendering the policy data costs. Runs alternate (ours,
baseline, ours, ...) so machine noise hits both alike; medians are reported.

Usage: python bench/build_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_site.engine_assets.site_files import engine_setup  # noqa: E402
from policy_site.render.pages import site_pages  # noqa: E402
from report import write_section  # noqa: E402  (bench/report.py)
from policy_site.load.source_folder import load_content  # noqa: E402


def make_baseline(workdir: Path) -> Path:
    """A plain Material project with the generated pages as ordinary files."""
    docs = workdir / "docs"
    shutil.copytree(ROOT / "docs", docs)
    content = load_content(ROOT / "policy_src")
    for page in site_pages(content, engine_setup(content, 30)):
        (docs / page.src_uri).write_text(page.content, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "policy" in p)]
    (workdir / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return workdir / "mkdocs.yml"


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        baseline_config = make_baseline(tmp_path / "baseline")
        ours_cmd = [str(bin_dir / "policy"), "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "ours-site")]
        base_cmd = [str(bin_dir / "mkdocs"), "build", "--strict", "-q", "-f", str(baseline_config), "-d", str(tmp_path / "base-site")]
        # Cold: our build cache (.cache/, the PDF and unpacked Pyodide) is off,
        # as on a fresh clone; warm: as on every rebuild after the first.
        cold_env = {**os.environ, "POLICY_SITE_BUILD_CACHE": "false"}  # mkdocs.yml reads it
        timed(ours_cmd, ROOT), timed(base_cmd, ROOT)  # warm the OS file cache and ours; not counted
        cold, warm, base = [], [], []
        for _ in range(args.runs):
            cold.append(timed(ours_cmd, ROOT, cold_env))
            warm.append(timed(ours_cmd, ROOT))
            base.append(timed(base_cmd, ROOT))
    base_median = statistics.median(base)

    def row(name: str, runs: list[float]) -> str:
        return f"| {name} | {statistics.median(runs):.3f} | {statistics.median(runs) / base_median:.3f}x | {', '.join(f'{t:.3f}' for t in runs)} |"

    table = "\n".join([
        f"| build | median of {args.runs} (s) | vs plain Material | runs (s) |",
        "|---|---|---|---|",
        row("policy build, build cache cold (PDF typeset, Pyodide unpacked)", cold),
        row("policy build, build cache warm (every rebuild)", warm),
        row("plain Material, same pages (baseline)", base),
        "",
        "Goal: at most 1.10x. Our build also typesets the PDF, ships the engine and",
        "Pyodide and computes the CSP; the plain Material build does none of that.",
    ])
    print(table)
    write_section("build-time", "(a) Site build vs plain Material", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

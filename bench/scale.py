"""Benchmark (b): how the build scales with the size of the manual.

The goal is a synthetic manual of 300 procedures x 30 clauses (9000 clauses)
built in under 8 s, with time growing linearly with the clause count. The
code builds one site per procedure, so no single command builds "the manual";
this measures each honest reading of the goal at 1/4, 1/2 and 1x the size:

1. our code alone (load + validate policy_src, render every page's Markdown),
   in-process: 300 procedures of 30 clauses, and one procedure of 9000;
2. a full ``policy build`` (MkDocs + Material + our plugin; PDF skipped) of one
   procedure holding all the clauses, as a fresh process;
3. the PDF alone (WeasyPrint), in-process, at 1/16, 1/8 and 1/4 (a 9000-clause
   PDF takes over a minute; its per-clause time shows the trend);
4. 300 separate sites, one per procedure: one 30-clause build x 300.

Then a profile of the 9000-clause build says what dominates.

Usage: python bench/scale.py [--runs 3]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_site.mkdocs_plugin.build import build_site  # noqa: E402
from policy_site.load.source_folder import load_content  # noqa: E402
from policy_site.engine_assets.site_files import engine_setup  # noqa: E402
from policy_site.render.pdf import write_pdf  # noqa: E402
from policy_site.render.pages import site_pages  # noqa: E402
from report import write_section  # noqa: E402  (bench/report.py)
from synthetic_policy import write_synthetic_source  # noqa: E402
from synthetic_project import write_synthetic_project  # noqa: E402

PROCEDURES, CLAUSES = 300, 30
TOTAL = PROCEDURES * CLAUSES
FRACTIONS = (0.25, 0.5, 1.0)
# The PDF of all 9000 clauses alone takes over a minute: its trend is measured smaller.
PDF_FRACTIONS = (0.0625, 0.125, 0.25)
GOAL_SECONDS = 8.0
PDF_SWITCH = "POLICY_SITE_PDF"  # mkdocs.yml passes it (`!ENV`) to the plugin's `pdf` option
# Profile buckets: (label, file suffix, function); cumulative time of each.
BUCKETS = [
    ("load + validate policy_src (ours)", "policy_site/load/source_folder.py", "read_content"),
    ("render page Markdown (ours)", "policy_site/render/pages.py", "site_pages"),
    ("engine bundle, wheel, Pyodide copy (ours)", "policy_site/engine_assets/site_files.py", "write_engine_assets"),
    ("CSP: hash inline scripts of built pages (ours, csp.py)", "policy_site/mkdocs_plugin/csp.py", "write_server_configs"),
    ("Markdown to HTML (Python-Markdown + extensions)", "markdown/core.py", "convert"),
    ("search index (Material search plugin)", "material/plugins/search/plugin.py", "on_page_context"),
    ("  of which: TOC lookup per heading (Material, quadratic)", "material/plugins/search/plugin.py", "_find_toc_by_id"),
]


def best(runs: int, work) -> float:
    """Fastest of ``runs`` timings: the least disturbed by other load on the machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def load_and_render(sources: list[Path]) -> None:
    for source in sources:
        content = load_content(source)
        site_pages(content, engine_setup(content, 30))


def build_seconds(config: Path, site: Path, with_pdf: bool) -> float:
    env = {k: v for k, v in os.environ.items() if k != PDF_SWITCH}
    if not with_pdf:
        env[PDF_SWITCH] = "false"
    command = [str(Path(sys.executable).parent / "policy"), "build", "-f", str(config), "-d", str(site)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def row(what: str, clauses: int, seconds: float) -> str:
    return f"| {what} | {clauses} | {seconds:.3f} | {seconds / clauses * 1e6:.0f} |"


def growth(label: str, small: tuple[int, float], large: tuple[int, float]) -> str:
    """How far from linear: 1.00 means time per clause did not change from the smallest size to the largest."""
    ratio = (large[1] / large[0]) / (small[1] / small[0])
    # 15% of slack: this machine's timings vary by about that much run to run.
    verdict = "linear" if ratio <= 1.15 else "grows faster than linear"
    return f"- {label}: time per clause at {large[0]} / at {small[0]} clauses = {ratio:.2f} ({verdict})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timings per in-process measurement (the fastest counts)")
    args = parser.parse_args()
    table = ["| what | clauses | seconds | µs per clause |", "|---|---|---|---|"]
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        sources = [write_synthetic_source(tmp_path / "manual" / str(i), CLAUSES, i + 1) for i in range(PROCEDURES)]
        load_and_render(sources[:3])  # import and compile templates; not counted
        ours_manual, ours_single, builds, pdfs = [], [], [], []
        for fraction in FRACTIONS:
            count = int(PROCEDURES * fraction)
            seconds = best(args.runs, lambda: load_and_render(sources[:count]))
            ours_manual.append((count * CLAUSES, seconds))
            table.append(row(f"ours in-process: {count} procedures x {CLAUSES} clauses", count * CLAUSES, seconds))
        for fraction in FRACTIONS:
            clauses = int(TOTAL * fraction)
            single = write_synthetic_source(tmp_path / f"single-{clauses}", clauses)
            seconds = best(args.runs, lambda: load_and_render([single]))
            ours_single.append((clauses, seconds))
            table.append(row("ours in-process: 1 procedure", clauses, seconds))
        for fraction in FRACTIONS:
            clauses = int(TOTAL * fraction)
            config = write_synthetic_project(tmp_path / f"project-{clauses}", clauses)
            seconds = build_seconds(config, tmp_path / f"site-{clauses}", with_pdf=False)
            builds.append((clauses, seconds))
            table.append(row("full `policy build` of 1 procedure, no PDF", clauses, seconds))
        for fraction in PDF_FRACTIONS:
            clauses = int(TOTAL * fraction)
            policy = load_content(write_synthetic_source(tmp_path / f"pdf-{clauses}", clauses)).policy
            if not pdfs:
                write_pdf(policy, tmp_path / "warm-up.pdf")  # import WeasyPrint, load fonts; not counted
            seconds = best(1, lambda: write_pdf(policy, tmp_path / f"pdf-{clauses}.pdf"))
            pdfs.append((clauses, seconds))
            table.append(row("PDF alone (write_pdf, in-process)", clauses, seconds))
        one_site = write_synthetic_project(tmp_path / "one-site", CLAUSES)
        one_build = statistics.median(build_seconds(one_site, tmp_path / "one-site-out", with_pdf=True) for _ in range(3))
        table.append(row(f"1 procedure site, full build with PDF (median of 3) x {PROCEDURES} (extrapolated)", TOTAL, one_build * PROCEDURES))
        profile = profile_largest_build(tmp_path, builds[-1][0])

    pdf_per_clause = pdfs[-1][1] / pdfs[-1][0]
    notes += [
        "", "Linear growth (per-clause time, largest size vs smallest):", "",
        growth("ours, 300 procedures", ours_manual[0], ours_manual[-1]),
        growth("ours, 1 procedure", ours_single[0], ours_single[-1]),
        growth("full build, 1 procedure", builds[0], builds[-1]),
        growth("PDF", pdfs[0], pdfs[-1]),
        "", f"Goal: the whole manual ({TOTAL} clauses) in under {GOAL_SECONDS:.0f} s:", "",
        f"- our code for the 300 procedures: {ours_manual[-1][1]:.2f} s ({'met' if ours_manual[-1][1] < GOAL_SECONDS else 'NOT met'})",
        f"- one site with all {TOTAL} clauses, full build without the PDF: {builds[-1][1]:.2f} s "
        f"({'met' if builds[-1][1] < GOAL_SECONDS else 'NOT met'})",
        f"- the PDF of all {TOTAL} clauses, extrapolated from {pdfs[-1][0]}: about {pdf_per_clause * TOTAL:.0f} s",
        f"- 300 separate one-procedure sites: about {one_build * PROCEDURES:.0f} s (each build pays MkDocs' and the PDF's start-up)",
        "", f"Where the {builds[-1][0]}-clause build spends its time (cProfile, in-process; shares of the profiled total):", "",
        *profile,
    ]
    text = "\n".join(table + notes)
    print(text)
    write_section("scale", f"(b) Scale: a synthetic manual of {PROCEDURES} procedures x {CLAUSES} clauses", text)
    return 0


def profile_largest_build(tmp_path: Path, clauses: int) -> list[str]:
    config = write_synthetic_project(tmp_path / "profiled", clauses)
    os.environ[PDF_SWITCH] = "false"
    profiler = cProfile.Profile()
    try:
        profiler.runcall(build_site, config, tmp_path / "profiled-site")
    finally:
        del os.environ[PDF_SWITCH]
    stats = pstats.Stats(profiler).stats
    total = max(cumulative for (_, _, _, cumulative, _) in stats.values())
    lines = ["| part | share of build |", "|---|---|"]
    for label, file_suffix, function in BUCKETS:
        cumulative = sum(v[3] for (path, _, name), v in stats.items() if path.endswith(file_suffix) and name == function)
        lines.append(f"| {label} | {cumulative / total:.0%} |")
    return lines


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark (b): how our code scales with the size of the manual and of one procedure.

The goal is a synthetic manual of 300 procedures x 30 clauses (9000 clauses)
built in under 8 s, with time growing linearly with the clause count. This
measures, at 1/4, 1/2 and 1x the size:

1. our code alone (load + validate the manual, render every page's Markdown),
   in-process: a manual of 75, 150 and 300 procedures of 30 clauses
   (bench/synthetic_policy.py: 1 in 10 interactive, the rest reading-only),
   and a manual of one procedure of 2250 to 9000 clauses (reading-only: the
   engine refuses a bundle of more than 1,000 questions or 2 MB, quiz/limits.py,
   so a procedure this big could have no self-assessment or checker);
2. a full ``policy build`` (MkDocs + Material + our plugin; PDF skipped) of a
   manual of one procedure holding all the clauses, as a fresh process: the
   worst case for Material's per-page search work (every heading on one page);
3. the PDF alone (``write_pdf``) of that one procedure, each size in a fresh
   process (the typesetter reuses layout it did before in the same process),
   after a warm-up PDF of one clause there.

Then a profile of the 9000-clause build says what dominates. The whole
300-procedure manual as one site, against plain Material, its PDFs and an
edit in `mkdocs serve` are bench/manual_scale.py's (section manual-scale).

Usage: python bench/scale.py [--runs 3]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_site.engine_assets.site_files import engine_setups  # noqa: E402
from policy_site.load.manual_folder import load_manual  # noqa: E402
from policy_site.mkdocs_plugin.build import build_site  # noqa: E402
from policy_site.render.pages import site_pages  # noqa: E402
from policy_site.render.pdf import write_pdf  # noqa: E402
from report import write_section  # noqa: E402  (bench/report.py)
from synthetic_policy import write_synthetic_manual, write_synthetic_source  # noqa: E402
from synthetic_project import write_synthetic_project  # noqa: E402

PROCEDURES, CLAUSES = 300, 30
TOTAL = PROCEDURES * CLAUSES
FRACTIONS = (0.25, 0.5, 1.0)
GOAL_SECONDS = 8.0
PDF_SWITCH = "POLICY_SITE_PDF"  # mkdocs.yml passes it (`!ENV`) to the plugin's `pdf` option
# Precompression (brotli 11 of every page) is deployment work, not what scales
# with the procedure: off in every build measured here.
PRECOMPRESS_SWITCH = "POLICY_SITE_PRECOMPRESS"
# Profile buckets: (label, file suffix, function); cumulative time of each.
BUCKETS = [
    ("load + validate the manual (ours)", "policy_site/load/manual_folder.py", "read_manual"),
    ("render page Markdown (ours)", "policy_site/render/pages.py", "site_pages"),
    ("engine bundle, wheel, Pyodide copy (ours)", "policy_site/engine_assets/site_files.py", "write_engine_assets"),
    ("CSP: check and hash inline scripts of every built page (ours, csp.py)", "policy_site/mkdocs_plugin/csp.py", "check_page"),
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


def load_and_render(source: Path) -> None:
    """What our code does before MkDocs gets the pages: read and check the manual, render every page."""
    manual = load_manual(source)
    site_pages(manual, engine_setups(manual, ROOT, 30))


def build_seconds(config: Path, site: Path, with_pdf: bool) -> float:
    env = {k: v for k, v in os.environ.items() if k != PDF_SWITCH} | {PRECOMPRESS_SWITCH: "false"}
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
    parser.add_argument("--pdf-child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pdf_child:
        pdf_child(*args.pdf_child)
        return 0
    table = ["| what | clauses | seconds | µs per clause |", "|---|---|---|---|"]
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        manuals = {int(PROCEDURES * f): write_synthetic_manual(tmp_path / f"manual-{f}", int(PROCEDURES * f), CLAUSES)
                   for f in FRACTIONS}
        load_and_render(manuals[min(manuals)])  # import and compile templates; not counted
        ours_manual, ours_single, builds, pdfs = [], [], [], []
        for count, source in manuals.items():
            seconds = best(args.runs, lambda: load_and_render(source))
            ours_manual.append((count * CLAUSES, seconds))
            table.append(row(f"ours in-process: {count} procedures x {CLAUSES} clauses", count * CLAUSES, seconds))
        for fraction in FRACTIONS:
            clauses = int(TOTAL * fraction)
            single = write_synthetic_source(tmp_path / f"single-{clauses}", clauses, interactive=False)
            seconds = best(args.runs, lambda: load_and_render(single))
            ours_single.append((clauses, seconds))
            table.append(row("ours in-process: 1 procedure (reading-only)", clauses, seconds))
        for fraction in FRACTIONS:
            clauses = int(TOTAL * fraction)
            config = write_synthetic_project(tmp_path / f"project-{clauses}", clauses, reading_only=True)
            seconds = build_seconds(config, tmp_path / f"site-{clauses}", with_pdf=False)
            builds.append((clauses, seconds))
            table.append(row("full `policy build` of 1 procedure (reading-only), no PDF, no precompression", clauses, seconds))
        warm_up = write_synthetic_source(tmp_path / "pdf-warm-up", 1, interactive=False)
        for fraction in FRACTIONS:
            clauses = int(TOTAL * fraction)
            source = write_synthetic_source(tmp_path / f"pdf-{clauses}", clauses, interactive=False)
            seconds = min(pdf_seconds(source, warm_up, tmp_path) for _ in range(args.runs))
            pdfs.append((clauses, seconds))
            table.append(row("PDF alone (write_pdf, a fresh process each, typesetter warmed up)", clauses, seconds))
        profile = profile_largest_build(tmp_path, builds[-1][0])

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
        f"- the PDF of one procedure of all {TOTAL} clauses: {pdfs[-1][1]:.2f} s",
        f"- the manual of {PROCEDURES} procedures as one site, against plain Material: section manual-scale (bench/manual_scale.py)",
        "", f"Where the {builds[-1][0]}-clause build spends its time (cProfile, in-process; shares of the profiled total):", "",
        *profile,
    ]
    text = "\n".join(table + notes)
    print(text)
    write_section("scale", f"(b) Scale: a synthetic manual of {PROCEDURES} procedures x {CLAUSES} clauses", text)
    return 0


def pdf_seconds(source: Path, warm_up: Path, tmp_path: Path) -> float:
    """Seconds for ``write_pdf`` of the manual ``source``'s procedure, in a fresh process warmed up on ``warm_up``."""
    out = subprocess.run([sys.executable, __file__, "--pdf-child", str(source), str(warm_up), str(tmp_path)],
                         check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def pdf_child(source: Path, warm_up: Path, tmp_path: Path) -> None:
    write_pdf(load_manual(warm_up).procedures[0].content.policy, tmp_path / "warm-up.pdf")  # not counted
    policy = load_manual(source).procedures[0].content.policy
    start = time.perf_counter()
    write_pdf(policy, tmp_path / "measured.pdf")
    print(time.perf_counter() - start)


def profile_largest_build(tmp_path: Path, clauses: int) -> list[str]:
    config = write_synthetic_project(tmp_path / "profiled", clauses, reading_only=True)
    saved = {name: os.environ.get(name) for name in (PDF_SWITCH, PRECOMPRESS_SWITCH)}
    os.environ.update({PDF_SWITCH: "false", PRECOMPRESS_SWITCH: "false"})
    profiler = cProfile.Profile()
    try:
        profiler.runcall(build_site, config, tmp_path / "profiled-site")
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    stats = pstats.Stats(profiler).stats
    total = max(cumulative for (_, _, _, cumulative, _) in stats.values())
    lines = ["| part | share of build |", "|---|---|"]
    for label, file_suffix, function in BUCKETS:
        cumulative = sum(v[3] for (path, _, name), v in stats.items() if path.endswith(file_suffix) and name == function)
        lines.append(f"| {label} | {cumulative / total:.0%} |")
    return lines


if __name__ == "__main__":
    sys.exit(main())

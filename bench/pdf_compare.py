"""Benchmark: the PDFs, WeasyPrint (before) against Typst (now), side by side on the same content.

1. One procedure of 1, 300 and 9,000 clauses (bench/synthetic_policy.py),
   typeset in this process, warm (the typesetter loaded and one PDF made
   first, not counted): WeasyPrint with the print template and stylesheet of
   the last commit that had them (read from git), as
   ``policy_site/render/pdf.py`` then did it, against Typst (``write_pdf``).
   Each run typesets other words (every clause ends with the run's number):
   Typst remembers the layout of text it has typeset before, which would
   time a repeat, not a typesetting. Runs alternate (WeasyPrint, Typst,
   WeasyPrint, ...) so noise on this shared machine hits both alike; medians.
2. Cold, on 2 cores, each run a fresh process (Python started, the manual's
   YAML read, the typesetter loaded): a manual of 306 synthetic procedures of
   30 clauses, 6 of them drafts, so that its PDF holds 300 published
   procedures and 9,000 clauses:
   - the whole manual's PDF (``write_manual_pdf``, Typst; WeasyPrint never made one);
   - every PDF of the site, 2 worker processes, no cache: WeasyPrint's 306
     procedures against Typst's 306 procedures and the manual (``write_site_pdfs``).
   Both are also timed in CPU seconds (the process's, and its workers'),
   which other work on a shared machine does not inflate.

WeasyPrint is no longer a dependency of the project. To measure it again:
``pip install 'weasyprint>=70,<71'`` and Debian's ``libpango-1.0-0
libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core``; without it, the
Typst side is measured alone. Prints a Markdown table (bench/results.md is
written by hand from it).

Usage: python bench/pdf_compare.py [--runs 5] [--cold-runs 3] [--no-weasyprint-9000] [--cold-only]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from synthetic_policy import manual_mix, write_synthetic_manual, write_synthetic_source  # noqa: E402

from policy_site.load.manual_folder import load_manual  # noqa: E402
from policy_site.load.policy_file import load_policy  # noqa: E402
from policy_site.render.pdf import write_manual_pdf, write_pdf, write_site_pdfs  # noqa: E402

# The last commit whose PDFs WeasyPrint made: its print template and stylesheet.
WEASYPRINT_COMMIT = "c1e199af779e9ff549d283332ab99c9e048c9f7c"
WEASYPRINT_TEMPLATES = ("print.html.j2", "print_gap.html.j2", "print.css")
SIZES = (1, 300, 9000)
MANUAL_PROCEDURES, MANUAL_CLAUSES = 306, 30  # 6 drafts: 300 published x 30 = 9,000 clauses in the manual's PDF
WORKERS = 2


# ---------------------------------------------------------------- WeasyPrint, as it was


def weasyprint_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: pango missing
        return False
    return True


def weasyprint_templates(dest: Path) -> Path:
    """The WeasyPrint-era print template and stylesheet, from git, in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in WEASYPRINT_TEMPLATES:
        source = subprocess.run(
            ["git", "show", f"{WEASYPRINT_COMMIT}:policy_site/render/templates/{name}"],
            cwd=ROOT, check=True, capture_output=True,
        ).stdout
        (dest / name).write_bytes(source)
    return dest


def weasyprint_html(policy, templates: Path) -> str:
    """``render_print_html`` of that commit: the procedure as one HTML document for print."""
    import jinja2

    from policy_site.model.policy import Clause, Gap

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.tests["gap"] = lambda entry: isinstance(entry, Gap)
    env.tests["clause"] = lambda entry: isinstance(entry, Clause)
    meta = policy.metadata
    return env.get_template("print.html.j2").render(
        policy=policy, meta=meta, document_title=f"{meta.designation}: {meta.title}"
    )


def weasyprint_html_to_pdf(html: str, templates: Path, path: Path) -> Path:
    """``html_to_pdf`` of that commit (its URL fetcher only served these same files)."""
    import weasyprint

    weasyprint.HTML(string=html, base_url=templates.as_uri() + "/").write_pdf(path, pdf_variant="pdf/ua-1")
    return path


def weasyprint_pdf(policy, templates: Path, path: Path) -> Path:
    """``write_pdf`` of that commit."""
    return weasyprint_html_to_pdf(weasyprint_html(policy, templates), templates, path)


def weasyprint_site_pdfs(policies, templates: Path, site: Path, workers: int) -> None:
    """``write_site_pdfs`` of that commit, without its cache: the HTML rendered here, typeset in spawned workers."""
    (site / "downloads").mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        jobs = [
            pool.submit(weasyprint_html_to_pdf, weasyprint_html(p, templates), templates, site / "downloads" / f"{p.metadata.slug}.pdf")
            for p in policies
        ]
        for job in jobs:
            job.result()


# ---------------------------------------------------------------- one cold run, in a fresh process


def child(mode: str, source: Path, out: Path) -> None:
    """One cold run: read the manual, then typeset; prints the times as JSON."""
    start = time.perf_counter()
    manual = load_manual(source)
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    if mode == "typst-manual":
        write_manual_pdf(manual, out / "manual.pdf")
    elif mode == "typst-site":
        write_site_pdfs([p.content.policy for p in manual.procedures], out, None, workers=WORKERS, manual=manual)
    elif mode == "weasyprint-site":
        templates = weasyprint_templates(out / "weasyprint-templates")
        weasyprint_site_pdfs([p.content.policy for p in manual.procedures], templates, out, WORKERS)
    finished = os.times()  # the worker processes' CPU too, once they have ended
    print(json.dumps({
        "load": loaded - start, "typeset": time.perf_counter() - loaded, "typeset_cpu": time.process_time() - loaded_cpu,
        "cpu_with_workers": finished.user + finished.system + finished.children_user + finished.children_system,
    }))


def cold_run(mode: str, source: Path, scratch: Path) -> dict:
    out = Path(tempfile.mkdtemp(dir=scratch))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(source), str(out)], check=True, capture_output=True, text=True
    )
    times = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall": time.perf_counter() - start, **times}


# ---------------------------------------------------------------- the tables


def numbered(policy, run: int):
    """``policy`` with every clause's text ending in `` (run N)``: the same size, other words."""
    from policy_site.model.policy import Clause

    def entry(e):
        return dataclasses.replace(e, text=f"{e.text} (run {run})") if isinstance(e, Clause) and e.text else e

    return dataclasses.replace(policy, sections=tuple(
        dataclasses.replace(section, entries=tuple(entry(e) for e in section.entries)) for section in policy.sections
    ))


def median(values: list[float]) -> float:
    return statistics.median(values)


def runs_text(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


def warm_rows(runs: int, scratch: Path, weasyprint: bool, weasyprint_9000: bool) -> list[str]:
    rows = []
    templates = weasyprint_templates(scratch / "weasyprint-templates") if weasyprint else None
    for clauses in SIZES:
        source = write_synthetic_source(scratch / f"source-{clauses}", clauses, interactive=False)
        policy = load_policy(next((source / "procedures").iterdir()))
        with_weasyprint = weasyprint and (clauses < 9000 or weasyprint_9000)
        times: dict[str, list[float]] = {"weasyprint": [], "typst": []}
        write_pdf(numbered(policy, 0), scratch / "warm-typst.pdf")  # not counted
        if with_weasyprint:
            weasyprint_pdf(numbered(policy, 0), templates, scratch / "warm-weasyprint.pdf")
        count = runs if clauses < 9000 else max(1, min(runs, 3))
        for i in range(1, count + 1):
            variant = numbered(policy, i)
            if with_weasyprint:
                start = time.perf_counter()
                weasyprint_pdf(variant, templates, scratch / f"w-{clauses}-{i}.pdf")
                times["weasyprint"].append(time.perf_counter() - start)
            start = time.perf_counter()
            write_pdf(variant, scratch / f"t-{clauses}-{i}.pdf")
            times["typst"].append(time.perf_counter() - start)
        weasy = median(times["weasyprint"]) if times["weasyprint"] else None
        typst = median(times["typst"])
        rows.append(
            f"| one procedure, {clauses:,} clause{'s' if clauses != 1 else ''}, warm | "
            + (f"{weasy:.3f} ({runs_text(times['weasyprint'])})" if weasy is not None else "not measured")
            + f" | {typst:.3f} ({runs_text(times['typst'])}) | "
            + (f"{weasy / typst:.0f}x" if weasy is not None else "") + " |"
        )
        print(rows[-1], flush=True)
    return rows


def cold_rows(runs: int, scratch: Path, weasyprint: bool) -> list[str]:
    source = write_synthetic_manual(scratch / "manual", MANUAL_PROCEDURES, MANUAL_CLAUSES)
    drafts = sum(p.draft for p in manual_mix(MANUAL_PROCEDURES))
    published = MANUAL_PROCEDURES - drafts
    rows = []
    manual_runs = [cold_run("typst-manual", source, scratch) for _ in range(runs)]
    rows.append(
        f"| the whole manual's PDF ({published} procedures, {published * MANUAL_CLAUSES:,} clauses), cold, fresh process "
        f"| none made | {median([r['wall'] for r in manual_runs]):.2f} ({runs_text([r['wall'] for r in manual_runs])}); "
        f"of which typesetting {median([r['typeset'] for r in manual_runs]):.2f}, "
        f"CPU {median([r['typeset_cpu'] for r in manual_runs]):.2f}; reading the YAML {median([r['load'] for r in manual_runs]):.2f} | |"
    )
    print(rows[-1], flush=True)
    site: dict[str, list[dict]] = {"weasyprint-site": [], "typst-site": []}
    for _ in range(runs):  # alternating
        if weasyprint:
            site["weasyprint-site"].append(cold_run("weasyprint-site", source, scratch))
        site["typst-site"].append(cold_run("typst-site", source, scratch))
    weasy = [r["wall"] for r in site["weasyprint-site"]]
    typst = [r["wall"] for r in site["typst-site"]]
    weasy_cpu = [r["cpu_with_workers"] for r in site["weasyprint-site"]]
    typst_cpu = [r["cpu_with_workers"] for r in site["typst-site"]]
    rows.append(
        f"| every PDF of the site, {WORKERS} workers, no cache, cold: {MANUAL_PROCEDURES} procedures "
        f"({MANUAL_PROCEDURES * MANUAL_CLAUSES:,} clauses), and with Typst the manual's PDF too | "
        + (f"{median(weasy):.2f} ({runs_text(weasy)})" if weasy else "not measured")
        + f" | {median(typst):.2f} ({runs_text(typst)}) | "
        + (f"{median(weasy) / median(typst):.0f}x" if weasy else "") + " |"
    )
    rows.append(
        "| the same, CPU seconds of the process and its workers (not inflated by other work on the machine) | "
        + (f"{median(weasy_cpu):.2f} ({runs_text(weasy_cpu)})" if weasy_cpu else "not measured")
        + f" | {median(typst_cpu):.2f} ({runs_text(typst_cpu)}) | "
        + (f"{median(weasy_cpu) / median(typst_cpu):.0f}x" if weasy_cpu else "") + " |"
    )
    print("\n".join(rows[-2:]), flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each warm measurement (3 at most at 9,000 clauses)")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--no-weasyprint-9000", action="store_true", help="skip WeasyPrint's 9,000-clause procedure (about a minute a run)")
    parser.add_argument("--cold-only", action="store_true", help="only the cold runs (part 2)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SOURCE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    weasyprint = weasyprint_available()
    header = [
        f"Machine: {os.cpu_count()} CPUs, load average before the runs {os.getloadavg()[0]:.1f}; "
        f"WeasyPrint {'as of ' + WEASYPRINT_COMMIT[:7] if weasyprint else 'not installed: Typst alone'}.",
        "",
        "| what (seconds; median, then every run) | WeasyPrint | Typst | Typst is faster by |",
        "|---|---|---|---|",
    ]
    print("\n".join(header), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        if not args.cold_only:
            warm_rows(args.runs, scratch, weasyprint, not args.no_weasyprint_9000)
        cold_rows(args.cold_runs, scratch, weasyprint)
    print(f"\nload average after the runs: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

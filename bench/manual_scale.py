"""Benchmark: the whole manual as one site, at 300 procedures x 30 clauses.

A synthetic manual (bench/synthetic_policy.py: procedures numbered from 100
in named series, 1 in 10 interactive like the real one, the rest
reading-only; clause texts the real procedure's) is built and measured, all
in one run, side by side:

1. the full site build without PDFs (``policy build``, POLICY_SITE_PDF=false,
   POLICY_SITE_PRECOMPRESS=false) against plain Material + search building
   the same Markdown pages (bench/plain_material.py), at 1/4, 1/2 and the full
   size; runs alternate (ours, baseline, ours, ...) so noise on this shared
   machine hits both alike; medians. Goal: at most 1.5x at the full size,
   growing linearly;
2. where the build's time goes, part by part (timers around the functions,
   not a profiler, in one in-process build per size): Material's search,
   including its per-heading table-of-contents lookup (quadratic in the
   headings of one page), the theme's templates (which write the open
   part of the navigation into every page), Markdown, and our plugin's steps;
3. the PDFs: ``write_site_pdfs`` with 2 workers (every procedure's PDF and,
   where the plugin makes one, the whole manual's), build cache cold and
   warm, against one PDF's typesetting time; one ``policy build`` with PDFs
   on and the cache warm; and with --deploy-build the build as ``make build``
   runs it (PDFs and precompression on), its precompression cache cold and
   warm (cold, that is minutes: brotli 11 of every page);
4. edit-to-reload in the preview (PDFs on, cache warm), of the whole manual
   (``make serve``: ``mkdocs serve``) and of one procedure (``make serve
   PROCEDURE=<id>``: ``policy serve --procedure``): one clause's text edited
   in one procedure's policy.yaml, timed until the served page shows the new
   text; the PDF cache must gain exactly the entries of that procedure's PDF
   and the manual's PDF (which holds every procedure previewed), nothing else
   re-typeset. Goal: under 2 s;
5. the search index: raw and gzipped size, and whether each clause is still
   its own search entry.

With --what-if-unpruned, the full-size build is also timed without
Material's ``navigation.prune`` feature (which the project's mkdocs.yml turns
on), to see what pruning saves.

Wall-clock times and CPU seconds are both reported: the machine is shared,
and the CPU seconds of a build change little when someone else's work holds
the CPU.

Usage: python bench/manual_scale.py [--procedures 300] [--clauses 30] [--runs 3] [--edits 3]
                                    [--what-if-unpruned] [--deploy-build]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import inspect
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plain_material import make_plain_material_project  # noqa: E402  (bench/plain_material.py)
from report import write_section  # noqa: E402  (bench/report.py)
from synthetic_policy import describe_mix, manual_mix  # noqa: E402  (bench/synthetic_policy.py)
from synthetic_project import CACHE_FOLDER, read_config, write_config, write_synthetic_project  # noqa: E402

from policy_site.common.build_cache import BuildCache  # noqa: E402
from policy_site.load.manual_folder import load_manual  # noqa: E402
from policy_site.render import pdf as pdf_module  # noqa: E402
from policy_site.render.pdf import write_pdf, write_site_pdfs  # noqa: E402
from policy_site.render.site_layout import page_url, pdf_path, procedure_page  # noqa: E402

BIN = Path(sys.executable).parent
FRACTIONS = (0.25, 0.5, 1.0)
BUILD_GOAL, RELOAD_GOAL = 1.5, 2.0
PDF_WORKERS = 2
MANUAL_PDF = "downloads/manual.pdf"  # the whole manual's PDF, where the plugin makes one
# Read by mkdocs.yml (`!ENV`) into the policy plugin's options.
NO_PDF_ENV = {"POLICY_SITE_PDF": "false", "POLICY_SITE_PRECOMPRESS": "false", "NO_MKDOCS_2_WARNING": "1"}
SWITCHES = ("POLICY_SITE_PDF", "POLICY_SITE_PRECOMPRESS", "POLICY_SITE_BUILD_CACHE")


def environment(**overrides: str) -> dict[str, str]:
    """This process's environment without the plugin switches (so the defaults of mkdocs.yml hold), plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if k not in SWITCHES}
    return env | {"NO_MKDOCS_2_WARNING": "1"} | overrides


class Seconds(float):
    """Wall-clock seconds, with the CPU seconds (user + system, the process and every process it waited for) in ``cpu``.

    On this shared 2-core machine the wall clock also counts the time other
    people's work held the CPU; the CPU seconds do not, so their ratios are
    the steadier ones.
    """

    cpu: float = 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(command: list[str], env: dict[str, str], output: list[str] | None = None) -> Seconds:
    """Seconds ``command`` took (it must succeed); its stdout and stderr are appended to ``output``."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    run = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = Seconds(time.perf_counter() - start)
    seconds.cpu = _children_cpu() - cpu_before
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    if output is not None:
        output.append(run.stdout + run.stderr)
    return seconds


def ours_command(config: Path, site: Path) -> list[str]:
    return [str(BIN / "policy"), "build", "-f", str(config), "-d", str(site)]


def baseline_command(config: Path, site: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--strict", "-q", "-f", str(config), "-d", str(site)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def runs_text(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def cpu_median(values: list[Seconds]) -> float:
    return statistics.median(v.cpu for v in values)


def process_cpu(pid: int) -> float:
    """CPU seconds of a running process and of the children it has waited for (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


# --- 1. the build against plain Material --------------------------------------------------------


def compare_builds(sizes: dict[int, dict], runs: int) -> None:
    """Alternate ours / baseline (/ ours unpruned) at every size, ``runs`` times; times in ``sizes[n]["ours"|"base"|"unpruned"]``."""
    env = environment(**NO_PDF_ENV)
    largest = max(sizes)
    # Warm the OS file cache, the imports and the build cache; not counted.
    timed_run(ours_command(sizes[largest]["config"], sizes[largest]["ours_site"]), env)
    timed_run(baseline_command(sizes[largest]["baseline"], sizes[largest]["base_site"]), env)
    for run in range(runs):
        for n, size in sizes.items():
            size.setdefault("ours", []).append(timed_run(ours_command(size["config"], size["ours_site"]), env))
            size.setdefault("base", []).append(timed_run(baseline_command(size["baseline"], size["base_site"]), env))
            if "unpruned_config" in size:
                size.setdefault("unpruned", []).append(timed_run(ours_command(size["unpruned_config"], size["unpruned_site"]), env))
            print(f"  run {run + 1}/{runs}, {n} procedures: ours {size['ours'][-1]:.2f} s, "
                  f"plain Material {size['base'][-1]:.2f} s", flush=True)


def without_pruned_navigation(config: Path) -> Path:
    """A copy of ``config`` without Material's navigation.prune feature, beside it (same project, same cache)."""
    data = read_config(config)
    features = data["theme"].get("features") or []
    if "navigation.prune" not in features:
        raise SystemExit(f"{config}: navigation.prune is not on, so --what-if-unpruned has nothing to compare")
    data["theme"]["features"] = [f for f in features if f != "navigation.prune"]
    return write_config(data, config.with_name("mkdocs-unpruned.yml"))


# --- 5. the search index, and the pages' size -----------------------------------------------------------


def search_index_stats(site: Path, clauses: int) -> dict:
    raw = (site / "search" / "search_index.json").read_bytes()
    docs = json.loads(raw)["docs"]
    clause_docs = [d for d in docs if "#clause-" in d["location"]]
    return {
        "raw": len(raw), "gzip6": len(gzip.compress(raw, 6, mtime=0)), "gzip9": len(gzip.compress(raw, 9, mtime=0)),
        "docs": len(docs), "clause_docs": len(clause_docs),
        "clause_locations": len({d["location"] for d in clause_docs}), "clauses": clauses,
        "clause_text_empty": sum(1 for d in clause_docs if not d["text"].strip()),
    }


def real_index_ratio() -> float | None:
    """gzip-6 size / raw size of the real manual's search index (real, not reused, clause texts), if built."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        try:
            timed_run(ours_command(ROOT / "mkdocs.yml", site), environment(**NO_PDF_ENV))
        except SystemExit:
            return None
        raw = (site / "search" / "search_index.json").read_bytes()
    return len(gzip.compress(raw, 6, mtime=0)) / len(raw)


NAV_START, CONTENT_START = '<nav class="md-nav md-nav--primary"', '<div class="md-content"'


def page_stats(site: Path, slugs: list[str]) -> dict:
    """Average bytes of a procedure page, and of the navigation in it (everything from the primary nav to the content)."""
    sizes, navs, zipped = [], [], []
    for slug in slugs:
        html = (site / page_url(procedure_page(slug)) / "index.html").read_bytes()
        text = html.decode("utf-8")
        start, end = text.find(NAV_START), text.find(CONTENT_START)
        sizes.append(len(html))
        navs.append(len(text[start:end].encode()) if 0 <= start < end else 0)
        zipped.append(len(gzip.compress(html, 6, mtime=0)))
    return {"page": statistics.mean(sizes), "nav": statistics.mean(navs), "gzip6": statistics.mean(zipped),
            "site_bytes": sum(f.stat().st_size for f in site.rglob("*") if f.is_file())}


# --- 2. where the time goes: an in-process build with timers around chosen functions -------------

# (bucket, module, owner (class name or None for a module function), function). Inclusive times;
# a function that calls itself (the TOC lookup) counts once per outermost call.
PARTS = [
    ("our plugin: load + validate the manual (on_config)", "policy_site.mkdocs_plugin.plugin", "PolicyPlugin", "on_config"),
    ("our plugin: render the pages' Markdown (on_files)", "policy_site.mkdocs_plugin.plugin", "PolicyPlugin", "on_files"),
    ("our plugin: CSP check of every written page (on_post_page)", "policy_site.mkdocs_plugin.plugin", "PolicyPlugin", "on_post_page"),
    ("our plugin: engine files, server configs (on_post_build)", "policy_site.mkdocs_plugin.plugin", "PolicyPlugin", "on_post_build"),
    ("Markdown to HTML (MkDocs Page.render)", "mkdocs.structure.pages", "Page", "render"),
    ("Material search: index each page (on_page_context)", "material.plugins.search.plugin", "SearchPlugin", "on_page_context"),
    ("  of which: TOC lookup per heading (_find_toc_by_id, quadratic per page)", "material.plugins.search.plugin", "SearchIndex", "_find_toc_by_id"),
    ("Material search: write search_index.json (on_post_build)", "material.plugins.search.plugin", "SearchPlugin", "on_post_build"),
    ("theme templates: every page's HTML, navigation included", "jinja2.environment", "Template", "render"),
]
PAGE_BUILDER = ("mkdocs.commands.build", None, "_build_page")


def instrumented_build(config: Path, site: Path) -> dict:
    """Build once in this process with timers around PARTS; returns seconds and calls per part."""
    import importlib

    os.environ.update(NO_PDF_ENV)
    totals: dict[str, float] = collections.defaultdict(float)
    calls: dict[str, int] = collections.defaultdict(int)
    state = {"in_page": 0}

    def wrap(owner, name: str, bucket: str, only_in_page: bool = False):
        original = getattr(owner, name)
        depth = [0]

        def wrapper(*args, **kwargs):
            if depth[0] or (only_in_page and not state["in_page"]):
                return original(*args, **kwargs)
            depth[0] += 1
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
                totals[bucket] += time.perf_counter() - start
                calls[bucket] += 1

        setattr(owner, name, wrapper)

    for bucket, module, owner, function in PARTS:
        target = importlib.import_module(module)
        if owner:
            target = getattr(target, owner)
        # Jinja also renders our own page templates (in on_files): count only the theme's, while a page is built.
        wrap(target, function, bucket, only_in_page=module == "jinja2.environment")
    builder_module = importlib.import_module(PAGE_BUILDER[0])
    original_build_page = builder_module._build_page

    def build_page(*args, **kwargs):
        state["in_page"] += 1
        start = time.perf_counter()
        try:
            return original_build_page(*args, **kwargs)
        finally:
            state["in_page"] -= 1
            totals["_pages"] += time.perf_counter() - start
            calls["_pages"] += 1

    builder_module._build_page = build_page
    from policy_site.mkdocs_plugin.build import build_site

    start = time.perf_counter()
    build_site(config, site)
    totals["_total"] = time.perf_counter() - start
    return {"seconds": dict(totals), "calls": dict(calls)}


def run_instrumented(config: Path, site: Path) -> dict:
    """``instrumented_build`` in a fresh process (imports and memory as a real build's)."""
    out = subprocess.run([sys.executable, __file__, "--instrumented-build", str(config), str(site)],
                         env=environment(**NO_PDF_ENV), capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"instrumented build failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- 3. the PDFs -------------------------------------------------------------------------------


def pdf_times(config: Path, runs: int, scratch: Path) -> dict:
    """write_site_pdfs of every procedure (and the manual, as the plugin asks) with 2 workers: the project's PDF cache cold, then warm."""
    manual = load_manual(config.parent / "policy_src")
    policies = [p.content.policy for p in manual.procedures]
    # As the plugin calls it: with the manual's PDF too, where write_site_pdfs makes one.
    extra = {"manual": manual} if "manual" in inspect.signature(write_site_pdfs).parameters else {}
    cache = BuildCache.beside(config.parent)
    shutil.rmtree(cache.folder / "pdf", ignore_errors=True)
    # In this process, typesetter loaded (on the real procedure: other texts): one procedure's PDF at a time.
    from real_manual import APPENDIX_C_DIR
    from policy_site.load.policy_file import load_policy

    write_pdf(load_policy(APPENDIX_C_DIR), scratch / "warm-up.pdf")
    sample = policies[1:11] or policies[:1]
    start = time.perf_counter()
    for i, policy in enumerate(sample):
        write_pdf(policy, scratch / f"one-{i}.pdf")
    one_pdf = (time.perf_counter() - start) / len(sample)
    manual_pdf = []
    write_manual_pdf = getattr(pdf_module, "write_manual_pdf", None)
    if extra and write_manual_pdf is not None:
        for i in range(2):  # first in this process, then again (the typesetter reuses the layout it did)
            start = time.perf_counter()
            write_manual_pdf(manual, scratch / f"manual-{i}.pdf")
            manual_pdf.append(time.perf_counter() - start)
    cpu_before = time.process_time() + _children_cpu()
    start = time.perf_counter()
    write_site_pdfs(policies, scratch / "cold", cache, workers=PDF_WORKERS, **extra)
    cold = time.perf_counter() - start
    cold_cpu = time.process_time() + _children_cpu() - cpu_before  # the worker processes' included (waited for)
    entries = len(list((cache.folder / "pdf").iterdir()))
    warm = []
    for i in range(runs):
        start = time.perf_counter()
        write_site_pdfs(policies, scratch / f"warm-{i}", cache, workers=PDF_WORKERS, **extra)
        warm.append(time.perf_counter() - start)
    manual_bytes = (scratch / "cold" / "downloads" / "manual.pdf").stat().st_size if extra else 0
    return {"count": len(policies), "one_pdf": one_pdf, "cold": cold, "cold_cpu": cold_cpu, "warm": warm, "entries": entries,
            "with_manual": bool(extra), "manual_pdf": manual_pdf, "manual_bytes": manual_bytes}


PRECOMPRESSED = re.compile(r"precompressed: (\d+) \.br/\.gz files, (\d+) compressed anew")


def deploy_builds(config: Path, site: Path) -> list[dict]:
    """`policy build` as `make build` runs it (PDFs and precompression on), twice: the pages' siblings cold, then warm."""
    found = []
    for _ in range(2):
        output: list[str] = []
        seconds = timed_run(ours_command(config, site), environment(), output)
        match = PRECOMPRESSED.search(output[0])
        found.append({"seconds": seconds, "cpu": seconds.cpu, "siblings": int(match.group(1)) if match else None,
                      "anew": int(match.group(2)) if match else None})
    return found


# --- 4. edit-to-reload in mkdocs serve ----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 300) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def pdf_entries(project: Path) -> set[str]:
    folder = project / CACHE_FOLDER / "pdf"
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")} if folder.is_dir() else set()


def edit_targets(procedures: int, edits: int) -> list[int]:
    """Positions of the procedures to edit: spread over the manual; the second is an interactive one."""
    targets = [min(procedures - 1, procedures * (k + 1) // (edits + 1) + 1) for k in range(edits)]
    if edits > 1:
        targets[1] = (procedures // 2) // 10 * 10  # every 10th procedure is interactive
    return targets


def serve_edits(config: Path, procedures: int, edits: int, log_file: Path, one_procedure: bool = False,
                first_clause: int = 6) -> dict:
    """Start the preview (PDFs on, cache warm), edit one clause per round, time until the page shows it.

    one_procedure: preview only the procedure edited (`make serve PROCEDURE=...`), every round in
    that one; otherwise the whole manual (`make serve`: MkDocs' `mkdocs serve`), each round in another.
    first_clause: round n edits the synthetic clause first_clause + n - 1 (of the procedure's 30).
    """
    project = config.parent
    mix = manual_mix(procedures)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    targets = edit_targets(procedures, edits)
    if one_procedure:
        targets = [targets[0]] * edits
        command = [str(BIN / "policy"), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}",
                   "--procedure", mix[targets[0]].slug]
    else:
        command = [str(BIN / "mkdocs"), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
    entries_before_start = pdf_entries(project)
    with open(log_file, "w") as log:
        started = time.perf_counter()
        server = subprocess.Popen(command, env=environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    result: dict = {"rounds": []}
    try:
        first_page = base + page_url(procedure_page(mix[targets[0]].slug))
        deadline = time.monotonic() + 900
        while True:
            if server.poll() is not None:
                raise SystemExit(f"mkdocs serve exited:\n{log_file.read_text()[-3000:]}")
            try:
                if fetch(first_page, timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("mkdocs serve did not start within 15 minutes")
            time.sleep(0.2)
        result["startup"] = time.perf_counter() - started
        # The manual's PDF is typeset in the background after the first build: wait, so no round counts its work.
        while fetch(base + MANUAL_PDF)[0] != 200:
            if time.monotonic() > deadline:
                raise SystemExit("the preview wrote no manual PDF within 15 minutes")
            time.sleep(0.2)
        result["startup_new_pdfs"] = len(pdf_entries(project) - entries_before_start)
        # `mkdocs serve` writes no precompressed file (plugin: serving).
        result["serves_gz"] = fetch(base + "assets/stylesheets/policy.css.gz", timeout=30)[0] == 200
        for round_number, position in enumerate(targets, start=1):
            result["rounds"].append(_one_edit(project, base, mix, position, round_number, first_clause + round_number - 1,
                                              log_file, server.pid))
            time.sleep(1.0)  # let the watcher settle before the next edit
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return result


def _one_edit(project: Path, base: str, mix, position: int, round_number: int, clause: int, log_file: Path, pid: int) -> dict:
    target = mix[position]
    other = mix[0] if position != 0 else mix[1]
    page = base + page_url(procedure_page(target.slug))
    pdf_url, other_pdf_url, manual_url = base + pdf_path(target.slug), base + pdf_path(other.slug), base + MANUAL_PDF
    policy_file = project / "policy_src" / "procedures" / target.slug / "policy.yaml"
    # Another clause in each round, so one procedure can be edited in every
    # round; replaced everywhere it occurs (a scenario rule may quote its clause).
    old, marker = f"(Synthetic clause {clause} of procedure ", f"edited in round {round_number} (clause {clause})"
    text = policy_file.read_text(encoding="utf-8")
    assert old in text, f"{policy_file} has no {old!r}"
    pdf_before, (other_status, other_before) = fetch(pdf_url)[1], fetch(other_pdf_url)
    manual_status, manual_before = fetch(manual_url)
    entries_before = pdf_entries(project)
    builds_before = log_file.read_text().count("Documentation built in")
    cpu_before = process_cpu(pid)
    policy_file.write_text(text.replace(old, f"(Synthetic clause {clause}, {marker}, of procedure "), encoding="utf-8")
    edited = time.perf_counter()
    polls = 0
    while True:
        status, body = fetch(page)  # mkdocs serve holds a request until its rebuild is done
        polls += 1
        if status == 200 and marker.encode() in body:
            break
        if time.perf_counter() - edited > 600:
            raise SystemExit(f"the edit of {policy_file} did not show on {page} within 10 minutes")
        time.sleep(0.05)
    visible = time.perf_counter() - edited
    # The preview typesets the manual's PDF in the background after the page is
    # served (plugin: _manual_pdf_in_background): wait for the new one.
    manual_seconds = None
    while manual_status == 200:
        status, body = fetch(manual_url)
        if status == 200 and body != manual_before:
            manual_seconds = time.perf_counter() - edited
            break
        if time.perf_counter() - edited > 600:
            break
        time.sleep(0.2)
    cpu = process_cpu(pid) - cpu_before  # the rebuild's, and the PDF workers' (waited for by then)
    log_text = log_file.read_text()
    built = [float(x) for x in re.findall(r"Documentation built in ([\d.]+) seconds", log_text)]
    new_entries = pdf_entries(project) - entries_before
    return {
        "procedure": target.code, "interactive": target.interactive, "seconds": visible, "cpu": cpu, "polls": polls,
        "rebuilds": len(built) - builds_before, "mkdocs_build": built[-1] if len(built) > builds_before else None,
        "new_pdfs": len(new_entries), "pdf_changed": fetch(pdf_url)[1] != pdf_before,
        "manual_pdf": manual_status == 200, "manual_changed": manual_seconds is not None, "manual_seconds": manual_seconds,
        # None where the preview has no other procedure.
        "other_pdf_same": hashlib.sha256(fetch(other_pdf_url)[1]).digest() == hashlib.sha256(other_before).digest()
        if other_status == 200 else None,
    }


# --- the report -------------------------------------------------------------------------------


def serve_report(title: str, serve: dict, one_procedure: bool) -> list[str]:
    """Section 4's table for one preview: its start, and each round."""
    rounds = serve["rounds"]
    lines = ["", f"**Preview of {title}.** It served its first page {serve['startup']:.1f} s after it started, "
                 f"typesetting {serve['startup_new_pdfs']} PDFs (the rest came from the cache); precompressed files served: "
                 f"{'yes (unexpected)' if serve['serves_gz'] else 'none'}.", "",
             "| round | procedure | edit to page showing it (s) | MkDocs' own build time (s) | CPU of the rebuild (s) | rebuilds "
             "| PDFs typeset (new cache entries) | its PDF changed | manual's PDF changed (s after the edit) | another procedure's PDF unchanged |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for number, r in enumerate(rounds, start=1):
        build = f"{r['mkdocs_build']:.2f}" if r["mkdocs_build"] is not None else "?"
        manual = (f"yes ({r['manual_seconds']:.1f})" if r["manual_changed"] else "NO") if r["manual_pdf"] else "no manual PDF"
        other = "not in the preview" if r["other_pdf_same"] is None else ("yes" if r["other_pdf_same"] else "NO")
        lines.append(f"| {number} | {r['procedure']}{' (interactive)' if r['interactive'] else ''} | {r['seconds']:.2f} | {build} "
                     f"| {r['cpu']:.2f} | {r['rebuilds']} | {r['new_pdfs']} | {'yes' if r['pdf_changed'] else 'NO'} | {manual} | {other} |")
    only_touched = all(r["new_pdfs"] == 1 + r["manual_pdf"] and r["pdf_changed"] and r["other_pdf_same"] is not False
                       and (r["manual_changed"] or not r["manual_pdf"]) for r in rounds)
    lines += ["", "Only the edited procedure's PDF (and the manual's, which holds it) re-typeset: "
                  f"{'yes, in every round' if only_touched else 'NO (see the table)'}."]
    if one_procedure:
        lines.append("The preview's manual PDF holds only the procedure previewed.")
    return lines


def kb(count: float) -> str:
    return f"{count / 1000:,.1f} KB"


def report(args, found: dict) -> str:
    sizes, index, real_ratio = found["sizes"], found["index"], found["real_ratio"]
    parts, pages, pdfs, serve = found["parts"], found["pages"], found["pdfs"], found["serve"]
    n = args.procedures
    full = sizes[n]
    ratio = median(full["ours"]) / median(full["base"])
    lines = [
        f"Synthetic manual: {n} procedures x {args.clauses} clauses ({n * args.clauses} clauses): {describe_mix(n)}. "
        "Clause texts are the real procedure's 17, reused in turn, each with a suffix naming its clause and procedure. "
        f"Load average (1 min) at the start {found['load'][0]:.1f}, at the end {found['load'][1]:.1f} (2 cores, shared).", "",
        f"### 1. Site build without PDFs vs plain Material (median of {args.runs}, alternating)", "",
        "`policy build` with POLICY_SITE_PDF=false, POLICY_SITE_PRECOMPRESS=false (build cache warm) against "
        "`mkdocs build --strict` of the same generated Markdown, navigation and theme overrides with plain Material + search.", "",
        "Wall clock, and CPU seconds (user + system, child processes included: the steadier figure on this shared machine).", "",
        "| procedures | clauses | policy build (s) | plain Material (s) | ratio | CPU ours / Material (s) | CPU ratio "
        "| ours per procedure (ms) | Material per procedure (ms) | runs ours / Material (s) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for count, size in sizes.items():
        ours, base = median(size["ours"]), median(size["base"])
        ours_cpu, base_cpu = cpu_median(size["ours"]), cpu_median(size["base"])
        lines.append(f"| {count} | {count * args.clauses} | {ours:.2f} | {base:.2f} | {ours / base:.2f}x "
                     f"| {ours_cpu:.2f} / {base_cpu:.2f} | {ours_cpu / base_cpu:.2f}x | {ours / count * 1000:.1f} "
                     f"| {base / count * 1000:.1f} | {runs_text(size['ours'])} / {runs_text(size['base'])} |")
    smallest = min(sizes)
    growth_ours = (cpu_median(full["ours"]) / n) / (cpu_median(sizes[smallest]["ours"]) / smallest)
    growth_base = (cpu_median(full["base"]) / n) / (cpu_median(sizes[smallest]["base"]) / smallest)
    cpu_ratio = cpu_median(full["ours"]) / cpu_median(full["base"])
    lines += [
        "",
        f"- Goal at most {BUILD_GOAL:.1f}x at {n} procedures: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU "
        f"({'met' if max(ratio, cpu_ratio) <= BUILD_GOAL else 'NOT met'}).",
        f"- Growth, CPU time per procedure at {n} / at {smallest}: ours {growth_ours:.2f}, plain Material {growth_base:.2f} "
        "(1.00 = linear; this machine's run-to-run noise is some 15%). Both build the same navigation; "
        "each page holds the open part of it (navigation.prune: its series' procedures, next table), "
        "so that part grows with the square of the procedures in a series.",
    ]
    if "unpruned" in full:
        unpruned = median(full["unpruned"])
        lines.append(f"- What-if, ours without Material's `navigation.prune` (mkdocs.yml turns it on): {unpruned:.2f} s "
                     f"({runs_text(full['unpruned'])}; CPU {cpu_median(full['unpruned']):.2f}), {unpruned / median(full['ours']):.2f}x "
                     f"of ours with it (CPU {cpu_median(full['unpruned']) / cpu_median(full['ours']):.2f}x); procedure page "
                     f"{kb(found['unpruned_page']['page'])} (navigation {kb(found['unpruned_page']['nav'])}).")
    lines += [
        "", "Procedure page HTML (average over every procedure page; the rest of the page is the clauses):", "",
        "| procedures | procedure page | of which navigation | page gzip -6 | whole site on disk |", "|---|---|---|---|---|",
    ]
    for count, stats in pages.items():
        lines.append(f"| {count} | {kb(stats['page'])} | {kb(stats['nav'])} ({stats['nav'] / stats['page']:.0%}) "
                     f"| {kb(stats['gzip6'])} | {stats['site_bytes'] / 1e6:,.0f} MB |")

    lines += ["", "### 2. Where the build's time goes (one in-process build per size, timers around each part)", "",
              "Inclusive seconds (the part's share of the whole build in brackets); `build_site`, PDFs and precompression off. "
              "\"Growth\" is seconds per procedure at the largest size / at the smallest: 1.00 = linear.", "",
              "| part | " + " | ".join(f"{c} procedures" for c in parts) + " | growth |",
              "|---|" + "---|" * len(parts) + "---|"]
    first, last = min(parts), max(parts)
    for bucket, *_ in PARTS:
        cells = []
        for measured in parts.values():
            seconds = measured["seconds"].get(bucket, 0.0)
            cells.append(f"{seconds:.2f} ({seconds / measured['seconds']['_total']:.0%})")
        small, large = parts[first]["seconds"].get(bucket, 0.0), parts[last]["seconds"].get(bucket, 0.0)
        growth = f"{(large / last) / (small / first):.2f}" if small > 0.005 else "-"
        lines.append(f"| {bucket} | " + " | ".join(cells) + f" | {growth} |")
    cells = [f"{m['seconds']['_total']:.2f}" for m in parts.values()]
    total_growth = (parts[last]["seconds"]["_total"] / last) / (parts[first]["seconds"]["_total"] / first)
    lines.append("| **whole build** | " + " | ".join(cells) + f" | {total_growth:.2f} |")
    toc_bucket = PARTS[6][0]
    toc_calls = parts[last]["calls"].get(toc_bucket, 0)
    toc_seconds = parts[last]["seconds"].get(toc_bucket, 0.0)
    page_count = parts[last]["calls"].get("_pages", 0)
    lines += [
        "",
        f"Material's TOC lookup: at {last} procedures, {page_count} pages, {toc_calls} lookups "
        f"({toc_calls / max(page_count, 1):.0f} headings a page on average), {toc_seconds:.3f} s in all "
        f"({toc_seconds / parts[last]['seconds']['_total']:.1%} of the build), {toc_seconds / max(toc_calls, 1) * 1e6:.1f} µs a heading. "
        "It is quadratic in the headings of one page; with one page per procedure a page's headings do not grow "
        "with the manual, so its total grows linearly (its growth above). Compare the one-page case in section "
        "scale (bench/scale.py): one procedure of all the clauses on one page.",
    ]

    lines += ["", f"### 3. The PDFs ({pdfs['count']} procedures{' and the whole manual' if pdfs['with_manual'] else ''}, "
              f"`write_site_pdfs`, {PDF_WORKERS} workers)", "",
              "| what | seconds |", "|---|---|",
              f"| build cache cold: typeset every PDF ({pdfs['entries']} cache entries written) | {pdfs['cold']:.2f} (CPU {pdfs['cold_cpu']:.2f}) |",
              f"| build cache warm: copy every PDF from the cache (median of {len(pdfs['warm'])}: {runs_text(pdfs['warm'])}) | {median(pdfs['warm']):.2f} |",
              f"| one procedure's PDF, in-process, typesetter loaded (mean of 10) | {pdfs['one_pdf']:.3f} |"]
    if pdfs["manual_pdf"]:
        lines.append(f"| the manual's PDF ({kb(pdfs['manual_bytes'])}), in-process: first / again (layout reused) "
                     f"| {pdfs['manual_pdf'][0]:.2f} / {pdfs['manual_pdf'][1]:.2f} |")
    serial = pdfs["one_pdf"] * pdfs["count"] + (pdfs["manual_pdf"][0] if pdfs["manual_pdf"] else 0.0)
    lines += [f"| all of them one after another in one process (sum of the rows above) | {serial:.2f} |",
              f"| `policy build`, PDFs on, cache warm, no precompression (1 run; PDFs off: median {median(full['ours']):.2f}, "
              f"CPU {cpu_median(full['ours']):.2f}) | {found['pdf_build']:.2f} (CPU {found['pdf_build'].cpu:.2f}) |"]
    for label, deploy in zip(("precompression cache cold for the pages", "again: precompression cache warm"), found.get("deploy", [])):
        anew = f"{deploy['anew']} of {deploy['siblings']} .br/.gz compressed anew" if deploy["anew"] is not None else "?"
        lines.append(f"| `policy build` as `make build` (PDFs and precompression on), {label}: {anew} "
                     f"| {deploy['seconds']:.2f} (CPU {deploy['cpu']:.2f}) |")
    lines += ["", f"Cold, with {PDF_WORKERS} worker processes, every PDF takes {pdfs['cold'] / serial:.2f}x "
                  "the time of typesetting them one after another in one warm process, and "
                  f"{pdfs['cold_cpu'] / serial:.2f}x its CPU time (each worker process starts, loads the typesetter "
                  "and its fonts, and lays out from scratch)."]

    lines += ["", "### 4. Edit-to-reload in the preview (PDFs on, build cache warm)", "",
              "Each round edits one clause's text in one procedure's policy.yaml and polls that procedure's page "
              "over HTTP until it shows the new text."]
    lines += serve_report("the whole manual: `make serve` (`mkdocs serve`)", serve, one_procedure=False)
    lines += serve_report("one procedure: `make serve PROCEDURE=<id>` (`policy serve --procedure`)",
                          found["serve_one"], one_procedure=True)
    reload_median = median([r["seconds"] for r in serve["rounds"]])
    one_median = median([r["seconds"] for r in found["serve_one"]["rounds"]])
    lines += ["",
              f"- Goal under {RELOAD_GOAL:.0f} s: the whole manual, median {reload_median:.2f} s "
              f"({'met' if reload_median < RELOAD_GOAL else 'NOT met'}); one procedure, median {one_median:.2f} s "
              f"({'met' if one_median < RELOAD_GOAL else 'NOT met'}). "
              "MkDocs rebuilds the whole site on every change (its file watcher polls every 0.5 s, then a full build), "
              "so a reload takes at least a build of what is previewed (section 1 for the whole manual) plus the edited "
              "procedure's PDF; the manual's PDF follows in the background (its time in the tables)."]

    lines += ["", f"### 5. Search index ({n} procedures)", "",
              "| | |", "|---|---|",
              f"| search/search_index.json | {kb(index['raw'])} raw, {kb(index['gzip6'])} gzip -6, {kb(index['gzip9'])} gzip -9 |",
              f"| per procedure | {kb(index['raw'] / n)} raw, {kb(index['gzip6'] / n)} gzip -6 |",
              f"| search entries (docs) | {index['docs']} |",
              f"| entries at a `#clause-` location | {index['clause_docs']} ({index['clause_locations']} distinct), for {index['clauses']} clauses; "
              f"{index['clause_text_empty']} with empty text |",
              ""]
    if real_ratio is not None:
        lines.append(f"The synthetic clauses repeat 17 real texts, so they compress better than a real manual's would. "
                     f"The real manual's index compresses to {real_ratio:.1%} of its size (gzip -6); at that ratio this "
                     f"index would be about {kb(index['raw'] * real_ratio)} gzipped. Material's search fetches the whole "
                     "index when any page loads (bench/page_weight.py counts it in the procedure page's bytes).")
    each_clause = index["clause_docs"] == index["clauses"] == index["clause_locations"]
    lines.append(f"Each clause its own search entry: {'yes' if each_clause else 'NO'}.")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=300)
    parser.add_argument("--clauses", type=int, default=30, help="clauses per procedure")
    parser.add_argument("--runs", type=int, default=3, help="builds per variant and size (medians)")
    parser.add_argument("--edits", type=int, default=3, help="edit-to-reload rounds in mkdocs serve")
    parser.add_argument("--what-if-unpruned", action="store_true", help="also time the full size without navigation.prune")
    parser.add_argument("--deploy-build", action="store_true",
                        help="also time `make build`'s build (precompression on), its cache cold and warm "
                             "(cold, brotli 11 of every page: minutes at 300 procedures)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--instrumented-build", nargs=2, type=Path, metavar=("CONFIG", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.instrumented_build:
        print(json.dumps(instrumented_build(*args.instrumented_build)))
        return 0
    started = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        text = report(args, run_all(args, args.keep))
    else:
        with tempfile.TemporaryDirectory(prefix="manual-scale-") as tmp:
            text = report(args, run_all(args, Path(tmp)))
    text += f"\n\n_This benchmark took {(time.perf_counter() - started) / 60:.1f} minutes._"
    print(text)
    write_section("manual-scale", f"Manual scale: {args.procedures} procedures x {args.clauses} clauses as one site", text)
    return 0


def run_all(args, tmp_path: Path) -> dict:
    load_at_start = os.getloadavg()[0]
    counts = sorted({max(1, int(args.procedures * f)) for f in FRACTIONS})
    sizes: dict[int, dict] = {}
    print(f"writing synthetic manuals of {', '.join(map(str, counts))} procedures ...", flush=True)
    for count in counts:
        config = write_synthetic_project(tmp_path / f"project-{count}", args.clauses, count)
        sizes[count] = {"config": config, "baseline": make_plain_material_project(config, tmp_path / f"baseline-{count}"),
                        "ours_site": tmp_path / f"ours-site-{count}", "base_site": tmp_path / f"base-site-{count}"}
    full = sizes[args.procedures]
    if args.what_if_unpruned:
        full["unpruned_config"], full["unpruned_site"] = without_pruned_navigation(full["config"]), tmp_path / "unpruned-site"
    print("1. builds, ours and plain Material, alternating ...", flush=True)
    compare_builds(sizes, args.runs)
    found: dict = {"sizes": sizes}
    if args.what_if_unpruned:
        found["unpruned_page"] = page_stats(full["unpruned_site"], [p.slug for p in manual_mix(args.procedures)])
    manual = load_manual(full["config"].parent / "policy_src")
    found["index"] = search_index_stats(full["ours_site"], sum(len(p.content.policy.clauses) for p in manual.procedures))
    found["real_ratio"] = real_index_ratio()
    for site in ("ours_site", "base_site", "unpruned_site"):
        for size in sizes.values():
            if site in size:
                shutil.rmtree(size[site], ignore_errors=True)
    print("2. where the time goes ...", flush=True)
    found["parts"], found["pages"] = {}, {}
    for count, size in sizes.items():
        site = tmp_path / f"instrumented-{count}"
        found["parts"][count] = run_instrumented(size["config"], site)
        found["pages"][count] = page_stats(site, [p.slug for p in manual_mix(count)])
        shutil.rmtree(site, ignore_errors=True)
        print(f"  {count} procedures: {found['parts'][count]['seconds']['_total']:.2f} s", flush=True)
    print("3. PDFs ...", flush=True)
    scratch = tmp_path / "pdfs"
    scratch.mkdir(exist_ok=True)
    found["pdfs"] = pdf_times(full["config"], args.runs, scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    found["pdf_build"] = timed_run(ours_command(full["config"], tmp_path / "pdf-site"), environment(POLICY_SITE_PRECOMPRESS="false"))
    shutil.rmtree(tmp_path / "pdf-site", ignore_errors=True)
    if args.deploy_build:
        found["deploy"] = deploy_builds(full["config"], tmp_path / "deploy-site")
        shutil.rmtree(tmp_path / "deploy-site", ignore_errors=True)
    print("4. the preview, edit to reload (the whole manual, then one procedure) ...", flush=True)
    found["serve"] = serve_edits(full["config"], args.procedures, args.edits, tmp_path / "serve.log")
    found["serve_one"] = serve_edits(full["config"], args.procedures, args.edits, tmp_path / "serve-one.log",
                                    one_procedure=True, first_clause=6 + args.edits)
    found["load"] = (load_at_start, os.getloadavg()[0])
    return found


if __name__ == "__main__":
    sys.exit(main())

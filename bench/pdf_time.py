"""Benchmark: what the printable PDF adds to the site build.

Times ``policy build`` of this project with the PDF step and without it
(``POLICY_SITE_PDF=false``, which mkdocs.yml passes to the plugin's ``pdf`` option),
both with the build cache off (it would hand back the previous PDF) and
precompression off (without the cache it would brotli-compress Pyodide anew
every build, some 20 s that have nothing to do with the PDF). Runs
alternate (with, without, with, ...) so machine noise hits both alike; each
is a fresh process, as a real build is. Medians are reported, and the time of
``write_pdf`` alone, in-process, for comparison, of the manual's first
procedure (Appendix C; the real manual has only that one). A manual's many
PDFs, typeset in parallel and cached, are timed by bench/manual_scale.py.

Usage: python bench/pdf_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_site.render.pdf import write_pdf  # noqa: E402

from policy_site.load.policy_file import load_policy  # noqa: E402
from real_manual import APPENDIX_C_DIR  # noqa: E402  (bench/real_manual.py)
from report import write_section  # noqa: E402  (bench/report.py)

# Read by mkdocs.yml (`!ENV`) into the plugin's options.
PDF_SWITCH, CACHE_SWITCH, PRECOMPRESS_SWITCH = "POLICY_SITE_PDF", "POLICY_SITE_BUILD_CACHE", "POLICY_SITE_PRECOMPRESS"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def pdf_only_times(runs: int, out_dir: Path) -> list[float]:
    """``write_pdf`` alone, in this process (the typesetter already loaded after the first call)."""
    policy = load_policy(APPENDIX_C_DIR)
    write_pdf(policy, out_dir / "warm-up.pdf")  # load the typesetter and its fonts; not counted
    times = []
    for i in range(runs):
        start = time.perf_counter()
        write_pdf(policy, out_dir / f"run-{i}.pdf")
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float]) -> str:
    return f"| {name} | {statistics.median(times):.3f} | {', '.join(f'{t:.3f}' for t in times)} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    policy_command = str(Path(sys.executable).parent / "policy")
    # The build cache would hand back the previous PDF: turn it off to time the real work.
    with_pdf_env = {k: v for k, v in os.environ.items() if k != PDF_SWITCH} | {CACHE_SWITCH: "false", PRECOMPRESS_SWITCH: "false"}
    without_pdf_env = {**with_pdf_env, PDF_SWITCH: "false"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        command = [policy_command, "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")]
        timed(command, with_pdf_env), timed(command, without_pdf_env)  # warm the file cache; not counted
        with_pdf, without_pdf = [], []
        for _ in range(args.runs):
            with_pdf.append(timed(command, with_pdf_env))
            without_pdf.append(timed(command, without_pdf_env))
        pdf_alone = pdf_only_times(args.runs, tmp_path)
    added = statistics.median(with_pdf) - statistics.median(without_pdf)
    table = "\n".join([
        f"| build | median of {args.runs} (s) | runs (s) |",
        "|---|---|---|",
        row(f"policy build, with the PDF ({CACHE_SWITCH}=false, {PRECOMPRESS_SWITCH}=false)", with_pdf),
        row(f"policy build, without the PDF ({PDF_SWITCH}=false)", without_pdf),
        row("write_pdf alone, in-process (typesetter warm), Appendix C", pdf_alone),
        "",
        f"the PDF adds {added:.3f} s to the build ({added / statistics.median(without_pdf):.0%} of the build without it)",
    ])
    print(table)
    write_section("pdf-time", "What the PDF adds to the build", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

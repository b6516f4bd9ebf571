"""Write one benchmark's results into its own section of bench/results.md.

Each benchmark owns the lines between its two markers and rewrites only
those, so benchmarks can run alone or in any order without clobbering each
other. A missing file or section is created.
"""

from __future__ import annotations

import os
import platform
import re
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
HEADER = """# Benchmark results

Written by `make bench` (each script in `bench/` rewrites only its own section,
between its markers). Numbers are from the machine named in each section;
compare runs on the same machine only.
"""


def machine() -> str:
    """One line naming where and when the numbers were taken."""
    return (f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}")


def write_section(name: str, title: str, body: str, results: Path = RESULTS) -> None:
    """Replace (or add) the section ``name`` of ``results`` with ``title`` and ``body`` (Markdown)."""
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    section = f"{begin}\n## {title}\n\n_{machine()}_\n\n{body.strip()}\n{end}"
    text = results.read_text(encoding="utf-8") if results.exists() else HEADER
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(text, encoding="utf-8")
    print(f"(written to {results.relative_to(results.parent.parent)}, section {name!r})")

"""Optional benchmark: Lighthouse scores of every page, behind a server that compresses like production.

Not part of `make bench` and not in package.json: lighthouse@12.2.3 with its
dependencies is about 110 MB (146 packages), so it is fetched by ``npx`` into
npm's cache on first use. It drives Debian's Chromium (CHROME_PATH). The site
is served by bench/gzip_server.py with the security headers (strict CSP) the
build writes for production. Goal: 100 in every category on every page.

Usage: python bench/lighthouse.py [--pages procedures/<slug>/ procedures/<slug>/check/ ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gzip_server import GzipServer  # noqa: E402  (bench/gzip_server.py)
from policy_site.mkdocs_plugin.build import build_site  # noqa: E402
from policy_site.mkdocs_plugin.server_configs import read_security_headers  # noqa: E402
from real_manual import CHECK_URL, PROCEDURE_URL, QUIZ_URL  # noqa: E402  (bench/real_manual.py)
from report import write_section  # noqa: E402  (bench/report.py)

LIGHTHOUSE = "lighthouse@12.2.3"
# The Appendix C procedure's own pages (procedure/, check/, self-assessment/ only redirect there now).
PAGES = ["", PROCEDURE_URL, CHECK_URL, QUIZ_URL, "about/", "editing/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PRESETS = {"mobile": [], "desktop": ["--preset=desktop"]}  # mobile is Lighthouse's default (simulated slow 4G)


def audit(url: str, preset_flags: list[str], out: Path) -> dict:
    """Run Lighthouse once; returns {category: score 0-100} and the audits that lost points."""
    command = ["npx", "--yes", LIGHTHOUSE, url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
               *preset_flags]
    run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                         timeout=300)
    if run.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{run.stderr[-2000:]}")
    report = json.loads(out.read_text())
    scores = {name: round(category["score"] * 100) for name, category in report["categories"].items()}
    lost = sorted({
        f"{report['audits'][ref['id']]['title']} ({report['audits'][ref['id']]['score']:.2f})"
        for category in report["categories"].values() for ref in category["auditRefs"]
        if ref["weight"] > 0 and report["audits"][ref["id"]]["score"] is not None and report["audits"][ref["id"]]["score"] < 1
    })
    return {"scores": scores, "lost": lost}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", default=PAGES)
    args = parser.parse_args()
    lines = ["| page | preset | " + " | ".join(CATEGORIES) + " |", "|---|---|" + "---|" * len(CATEGORIES)]
    lost_points = []
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(ROOT / "mkdocs.yml", Path(tmp) / "site")
        server = GzipServer(site, read_security_headers(site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for path in args.pages:
            for preset, flags in PRESETS.items():
                result = audit(base + path, flags, Path(tmp) / "report.json")
                lines.append(f"| /{path} | {preset} | " + " | ".join(str(result["scores"][c]) for c in CATEGORIES) + " |")
                lost_points += [f"- /{path} ({preset}): {item}" for item in result["lost"]]
        server.shutdown()
    lines += ["", "Audits that lost points (score 0-1):", "", *(lost_points or ["- none"])]
    text = "\n".join(lines)
    print(text)
    write_section("lighthouse", "Lighthouse 12.2.3 (optional; gzip server, production headers)", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

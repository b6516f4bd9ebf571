"""Write what the browser needs to run the engine: bundle, wheel and Pyodide.

Only the pages that use the engine (the self-assessment, the scenario checker)
reference these files, so no other page downloads any of them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .content import Content
from .engine_bundle import make_bundle
from .engine_wheel import build_engine_wheel, engine_files
from .pyodide_runtime import copy_runtime
from .render import ENGINE_DIR, PYODIDE_DIR, QUIZ_PAGE, relative_url


def engine_version_tag(content: Content) -> str:
    """Changes whenever the engine code or the policy data changes: appended to
    the engine's URLs so browsers never mix a cached old engine with a new page."""
    digest = hashlib.sha256()
    for name, data in engine_files().items():
        digest.update(name.encode() + b"\0" + data)
    digest.update(json.dumps(make_bundle(content, ""), sort_keys=True).encode())
    return digest.hexdigest()[:12]


def write_engine_assets(content: Content, project_dir: Path, site_dir: Path) -> None:
    """Write bundle.json and the engine wheel into the site, and copy the verified Pyodide runtime."""
    engine_dir = site_dir / ENGINE_DIR
    engine_dir.mkdir(parents=True, exist_ok=True)
    # One bundle serves both engine pages; they sit at the same depth
    # (self-assessment/, check/), so one relative link to the procedure fits both.
    bundle = make_bundle(content, procedure_url=relative_url(QUIZ_PAGE, "procedure/"))
    (engine_dir / "bundle.json").write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
    build_engine_wheel(engine_dir)
    copy_runtime(project_dir, site_dir / PYODIDE_DIR)

"""Write what the browser needs to run the engine: bundle, wheel and Pyodide.

Only the pages that use the engine (the self-assessment, the scenario checker)
reference these files, so no other page downloads any of them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from quiz.bundle import read_bundle
from quiz.errors import EngineError
from quiz.json_input import read_request

from ..common.build_cache import BuildCache
from ..model.content import Content
from ..render.site_layout import ENGINE_DIR, PROCEDURE_PAGE, PYODIDE_DIR, QUIZ_PAGE, EngineSetup, page_url, relative_url
from .bundle import make_bundle
from .engine_workload import engine_workload
from .pyodide_runtime import PyodideRelease, copy_runtime
from .stdlib_cut import write_cut_runtime
from .wheel import build_engine_wheel, engine_sources, wheel_file_name

BUNDLE_FILE = "bundle.json"


class BundleRefused(Exception):
    """The engine would refuse the bundle the build made (e.g. over one of its limits)."""


def _procedure_url() -> str:
    # One bundle serves both engine pages; they sit at the same depth
    # (self-assessment/, check/), so one relative link to the procedure fits both.
    return relative_url(QUIZ_PAGE, page_url(PROCEDURE_PAGE))


def engine_setup(content: Content, start_timeout_seconds: int) -> EngineSetup:
    """Where the engine's files go, and a tag that changes whenever the engine
    code or the policy data changes (appended to their URLs, so browsers never
    mix a cached old engine with a new page)."""
    digest = hashlib.sha256()
    for name, data in engine_sources().items():
        digest.update(name.encode() + b"\0" + data)
    digest.update(json.dumps(make_bundle(content, "").to_json(), sort_keys=True).encode())
    return EngineSetup(
        bundle=f"{ENGINE_DIR}/{BUNDLE_FILE}",
        wheel=f"{ENGINE_DIR}/{wheel_file_name()}",
        version_tag=digest.hexdigest()[:12],
        start_timeout_seconds=start_timeout_seconds,
    )


def check_the_engine_accepts(bundle_text: str) -> None:
    """Read the bundle as the browser will load it, so a bundle over one of the
    engine's limits (quiz.limits) fails the build instead of every reader's page."""
    try:
        read_bundle(read_request(f'{{"op": "load", "bundle": {bundle_text}}}')["bundle"])
    except EngineError as exc:
        raise BundleRefused(f"the engine would refuse this site's bundle: {exc}") from None


def write_engine_assets(content: Content, project_dir: Path, site_dir: Path, cache: BuildCache | None = None) -> None:
    """Write bundle.json and the engine wheel into the site, copy the verified
    Pyodide runtime, and cut its standard library to what the engine uses."""
    engine_dir = site_dir / ENGINE_DIR
    engine_dir.mkdir(parents=True, exist_ok=True)
    bundle = make_bundle(content, procedure_url=_procedure_url())
    text = json.dumps(bundle.to_json(), ensure_ascii=False, indent=1)
    check_the_engine_accepts(text)
    (engine_dir / BUNDLE_FILE).write_text(text, encoding="utf-8")
    build_engine_wheel(engine_dir)
    release = PyodideRelease(project_dir)
    copy_runtime(release, site_dir / PYODIDE_DIR, cache)
    examples = [example.facts for example in content.examples]
    write_cut_runtime(release, site_dir / PYODIDE_DIR, lambda: engine_workload(json.loads(text), examples), cache)

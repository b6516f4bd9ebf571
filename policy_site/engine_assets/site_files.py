"""Write what the browser needs to run the engine: a bundle per procedure,
the wheel and Pyodide (shared by every procedure).

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
from ..model.history import History
from ..model.manual import Manual, Procedure
from ..render.site_layout import ENGINE_DIR, EngineSetup, link_between, procedure_page, quiz_page
from .bundle import make_bundle
from .engine_workload import engine_workload
from .pyodide_runtime import PyodideRelease, copy_runtime
from .runtime_folder import runtime_folder
from .stdlib_cut import write_cut_runtime
from .wheel import build_engine_wheel, engine_sources, wheel_file_name

BUNDLES_DIR = f"{ENGINE_DIR}/bundles"


class BundleRefused(Exception):
    """The engine would refuse the bundle the build made (e.g. over one of its limits)."""


def _procedure_url(procedure: Procedure) -> str:
    # One bundle serves both engine pages of a procedure; they sit at the same
    # depth (self-assessment/, check/), so one relative link to the procedure fits both.
    return link_between(quiz_page(procedure.id), procedure_page(procedure.id))


def bundle_path(procedure: Procedure) -> str:
    """The procedure's bundle in the site (its id is a checked slug: safe in a path)."""
    return f"{BUNDLES_DIR}/{procedure.id}.json"


def _engine_digest() -> "hashlib._Hash":
    digest = hashlib.sha256()
    for name, data in engine_sources().items():
        digest.update(name.encode() + b"\0" + data)
    return digest


def engine_setups(manual: Manual, project_dir: Path, start_timeout_seconds: int) -> dict[str, EngineSetup]:
    """For each procedure with an engine page: where its files go, a tag
    that changes whenever the engine code or its bundle changes (appended to
    their URLs, so browsers never mix a cached old engine with a new page),
    and the Pyodide folder, named for its own inputs (``runtime_folder``).

    Raises:
        RuntimeSetupError: the Pyodide pin cannot be read (only asked for when a page runs the engine).
    """
    users = [procedure for procedure in manual.procedures if procedure.runs_engine]
    if not users:
        return {}
    engine = _engine_digest()
    runtime = runtime_folder(project_dir)
    setups = {}
    for procedure in users:
        digest = engine.copy()
        digest.update(json.dumps(make_bundle(procedure.content, "", History(procedure)).to_json(), sort_keys=True).encode())
        setups[procedure.id] = EngineSetup(
            bundle=bundle_path(procedure),
            wheel=f"{ENGINE_DIR}/{wheel_file_name()}",
            version_tag=digest.hexdigest()[:12],
            runtime=runtime,
            start_timeout_seconds=start_timeout_seconds,
        )
    return setups


def check_the_engine_accepts(bundle_text: str, procedure_id: str) -> None:
    """Read the bundle as the browser will load it, so a bundle over one of the
    engine's limits (quiz.limits) fails the build instead of every reader's page."""
    try:
        read_bundle(read_request(f'{{"op": "load", "bundle": {bundle_text}}}')["bundle"])
    except EngineError as exc:
        raise BundleRefused(f"the engine would refuse the bundle of procedures/{procedure_id}/: {exc}") from None


def write_engine_assets(
    manual: Manual, setups: dict[str, EngineSetup], project_dir: Path, site_dir: Path, cache: BuildCache | None = None,
) -> None:
    """Write each procedure's bundle and the engine wheel into the site, copy the
    verified Pyodide runtime, and cut its standard library to what the engine uses.

    ``setups`` are the ones the pages were rendered with (``engine_setups``):
    the files go exactly where the pages look for them.
    """
    users = [p for p in manual.procedures if p.id in setups]
    if not users:
        return  # a manual for reading only: no page runs the engine, so none of it is shipped
    (site_dir / BUNDLES_DIR).mkdir(parents=True, exist_ok=True)
    workload_inputs = []
    for procedure in users:
        bundle = make_bundle(procedure.content, procedure_url=_procedure_url(procedure), history=History(procedure))
        text = json.dumps(bundle.to_json(), ensure_ascii=False, indent=1)
        check_the_engine_accepts(text, procedure.id)
        (site_dir / setups[procedure.id].bundle).write_text(text, encoding="utf-8")
        workload_inputs.append((text, [example.facts for example in procedure.content.examples]))
    build_engine_wheel(site_dir / ENGINE_DIR)
    release = PyodideRelease(project_dir)
    (runtime,) = {setup.runtime for setup in setups.values()}  # engine_setups gives every page the same one
    copy_runtime(release, site_dir / runtime, cache)
    # Every procedure's session: the recording is cached by engine code and
    # Pyodide release, so this runs once, not on every build.
    write_cut_runtime(
        release, site_dir / runtime,
        lambda: [request for text, examples in workload_inputs for request in engine_workload(json.loads(text), examples)],
        cache,
    )

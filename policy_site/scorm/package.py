"""Make the SCORM 1.2 package of one procedure's self-assessment from a built site.

The package holds the SCO (the self-assessment page), the procedure's page
and PDF (for the clauses it quotes), the stylesheets and scripts they load,
and the engine: the procedure's bundle, the engine wheel and Pyodide. It
requests nothing from any other host. ``imsmanifest.xml`` lists every file.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

from quiz.bundle import Bundle, read_bundle
from quiz.errors import EngineError

from ..mkdocs_plugin.server_configs import CONFIG_DIR, CSP_FILE
from ..render.site_layout import PROCEDURES_FOLDER, page_url, procedure_page, quiz_page
from .built_page import NotABuiltPage, read_built_page
from .contents import MissingFile, pyodide_files, scripts_needed
from .documents import PageRefused, package_csp, reading_document, sco_document
from .manifest import MANIFEST_FILE, ManifestFacts, manifest_xml
from .site_links import INDEX
from .suspend_data import SUSPEND_DATA_LIMIT, longest_suspend_data
from .zip_file import write_zip


class PackagingError(Exception):
    """The package cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Package:
    """A package's files (path in the package: content) and what its manifest says."""

    files: dict[str, bytes]
    manifest: ManifestFacts


@dataclass(frozen=True)
class PackageSummary:
    """What ``write_scorm_package`` wrote: where, how big, and what the LMS will call it."""

    path: Path
    size: int
    file_count: int
    title: str
    identifier: str
    launch: str


def _page_path(source: str) -> str:
    return page_url(source) + INDEX


def self_assessments(site_dir: Path) -> list[str]:
    """The ids of the procedures whose self-assessment the built site has, in name order."""
    folder = site_dir / PROCEDURES_FOLDER
    procedures = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    return [name for name in procedures if (site_dir / _page_path(quiz_page(name))).is_file()]


def _read_bundle(site_dir: Path, path: str) -> Bundle:
    try:
        return read_bundle(json.loads((site_dir / path).read_text(encoding="utf-8")))
    except (OSError, ValueError, EngineError) as exc:
        raise PackagingError(f"the built site's {path} cannot be read ({exc}); build the site again") from None


def _manifest_facts(bundle: Bundle, launch: str, files: list[str]) -> ManifestFacts:
    version = bundle.version or "version not stated"
    return ManifestFacts(
        identifier=f"policy-self-assessment-{bundle.slug}-{bundle.fingerprint}",
        version=bundle.fingerprint[:20],
        title=f"Annual self-assessment: {bundle.designation}: {bundle.title} ({version}; text {bundle.fingerprint})",
        mastery_score=bundle.pass_mark,
        launch=launch,
        files=tuple(sorted(files)),
    )


def scorm_package(site_dir: Path, procedure_id: str) -> Package:
    """The package of ``procedure_id``'s self-assessment, from the site built in ``site_dir``.

    Raises:
        PackagingError: the site has no such self-assessment, lacks a file, or
            its bank could not keep an attempt within SCORM 1.2's 4,096 characters.
    """
    sco = _page_path(quiz_page(procedure_id))
    reading = _page_path(procedure_page(procedure_id))
    if not (site_dir / sco).is_file():
        known = ", ".join(self_assessments(site_dir)) or "none"
        raise PackagingError(f"the built site has no self-assessment for {procedure_id!r} (a procedure needs questions.yaml for one); those it has: {known}")
    try:
        csp = package_csp((site_dir / CONFIG_DIR / CSP_FILE).read_text(encoding="utf-8").strip())
        sco_html, sco_refs = sco_document(site_dir, sco, read_built_page((site_dir / sco).read_text(encoding="utf-8"), sco), reading, csp)
        reading_html, reading_refs = reading_document(site_dir, reading, read_built_page((site_dir / reading).read_text(encoding="utf-8"), reading), csp)
    except OSError as exc:
        raise PackagingError(f"cannot read the built site ({exc}); build the site again") from None
    except (NotABuiltPage, PageRefused) as exc:
        raise PackagingError(str(exc)) from None

    bundle_path = sco_refs.engine["data-bundle"]
    bundle = _read_bundle(site_dir, bundle_path)
    longest = longest_suspend_data(bundle.fingerprint, (len(q.choices) for q in bundle.questions))
    if longest > SUSPEND_DATA_LIMIT:
        raise PackagingError(
            f"procedure {procedure_id}: an unfinished attempt at its {len(bundle.questions)} questions could take "
            f"{longest:,} characters, more than the {SUSPEND_DATA_LIMIT:,} SCORM 1.2 gives a package to keep one "
            "(cmi.suspend_data); fewer questions or fewer choices would fit"
        )
    # The citations link to the procedure's page in the package, by its file name.
    packaged_bundle = dataclasses.replace(bundle, procedure_url=posixpath.relpath(reading, posixpath.dirname(sco)))

    files: dict[str, bytes] = {sco: sco_html.encode("utf-8"), reading: reading_html.encode("utf-8")}
    files[bundle_path] = json.dumps(packaged_bundle.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    try:
        files.update(pyodide_files(site_dir, sco_refs.engine["data-pyodide"]))
        others = (sco_refs.files | reading_refs.files | scripts_needed(site_dir, sco_refs.scripts | reading_refs.scripts)) - set(files)
        for path in sorted(others):
            files[path] = (site_dir / path).read_bytes()
    except (MissingFile, OSError) as exc:
        raise PackagingError(str(exc)) from None

    facts = _manifest_facts(bundle, sco, list(files))
    files[MANIFEST_FILE] = manifest_xml(facts)
    return Package(files, facts)


def write_scorm_package(site_dir: Path, procedure_id: str, output: Path) -> PackageSummary:
    """Write the package of ``procedure_id``'s self-assessment to ``output`` (atomically).

    Raises:
        PackagingError: see :func:`scorm_package`.
        OSError: ``output`` could not be written.
    """
    package = scorm_package(site_dir, procedure_id)
    write_zip(output, package.files, first=MANIFEST_FILE)
    return PackageSummary(
        path=output,
        size=output.stat().st_size,
        file_count=len(package.files),
        title=package.manifest.title,
        identifier=package.manifest.identifier,
        launch=package.manifest.launch,
    )

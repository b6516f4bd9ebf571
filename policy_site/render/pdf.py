"""The printed procedures and the printed manual: tagged PDF/UA-1 files typeset by Typst.

Plain functions, independent of MkDocs, like the rest of ``render``: the site
plugin and ``policy pdf`` both call them. Each PDF is made of the same
:class:`~policy_site.model.Policy` as the web pages, in three steps, one
module each:

- ``pdf_data``: the procedure (or the manual) as JSON data;
- ``templates/pdf/*.typ``: the layout, a Typst template that reads the data
  with ``json()``, so policy text is never markup or code;
- ``typst_pdf``: the compiler, which exports PDF/UA-1 and refuses to write a
  PDF that breaks a rule of it.

This module says where the PDFs go and makes many at once: in worker
processes, and cached by content, so an edit re-typesets only the procedure
it touched (and the manual, which holds every procedure).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from ..common.build_cache import BuildCache, cache_key, cached_file
from ..model.manual import Manual
from ..model.policy import Policy
from .pdf_data import as_json, document_title, manual_document, procedure_document
from .site_layout import MANUAL_PDF_PATH, pdf_path
from .typst_pdf import FONTS, MANUAL_TEMPLATE, PROCEDURE_TEMPLATE, TEMPLATE_ROOT, PdfError, compiler_version, typeset

__all__ = [
    "MANUAL_PDF_PATH", "PdfError", "document_title", "manual_pdf_label", "pdf_file_name", "site_pdf_path",
    "write_manual_pdf", "write_pdf", "write_site_pdf", "write_site_pdfs",
]

# The whole manual in the built site. (A procedure whose slug is "manual"
# would take this name: write_site_pdfs refuses it.)
MANUAL_PDF_FILE = Path(MANUAL_PDF_PATH).name


def pdf_file_name(policy: Policy) -> str:
    """``<metadata.slug>.pdf``: the slug is the published name, never change it."""
    return Path(site_pdf_path(policy)).name


def site_pdf_path(policy: Policy) -> str:
    """Where the PDF lives in the built site, relative to its root (a URL path)."""
    return pdf_path(policy.metadata.slug)


def manual_pdf_label(manual: Manual) -> str:
    """What the home page's "Download PDF" link says the file is."""
    return f"{manual.info.title}, every published procedure"


def write_pdf(policy: Policy, path: Path, changes: dict | None = None) -> Path:
    """Write the printable procedure for ``policy`` to ``path`` (atomically) and return ``path``.

    Raises:
        PdfError: if the compiler refused (a PDF/UA-1 rule, or a template mistake).
    """
    return typeset(PROCEDURE_TEMPLATE, as_json(procedure_document(policy, changes)), path)


def write_manual_pdf(manual: Manual, path: Path) -> Path:
    """Write the whole manual (every published procedure, in order) to ``path`` and return ``path``."""
    return typeset(MANUAL_TEMPLATE, as_json(manual_document(manual)), path)


def write_site_manual_pdf(manual: Manual, site_dir: Path, cache: BuildCache | None = None) -> Path:
    """Write the manual's PDF where the home page links to it, from the cache when nothing changed."""
    job = _job(MANUAL_TEMPLATE, manual_document(manual), Path(site_dir) / MANUAL_PDF_PATH, _layout_fingerprint())
    return _typeset_job(job, cache)


def write_site_pdf(policy: Policy, site_dir: Path, cache: BuildCache | None = None) -> Path:
    """Write one procedure's PDF where the site links to it (``downloads/<slug>.pdf``)."""
    return write_site_pdfs([policy], site_dir, cache)[0]


@dataclass(frozen=True)
class _Job:
    """One PDF to make: its template, its data, its cache key and where it goes."""

    template: Path
    data_json: str
    key: str
    destination: Path


def _layout_fingerprint() -> str:
    """A key for everything besides the data that shapes a PDF: the templates, the fonts, the compiler."""
    parts = [compiler_version()]
    for path in sorted([*TEMPLATE_ROOT.rglob("*.typ"), *FONTS.glob("*.ttf")]):
        parts += [path.name, path.read_bytes()]
    return cache_key(*parts)  # once per build: the fonts alone are 1.4 MB


def _job(template: Path, data: dict, destination: Path, layout: str) -> _Job:
    data_json = as_json(data)
    return _Job(template, data_json, cache_key(template.name, data_json, layout), destination)


def _typeset_job(job: _Job, cache: BuildCache | None) -> Path:
    return cached_file(cache, "pdf", job.key, job.destination, lambda path: typeset(job.template, job.data_json, path))


def write_site_pdfs(
    policies: list[Policy],
    site_dir: Path,
    cache: BuildCache | None = None,
    workers: int | None = None,
    manual: Manual | None = None,
    changes: dict[str, dict] | None = None,
) -> list[Path]:
    """Write every procedure's PDF where the site links to it, and with ``manual`` the manual's PDF.
    ``changes`` (by slug, from ``pdf_data.change_summary``) ends each PDF with what changed.

    With a ``cache``, a PDF is reused when nothing that shapes it changed (its
    data, the templates, the fonts, the compiler's version), so an edit
    re-typesets only the procedure it touched, and the manual. The procedures
    are typeset in ``workers`` worker processes (default: one per core, at
    most 4): typesetting is CPU-bound and one PDF does not depend on another's.
    The manual, the longest job by far, is typeset meanwhile in this process,
    on a thread (the compiler lets go of Python's lock while it works): its
    data is not copied to a worker, and a worker is not slowed down afterwards
    by the compiler's memory of a thousand pages (a procedure typeset after
    the manual, in the same process, takes twice as long).

    Returns:
        The procedures' PDFs in the order of ``policies``, then the manual's.

    Raises:
        PdfError: if a PDF could not be made, or a procedure's PDF would take the manual's name.
    """
    site_dir = Path(site_dir)
    layout = _layout_fingerprint()
    manual_job = None
    if manual is not None:
        clash = [p.metadata.slug for p in policies if site_pdf_path(p) == MANUAL_PDF_PATH]
        if clash:
            raise PdfError(
                f"the procedure {clash[0]!r} would be published as {MANUAL_PDF_PATH}, the manual's PDF; "
                "rename its folder and its metadata.slug"
            )
        manual_job = _job(MANUAL_TEMPLATE, manual_document(manual), site_dir / MANUAL_PDF_PATH, layout)
    changes = changes or {}
    jobs = [
        _job(PROCEDURE_TEMPLATE, procedure_document(p, changes.get(p.metadata.slug)), site_dir / site_pdf_path(p), layout)
        for p in policies
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as this_process:
        manual_done = this_process.submit(_typeset_job, manual_job, cache) if manual_job else None
        try:
            _typeset_all(jobs, cache, workers)
        finally:
            if manual_done is not None:
                manual_done.result()  # its error, if it failed (and never leave it running)
    written = [job.destination for job in jobs]
    return written + [manual_job.destination] if manual_job else written


def _typeset_all(jobs: list[_Job], cache: BuildCache | None, workers: int | None) -> None:
    to_typeset = [job for job in jobs if cache is None or not cache.holds("pdf", job.key)]
    for job in jobs:
        if job not in to_typeset:
            _typeset_job(job, cache)  # a copy from the cache
    workers = min(workers or min(os.cpu_count() or 1, 4), len(to_typeset))
    if workers <= 1:
        for job in to_typeset:
            _typeset_job(job, cache)
        return
    # spawn, not fork: `mkdocs serve` runs threads, and a forked child may
    # inherit a lock one of them held.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for done in [pool.submit(_typeset_job, job, cache) for job in to_typeset]:
            done.result()

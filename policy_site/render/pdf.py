"""The printable procedure: a tagged (PDF/UA-1) PDF typeset by WeasyPrint.

Plain functions, independent of MkDocs, like ``render``: the site plugin and
``policy pdf`` both call :func:`write_pdf`. The PDF is built from the same
:class:`~policy_site.model.Policy` as the web page, through a Jinja2 template
(autoescape on: policy text is text) and a print stylesheet in ``templates/``.

WeasyPrint may fetch nothing but the files in ``templates/``: no network, no
other file on the machine. A reference to anything else stops the PDF with a
:class:`ResourceRefused` error instead of silently fetching it.
"""

from __future__ import annotations

import concurrent.futures
import importlib.metadata
import multiprocessing
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

from ..common.build_cache import BuildCache, cache_key, cached_file
from ..model.policy import Clause, Gap, Policy
from .site_layout import pdf_path

TEMPLATES = Path(__file__).resolve().parent / "templates"
PRINT_TEMPLATE = "print.html.j2"


class PdfError(Exception):
    """The PDF could not be made; the message says why and what to do."""


class ResourceRefused(PdfError, ValueError):
    """WeasyPrint asked for something outside ``templates/``; nothing was fetched."""


def pdf_file_name(policy: Policy) -> str:
    """``<metadata.slug>.pdf``: the slug is the published name, never change it."""
    return Path(site_pdf_path(policy)).name


def site_pdf_path(policy: Policy) -> str:
    """Where the PDF lives in the built site, relative to its root (a URL path)."""
    return pdf_path(policy.metadata.slug)


def document_title(policy: Policy) -> str:
    """The PDF's title (shown by viewers instead of the file name, as PDF/UA asks)."""
    return f"{policy.metadata.designation}: {policy.metadata.title}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.tests["gap"] = lambda entry: isinstance(entry, Gap)
    env.tests["clause"] = lambda entry: isinstance(entry, Clause)
    return env


_ENV = _environment()


def render_print_html(policy: Policy) -> str:
    """The whole procedure as one HTML document for print (title block, every clause and gap)."""
    return _ENV.get_template(PRINT_TEMPLATE).render(
        policy=policy, meta=policy.metadata, document_title=document_title(policy)
    )


def _weasyprint():
    """Import WeasyPrint only when a PDF is made, and say plainly what is missing.

    WeasyPrint loads Debian's pango libraries when imported; without them the
    import fails with a bare OSError, which a person cannot act on.
    """
    try:
        import weasyprint
        import weasyprint.urls
    except OSError as exc:
        raise PdfError(
            f"WeasyPrint cannot load its system libraries ({exc}). Install them with "
            "scripts/ensure-system-packages.sh (as root), or: apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
        ) from None
    return weasyprint


def local_only_fetcher(allowed_dir: Path = TEMPLATES):
    """A WeasyPrint URL fetcher that serves files inside ``allowed_dir`` and refuses all else."""
    weasyprint = _weasyprint()

    class LocalOnlyFetcher(weasyprint.urls.URLFetcher):
        def __init__(self):
            # fail_on_errors: a refused resource stops the PDF, instead of
            # becoming a warning and a PDF silently missing its stylesheet.
            super().__init__(allowed_protocols={"file"}, fail_on_errors=True)

        def fetch(self, url, headers=None):
            check_local_url(url, allowed_dir)
            return super().fetch(url, headers)

    return LocalOnlyFetcher()


def check_local_url(url: str, allowed_dir: Path = TEMPLATES) -> Path:
    """The file ``url`` names, if it is a ``file:`` URL inside ``allowed_dir``.

    Raises:
        ResourceRefused: for any other URL (http, https, data, ftp, or a file elsewhere).
    """
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(unquote(parts.path)).resolve()  # resolve: no escaping by ".." or symlinks
        if path.is_relative_to(allowed_dir.resolve()):
            return path
    raise ResourceRefused(
        f"the PDF may only use files in {allowed_dir}; refused to fetch {url!r}. "
        "Put the file in that folder and refer to it by a relative path, or remove the reference."
    )


def html_to_pdf(html: str, path: Path) -> Path:
    """Typeset ``html`` (relative URLs resolve in ``templates/``) into a tagged PDF at ``path``.

    The file is written beside ``path`` and renamed into place, so a failure
    never leaves half a PDF behind.

    Raises:
        ResourceRefused: if the HTML or CSS refers to anything outside ``templates/``.
        PdfError: if WeasyPrint or its system libraries are missing.
    """
    weasyprint = _weasyprint()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = weasyprint.HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=local_only_fetcher())
    # Not tempfile.mkstemp: its files are private (0600) and a web server
    # could not serve the PDF; this one gets the usual permissions (umask).
    partial = path.with_name(f".{path.name}.partial")
    try:
        # pdf/ua-1 turns on tagging (structure tree, MarkInfo) and PDF 1.7;
        # WeasyPrint takes the title from <title> and /Lang from <html lang>,
        # and embeds (a subset of) every font used, as PDF/UA requires.
        document.write_pdf(partial, pdf_variant="pdf/ua-1")
        os.replace(partial, path)
    except weasyprint.urls.FatalURLFetchingError as exc:
        # WeasyPrint wraps our refusal in a BaseException; hand the caller our
        # own, ordinary exception and message.
        cause = exc.__cause__
        raise (cause if isinstance(cause, ResourceRefused) else PdfError(str(exc))) from None
    finally:
        partial.unlink(missing_ok=True)
    return path


def write_pdf(policy: Policy, path: Path) -> Path:
    """Write the printable procedure for ``policy`` to ``path`` and return ``path``."""
    return html_to_pdf(render_print_html(policy), path)


def write_site_pdf(policy: Policy, site_dir: Path, cache: BuildCache | None = None) -> Path:
    """Write one procedure's PDF where the site links to it (``downloads/<slug>.pdf``)."""
    return write_site_pdfs([policy], site_dir, cache)[0]


def _typeset_job(html: str, key: str, destination: Path, cache: BuildCache | None) -> Path:
    return cached_file(cache, "pdf", key, destination, lambda path: html_to_pdf(html, path))


def write_site_pdfs(policies: list[Policy], site_dir: Path, cache: BuildCache | None = None, workers: int | None = None) -> list[Path]:
    """Write every procedure's PDF where the site links to it.

    With a ``cache``, a PDF is reused when nothing that shapes it changed (the
    print HTML, its stylesheet, WeasyPrint's version), so an edit re-typesets
    only the procedure it touched. The rest are typeset in ``workers`` worker
    processes (default: one per core, at most 4): typesetting is CPU-bound and
    one procedure's PDF does not depend on another's.
    """
    version = importlib.metadata.version("weasyprint")
    stylesheet = (TEMPLATES / "print.css").read_bytes()
    jobs = []
    for policy in policies:
        html = render_print_html(policy)
        jobs.append((html, cache_key(html, stylesheet, version), Path(site_dir) / site_pdf_path(policy)))
    cached = [job for job in jobs if cache is not None and cache.holds("pdf", job[1])]
    to_typeset = [job for job in jobs if job not in cached]
    for html, key, destination in cached:
        _typeset_job(html, key, destination, cache)
    workers = min(workers or min(os.cpu_count() or 1, 4), len(to_typeset))
    if workers <= 1:
        for html, key, destination in to_typeset:
            _typeset_job(html, key, destination, cache)
    else:
        # spawn, not fork: `mkdocs serve` runs threads, and a forked child may
        # inherit a lock one of them held.
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for done in [pool.submit(_typeset_job, *job, cache) for job in to_typeset]:
                done.result()
    return [destination for _, _, destination in jobs]

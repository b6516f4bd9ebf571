"""Where everything lives in the built site: page sources, their URLs, and
the folders the engine's files go in.

Pages and engine assets both need these paths, so they are written down once.
URLs are relative (the site must work under any path prefix). A procedure's
id is its folder name, which the loader has checked is a slug (lower-case
letters, digits and hyphens), so it is safe in a path and a URL.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

# Generated pages, as source paths relative to docs/.
HOME_PAGE = "index.md"
PROCEDURES_FOLDER = "procedures"

# Folders, relative to the site root.
ENGINE_DIR = "assets/engine"
# The parent of the one Pyodide folder a build writes (pyodide_runtime_dir);
# the servers' Cache-Control rules name this folder.
PYODIDE_DIR = "assets/pyodide"
SCRIPTS_DIR = "assets/quiz"
DOWNLOADS_DIR = "downloads"


def pyodide_runtime_dir(pin_version: str, tag: str) -> str:
    """The folder of one build's Pyodide runtime (``assets/pyodide/314.0.7-3f9a2c1d0b``): the pinned
    version and a tag of every input that decides its files' bytes, so that new bytes get a new URL
    (``engine_assets.runtime_folder``)."""
    return f"{PYODIDE_DIR}/{pin_version}-{tag}"


def procedure_page(procedure_id: str) -> str:
    return f"{PROCEDURES_FOLDER}/{procedure_id}/index.md"


def quiz_page(procedure_id: str) -> str:
    return f"{PROCEDURES_FOLDER}/{procedure_id}/self-assessment.md"


def check_page(procedure_id: str) -> str:
    return f"{PROCEDURES_FOLDER}/{procedure_id}/check.md"



def changes_page(procedure_id: str) -> str:
    return f"{PROCEDURES_FOLDER}/{procedure_id}/changes.md"


# The Atom feed of every procedure's releases, at the site's root.
FEED_FILE = "changes.xml"

# The addresses of the site before it became a manual, when it published one
# procedure: each now leads to that procedure's page of the same kind.
FORMER_PAGES = {
    "procedure.md": procedure_page,
    "self-assessment.md": quiz_page,
    "check.md": check_page,
}


@dataclass(frozen=True)
class EngineSetup:
    """What a page needs to start the engine: its files in the site (paths
    from the site root), the tag that versions their URLs (so a browser never
    pairs a cached old engine or bundle with a new page), the folder of the
    Pyodide runtime (``pyodide_runtime_dir``: versioned by its name), and how
    long the page waits for it before saying it could not start."""

    bundle: str
    wheel: str
    version_tag: str
    runtime: str
    start_timeout_seconds: int = 30


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page (``procedures/x/check.md`` -> ``procedures/x/check/``,
    ``procedures/x/index.md`` -> ``procedures/x/``)."""
    if src_uri == HOME_PAGE:
        return ""
    if src_uri.endswith("/" + HOME_PAGE):
        return src_uri.removesuffix(HOME_PAGE)
    return src_uri.removesuffix(".md") + "/"


def relative_url(from_uri: str, site_path: str) -> str:
    """A URL to ``site_path`` (relative to the site root) from the page ``from_uri``."""
    return "../" * page_url(from_uri).count("/") + site_path


def link_between(from_uri: str, to_uri: str) -> str:
    """The shortest relative URL from the page ``from_uri`` to the page ``to_uri``
    (``../`` from a procedure's check/ page to the procedure)."""
    here, there = page_url(from_uri) or ".", page_url(to_uri) or "."
    path = posixpath.relpath(there, here)
    return "./" if path == "." else path + "/"


# The whole manual as one PDF, linked from the home page. No procedure may
# have the slug "manual" (the loader refuses it), so no PDF takes its name.
MANUAL_PDF_PATH = f"{DOWNLOADS_DIR}/manual.pdf"


def pdf_path(slug: str) -> str:
    """Where a procedure's PDF lives in the built site (``downloads/<slug>.pdf``): the slug is its published name."""
    return f"{DOWNLOADS_DIR}/{slug}.pdf"

"""Where everything lives in the built site: page sources, their URLs, and
the folders the engine's files go in.

Pages and engine assets both need these paths, so they are written down once.
URLs are relative (the site must work under any path prefix).
"""

from __future__ import annotations

from dataclasses import dataclass

# Generated pages, as source paths relative to docs/.
HOME_PAGE = "index.md"
PROCEDURE_PAGE = "procedure.md"
QUIZ_PAGE = "self-assessment.md"
CHECK_PAGE = "check.md"

# Folders, relative to the site root.
ENGINE_DIR = "assets/engine"
PYODIDE_DIR = "assets/pyodide"
SCRIPTS_DIR = "assets/quiz"
DOWNLOADS_DIR = "downloads"


@dataclass(frozen=True)
class EngineSetup:
    """What a page needs to start the engine: its files in the site (paths
    from the site root), the tag that versions their URLs (so a browser never
    pairs a cached old engine or bundle with a new page), and how long the page
    waits for it before saying it could not start."""

    bundle: str
    wheel: str
    version_tag: str
    start_timeout_seconds: int = 30


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page (``procedure.md`` -> ``procedure/``)."""
    return "" if src_uri == HOME_PAGE else src_uri.removesuffix(".md") + "/"


def relative_url(from_uri: str, site_path: str) -> str:
    """A URL to ``site_path`` (relative to the site root) from the page ``from_uri``."""
    return "../" * page_url(from_uri).count("/") + site_path

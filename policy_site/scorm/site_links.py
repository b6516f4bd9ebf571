"""Where a URL in a built page leads, as a path in the site (and so in the package).

Pages and their files keep the places they have in the site, so the relative
URLs the build wrote stay right in the package. Only one kind must change: a
link to a page as a folder (``../``), which a web server answers with the
folder's ``index.html`` but an LMS, serving the package's files one by one,
does not. In the package such a link names the file.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

INDEX = "index.html"


@dataclass(frozen=True)
class SiteLink:
    """A relative URL in a page, resolved.

    Attributes:
        path: the file it leads to, from the site's root (``procedures/x/index.html``);
            the page itself for a link to a place on the page (``#clause-1-9``).
        written: the URL as the page has it.
    """

    path: str
    written: str

    @property
    def to_this_page_only(self) -> bool:
        """A link to a place on the same page (``#…``), or to the page itself."""
        return not urlsplit(self.written).path

    def naming_the_file(self) -> str:
        """The URL, with a folder's ``index.html`` spelled out (query and fragment kept)."""
        parts = urlsplit(self.written)
        if parts.path.endswith("/") or parts.path in ("..", "."):
            parts = parts._replace(path=parts.path.rstrip("/") + "/" + INDEX)
        return urlunsplit(parts)


class LeavesTheSite(ValueError):
    """A URL that names another host (or a scheme such as ``mailto:``), not a file of the site."""


def resolve(page: str, url: str) -> SiteLink:
    """Where ``url``, written in the page at ``page`` (from the site's root), leads.

    Raises:
        LeavesTheSite: ``url`` is absolute (has a scheme or a host) or climbs above the site's root.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        raise LeavesTheSite(url)
    if not parts.path:
        return SiteLink(page, url)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        raise LeavesTheSite(url)
    if parts.path.endswith("/") or parts.path in ("..", "."):
        joined = INDEX if joined == "." else f"{joined}/{INDEX}"
    return SiteLink(joined, url)

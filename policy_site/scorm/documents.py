"""The package's two pages, made from the site's: the SCO and the procedure it quotes.

Each keeps its built article as written, with the site's stylesheets, in a
document of its own: a Content-Security-Policy ``<meta>`` tag first, and no
site chrome (see ``built_page``). The SCO is the self-assessment page, with
the SCORM run-time script loaded just before the quiz's own (so it hears the
quiz's first event), and a longer start-up time limit (an LMS serves the
engine's files as they are, without the site's compression). The procedure
page is there so that the clauses each answer cites can be read in full; the
SCO opens it in a window of its own when it runs in an LMS.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .built_page import BuiltPage
from .html_rewrite import rewrite_tags, start_tag
from .site_links import LeavesTheSite, resolve

# How long the package's page waits for the engine (seconds). The site's 30 s
# assumes a server that sends Pyodide brotli-compressed (2.7 MB for its 9.6 MB
# interpreter); an LMS serves the package's files as they are.
PACKAGE_START_TIMEOUT_SECONDS = 90

# The SCORM run-time (a module, run before quiz-page.js), and the note for a
# page opened from disk, where no module script runs (a classic script).
SCO_SCRIPT = "scorm-sco.js"
FILE_NOTE_SCRIPT = "scorm-file.js"
QUIZ_SCRIPT = "quiz-page.js"

# Pyodide's module, as the package ships it (see contents.PACKAGED_NAMES);
# and the page asks the engine to compile Pyodide's wasm whatever type the
# LMS sends it with (data-wasm-any-type: Moodle sends application/octet-stream,
# and browsers compile a download as it arrives only for application/wasm).
PACKAGED_PYODIDE_MODULE = "pyodide.js"

# What the site's page says that is not true in an LMS. Each is found in the
# built page (exactly once) and replaced; if the page's words change, the
# package is refused with a message naming this file, rather than telling
# staff their result goes nowhere when their LMS records it.
PRIVACY_PARAGRAPH_START = "<p><strong>Private by design:</strong>"
PACKAGE_PRIVACY_PARAGRAPH = (
    "<p><strong>Private by design:</strong> your answers are checked here in your browser. "
    '<span class="scorm-connection">Opened from your learning management system (LMS), this self-assessment '
    "sends it your score, whether you passed and your unfinished answers, which it keeps with your login; "
    "nothing goes anywhere else.</span></p>"
)
SITE_COMPLETION_SENTENCE = "The record is made in your browser; nothing is sent anywhere and your name is not saved."
PACKAGE_COMPLETION_SENTENCE = "The record is made in your browser and is not sent anywhere; your name is not saved."

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\ssrc\s*=)[^>]*>", re.I)


class PageRefused(Exception):
    """A built page cannot be packaged as it is; the message says why and what to change."""


@dataclass
class PageFiles:
    """The site files a packaged page refers to (paths from the site's root), as found while rewriting it."""

    files: set[str] = field(default_factory=set)
    scripts: set[str] = field(default_factory=set)
    engine: dict[str, str] = field(default_factory=dict)  # the #quiz attribute: the path it names


def package_csp(site_csp: str) -> str:
    """The site's Content-Security-Policy for a ``<meta>`` tag: every directive but ``frame-ancestors``.

    The site forbids framing; an LMS shows the package in a frame. (A ``<meta>``
    policy cannot carry ``frame-ancestors`` anyway: browsers ignore it there.)
    """
    directives = [d.strip() for d in site_csp.split(";") if d.strip()]
    return "; ".join(d for d in directives if d.split()[0].lower() != "frame-ancestors")


def document(page: BuiltPage, article: str, csp: str, head_scripts: str = "") -> str:
    """A whole page: the CSP first, the built page's title, stylesheets and icon, and ``article`` in Material's layout."""
    escape = lambda value: html.escape(value, quote=True)  # noqa: E731
    stylesheets = "".join(f'<link rel="stylesheet" href="{escape(href)}">\n' for href in page.stylesheets)
    stylesheets += "".join(f'<link rel="icon" href="{escape(href)}">\n' for href in page.icons)
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(page.language)}">\n<head>\n<meta charset="utf-8">\n'
        # The policy has quotes of its own ('self'): only what ends the attribute is escaped.
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False).replace(chr(34), "&quot;")}">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{page.title}</title>\n{stylesheets}{head_scripts}</head>\n"
        f"{start_tag('body', list(page.body_attributes))}\n"
        '<div class="md-container">\n<main class="md-main">\n<div class="md-main__inner md-grid">\n'
        f'<div class="md-content">\n<article class="md-content__inner md-typeset">{article}</article>\n'
        "</div>\n</div>\n</main>\n</div>\n</body>\n</html>\n"
    )


class _PageLinks:
    """Rewrites one page's tags for the package, collecting the files they name.

    Links (``a href``, and the quiz's ``data-*-url``) to a place on the page,
    to another host, or to a file of the site other than a page are kept as
    written; a link to a page is kept only for the pages in ``pages`` (written
    with ``index.html``), and otherwise loses its ``href`` (its words stay, as
    plain text): the package holds no other page.
    """

    def __init__(self, site_dir: Path, page: str, pages: set[str]):
        self.site_dir = site_dir
        self.page = page
        self.pages = pages
        self.found = PageFiles()
        self.quiz_script_tags: list[str] = []

    def file(self, url: str, what: str) -> str:
        try:
            path = resolve(self.page, url).path
        except LeavesTheSite:
            raise PageRefused(f"{self.page}: {what} {url!r} is not a file of the site; the package must hold all it loads") from None
        if not (self.site_dir / path).is_file():
            raise PageRefused(f"{self.page}: {what} {url!r} names {path}, which the built site does not have")
        self.found.files.add(path)
        return path

    def link(self, url: str) -> str | None:
        try:
            target = resolve(self.page, url)
        except LeavesTheSite:
            return url if re.match(r"[a-z][a-z0-9+.-]*:|//", url, re.I) else None
        if target.to_this_page_only:
            return url
        if target.path.endswith(".html"):
            return target.naming_the_file() if target.path in self.pages else None
        if (self.site_dir / target.path).is_file():
            self.found.files.add(target.path)
            return url
        return None

    def __call__(self, tag: str, attributes: list[tuple[str, str | None]]):
        values = dict(attributes)
        changed = []
        for name, value in attributes:
            if value is None:
                changed.append((name, value))
            elif (tag == "a" and name == "href") or (name.startswith("data-") and name.endswith("-url")):
                new = self.link(value)
                if new is not None:
                    changed.append((name, new))
            elif (tag == "script" and name == "src") or (tag in ("link", "img") and name in ("href", "src")):
                path = self.file(value, f"<{tag} {name}>")
                if tag == "script" or (values.get("rel") == "modulepreload"):
                    self.found.scripts.add(path)
                if tag == "script" and posixpath.basename(path) == QUIZ_SCRIPT:
                    self.quiz_script_tags.append(value)
                changed.append((name, value))
            elif tag == "div" and values.get("id") == "quiz" and name in ("data-bundle", "data-wheel"):
                self.found.engine[name] = self.file(value, name)
                changed.append((name, value))
            elif tag == "div" and values.get("id") == "quiz" and name == "data-pyodide":
                self.found.engine[name] = posixpath.dirname(resolve(self.page, value + "pyodide.mjs").path)
                changed.append((name, value))
                changed.append(("data-pyodide-module", PACKAGED_PYODIDE_MODULE))
                changed.append(("data-wasm-any-type", None))
            elif tag == "div" and values.get("id") == "quiz" and name == "data-engine-timeout":
                changed.append((name, str(PACKAGE_START_TIMEOUT_SECONDS)))
            else:
                changed.append((name, value))
        return None if changed == attributes else changed


def _replace_once(text: str, old: str, new: str, page: str, what: str) -> str:
    if text.count(old) != 1:
        raise PageRefused(
            f"{page}: the package replaces {what} ({old!r}), but the built page has it "
            f"{text.count(old)} times; update policy_site/scorm/documents.py to the page's new words"
        )
    return text.replace(old, new)


def _no_inline_script(html_text: str, page: str) -> None:
    if _INLINE_SCRIPT.search(html_text):
        raise PageRefused(f"{page}: the packaged page would hold an inline script; the package runs only its own files")


def sco_document(site_dir: Path, sco: str, page: BuiltPage, reading_page: str, csp: str) -> tuple[str, PageFiles]:
    """The SCO: the self-assessment page at ``sco`` (from the site's root) as the package serves it.

    Returns:
        The page, and the site files it refers to (its scripts, stylesheets, engine files and links).

    Raises:
        PageRefused: the page is not the self-assessment the package expects.
    """
    links = _PageLinks(site_dir, sco, {reading_page})
    article = rewrite_tags(page.article, links)
    if len(links.quiz_script_tags) != 1 or set(links.found.engine) != {"data-bundle", "data-wheel", "data-pyodide"}:
        raise PageRefused(f"{sco}: not a self-assessment page (no #quiz with its engine's files, or not one {QUIZ_SCRIPT})")
    quiz_src = links.quiz_script_tags[0]
    quiz_tag = f'<script type="module" src="{html.escape(quiz_src, quote=True)}"></script>'
    sco_src = quiz_src[: -len(QUIZ_SCRIPT)] + SCO_SCRIPT
    article = _replace_once(article, quiz_tag, f'<script type="module" src="{html.escape(sco_src)}"></script>\n{quiz_tag}', sco, "the quiz's script tag")
    start = article.find(PRIVACY_PARAGRAPH_START)
    end = article.find("</p>", start) + len("</p>")
    if start < 0 or article.count(PRIVACY_PARAGRAPH_START) != 1:
        raise PageRefused(
            f"{sco}: the package replaces the paragraph that starts {PRIVACY_PARAGRAPH_START!r} (it says answers are "
            "never sent anywhere, which is not so in an LMS), but the built page has it "
            f"{article.count(PRIVACY_PARAGRAPH_START)} times; update policy_site/scorm/documents.py to the page's new words"
        )
    article = article[:start] + PACKAGE_PRIVACY_PARAGRAPH + article[end:]
    article = _replace_once(article, SITE_COMPLETION_SENTENCE, PACKAGE_COMPLETION_SENTENCE, sco, "the completion record's privacy sentence")
    file_note = quiz_src[: -len(QUIZ_SCRIPT)] + FILE_NOTE_SCRIPT
    for src in (sco_src, file_note):
        links.found.scripts.add(links.file(src, "the SCORM script"))
    head = f'<script src="{html.escape(file_note, quote=True)}" defer></script>\n'
    text = document(page, article, csp, head_scripts=head)
    _no_inline_script(text, sco)
    for href in page.stylesheets + page.icons:
        links.file(href, "stylesheet or icon")
    return text, links.found


def reading_document(site_dir: Path, path: str, page: BuiltPage, csp: str) -> tuple[str, PageFiles]:
    """The procedure page at ``path`` for reading only: its links to other pages become plain text."""
    links = _PageLinks(site_dir, path, set())
    text = document(page, rewrite_tags(page.article, links), csp)
    _no_inline_script(text, path)
    for href in page.stylesheets + page.icons:
        links.file(href, "stylesheet or icon")
    return text, links.found

"""Find every URL a built page names, and say whether it resolves in the built site.

Used by tests/test_links.py for the static pages and for the links the quiz and
checker create with JavaScript. "Resolves" means what a reader would expect:
the file exists in the built site (a folder URL needs its index.html) and, if
the URL has a #fragment, the target page has an element with that id. The
checker page is the one exception: its fragment also carries the answers
(``#account=personal&...``), so there a fragment may instead be a set of
answers that the page's own questions can take.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

# A made-up origin standing for "this site", so urljoin can do the relative-URL
# arithmetic (../, ./, /.) exactly as a browser does.
SITE_ORIGIN = "http://site.invalid/"

# (element, attribute) pairs whose URL the browser fetches while showing the
# page; <a>/<area> are only followed when clicked. data-bundle, data-wheel and
# data-pyodide are ours: the engine's worker fetches them.
_LOADED = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"),
           ("video", "src"), ("video", "poster"), ("audio", "src"), ("embed", "src"), ("object", "data"),
           ("input", "src"), ("image", "href"), ("use", "href"),
           ("div", "data-bundle"), ("div", "data-wheel"), ("div", "data-pyodide")}
_FOLLOWED = {("a", "href"), ("area", "href"), ("form", "action")}


@dataclass(frozen=True)
class Link:
    """One URL in a page: where it is written and whether the browser fetches it."""

    tag: str
    attribute: str
    url: str
    loaded: bool


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.answers: dict[str, set[str]] = {}  # checker questions: fact -> allowed values
        self._fact: str | None = None
        self._config: list[str] | None = None
        self.search_worker: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if name == "data-pyodide":
                # A folder (Pyodide's indexURL); the worker imports pyodide.mjs from it.
                self.links.append(Link(tag, name, value + "pyodide.mjs", True))
            elif (tag, name) in _LOADED or (tag, name) in _FOLLOWED:
                self.links.append(Link(tag, name, value, (tag, name) in _LOADED))
            if name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append(Link(tag, name, candidate.split()[0], True))
        if tag == "fieldset" and "data-fact" in attributes:
            self._fact = attributes["data-fact"]
            self.answers[self._fact] = set()
        if tag == "input" and self._fact and attributes.get("type") == "radio":
            self.answers[self._fact].add(attributes.get("value") or "")
        if tag == "script" and attributes.get("id") == "__config":
            self._config = []

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self._fact = None
        if tag == "script" and self._config is not None:
            # Material's page config names the search worker's script; the
            # browser loads it from that path, relative to the page.
            worker = json.loads("".join(self._config)).get("search")
            if worker:
                self.links.append(Link("script#__config", "search", worker, True))
            self._config = None

    def handle_data(self, data):
        if self._config is not None:
            self._config.append(data)


@dataclass(frozen=True)
class ParsedPage:
    links: tuple[Link, ...]
    ids: frozenset[str]
    answers: dict[str, frozenset[str]]


def parse_page(html: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return ParsedPage(tuple(parser.links), frozenset(parser.ids),
                      {fact: frozenset(values) for fact, values in parser.answers.items()})


def page_path_of(url_path: str) -> str:
    """The built file behind a page URL path: ``check/`` -> ``check/index.html``."""
    url_path = url_path.lstrip("/")
    return url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path


# Schemes a link may use to leave the site; anything else (javascript:, file:) is a problem.
_OUTSIDE_SCHEMES = ("http", "https", "mailto", "tel")


def is_outside(url: str, page: str = "index.html") -> bool:
    """True for a URL that leaves the site: another host, or mailto:/tel:."""
    parts = urlsplit(urljoin(SITE_ORIGIN + page, url.strip()))
    return parts.scheme in _OUTSIDE_SCHEMES and (parts.scheme, parts.netloc) != ("http", "site.invalid")


class BuiltSite:
    """Resolves URLs against one built site; pages are parsed once and cached."""

    def __init__(self, root: Path):
        self.root = root
        self.parsed = cache(self._parse)

    def _parse(self, page: str) -> ParsedPage:
        return parse_page((self.root / page).read_text(encoding="utf-8"))

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def problem(self, page: str, url: str) -> str | None:
        """Why ``url``, written in ``page`` (a site-relative file path), does not resolve; None if it does.

        Links that leave the site are not checked here (see :func:`is_outside`).
        """
        url = url.strip()
        if is_outside(url, page):
            return None
        parts = urlsplit(urljoin(SITE_ORIGIN + page, url))
        if parts.scheme == "data":
            return None
        if parts.scheme != "http":
            return f"{url!r}: a {parts.scheme}: URL goes nowhere a reader can follow"
        target = page_path_of(unquote(parts.path))
        if (self.root / target).is_dir():
            # A server redirects "folder" to "folder/"; MkDocs never writes these, but they work.
            target += "/index.html"
        if not (self.root / target).is_file():
            return f"{url!r}: {target} is not in the built site"
        fragment = unquote(parts.fragment)
        if not fragment or not target.endswith(".html"):
            return None
        parsed = self.parsed(target)
        if fragment in parsed.ids:
            return None
        if parsed.answers:
            return _answers_problem(url, target, fragment, parsed.answers)
        return f"{url!r}: {target} has no element with id {fragment!r}"


def _answers_problem(url: str, target: str, fragment: str, questions: dict[str, frozenset[str]]) -> str | None:
    """On the checker page a fragment that is no element id must be answers its questions can take."""
    answers = parse_qsl(fragment, keep_blank_values=True)
    wrong = [f"{name}={value}" for name, value in answers if value not in questions.get(name, ())]
    if answers and not wrong:
        return None
    return f"{url!r}: {target} has no element with id {fragment!r}, and it is not a set of answers " \
           f"to the checker's questions ({', '.join(wrong) or 'no answers'})"

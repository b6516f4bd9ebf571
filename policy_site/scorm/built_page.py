"""The parts of a page the build wrote that the package keeps.

The site's pages are Material's: a header, navigation, search and footer
around the page's own content, Material's ``<article>``. In the package only
the article is kept (with the site's stylesheets), because everything around
it leads to pages the package does not hold, and an LMS puts its own frame
around the package anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Material's content article (and nothing else in its pages carries this class).
CONTENT_CLASS = "md-content__inner"


class NotABuiltPage(Exception):
    """The file is not a page of this site as the build writes it; the message says what is missing."""


@dataclass(frozen=True)
class BuiltPage:
    """What the package keeps of a built page.

    Attributes:
        language: the ``lang`` of its ``<html>``.
        title: its ``<title>`` as written (entities and all).
        stylesheets: the ``href`` of each stylesheet its head links, in order.
        icons: the ``href`` of each icon its head links (the site's favicon).
        body_attributes: the attributes of its ``<body>`` (Material's palette settings).
        article: everything inside Material's content ``<article>``, as written.
    """

    language: str
    title: str
    stylesheets: tuple[str, ...]
    icons: tuple[str, ...]
    body_attributes: tuple[tuple[str, str | None], ...]
    article: str


class _PageReader(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0]
        for index, character in enumerate(text):
            if character == "\n":
                self.line_starts.append(index + 1)
        self.language = ""
        self.title_start: int | None = None
        self.title = None
        self.stylesheets: list[str] = []
        self.icons: list[str] = []
        self.body_attributes = None
        self.article_depth = 0
        self.article_start: int | None = None
        self.article_end: int | None = None
        self.in_head = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.language = attributes.get("lang") or ""
        elif tag == "head":
            self.in_head = True
        elif tag == "title" and self.title is None:
            self.title_start = self._offset() + len(self.get_starttag_text())
        elif tag == "link" and self.in_head and (attributes.get("rel") or "").split() == ["stylesheet"]:
            self.stylesheets.append(attributes.get("href") or "")
        elif tag == "link" and self.in_head and (attributes.get("rel") or "").split() == ["icon"]:
            self.icons.append(attributes.get("href") or "")
        elif tag == "body":
            self.body_attributes = tuple(attrs)
        elif tag == "article":
            if self.article_depth:
                self.article_depth += 1
            elif CONTENT_CLASS in (attributes.get("class") or "").split() and self.article_start is None:
                self.article_depth = 1
                self.article_start = self._offset() + len(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "title" and self.title_start is not None and self.title is None:
            self.title = self.text[self.title_start : self._offset()]
        elif tag == "article" and self.article_depth:
            self.article_depth -= 1
            if not self.article_depth:
                self.article_end = self._offset()


def read_built_page(text: str, where: str) -> BuiltPage:
    """The parts of the built page ``text`` (named ``where`` in errors) that the package keeps.

    Raises:
        NotABuiltPage: it lacks a title, a body or Material's content article.
    """
    reader = _PageReader(text)
    reader.feed(text)
    reader.close()
    missing = [
        what
        for what, found in (
            ("a <title>", reader.title is not None),
            ("a <body>", reader.body_attributes is not None),
            (f'Material\'s content <article class="{CONTENT_CLASS} …">', reader.article_end is not None),
        )
        if not found
    ]
    if missing:
        raise NotABuiltPage(f"{where} has no {' and no '.join(missing)}; is it a page of this site as the build writes it?")
    return BuiltPage(
        language=reader.language,
        title=reader.title.strip(),
        stylesheets=tuple(reader.stylesheets),
        icons=tuple(reader.icons),
        body_attributes=reader.body_attributes,
        article=text[reader.article_start : reader.article_end],
    )

"""Rewriting the attributes of an HTML fragment, leaving every other byte as it was.

The packager changes a few attributes of pages the build wrote (links that
must lead to files in the package, the engine's settings) and must not
disturb anything else: a tag whose attributes stay the same is copied as
written, text and entities included, so the package's markup is the site's.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser

# (tag, attributes in order) -> new attributes in order, or None to keep the tag as written.
TagRewrite = Callable[[str, list[tuple[str, str | None]]], "list[tuple[str, str | None]] | None"]


def start_tag(tag: str, attributes: list[tuple[str, str | None]], self_closing: bool = False) -> str:
    """A start tag written out, values escaped (``None`` is an attribute without a value)."""
    parts = [tag] + [name if value is None else f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes]
    return f"<{' '.join(parts)}{' /' if self_closing else ''}>"


class _Rewriter(HTMLParser):
    def __init__(self, rewrite: TagRewrite):
        super().__init__(convert_charrefs=False)
        self.rewrite = rewrite
        self.out: list[str] = []

    def _start(self, tag, attrs, self_closing):
        written = self.get_starttag_text()
        changed = self.rewrite(tag, list(attrs))
        self.out.append(written if changed is None else start_tag(tag, changed, self_closing))

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, True)

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def rewrite_tags(fragment: str, rewrite: TagRewrite) -> str:
    """``fragment`` with each start tag ``rewrite`` changes written anew, everything else as it was."""
    parser = _Rewriter(rewrite)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)

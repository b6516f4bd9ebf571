"""A strict Content Security Policy for the built site.

The policy allows only this site's own files, plus the small inline scripts
the theme ships (Material puts a few in every page). Those are allowed by
their SHA-256 hashes, and the hashes come from the theme's *templates*, never
from the built pages: a script that reached a page any other way (policy text
that escaped escaping, a template that forgot to escape) is not on the list,
so the build fails, and if it were served anyway the browser would refuse to
run it. Pyodide needs 'wasm-unsafe-eval' to compile WebAssembly; nothing
needs 'unsafe-eval' or 'unsafe-inline'.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2

from .server_configs import write_configs

# Script elements as the HTML serializer writes them. A regular expression is
# enough here (we read only our own build output and the theme's templates,
# not arbitrary HTML) and is far quicker than an HTML parser on a large page.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
# Browsers run a script of any JavaScript type, or of no type; these are data.
_DATA_TYPES = ("application/json", "application/ld+json")


def _inline_scripts(html: str) -> list[str]:
    """The text of each <script> without src that a browser would run (not JSON data blocks)."""
    scripts = []
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        script_type = _TYPE.search(attributes)
        if _SRC.search(attributes) or (script_type and script_type.group(1).lower() in _DATA_TYPES):
            continue
        scripts.append(body)
    return scripts


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script: ``'sha256-…'``."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()}'"


class UnknownInlineScript(Exception):
    """A page holds an inline script the theme does not ship; the message says where."""


class ThemeScripts:
    """The inline scripts the theme's templates write, as they come out for a page.

    Some depend on the page's depth (Material's ``__md_scope`` names the site
    root relative to the page), so each template script is rendered with the
    page's ``base_url``, which MkDocs computes from the page's place in the
    site, not from its content.

    Args:
        theme_dirs: the theme's template folders, highest priority first
            (MkDocs' ``config.theme.dirs``: our overrides, then Material's).
        config: the MkDocs config, for templates that read it.
    """

    def __init__(self, theme_dirs: Iterable[str | Path], config):
        self._config = config
        self._templates = self._template_scripts([Path(d) for d in theme_dirs])
        self._by_base_url: dict[str, frozenset[str]] = {}

    @staticmethod
    def _template_scripts(theme_dirs: list[Path]) -> list[jinja2.Template]:
        env = jinja2.Environment(undefined=jinja2.StrictUndefined)
        seen: set[str] = set()
        found = []
        for theme_dir in theme_dirs:
            for template in sorted(theme_dir.rglob("*.html")):
                name = template.relative_to(theme_dir).as_posix()
                if name in seen:
                    continue  # overridden by a folder earlier in the list, as the theme loader does
                seen.add(name)
                for match in _SCRIPT.finditer(template.read_text(encoding="utf-8")):
                    if not match.group(1).strip():  # inline, no attributes: what Material writes
                        found.append(env.from_string(match.group(2)))
        return found

    def allowed(self, base_url: str) -> frozenset[str]:
        """Every inline script a page at ``base_url`` may hold."""
        if base_url not in self._by_base_url:
            rendered = set()
            for template in self._templates:
                try:
                    rendered.add(template.render(config=self._config, base_url=base_url))
                except jinja2.UndefinedError:
                    pass  # needs page data (e.g. a redirect's target): never allowed
            self._by_base_url[base_url] = frozenset(rendered)
        return self._by_base_url[base_url]

    def check_page(self, html: str, base_url: str, page_name: str) -> set[str]:
        """The CSP hashes of the page's inline scripts.

        Raises:
            UnknownInlineScript: if the page has one the theme does not ship.
        """
        allowed = self.allowed(base_url)
        hashes = set()
        for script in _inline_scripts(html):
            if script not in allowed:
                shown = " ".join(script.split())[:120]
                raise UnknownInlineScript(
                    f"{page_name} has an inline script that is not one of the theme's: <script>{shown}</script>. "
                    "Policy text must never become markup: check that every template escapes the values it "
                    "shows; the build stops rather than publish it"
                )
            hashes.add(script_hash(script))
        return hashes


def content_security_policy(script_hashes: list[str]) -> str:
    """The recommended policy for this site."""
    directives = [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(script_hashes),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(d.strip() for d in directives)


def write_server_configs(site_dir: Path, script_hashes: Iterable[str]) -> str:
    """Write the CSP allowing ``script_hashes`` (from :class:`ThemeScripts`) into every server config of the site.

    The configs themselves (the other headers, the MIME types, each server's
    form) are :mod:`.server_configs`'s.

    Returns:
        The Content-Security-Policy value.
    """
    csp = content_security_policy(sorted(script_hashes))
    write_configs(site_dir, csp)
    return csp

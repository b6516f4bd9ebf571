"""A strict Content Security Policy for the built site, and server configs that send it.

The policy allows only this site's own files. Material for MkDocs puts a few
small inline scripts in every page; their SHA-256 hashes change with Material
versions (and with the page's depth), so they are computed from the built
pages rather than written down. Pyodide needs 'wasm-unsafe-eval' to compile
WebAssembly; nothing needs 'unsafe-eval' or 'unsafe-inline'.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

CONFIG_DIR = "server-config"

# Sent with every response. The CSP is added to these by `security_headers`.
_OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# Script elements as the HTML serializer writes them. A regular expression is
# enough here (we parse only our own build output, not arbitrary HTML) and is
# far quicker than an HTML parser on a large procedure page.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_RUNNABLE_TYPES = ("text/javascript", "module", "application/javascript")


def _inline_scripts(html: str) -> list[str]:
    """The text of each <script> without src that a browser would run (not JSON data blocks)."""
    scripts = []
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        script_type = _TYPE.search(attributes)
        if _SRC.search(attributes) or (script_type and script_type.group(1).lower() not in _RUNNABLE_TYPES):
            continue
        scripts.append(body)
    return scripts


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP hash sources ('sha256-…') of every inline script in the built pages."""
    hashes = set()
    for page in site_dir.rglob("*.html"):
        for script in _inline_scripts(page.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


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


def security_headers(csp: str) -> dict[str, str]:
    return {"Content-Security-Policy": csp, **_OTHER_HEADERS}


def _netlify_headers(headers: dict[str, str]) -> str:
    lines = ["# Netlify / Cloudflare Pages: served as response headers for every path.", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    lines += ["", "/assets/pyodide/*.wasm", "  Content-Type: application/wasm"]
    return "\n".join(lines) + "\n"


def _apache(headers: dict[str, str]) -> str:
    lines = [
        "# Apache (2.4+, mod_headers): put in the site's .htaccess or the virtual host.",
        "<IfModule mod_headers.c>",
    ]
    lines += [f'  Header always set {name} "{value}"' for name, value in headers.items()]
    lines += ["</IfModule>", "AddType application/wasm .wasm", "AddType text/javascript .mjs"]
    return "\n".join(lines) + "\n"


def _nginx(headers: dict[str, str]) -> str:
    lines = [
        "# nginx: include this file inside the server { } block that serves site/.",
        "# `always` sends the headers with error pages too.",
    ]
    lines += [f"add_header {name} \"{value}\" always;" for name, value in headers.items()]
    # Not a `types { }` block here: inside server { } it would replace every
    # other MIME type. Current nginx mime.types already maps .wasm and .mjs.
    lines += ["# Needs application/wasm for .wasm and text/javascript for .mjs in mime.types (nginx 1.21+ has both)."]
    return "\n".join(lines) + "\n"


def write_server_configs(site_dir: Path) -> str:
    """Compute the CSP from the built pages and write it, ready to use, into the site.

    Writes ``_headers`` (Netlify / Cloudflare Pages) and ``.htaccess`` (Apache)
    at the site root, where those hosts read them, and copies of all three
    forms plus the bare policy under ``server-config/``.

    Returns:
        The Content-Security-Policy value.
    """
    csp = content_security_policy(inline_script_hashes(site_dir))
    headers = security_headers(csp)
    out = site_dir / CONFIG_DIR
    out.mkdir(parents=True, exist_ok=True)
    files = {
        site_dir / "_headers": _netlify_headers(headers),
        site_dir / ".htaccess": _apache(headers),
        out / "_headers": _netlify_headers(headers),
        out / "apache.conf": _apache(headers),
        out / "nginx.conf": _nginx(headers),
        out / "content-security-policy.txt": csp + "\n",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return csp


def read_security_headers(site_dir: Path) -> dict[str, str]:
    """The headers a server should send for this built site (used by local test servers)."""
    text = (site_dir / CONFIG_DIR / "_headers").read_text(encoding="utf-8")
    block = text.split("\n\n", 1)[0]
    return dict(re.findall(r"^  ([\w-]+): (.+)$", block, re.M))

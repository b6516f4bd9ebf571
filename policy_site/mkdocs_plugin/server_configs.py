"""What a web server must do for the built site, written once for each kind of server.

One set of rules (:class:`ServerRules`: the security headers, the strict CSP
among them, and the MIME types the site needs) is written in each server's own
form: ``_headers`` (Netlify, Cloudflare Pages), ``.htaccess`` and
``apache.conf`` (Apache), ``nginx.conf`` (nginx) and ``web.config`` (IIS).
Nothing is typed twice, so the servers cannot drift apart;
``tests/test_deployment.py`` runs the nginx and Apache forms on the real
servers and checks that the IIS form says the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_DIR = "server-config"
CSP_FILE = "content-security-policy.txt"

# Sent with every response, after the Content-Security-Policy.
_OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

# The types of the files the engine loads that a stock server may lack or get
# wrong (extension without the dot: type). Every other file a reader's browser
# loads (.html, .css, .js, .png, .zip, the PDF) has a type on every server. A
# module script of any other type is refused by the browser, and
# X-Content-Type-Options: nosniff (above) forbids guessing.
SITE_MIME_TYPES = {
    "mjs": "text/javascript",  # Pyodide's modules: nginx 1.22 (Debian 12) and IIS have no type for .mjs
    "wasm": "application/wasm",  # Pyodide itself: nginx before 1.21 and older IIS have none
    "json": "application/json",  # the question bundle, Pyodide's lock file: IIS before 10 has none
    "whl": "application/zip",  # the engine (a wheel is a zip, PEP 427): IIS refuses an unknown extension (404.3)
}


def security_headers(csp: str) -> dict[str, str]:
    """Every header the site's responses carry: the Content-Security-Policy ``csp`` and the others."""
    return {"Content-Security-Policy": csp, **_OTHER_HEADERS}


@dataclass(frozen=True)
class ServerRules:
    """What every server must do for the site: send ``headers``, serve each extension as its type.

    Args:
        headers: header name: value, sent with every response (error pages too).
        mime_types: extension without the dot: MIME type, added to the server's own map.
    """

    headers: dict[str, str]
    mime_types: dict[str, str] = field(default_factory=lambda: dict(SITE_MIME_TYPES))

    def __post_init__(self):
        # nginx and Apache take a value in double quotes on one line.
        for name, value in self.headers.items():
            if '"' in value or "\n" in value:
                raise ValueError(f"the {name} header cannot be written to a server config: {value!r}")


def netlify_headers(rules: ServerRules) -> str:
    """``_headers`` for Netlify and Cloudflare Pages (both already serve .mjs and .wasm with their types)."""
    lines = ["# Netlify / Cloudflare Pages: served as response headers for every path.", "/*"]
    lines += [f"  {name}: {value}" for name, value in rules.headers.items()]
    if "wasm" in rules.mime_types:
        lines += ["", "/assets/pyodide/*.wasm", f"  Content-Type: {rules.mime_types['wasm']}"]
    return "\n".join(lines) + "\n"


_APACHE_INTRO = """\
# Apache 2.4, with mod_headers and mod_mime (`a2enmod headers` on Debian; mime
# is on by default). As the site's .htaccess it needs `AllowOverride FileInfo`
# (or All) for the site's folder; or Include this file in the <VirtualHost>.
# `always` sends the headers with error pages too. Without mod_headers they
# are not sent at all: check with `curl -I`."""


def apache_config(rules: ServerRules) -> str:
    """The same lines for ``.htaccess`` and for an ``Include`` in the virtual host."""
    lines = [_APACHE_INTRO, "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in rules.headers.items()]
    lines += ["</IfModule>"]
    lines += [f"AddType {mime_type} .{extension}" for extension, mime_type in rules.mime_types.items()]
    return "\n".join(lines) + "\n"


_NGINX_INTRO = """\
# nginx: include this file in the block that serves the site, as it is:
#   at the root:   server { ... root /srv/policies; include /srv/policies/server-config/nginx.conf; }
#   under a path:  location /policies/ { alias /srv/policies/; include /srv/policies/server-config/nginx.conf; }
#
# Security headers; `always` sends them with error pages too. nginx uses
# add_header from an outer block only where a block has none of its own:
# a `location` inside this block that has any add_header (say, for caching)
# sends none of these unless it includes this file too."""

_NGINX_TYPES = """\
# MIME types. A `types { }` block here would REPLACE the whole map this block
# inherits from http { }: .html would get the default_type (on Debian,
# application/octet-stream: browsers would download the pages). So the
# standard map is included first (`mime.types`, found next to the main
# nginx.conf, as in every standard install), and the types the site needs are
# added to it: nginx 1.22 (Debian 12) has no type for .mjs, older nginx none
# for .wasm, and browsers refuse a module script served as anything but
# JavaScript. Where mime.types already has one of these, `nginx -t` warns
# "duplicate extension": harmless, the type below is the one used.
include mime.types;"""


def nginx_config(rules: ServerRules) -> str:
    """An include for the ``server { }`` (or ``location { }``) block that serves the site."""
    lines = [_NGINX_INTRO]
    lines += [f'add_header {name} "{value}" always;' for name, value in rules.headers.items()]
    if rules.mime_types:
        lines += ["", _NGINX_TYPES, "types {"]
        lines += [f"    {mime_type} {extension};" for extension, mime_type in rules.mime_types.items()]
        lines += ["}"]
    return "\n".join(lines) + "\n"


def iis_web_config(rules: ServerRules) -> str:
    """``web.config`` for IIS 7 and later, to be copied to the site's root folder."""
    configuration = ET.Element("configuration")
    web_server = ET.SubElement(configuration, "system.webServer")
    static_content = ET.SubElement(web_server, "staticContent")
    # Each entry is removed first: IIS stops with error 500.19 on adding one
    # the server already has, and serves no file whose extension it does not know (404.3).
    for extension, mime_type in rules.mime_types.items():
        ET.SubElement(static_content, "remove", fileExtension=f".{extension}")
        ET.SubElement(static_content, "mimeMap", fileExtension=f".{extension}", mimeType=mime_type)
    custom_headers = ET.SubElement(ET.SubElement(web_server, "httpProtocol"), "customHeaders")
    for name, value in rules.headers.items():
        ET.SubElement(custom_headers, "remove", name=name)
        ET.SubElement(custom_headers, "add", name=name, value=value)
    ET.indent(configuration)
    comment = "<!-- IIS 7+: copy this file to the site's root folder, next to index.html. -->"
    return '<?xml version="1.0" encoding="utf-8"?>\n' + comment + "\n" + ET.tostring(configuration, encoding="unicode") + "\n"


def write_configs(site_dir: Path, csp: str) -> None:
    """Write every server's config for ``csp`` into the built site.

    ``_headers`` (Netlify, Cloudflare Pages) and ``.htaccess`` (Apache) go to
    the site root, where those hosts read them; a copy of every form, IIS's
    ``web.config`` and the bare policy go under ``server-config/``.
    """
    rules = ServerRules(security_headers(csp))
    out = site_dir / CONFIG_DIR
    out.mkdir(parents=True, exist_ok=True)
    files = {
        site_dir / "_headers": netlify_headers(rules),
        site_dir / ".htaccess": apache_config(rules),
        out / "_headers": netlify_headers(rules),
        out / "apache.conf": apache_config(rules),
        out / "nginx.conf": nginx_config(rules),
        out / "web.config": iis_web_config(rules),
        out / CSP_FILE: csp + "\n",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")


def read_security_headers(site_dir: Path) -> dict[str, str]:
    """The headers a server should send for this built site (used by local test servers)."""
    text = (site_dir / CONFIG_DIR / "_headers").read_text(encoding="utf-8")
    block = text.split("\n\n", 1)[0]
    return dict(re.findall(r"^  ([\w-]+): (.+)$", block, re.M))

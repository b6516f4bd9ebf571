"""What a web server must do for the built site, written once for each kind of server.

One set of rules (:class:`ServerRules`: the security headers, the strict CSP
among them, the MIME types the site needs, and how long browsers may keep
which files) is written in each server's own form: ``_headers`` (Netlify,
Cloudflare Pages), ``.htaccess`` and ``apache.conf`` (Apache), ``nginx.conf``
(nginx, with ``nginx-brotli.conf`` for servers that have the brotli module)
and ``web.config`` (IIS). Each form also says how that server sends the
precompressed ``.br``/``.gz`` files the build writes (:mod:`.precompress`).
Nothing is typed twice, so the servers cannot drift apart;
``tests/test_deployment.py`` runs the nginx and Apache forms on the real
servers and checks that the IIS form says the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..render.site_layout import PYODIDE_DIR
from .precompress import BROTLI, COMPRESSIBLE_EXTENSIONS, GZIP

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


# Cache-Control by folder (relative to the site root). Every file under
# assets/pyodide/ sits in a folder named for the inputs of its content
# (pyodide_runtime_dir: the Pyodide version and a hash of the release, the
# engine and the code that cuts the standard library), so a build that writes
# other bytes writes them under a new URL. A browser may therefore keep them a
# year without asking: no revalidation round trips, and Chromium keeps its
# compiled WebAssembly (about 0.4 s of a returning reader's engine start).
SITE_CACHE_CONTROL = {PYODIDE_DIR: "public, max-age=31536000, immutable"}

# Cache-Control of every other file: the pages, the search index, the
# stylesheets, our scripts in assets/quiz/, the engine's wheel and bundles
# (their URLs carry ?v=, but the files are overwritten in place). Their URLs
# stay the same from one build to the next. Without a Cache-Control a browser
# keeps such a file "fresh" for a tenth of its age (heuristic freshness from
# Last-Modified): a page built 100 days ago is reused for 10 days without
# asking. Once a deploy has replaced the Pyodide folder, that stale page asks
# for the old folder, which is gone, and the self-assessment cannot start.
# `no-cache` lets the browser keep its copy but makes it ask first: a 304
# costs a round trip, not the bytes.
SITE_DEFAULT_CACHE_CONTROL = "no-cache"


def security_headers(csp: str) -> dict[str, str]:
    """Every header the site's responses carry: the Content-Security-Policy ``csp`` and the others."""
    return {"Content-Security-Policy": csp, **_OTHER_HEADERS}


@dataclass(frozen=True)
class ServerRules:
    """What every server must do for the site: send ``headers``, serve each extension as its type.

    Args:
        headers: header name: value, sent with every response (error pages too).
        mime_types: extension without the dot: MIME type, added to the server's own map.
        cache_control: folder (relative to the site root): the Cache-Control of the files in it.
        default_cache_control: the Cache-Control of every other file (sent with the
            file and with a 304, not with error pages); a folder's value replaces it,
            so each response has one Cache-Control. Empty: none. Not written to
            ``_headers``: Netlify and Cloudflare Pages send one of their own.
    """

    headers: dict[str, str]
    mime_types: dict[str, str] = field(default_factory=lambda: dict(SITE_MIME_TYPES))
    cache_control: dict[str, str] = field(default_factory=lambda: dict(SITE_CACHE_CONTROL))
    default_cache_control: str = SITE_DEFAULT_CACHE_CONTROL

    def __post_init__(self):
        # nginx and Apache take a value in double quotes on one line.
        for name, value in self.headers.items():
            if '"' in value or "\n" in value:
                raise ValueError(f"the {name} header cannot be written to a server config: {value!r}")
        for folder, value in self.cache_control.items():
            if not re.fullmatch(r"[\w-]+(/[\w-]+)*", folder) or '"' in value or "\n" in value:
                raise ValueError(f"the Cache-Control of {folder} cannot be written to a server config: {value!r}")
        if '"' in self.default_cache_control or "\n" in self.default_cache_control:
            raise ValueError(f"the default Cache-Control cannot be written to a server config: {self.default_cache_control!r}")
        if any(name.lower() == "cache-control" for name in self.headers):
            # It would be sent beside (or joined to) the folders' values.
            raise ValueError("Cache-Control is set by cache_control and default_cache_control, not headers")


_NETLIFY_CACHE = """\
# No Cache-Control for /* on purpose. The other servers' configs send
# `Cache-Control: no-cache` with every file outside assets/pyodide/, so that a
# page a browser kept from before a deploy is not reused without asking (it
# would ask for a Pyodide folder the deploy removed, and the self-assessment
# would not start). Not here: Netlify and Cloudflare Pages join the values of
# a header set by two rules that match a path with a comma, which would send
# Pyodide's files "no-cache, public, max-age=31536000, immutable". And both
# already send `Cache-Control: public, max-age=0, must-revalidate` themselves
# for a file no rule gives one, which makes the browser ask first just the same."""

_NETLIFY_COMPRESSION = """\
# Netlify and Cloudflare Pages compress responses themselves (brotli or gzip,
# whichever the browser accepts) and ignore the .br and .gz files beside the
# site's files: there is nothing to set up for them."""


def netlify_headers(rules: ServerRules) -> str:
    """``_headers`` for Netlify and Cloudflare Pages (both already serve .mjs and .wasm with their types)."""
    # The first block is the headers of every response (read_security_headers reads it).
    lines = ["# Netlify / Cloudflare Pages: served as response headers for every path.", "/*"]
    lines += [f"  {name}: {value}" for name, value in rules.headers.items()]
    # rules.default_cache_control is left to the hosts (_NETLIFY_CACHE says why).
    lines += ["", _NETLIFY_CACHE]
    if "wasm" in rules.mime_types:
        # The wasm is in a versioned folder below PYODIDE_DIR: a `*` inside a
        # path segment matches any characters, `/` too, on both hosts
        # (Cloudflare Pages allows one `*` per rule, so not `/*/*.wasm`).
        lines += ["", f"/{PYODIDE_DIR}/*.wasm", f"  Content-Type: {rules.mime_types['wasm']}"]
    for folder, value in rules.cache_control.items():
        lines += ["", f"/{folder}/*", f"  Cache-Control: {value}"]
    lines += ["", _NETLIFY_COMPRESSION]
    return "\n".join(lines) + "\n"


_APACHE_INTRO = """\
# Apache 2.4, with mod_headers and mod_mime (`a2enmod headers` on Debian; mime
# is on by default), and mod_rewrite for the precompressed files (below). As
# the site's .htaccess it needs `AllowOverride FileInfo` (or All) for the
# site's folder; or Include this file inside the <Directory> block of the
# site's folder. `always` sends the headers with error pages too. Without
# mod_headers they are not sent at all: check with `curl -I`."""

_APACHE_PRECOMPRESSED = """\
# Precompressed files: the build wrote a .br and a .gz beside each file that
# compresses well. A browser that accepts br (else gzip) is sent that file
# instead, with the type of the original, `Content-Encoding: br` (or gzip) and
# `Vary: Accept-Encoding`; mod_deflate and mod_brotli leave it alone.
# Needs mod_rewrite (`a2enmod rewrite`), which in a <Directory> or .htaccess
# needs `Options FollowSymLinks` or `SymLinksIfOwnerMatch` (Apache's and
# Debian's default): with both off, Apache refuses every request (403).
# Without mod_rewrite the files are sent as they are (mod_deflate may compress them).
# Included in the <VirtualHost> instead of a <Directory>, these lines do nothing."""


def _apache_precompressed() -> list[str]:
    extensions = "|".join(sorted(COMPRESSIBLE_EXTENSIONS))
    siblings = f"{BROTLI.suffix[1:]}|{GZIP.suffix[1:]}"
    lines = [_APACHE_PRECOMPRESSED, "<IfModule mod_rewrite.c>", "  RewriteEngine On"]
    for encoding in (BROTLI, GZIP):
        lines += [
            # A coding the browser lists, and not with q=0.
            f"  RewriteCond %{{HTTP:Accept-Encoding}} \\b{encoding.name}\\b",
            f"  RewriteCond %{{HTTP:Accept-Encoding}} !\\b{encoding.name}\\s*;\\s*q=0(\\.0*)?\\s*(,|$)",
            f"  RewriteCond %{{REQUEST_FILENAME}}{encoding.suffix} -f",
            f"  RewriteRule \\.({extensions})$ %{{REQUEST_URI}}{encoding.suffix} [L]",
        ]
    lines += [
        f"  RewriteRule \\.({extensions})\\.({siblings})$ - [E=no-gzip:1,E=no-brotli:1]",
        "  <IfModule mod_mime.c>",
        # Their type is the original's (.js in x.js.br); Debian's mime.conf
        # maps .gz to a type and .br to a language (Breton).
        f"    RemoveType {BROTLI.suffix} {GZIP.suffix}",
        f"    RemoveLanguage {BROTLI.suffix}",
        f"    AddEncoding {BROTLI.name} {BROTLI.suffix}",
        f"    AddEncoding {GZIP.name} {GZIP.suffix}",
        "  </IfModule>",
        "  <IfModule mod_headers.c>",
        f'    <FilesMatch "\\.({extensions})(\\.({siblings}))?$">',
        "      Header merge Vary Accept-Encoding",
        "    </FilesMatch>",
        "  </IfModule>",
        "</IfModule>",
    ]
    return lines


_APACHE_CACHE = """\
  # Cache-Control, one for each file (not `always`: an error page gets none, so
  # a missing Pyodide file is never kept as immutable). Every file's URL but
  # Pyodide's stays the same from one build to the next; without a
  # Cache-Control a browser reuses a page without asking for a tenth of its
  # age, and a page from before a deploy asks for a Pyodide folder the deploy
  # removed: the self-assessment does not start. So first `no-cache` (keep it,
  # but ask first: a 304 costs a round trip), then the long-cached folders:
  # a later `Header set` replaces the value."""


def apache_config(rules: ServerRules) -> str:
    """The same lines for ``.htaccess`` and for an ``Include`` in the site's ``<Directory>``."""
    lines = [_APACHE_INTRO, "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in rules.headers.items()]
    if rules.default_cache_control or rules.cache_control:
        lines += [_APACHE_CACHE]
    if rules.default_cache_control:
        lines += [f'  Header set Cache-Control "{rules.default_cache_control}"']
    lines += [
        f'  Header set Cache-Control "{value}" "expr=%{{REQUEST_URI}} =~ m#/{folder}/#"'
        for folder, value in rules.cache_control.items()
    ]
    lines += ["</IfModule>"]
    lines += [f"AddType {mime_type} .{extension}" for extension, mime_type in rules.mime_types.items()]
    lines += ["", *_apache_precompressed()]
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


_NGINX_CACHE = """\
# Cache-Control, one value for each file. Every file's URL but Pyodide's stays
# the same from one build to the next; without a Cache-Control a browser
# reuses a page without asking for a tenth of its age, and a page from before
# a deploy asks for a Pyodide folder the deploy removed: the self-assessment
# does not start. So every file is sent `no-cache` (keep it, but ask first: a
# 304 costs a round trip), except in the long-cached folders, whose value
# replaces it. nginx has no `map` outside http { }, and a `location` here
# would need every add_header above again: so a variable (empty: no header).
# Not `always`: an error page gets none, so a missing Pyodide file is never
# kept as immutable."""

_NGINX_PRECOMPRESSED = """\
# Precompressed files: the build wrote a .gz (and a .br) beside each file that
# compresses well. gzip_static sends the .gz to a browser that accepts gzip,
# with `Vary: Accept-Encoding` (gzip_vary), instead of compressing the file on
# every request (the module is in Debian's and nginx.org's packages: `nginx -V`
# lists --with-http_gzip_static_module). The .br files (smaller still) need
# the brotli module, which stock nginx lacks, and nginx refuses to start on a
# directive it does not know: where the module is loaded, also include
# nginx-brotli.conf (beside this file) in the same block."""

NGINX_BROTLI = """\
# nginx with the brotli module only: include this file next to nginx.conf, in
# the same block. It sends the build's .br files to browsers that accept br
# (gzip_static, in nginx.conf, sends the .gz to the others).
# Without the module `nginx -t` fails: unknown directive "brotli_static".
# Debian 12: `apt install libnginx-mod-http-brotli-static` (it loads itself
# through /etc/nginx/modules-enabled/); elsewhere build ngx_brotli and add
# `load_module modules/ngx_http_brotli_static_module.so;` at the top of nginx.conf.
brotli_static on;
"""


def nginx_config(rules: ServerRules) -> str:
    """An include for the ``server { }`` (or ``location { }``) block that serves the site."""
    lines = [_NGINX_INTRO]
    lines += [f'add_header {name} "{value}" always;' for name, value in rules.headers.items()]
    if rules.cache_control or rules.default_cache_control:
        lines += ["", _NGINX_CACHE, f'set $policy_site_cache_control "{rules.default_cache_control}";']
        for folder, value in rules.cache_control.items():
            lines += [f'if ($uri ~ "/{folder}/") {{', f'    set $policy_site_cache_control "{value}";', "}"]
        lines += ["add_header Cache-Control $policy_site_cache_control;"]
    lines += ["", _NGINX_PRECOMPRESSED, "gzip_static on;", "gzip_vary on;"]
    if rules.mime_types:
        lines += ["", _NGINX_TYPES, "types {"]
        lines += [f"    {mime_type} {extension};" for extension, mime_type in rules.mime_types.items()]
        lines += ["}"]
    return "\n".join(lines) + "\n"


_IIS_COMPRESSION = """
      Compression: IIS compresses static files itself, with its Static Content
      Compression role service, and keeps the compressed copies on disk. So
      the build's .br and .gz files are not used on IIS: sending them would
      take the URL Rewrite module and outbound rules.
      IIS compresses only the types in the server's httpCompression
      staticTypes, which a web.config cannot change; to compress Pyodide's
      9.6 MB .wasm too, run once, as an administrator:
      appcmd.exe set config -section:system.webServer/httpCompression /+"staticTypes.[mimeType='application/wasm',enabled='true']" /commit:apphost
    """


def _iis_headers(web_server: ET.Element, headers: dict[str, str]) -> None:
    custom_headers = ET.SubElement(ET.SubElement(web_server, "httpProtocol"), "customHeaders")
    for name, value in headers.items():
        ET.SubElement(custom_headers, "remove", name=name)
        ET.SubElement(custom_headers, "add", name=name, value=value)


_IIS_CACHE = """
      Cache-Control: every file is sent "{default}" (above), but the files of
      the folders in a <location> below, which remove it and add their own:
      one Cache-Control each. Every file's URL but Pyodide's stays the same
      from one build to the next; without a Cache-Control a browser reuses a
      page without asking for a tenth of its age, and a page from before a
      deploy asks for a Pyodide folder the deploy removed: the
      self-assessment does not start. "no-cache" lets the browser keep its
      copy but makes it ask first (a 304 costs a round trip, not the bytes).
    """


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
    default = {"Cache-Control": rules.default_cache_control} if rules.default_cache_control else {}
    _iis_headers(web_server, {**rules.headers, **default})
    if default:
        web_server.append(ET.Comment(_IIS_CACHE.format(default=rules.default_cache_control)))
    web_server.append(ET.Comment(_IIS_COMPRESSION))
    for folder, value in rules.cache_control.items():
        location = ET.SubElement(configuration, "location", path=folder)
        _iis_headers(ET.SubElement(location, "system.webServer"), {"Cache-Control": value})
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
        out / "nginx-brotli.conf": NGINX_BROTLI,
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

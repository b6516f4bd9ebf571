"""A threaded static server that compresses like production and counts the bytes it sends.

For the benchmarks only (page weight, Lighthouse). gzip level 6 (Apache's and
most hosts' default) for text and WebAssembly (HTML, CSS, JavaScript, JSON,
SVG, .wasm); nothing for files that are already compressed (the engine wheel,
Pyodide's zipped standard library, images, the PDF). nginx needs
``gzip_types`` to include application/wasm, text/javascript, text/css and
application/json for the same result.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import threading
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED_TYPES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".wasm"}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
         ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm", ".png": "image/png",
         ".pdf": "application/pdf", ".zip": "application/zip", ".whl": "application/zip", ".xml": "application/xml"}


class _CountingWriter:
    """Wraps a handler's output stream and adds every byte written to the server's tally."""

    def __init__(self, stream, handler):
        self._stream, self._handler = stream, handler

    def write(self, data):
        self._handler.server.add(self._handler.path, "wire", len(data))
        return self._stream.write(data)

    def __getattr__(self, name):  # closed, close, ...: as the wrapped stream
        return getattr(self._stream, name)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and production servers use

    def setup(self):
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self)

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        file = self.server.root / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        self.server.add(self.path, "body", len(body))
        # Revalidation, as every production server does: a returning visitor's
        # browser asks "changed?" and gets a bodiless 304 when it has not.
        etag = f'"{self.server.etag(file, body)}"'
        headers = {"Content-Type": TYPES.get(file.suffix, "application/octet-stream"), "ETag": etag}
        headers |= self.server.cache_headers(path)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return
        accepted = self.headers.get("Accept-Encoding", "")
        sibling = self.server.precompressed_sibling(file, accepted)
        if sibling is not None:  # as nginx's gzip_static / brotli_static
            body = sibling[1]
            headers |= {"Content-Encoding": sibling[0], "Vary": "Accept-Encoding"}
        elif file.suffix in COMPRESSED_TYPES and "gzip" in accepted:
            body = self.server.gzipped(file, body)
            headers |= {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        self.send_response(200)
        for name, value in (headers | self.server.extra_headers).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class GzipServer(http.server.ThreadingHTTPServer):
    """Serves ``root`` on a free loopback port; ``take_tally()`` returns and resets the bytes sent per path."""

    daemon_threads = True

    def __init__(self, root: Path, headers: dict[str, str] | None = None, precompressed: bool = False,
                 cache_rules: dict[str, str] | None = None):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.extra_headers = headers or {}  # e.g. the site's security headers
        # Serve a file's .br / .gz sibling when the browser accepts it (the
        # site's build writes them); otherwise compress on the fly.
        self.precompressed = precompressed
        # Path prefix -> Cache-Control, e.g. long caching for versioned files.
        self.cache_rules = cache_rules or {}
        self.tally: dict[str, dict[str, int]] = defaultdict(lambda: {"wire": 0, "body": 0})
        self._lock = threading.Lock()
        self._gzip_cache: dict[Path, bytes] = {}

    def add(self, path: str, kind: str, count: int) -> None:
        with self._lock:
            self.tally[urlsplit(path).path][kind] += count

    def gzipped(self, file: Path, body: bytes) -> bytes:
        # Compressed once per file, as a server with a compression cache (or pre-compressed files) would.
        with self._lock:
            if file not in self._gzip_cache:
                self._gzip_cache[file] = gzip.compress(body, compresslevel=6, mtime=0)
            return self._gzip_cache[file]

    def precompressed_sibling(self, file: Path, accepted: str) -> tuple[str, bytes] | None:
        if not self.precompressed:
            return None
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            sibling = file.with_name(file.name + suffix)
            if encoding in accepted and sibling.is_file():
                return encoding, sibling.read_bytes()
        return None

    def cache_headers(self, path: str) -> dict[str, str]:
        for prefix, value in self.cache_rules.items():
            if path.startswith(prefix):
                return {"Cache-Control": value}
        return {}

    def etag(self, file: Path, body: bytes) -> str:
        return hashlib.sha256(body).hexdigest()[:16]

    def take_tally(self) -> dict[str, dict[str, int]]:
        with self._lock:
            tally, self.tally = dict(self.tally), defaultdict(lambda: {"wire": 0, "body": 0})
        return tally

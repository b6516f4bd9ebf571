"""Precompressed copies of the built site's files, for servers that send them as they are.

Beside each file a browser downloads that compresses well, the build writes a
``.gz`` (gzip level 9) and a ``.br`` (brotli quality 11): ``pyodide.asm.wasm``
goes from 9.6 MB to 2.7 MB. A server sends the sibling the browser accepts
(nginx ``gzip_static``/``brotli_static``, the Apache rewrite rules in
:mod:`.server_configs`) instead of compressing the file again on every
request, or not at all. A sibling is written only where it pays: at least
10% smaller than the file (the engine wheel is already deflated; Pyodide's
``python_stdlib.zip`` is written stored, for the server to compress whole).

Brotli 11 is slow (some 20 s for the wasm), so with a build cache each output
is kept under the SHA-256 of the file's bytes and the settings: a rebuild
compresses only what changed. Files are compressed in parallel, largest first.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import brotli

from ..common.build_cache import BuildCache, cache_key, cached_file

# What a sibling must save to be written: compressed size <= 90% of the file.
WORTH_IT = 0.9

# Text the browser downloads, compressed with brotli's text model.
TEXT_EXTENSIONS = frozenset({"html", "js", "mjs", "css", "json", "xml", "svg", "txt"})
# Binary files: the wasm compresses well, and so does the standard-library zip
# (stored, not deflated: stdlib_cut.py); a deflated archive (the engine wheel)
# does not, and then gets no sibling.
BINARY_EXTENSIONS = frozenset({"wasm", "zip", "whl"})
COMPRESSIBLE_EXTENSIONS = TEXT_EXTENSIONS | BINARY_EXTENSIONS


@dataclass(frozen=True)
class Encoding:
    """One content coding: its ``Content-Encoding`` name, the sibling's suffix, and how to make it."""

    name: str
    suffix: str
    settings: str  # everything besides the input that decides the output (part of the cache key)
    compress: Callable[[bytes, bool], bytes]  # (data, is_text) -> compressed


def _gzip(data: bytes, is_text: bool) -> bytes:
    # mtime=0: the same file gives the same bytes on every build.
    return gzip.compress(data, compresslevel=9, mtime=0)


def _brotli(data: bytes, is_text: bool) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT if is_text else brotli.MODE_GENERIC, quality=11)


GZIP = Encoding("gzip", ".gz", f"gzip level 9 mtime 0, zlib {zlib.ZLIB_RUNTIME_VERSION}", _gzip)
BROTLI = Encoding("br", ".br", f"brotli quality 11, brotli {brotli.__version__}", _brotli)
ENCODINGS = (BROTLI, GZIP)  # the server's order of preference


def compressible(path: Path) -> bool:
    """Whether ``path`` is a kind of file that gets siblings (if they pay)."""
    return path.suffix.lstrip(".") in COMPRESSIBLE_EXTENSIONS


@dataclass
class PrecompressReport:
    """What :func:`precompress_site` did.

    Attributes:
        written: every sibling written.
        not_worth_it: (file, encoding name) where the sibling would not have saved 10%.
        compressed: how many siblings were compressed anew (cache misses, or all without a cache).
    """

    written: list[Path] = field(default_factory=list)
    not_worth_it: list[tuple[Path, str]] = field(default_factory=list)
    compressed: int = 0


def precompress_site(site_dir: Path, cache: BuildCache | None = None, skip: tuple[str, ...] = ()) -> PrecompressReport:
    """Write the ``.br`` and ``.gz`` siblings of every compressible file under ``site_dir``.

    Args:
        site_dir: the built site.
        cache: where compressed outputs are kept between builds; None compresses every file.
        skip: folders (relative to ``site_dir``) whose files get no siblings.

    A sibling that already exists (MkDocs writes ``sitemap.xml.gz``) is left as it is.
    """
    skipped = [site_dir / folder for folder in skip]
    files = [
        path for path in site_dir.rglob("*")
        if path.is_file() and compressible(path) and not any(path.is_relative_to(folder) for folder in skipped)
    ]
    files.sort(key=lambda path: path.stat().st_size, reverse=True)  # the wasm first: it takes longest
    report = PrecompressReport()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # zlib and brotli release the GIL
        jobs = [
            (path, encoding, pool.submit(_write_sibling, path, encoding, cache))
            for path in files for encoding in ENCODINGS
            if not _sibling_of(path, encoding).exists()
        ]
        for path, encoding, job in jobs:
            written, compressed = job.result()
            if written:
                report.written.append(_sibling_of(path, encoding))
            else:
                report.not_worth_it.append((path, encoding.name))
            report.compressed += compressed
    return report


def _sibling_of(path: Path, encoding: Encoding) -> Path:
    return path.with_name(path.name + encoding.suffix)


def _write_sibling(path: Path, encoding: Encoding, cache: BuildCache | None) -> tuple[bool, bool]:
    """Write ``path``'s sibling for ``encoding`` if it pays: (whether it was written, whether it was compressed anew)."""
    data = path.read_bytes()
    is_text = path.suffix.lstrip(".") in TEXT_EXTENSIONS
    sibling = _sibling_of(path, encoding)
    misses = []

    def produce(destination: Path) -> None:  # called by cached_file on a cache miss only
        misses.append(destination)
        destination.write_bytes(encoding.compress(data, is_text))

    key = cache_key(encoding.settings, "text" if is_text else "binary", hashlib.sha256(data).digest())
    cached_file(cache, "precompressed", key, sibling, produce)
    if sibling.stat().st_size > len(data) * WORTH_IT:
        sibling.unlink()
        return False, bool(misses)
    return True, bool(misses)

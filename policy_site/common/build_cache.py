"""A small content-addressed cache for build outputs that are slow to make.

The PDFs (Typst) and the verified Pyodide runtime do not change unless
their inputs do; rebuilding them on every `make serve` reload or benchmark
run would double the build time. Entries are keyed by a SHA-256 of every
input, so a stale entry can never be used: a changed input is a new key.
The cache lives in ``.cache/policy-site/`` beside mkdocs.yml (git-ignored)
and can be deleted at any time; the plugin's ``build_cache: false`` option
turns it off (benchmarks of a cold build use that).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CACHE_FOLDER = Path(".cache") / "policy-site"


def cache_key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class BuildCache:
    """The cache folder; ``BuildCache.beside(project_dir)`` is the usual one."""

    folder: Path

    @classmethod
    def beside(cls, project_dir: Path) -> "BuildCache":
        return cls(project_dir / CACHE_FOLDER)

    def holds(self, kind: str, key: str) -> bool:
        """True when the output for ``key`` is cached (so making it costs a copy)."""
        return (self.folder / kind / key).is_file()


def cached_file(cache: BuildCache | None, kind: str, key: str, destination: Path, produce: Callable[[Path], object]) -> Path:
    """Copy the cached file for ``key`` to ``destination``, producing and storing it first if needed.

    Args:
        cache: the cache; None produces the file every time.
        kind: a folder name for this kind of output ("pdf").
        key: from :func:`cache_key` over every input.
        destination: where the build wants the file.
        produce: writes the file to the path it is given (called only on a miss).
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    if cache is None:
        produce(destination)
        return destination
    entry = cache.folder / kind / key
    if not entry.is_file():
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=entry.parent, prefix=".incomplete-")
        os.close(fd)
        try:
            produce(Path(scratch))
            os.replace(scratch, entry)  # atomic: a half-written entry is never used
        finally:
            Path(scratch).unlink(missing_ok=True)
    shutil.copyfile(entry, destination)
    return destination

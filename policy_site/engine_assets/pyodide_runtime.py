"""Self-hosted Pyodide: copy the pinned runtime into the site, verified.

The files come from the npm tarball of the exact version pinned in
package.json. Before copying, the tarball's SHA-512 is checked against the
``integrity`` recorded in package-lock.json, and the files are taken from that
verified tarball (not from a node_modules folder that anyone could have
edited). Nothing is ever loaded from a CDN.

The interpreter and its JavaScript are copied as they are; the standard
library and the lock file are cut down to what the engine uses
(``stdlib_cut.py``), under the same names.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..common.build_cache import BuildCache, cache_key, cached_file

# What the browser needs to start Pyodide with no extra packages: the files
# copied as they are, then the two the site ships cut down (stdlib_cut.py).
VERBATIM_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB_FILE = "python_stdlib.zip"
LOCK_FILE = "pyodide-lock.json"
RUNTIME_FILES = (*VERBATIM_FILES, STDLIB_FILE, LOCK_FILE)


class RuntimeSetupError(Exception):
    """The pinned Pyodide could not be found or verified; the message says what to do."""


@dataclass(frozen=True)
class PyodidePin:
    version: str
    integrity: str  # "sha512-<base64>" from package-lock.json

    @property
    def sha512_hex(self) -> str:
        algorithm, _, digest = self.integrity.partition("-")
        if algorithm != "sha512":
            raise RuntimeSetupError(f"package-lock.json records a {algorithm} hash for pyodide; expected sha512")
        return base64.b64decode(digest).hex()


def read_pin(project_dir: Path) -> PyodidePin:
    """The exact Pyodide version and its tarball hash, from package.json and package-lock.json."""
    try:
        wanted = json.loads((project_dir / "package.json").read_text())["dependencies"]["pyodide"]
        locked = json.loads((project_dir / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]
    except (OSError, KeyError, ValueError) as exc:
        raise RuntimeSetupError(f"cannot read the pyodide pin from package.json / package-lock.json ({exc})") from None
    if not re.fullmatch(r"\d+\.\d+\.\d+", wanted):
        raise RuntimeSetupError(f'package.json must pin pyodide to an exact version (like "314.0.7"), not "{wanted}"')
    if locked.get("version") != wanted:
        raise RuntimeSetupError(
            f"package-lock.json has pyodide {locked.get('version')} but package.json pins {wanted}; run `npm install`"
        )
    return PyodidePin(wanted, locked["integrity"])


def _npm_cache_dir() -> Path:
    return Path(os.environ.get("npm_config_cache") or Path.home() / ".npm")


def verified_tarball(pin: PyodidePin) -> bytes:
    """The pinned tarball's bytes from npm's content-addressed cache, checked against the lock."""
    digest = pin.sha512_hex
    path = _npm_cache_dir() / "_cacache" / "content-v2" / "sha512" / digest[:2] / digest[2:4] / digest[4:]
    if not path.is_file():
        raise RuntimeSetupError(
            f"the pyodide {pin.version} package is not in npm's cache ({path}); run `npm ci` (make does this)"
        )
    data = path.read_bytes()
    if hashlib.sha512(data).hexdigest() != digest:
        raise RuntimeSetupError(f"{path} does not match the hash in package-lock.json; run `npm cache verify` and `npm ci`")
    return data


class PyodideRelease:
    """The pinned Pyodide package, verified against package-lock.json; its
    files are unpacked from the tarball the first time one is asked for."""

    def __init__(self, project_dir: Path):
        self.pin = read_pin(project_dir)
        self._archive = verified_tarball(self.pin)  # verified on every build: a SHA-512 of 6 MB is quick
        self._files: dict[str, bytes] = {}

    def file(self, name: str) -> bytes:
        """One of ``RUNTIME_FILES``, as the package has it."""
        if not self._files:
            with tarfile.open(fileobj=io.BytesIO(self._archive), mode="r:gz") as tar:
                for wanted in RUNTIME_FILES:
                    try:
                        member = tar.extractfile(f"package/{wanted}")
                    except KeyError:
                        member = None
                    if member is None:
                        raise RuntimeSetupError(
                            f"pyodide {self.pin.version} has no {wanted}; update RUNTIME_FILES for this version"
                        )
                    self._files[wanted] = member.read()
        return self._files[name]


def copy_runtime(release: PyodideRelease, destination: Path, cache: BuildCache | None = None) -> list[Path]:
    """Write the files shipped as they are (``VERBATIM_FILES``) into ``destination`` and return their paths.

    With a ``cache``, unpacking them is cached by the tarball's verified hash.
    """
    destination.mkdir(parents=True, exist_ok=True)
    return [
        cached_file(cache, "pyodide", cache_key(release.pin.integrity, name), destination / name,
                    lambda path, n=name: path.write_bytes(release.file(n)))
        for name in VERBATIM_FILES
    ]


def lock_without_packages(full_lock: bytes) -> bytes:
    """Pyodide's lock file with no packages: the pages load none.

    Pyodide reads ``info.abi_version`` (it must match the interpreter's) and
    ``packages``; ``info`` is kept whole.
    """
    return json.dumps({"info": json.loads(full_lock)["info"], "packages": {}}, indent=1).encode() + b"\n"

"""Package ``quiz/`` as a pure-Python wheel for Pyodide, at build time.

``pyodide-build`` cannot run here (it downloads a cross-build environment) and
is not needed: the engine is standard-library Python, so a ``py3-none-any``
wheel, unpacked into Pyodide's site-packages, is the whole job. The wheel is
written with ``zipfile`` (no pip, no network) and is reproducible: the same
sources give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import quiz

# The engine's source folder (``quiz/``); the functions here also take another
# one (a copy with a planted import, in the tests).
ENGINE_SOURCE_DIR = Path(quiz.__file__).parent
ENGINE_DISTRIBUTION = "policy_quiz_engine"
ENGINE_VERSION = "1.0.0"
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # reproducible archives


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def engine_sources(package_dir: Path = ENGINE_SOURCE_DIR) -> dict[str, bytes]:
    """The engine's source files, by their path inside the wheel."""
    return {
        f"quiz/{path.relative_to(package_dir).as_posix()}": path.read_bytes()
        for path in sorted(package_dir.rglob("*.py"))
    }


def wheel_file_name() -> str:
    return f"{ENGINE_DISTRIBUTION}-{ENGINE_VERSION}-py3-none-any.whl"


def build_engine_wheel(out_dir: Path, package_dir: Path = ENGINE_SOURCE_DIR) -> Path:
    """Write the wheel of the engine in ``package_dir`` into ``out_dir`` and return its path."""
    dist_info = f"{ENGINE_DISTRIBUTION}-{ENGINE_VERSION}.dist-info"
    files = engine_sources(package_dir)
    files[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {ENGINE_DISTRIBUTION}\nVersion: {ENGINE_VERSION}\n"
        "Summary: Self-assessment and scenario engine for the policy site (standard library only)\n"
    ).encode()
    files[f"{dist_info}/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: policy_site.engine_assets.wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    ).encode()
    record_lines = [f"{name},{_record_hash(data)},{len(data)}" for name, data in files.items()]
    record_lines.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record_lines) + "\n").encode()

    out_dir.mkdir(parents=True, exist_ok=True)
    return write_reproducible_zip(out_dir / wheel_file_name(), files)


def write_reproducible_zip(path: Path, files: dict[str, bytes], compressed: bool = True) -> Path:
    """Write ``files`` (name in the archive -> bytes; a name ending in "/" is a
    folder) into a zip at ``path``, in that order: the same files give the same bytes.

    compressed: deflate each file (level 9); False stores them as they are.
    """
    method = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else 0o644 << 16  # 0x10: MS-DOS folder
            info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else method
            archive.writestr(info, data, compresslevel=9 if compressed else None)
    return path

"""Writing the package: a zip whose bytes depend only on its files.

Every entry has the same date (1980-01-01, the earliest a zip can say) and
permissions, the manifest comes first and the rest in name order, so the same
site gives the same package, byte for byte. It is written beside its place
and renamed into it, so an interrupted run leaves no half a package.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Mapping
from pathlib import Path

_DATE = (1980, 1, 1, 0, 0, 0)


def write_zip(output: Path, files: Mapping[str, bytes], first: str) -> None:
    """Write ``files`` (path in the zip: content) to ``output``, ``first`` first and then by name."""
    partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
    try:
        with zipfile.ZipFile(partial, "x") as archive:
            for name in [first, *sorted(set(files) - {first})]:
                entry = zipfile.ZipInfo(name, date_time=_DATE)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
                entry.create_system = 3  # Unix, so the permissions above are read as such
                archive.writestr(entry, files[name], compresslevel=9)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)

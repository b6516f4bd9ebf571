"""Read a PDF the way a reviewer would, with Debian's poppler-utils.

Thin wrappers around pdfinfo, pdffonts, pdftotext and pdftoppm (the real
tools, installed by scripts/ensure-system-packages.sh), plus a reader for the
document catalog, which WeasyPrint keeps in a compressed object stream where
no poppler tool shows it.
"""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    """``pdfinfo``'s fields, e.g. ``{"Tagged": "yes", "Pages": "3", "Title": ...}``."""
    fields = {}
    for line in _run("pdfinfo", str(pdf)).splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def xmp_metadata(pdf: Path) -> str:
    """The XMP metadata stream (``pdfinfo -meta``), where PDF/UA conformance is declared."""
    return _run("pdfinfo", "-meta", str(pdf))


def pdf_fonts(pdf: Path) -> list[dict[str, str]]:
    """One dict per font ``pdffonts`` lists: name, type, emb (yes/no), sub, uni."""
    lines = _run("pdffonts", str(pdf)).splitlines()
    fonts = []
    for line in lines[2:]:  # a heading line and a rule
        # The type has spaces ("CID TrueType"); the last six columns do not.
        parts = line.split()
        name, rest = parts[0], parts[-6:]
        fonts.append({"name": name, "emb": rest[1], "sub": rest[2], "uni": rest[3]})
    return fonts


def page_text(pdf: Path, page: int) -> str:
    """``pdftotext`` of one page (reading order, no layout), without the trailing form feed."""
    return _run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").rstrip("\f")


def structure_text(pdf: Path) -> str:
    """The text of the tagged structure tree: what assistive technology reads.

    ``pdfinfo -struct-text`` prints each line of text as a quoted string;
    page headers and footers are not part of the tree.
    """
    pieces = re.findall(r'^\s*"(.*)"$', _run("pdfinfo", "-struct-text", str(pdf)), flags=re.MULTILINE)
    return join_lines(pieces)


def structure_roles(pdf: Path) -> list[str]:
    """The structure element types in document order (``Document``, ``H1``, ``P``, ...)."""
    return re.findall(r"^\s*([A-Za-z0-9]+)(?: \(\w+\))?$", _run("pdfinfo", "-struct", str(pdf)), flags=re.MULTILINE)


def join_lines(lines: list[str]) -> str:
    """Join typeset lines into running text.

    A line that ends in a hyphen is joined to the next without a space: with
    hyphenation off (print.css), a hyphen at a line end is one the district
    wrote (``off-hours``), so the word is whole again. A word hyphenated by the
    typesetter would come out as ``profes-sional`` and fail the text tests.
    """
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        text += line if (not text or text.endswith("-")) else " " + line
    return text


def catalog(pdf: Path) -> str:
    """The document catalog dictionary (``<</Type /Catalog ... >>``) as text."""
    data = pdf.read_bytes()
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, flags=re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            pass  # not a Flate stream (or not compressed): already searched in `data`
    text = b"\n".join(chunks).decode("latin-1")
    start = text.index("<</Type /Catalog")
    depth, i = 0, start
    while True:  # to the matching ">>"
        if text.startswith("<<", i):
            depth, i = depth + 1, i + 2
        elif text.startswith(">>", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return text[start:i]
        else:
            i += 1


def render_pages(pdf: Path, out_dir: Path, first: int, last: int, dpi: int = 80) -> list[Path]:
    """Render pages ``first``..``last`` to PNG with ``pdftoppm``; returns the files, in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(out_dir / "page")],
        check=True,
    )
    return sorted(out_dir.glob("page-*.png"))

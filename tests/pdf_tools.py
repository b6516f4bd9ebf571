"""Read a PDF the way a reviewer would, with Debian's poppler-utils and qpdf.

Thin wrappers around pdfinfo, pdffonts, pdftotext and pdftoppm (poppler-utils)
and ``qpdf --json`` (the document catalog, the bookmarks, the links and where
they lead), the real tools installed by scripts/ensure-system-packages.sh.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from functools import cached_property
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


def all_text(pdf: Path) -> str:
    """``pdftotext`` of every page, joined into running text (see :func:`join_lines`)."""
    return join_lines(_run("pdftotext", str(pdf), "-").replace("\f", "\n").splitlines())


def structure_text(pdf: Path) -> str:
    """The text of the tagged structure tree: what assistive technology reads.

    ``pdfinfo -struct-text`` prints each line of text as a quoted string;
    page headers and footers are artifacts, not part of the tree.
    """
    pieces = re.findall(r'^\s*"(.*)"$', _run("pdfinfo", "-struct-text", str(pdf)), flags=re.MULTILINE)
    return join_lines(pieces)


def structure_roles(pdf: Path) -> list[str]:
    """The structure element types in document order (``Document``, ``H1``, ``P``, ...)."""
    return re.findall(r"^\s*([A-Za-z0-9]+)(?: \"[^\n]*\")?(?: \(\w+\))?$", _run("pdfinfo", "-struct", str(pdf)), flags=re.MULTILINE)


def structure_headings(pdf: Path) -> list[tuple[int, str]]:
    """Every heading of the structure tree in order, as (level, text): ``(3, "1.9 Must")``."""
    return [(int(level), text) for level, text in re.findall(r'^\s*H(\d) "(.*)"', _run("pdfinfo", "-struct", str(pdf)), flags=re.MULTILINE)]


def join_lines(lines: list[str]) -> str:
    """Join typeset lines into running text.

    A line that ends in a hyphen is joined to the next without a space: with
    hyphenation off (templates/pdf/policy.typ), a hyphen at a line end is one
    the district wrote (``off-hours``), so the word is whole again. A word
    hyphenated by the typesetter would come out as ``profes-sional`` and fail
    the text tests.
    """
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        text += line if (not text or text.endswith("-")) else " " + line
    return text


def _text(value) -> str:
    """A PDF string as qpdf's JSON writes it (``u:`` text, ``b:`` hex bytes)."""
    if isinstance(value, str) and value.startswith("u:"):
        return value[2:]
    if isinstance(value, str) and value.startswith("b:"):
        return bytes.fromhex(value[2:]).decode("latin-1")
    return value


@dataclass(frozen=True)
class Bookmark:
    """One entry of the PDF's outline (the viewer's bookmarks), with its entries below it."""

    title: str
    page: int
    kids: tuple["Bookmark", ...]

    def walk(self, depth: int = 1):
        yield depth, self
        for kid in self.kids:
            yield from kid.walk(depth + 1)


@dataclass(frozen=True)
class Link:
    """A link annotation: the page it is on, what it says to assistive technology, and where it leads."""

    page: int
    alt_text: str
    destination_name: str | None
    target_page: int


class QpdfDocument:
    """The objects of a PDF as ``qpdf --json`` reads them: catalog, bookmarks, links."""

    def __init__(self, pdf: Path):
        self.data = json.loads(_run("qpdf", "--json=2", "--json-key=pages", "--json-key=outlines", "--json-key=qpdf", str(pdf)))
        self.objects = {key.removeprefix("obj:"): entry.get("value") for key, entry in self.data["qpdf"][1].items()}
        self.page_number = {page["object"]: page["pageposfrom1"] for page in self.data["pages"]}

    def object(self, reference):
        return self.objects[reference] if isinstance(reference, str) and reference.endswith(" R") else reference

    @cached_property
    def catalog(self) -> dict:
        return self.object(self.objects["trailer"]["/Root"])

    @cached_property
    def bookmarks(self) -> tuple[Bookmark, ...]:
        def build(entries) -> tuple[Bookmark, ...]:
            return tuple(Bookmark(e["title"], e["destpageposfrom1"], build(e["kids"])) for e in entries)

        return build(self.data["outlines"])

    @cached_property
    def named_destinations(self) -> dict[str, int]:
        """Each named destination (a Typst label that a link uses) and the page it leads to."""
        found: dict[str, int] = {}

        def visit(node):
            node = self.object(node)
            names = node.get("/Names", [])
            for name, destination in zip(names[::2], names[1::2]):
                destination = self.object(destination)
                if isinstance(destination, dict):
                    destination = destination["/D"]
                found[_text(name)] = self.page_number[destination[0]]
            for kid in node.get("/Kids", []):
                visit(kid)

        dests = self.object(self.catalog.get("/Names", {})).get("/Dests")
        if dests:
            visit(dests)
        return found

    @cached_property
    def links(self) -> list[Link]:
        found = []
        for page in self.data["pages"]:
            for reference in self.object(page["object"]).get("/Annots", []):
                annotation = self.object(reference)
                if annotation.get("/Subtype") != "/Link":
                    continue
                destination = annotation.get("/Dest") or self.object(annotation["/A"])["/D"]
                if isinstance(destination, str) and destination.startswith(("u:", "b:")):  # a named destination
                    name, target = _text(destination), self.named_destinations[_text(destination)]
                else:  # an array [page, /XYZ, x, y, zoom], maybe by reference
                    name, target = None, self.page_number[self.object(destination)[0]]
                found.append(Link(page["pageposfrom1"], _text(annotation.get("/Contents", "")), name, target))
        return found


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

"""Read a procedure exported as plain text (Word "Plain Text", PDF to text).

The structure of the procedure is left to :mod:`policy_site.importer`; this
module only turns the export into numbered lines and marks the page-break
debris a word processor or PDF converter adds (page numbers, running headers
and footers), so that the district's own words can be told apart from it.
Pure functions: no file is read here.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, replace

from .contents import contents_lines

# Real procedures exported as text are tens of KB; a 20 MB file took over a
# minute and most of a gigabyte to import, and is never a procedure.
MAX_EXPORT_BYTES = 2 * 1024 * 1024
# How much of the start is inspected to tell text from a binary file.
_SAMPLE_CHARS = 4096
# Text has next to no control characters; a program or an image has about one
# byte in eight outside the printable range.
_MAX_NON_TEXT_SHARE = 0.05
_TEXT_CONTROLS = "\t\n\r\f\v"

PAGE_NUMBER = "page number"
RUNNING_LINE = "running header or footer"
CONTENTS = "table of contents"
HOSTING_LINE = "hosting site's link text"
# Debris a page break leaves in the text flow: a clause that it interrupts continues after it.
PAGE_BREAK_DEBRIS = (PAGE_NUMBER, HOSTING_LINE)

# Words a document-hosting site (a viewer embedded in the district's web page)
# puts between pages of a preview; never the district's text.
_HOSTING_LINE = re.compile(r"(?i)(?:continue\s+reading|read\s+more|scroll\s+(?:down\s+)?to\s+continue)\W*")

# "Page 2 of 5", "Page 2", "2 of 5", "2/5", "- 2 -", "Page | 2", "2 | Page".
_PAGE_NUMBER = re.compile(
    r"(?i)page\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|[-–—]\s*\d+\s*[-–—]"
    r"|page\s*\|\s*\d+|\d+\s*\|\s*page"
)
_BARE_NUMBER = re.compile(r"\d{1,3}")
# Lines at the top or bottom of a page that are candidates for a running header
# or footer: two at each end covers a header plus a document title line.
_EDGE_LINES = 2


@dataclass(frozen=True)
class ExportLine:
    """One line of the export.

    Attributes:
        number: the line number an editor shows for it (a form feed does not
            start a new line there, so text after one keeps its line's number).
        text: the line with surrounding whitespace and invisible control
            characters removed.
        page_start: True for the text after a form feed.
        debris: PAGE_NUMBER, RUNNING_LINE, CONTENTS or HOSTING_LINE when the
            line is not the district's text but page furniture.
        indent: how far the line is indented (a tab counts as four spaces):
            a list flattened from HTML or Word keeps its levels only here.
    """

    number: int
    text: str
    page_start: bool = False
    debris: str | None = None
    indent: int = 0


class NotATextExport(ValueError):
    """The file is not a procedure exported as plain text; the message says why and what to do."""


def decode_export(data: bytes) -> tuple[str, str | None]:
    """Decode an exported file the way Word and PDF converters write them.

    Returns:
        The text, and a note for the person when it had to be guessed (not UTF-8).

    Raises:
        NotATextExport: if ``data`` is larger than ``MAX_EXPORT_BYTES`` or
            looks like a binary file (a Word document, a PDF, a program).
    """
    if len(data) > MAX_EXPORT_BYTES:
        raise NotATextExport(
            f"is larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MB, far more than a procedure "
            "(tens of KB as text): check that this is the right file"
        )
    text, note = _decode(data)
    if _looks_binary(text[:_SAMPLE_CHARS]):
        raise NotATextExport(
            "looks like a binary file, not a text export; in Word use File > Save As > Plain Text "
            "(for a PDF, copy its text into a .txt file) and import that"
        )
    return text, note


def _decode(data: bytes) -> tuple[str, str | None]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        # Word's "Windows (default)" encoding for plain text; curly quotes and
        # dashes are single bytes there, so the person must check them.
        note = (
            f"the file is not UTF-8 (byte {exc.start + 1} is not valid UTF-8); it was read as "
            "Windows-1252: check that quotes, dashes and accented letters came out right, "
            'or export the document again choosing "Unicode (UTF-8)"'
        )
        return data.decode("cp1252", errors="replace"), note


def _looks_binary(sample: str) -> bool:
    """A NUL, or many control characters or undecodable bytes, in ``sample``: no text export has those."""
    if "\x00" in sample:
        return True
    non_text = sum(
        1 for char in sample
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in _TEXT_CONTROLS)
    )
    return non_text > _MAX_NON_TEXT_SHARE * len(sample)


def _clean(text: str) -> str:
    """Drop characters that are not text (controls, separators) and YAML cannot hold; keep all others."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\t" or category in ("Zl", "Zp", "Cc", "Cs") or char in "\ufffe\uffff":
            kept.append(" ")
        else:
            kept.append(char)
    return "".join(kept).strip()


def export_lines(text: str) -> list[ExportLine]:
    """Split an export into lines, with page furniture marked as debris.

    Page numbers, running headers and footers, a table of contents and a
    hosting site's "CONTINUE READING" are marked; the importer lists every
    one it leaves out, so nothing is dropped silently.

    Windows (CRLF), old Mac (CR) and Unix (LF) line endings all count as one line
    break; a form feed (a page break) splits a line without changing its number.
    """
    lines: list[ExportLine] = []
    for number, physical in enumerate(re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff")), start=1):
        for piece_index, piece in enumerate(physical.split("\f")):
            lines.append(ExportLine(number, _clean(piece), page_start=piece_index > 0, indent=_indent(piece)))
    lines = _mark_page_numbers(lines)
    contents = contents_lines([line.text for line in lines])
    lines = [replace(line, debris=CONTENTS) if index in contents else line for index, line in enumerate(lines)]
    return _mark_running_lines(lines)


def _indent(piece: str) -> int:
    expanded = piece.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _mark_page_numbers(lines: list[ExportLine]) -> list[ExportLine]:
    marked = []
    for line in lines:
        if _PAGE_NUMBER.fullmatch(line.text):
            line = replace(line, debris=PAGE_NUMBER)
        elif _HOSTING_LINE.fullmatch(line.text):
            line = replace(line, debris=HOSTING_LINE)
        marked.append(line)
    return marked


def _pages(lines: list[ExportLine]) -> list[list[int]]:
    """Indexes of the text lines of each page; a page ends at a form feed or after a page number."""
    pages: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        if line.page_start and pages[-1]:
            pages.append([])
        if line.debris in PAGE_BREAK_DEBRIS:
            if pages[-1]:
                pages.append([])
            continue
        if line.text and line.debris is None:
            pages[-1].append(index)
    return [page for page in pages if page]


def _running_key(text: str) -> str | None:
    """How a running line is compared between pages: digits (dates, page numbers) may differ."""
    if sum(char.isalpha() for char in text) < 3:
        return None  # a lone clause number like "3.1." is never a header
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _mark_running_lines(lines: list[ExportLine]) -> list[ExportLine]:
    pages = _pages(lines)
    if len(pages) < 2:
        return lines
    marked = list(lines)
    has_form_feeds = any(line.page_start for line in lines)
    for page in pages:
        # A bare number at the edge of a page is a page number only where real
        # page breaks (form feeds) show where the edges are.
        for edge in {page[0], page[-1]}:
            if has_form_feeds and _BARE_NUMBER.fullmatch(lines[edge].text):
                marked[edge] = replace(lines[edge], debris=PAGE_NUMBER)
    pages = _pages(marked)
    pages_with_key: dict[str, set[int]] = {}
    edges: list[tuple[int, str]] = []
    for page_number, page in enumerate(pages):
        for index in set(page[:_EDGE_LINES] + page[-_EDGE_LINES:]):
            key = _running_key(marked[index].text)
            if key:
                pages_with_key.setdefault(key, set()).add(page_number)
                edges.append((index, key))
    for index, key in edges:
        if len(pages_with_key[key]) >= 2:
            marked[index] = replace(marked[index], debris=RUNNING_LINE)
    return marked

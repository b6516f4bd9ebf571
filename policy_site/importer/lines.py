"""First pass of ``policy import``: the lines of an export become items.

An item is a heading, a section heading, a numbered or lettered clause, or a
paragraph. Lines that a word processor wrapped in mid-sentence, or that a page
break split, are joined back into their item here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .export_reader import PAGE_NUMBER, RUNNING_LINE, ExportLine

# A sentence (or list lead-in) that ends here; anything else was cut off or wraps on.
_FINISHED = re.compile(r"[.!?:;…][\"'’”)\]]*$")
# List markers a word processor writes before an item: hyphen, dashes, bullets
# (U+F0B7 and friends are Word's Symbol-font bullets in plain-text exports).
_BULLET = re.compile(r"^[-–—•·▪◦‣⁃●○■□➢►*\uf0b7\uf0a7\uf076\uf0d8]\s+")
_CLAUSE = re.compile(r"^(\d+(?:\.\d+)+)[.)]?(?=\s|$)\s*(.*)$")
_SECTION = re.compile(r"^(\d{1,2})(?:[.)](?=\s|$)|(?=\s))\s*(.*)$")
_LETTER = re.compile(r"^(?:\(([a-z])\)|([a-z])\))(?=\s|$)\s*(.*)$")
_KNOWN_HEADING = re.compile(r"(?i)(background|definitions?)\s*:?")
# A procedure's designation: "Administrative Procedure 140 - Appendix C", "AP 160 Appendix D".
PROCEDURE = re.compile(
    r"(?i)\b(?:administrative\s+procedures?|admin\.?\s+procedures?|AP)\s*(?:no\.?|number|#)?\s*(\d+[A-Za-z]?)\b"
    r"(?:.*?\bappendix\s+([A-Z0-9]{1,3})\b)?"
)


def finished(text: str) -> bool:
    """True when ``text`` ends a sentence or a list lead-in (so it was not cut off)."""
    return bool(_FINISHED.search(text))


@dataclass
class Item:
    kind: str  # "known", "section", "clause", "letter", "heading" or "paragraph"
    line: int
    first_piece: str
    number: str = ""
    # (line, text) of each source line joined into this item, first included.
    pieces: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self):
        self.pieces.append((self.line, self.first_piece))

    def add(self, line: int, text: str) -> None:
        self.pieces.append((line, text))

    @property
    def text(self) -> str:
        # Wrapped lines join with single spaces, as the loader reads text.
        return " ".join(" ".join(piece for _, piece in self.pieces).split())


def _words_ok(text: str, limit: int) -> bool:
    words = text.split()
    return 0 < len(words) <= limit and any(sum(c.isalpha() for c in w) >= 3 for w in words)


def _in_capitals(text: str) -> bool:
    """A heading typed in capitals, e.g. BACKGROUND or ACCEPTABLE USE OF SOCIAL MEDIA."""
    letters = [c for c in text if c.isalpha()]
    return _words_ok(text, 10) and not finished(text) and all(c.isupper() for c in letters)


def _title_like(text: str) -> bool:
    """A short line in title case, e.g. "Personal Social Media Use"."""
    if not _words_ok(text, 12) or finished(text):
        return False
    first_letter = next((c for c in text if c.isalpha()), "")
    long_words = [w for w in text.split() if sum(c.isalpha() for c in w) >= 4]
    return first_letter.isupper() and all(next(c for c in w if c.isalpha()).isupper() for w in long_words)


def _is_structural(text: str) -> bool:
    body = _BULLET.sub("", text)
    return bool(_KNOWN_HEADING.fullmatch(body) or _CLAUSE.match(body) or _SECTION.match(body) or _LETTER.match(body))


def _stands_alone(lines: list[ExportLine], index: int) -> bool:
    """True when the next line is blank or starts something new: a heading is a line of its own."""
    for line in lines[index + 1 :]:
        if line.debris:
            continue
        return not line.text or _is_structural(line.text)
    return True


def tokenize(lines: list[ExportLine]) -> list[Item]:
    """The items of an export, in order, with wrapped lines joined and page debris dropped."""
    items: list[Item] = []
    open_item: Item | None = None  # the item a following line may continue
    blank_before = False  # a blank line or page-break debris since the last text
    structural_seen = False  # past the cover lines (title, designation)
    section = 0  # the current section number, to tell a clause from a wrapped "2.5 million"
    clause_in_section = False
    for index, line in enumerate(lines):
        # A running header on the cover page is the document's title: keep it there.
        if line.debris == PAGE_NUMBER or (line.debris == RUNNING_LINE and structural_seen):
            blank_before = True
            continue
        if not line.text:
            blank_before = True
            continue
        bullet = _BULLET.match(line.text)
        body = line.text[bullet.end() :] if bullet else line.text
        can_continue = (
            open_item is not None
            and open_item.kind in ("paragraph", "clause", "letter")
            and (not blank_before or not finished(open_item.text))
        )
        item = None
        if _KNOWN_HEADING.fullmatch(body):
            item = Item("known", line.number, body)
        elif match := _CLAUSE.match(body):
            first = int(match[1].split(".")[0])
            # "... up to\n2.5 million ..." is a wrapped sentence, not clause 2.5: a clause
            # number never goes back a section, and the district's clauses start with a capital.
            wrapped = can_continue and not finished(open_item.text) and (first < section or match[2][:1].islower())
            if not wrapped:
                item = Item("clause", line.number, match[2], number=match[1])
                if first > section:
                    section, clause_in_section = first, False
                clause_in_section = True
        elif (match := _SECTION.match(body)) and int(match[1]) > section and (not match[2] or _title_like(match[2])):
            item = Item("section", line.number, match[2], number=match[1])
            section, clause_in_section = int(match[1]), False
        elif (match := _LETTER.match(body)) and clause_in_section:
            item = Item("letter", line.number, match[3], number=match[1] or match[2])
        if item is not None:
            items.append(item)
            structural_seen = True
            open_item = item if item.kind != "known" else None
            blank_before = False
            continue

        if open_item is not None and open_item.kind == "section" and not open_item.text and _title_like(body):
            open_item.add(line.number, body)  # "3." on one line, its title on the next
            open_item = None
        elif bullet and open_item is not None and open_item.kind in ("clause", "letter"):
            open_item.add(line.number, line.text)  # a bulleted list inside a clause keeps its bullets
        elif (_in_capitals(body) or (_title_like(body) and _stands_alone(lines, index))) and (
            open_item is None or blank_before or finished(open_item.text)
        ):
            items.append(Item("heading", line.number, body))
            open_item = None
        elif not structural_seen and (_in_capitals(body) or _title_like(body) or PROCEDURE.search(body)):
            # Cover lines (district, manual, designation, title) are one item each, never wrapped text.
            items.append(Item("heading", line.number, body))
            open_item = None
        elif can_continue and not bullet:
            open_item.add(line.number, body)
        else:
            open_item = Item("paragraph", line.number, body)
            items.append(open_item)
        blank_before = False
    return items

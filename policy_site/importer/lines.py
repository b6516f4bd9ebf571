"""First pass of ``policy import``: the lines of an export become items.

An item is a heading, a section heading, a numbered clause (dotted, or a
top-level "2. Staff must …"), a lettered or roman-numbered sub-item, or a
paragraph. Lines that a word processor wrapped in mid-sentence, or that a page
break split, are joined back into their item here; page furniture is left
out and listed, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .export_reader import RUNNING_LINE, ExportLine
from .hyphens import hyphen_joins, join_lines
from .indented_lists import IndentedList, number_by_indentation
from .wording import finished, in_capitals, sentence_like, title_like

# List markers a word processor writes before an item: hyphen, dashes, bullets
# (U+F0B7 and friends are Word's Symbol-font bullets in plain-text exports).
_BULLET = re.compile(r"^[-–—•·▪◦‣⁃●○■□➢►*\uf0b7\uf0a7\uf076\uf0d8]\s+")
_CLAUSE = re.compile(r"^(\d+(?:\.\d+)+)[.)]?(?=\s|$)\s*(.*)$")
# "2 Title", "2. Title", "2) Staff must …": group 2 is the "." or ")" when there is one.
_SECTION = re.compile(r"^(\d{1,2})(?:([.)])(?=\s|$)|(?=\s))\s*(.*)$")
_LETTER = re.compile(r"^(?:\(([a-z])\)|([a-z])\))(?=\s|$)\s*(.*)$")
# Lower-case roman numerals: "i.", "ii)", "(iii)". Upper case ("I.") is left alone.
_ROMAN = re.compile(r"^(?:\(([ivx]{1,6})\)|([ivx]{1,6})[.)])(?=\s|$)\s*(.*)$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_KNOWN_HEADING = re.compile(r"(?i)(background|definitions?)\s*:?")
# A procedure's designation: "Administrative Procedure 140 - Appendix C", "AP 160 Appendix D",
# "Administrative Procedure: 146".
PROCEDURE = re.compile(
    r"(?i)\b(?:administrative\s+procedures?|admin\.?\s+procedures?|AP)\s*:?\s*(?:no\.?|number|#)?\s*(\d+[A-Za-z]?)\b"
    r"(?:.*?\bappendix\s+([A-Z0-9]{1,3})\b)?"
)
# Items a following line may continue (a heading or a section title never wraps into prose).
_CONTINUABLE = ("paragraph", "clause", "letter", "roman", "top")
_NUMBERED = ("clause", "letter", "roman", "top")
# A section title wraps onto at most this many lines.
_MOST_TITLE_LINES = 3


@dataclass
class Item:
    """One item of the document.

    Attributes:
        kind: "known" (Background, Definitions), "section", "top" (a top-level numbered
            sentence such as "2. Staff must keep records."), "clause", "letter", "roman",
            "heading" or "paragraph".
        line: the input line it starts on.
        number: the printed number ("2", "1.4.2", "b", "iii"); "" for headings and paragraphs.
        marker: a sub-item's number as printed, e.g. "(ii)" or "ii.".
        running: a running header kept on the cover page (never a title).
        pieces: (line, text) of each source line joined into this item, first included.
    """

    kind: str
    line: int
    first_piece: str
    number: str = ""
    marker: str = ""
    running: bool = False
    pieces: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self):
        self.pieces.append((self.line, self.first_piece))

    def add(self, line: int, text: str) -> None:
        self.pieces.append((line, text))

    @property
    def text(self) -> str:
        # Wrapped lines join with single spaces, as the loader reads text; a word
        # hyphenated across a line break joins without one (see hyphens).
        return join_lines([piece for _, piece in self.pieces])

    def hyphen_joins(self) -> list[tuple[int, str]]:
        """(line, word) of each word this item joins across a line break."""
        return hyphen_joins(self.pieces)


@dataclass
class Tokens:
    """What the first pass found: the items, the lines left out as page furniture, and the lists numbered by indentation."""

    items: list[Item]
    dropped: list[ExportLine]
    indented_lists: list[IndentedList]
    lines: list[ExportLine]


def roman_value(numeral: str) -> int:
    """1 for "i", 4 for "iv", 9 for "ix"."""
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _is_structural(text: str) -> bool:
    body = _BULLET.sub("", text)
    return bool(
        _KNOWN_HEADING.fullmatch(body) or _CLAUSE.match(body) or _SECTION.match(body) or _LETTER.match(body)
        or _ROMAN.match(body)
    )


def _stands_alone(lines: list[ExportLine], index: int) -> bool:
    """True when the next line is blank or starts something new: a heading is a line of its own."""
    for line in lines[index + 1 :]:
        if line.debris:
            continue
        return not line.text or _is_structural(line.text)
    return True


def tokenize(lines: list[ExportLine]) -> Tokens:
    """The items of an export, in order, with wrapped lines joined and page furniture left out (and listed)."""
    return _Tokenizer(lines).run()


class _Tokenizer:
    """Reads the lines one by one; the state says what a line may continue or start."""

    def __init__(self, lines: list[ExportLine]):
        self.lines = lines
        self.indented_lists = number_by_indentation(lines)
        self.assigned = {index: number for found in self.indented_lists for index, number in found.numbers.items()}
        self.items: list[Item] = []
        self.dropped: list[ExportLine] = []
        self.open_item: Item | None = None  # the item a following line may continue
        self.blank_before = False  # a blank line or page-break debris since the last text
        self.structural_seen = False  # past the cover lines (title, designation)
        self.section = 0  # the current section number, to tell a clause from a wrapped "2.5 million"
        self.clause_in_section = False
        self.last_letter = ""  # of the lettered list being read, to tell "(i)" the letter from i the numeral
        self.last_roman = 0  # of the roman list being read
        self.title_lines_left = 0  # lines a wrapped section title still runs onto

    def run(self) -> Tokens:
        for index, line in enumerate(self.lines):
            self._read(index, line)
        return Tokens(self.items, self.dropped, self.indented_lists, self.lines)

    def _read(self, index: int, line: ExportLine) -> None:
        running = line.debris == RUNNING_LINE and not self.structural_seen
        if line.debris and not running:
            # A running header on the cover page may be the designation: it is kept there.
            self.dropped.append(line)
            self.blank_before = True
            return
        if not line.text:
            self.blank_before = True
            return
        bullet = _BULLET.match(line.text)
        body = line.text[bullet.end() :] if bullet else line.text
        forced = index in self.assigned
        if forced:  # numbered by its indentation (see indented_lists)
            body = f"{self.assigned[index]}. {body.split(maxsplit=1)[1]}"
        item = self._structural_item(index, line, body, forced)
        if item is not None:
            item.running = running
            self.items.append(item)
            self.structural_seen = True
            self.open_item = item if item.kind != "known" else None
            self.blank_before = False
            return
        self._read_text(index, line, body, bool(bullet), running)
        self.blank_before = False

    def _can_continue(self) -> bool:
        item = self.open_item
        return item is not None and item.kind in _CONTINUABLE and (not self.blank_before or not finished(item.text))

    def _continues_unfinished(self) -> bool:
        return self._can_continue() and not finished(self.open_item.text)

    def _structural_item(self, index: int, line: ExportLine, body: str, forced: bool) -> Item | None:
        """The heading, section, clause or sub-item ``body`` starts, or None when it is text."""
        if _KNOWN_HEADING.fullmatch(body):
            return Item("known", line.number, body)
        if match := _CLAUSE.match(body):
            return self._clause(line, match, forced)
        if (match := _SECTION.match(body)) and int(match[1]) > self.section:
            return self._section_or_top(line, match, forced, self._following_lines(index))
        if self.clause_in_section:
            return self._sub_item(line, body)
        return None

    def _clause(self, line: ExportLine, match: re.Match, forced: bool) -> Item | None:
        first = int(match[1].split(".")[0])
        # "... up to\n2.5 million ..." is a wrapped sentence, not clause 2.5: a clause
        # number never goes back a section, and the district's clauses start with a capital.
        if not forced and self._continues_unfinished() and (first < self.section or match[2][:1].islower()):
            return None
        self.section = max(self.section, first)
        self._new_list_level()
        return Item("clause", line.number, match[2], number=match[1])

    def _following_lines(self, index: int) -> list[str]:
        """The texts of the lines right after ``index``, up to a blank line, page furniture or a new item."""
        found = []
        for line in self.lines[index + 1 : index + 1 + _MOST_TITLE_LINES]:
            if line.debris or not line.text or _is_structural(line.text):
                break
            found.append(line.text)
        return found

    def _section_or_top(self, line: ExportLine, match: re.Match, forced: bool, following: list[str]) -> Item | None:
        number, marked, rest = int(match[1]), match[2], match[3]
        is_title = not rest or title_like(rest, lead_in=True)
        # "1. Records and Accounts and" / "Devices": a title that stops on "and" wraps onto the lines after it.
        wrapped = 0 if is_title else next(
            (k for k in range(1, len(following) + 1) if title_like(" ".join([rest, *following[:k]]), lead_in=True)), 0
        )
        if is_title or wrapped:
            self.section, self.clause_in_section = number, False
            self.title_lines_left = wrapped
            return Item("section", line.number, rest, number=match[1])
        # "2. Staff must keep records." is a clause numbered at the top level, not a heading.
        # "... within\n2 days." is a wrapped sentence: a top-level clause has its "." or ")".
        wrapped_sentence = not forced and self._continues_unfinished() and number != self.section + 1
        if marked and sentence_like(rest) and not wrapped_sentence:
            self.section = number
            self._new_list_level()
            return Item("top", line.number, rest, number=match[1])
        return None

    def _new_list_level(self) -> None:
        self.clause_in_section = True
        self.last_letter, self.last_roman = "", 0

    def _sub_item(self, line: ExportLine, body: str) -> Item | None:
        """A lettered "(b)" or roman "(ii)" sub-item; "(i)" is the letter only right after "(h)"."""
        letter, roman = _LETTER.match(body), _ROMAN.match(body)
        if roman:
            value = roman_value(roman[1] or roman[2])
            letter_follows = letter is not None and self.last_letter and ord(letter[1] or letter[2]) == ord(self.last_letter) + 1
            continues_roman = self.last_roman and value == self.last_roman + 1
            if continues_roman or (value == 1 and not letter_follows) or letter is None:
                self.last_roman = value
                marker = body[: roman.start(3)].strip()
                return Item("roman", line.number, roman[3], number=roman[1] or roman[2], marker=marker)
        if letter:
            self.last_letter, self.last_roman = letter[1] or letter[2], 0
            return Item("letter", line.number, letter[3], number=letter[1] or letter[2])
        return None

    def _read_text(self, index: int, line: ExportLine, body: str, bullet: bool, running: bool) -> None:
        """A line that starts nothing numbered: a section's title, a heading, a cover line or more text."""
        open_item = self.open_item
        if open_item is not None and open_item.kind == "section" and self.title_lines_left:
            open_item.add(line.number, body)  # a title wrapped onto this line
            self.title_lines_left -= 1
            self.open_item = open_item if self.title_lines_left else None
        elif open_item is not None and open_item.kind == "section" and not open_item.text and title_like(body):
            open_item.add(line.number, body)  # "3." on one line, its title on the next
            self.open_item = None
        elif bullet and open_item is not None and open_item.kind in _NUMBERED:
            open_item.add(line.number, line.text)  # a bulleted list inside a clause keeps its bullets
        elif (in_capitals(body) or (title_like(body) and _stands_alone(self.lines, index))) and (
            open_item is None or self.blank_before or finished(open_item.text)
        ):
            self.items.append(Item("heading", line.number, body, running=running))
            self.open_item = None
        elif not self.structural_seen and (in_capitals(body) or title_like(body) or PROCEDURE.search(body)):
            # Cover lines (district, manual, designation, title) are one item each, never wrapped text.
            self.items.append(Item("heading", line.number, body, running=running))
            self.open_item = None
        elif self._can_continue() and not bullet:
            open_item.add(line.number, body)
        else:
            self.open_item = Item("paragraph", line.number, body, running=running)
            self.items.append(self.open_item)

"""Turn a procedure exported as plain text (from Word or PDF) into a policy_src skeleton.

The district's words are kept verbatim (lines wrapped by the export are joined
with single spaces); every clause keeps its number; kinds are guessed from the
wording and marked for a person to confirm. Where the text is cut off or
missing, the skeleton records a gap and a problem is reported, with the input
line: nothing is ever filled in. Text that cannot be placed is kept as a
comment, never dropped silently.

Two passes: :func:`_tokenize` reads lines into items (headings, clauses,
paragraphs), joining wrapped lines; :class:`_Assembler` places the items into
metadata, background, definitions and sections, checking the numbering.
Pure functions: the ``policy import`` command does the reading and writing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .kind_guess import guess_kind
from .problems import Location, Problem
from .skeleton_yaml import render_skeleton
from .text_export import PAGE_NUMBER, RUNNING_LINE, ExportLine, export_lines

# A sentence (or list lead-in) that ends here; anything else was cut off or wraps on.
_FINISHED = re.compile(r"[.!?:;…][\"'’”)\]]*$")
# List markers a word processor writes before an item: hyphen, dashes, bullets
# (U+F0B7 and friends are Word's Symbol-font bullets in plain-text exports).
_BULLET = re.compile(r"^[-–—•·▪◦‣⁃●○■□➢►*\uf0b7\uf0a7\uf076\uf0d8]\s+")
_CLAUSE = re.compile(r"^(\d+(?:\.\d+)+)[.)]?(?=\s|$)\s*(.*)$")
_SECTION = re.compile(r"^(\d{1,2})(?:[.)](?=\s|$)|(?=\s))\s*(.*)$")
_LETTER = re.compile(r"^(?:\(([a-z])\)|([a-z])\))(?=\s|$)\s*(.*)$")
_KNOWN_HEADING = re.compile(r"(?i)(background|definitions?)\s*:?")

_PROCEDURE = re.compile(
    r"(?i)\b(?:administrative\s+procedures?|admin\.?\s+procedures?|AP)\s*(?:no\.?|number|#)?\s*(\d+[A-Za-z]?)\b"
    r"(?:.*?\bappendix\s+([A-Z0-9]{1,3})\b)?"
)
_APPENDIX = re.compile(r"(?i)appendix\s+([A-Z0-9]{1,3})\b.*")
_MANUAL = re.compile(r"(?i)\bmanual\b")
_DISTRICT = re.compile(r"(?i)\b(?:school\s+district|schools|board\s+of\s+education)\b")
# Words kept lower-case when a title in capitals is turned into title case.
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}

_DEFINITION_FORMS = (
    re.compile(r"^[“\"‘'](?P<term>[^”\"’']{1,60})[”\"’']\s*[-–—:]?\s*(?P<text>.+)$"),
    re.compile(r"^(?P<term>[^:–—]{1,60}?)\s*:\s+(?P<text>.+)$"),
    re.compile(r"^(?P<term>.{1,60}?)\s+[-–—]\s+(?P<text>.+)$"),
    re.compile(r"^(?P<term>.{1,60}?)\s+(?P<text>(?:means|refers\s+to|includes)\b.+)$"),
)

TODO = "TODO: confirm"


# ---------------------------------------------------------------- the draft

@dataclass
class DraftClause:
    """A clause (or lettered sub-clause) as imported; ``text`` is empty when the source has only the number."""

    number: str
    line: int
    text: str
    kind: str | None = None
    kind_comment: str = ""
    gap: str | None = None
    comments: list[str] = field(default_factory=list)


@dataclass
class DraftGap:
    note: str
    line: int


@dataclass
class DraftSection:
    number: str
    line: int
    title: str | None  # None: the source gives no title
    entries: list[DraftClause | DraftGap] = field(default_factory=list)
    # Numbering bookkeeping: the highest child number seen under each parent.
    last_child: dict[str, int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)


@dataclass
class DraftParagraph:
    text: str
    line: int
    comments: list[str] = field(default_factory=list)


@dataclass
class DraftTerm:
    term: str
    text: str
    line: int
    comments: list[str] = field(default_factory=list)


@dataclass
class DraftDefinitions:
    line: int
    terms: list[DraftTerm] = field(default_factory=list)
    gap_note: str | None = None
    gap_fragment: str | None = None


@dataclass
class MetadataValue:
    value: str
    comment: str | None = None


@dataclass
class DraftPolicy:
    """Everything the importer found, ready to be written as YAML."""

    source_name: str
    metadata: dict[str, MetadataValue]
    background: list[DraftParagraph]
    definitions: DraftDefinitions | None
    sections: list[DraftSection]
    unplaced: list[tuple[int, str]]


@dataclass(frozen=True)
class ImportResult:
    """The skeleton as YAML text, and what a person must look at (as warnings with input lines)."""

    yaml_text: str
    problems: list[Problem]
    draft: DraftPolicy


def import_procedure(text: str, source_name: str) -> ImportResult:
    """Turn an exported procedure into ``policy.yaml`` text.

    Args:
        text: the export, already decoded (see :func:`policy_site.text_export.decode_export`).
        source_name: the input's path as the person typed it, for messages.

    Returns:
        The YAML, and one problem per gap, cut-off passage or unplaced text,
        each naming the input line.
    """
    assembler = _Assembler(source_name)
    draft = assembler.run(_tokenize(export_lines(text)))
    problems = sorted(assembler.problems, key=lambda p: p.location)
    return ImportResult(render_skeleton(draft), problems, draft)


# ---------------------------------------------------------------- pass 1: lines to items

@dataclass
class _Item:
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


def _finished(text: str) -> bool:
    return bool(_FINISHED.search(text))


def _words_ok(text: str, limit: int) -> bool:
    words = text.split()
    return 0 < len(words) <= limit and any(sum(c.isalpha() for c in w) >= 3 for w in words)


def _in_capitals(text: str) -> bool:
    """A heading typed in capitals, e.g. BACKGROUND or ACCEPTABLE USE OF SOCIAL MEDIA."""
    letters = [c for c in text if c.isalpha()]
    return _words_ok(text, 10) and not _finished(text) and all(c.isupper() for c in letters)


def _title_like(text: str) -> bool:
    """A short line in title case, e.g. "Personal Social Media Use"."""
    if not _words_ok(text, 12) or _finished(text):
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


def _tokenize(lines: list[ExportLine]) -> list[_Item]:
    items: list[_Item] = []
    open_item: _Item | None = None  # the item a following line may continue
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
            and (not blank_before or not _finished(open_item.text))
        )
        item = None
        if _KNOWN_HEADING.fullmatch(body):
            item = _Item("known", line.number, body)
        elif match := _CLAUSE.match(body):
            first = int(match[1].split(".")[0])
            if first >= section or not can_continue:
                item = _Item("clause", line.number, match[2], number=match[1])
                if first > section:
                    section, clause_in_section = first, False
                clause_in_section = True
        elif (match := _SECTION.match(body)) and int(match[1]) > section and (not match[2] or _title_like(match[2])):
            item = _Item("section", line.number, match[2], number=match[1])
            section, clause_in_section = int(match[1]), False
        elif (match := _LETTER.match(body)) and clause_in_section:
            item = _Item("letter", line.number, match[3], number=match[1] or match[2])
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
            open_item is None or blank_before or _finished(open_item.text)
        ):
            items.append(_Item("heading", line.number, body))
            open_item = None
        elif not structural_seen and (_in_capitals(body) or _title_like(body) or _PROCEDURE.search(body)):
            # Cover lines (district, manual, designation, title) are one item each, never wrapped text.
            items.append(_Item("heading", line.number, body))
            open_item = None
        elif can_continue and not bullet:
            open_item.add(line.number, body)
        else:
            open_item = _Item("paragraph", line.number, body)
            items.append(open_item)
        blank_before = False
    return items


# ---------------------------------------------------------------- pass 2: items to a draft

def _quote(text: str, limit: int = 60) -> str:
    """``text`` in quotes for a message, shortened at a word to about ``limit`` characters."""
    if len(text) <= limit:
        return f'"{text}"'
    return '"' + text[:limit].rsplit(" ", 1)[0] + '…"'


def _quote_end(text: str, limit: int = 40) -> str:
    """The last words of ``text`` in quotes: where a cut-off passage stops."""
    if len(text) <= limit:
        return f'"{text}"'
    return '"…' + text[-limit:].split(" ", 1)[-1] + '"'


def _title_case(text: str) -> str:
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _slug(*parts: str) -> str:
    text = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", text.replace("'", "")))


def _missing(names: list[str]) -> tuple[str, str]:
    """(gap note, phrase for the message) for clauses missing from the numbering."""
    if len(names) == 1:
        return f"Clause {names[0]} is not in the supplied document.", f"clause {names[0]} is"
    return f"Clauses {names[0]} to {names[-1]} are not in the supplied document.", f"clauses {names[0]} to {names[-1]} are"


class _Assembler:
    """Places items into the draft, reporting every gap and cut-off passage with its input line."""

    def __init__(self, source_name: str):
        self.source_name = source_name
        self.problems: list[Problem] = []
        self.state = "preamble"  # then "background", "definitions", "heading" or "sections"
        self.preamble: list[_Item] = []
        self.pending_heading: _Item | None = None
        self.metadata: dict[str, MetadataValue] = {}
        self.background: list[DraftParagraph] = []
        self.definitions: DraftDefinitions | None = None
        self.definition_paragraphs: list[_Item] = []
        self.sections: list[DraftSection] = []
        self.unplaced: list[tuple[int, str]] = []

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(Location(self.source_name, line, 1), message, "warning"))

    def run(self, items: list[_Item]) -> DraftPolicy:
        for item in items:
            if item.kind != "heading" and item.kind != "paragraph":
                self._leave_preamble()
            getattr(self, f"_on_{item.kind}")(item)
        self._leave_preamble()
        self._close_definitions()
        self._drop_pending_heading()
        self._check_cut_off()
        return DraftPolicy(
            self.source_name, self.metadata, self.background, self.definitions, self.sections, self.unplaced
        )

    # -- what each item does

    def _on_known(self, item: _Item) -> None:
        self._close_definitions()
        self._drop_pending_heading()
        if item.text.lower().startswith("background"):
            self.state = "background"
        else:
            self.state = "definitions"
            self.definitions = DraftDefinitions(item.line)
            self.definition_paragraphs = []

    def _on_section(self, item: _Item) -> None:
        self._close_definitions()
        title = item.text or None
        if title is None and self.pending_heading is not None:
            title, self.pending_heading = self.pending_heading.text, None
        self._drop_pending_heading()
        self._start_section(int(item.number), item.line, title)

    def _on_clause(self, item: _Item) -> None:
        self._close_definitions()
        section = self._section_for(item.number, item.line)
        self.state = "sections"
        self._add_clause(section, item.number, item.text, item.line)

    def _on_letter(self, item: _Item) -> None:
        # The tokenizer only reads "(a)" as a sub-clause once a numbered clause exists in this section.
        self._drop_pending_heading()
        self.state = "sections"
        section = self.sections[-1]
        parents = [e for e in section.entries if isinstance(e, DraftClause) and not e.number.endswith(")")]
        parent = parents[-1].number
        letter = item.number
        self._check_sequence(
            section, parent + "()", ord(letter) - 96, item.line, parent + f"({letter})", lambda k: f"{parent}({chr(96 + k)})"
        )
        self._new_clause(section, f"{parent}({letter})", item.text, item.line)

    def _on_heading(self, item: _Item) -> None:
        if self.state == "preamble":
            self.preamble.append(item)
            return
        self._close_definitions()
        self._drop_pending_heading()
        self.pending_heading = item
        self.state = "heading"

    def _on_paragraph(self, item: _Item) -> None:
        if self.state == "preamble":
            self.preamble.append(item)
        elif self.state == "background":
            self.background.append(DraftParagraph(item.text, item.line))
        elif self.state == "definitions":
            self.definition_paragraphs.append(item)
        elif self.state == "sections" and self.sections and self._last_clause_with_text():
            clause = self._last_clause_with_text()
            clause.text = f"{clause.text} {item.text}"
            self.report(
                item.line,
                f"an unnumbered paragraph ({_quote(item.text, 40)}) follows clause {clause.number}; it was joined "
                f"to that clause's text: check that it belongs to clause {clause.number}",
            )
        else:
            self._drop_pending_heading()
            self._unplace(item.line, item.text)

    # -- metadata (the cover lines before the first heading)

    def _leave_preamble(self) -> None:
        if self.state != "preamble":
            return
        self.state = "top"
        found: dict[str, MetadataValue] = {}
        for item in self.preamble:
            text = item.text
            if (match := _PROCEDURE.search(text)) and "procedure" not in found:
                found["procedure"] = MetadataValue(match[1])
                if match[2]:
                    found["appendix"] = MetadataValue(match[2].upper())
            elif _MANUAL.search(text) and "manual" not in found:
                found["manual"] = self._as_written(text)
            elif _DISTRICT.search(text) and "district" not in found:
                found["district"] = self._as_written(text)
            elif (match := _APPENDIX.fullmatch(text)) and "appendix" not in found:
                found["appendix"] = MetadataValue(match[1].upper())
            elif item.kind == "heading" and "title" not in found:
                found["title"] = self._as_written(text)
            elif item.kind == "paragraph" and _finished(text) and len(text.split()) >= 6:
                self.background.append(DraftParagraph(text, item.line))
                self.report(
                    item.line,
                    "this paragraph comes before any heading; it was put in background: check that it is "
                    "background, or move it where it belongs",
                )
            else:
                self._unplace(item.line, text)
        self.metadata = self._complete_metadata(found)

    @staticmethod
    def _as_written(text: str) -> MetadataValue:
        letters = [c for c in text if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            return MetadataValue(_title_case(text), f'{TODO} (the source has "{text}" in capitals)')
        return MetadataValue(text)

    @staticmethod
    def _complete_metadata(found: dict[str, MetadataValue]) -> dict[str, MetadataValue]:
        not_found = "TODO: not found in the source; write it as the site should show it"
        procedure = found.get("procedure")
        appendix = found.get("appendix")
        title = found.get("title")
        slug_parts = []
        if procedure:
            slug_parts += ["ap", procedure.value]
        if appendix:
            slug_parts += ["appendix", appendix.value]
        if title:
            slug_parts.append(title.value)
        metadata = {
            "district": found.get("district") or MetadataValue("TODO district name", not_found),
            "manual": found.get("manual") or MetadataValue("TODO manual name", not_found),
            "procedure": procedure or MetadataValue("TODO", not_found),
        }
        if appendix:
            metadata["appendix"] = appendix
        metadata["title"] = title or MetadataValue("TODO title", not_found)
        metadata["slug"] = MetadataValue(
            _slug(*slug_parts) or "todo-slug",
            f"{TODO}: made from the procedure, appendix and title; never change it once published",
        )
        metadata["language"] = MetadataValue("en-CA", f"{TODO}: the language of the text")
        return metadata

    # -- definitions

    def _close_definitions(self) -> None:
        if self.state != "definitions" or self.definitions is None:
            return
        self.state = "top"
        definitions, paragraphs = self.definitions, self.definition_paragraphs
        if not paragraphs:
            definitions.gap_note = "The supplied document has a definitions heading but no definitions under it."
            self.report(
                definitions.line,
                "the definitions heading is followed by no definitions; recorded as definitions.gap: add the "
                "definitions from the district's full document, or keep the gap",
            )
            return
        paragraphs = _split_definitions(paragraphs)
        for position, item in enumerate(paragraphs):
            term = self._definition(item)
            if term is not None:
                definitions.terms.append(term)
            elif position == len(paragraphs) - 1 and not _finished(item.text):
                self._definitions_cut_off(definitions, item)
            else:
                self._unplace(item.line, item.text)

    def _definition(self, item: _Item) -> DraftTerm | None:
        for form in _DEFINITION_FORMS:
            match = form.match(item.text)
            if match and len(match["term"].split()) <= 6:
                term = DraftTerm(match["term"].strip(), match["text"].strip(), item.line)
                if not _finished(term.text):
                    self._cut_off(term.comments, item.line, f'the definition of "{term.term}"', term.text)
                return term
        return None

    def _definitions_cut_off(self, definitions: DraftDefinitions, item: _Item) -> None:
        fragment = item.text
        definitions.gap_fragment = fragment
        if definitions.terms:
            definitions.gap_note = (
                f'The definitions are cut off in the supplied document: after the last complete definition it '
                f'reads only "{fragment}".'
            )
        else:
            definitions.gap_note = (
                f'The definitions are cut off in the supplied document: it stops after "{fragment}", before any '
                "term is defined."
            )
        self.report(
            item.line,
            f"the definitions stop after the fragment {_quote(fragment)} (cut off); recorded as definitions.gap "
            "with that fragment: add the missing definitions from the district's full document, or keep the gap",
        )

    # -- sections and clauses

    def _start_section(self, number: int, line: int, title: str | None) -> DraftSection:
        previous = int(self.sections[-1].number) if self.sections else 0
        section = DraftSection(str(number), line, title)
        self.sections.append(section)
        self.state = "sections"
        if number > previous + 1:
            missing = [str(n) for n in range(previous + 1, number)]
            if len(missing) == 1:
                note, phrase = f"Section {missing[0]} is not in the supplied document.", f"section {missing[0]} is"
            else:
                note = f"Sections {missing[0]} to {missing[-1]} are not in the supplied document."
                phrase = f"sections {missing[0]} to {missing[-1]} are"
            self._add_gap(section, note, line)
            self.report(
                line,
                f"{phrase} not in the source (it goes from {'the start' if not previous else f'section {previous}'} "
                f"to section {number}); recorded as a gap note: add the missing text from the district's full "
                "document if you have it, otherwise keep the gap",
            )
        if title is None:
            self._add_gap(section, f"The supplied document does not give the title of section {number}.", line)
            self.report(
                line,
                f"section {number} has no title in the source; the skeleton has a TODO title marked "
                "title_editorial: true and a gap note: write the title the district uses, or infer one from the "
                "clauses and keep title_editorial: true",
            )
        return section

    def _section_for(self, number: str, line: int) -> DraftSection:
        wanted = int(number.split(".")[0])
        current = int(self.sections[-1].number) if self.sections else 0
        if wanted > current:
            title = None
            if self.pending_heading is not None:
                title, self.pending_heading = self.pending_heading.text, None
            return self._start_section(wanted, line, title)
        self._drop_pending_heading()
        if wanted < current:
            self.report(
                line,
                f"clause {number} comes after section {current} has started; it was kept in section {current} "
                f"and `policy check` will flag it: number it as the district's original does",
            )
        return self.sections[-1]

    def _add_clause(self, section: DraftSection, number: str, text: str, line: int) -> None:
        parts = number.split(".")
        for depth in range(2, len(parts) + 1):
            prefix, parent = ".".join(parts[:depth]), ".".join(parts[:depth - 1])
            is_last = depth == len(parts)
            if prefix in section.seen:
                if is_last:
                    self.report(
                        line,
                        f"clause {number} appears twice; both were kept and `policy check` will flag it: "
                        "number them as the district's original does",
                    )
                continue
            self._check_sequence(section, parent, int(parts[depth - 1]), line, number, lambda k, p=parent: f"{p}.{k}")
            section.seen.add(prefix)
            if not is_last:
                ancestor = DraftClause(prefix, line, "")
                ancestor.gap = f"Clause {prefix} is not in the supplied document; only its sub-clauses are."
                section.entries.append(ancestor)
                self.report(
                    line,
                    f"clause {number} has no parent clause {prefix} in the source; recorded as a clause {prefix} "
                    f"with a gap note: add its text from the district's full document, or keep the gap",
                )
        self._new_clause(section, number, text, line)

    def _new_clause(self, section: DraftSection, number: str, text: str, line: int) -> None:
        clause = DraftClause(number, line, text)
        if text:
            clause.kind, clause.kind_comment = guess_kind(text)
            parent = _lead_in(section, number)
            if clause.kind == "information" and parent is not None and parent.kind:
                # "(a) give families notice" has no wording of its own: it carries its lead-in's.
                clause.kind = parent.kind
                clause.kind_comment = f"guessed from the lead-in, clause {parent.number}: please confirm"
        else:
            clause.gap = f"Clause {number} is numbered in the supplied document but its text is missing."
            self.report(
                line,
                f"clause {number} has a number but no text (the source is cut off here); recorded as a gap on "
                f"clause {number}: add its text from the district's full document, or keep the gap",
            )
        section.entries.append(clause)

    def _check_sequence(self, section, parent: str, value: int, line: int, number: str, name) -> None:
        """Report and record clauses skipped by the numbering (1.7 first, or 1.8 then 1.10)."""
        last = section.last_child.get(parent, 0)
        if value > last + 1:
            note, phrase = _missing([name(k) for k in range(last + 1, value)])
            if last:
                after = f"clause {name(last)}"
            elif parent == section.number:
                after = f"the start of section {section.number}"
            else:
                after = f"clause {parent.rstrip('()')}"
            self._add_gap(section, note, line)
            self.report(
                line,
                f"clause {number} follows {after}, so {phrase} not in the source; recorded as a gap note before "
                f"{number}: add the missing text from the district's full document if you have it, otherwise keep "
                "the gap",
            )
        elif value <= last:
            self.report(
                line,
                f"clause {number} comes after clause {name(last)} (out of order); it was kept where it is and "
                "`policy check` will flag it: number it as the district's original does",
            )
        section.last_child[parent] = max(last, value)

    @staticmethod
    def _add_gap(section: DraftSection, note: str, line: int) -> None:
        # Several things missing at one place read best as one notice.
        if section.entries and isinstance(section.entries[-1], DraftGap):
            section.entries[-1].note += " " + note
        else:
            section.entries.append(DraftGap(note, line))

    def _last_clause_with_text(self) -> DraftClause | None:
        entries = self.sections[-1].entries
        if entries and isinstance(entries[-1], DraftClause) and entries[-1].text:
            return entries[-1]
        return None

    # -- what could not be placed, and what is cut off

    def _drop_pending_heading(self) -> None:
        if self.pending_heading is not None:
            self._unplace(self.pending_heading.line, self.pending_heading.text)
            self.pending_heading = None

    def _unplace(self, line: int, text: str) -> None:
        self.unplaced.append((line, text))
        self.report(
            line,
            f"{_quote(text)} could not be placed (it is not metadata, a section title, background, a definition "
            "or a clause); it is kept as a comment at the top of the output: move it where it belongs, or delete "
            "the comment",
        )

    def _cut_off(self, comments: list[str], line: int, what: str, text: str) -> None:
        comments.append(f"TODO: this text seems cut off (line {line} of the source); compare it with the original")
        self.report(
            line,
            f"{what} ends mid-sentence ({_quote_end(text)}); kept as written with a TODO comment: compare it "
            "with the district's original and add the rest if it is there",
        )

    def _check_cut_off(self) -> None:
        for paragraph in self.background:
            if not _finished(paragraph.text):
                self._cut_off(paragraph.comments, paragraph.line, "a background paragraph", paragraph.text)
        for section in self.sections:
            if not any(isinstance(entry, DraftClause) for entry in section.entries):
                self._add_gap(section, f"Section {section.number} has no clauses in the supplied document.", section.line)
                self.report(
                    section.line,
                    f"section {section.number} has no clauses (the source is cut off here); recorded as a gap note: "
                    "add its clauses from the district's full document, or keep the gap",
                )
            for index, entry in enumerate(section.entries):
                if not isinstance(entry, DraftClause) or not entry.text or _finished(entry.text):
                    continue
                following = section.entries[index + 1] if index + 1 < len(section.entries) else None
                if isinstance(following, DraftClause) and _continues_list(entry.number, following.number):
                    continue  # "Users must ensure that" followed by (a), (b): a lead-in, not a cut
                self._cut_off(entry.comments, entry.line, f"clause {entry.number}", entry.text)


def _lead_in(section: DraftSection, number: str) -> DraftClause | None:
    """The clause a lettered sub-clause belongs to ("1.2" for "1.2(a)"); None for other clauses."""
    if not number.endswith(")"):
        return None
    parent = number[: number.rindex("(")]
    return next((e for e in section.entries if isinstance(e, DraftClause) and e.number == parent), None)


def _split_definitions(paragraphs: list[_Item]) -> list[_Item]:
    """One item per definition, even when a Word export puts them on consecutive lines with no blank line between."""
    split: list[_Item] = []
    for item in paragraphs:
        current: _Item | None = None
        for line, piece in item.pieces:
            starts_definition = any(form.match(piece) for form in _DEFINITION_FORMS)
            if current is None or (starts_definition and _finished(current.text)):
                current = _Item("paragraph", line, piece)
                split.append(current)
            else:
                current.add(line, piece)
    return split


def _continues_list(number: str, following: str) -> bool:
    """True when ``following`` is a sub-clause of ``number`` or the next lettered item of the same list."""
    if following.startswith((number + ".", number + "(")):
        return True
    return number.endswith(")") and following.endswith(")") and number[: number.rindex("(")] == following[: following.rindex("(")]

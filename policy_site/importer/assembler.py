"""Turn a procedure exported as plain text (from Word or PDF) into a policy_src skeleton.

The district's words are kept verbatim (lines wrapped by the export are joined
with single spaces); every clause keeps its number; kinds are guessed from the
wording and marked for a person to confirm. Where the text is cut off or
missing, the skeleton records a gap and a problem is reported, with the input
line: nothing is ever filled in. Text that cannot be placed is kept as a
comment, never dropped silently.

Three steps: :mod:`~policy_site.text_export` splits the export into lines and
marks page debris; :func:`~policy_site.import_lines.tokenize` joins them into
items (headings, clauses, paragraphs); :class:`_Assembler` here places the
items into metadata, background, definitions and sections, checking the
numbering. Pure functions: the ``policy import`` command reads and writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .draft import (
    DraftClause,
    DraftDefinitions,
    DraftGap,
    DraftParagraph,
    DraftPolicy,
    DraftSection,
    DraftTerm,
    MetadataValue,
)
from ..common.problems import Location, Problem
from .cover import read_cover
from .export_reader import export_lines
from .kind_guess import guess_kind
from .lines import Item, finished, tokenize
from .write_yaml import render_skeleton

_DEFINITION_FORMS = (
    re.compile(r"^[“\"‘'](?P<term>[^”\"’']{1,60})[”\"’']\s*[-–—:]?\s*(?P<text>.+)$"),
    re.compile(r"^(?P<term>[^:–—]{1,60}?)\s*:\s+(?P<text>.+)$"),
    re.compile(r"^(?P<term>.{1,60}?)\s+[-–—]\s+(?P<text>.+)$"),
    re.compile(r"^(?P<term>.{1,60}?)\s+(?P<text>(?:means|refers\s+to|includes)\b.+)$"),
)


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
    draft = assembler.run(tokenize(export_lines(text)))
    problems = sorted(assembler.problems, key=lambda p: p.location)
    return ImportResult(render_skeleton(draft), problems, draft)


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
        self.preamble: list[Item] = []
        self.pending_heading: Item | None = None
        self.metadata: dict[str, MetadataValue] = {}
        self.background: list[DraftParagraph] = []
        self.definitions: DraftDefinitions | None = None
        self.definition_paragraphs: list[Item] = []
        self.sections: list[DraftSection] = []
        self.unplaced: list[tuple[int, str]] = []

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(Location(self.source_name, line, 1), message, "warning"))

    def run(self, items: list[Item]) -> DraftPolicy:
        for item in items:
            if item.kind != "heading" and item.kind != "paragraph":
                self._leave_preamble()
            getattr(self, f"_on_{item.kind}")(item)
        self._leave_preamble()
        self._close_definitions()
        self._drop_pending_heading()
        self._check_cut_off()
        if not self.sections:
            self._no_clauses_found()
        return DraftPolicy(
            self.source_name, self.metadata, self.background, self.definitions, self.sections, self.unplaced
        )

    # -- what each item does

    def _on_known(self, item: Item) -> None:
        self._close_definitions()
        self._drop_pending_heading()
        if item.text.lower().startswith("background"):
            self.state = "background"
        else:
            self.state = "definitions"
            self.definitions = DraftDefinitions(item.line)
            self.definition_paragraphs = []

    def _on_section(self, item: Item) -> None:
        self._close_definitions()
        title = item.text or None
        if title is None and self.pending_heading is not None:
            title, self.pending_heading = self.pending_heading.text, None
        self._drop_pending_heading()
        self._start_section(int(item.number), item.line, title)

    def _on_clause(self, item: Item) -> None:
        self._close_definitions()
        section = self._section_for(item.number, item.line)
        self.state = "sections"
        self._add_clause(section, item.number, item.text, item.line)

    def _on_letter(self, item: Item) -> None:
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

    def _on_heading(self, item: Item) -> None:
        if self.state == "preamble":
            self.preamble.append(item)
            return
        self._close_definitions()
        self._drop_pending_heading()
        self.pending_heading = item
        self.state = "heading"

    def _on_paragraph(self, item: Item) -> None:
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
        cover = read_cover(self.preamble)
        self.metadata = cover.metadata
        for paragraph in cover.background:
            self.background.append(paragraph)
            self.report(
                paragraph.line,
                "this paragraph comes before any heading; it was put in background: check that it is "
                "background, or move it where it belongs",
            )
        for item in cover.unplaced:
            self._unplace(item.line, item.text)

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
            elif position == len(paragraphs) - 1 and not finished(item.text):
                self._definitions_cut_off(definitions, item)
            else:
                self._unplace(item.line, item.text)

    def _definition(self, item: Item) -> DraftTerm | None:
        for form in _DEFINITION_FORMS:
            match = form.match(item.text)
            if match and len(match["term"].split()) <= 6:
                term = DraftTerm(match["term"].strip(), match["text"].strip(), item.line)
                if not finished(term.text):
                    self._cut_off(term.comments, item.line, f'the definition of "{term.term}"', term.text)
                return term
        return None

    def _definitions_cut_off(self, definitions: DraftDefinitions, item: Item) -> None:
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
                f"{phrase} not in the source ({f'the document starts at section {number}' if not previous else f'section {number} follows section {previous}'}); recorded as a gap note: add the missing text from the district's full "
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

    def _no_clauses_found(self) -> None:
        # policy.yaml needs a section; an empty one with a gap note says honestly that none was found.
        section = DraftSection("1", 1, None)
        section.entries.append(DraftGap("No numbered clauses were found in the supplied document.", 1))
        self.sections.append(section)
        self.report(
            1,
            "no numbered clauses (like 1.1 or 2.3) were found, so the skeleton has one empty section with a "
            "gap note: check that the export kept the clause numbers (in Word, numbering is kept when you "
            "save as Plain Text), then import again",
        )

    def _check_cut_off(self) -> None:
        for paragraph in self.background:
            if not finished(paragraph.text):
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
                if not isinstance(entry, DraftClause) or not entry.text or finished(entry.text):
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


def _split_definitions(paragraphs: list[Item]) -> list[Item]:
    """One item per definition, even when a Word export puts them on consecutive lines with no blank line between."""
    split: list[Item] = []
    for item in paragraphs:
        current: Item | None = None
        for line, piece in item.pieces:
            starts_definition = any(form.match(piece) for form in _DEFINITION_FORMS)
            if current is None or (starts_definition and finished(current.text)):
                current = Item("paragraph", line, piece)
                split.append(current)
            else:
                current.add(line, piece)
    return split


def _continues_list(number: str, following: str) -> bool:
    """True when ``following`` is a sub-clause of ``number`` or the next lettered item of the same list."""
    if following.startswith((number + ".", number + "(")):
        return True
    return number.endswith(")") and following.endswith(")") and number[: number.rindex("(")] == following[: following.rindex("(")]

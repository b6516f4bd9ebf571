"""Turn a procedure exported as plain text (from Word or PDF) into a policy_src skeleton.

The district's words are kept verbatim (lines wrapped by the export are joined
with single spaces); every clause keeps its number; kinds are guessed from the
wording and marked for a person to confirm. Where the text is cut off or
missing, the skeleton records a gap and a problem is reported, with the input
line: nothing is ever filled in. Text that cannot be placed is kept as a
comment, never dropped silently.

Three steps: :mod:`~policy_site.importer.export_reader` splits the export into
lines and marks page furniture; :func:`~policy_site.importer.lines.tokenize`
joins them into items (headings, clauses, sub-items, paragraphs);
:class:`_Assembler` here places the items into metadata, background,
definitions and sections, with :mod:`.cover`, :mod:`.definitions`,
:mod:`.numbering` and :mod:`.cut_off` doing their parts. Every line left out
(page furniture, cover lines read as metadata) is listed in the draft's
``set_aside`` and at the top of the output. Pure functions: the ``policy
import`` command reads and writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from ..common.problems import Problem
from .cover import read_cover, repeats_designation
from .cut_off import check_clause_endings
from .definitions import read_definitions
from .draft import (
    DraftDefinitions,
    DraftParagraph,
    DraftPolicy,
    MetadataValue,
    SetAside,
)
from .export_reader import RUNNING_LINE, export_lines
from .first_pass_report import (
    report_furniture,
    report_hyphen_joins,
    report_indented_lists,
)
from .lines import Item, Tokens, tokenize
from .numbering import Numbering
from .reporting import Reporter, quote
from .wording import finished
from .write_yaml import render_skeleton


@dataclass(frozen=True)
class ImportResult:
    """The skeleton as YAML text, and what a person must look at (as warnings with input lines)."""

    yaml_text: str
    problems: list[Problem]
    draft: DraftPolicy


def import_procedure(text: str, source_name: str) -> ImportResult:
    """Turn an exported procedure into ``policy.yaml`` text.

    Args:
        text: the export, already decoded (see :func:`policy_site.importer.export_reader.decode_export`).
        source_name: the input's path as the person typed it, for messages.

    Returns:
        The YAML, and one problem per gap, cut-off passage or unplaced text,
        each naming the input line.
    """
    tokens = tokenize(export_lines(text))
    assembler = _Assembler(source_name, frozenset(item.number for item in tokens.items if item.kind == "clause"))
    draft = assembler.run(tokens)
    problems = sorted(assembler.reporter.problems, key=lambda p: p.location)
    return ImportResult(render_skeleton(draft), problems, draft)


class Place(Enum):
    """Where in the document the assembler is: it decides what a paragraph belongs to."""

    COVER = auto()  # before the first heading: lines that may be metadata
    BACKGROUND = auto()  # under the Background heading
    DEFINITIONS = auto()  # under the Definitions heading
    UNKNOWN_HEADING = auto()  # under a heading the importer does not know, which a section may take as its title
    SECTIONS = auto()  # among numbered sections and clauses
    BETWEEN_PARTS = auto()  # after the cover or the definitions, before the next heading: text here fits nowhere


class _Assembler:
    """Places items into the draft, reporting every gap and cut-off passage with its input line."""

    def __init__(self, source_name: str, printed_numbers: frozenset[str] = frozenset()):
        self.source_name = source_name
        self.reporter = Reporter(source_name)
        self.numbering = Numbering(self.reporter, printed_numbers)
        self.place = Place.COVER
        self.cover_items: list[Item] = []
        self.pending_heading: Item | None = None
        self.metadata: dict[str, MetadataValue] = {}
        self.background: list[DraftParagraph] = []
        self.definitions: DraftDefinitions | None = None
        self.definition_paragraphs: list[Item] = []
        self.set_aside: list[SetAside] = []
        # True while the last item read went into a clause: then the document ends in that clause.
        self.in_clause = False

    def run(self, tokens: Tokens) -> DraftPolicy:
        report_indented_lists(tokens, self.reporter)
        for item in tokens.items:
            report_hyphen_joins(item, self.reporter)
            if item.kind != "heading" and item.kind != "paragraph":
                self._leave_cover()
            if self.place is not Place.COVER and repeats_designation(item.text, self.metadata):
                # The procedure's designation atop a later page: a running header the page edges did not show.
                self.set_aside.append(SetAside(item.line, item.text, RUNNING_LINE))
                continue
            self.in_clause = item.kind in ("clause", "top", "letter", "roman")
            match item.kind:
                case "known":
                    self._on_known(item)
                case "section":
                    self._on_section(item)
                case "top":
                    self._on_top_level_clause(item)
                case "clause":
                    self._on_clause(item)
                case "letter":
                    self._on_letter(item)
                case "roman":
                    self._on_roman(item)
                case "heading":
                    self._on_heading(item)
                case "paragraph":
                    self._on_paragraph(item)
                case _:
                    raise ValueError(f"the tokenizer gave an item of unknown kind {item.kind!r}")
        self._leave_cover()
        self._close_definitions()
        self._drop_pending_heading()
        for paragraph in self.background:
            if not finished(paragraph.text):
                self.reporter.cut_off(paragraph.comments, paragraph.line, "a background paragraph", paragraph.text)
        self.numbering.finish()
        check_clause_endings(self.numbering.sections, self.reporter, document_ends_in_a_clause=self.in_clause)
        self.set_aside += report_furniture(tokens.dropped, self.set_aside, self.reporter)
        return DraftPolicy(
            self.source_name,
            self.metadata,
            self.background,
            self.definitions,
            self.numbering.sections,
            self.reporter.unplaced,
            sorted(self.set_aside, key=lambda entry: entry.line),
        )

    # -- what each item does

    def _on_known(self, item: Item) -> None:
        self._close_definitions()
        self._drop_pending_heading()
        if item.text.lower().startswith("background"):
            self.place = Place.BACKGROUND
        else:
            self.place = Place.DEFINITIONS
            self.definitions = DraftDefinitions(item.line)
            self.definition_paragraphs = []

    def _on_section(self, item: Item) -> None:
        self._close_definitions()
        title = item.text or None
        if title is None and self.pending_heading is not None:
            title = self._take_pending_heading().text
        self._drop_pending_heading()
        self.numbering.start_section(int(item.number), item.line, title)
        self.place = Place.SECTIONS

    def _on_top_level_clause(self, item: Item) -> None:
        self._close_definitions()
        # A heading over a list of top-level clauses is over all of them, not the title of the first.
        self._drop_pending_heading()
        self.place = Place.SECTIONS
        self.numbering.add_top_level_clause(item.number, item.text, item.line)

    def _on_roman(self, item: Item) -> None:
        self._drop_pending_heading()
        self.place = Place.SECTIONS
        self.numbering.add_roman_clause(item.number, item.marker, item.text, item.line)

    def _on_clause(self, item: Item) -> None:
        self._close_definitions()
        section = self.numbering.section_for(item.number, item.line, self._take_pending_heading())
        self.place = Place.SECTIONS
        self.numbering.add_clause(section, item.number, item.text, item.line)

    def _on_letter(self, item: Item) -> None:
        self._drop_pending_heading()
        self.place = Place.SECTIONS
        self.numbering.add_lettered_clause(item.number, item.text, item.line)

    def _on_heading(self, item: Item) -> None:
        if self.place is Place.COVER:
            self.cover_items.append(item)
            return
        self._close_definitions()
        self._drop_pending_heading()
        self.pending_heading = item
        self.place = Place.UNKNOWN_HEADING

    def _on_paragraph(self, item: Item) -> None:
        if self.place is Place.COVER:
            self.cover_items.append(item)
        elif self.place is Place.BACKGROUND:
            self.background.append(DraftParagraph(item.text, item.line))
        elif self.place is Place.DEFINITIONS:
            self.definition_paragraphs.append(item)
        elif self.place is Place.SECTIONS and (clause := self.numbering.last_clause_with_text()):
            self.in_clause = True
            clause.text = f"{clause.text} {item.text}"
            self.reporter.report(
                item.line,
                f"an unnumbered paragraph ({quote(item.text, 40)}) follows clause {clause.number}; it was joined "
                f"to that clause's text: check that it belongs to clause {clause.number}",
            )
        else:
            self._drop_pending_heading()
            self.reporter.unplace(item.line, item.text)

    # -- leaving a part of the document

    def _leave_cover(self) -> None:
        """Read the metadata from the cover lines once the first structural item arrives."""
        if self.place is not Place.COVER:
            return
        self.place = Place.BETWEEN_PARTS
        cover = read_cover(self.cover_items, self.reporter)
        self.metadata = cover.metadata
        self.set_aside += cover.set_aside
        for paragraph in cover.background:
            self.background.append(paragraph)
            self.reporter.report(
                paragraph.line,
                "this paragraph comes before any heading; it was put in background: check that it is "
                "background, or move it where it belongs",
            )
        for item in cover.unplaced:
            self.reporter.unplace(item.line, item.text)

    def _close_definitions(self) -> None:
        if self.place is not Place.DEFINITIONS or self.definitions is None:
            return
        self.place = Place.BETWEEN_PARTS
        read_definitions(self.definitions, self.definition_paragraphs, self.reporter)

    def _take_pending_heading(self) -> Item | None:
        heading, self.pending_heading = self.pending_heading, None
        return heading

    def _drop_pending_heading(self) -> None:
        # A heading no section took as its title is kept as unplaced text.
        heading = self._take_pending_heading()
        if heading is not None:
            self.reporter.unplace(heading.line, heading.text)

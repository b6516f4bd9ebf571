"""Sections and clauses of an imported procedure, placed by their numbers, with the numbering checked.

The district's numbers are kept as written. Where the numbering skips (1.7
first, or 1.8 then 1.10), a clause has sub-clauses but no text of its own, or
a number has no text, a gap records it and a problem is reported with the
input line; where it repeats or goes back, the clause is kept where it is and
``policy check`` will flag it. Clause numbers are read with
:mod:`quiz.clause_numbers`, the parser every stage uses.

- A top-level numbered sentence ("2. Staff must keep records." among
  "1. Scope" / "1.1 …") is a clause, not a section title: clause "2", the
  district's own number, the first entry of section 2 (its sub-clauses 2.1,
  2.2 follow it). Every clause lives in a section, and the section's title is
  not in the document, so it is a "TODO" placeholder marked
  ``title_editorial``; no gap is recorded, because nothing is missing. A
  warning names the line.

One shape cannot be written as it is printed, because a clause number ends
in at most one lettered level ("1.2(a)"):

- Roman sub-items ("i.", "(ii)") cannot be a clause number either; where
  they go (a further dotted level, the lettered level, or their parent's
  text) is decided in :mod:`.roman_items`. Each case is reported with its line.
"""

from __future__ import annotations

from collections.abc import Callable

from quiz.clause_numbers import clause_number_parts, parent_of, section_of

from .draft import DraftClause, DraftGap, DraftSection
from .kind_guess import guess_kind
from .lines import Item, roman_value
from .reporting import Reporter, quote
from .roman_items import kept_in_parent_message, lettered_number, roman_place

# How every message about skipped numbers ends.
_ADD_MISSING = "add the missing text from the district's full document if you have it, otherwise keep the gap"


class Numbering:
    """The sections of the draft, filled in clause by clause.

    Attributes:
        sections: the sections found so far, in document order.
    """

    def __init__(self, reporter: Reporter, printed_numbers: frozenset[str] = frozenset()):
        """Args:
            reporter: where gaps and numbering problems are reported.
            printed_numbers: every dotted clause number the document prints, so that a roman
                list is never given a number the district uses further on.
        """
        self.reporter = reporter
        self.printed_numbers = printed_numbers
        self.sections: list[DraftSection] = []
        # The clause a roman-numbered list hangs from, and the clauses made from roman items.
        self._roman_parent: DraftClause | None = None
        self._from_roman: set[str] = set()

    def start_section(self, number: int, line: int, title: str | None, *, holds_top_level_clause: bool = False) -> DraftSection:
        """Open section ``number``, recording the sections skipped before it and a missing title.

        Args:
            number: the section number.
            line: the input line of the section heading (or of its first clause).
            title: the section's title; None when the source gives none.
            holds_top_level_clause: the district's item ``number`` is a sentence, not a
                heading: the section has no title to miss (see the module's docstring).

        Returns:
            The new section, now the last of :attr:`sections`.
        """
        previous = int(self.sections[-1].number) if self.sections else 0
        section = DraftSection(str(number), line, title, holds_top_level_clause=holds_top_level_clause)
        self.sections.append(section)
        if number > previous + 1:
            note, phrase = _missing("section", [str(n) for n in range(previous + 1, number)])
            if previous:
                where = f"section {number} follows section {previous}"
            else:
                where = f"the document starts at section {number}"
            message = f"{phrase} not in the source ({where}); recorded as a gap note: {_ADD_MISSING}"
            self._record_gap(section, note, line, message)
        if title is None and not holds_top_level_clause:
            self._record_gap(
                section,
                f"The supplied document does not give the title of section {number}.",
                line,
                f"section {number} has no title in the source; the skeleton has a TODO title marked "
                "title_editorial: true and a gap note: write the title the district uses, or infer one from the "
                "clauses and keep title_editorial: true",
            )
        return section

    def section_for(self, number: str, line: int, heading: Item | None) -> DraftSection:
        """The section clause ``number`` goes in, opening it if the clause is the first of a new section.

        Args:
            number: the clause number, e.g. "2.3.1".
            line: the clause's input line.
            heading: the heading just before the clause, if any; it becomes the title of a
                section the clause opens, and is kept as unplaced text otherwise.

        Returns:
            The section to add the clause to.
        """
        wanted = int(section_of(number))
        current = int(self.sections[-1].number) if self.sections else 0
        if wanted > current:
            return self.start_section(wanted, line, heading.text if heading is not None else None)
        if heading is not None:
            self.reporter.unplace(heading.line, heading.text)
        if wanted < current:
            self.reporter.report(
                line,
                f"clause {number} comes after section {current} has started; it was kept in section {current} "
                f"and `policy check` will flag it: number it as the district's original does",
            )
        return self.sections[-1]

    def add_clause(self, section: DraftSection, number: str, text: str, line: int) -> None:
        """Add a numbered clause, with gaps for the clauses it skips and for parents it lacks.

        Args:
            section: the section the clause goes in (see :meth:`section_for`).
            number: the clause number, e.g. "1.4.2".
            text: the clause's words; empty when the source has only the number.
            line: the clause's input line.
        """
        # 1.4.2 is checked as 1.4 under section 1, then as 1.4.2 under 1.4.
        for prefix in [*_ancestors(number), number]:
            parent = parent_of(prefix) or section_of(prefix)
            is_last = prefix == number
            if prefix in section.seen:
                if is_last:
                    self.reporter.report(
                        line,
                        f"clause {number} appears twice; both were kept and `policy check` will flag it: "
                        "number them as the district's original does",
                    )
                continue
            position = int(clause_number_parts(prefix)[-1])
            self._check_sequence(section, parent, position, line, number, lambda k, p=parent: f"{p}.{k}")
            section.seen.add(prefix)
            if not is_last:
                ancestor = DraftClause(prefix, line, "")
                ancestor.gap = f"Clause {prefix} is not in the supplied document; only its sub-clauses are."
                section.entries.append(ancestor)
                self.reporter.report(
                    line,
                    f"clause {number} has no parent clause {prefix} in the source; recorded as a clause {prefix} "
                    f"with a gap note: add its text from the district's full document, or keep the gap",
                )
        self._new_clause(section, number, text, line)

    def add_top_level_clause(self, number: str, text: str, line: int) -> None:
        """Add "2. Staff must keep records." as clause 2, first in section 2 (see the module's docstring).

        Args:
            number: the district's top-level number, e.g. "2".
            text: the sentence (possibly cut off).
            line: its input line.
        """
        section = self.start_section(int(number), line, None, holds_top_level_clause=True)
        self._new_clause(section, number, text, line)
        self.reporter.report(
            line,
            f"item {number} ({quote(text, 40)}) is a sentence numbered at the top level, not a section title; it is "
            f"clause {number}, first in a section {number} whose title is a TODO marked title_editorial: true: write "
            f"an editorial title for section {number}",
        )

    def add_roman_clause(self, numeral: str, marker: str, text: str, line: int) -> None:
        """Add a roman-numbered sub-item under the clause its list hangs from (see the module's docstring).

        Args:
            numeral: the numeral in lower case, e.g. "ii".
            marker: the numeral as printed, e.g. "(ii)" or "ii.".
            text: the sub-item's words.
            line: its input line.
        """
        section = self.sections[-1]
        parent = self._roman_parent
        place = roman_place(
            parent.number if parent else None,
            roman_value(numeral),
            dotted_taken=parent is not None and self._district_children(section, parent.number, lettered=False),
            lettered_taken=parent is not None and self._district_children(section, parent.number, lettered=True),
        )
        if place is None:
            if parent is None or not parent.text:
                self.reporter.unplace(line, f"{marker} {text}")
                return
            parent.text = f"{parent.text} {marker} {text}"
            self.reporter.report(line, kept_in_parent_message(marker, parent.number))
            return
        self._check_sequence(section, place.counter, roman_value(numeral), line, place.number, place.name)
        self._from_roman.add(place.number)
        self._new_clause(section, place.number, text, line, lead_in=parent)
        self.reporter.report(line, place.message(marker))

    def _district_children(self, section: DraftSection, parent: str, *, lettered: bool) -> bool:
        """True when the district's own numbering has sub-clauses of ``parent`` of that form (here or further on)."""
        if not lettered and any(parent_of(number) == parent for number in self.printed_numbers):
            return True
        return any(
            isinstance(e, DraftClause) and e.number not in self._from_roman and parent_of(e.number) == parent
            and _is_lettered(e.number) == lettered
            for e in section.entries
        )

    def add_lettered_clause(self, letter: str, text: str, line: int) -> None:
        """Add sub-clause ``(letter)`` to the last numbered clause of the last section.

        Args:
            letter: the sub-clause's letter, e.g. "b".
            text: the sub-clause's words.
            line: the sub-clause's input line.
        """
        # The tokenizer only reads "(a)" as a sub-clause once a numbered clause exists in this section.
        section = self.sections[-1]
        lead_in = [
            e for e in section.entries
            if isinstance(e, DraftClause) and not _is_lettered(e.number) and e.number not in self._from_roman
        ][-1].number
        number = f"{lead_in}({letter})"
        # Letters are counted apart from numbered sub-clauses: 1.2(a) and 1.2.1 are not one sequence.
        self._check_sequence(
            section, lead_in + "()", _letter_position(letter), line, number, lambda k: lettered_number(lead_in, k)
        )
        self._new_clause(section, number, text, line)

    def last_clause_with_text(self) -> DraftClause | None:
        """The last entry of the last section when it is a clause with words, else None."""
        if not self.sections:
            return None
        entries = self.sections[-1].entries
        if entries and isinstance(entries[-1], DraftClause) and entries[-1].text:
            return entries[-1]
        return None

    def finish(self) -> None:
        """Record sections without clauses; never leave no section at all."""
        for section in self.sections:
            if not any(isinstance(entry, DraftClause) for entry in section.entries):
                self._record_gap(
                    section,
                    f"Section {section.number} has no clauses in the supplied document.",
                    section.line,
                    f"section {section.number} has no clauses (the source is cut off here); recorded as a gap note: "
                    "add its clauses from the district's full document, or keep the gap",
                )
        if not self.sections:
            self._no_clauses_found()

    def _new_clause(
        self, section: DraftSection, number: str, text: str, line: int, *, lead_in: DraftClause | None = None
    ) -> None:
        clause = DraftClause(number, line, text)
        if number not in self._from_roman:
            self._roman_parent = clause
        if text:
            clause.kind, clause.kind_comment = guess_kind(text)
            parent = lead_in or _lead_in(section, number)
            if clause.kind == "information" and parent is not None and parent.kind:
                # "(a) give families notice" has no wording of its own: it carries its lead-in's.
                clause.kind = parent.kind
                clause.kind_comment = f"guessed from the lead-in, clause {parent.number}: please confirm"
        else:
            clause.gap = f"Clause {number} is numbered in the supplied document but its text is missing."
            self.reporter.report(
                line,
                f"clause {number} has a number but no text (the source is cut off here); recorded as a gap on "
                f"clause {number}: add its text from the district's full document, or keep the gap",
            )
        section.entries.append(clause)

    def _check_sequence(
        self, section: DraftSection, parent: str, value: int, line: int, number: str, name: Callable[[int], str]
    ) -> None:
        """Report and record clauses skipped by the numbering (1.7 first, or 1.8 then 1.10).

        ``value`` is the clause's position under ``parent`` (a clause, a section, or a
        lettered list); ``name`` turns a position under ``parent`` into a clause number.
        """
        last = section.last_child.get(parent, 0)
        if value > last + 1:
            note, phrase = _missing("clause", [name(k) for k in range(last + 1, value)])
            if last:
                after = f"clause {name(last)}"
            elif parent == section.number:
                after = f"the start of section {section.number}"
            else:
                after = f"clause {parent.rstrip('()')}"
            self._record_gap(
                section,
                note,
                line,
                f"clause {number} follows {after}, so {phrase} not in the source; recorded as a gap note before "
                f"{number}: {_ADD_MISSING}",
            )
        elif value <= last:
            self.reporter.report(
                line,
                f"clause {number} comes after clause {name(last)} (out of order); it was kept where it is and "
                "`policy check` will flag it: number it as the district's original does",
            )
        section.last_child[parent] = max(last, value)

    def _record_gap(self, section: DraftSection, note: str, line: int, message: str) -> None:
        """Add a gap note to ``section`` and report it: a gap is never recorded silently."""
        # Several things missing at one place read best as one notice.
        if section.entries and isinstance(section.entries[-1], DraftGap):
            section.entries[-1].note += " " + note
        else:
            section.entries.append(DraftGap(note, line))
        self.reporter.report(line, message)

    def _no_clauses_found(self) -> None:
        # policy.yaml needs a section; an empty one with a gap note says honestly that none was found.
        section = DraftSection("1", 1, None)
        section.entries.append(DraftGap("No numbered clauses were found in the supplied document.", 1))
        self.sections.append(section)
        self.reporter.report(
            1,
            "no numbered clauses (like 1.1 or 2.3) were found, so the skeleton has one empty section with a "
            "gap note: check that the export kept the clause numbers (in Word, numbering is kept when you "
            "save as Plain Text), then import again",
        )


def _missing(noun: str, names: list[str]) -> tuple[str, str]:
    """(gap note, phrase for the message) for sections or clauses missing from the numbering."""
    if len(names) == 1:
        return f"{noun.capitalize()} {names[0]} is not in the supplied document.", f"{noun} {names[0]} is"
    return (
        f"{noun.capitalize()}s {names[0]} to {names[-1]} are not in the supplied document.",
        f"{noun}s {names[0]} to {names[-1]} are",
    )


def _ancestors(number: str) -> list[str]:
    """The clauses ``number`` sits under, outermost first: ``["1.4", "1.4.2"]`` for ``1.4.2(a)``."""
    chain: list[str] = []
    parent = parent_of(number)
    while parent is not None:
        chain.insert(0, parent)
        parent = parent_of(parent)
    return chain


def _is_lettered(number: str) -> bool:
    """True for a lettered sub-clause such as ``1.2(a)``."""
    return clause_number_parts(number)[-1].isalpha()


def _letter_position(letter: str) -> int:
    """Where a lettered sub-clause stands in its list: 1 for "a", 2 for "b"."""
    return ord(letter) - ord("a") + 1


def _lead_in(section: DraftSection, number: str) -> DraftClause | None:
    """The clause a lettered sub-clause belongs to ("1.2" for "1.2(a)"); None for other clauses."""
    if not _is_lettered(number):
        return None
    parent = parent_of(number)
    return next((e for e in section.entries if isinstance(e, DraftClause) and e.number == parent), None)



"""The policy as typed, frozen objects: what every output is rendered from.

Nothing here knows about YAML, MkDocs or HTML. Locations are kept (outside
equality) so that later checks can point back at the source line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from quiz.bundle import ScenarioRule
from quiz.clause_numbers import clause_anchor, clause_depth, parent_of

from ..common.problems import NOWHERE, Location

# A clause's scenario rule is the engine's own type (quiz.bundle.ScenarioRule):
# a rule is data the engine evaluates, so the model holds it in that shape.

KIND_LABELS = {
    "must": "Must",
    "must_not": "Must not",
    "should": "Recommended",
    "may": "May",
    "information": "Information",
}
KINDS = tuple(KIND_LABELS)


@dataclass(frozen=True)
class Gap:
    """Where the supplied document is cut off or missing text.

    ``note`` is ours (editorial) and says what is missing; ``fragment`` is the
    district's own text that was supplied before the cut, if any.
    """

    note: str
    fragment: str | None = None
    location: Location = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Reference:
    """A document the clauses point to (e.g. B.C. FOIPPA)."""

    id: str
    title: str


@dataclass(frozen=True)
class Clause:
    """One numbered clause, with the district's text verbatim.

    A clause whose text is missing from the supplied document has ``text`` and
    ``kind`` None and a ``gap`` saying so; its number and anchor still exist so
    that links keep working when the text arrives.
    """

    number: str
    kind: str | None
    text: str | None
    references: tuple[Reference, ...] = ()
    related: tuple[str, ...] = ()
    gap: Gap | None = None
    scenario: tuple[ScenarioRule, ...] = ()
    # The importer guessed ``kind`` from the wording; a person has not confirmed it yet.
    kind_guessed: bool = False
    location: Location = field(default=NOWHERE, compare=False)

    @property
    def anchor(self) -> str:
        return clause_anchor(self.number)

    @property
    def depth(self) -> int:
        """1 for ``2`` (numbered at the top level), 2 for ``1.9``, 3 for ``1.10.2`` and ``1.2(a)``."""
        return clause_depth(self.number)

    @property
    def heading_level(self) -> int:
        """3 for ``1.9`` (under its section's 2), 4 for ``1.10.2``; a top-level ``2`` is a 3 under section 2 too."""
        return max(self.depth, 2) + 1

    @property
    def parent_number(self) -> str | None:
        """``1.10`` for ``1.10.2``, ``1.2`` for ``1.2(a)``; None for a top-level clause like ``1.9``."""
        return parent_of(self.number)

    @property
    def kind_label(self) -> str | None:
        return KIND_LABELS[self.kind] if self.kind else None


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    title_editorial: bool
    entries: tuple[Clause | Gap, ...]

    # Cached (the object is frozen): loading and rendering ask for these once
    # per clause or question, which made a large manual quadratic.
    @cached_property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(e for e in self.entries if isinstance(e, Clause))

    @property
    def anchor(self) -> str:
        return f"section-{self.number}"


@dataclass(frozen=True)
class Definition:
    term: str
    text: str


@dataclass(frozen=True)
class Definitions:
    terms: tuple[Definition, ...]
    gap: Gap | None = None


@dataclass(frozen=True)
class Metadata:
    """A procedure's own facts, plus the manual's (``district``, ``manual``,
    and ``language`` unless the procedure states its own) filled in by the loader."""

    district: str
    manual: str
    procedure: str
    title: str
    slug: str
    language: str
    appendix: str | None = None
    version: str | None = None
    effective_date: str | None = None
    contact: str | None = None  # editorial: whom staff should ask
    # Imported and not yet confirmed by an editor: published with a Draft
    # banner, kept out of search engines, and allowed to hold TODO marks.
    draft: bool = False

    @property
    def designation(self) -> str:
        """e.g. ``Administrative Procedure 140 - Appendix C``, as the district writes it."""
        base = f"Administrative Procedure {self.procedure}"
        return f"{base} - Appendix {self.appendix}" if self.appendix else base

    @property
    def code(self) -> str:
        """The short form staff search with: ``140-C`` (``140`` without an appendix)."""
        return f"{self.procedure}-{self.appendix}" if self.appendix else self.procedure


@dataclass(frozen=True)
class Placeholder:
    """A value that still holds a TODO mark (written by ``policy import``), and where."""

    text: str
    location: Location = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Policy:
    metadata: Metadata
    background: tuple[str, ...]
    definitions: Definitions
    references: tuple[Reference, ...]
    sections: tuple[Section, ...]
    placeholders: tuple[Placeholder, ...] = field(default=(), compare=False)

    @cached_property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for s in self.sections for c in s.clauses)

    @cached_property
    def _clauses_by_number(self) -> dict[str, Clause]:
        found: dict[str, Clause] = {}
        for clause in self.clauses:
            found.setdefault(clause.number, clause)  # the first, if a bad file repeats a number
        return found

    def clause(self, number: str) -> Clause:
        """The clause numbered ``number``; KeyError if there is none."""
        try:
            return self._clauses_by_number[number]
        except KeyError:
            raise KeyError(number) from None

    @property
    def gaps(self) -> tuple[Gap, ...]:
        found = [self.definitions.gap] if self.definitions.gap else []
        for section in self.sections:
            for entry in section.entries:
                if isinstance(entry, Gap):
                    found.append(entry)
                elif entry.gap:
                    found.append(entry.gap)
        return tuple(found)

    @property
    def fingerprint(self) -> str:
        """A short hash of every clause's number, kind and text.

        It changes whenever the wording changes, so a completion record or saved
        progress can say exactly which text it was made against.
        """
        canonical = json.dumps(
            [[c.number, c.kind, c.text] for c in self.clauses], ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]

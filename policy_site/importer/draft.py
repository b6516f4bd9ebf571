"""What ``policy import`` found in a document, before it is written as YAML.

Plain mutable records: the importer fills them in as it reads, the skeleton
writer (:mod:`policy_site.importer.write_yaml`) turns them into ``policy.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DraftClause:
    """A clause (or lettered sub-clause) as imported; ``text`` is empty when the source has only the number.

    A clause the document is cut off in has no text but a ``fragment`` (the
    district's words before the cut, verbatim) and a ``gap`` note.
    """

    number: str
    line: int
    text: str
    kind: str | None = None
    kind_comment: str = ""
    gap: str | None = None
    fragment: str | None = None
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
    # True when the district's item with this number is a sentence, not a heading (see numbering).
    holds_top_level_clause: bool = False
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
    value: str | bool
    comment: str | None = None


@dataclass
class SetAside:
    """A line of the source that is not copied into the data, and why: page furniture, or a cover line read as metadata."""

    line: int
    text: str
    why: str


@dataclass
class DraftPolicy:
    """Everything the importer found, ready to be written as YAML."""

    source_name: str
    metadata: dict[str, MetadataValue]
    background: list[DraftParagraph]
    definitions: DraftDefinitions | None
    sections: list[DraftSection]
    unplaced: list[tuple[int, str]]
    set_aside: list[SetAside] = field(default_factory=list)

"""What ``policy import`` found in a document, before it is written as YAML.

Plain mutable records: the importer fills them in as it reads, the skeleton
writer (:mod:`policy_site.importer.write_yaml`) turns them into ``policy.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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

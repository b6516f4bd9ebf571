"""The cover of an imported procedure: the lines before its first heading become metadata.

What is recognised (procedure number, appendix, manual, district, title) is
filled in; everything else gets a placeholder a person will notice ("TODO …",
with a comment) that still loads, so the skeleton can be previewed at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .draft import DraftParagraph, MetadataValue
from .lines import PROCEDURE, Item, finished

TODO = "TODO: confirm"
_NOT_FOUND = "TODO: not found in the source; write it as the site should show it"

_APPENDIX = re.compile(r"(?i)appendix\s+([A-Z0-9]{1,3})\b.*")
_MANUAL = re.compile(r"(?i)\bmanual\b")
_DISTRICT = re.compile(r"(?i)\b(?:school\s+district|schools|board\s+of\s+education)\b")
# Words kept lower-case when a title in capitals is turned into title case.
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


@dataclass
class Cover:
    """What the cover lines gave: metadata, paragraphs that read as background, and the rest."""

    metadata: dict[str, MetadataValue]
    background: list[DraftParagraph] = field(default_factory=list)
    unplaced: list[Item] = field(default_factory=list)


def read_cover(items: list[Item]) -> Cover:
    """Recognise metadata in the items before the first heading; the first match of each kind wins."""
    found: dict[str, MetadataValue] = {}
    cover = Cover({})
    for item in items:
        text = item.text
        if (match := PROCEDURE.search(text)) and "procedure" not in found:
            found["procedure"] = MetadataValue(match[1])
            if match[2]:
                found["appendix"] = MetadataValue(match[2].upper())
        elif _MANUAL.search(text) and "manual" not in found:
            found["manual"] = _as_written(text)
        elif _DISTRICT.search(text) and "district" not in found:
            found["district"] = _as_written(text)
        elif (match := _APPENDIX.fullmatch(text)) and "appendix" not in found:
            found["appendix"] = MetadataValue(match[1].upper())
        elif item.kind == "heading" and "title" not in found:
            found["title"] = _as_written(text)
        elif item.kind == "paragraph" and finished(text) and len(text.split()) >= 6:
            cover.background.append(DraftParagraph(text, item.line))
        else:
            cover.unplaced.append(item)
    cover.metadata = _complete(found)
    return cover


def _as_written(text: str) -> MetadataValue:
    """The value as the document writes it; a line in capitals is given title case, to be confirmed."""
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return MetadataValue(_title_case(text), f'{TODO} (the source has "{text}" in capitals)')
    return MetadataValue(text)


def _title_case(text: str) -> str:
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _slug(*parts: str) -> str:
    text = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", text.replace("'", "")))


def _complete(found: dict[str, MetadataValue]) -> dict[str, MetadataValue]:
    """Every key policy.yaml needs, in the order the hand-made file uses, with placeholders where nothing was found."""
    procedure, appendix, title = found.get("procedure"), found.get("appendix"), found.get("title")
    slug_parts: list[str] = []
    if procedure:
        slug_parts += ["ap", procedure.value]
    if appendix:
        slug_parts += ["appendix", appendix.value]
    if title:
        slug_parts.append(title.value)
    metadata = {
        "district": found.get("district") or MetadataValue("TODO district name", _NOT_FOUND),
        "manual": found.get("manual") or MetadataValue("TODO manual name", _NOT_FOUND),
        "procedure": procedure or MetadataValue("TODO", _NOT_FOUND),
    }
    if appendix:
        metadata["appendix"] = appendix
    metadata["title"] = title or MetadataValue("TODO title", _NOT_FOUND)
    metadata["slug"] = MetadataValue(
        _slug(*slug_parts) or "todo-slug",
        f"{TODO}: made from the procedure, appendix and title; never change it once published",
    )
    metadata["language"] = MetadataValue("en-CA", f"{TODO}: the language of the text")
    return metadata

"""The cover of an imported procedure: the lines before its first heading become metadata.

A procedure folder's ``policy.yaml`` holds only the procedure's own facts
(procedure number, appendix, title, slug, and ``draft: true`` until an editor
confirms the import); the district's and the manual's names live once in
``manual.yaml``. So a cover line naming the district or the manual is noted
(kept as a comment, listed in the result), never written as metadata. What is
not found gets a placeholder containing "TODO" that still loads, so the
skeleton can be previewed at once and ``policy check`` lists it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .draft import DraftParagraph, MetadataValue, SetAside
from .export_reader import RUNNING_LINE
from .lines import PROCEDURE, Item
from .reporting import Reporter, quote
from .wording import finished

TODO = "TODO: confirm"
_NOT_FOUND = "TODO: not found in the source; write it as the site should show it"

_APPENDIX = re.compile(r"(?i)appendix\s+([A-Z0-9]{1,3})\b.*")
_MANUAL = re.compile(r"(?i)\bmanual\b")
_DISTRICT = re.compile(r"(?i)\b(?:school\s+district|schools|board\s+of\s+education)\b")
# A site's breadcrumb trail: "Group: 100 - General Administration » AP 140 - Acceptable Use of Technology".
_BREADCRUMB_SEPARATOR = re.compile(r"\s+[»›>]\s+|\s*[»›]\s*")
_SERIES = re.compile(r"(?i)(?:(?:group|series|section|category)\s*:?\s*)?(\d{3,5})\s*[-–—:]\s*(\S.*)")
# Between a designation and the title on the same line: "AP 140 - Acceptable Use of Technology".
_SEPARATOR = re.compile(r"^[\s\-–—:|,]+")
# A cover line that names the district or the manual is short.
_MOST_WORDS_IN_A_NAME = 10
# Words kept lower-case when a title in capitals is turned into title case.
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


@dataclass
class Cover:
    """What the cover lines gave: metadata, paragraphs that read as background, notes, and the rest.

    Attributes:
        metadata: every key the procedure's metadata needs, with TODO placeholders.
        background: finished paragraphs before any heading.
        unplaced: items that fit nowhere.
        set_aside: cover lines read as metadata or as page furniture, not copied as text.
    """

    metadata: dict[str, MetadataValue]
    background: list[DraftParagraph] = field(default_factory=list)
    unplaced: list[Item] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)


def read_cover(items: list[Item], reporter: Reporter) -> Cover:
    """Recognise metadata in the items before the first heading; the first match of each kind wins.

    Args:
        items: the cover's items, in order.
        reporter: where a breadcrumb trail is reported.

    Returns:
        The metadata and what else the cover held.
    """
    found: dict[str, MetadataValue] = {}
    cover = Cover({})
    for item in items:
        text = item.text
        short = not _is_sentence(text) and len(text.split()) <= _MOST_WORDS_IN_A_NAME
        if not _is_sentence(text) and (parts := _breadcrumb(text)):
            _read_breadcrumb(found, cover, item, parts, reporter)
        elif not _is_sentence(text) and (match := PROCEDURE.search(text)):
            why = _read_designation(found, match, text)
            cover.set_aside.append(SetAside(item.line, text, why))
        elif short and _MANUAL.search(text):
            cover.set_aside.append(SetAside(item.line, text, "the manual's name: it belongs in manual.yaml, not here"))
        elif short and _DISTRICT.search(text):
            cover.set_aside.append(SetAside(item.line, text, "the district's name: it belongs in manual.yaml, not here"))
        elif (match := _APPENDIX.fullmatch(text)) and "appendix" not in found:
            found["appendix"] = MetadataValue(match[1].upper())
            cover.set_aside.append(SetAside(item.line, text, f"read as appendix {match[1].upper()}"))
        elif item.kind == "heading" and "title" in found and text.casefold() == str(found["title"].value).casefold():
            cover.set_aside.append(SetAside(item.line, text, "the title again (already read)"))
        elif item.running:
            # Repeated at the top or bottom of every page: furniture, never the title.
            cover.set_aside.append(SetAside(item.line, text, RUNNING_LINE))
        elif item.kind == "heading" and "title" not in found:
            found["title"] = _as_written(text)
        elif item.kind == "paragraph" and finished(text) and len(text.split()) >= 6:
            cover.background.append(DraftParagraph(text, item.line))
        else:
            cover.unplaced.append(item)
    cover.metadata = _complete(found)
    return cover


def repeats_designation(text: str, metadata: dict[str, MetadataValue]) -> bool:
    """True for a line after the cover that names this procedure again ("AP 350 Field Trips" atop a page)."""
    match = PROCEDURE.search(text)
    procedure = metadata.get("procedure")
    return (
        match is not None and procedure is not None and match[1] == procedure.value
        and not _is_sentence(text) and len(text.split()) <= _MOST_WORDS_IN_A_NAME
    )


def _is_sentence(text: str) -> bool:
    """A finished sentence of some length: prose ("This procedure sets out how the school district …"), never a name."""
    return finished(text) and len(text.split()) >= 6


def _read_designation(found: dict[str, MetadataValue], match: re.Match, text: str) -> str:
    """Fill procedure, appendix and title from a designation line; say how it was read."""
    read = []
    if "procedure" not in found:
        found["procedure"] = MetadataValue(match[1])
        read.append(f"procedure {match[1]}")
        if match[2]:
            found["appendix"] = MetadataValue(match[2].upper())
            read.append(f"appendix {match[2].upper()}")
    rest = _SEPARATOR.sub("", text[match.end() :]).strip()
    if rest and any(c.isalpha() for c in rest) and "title" not in found:
        found["title"] = _as_written(rest)
        read.append(f'title "{found["title"].value}"')
    return "read as " + ", ".join(read) if read else "the designation again (already read)"


def _breadcrumb(text: str) -> list[str] | None:
    """The parts of a breadcrumb trail, or None when ``text`` is not one."""
    parts = [part.strip() for part in _BREADCRUMB_SEPARATOR.split(text) if part.strip()]
    if len(parts) < 2 or not any(PROCEDURE.search(part) for part in parts):
        return None
    return parts


def _read_breadcrumb(found: dict[str, MetadataValue], cover: Cover, item: Item, parts: list[str], reporter: Reporter) -> None:
    """Read the designation at the end of a breadcrumb; note its series, which belongs in manual.yaml."""
    read = []
    for part in parts:
        if match := PROCEDURE.search(part):
            read.append(_read_designation(found, match, part).removeprefix("read as "))
        elif match := _SERIES.fullmatch(part):
            read.append(f'series {match[1]} "{match[2]}"')
    cover.set_aside.append(SetAside(item.line, item.text, "a website's breadcrumb trail: " + "; ".join(read)))
    series = next((m for p in parts if (m := _SERIES.fullmatch(p))), None)
    advice = "check the metadata"
    if series:
        advice += (
            f"; if the manual groups its procedures in series, add {{number: {series[1]}, name: {series[2]}}} "
            "to series in manual.yaml"
        )
    reporter.report(
        item.line,
        f"{quote(item.text)} is a website's breadcrumb trail, not the procedure's text: read as {'; '.join(read)}; "
        f"it is kept as a comment at the top of the output: {advice}",
    )


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
    """The keys a procedure's metadata holds, in the order the hand-made file uses, with TODO placeholders."""
    procedure = found.get("procedure") or MetadataValue("TODO", _NOT_FOUND)
    title = found.get("title") or MetadataValue("TODO title of the procedure", _NOT_FOUND)
    appendix = found.get("appendix")
    slug_parts = ["ap", str(procedure.value)]
    if appendix:
        slug_parts += ["appendix", str(appendix.value)]
    slug_parts.append(str(title.value))
    metadata = {"procedure": procedure}
    if appendix:
        metadata["appendix"] = appendix
    metadata["title"] = title
    metadata["slug"] = MetadataValue(
        _slug(*slug_parts),
        f"{TODO}: the procedure's folder name and web address, made from its number and title; never change it once "
        "published",
    )
    metadata["draft"] = MetadataValue(True, "published with a Draft banner until an editor confirms this import and deletes it")
    return metadata

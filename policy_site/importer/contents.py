"""Find a table of contents in an export: titles followed by page numbers, often with dot leaders.

A PDF's contents list repeats the section titles with page numbers; read as
text, "1. Purpose ........ 2" would open a section and "Procedures 3" would be
taken for a heading. Its lines are page furniture, so they are marked here and
listed by the importer (never dropped silently), and never become sections.
"""

from __future__ import annotations

import re

# "Purpose ........ 2", "3.1 Accounts . . . . 4", "Scope……5", "Records ____ 6".
_LEADER_ENTRY = re.compile(r"(?P<title>.*?\S)\s*(?:\.{3,}|(?:\.\s+){2,}\.?|…+|_{3,}|·{3,})\s*(?P<page>\d{1,3})")
# "Purpose 2": only inside a list that a contents heading opens, or in a run of such lines.
_BARE_ENTRY = re.compile(r"(?P<title>.*?[^\s\d.])\s+(?P<page>\d{1,3})")
_CONTENTS_HEADING = re.compile(r"(?i)(?:table\s+of\s+)?contents:?")
# A sentence is never a contents entry; an entry is a few words.
_SENTENCE_END = re.compile(r"[.!?;:,][\"'’”)\]]*$")
_MOST_WORDS = 12
# Without a contents heading, this many numbered entries in a row (pages never going
# back) make a list; unnumbered ones ("Grade 1", "Grade 2") may be the district's list.
_RUN_WITHOUT_HEADING = 3
_NUMBERED_TITLE = re.compile(r"\d+(?:\.\d+)*[.)]?\s+\S")


def _entry_page(text: str, *, leaders_only: bool) -> int | None:
    """The page number of a contents entry, or None when ``text`` is not one."""
    match = _LEADER_ENTRY.fullmatch(text)
    if match is None and not leaders_only:
        match = _BARE_ENTRY.fullmatch(text)
    if match is None:
        return None
    title = match["title"]
    if _SENTENCE_END.search(title) or len(title.split()) > _MOST_WORDS or not any(c.isalpha() for c in title):
        return None
    first_letter = next(c for c in title if c.isalpha())
    return int(match["page"]) if first_letter.isupper() else None


def contents_lines(texts: list[str]) -> set[int]:
    """Indexes of the lines of ``texts`` (stripped lines, "" for blank) that belong to a table of contents.

    Args:
        texts: the export's lines, in order.

    Returns:
        The indexes of the contents heading and its entries.
    """
    found: set[int] = set()
    for index, text in enumerate(texts):
        if _entry_page(text, leaders_only=True) is not None:
            found.add(index)  # a dot leader is never the district's prose
    found |= _after_heading(texts)
    found |= _runs(texts)
    return found


def _after_heading(texts: list[str]) -> set[int]:
    """A "Contents" line and the entries that follow it (blank lines between are allowed)."""
    found: set[int] = set()
    for index, text in enumerate(texts):
        if not _CONTENTS_HEADING.fullmatch(text):
            continue
        entries = []
        for following in range(index + 1, len(texts)):
            if not texts[following]:
                continue
            if _entry_page(texts[following], leaders_only=False) is None:
                break
            entries.append(following)
        if entries:
            found |= {index, *entries}
    return found


def _runs(texts: list[str]) -> set[int]:
    """Runs of consecutive "1. Title 3" lines whose page numbers never go back."""
    found: set[int] = set()
    run: list[int] = []
    last_page = 0
    for index, text in enumerate([*texts, ""]):
        page = _entry_page(text, leaders_only=False) if _NUMBERED_TITLE.match(text) else None
        if page is not None and (not run or page >= last_page):
            run.append(index)
            last_page = page
            continue
        if len(run) >= _RUN_WITHOUT_HEADING:
            found |= set(run)
        run, last_page = ([index], page) if page is not None else ([], 0)
    return found

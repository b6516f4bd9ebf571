"""The definitions block of an imported procedure: the paragraphs under its Definitions heading become terms.

A paragraph that reads as a definition ("Term – meaning", "Term: meaning",
"“Term” means …") becomes a term, its words verbatim. A block that is empty, or
that stops in mid-definition, becomes a gap on the definitions; anything else
is kept as a comment for a person to place.
"""

from __future__ import annotations

import re

from .draft import DraftDefinitions, DraftTerm
from .lines import Item, finished
from .reporting import Reporter, quote

# The first form that matches wins: the most explicit (a quoted term) first, the loosest ("Term means …") last.
_DEFINITION_FORMS = (
    re.compile(r"^[“\"‘'](?P<term>[^”\"’']{1,60})[”\"’']\s*[-–—:]?\s*(?P<text>.+)$"),
    re.compile(r"^(?P<term>[^:–—]{1,60}?)\s*:\s+(?P<text>.+)$"),
    re.compile(r"^(?P<term>.{1,60}?)\s+[-–—]\s+(?P<text>.+)$"),
    re.compile(r"^(?P<term>.{1,60}?)\s+(?P<text>(?:means|refers\s+to|includes)\b.+)$"),
)
# Beyond this many words, "a sentence: with a colon" is prose, not a term.
_MOST_WORDS_IN_A_TERM = 6


def read_definitions(definitions: DraftDefinitions, paragraphs: list[Item], reporter: Reporter) -> None:
    """Fill ``definitions`` from the paragraphs found under the definitions heading.

    Args:
        definitions: the block the heading started; its terms, or its gap, are filled in.
        paragraphs: the paragraph items under the heading, in order.
        reporter: where gaps, cut-off definitions and unplaced text are reported.
    """
    if not paragraphs:
        definitions.gap_note = "The supplied document has a definitions heading but no definitions under it."
        reporter.report(
            definitions.line,
            "the definitions heading is followed by no definitions; recorded as definitions.gap: add the "
            "definitions from the district's full document, or keep the gap",
        )
        return
    paragraphs = _split_definitions(paragraphs)
    for position, item in enumerate(paragraphs):
        term = _definition(item, reporter)
        if term is not None:
            definitions.terms.append(term)
        elif position == len(paragraphs) - 1 and not finished(item.text):
            _definitions_cut_off(definitions, item, reporter)
        else:
            reporter.unplace(item.line, item.text)


def _definition(item: Item, reporter: Reporter) -> DraftTerm | None:
    """The term ``item`` defines, or None when it does not read as a definition."""
    for form in _DEFINITION_FORMS:
        match = form.match(item.text)
        if match and len(match["term"].split()) <= _MOST_WORDS_IN_A_TERM:
            term = DraftTerm(match["term"].strip(), match["text"].strip(), item.line)
            if not finished(term.text):
                reporter.cut_off(term.comments, item.line, f'the definition of "{term.term}"', term.text)
            return term
    return None


def _definitions_cut_off(definitions: DraftDefinitions, item: Item, reporter: Reporter) -> None:
    """Record the block as cut off at ``item``, keeping the fragment the document ends with."""
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
    reporter.report(
        item.line,
        f"the definitions stop after the fragment {quote(fragment)} (cut off); recorded as definitions.gap "
        "with that fragment: add the missing definitions from the district's full document, or keep the gap",
    )


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

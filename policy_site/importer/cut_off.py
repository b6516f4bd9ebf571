"""Clauses that end without a full stop: a list item, a lead-in, words cut off inside the document, or its cut-off end.

Only the end of the document proves that text is missing: the export stops
there. So a last clause that stops mid-sentence becomes data, the district's
words verbatim as ``fragment`` and an editorial ``gap`` note; elsewhere an
unfinished clause keeps its text and gets a TODO comment and a warning,
because the rest may be right there in the next item. A list item under a
lead-in that ends in ":" ("Blogs", "class news and events") is complete
without a full stop, unless it stops on a word no phrase ends with.
"""

from __future__ import annotations

import re

from quiz.clause_numbers import parent_of, section_of

from .draft import DraftClause, DraftSection
from .reporting import Reporter, quote_end
from .wording import ends_on_dangling_word, finished

# "…; and", "…, or": an item that hands over to the next item of its list.
_LIST_JOINER = re.compile(r"[;,]\s+(?:and|or)$")


def check_clause_endings(sections: list[DraftSection], reporter: Reporter, *, document_ends_in_a_clause: bool) -> None:
    """Mark the clauses that end mid-sentence; the last one becomes a fragment and a gap if the document ends in it.

    Args:
        sections: the imported sections, in document order.
        reporter: where each unfinished clause is reported.
        document_ends_in_a_clause: True when nothing but page furniture follows the last clause.
    """
    clauses = [entry for section in sections for entry in section.entries if isinstance(entry, DraftClause)]
    last = clauses[-1] if clauses and document_ends_in_a_clause else None
    for section in sections:
        entries = section.entries
        for index, entry in enumerate(entries):
            if not isinstance(entry, DraftClause) or not entry.text or finished(entry.text):
                continue
            following = entries[index + 1] if index + 1 < len(entries) else None
            if isinstance(following, DraftClause) and _continues_list(entry, following.number):
                continue  # "Users must ensure that" followed by (a), (b): a lead-in, not a cut
            if _complete_list_item(section, entry):
                continue
            if entry is last:
                _record_cut_off_end(entry, reporter)
            else:
                reporter.cut_off(entry.comments, entry.line, f"clause {entry.number}", entry.text)


def _record_cut_off_end(clause: DraftClause, reporter: Reporter) -> None:
    """The document stops inside ``clause``: its words become the fragment, and a gap says the rest is missing."""
    clause.fragment, clause.text = clause.text, ""
    clause.kind, clause.kind_comment = None, ""
    clause.gap = f"The supplied document is cut off here, in the middle of clause {clause.number}; the rest of it is missing."
    reporter.report(
        clause.line,
        f"the document ends in the middle of clause {clause.number} ({quote_end(clause.fragment)}); recorded as "
        f"clause {clause.number} with those words as `fragment` and a gap note: add the rest from the district's "
        "full document if you have it, otherwise keep the gap",
    )


def _lead_in_text(section: DraftSection, clause: DraftClause) -> str | None:
    """The words a list item hangs from: its parent clause, the section's own clause (2), or the section title."""
    parent = parent_of(clause.number)
    clauses = {e.number: e for e in section.entries if isinstance(e, DraftClause)}
    if parent is not None:
        return clauses[parent].text if parent in clauses else None
    own = clauses.get(section.number)
    if own is not None and own is not clause:
        return own.text
    return section.title


def _complete_list_item(section: DraftSection, clause: DraftClause) -> bool:
    """True for an item of a list whose lead-in ends in ":", unless it stops on a word like "the" or "and"."""
    lead_in = _lead_in_text(section, clause)
    return bool(lead_in) and lead_in.rstrip().endswith(":") and not ends_on_dangling_word(clause.text)


def _continues_list(clause: DraftClause, following: str) -> bool:
    """True when ``following`` is a sub-clause of ``clause`` or the next item of the same list.

    The next item continues the list when the clause is lettered ("(b) … and the") or ends
    in a joining word after a comma or semicolon ("…; and", "…, or").
    """
    number = clause.number
    chain = []
    parent = parent_of(following)
    while parent is not None:
        chain.append(parent)
        parent = parent_of(parent)
    if number in chain:
        return True
    if "." not in number and section_of(number) == section_of(following):
        return True  # "2. Staff must ensure that" (clause 2) followed by 2.1
    if parent_of(number) != parent_of(following):
        return False
    return (number.endswith(")") and following.endswith(")")) or bool(_LIST_JOINER.search(clause.text))

"""What a line of text reads as: a finished sentence, a heading, or words cut off mid-sentence.

The importer never changes the district's words, so every structural
decision (is "2. Staff must keep records." a clause or a section title? is a
clause that ends without a full stop cut off?) rests on these few tests.
"""

from __future__ import annotations

import re

# A sentence (or list lead-in) that ends here; anything else was cut off or wraps on.
_FINISHED = re.compile(r"[.!?:;…][\"'’”)\]]*$")
# Words a phrase cannot end on: "Employees are", "the use of", "staff and".
# A heading never ends on one, and a list item ending on one was cut off.
DANGLING_WORDS = frozenset(
    {
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "onto", "upon", "about",
        "than", "as", "and", "or", "nor", "but", "if", "that", "which", "who", "whom", "whose", "whether", "when",
        "where", "while", "because", "although", "unless", "until", "is", "are", "was", "were", "be", "been", "being",
        "am", "has", "have", "had", "do", "does", "did", "must", "shall", "will", "would", "should", "may", "might",
        "can", "could", "not", "their", "its", "our", "your", "his", "her", "my", "any", "each", "every", "all", "some",
        "no", "such", "this", "these", "those", "per", "via", "including", "include", "includes"
    }
)
# Modal and auxiliary verbs: a line with one in lower case is a sentence, not a title.
_SENTENCE_VERBS = re.compile(r"\b(?:must|shall|will|should|may|can|cannot|is|are)\b")


def finished(text: str) -> bool:
    """True when ``text`` ends a sentence or a list lead-in (so it was not cut off)."""
    return bool(_FINISHED.search(text))


def last_word(text: str) -> str:
    """The last word of ``text`` in lower case, without punctuation: "are" for "Employees are"."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)
    return words[-1].lower() if words else ""


def ends_on_dangling_word(text: str) -> bool:
    """True when ``text`` stops on a word no phrase ends with ("… and the", "Employees are")."""
    return not finished(text) and last_word(text) in DANGLING_WORDS


def words_ok(text: str, limit: int) -> bool:
    """Between one and ``limit`` words, at least one of them a real word (three letters or more)."""
    words = text.split()
    return 0 < len(words) <= limit and any(sum(c.isalpha() for c in w) >= 3 for w in words)


def in_capitals(text: str) -> bool:
    """A heading typed in capitals, e.g. BACKGROUND or ACCEPTABLE USE OF SOCIAL MEDIA."""
    letters = [c for c in text if c.isalpha()]
    return words_ok(text, 10) and not finished(text) and all(c.isupper() for c in letters)


def title_like(text: str, *, lead_in: bool = False) -> bool:
    """A short line in title case, e.g. "Personal Social Media Use".

    Args:
        text: the line, without its number.
        lead_in: allow one trailing colon, as a numbered heading over a list has
            ("1. Use of Accounts:").
    """
    if lead_in and text.endswith(":"):
        text = text[:-1].rstrip()
    if not words_ok(text, 12) or finished(text) or last_word(text) in DANGLING_WORDS:
        return False
    if _SENTENCE_VERBS.search(text):
        return False  # "Staff must keep records" is a sentence without its full stop
    first_letter = next((c for c in text if c.isalpha()), "")
    long_words = [w for w in text.split() if sum(c.isalpha() for c in w) >= 4]
    return first_letter.isupper() and all(next(c for c in w if c.isalpha()).isupper() for w in long_words)


def sentence_like(text: str) -> bool:
    """Words that read as a sentence, complete or cut off: they start with a capital and are not a title."""
    first = next((c for c in text if c.isalnum() or c in "“\"‘'("), "")
    starts_well = first.isupper() or first.isdigit() or first in "“\"‘'("
    return bool(text) and starts_well and not title_like(text, lead_in=True) and not in_capitals(text)

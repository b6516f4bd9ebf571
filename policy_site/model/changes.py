"""What changed between two versions of a procedure, clause by clause.

Clauses are matched by number first, and by their words when the numbering
moved: a clause whose text is found under another number was renumbered (or
moved), and keeps its old anchor as an alias so old links still land on it.
Each change is one fact, in the words the "What changed" page and its
``data-change`` attribute use: added, removed, reworded (with a word-level
diff), renumbered, kind (Recommended -> Must) and gap-filled. A clause that
was renumbered and reworded has two changes. Definitions, background and
section titles are compared the same way.

Pure functions over the model: nothing here reads files or knows HTML.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .policy import Clause, Gap, Policy

CHANGE_KINDS = ("added", "removed", "reworded", "renumbered", "kind", "gap-filled")

# How alike two texts must be (share of words in common, difflib's ratio) to
# be the same clause: under the same number a rewording may change more than
# under a new number, where only the words say it is the same clause.
SAME_NUMBER_LIKENESS = 0.5
MOVED_LIKENESS = 0.7


@dataclass(frozen=True)
class WordDiff:
    """One run of words: ``equal``, ``insert`` (new words) or ``delete`` (words taken out)."""

    op: str
    text: str


@dataclass(frozen=True)
class Change:
    """One change. ``number`` is the clause's number now (for a removed clause,
    its old number); ``part`` is "clause", "definition", "definitions",
    "background", "section title" or "gap"."""

    kind: str
    part: str
    number: str | None = None
    old_number: str | None = None
    text: str | None = None  # the words now (for removed: the words taken out)
    words: tuple[WordDiff, ...] = ()
    old_kind: str | None = None
    new_kind: str | None = None
    term: str | None = None  # for a definition

    @property
    def text_changed(self) -> bool:
        """True when the wording a reader must know changed (not a renumbering alone)."""
        return self.kind in ("added", "reworded", "kind", "gap-filled")


def word_diff(old: str, new: str) -> tuple[WordDiff, ...]:
    """The words of ``old`` and ``new`` as runs kept, taken out and put in, in reading order."""
    before, after = old.split(), new.split()
    runs: list[WordDiff] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            runs.append(WordDiff("delete", " ".join(before[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(WordDiff("insert", " ".join(after[j1:j2])))
        if op == "equal":
            runs.append(WordDiff("equal", " ".join(before[i1:i2])))
    return tuple(runs)


def likeness(old: str, new: str) -> float:
    return difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


def compare(old: Policy, new: Policy) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``: background, definitions, section titles, gaps, then clauses in the new order."""
    return (
        *_background(old.background, new.background),
        *_definitions(old, new),
        *_section_titles(old, new),
        *_gaps(old, new),
        *_clauses(old.clauses, new.clauses),
    )


def renumbered(changes: tuple[Change, ...]) -> dict[str, str]:
    """Old number -> new number, for the anchors to keep as aliases."""
    return {c.old_number: c.number for c in changes if c.kind == "renumbered" and c.old_number and c.number}


def _clauses(old: tuple[Clause, ...], new: tuple[Clause, ...]) -> list[Change]:
    pairs = _match(old, new)
    matched_old = {id(o) for o, _ in pairs.values()}
    changes: list[Change] = []
    for clause in new:
        if clause.number not in pairs:
            changes.append(Change("added", "clause", clause.number, text=clause.text))
            continue
        before, _ = pairs[clause.number]
        if before.number != clause.number:
            changes.append(Change("renumbered", "clause", clause.number, before.number, text=clause.text))
        if before.text is None and clause.text is not None:
            changes.append(Change("gap-filled", "clause", clause.number, before.number, text=clause.text))
        elif before.text != clause.text:
            changes.append(Change("reworded", "clause", clause.number, before.number, text=clause.text,
                                  words=word_diff(before.text or "", clause.text or "")))
        if before.text is not None and clause.text is not None and before.kind != clause.kind:
            changes.append(Change("kind", "clause", clause.number, before.number, text=clause.text,
                                  old_kind=before.kind_label, new_kind=clause.kind_label))
    for clause in old:
        if id(clause) not in matched_old:
            changes.append(Change("removed", "clause", clause.number, clause.number, text=clause.text))
    return changes


def _match(old: tuple[Clause, ...], new: tuple[Clause, ...]) -> dict[str, tuple[Clause, Clause]]:
    """New number -> (old clause, new clause) for each clause found in both versions.

    The likeliest pairs are taken first: the same words beat similar words, and
    the same number breaks ties, so a shifted numbering (a clause inserted
    before others) reads as renumbering, not as every clause reworded.
    """
    # Most clauses are unchanged: pair those at once, so only the rest are
    # compared with each other (that comparison grows with the square).
    pairs: dict[str, tuple[Clause, Clause]] = {}
    new_by_number = {n.number: n for n in new}
    for o in old:
        n = new_by_number.get(o.number)
        if n is not None and n.text == o.text and n.text is not None:
            pairs[n.number] = (o, n)
    used: set[int] = {id(o) for o, _ in pairs.values()}
    rest_old = [o for o in old if id(o) not in used]
    rest_new = [n for n in new if n.number not in pairs]
    candidates = []
    for o in rest_old:
        for n in rest_new:
            same_number = o.number == n.number
            if o.text is None or n.text is None:
                score = 1.5 if same_number else 0.0  # a gap (or a new gap) keeps its number
            else:
                score = 2.0 if o.text == n.text else likeness(o.text, n.text)
                if score < (SAME_NUMBER_LIKENESS if same_number else MOVED_LIKENESS):
                    continue
            if score > 0:
                candidates.append((score + (0.1 if same_number else 0.0), o, n))
    for _, o, n in sorted(candidates, key=lambda c: -c[0]):
        if n.number in pairs or id(o) in used:
            continue
        pairs[n.number] = (o, n)
        used.add(id(o))
    return pairs


def _background(old: tuple[str, ...], new: tuple[str, ...]) -> list[Change]:
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, list(old), list(new), autojunk=False).get_opcodes():
        if op == "replace":
            changes.append(Change("reworded", "background", text=" ".join(new[j1:j2]),
                                  words=word_diff(" ".join(old[i1:i2]), " ".join(new[j1:j2]))))
        elif op == "insert":
            changes.append(Change("added", "background", text=" ".join(new[j1:j2])))
        elif op == "delete":
            changes.append(Change("removed", "background", text=" ".join(old[i1:i2])))
    return changes


def _definitions(old: Policy, new: Policy) -> list[Change]:
    before = {d.term: d.text for d in old.definitions.terms}
    after = {d.term: d.text for d in new.definitions.terms}
    changes = []
    if old.definitions.gap is not None and new.definitions.gap is None:
        changes.append(Change("gap-filled", "definitions", text=old.definitions.gap.note))
    for term, text in after.items():
        if term not in before:
            changes.append(Change("added", "definition", text=text, term=term))
        elif before[term] != text:
            changes.append(Change("reworded", "definition", text=text, term=term, words=word_diff(before[term], text)))
    changes += [Change("removed", "definition", text=text, term=term) for term, text in before.items() if term not in after]
    return changes


def _section_titles(old: Policy, new: Policy) -> list[Change]:
    before = {s.number: s.title for s in old.sections}
    changes = []
    for section in new.sections:
        if section.number in before and before[section.number] != section.title:
            changes.append(Change("reworded", "section title", section.number, section.number, text=section.title,
                                  words=word_diff(before[section.number], section.title)))
        elif section.number not in before:
            changes.append(Change("added", "section title", section.number, text=section.title))
    return changes


def _gaps(old: Policy, new: Policy) -> list[Change]:
    """A note of missing text that the new version no longer needs: the text arrived."""
    now = {e.note for s in new.sections for e in s.entries if isinstance(e, Gap)}
    return [
        Change("gap-filled", "gap", text=entry.note)
        for section in old.sections for entry in section.entries
        if isinstance(entry, Gap) and entry.note not in now
    ]

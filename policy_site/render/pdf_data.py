"""The printed procedure and the printed manual, as data for the Typst templates.

The templates (``templates/pdf/``) lay out what this module hands them as
JSON, read with Typst's ``json()``: the policy is never written into Typst
markup or code, so a clause containing ``#import`` or ``*`` is printed as it
is. Every word that depends on the data (the running header, "3 gaps",
"Not stated in the supplied document") is put together here, in Python,
where it is tested; the templates only place strings.
"""

from __future__ import annotations

import json

from ..model.changes import Change
from ..model.history import History
from ..model.manual import Manual, Procedure
from ..model.policy import Clause, Gap, Policy, Section

NOT_STATED = "Not stated in the supplied document"
# A clause of up to this many characters (some 18 lines) is kept on one page
# with its number and kind. A longer one may break across pages: kept whole,
# a clause taller than a page would run off its bottom edge.
KEEP_TOGETHER_CHARACTERS = 1400


def document_title(policy: Policy) -> str:
    """The PDF's title (shown by viewers instead of the file name, as PDF/UA asks)."""
    return f"{policy.metadata.designation}: {policy.metadata.title}"


def manual_title(manual: Manual) -> str:
    """The manual PDF's title: ``Admin Procedures Manual · New Westminster Schools``."""
    return manual.info.site_name


def language_parts(language: str) -> tuple[str, str | None]:
    """``("en", "CA")`` for ``en-CA``: Typst takes the language and the region apart."""
    lang, _, region = language.partition("-")
    return lang.lower(), (region.upper() or None)


def _document(title: str, author: str, description: str, language: str) -> dict:
    lang, region = language_parts(language)
    return {"title": title, "author": author, "description": description, "lang": lang, "region": region}


def _gap(gap: Gap) -> dict:
    return {"type": "gap", "note": gap.note, "fragment": gap.fragment}


def _clause(clause: Clause, policy: Policy, level_below_section: int) -> dict:
    return {
        "type": "clause",
        "number": clause.number,
        "anchor": clause.anchor,
        "level_below_section": level_below_section,
        "depth": clause.depth,
        "kind": clause.kind,
        "kind_label": clause.kind_label,
        "text": clause.text,
        "gap": _gap(clause.gap) if clause.gap else None,
        "references": [reference.title for reference in clause.references],
        # Only clauses the PDF has can be linked (the loader checks them; a
        # link to a missing label would stop the compiler).
        "related": [{"number": n, "anchor": policy.clause(n).anchor} for n in clause.related if _has_clause(policy, n)],
        "keep_together": len(clause.text or "") + len((clause.gap.fragment or "") if clause.gap else "") <= KEEP_TOGETHER_CHARACTERS,
    }


def _entries(section: Section, policy: Policy) -> list[dict]:
    """A section's clauses and gaps, each clause with its heading level below the section's.

    1 for a clause directly under its section (1.9), 2 for one below that
    (1.10.2): the model's heading levels (3, 4, ...) less the section's. Never
    more than one below the clause before it: PDF/UA forbids skipping a level
    (the compiler would refuse the PDF), and the loader's check that a
    sub-clause follows its parent is not this module's to rely on.
    """
    entries, previous = [], 0
    for entry in section.entries:
        if isinstance(entry, Gap):
            entries.append(_gap(entry))
        else:
            previous = min(entry.heading_level - 2, previous + 1)
            entries.append(_clause(entry, policy, previous))
    return entries


def _has_clause(policy: Policy, number: str) -> bool:
    try:
        policy.clause(number)
    except KeyError:
        return False
    return True


def _section_heading(number: str, title: str, editorial: bool) -> str:
    # An inferred title is ours, not the district's: in [square brackets].
    return f"{number}. [{title}]" if editorial else f"{number}. {title}"


def change_summary(procedure: Procedure) -> dict:
    """What the PDF ends with: the changes from the version before, one line each."""
    history = History(procedure)
    if not history.by_release:
        return {"intro": "No version of this procedure has been recorded yet.", "items": []}
    if procedure.unreleased:
        latest = procedure.latest_release
        return {"intro": f"This text has changes not yet released as a version, since “{latest.label}”:",
                "items": [describe_change(c) for c in history.unreleased]}
    if len(history.by_release) == 1:
        return {"intro": "This is the first recorded version: there are no earlier versions to compare it with.", "items": []}
    (previous, _), (latest, changes) = history.by_release[-2], history.by_release[-1]
    return {"intro": f"Changes from “{previous.label}” to “{latest.label}”, clause by clause:",
            "items": [describe_change(c) for c in changes]}


def describe_change(change: Change) -> str:
    """One change in words, for print (where no colour or markup shows it)."""
    if change.part == "clause":
        if change.kind == "renumbered":
            return f"Clause {change.old_number} is now clause {change.number}."
        if change.kind == "kind":
            return f"Clause {change.number}: {change.old_kind} is now {change.new_kind}."
        words = {"added": "added", "removed": "removed", "reworded": "reworded", "gap-filled": "missing text supplied"}
        return f"Clause {change.number} {words[change.kind]}" + (f": {change.text}" if change.text and change.kind != "removed" else ".")
    what = {"definition": f"Definition of {change.term}", "definitions": "Definitions", "gap": "Missing text",
            "section title": f"Title of section {change.number}", "background": "Background"}[change.part]
    return f"{what} {change.kind.replace('-', ' ')}."


def procedure_data(policy: Policy, changes: dict | None = None) -> dict:
    """One procedure, as the template ``policy.typ`` lays it out; ``changes`` from :func:`change_summary`."""
    meta = policy.metadata
    gaps = len(policy.gaps)
    return {
        "slug": meta.slug,
        "district": meta.district,
        "manual": meta.manual,
        "designation": meta.designation,
        "title": meta.title,
        "draft": meta.draft,
        "version": meta.version or NOT_STATED,
        "effective_date": meta.effective_date or NOT_STATED,
        "running_title": f"DRAFT · {meta.title}" if meta.draft else meta.title,
        "running_version": ("DRAFT · " if meta.draft else "")
        + f"Version: {meta.version or 'not stated'} · Effective date: {meta.effective_date or 'not stated'}",
        "gap_count": gaps,
        "gap_count_words": f"{gaps} gap{'' if gaps == 1 else 's'}",
        "background": list(policy.background),
        "definitions": {
            "terms": [{"term": d.term, "text": d.text} for d in policy.definitions.terms],
            "gap": _gap(policy.definitions.gap) if policy.definitions.gap else None,
        },
        "sections": [
            {"heading": _section_heading(section.number, section.title, section.title_editorial), "entries": _entries(section, policy)}
            for section in policy.sections
        ],
        "references": [reference.title for reference in policy.references],
        "changes": changes,
    }


def procedure_document(policy: Policy, changes: dict | None = None) -> dict:
    """The data of one procedure's PDF (``templates/pdf/procedure.typ``)."""
    meta = policy.metadata
    return {
        "document": _document(
            document_title(policy), meta.district, f"{meta.district}, {meta.manual}: {document_title(policy)}", meta.language
        ),
        "procedure": procedure_data(policy, changes),
    }


def manual_document(manual: Manual) -> dict:
    """The data of the manual's PDF (``templates/pdf/manual.typ``): every published procedure, in order.

    Drafts are left out, and named on the title page: the printed manual is
    what principals file in a binder, and a draft has not been confirmed by an
    editor (its kinds and structure may be wrong). A draft has its own PDF,
    with the Draft banner and header.
    """
    info = manual.info
    published = [p for p in manual.procedures if not p.draft]
    drafts = [p.content.policy.metadata for p in manual.procedures if p.draft]
    count = len(published)
    summary = (
        f"Every published procedure of the manual, in the manual’s order: {count} procedure{'' if count == 1 else 's'}."
        if count else "No procedure of the manual is published yet."
    )
    return {
        "document": _document(manual_title(manual), info.district, f"{info.district}: {info.title}, every published procedure", info.language),
        "manual": {
            "district": info.district,
            "title": info.title,
            "summary": summary,
            "drafts_note": "Not included: these procedures are drafts, not yet confirmed by an editor. Each has its own PDF, marked Draft.",
            "drafts_left_out": [f"{meta.designation}: {meta.title}" for meta in drafts],
        },
        "procedures": [procedure_data(p.content.policy, change_summary(p)) for p in published],
    }


def as_json(data: dict) -> str:
    """The data as the template reads it: JSON text, the same for the same data (a cache key)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

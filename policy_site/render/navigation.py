"""The site's navigation for the manual, as the plain data MkDocs' ``nav`` takes.

Procedures are grouped by the district's series when ``manual.yaml`` names
them ("100 – General Administration"); each procedure is a section with its
pages. Kept apart from MkDocs (a list of ``{title: page}``), like the pages.
"""

from __future__ import annotations

from markupsafe import escape

from ..model.manual import Manual, Procedure
from .site_layout import HOME_PAGE, changes_page, check_page, procedure_page, quiz_page


def procedure_nav(procedure: Procedure) -> dict:
    meta = procedure.content.policy.metadata
    pages = [{"The procedure": procedure_page(procedure.id)}]
    if procedure.has_checker:
        pages.append({"Can I do this?": check_page(procedure.id)})
    if procedure.has_quiz:
        pages.append({"Self-assessment": quiz_page(procedure.id)})
    pages.append({"What changed": changes_page(procedure.id)})
    label = f"{meta.code} {meta.title}" + (" (Draft)" if meta.draft else "")
    # The theme writes nav titles into the page as HTML, unescaped: escape them here.
    return {str(escape(label)): pages}


def manual_nav(manual: Manual) -> list:
    """Home, then the procedures: by series, or under "Procedures" when the district names none."""
    groups = manual.grouped()
    nav: list = [{"Home": HOME_PAGE}]
    for series, members in groups:
        title = str(escape(series.label)) if series else ("Other procedures" if len(groups) > 1 else "Procedures")
        nav.append({title: [procedure_nav(p) for p in members]})
    return nav

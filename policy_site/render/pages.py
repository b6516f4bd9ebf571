"""Turn the manual into page sources (Markdown with embedded HTML).

Plain functions, independent of MkDocs, so the site generator can be swapped
later without touching how the policy is presented. Templates are Jinja2 with
autoescape on: policy text is text, never HTML or Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from quiz.clause_numbers import clause_anchor

from ..model.history import History
from ..model.manual import Manual, Procedure
from ..model.mentions import find_mentions
from ..model.policy import Clause, Gap
from .pdf import MANUAL_PDF_PATH, manual_pdf_label
from .site_layout import (
    FEED_FILE,
    FORMER_PAGES,
    HOME_PAGE,
    SCRIPTS_DIR,
    EngineSetup,
    changes_page,
    check_page,
    link_between,
    pdf_path,
    procedure_page,
    quiz_page,
    relative_url,
)

# Characters that would make Markdown treat text as markup in a heading.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def markdown_escape(text: str) -> Markup:
    """Escape ``text`` for a Markdown heading: HTML-escaped, Markdown specials backslashed."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(text))))


@dataclass(frozen=True)
class SitePage:
    """A page the site generator should add: ``src_uri`` relative to docs/."""

    src_uri: str
    title: str
    content: str


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("policy_site.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    env.filters["anchor"] = clause_anchor
    env.tests["gap"] = lambda entry: isinstance(entry, Gap)
    env.tests["clause"] = lambda entry: isinstance(entry, Clause)
    return env


_ENV = _environment()


class MentionLinker:
    """Links, in one procedure's text, each mention of another procedure the
    manual publishes ("Administrative Procedure 140", "Appendix A") to its page.

    The text is escaped piece by piece around the links, so it stays text;
    a mention of a procedure the manual does not hold stays plain text.
    """

    def __init__(self, manual: Manual, procedure: Procedure, from_page: str):
        self.manual = manual
        self.procedure = procedure
        self.from_page = from_page

    def target(self, number: str, appendix: str | None) -> Procedure | None:
        found = self.manual.by_designation.get((number, appendix))
        return found if found is not None and found.id != self.procedure.id else None

    def __call__(self, text: str) -> Markup:
        own_number = self.procedure.content.policy.metadata.procedure
        pieces, done = [], 0
        for mention in find_mentions(text, own_number):
            target = self.target(mention.number, mention.appendix)
            if target is None:
                continue
            url = link_between(self.from_page, procedure_page(target.id))
            pieces.append(escape(text[done:mention.start]))
            pieces.append(Markup('<a class="procedure-mention" href="{}">{}</a>').format(url, text[mention.start:mention.end]))
            done = mention.end
        pieces.append(escape(text[done:]))
        return Markup("").join(pieces)


def _procedure_links(procedure: Procedure, from_page: str) -> dict[str, str | None]:
    """URLs, relative to ``from_page``, of a procedure's pages (None for a page it does not have) and its PDF."""
    return {
        "procedure": link_between(from_page, procedure_page(procedure.id)),
        "quiz": link_between(from_page, quiz_page(procedure.id)) if procedure.has_quiz else None,
        "check": link_between(from_page, check_page(procedure.id)) if procedure.has_checker else None,
        "pdf": relative_url(from_page, pdf_path(procedure.content.policy.metadata.slug)),
        "changes": link_between(from_page, changes_page(procedure.id)),
    }


def render_procedure(manual: Manual, procedure: Procedure) -> str:
    """The whole procedure: metadata, background, definitions, every clause and every gap."""
    page = procedure_page(procedure.id)
    policy = procedure.content.policy
    history = History(procedure)
    changes_url = link_between(page, changes_page(procedure.id))
    changed = {
        number: {"label": release.label, "url": f"{changes_url}#{release.anchor}-{index}"}
        for number, (release, index) in history.last_changed.items()
    }
    return _ENV.get_template("procedure.md.j2").render(
        policy=policy, meta=policy.metadata, pdf=pdf_path(policy.metadata.slug),
        links=_procedure_links(procedure, page), link_mentions=MentionLinker(manual, procedure, page),
        mentioned=_referenced_procedures(manual, procedure, page), changed=changed, aliases=history.aliases,
    )


def render_changes(procedure: Procedure, show_unreleased: bool) -> str:
    """The "What changed" page: every release newest first with its changes; the
    working text's unreleased changes too when ``show_unreleased`` (the editors' preview)."""
    page = changes_page(procedure.id)
    history = History(procedure)
    policy = procedure.content.policy
    return _ENV.get_template("changes.md.j2").render(
        meta=policy.metadata, pdf=pdf_path(policy.metadata.slug), links=_procedure_links(procedure, page),
        releases=[{"release": r, "changes": c} for r, c in reversed(history.by_release)],
        unreleased=history.unreleased if show_unreleased else (), feed=relative_url(page, FEED_FILE),
    )


def _referenced_procedures(manual: Manual, procedure: Procedure, page: str) -> dict[str, dict]:
    """For each entry of the references list that names a procedure: its link, or None when the manual does not publish it."""
    linker = MentionLinker(manual, procedure, page)
    found = {}
    own_number = procedure.content.policy.metadata.procedure
    for reference in procedure.content.policy.references:
        mentions = find_mentions(reference.title, own_number)
        if mentions:
            target = linker.target(mentions[0].number, mentions[0].appendix)
            found[reference.id] = {"url": link_between(page, procedure_page(target.id)) if target else None}
    return found


def render_home(manual: Manual) -> str:
    """The landing page: the manual's procedures by series, and what staff can do here."""
    groups = [
        (series, [{"procedure": p, "meta": p.content.policy.metadata, "links": _procedure_links(p, HOME_PAGE)} for p in members])
        for series, members in manual.grouped()
    ]
    first = manual.procedures[0].content.policy
    example_clause = next((c.number for c in first.clauses if c.text), first.clauses[0].number if first.clauses else "1.1")
    return _ENV.get_template("home.md.j2").render(
        manual=manual.info, groups=groups, example=first.metadata, example_clause=example_clause,
        # The whole manual's PDF: the "Download PDF" link (front matter) and a link in the page.
        manual_pdf={"path": MANUAL_PDF_PATH, "label": manual_pdf_label(manual)},
    )


def _engine_assets(page: str, engine: EngineSetup) -> dict[str, str]:
    """URLs, relative to ``page``, of what a page that runs the engine needs."""
    return {
        "bundle": relative_url(page, f"{engine.bundle}?v={engine.version_tag}"),
        "wheel": relative_url(page, f"{engine.wheel}?v={engine.version_tag}"),
        "pyodide": relative_url(page, f"{engine.runtime}/"),
        "scripts": relative_url(page, f"{SCRIPTS_DIR}/"),
        "start_timeout_seconds": str(engine.start_timeout_seconds),
    }


def render_quiz(procedure: Procedure, engine: EngineSetup) -> str:
    """The self-assessment page: every question as static HTML, plus the engine's file locations."""
    content, page = procedure.content, quiz_page(procedure.id)
    return _ENV.get_template("self-assessment.md.j2").render(
        policy=content.policy, meta=content.policy.metadata, bank=content.questions,
        assets=_engine_assets(page, engine), pdf=pdf_path(content.policy.metadata.slug), links=_procedure_links(procedure, page),
    )


def example_link(facts: dict[str, str]) -> str:
    """The URL fragment that opens the checker with these answers (``account=personal&...``)."""
    return "&".join(f"{quote(name)}={quote(value)}" for name, value in facts.items())


def render_checker(procedure: Procedure, engine: EngineSetup) -> str:
    """The "Can I do this?" page: every fact as a static fieldset, and the worked examples as links."""
    content, page = procedure.content, check_page(procedure.id)
    examples = [{"name": e.name, "link": example_link(e.facts)} for e in content.examples]
    return _ENV.get_template("check.md.j2").render(
        meta=content.policy.metadata, facts=content.facts, examples=examples,
        assets=_engine_assets(page, engine), pdf=pdf_path(content.policy.metadata.slug), links=_procedure_links(procedure, page),
    )


def render_moved(from_page: str, to_page: str, title: str) -> str:
    """A page at an address the site used before: it sends the reader on, anchor and all."""
    return _ENV.get_template("moved.md.j2").render(
        title=title, target=link_between(from_page, to_page), script=relative_url(from_page, f"{SCRIPTS_DIR}/moved.js"),
    )


def site_pages(manual: Manual, engines: dict[str, EngineSetup], show_unreleased: bool = False) -> list[SitePage]:
    """Every page generated from policy_src; ``engines`` says where each procedure's engine files are;
    ``show_unreleased`` adds the working text's unreleased changes to the "What changed" pages (preview only)."""
    pages = [SitePage(HOME_PAGE, "Home", render_home(manual))]
    for procedure in manual.procedures:
        title = procedure.content.policy.metadata.title
        pages.append(SitePage(procedure_page(procedure.id), title, render_procedure(manual, procedure)))
        pages.append(SitePage(changes_page(procedure.id), "What changed", render_changes(procedure, show_unreleased)))
        if procedure.has_quiz:
            pages.append(SitePage(quiz_page(procedure.id), "Annual self-assessment", render_quiz(procedure, engines[procedure.id])))
        if procedure.has_checker:
            pages.append(SitePage(check_page(procedure.id), "Can I do this?", render_checker(procedure, engines[procedure.id])))
    former = manual.by_id.get(manual.info.former_single_procedure or "")
    if former is not None:
        for old_page, new_page in FORMER_PAGES.items():
            target = new_page(former.id)
            if any(page.src_uri == target for page in pages):
                pages.append(SitePage(old_page, "This page has moved", render_moved(old_page, target, "This page has moved")))
    return pages



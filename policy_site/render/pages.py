"""Turn a Policy into page sources (Markdown with embedded HTML).

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

from ..model.content import Content
from ..model.policy import Clause, Gap, Policy
from .site_layout import (
    CHECK_PAGE,
    HOME_PAGE,
    PROCEDURE_PAGE,
    PYODIDE_DIR,
    QUIZ_PAGE,
    SCRIPTS_DIR,
    EngineSetup,
    page_url,
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


def render_procedure(policy: Policy) -> str:
    """The whole procedure: metadata, background, definitions, every clause and every gap."""
    return _ENV.get_template("procedure.md.j2").render(policy=policy, meta=policy.metadata)


def render_home(policy: Policy) -> str:
    """The landing page: what this site is and what staff can do here."""
    return _ENV.get_template("home.md.j2").render(
        policy=policy, meta=policy.metadata, procedure_url=page_url(PROCEDURE_PAGE), quiz_url=page_url(QUIZ_PAGE),
        check_url=page_url(CHECK_PAGE)
    )


def _engine_assets(page: str, engine: EngineSetup) -> dict[str, str]:
    """URLs, relative to ``page``, of what a page that runs the engine needs."""
    return {
        "bundle": relative_url(page, f"{engine.bundle}?v={engine.version_tag}"),
        "wheel": relative_url(page, f"{engine.wheel}?v={engine.version_tag}"),
        "pyodide": relative_url(page, f"{PYODIDE_DIR}/"),
        "scripts": relative_url(page, f"{SCRIPTS_DIR}/"),
        "start_timeout_seconds": str(engine.start_timeout_seconds),
    }


def render_quiz(content: Content, engine: EngineSetup) -> str:
    """The self-assessment page: every question as static HTML, plus the engine's file locations."""
    return _ENV.get_template("self-assessment.md.j2").render(
        policy=content.policy, meta=content.policy.metadata, bank=content.questions,
        assets=_engine_assets(QUIZ_PAGE, engine),
    )


def example_link(facts: dict[str, str]) -> str:
    """The URL fragment that opens the checker with these answers (``account=personal&...``)."""
    return "&".join(f"{quote(name)}={quote(value)}" for name, value in facts.items())


def render_checker(content: Content, engine: EngineSetup) -> str:
    """The "Can I do this?" page: every fact as a static fieldset, and the worked examples as links."""
    examples = [{"name": e.name, "link": example_link(e.facts)} for e in content.examples]
    return _ENV.get_template("check.md.j2").render(
        meta=content.policy.metadata, facts=content.facts, examples=examples,
        assets=_engine_assets(CHECK_PAGE, engine),
    )


def site_pages(content: Content, engine: EngineSetup) -> list[SitePage]:
    """Every page generated from policy_src; ``engine`` says where the engine's files are."""
    policy = content.policy
    return [
        SitePage(HOME_PAGE, "Home", render_home(policy)),
        SitePage(PROCEDURE_PAGE, policy.metadata.title, render_procedure(policy)),
        SitePage(QUIZ_PAGE, "Annual self-assessment", render_quiz(content, engine)),
        SitePage(CHECK_PAGE, "Can I do this?", render_checker(content, engine)),
    ]

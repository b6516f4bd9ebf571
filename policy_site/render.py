"""Turn a Policy into page sources (Markdown with embedded HTML).

Plain functions, independent of MkDocs, so the site generator can be swapped
later without touching how the policy is presented. Templates are Jinja2 with
autoescape on: policy text is text, never HTML or Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2
from markupsafe import Markup, escape

from .model import Clause, Gap, Policy

PROCEDURE_PAGE = "procedure.md"
HOME_PAGE = "index.md"

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
        loader=jinja2.PackageLoader("policy_site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    env.tests["gap"] = lambda entry: isinstance(entry, Gap)
    env.tests["clause"] = lambda entry: isinstance(entry, Clause)
    return env


_ENV = _environment()


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page (``procedure.md`` -> ``procedure/``)."""
    return "" if src_uri == HOME_PAGE else src_uri.removesuffix(".md") + "/"


def clause_href(policy: Policy, number: str, from_uri: str = HOME_PAGE) -> str:
    """A relative link from the page ``from_uri`` to a clause's anchor."""
    prefix = "../" * page_url(from_uri).count("/")
    return f"{prefix}{page_url(PROCEDURE_PAGE)}#{policy.clause(number).anchor}"


def render_procedure(policy: Policy) -> str:
    """The whole procedure: metadata, background, definitions, every clause and every gap."""
    return _ENV.get_template("procedure.md.j2").render(policy=policy, meta=policy.metadata)


def render_home(policy: Policy) -> str:
    """The landing page: what this site is and what staff can do here."""
    return _ENV.get_template("home.md.j2").render(
        policy=policy, meta=policy.metadata, procedure_url=page_url(PROCEDURE_PAGE)
    )


def site_pages(policy: Policy) -> list[SitePage]:
    """Every page generated from the policy data."""
    return [
        SitePage(HOME_PAGE, "Home", render_home(policy)),
        SitePage(PROCEDURE_PAGE, policy.metadata.title, render_procedure(policy)),
    ]

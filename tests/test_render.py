"""Rendering: policy text is text. Nothing in it becomes Markdown or HTML."""

import dataclasses

import markdown

from policy_site.model.policy import Clause
from policy_site.render.pages import markdown_escape, render_procedure, site_pages
from policy_site.render.site_layout import EngineSetup


def to_html(markdown_source: str) -> str:
    body = markdown_source.split("---", 2)[2]  # drop the front matter
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "toc"])


def with_clause_text(policy, number: str, text: str):
    section = policy.sections[0]
    entries = tuple(dataclasses.replace(e, text=text) if isinstance(e, Clause) and e.number == number else e
                    for e in section.entries)
    return dataclasses.replace(policy, sections=(dataclasses.replace(section, entries=entries),) + policy.sections[1:])


def test_markup_in_clause_text_is_shown_literally(policy):
    hostile = 'Use *only* <script>alert(1)</script> [a link](https://example.org) & 1. not a list'
    html = to_html(render_procedure(with_clause_text(policy, "1.7", hostile)))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*only*" in html and "<em>only</em>" not in html
    assert "[a link](https://example.org)" in html and 'href="https://example.org"' not in html


def test_markup_in_a_section_title_is_shown_literally(policy):
    title = "Use of *Social* [Media] <b>"
    changed = dataclasses.replace(policy, sections=(dataclasses.replace(policy.sections[1], title=title),) + policy.sections[2:])
    html = to_html(render_procedure(changed))
    assert "Use of *Social* [Media] &lt;b&gt;" in html


def test_markdown_escape_backslashes_markdown_and_escapes_html():
    assert markdown_escape("a_b*c") == r"a\_b\*c"
    assert "<" not in markdown_escape("<x>")


def test_generated_pages_are_plain_markdown_independent_of_mkdocs():
    from pathlib import Path

    from policy_site.load.source_folder import load_content

    content = load_content(Path(__file__).parent.parent / "policy_src")
    pages = {p.src_uri: p for p in site_pages(content, EngineSetup("assets/engine/bundle.json", "assets/engine/engine.whl", "tag"))}
    assert set(pages) == {"index.md", "procedure.md", "self-assessment.md", "check.md"}
    assert "bundle.json?v=tag" in pages["self-assessment.md"].content
    procedure = pages["procedure.md"].content
    assert "### 1.9 <span class=\"clause-kind clause-kind--must\">Must</span> { #clause-1-9 .clause-heading }" in procedure
    assert "#### 1.10.2" in procedure

"""Rendering: policy text is text. Nothing in it becomes Markdown or HTML."""

import dataclasses

import markdown

from conftest import APPENDIX_C
from policy_site.load.manual_folder import load_manual
from policy_site.model.manual import Manual, Procedure
from policy_site.model.policy import Clause
from policy_site.render.pages import markdown_escape, render_procedure, site_pages
from policy_site.render.site_layout import EngineSetup

MANUAL = load_manual(APPENDIX_C.parent.parent)


def procedure_page(policy) -> str:
    """The procedure page for ``policy``, as the only procedure of the real manual."""
    procedure = Procedure(MANUAL.procedures[0].id, dataclasses.replace(MANUAL.procedures[0].content, policy=policy))
    return render_procedure(Manual(MANUAL.info, (procedure,)), procedure)


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
    html = to_html(procedure_page(with_clause_text(policy, "1.7", hostile)))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*only*" in html and "<em>only</em>" not in html
    assert "[a link](https://example.org)" in html and 'href="https://example.org"' not in html


def test_markup_in_a_section_title_is_shown_literally(policy):
    title = "Use of *Social* [Media] <b>"
    changed = dataclasses.replace(policy, sections=(dataclasses.replace(policy.sections[1], title=title),) + policy.sections[2:])
    html = to_html(procedure_page(changed))
    assert "Use of *Social* [Media] &lt;b&gt;" in html


def test_markdown_escape_backslashes_markdown_and_escapes_html():
    assert markdown_escape("a_b*c") == r"a\_b\*c"
    assert "<" not in markdown_escape("<x>")


def test_generated_pages_are_plain_markdown_independent_of_mkdocs():
    appendix_c = f"procedures/{MANUAL.procedures[0].id}/"
    setup = EngineSetup("assets/engine/bundles/x.json", "assets/engine/engine.whl", "tag", "assets/pyodide/1.2.3-0123456789")
    pages = {p.src_uri: p for p in site_pages(MANUAL, {MANUAL.procedures[0].id: setup})}
    # The procedure's pages, and the addresses it had before the site became a manual.
    assert set(pages) == {"index.md", f"{appendix_c}index.md", f"{appendix_c}self-assessment.md", f"{appendix_c}check.md",
                          f"{appendix_c}changes.md", "procedure.md", "self-assessment.md", "check.md"}
    assert "x.json?v=tag" in pages[f"{appendix_c}self-assessment.md"].content
    assert 'data-pyodide="../../../assets/pyodide/1.2.3-0123456789/"' in pages[f"{appendix_c}self-assessment.md"].content
    procedure = pages[f"{appendix_c}index.md"].content
    assert ('### <span class="clause-code">140\\-C</span> 1.9 <span class="clause-kind clause-kind--must">Must</span> '
            '{ #clause-1-9 .clause-heading data-toc-label="1.9 Must" }') in procedure
    assert '#### <span class="clause-code">140\\-C</span> 1.10.2' in procedure

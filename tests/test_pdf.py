"""The printable procedure: the PDF built with the site, the "Download PDF"
link on every page, printing from the browser, and ``policy pdf``.

Everything is checked on the real artifacts: the PDF Typst wrote into the
built site, read back with Debian's poppler-utils and qpdf, and the built site
in Debian's Chromium. First pages are rendered to PNG in test-artifacts/ for a
reviewer to look at. What Typst is trusted with (data never markup, PDF/UA-1
enforced, no file outside its templates) is in test_pdf_typst.py; the whole
manual's PDF in test_manual_pdf.py.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import APPENDIX_C, APPENDIX_C_URL, ROOT, SUPPLIED_DOCUMENT
from pdf_tools import (
    QpdfDocument,
    join_lines,
    page_text,
    pdf_fonts,
    pdf_info,
    render_pages,
    structure_headings,
    structure_roles,
    structure_text,
    xmp_metadata,
)
from policy_site.cli import main as policy_cli
from policy_site.render.pdf import document_title, pdf_file_name, site_pdf_path, write_pdf
from supplied_text import first_missing_passage, normalise_space, supplied_passages

pytestmark = pytest.mark.pdf

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def site_pdf(built_site, policy):
    pdf = built_site / "downloads" / f"{policy.metadata.slug}.pdf"
    assert pdf.is_file(), "the site build did not write the PDF"
    return pdf


@pytest.fixture(scope="module")
def site_policy(built_site, policy):
    """The procedure as the site build read it: with the manual, its version from its releases."""
    from policy_site.common.problems import ProblemLog
    from policy_site.load.manual_folder import read_manual

    manual = read_manual(ROOT / "policy_src", ProblemLog())
    return next(p.content.policy for p in manual.procedures if p.id == policy.metadata.slug)


@pytest.fixture(scope="module")
def pages(site_pdf, site_policy) -> list[str]:
    """Each page's body text, with its running header and footer checked and taken out.

    Taking them out lets a sentence that runs over a page break still be
    found whole; checking them first proves every page has them.
    """
    count = int(pdf_info(site_pdf)["Pages"])
    meta = site_policy.metadata
    bodies = []
    for number in range(1, count + 1):
        lines = page_text(site_pdf, number).splitlines()
        margin = [f"Version: {meta.version or 'not stated'} · Effective date: {meta.effective_date or 'not stated'}",
                  f"Page {number} of {count}"]
        if number > 1:  # the first page has the title block instead of a header
            margin += [meta.designation, meta.title]
        for expected in margin:
            assert expected in lines, f"page {number}: running header/footer {expected!r} missing"
            lines.remove(expected)
        bodies.append(join_lines(lines))
    return bodies


def test_the_pdf_has_every_sentence_of_the_supplied_document_in_order(pages):
    passages = supplied_passages(SUPPLIED_DOCUMENT)
    assert len(passages) > 40
    missing = first_missing_passage(passages, " ".join(pages))
    assert missing is None, f"not found in order: {missing[0].text!r}; text after the previous passage: {missing[1]!r}"


def test_the_tagged_structure_reads_every_sentence_in_order(site_pdf):
    # What a screen reader gets: the structure tree, where headers/footers are not content.
    missing = first_missing_passage(supplied_passages(SUPPLIED_DOCUMENT), structure_text(site_pdf))
    assert missing is None, f"not found in order: {missing[0].text!r}; after: {missing[1]!r}"


def test_no_word_is_hyphenated_by_the_typesetter(site_pdf, policy, pages):
    # Automatic hyphenation ends a line with U+2010 (or a soft hyphen); a line
    # may end in "-" only where the source has that hyphen (off-hours).
    source = [*policy.background, *(c.text or "" for c in policy.clauses), *(r.title for r in policy.references),
              *(g.note for g in policy.gaps)]
    source_words = set(re.findall(r"\S+", normalise_space(" ".join(source))))
    for number in range(1, len(pages) + 1):
        lines = page_text(site_pdf, number).splitlines()
        for line, following in zip(lines, lines[1:]):
            assert not re.search(r"[\u2010\u00ad]$", line), f"page {number}: hyphenated by the typesetter: {line!r}"
            if re.search(r"\w-$", line) and following.strip():
                word = line.split()[-1] + following.split()[0]
                assert any(word in w for w in source_words), f"page {number}: {word!r} was split by hyphenation"


def test_title_block_clauses_kinds_and_gaps_are_all_in_the_pdf(pages, policy, site_policy):
    text = " ".join(pages)
    meta = policy.metadata
    assert text.startswith(f"{meta.district} {meta.manual} {meta.designation} {meta.title}")
    assert f"Version: {site_policy.metadata.version or 'Not stated in the supplied document'}" in text
    assert f"Effective date: {site_policy.metadata.effective_date or 'Not stated in the supplied document'}" in text
    assert "1. [Professional Social Media Use]" in text  # the inferred title, marked editorial
    assert text.count("Missing from the supplied document") == len(policy.gaps) + 1  # + the summary
    for gap in policy.gaps:
        assert f"[{normalise_space(gap.note)}]" in text
    assert "The supplied text here reads only: “S”" in text
    cursor = 0
    for clause in policy.clauses:
        heading = f"{clause.number} {clause.kind_label}" if clause.kind_label else clause.number
        found = text.find(heading, cursor)
        assert found >= 0, f"clause heading {heading!r} not found in order"
        cursor = found
    for reference in policy.references:
        assert reference.title in text


def test_the_pdf_is_tagged_ua1_titled_in_its_language_with_embedded_fonts(site_pdf, policy):
    info = pdf_info(site_pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == document_title(policy)
    assert info["Author"] == policy.metadata.district
    assert info["PDF version"] == "1.7"
    assert info["Creator"].startswith("Typst ")
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp_metadata(site_pdf))  # declares PDF/UA-1
    root = QpdfDocument(site_pdf).catalog
    assert root["/Lang"] == f"u:{policy.metadata.language}"
    assert root["/MarkInfo"]["/Marked"] is True
    assert root["/StructTreeRoot"].endswith(" R")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] is True
    fonts = pdf_fonts(site_pdf)
    assert fonts, "no fonts listed"
    for font in fonts:
        assert font["emb"] == "yes", f"{font['name']} is not embedded"
        assert font["uni"] == "yes", f"{font['name']} has no Unicode map (text could not be copied)"
        assert "DejaVu" in font["name"], f"{font['name']}: not the DejaVu Sans of policy_site/render/fonts/"


def test_the_headings_nest_as_on_the_web_page(site_pdf, policy):
    roles = structure_roles(site_pdf)
    assert roles.count("H1") == 1 and roles.count("H3") + roles.count("H4") == len(policy.clauses)
    # + background, definitions, references and the changes since the previous
    # version; one heading per section, even where a section runs over a page.
    assert roles.count("H2") == len(policy.sections) + 4
    headings = structure_headings(site_pdf)
    assert headings[0] == (1, policy.metadata.title)
    expected = {f"{c.number} {c.kind_label}" if c.kind_label else c.number: c.heading_level for c in policy.clauses}
    assert {text: level for level, text in headings if level >= 3} == expected
    for (before, _), (level, text) in zip(headings, headings[1:]):
        assert level <= before + 1, f"{text!r}: from H{before} to H{level}"


def test_the_bookmarks_list_every_section_with_its_clauses(site_pdf, policy):
    bookmarks = QpdfDocument(site_pdf).bookmarks
    titles = [b.title for b in bookmarks]
    sections = [f"{s.number}. [{s.title}]" if s.title_editorial else f"{s.number}. {s.title}" for s in policy.sections]
    assert titles == ["Background", "Definitions", *sections, "References", "Changes since the previous version"]
    listed = [b.title for top in bookmarks for _, b in top.walk() if b.title not in titles]
    assert listed == [f"{c.number} {c.kind_label}" if c.kind_label else c.number for c in policy.clauses]
    nested = next(b for b in bookmarks if b.title == sections[0])
    parent = next(b for b in nested.kids if b.title.startswith("1.10 "))
    assert [k.title.split()[0] for k in parent.kids] == ["1.10.1", "1.10.2", "1.10.3"]


def test_see_also_links_lead_to_the_clause_inside_the_pdf(site_pdf, policy):
    document = QpdfDocument(site_pdf)
    related = [(c.number, n) for c in policy.clauses for n in c.related]
    assert related, "Appendix C has See also links (test sanity)"
    assert len(document.links) == len(related)
    for link, (_, target) in zip(document.links, related):
        assert link.alt_text.startswith(f"Clause {target}, page ")  # what a screen reader announces
        assert link.destination_name.endswith(f":{policy.clause(target).anchor}")
        assert re.search(rf"^{re.escape(target)} ", page_text(site_pdf, link.target_page), re.MULTILINE), link


def test_running_headers_and_footers_are_artifacts_not_content(site_pdf, policy, pages):
    tagged = structure_text(site_pdf)
    assert "Page 1 of" not in tagged and "Page 2 of" not in tagged
    assert tagged.count(policy.metadata.designation) == 1  # the title block; not the header of every page
    assert page_text(site_pdf, 2).count(policy.metadata.designation) == 1  # there, on the page, all the same


def test_the_page_count_is_what_the_content_needs(pages):
    # About 3 pages of text; a runaway page break or a blank page shows here.
    assert 2 <= len(pages) <= 6
    for number, body in enumerate(pages[:-1], start=1):
        assert len(body) > 1000, f"page {number} is nearly empty: {body[:200]!r}"
    assert len(pages[-1].split()) >= 10, f"the last page is (nearly) empty: {pages[-1]!r}"


def test_first_pages_are_rendered_for_review(site_pdf, pages):
    pngs = render_pages(site_pdf, ARTIFACTS / "pdf", 1, min(3, len(pages)))
    assert [p.name for p in pngs] == [f"page-{n}.png" for n in range(1, len(pngs) + 1)]
    for png in pngs:
        assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000  # not blank


def test_the_pdf_is_as_readable_on_the_web_server_as_the_pages(site_pdf, built_site):
    assert site_pdf.stat().st_mode & 0o777 == (built_site / "index.html").stat().st_mode & 0o777
    assert not list(site_pdf.parent.glob(".*")), "a partial file was left behind"


def test_version_and_effective_date_are_shown_when_the_data_has_them(policy, tmp_path):
    stated = dataclasses.replace(
        policy, metadata=dataclasses.replace(policy.metadata, version="2", effective_date="2024-09-01")
    )
    pdf = write_pdf(stated, tmp_path / "stated.pdf")
    first, last = page_text(pdf, 1), page_text(pdf, int(pdf_info(pdf)["Pages"]))
    assert "Version: 2\n" in first and "Effective date: 2024-09-01" in first
    assert "Version: 2 · Effective date: 2024-09-01" in last.splitlines()  # the running footer
    assert "Not stated" not in first


# --- `policy pdf` ---------------------------------------------------------------


def test_policy_pdf_writes_slug_pdf_in_the_current_folder_by_default(tmp_path, monkeypatch, policy, site_pdf, capsys):
    monkeypatch.chdir(tmp_path)
    assert policy_cli(["pdf", str(ROOT / "policy_src"), "--procedure", policy.metadata.slug]) == 0
    written = tmp_path / pdf_file_name(policy)
    # The very same file as the site's: the PDF is reproducible, byte for byte.
    assert written.read_bytes() == site_pdf.read_bytes()
    assert f"Wrote {pdf_file_name(policy)}" in capsys.readouterr().out


def test_policy_pdf_output_option(tmp_path, policy):
    (tmp_path / "nested").mkdir()  # -o never creates folders (tests/test_cli_hardening.py)
    target = tmp_path / "nested" / "procedure.pdf"
    assert policy_cli(["pdf", str(APPENDIX_C), "-o", str(target)]) == 0
    assert pdf_info(target)["Title"] == document_title(policy)


def test_policy_pdf_reports_bad_input_and_writes_nothing(tmp_path, capsys):
    source = ROOT / "tests" / "fixtures" / "invalid" / "unknown-key"
    assert policy_cli(["pdf", str(source), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"policy\.yaml:\d+:\d+: unknown key \"txet\"", err) and "No PDF was written" in err
    assert list(tmp_path.iterdir()) == []


# --- the site: "Download PDF" on every page, and printing from the browser ------


@pytest.mark.parametrize("path", ["", "check/", "self-assessment/"])
def test_every_page_of_the_procedure_links_its_pdf_and_the_link_resolves(page, site_url, site_pdf, policy, path):
    path = APPENDIX_C_URL + path
    page.goto(site_url + path)
    link = page.locator("a.policy-download__link")
    assert link.count() == 1 and link.is_visible()
    assert link.inner_text().startswith("Download PDF")
    target = link.evaluate("a => a.href")  # resolved by the browser, from this page's depth
    assert target == site_url + site_pdf_path(policy)
    response = page.request.get(target)
    assert response.status == 200 and response.body() == site_pdf.read_bytes()


def test_the_theme_override_templates_are_not_published(built_site):
    assert not (built_site / "overrides").exists()  # mkdocs.yml exclude_docs


CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer",
          ".md-top", ".policy-download"]


@pytest.mark.parametrize("path", ["", "procedures/ap-140-appendix-c-acceptable-use-of-social-media/", "about/"])
def test_printing_a_page_leaves_out_navigation_search_header_and_footer(page, site_url, path):
    page.goto(site_url + path)
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(selector).first.is_visible(), f"{selector} should be on screen (test sanity)"
    page.emulate_media(media="print")
    for selector in CHROME:
        elements = page.locator(selector)
        for i in range(elements.count()):
            assert not elements.nth(i).is_visible(), f"{selector} is printed"
    assert page.locator("article.md-content__inner h1").is_visible()


def test_printing_the_procedure_keeps_clause_numbers_and_kinds(page, site_url, policy):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    page.emulate_media(media="print")
    for clause in policy.clauses:
        heading = page.locator(f"#{clause.anchor}")
        assert heading.is_visible()
        assert heading.inner_text().startswith(f"{policy.metadata.code} {clause.number}")
        if clause.kind_label:
            assert heading.locator(".clause-kind").is_visible()
    assert page.locator(".gap-notice").first.is_visible()


def test_printing_in_the_dark_palette_gives_dark_text_on_white(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    page.emulate_media(media="print", color_scheme="dark")
    colour = page.evaluate("getComputedStyle(document.querySelector('.policy-text')).color")
    assert sum(int(v) for v in re.findall(r"\d+", colour)[:3]) < 150, colour
    context.close()


def test_the_browser_printout_has_the_whole_procedure_and_no_site_chrome(page, site_url, tmp_path):
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
    printout = tmp_path / "procedure-printed.pdf"
    page.pdf(path=str(printout), format="Letter")  # Chromium's own print, print media
    count = int(pdf_info(printout)["Pages"])
    text = join_lines([line for n in range(1, count + 1) for line in page_text(printout, n).splitlines()])
    missing = first_missing_passage(supplied_passages(SUPPLIED_DOCUMENT), text)
    assert missing is None, f"not found in order: {missing[0].text!r}; after: {missing[1]!r}"
    for chrome_text in ("Download PDF", "About this site", "Skip to content", "Back to top"):
        assert chrome_text not in text
    render_pages(printout, ARTIFACTS / "browser-print", 1, 1)

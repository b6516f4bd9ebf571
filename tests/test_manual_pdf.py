"""The whole manual as one PDF (downloads/manual.pdf), and how the PDFs of a
manual are made: in parallel, cached by content.

The manual here is the real one (Appendix C), the reading-only procedure of
tests/fixtures/manual-additions, and a draft, typeset with the real Typst
and read back with poppler and qpdf. The last tests look at the real site.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from conftest import MANUAL, ROOT, SUPPLIED_DOCUMENT
from pdf_tools import (
    QpdfDocument,
    page_text,
    pdf_fonts,
    pdf_info,
    render_pages,
    structure_headings,
    structure_text,
    xmp_metadata,
)
from policy_site.cli import main as policy_cli
from policy_site.common.build_cache import BuildCache
from policy_site.common.problems import ProblemLog
from policy_site.load.manual_folder import read_manual
from policy_site.model.manual import Manual, Procedure
from policy_site.model.policy import Clause
from policy_site.render import pdf as pdf_module
from policy_site.render.pdf import MANUAL_PDF_PATH, PdfError, site_pdf_path, write_manual_pdf, write_site_pdfs
from policy_site.render.pdf_data import manual_title
from supplied_text import first_missing_passage, normalise_space, supplied_passages

pytestmark = pytest.mark.pdf

ADDITIONS = ROOT / "tests" / "fixtures" / "manual-additions"
STUDENT_RECORDS = "ap-220-student-records"
DRAFT = "ap-230-draft-records"
ARTIFACTS = ROOT / "test-artifacts"


def _add_draft(manual_dir: Path) -> None:
    """A copy of Student Records as procedure 230, not yet confirmed (draft: true)."""
    folder = manual_dir / "procedures" / DRAFT
    shutil.copytree(ADDITIONS / STUDENT_RECORDS, folder)
    source = (folder / "policy.yaml").read_text(encoding="utf-8")
    source = source.replace('procedure: "220"', 'procedure: "230"').replace(f"slug: {STUDENT_RECORDS}", f"slug: {DRAFT}")
    source = source.replace("title: Student Records", "title: Draft Records\n  draft: true")
    (folder / "policy.yaml").write_text(source, encoding="utf-8")


@pytest.fixture(scope="module")
def manual(tmp_path_factory) -> Manual:
    source = tmp_path_factory.mktemp("manual") / "policy_src"
    shutil.copytree(MANUAL, source)
    shutil.copytree(ADDITIONS / STUDENT_RECORDS, source / "procedures" / STUDENT_RECORDS)
    _add_draft(source)
    log = ProblemLog()
    loaded = read_manual(source, log)
    assert loaded is not None, log.errors
    assert [p.draft for p in loaded.procedures] == [False, False, True]
    return loaded


@pytest.fixture(scope="module")
def site(manual, tmp_path_factory) -> Path:
    """Every PDF of the manual, written as the site build writes them (2 worker processes)."""
    site_dir = tmp_path_factory.mktemp("site")
    cache = BuildCache(tmp_path_factory.mktemp("cache"))
    write_site_pdfs([p.content.policy for p in manual.procedures], site_dir, cache, workers=2, manual=manual)
    return site_dir


@pytest.fixture(scope="module")
def manual_pdf(site) -> Path:
    pdf = site / MANUAL_PDF_PATH
    assert pdf.is_file()
    return pdf


def published(manual: Manual) -> list[Procedure]:
    return [p for p in manual.procedures if not p.draft]


def test_the_manual_pdf_is_tagged_ua1_titled_in_its_language_with_embedded_fonts(manual_pdf, manual):
    info = pdf_info(manual_pdf)
    assert info["Tagged"] == "yes" and info["PDF version"] == "1.7"
    assert info["Title"] == manual_title(manual) == "Admin Procedures Manual · New Westminster Schools"
    assert info["Author"] == manual.info.district
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp_metadata(manual_pdf))
    assert QpdfDocument(manual_pdf).catalog["/Lang"] == f"u:{manual.info.language}"
    for font in pdf_fonts(manual_pdf):
        assert font["emb"] == "yes" and font["uni"] == "yes" and "DejaVu" in font["name"], font


def test_the_first_page_names_the_manual_lists_the_contents_and_the_drafts_left_out(manual_pdf, manual):
    first = normalise_space(page_text(manual_pdf, 1))
    assert first.startswith(f"{manual.info.district} {manual.info.title} ")
    assert "Every published procedure of the manual, in the manual’s order: 2 procedures." in first
    draft = next(p.content.policy.metadata for p in manual.procedures if p.draft)
    assert "Not included: these procedures are drafts" in first and f"{draft.designation}: {draft.title}" in first
    contents = first[first.index("Contents"):]
    bookmarks = QpdfDocument(manual_pdf).bookmarks
    for procedure, bookmark in zip(published(manual), bookmarks, strict=True):
        meta = procedure.content.policy.metadata
        entry = re.search(rf"{re.escape(meta.designation)}: {re.escape(meta.title)}[ .\u2060]*(\d+)", contents)
        assert entry, f"{meta.designation} is not in the contents"
        assert int(entry.group(1)) == bookmark.page, "the contents give another page than where it starts"


def test_the_contents_entries_are_links_to_each_procedure(manual_pdf, manual):
    on_first_page = [link for link in QpdfDocument(manual_pdf).links if link.page == 1]
    starts = [b.page for b in QpdfDocument(manual_pdf).bookmarks]
    assert [link.target_page for link in on_first_page] == starts


def test_every_published_procedure_is_in_the_pdf_in_order_and_no_draft(manual_pdf, manual):
    document = QpdfDocument(manual_pdf)
    titles = [b.title for b in document.bookmarks]
    expected = [f"{m.designation} {m.title}" for m in (p.content.policy.metadata for p in published(manual))]
    assert titles == expected
    tagged = structure_text(manual_pdf)
    assert "Draft Records" not in tagged.replace(tagged[: tagged.index("Contents")], "")  # only on the title page
    assert "DRAFT" not in tagged
    for procedure in published(manual):
        start = next(b.page for b in document.bookmarks if b.title.endswith(procedure.content.policy.metadata.title))
        assert normalise_space(page_text(manual_pdf, start)).startswith(procedure.content.policy.metadata.designation)


def test_the_manual_has_every_sentence_of_appendix_c_in_order(manual_pdf):
    missing = first_missing_passage(supplied_passages(SUPPLIED_DOCUMENT), structure_text(manual_pdf))
    assert missing is None, f"not found in order: {missing[0].text!r}; after: {missing[1]!r}"


def test_the_bookmarks_list_procedures_sections_and_clauses(manual_pdf, manual):
    bookmarks = QpdfDocument(manual_pdf).bookmarks
    for procedure, bookmark in zip(published(manual), bookmarks, strict=True):
        policy = procedure.content.policy
        sections = [b.title for b in bookmark.kids]
        assert sections[:2] == ["Background", "Definitions"] and sections[-1] == "Changes since the previous version"
        assert len(sections) == len(policy.sections) + 3 + bool(policy.references)
        clauses = [b.title for section in bookmark.kids for _, b in section.walk() if b is not section]
        assert clauses == [f"{c.number} {c.kind_label}" if c.kind_label else c.number for c in policy.clauses]


def test_the_manual_headings_nest_under_its_one_h1(manual_pdf, manual):
    headings = structure_headings(manual_pdf)
    assert [h for h in headings if h[0] == 1] == [(1, manual.info.title)]
    assert (2, "Contents") in headings
    for (before, _), (level, text) in zip(headings, headings[1:]):
        assert level <= before + 1, f"{text!r}: from H{before} to H{level}"
    procedures = [text for level, text in headings if level == 2 and text != "Contents"]
    assert procedures == [f"{m.designation} {m.title}" for m in (p.content.policy.metadata for p in published(manual))]


def test_each_page_has_its_procedure_s_header_and_the_manual_s_page_numbers(manual_pdf, manual):
    count = int(pdf_info(manual_pdf)["Pages"])
    starts = {b.page: b.title for b in QpdfDocument(manual_pdf).bookmarks}
    current = None
    for number in range(1, count + 1):
        lines = page_text(manual_pdf, number).splitlines()
        assert f"Page {number} of {count}" in lines, f"page {number}: no page number"
        if number in starts:
            current = next(p.content.policy.metadata for p in published(manual) if starts[number].endswith(p.content.policy.metadata.title))
            assert current.title not in lines[:1], f"page {number}: a running header above the title block"
        elif current is not None:
            assert lines[0] == current.designation and current.title in lines[1:3], f"page {number}: {lines[:3]}"


def test_see_also_links_lead_to_the_clause_of_the_same_procedure(manual_pdf, manual):
    links = [link for link in QpdfDocument(manual_pdf).links if link.page > 1]
    related = [(p.id, n) for p in published(manual) for c in p.content.policy.clauses for n in c.related]
    assert len(links) == len(related) > 0
    for link, (slug, number) in zip(links, related):
        assert link.destination_name == f"{slug}:{Clause(number, None, None).anchor}"
        assert re.search(rf"^{re.escape(number)} ", page_text(manual_pdf, link.target_page), re.MULTILINE)


def test_the_manual_pdf_pages_are_rendered_for_review(manual_pdf):
    pngs = render_pages(manual_pdf, ARTIFACTS / "manual-pdf", 1, 3)
    assert len(pngs) == 3 and all(png.stat().st_size > 10_000 for png in pngs)


# ---------------------------------------------------------------- many PDFs: parallel, cached


def test_the_site_has_one_pdf_per_procedure_drafts_included_and_the_manual(site, manual):
    for procedure in manual.procedures:
        assert (site / site_pdf_path(procedure.content.policy)).is_file(), procedure.id
    assert sorted(p.name for p in (site / "downloads").iterdir()) == sorted(
        [f"{p.id}.pdf" for p in manual.procedures] + ["manual.pdf"]
    )


def test_an_edit_retypesets_only_its_procedure_and_the_manual(manual, tmp_path, monkeypatch):
    cache = BuildCache(tmp_path / "cache")
    policies = [p.content.policy for p in manual.procedures]
    first = write_site_pdfs(policies, tmp_path / "one", cache, workers=1, manual=manual)
    typeset = []
    real = pdf_module.typeset
    monkeypatch.setattr(pdf_module, "typeset", lambda template, data, path: typeset.append(template.name) or real(template, data, path))
    again = write_site_pdfs(policies, tmp_path / "two", cache, workers=1, manual=manual)
    assert typeset == []  # all from the cache
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in first]

    records = policies[1]
    clause = records.clauses[0]
    edited = dataclasses.replace(records, sections=(dataclasses.replace(
        records.sections[0], entries=(dataclasses.replace(clause, text=clause.text + " Edited."), *records.sections[0].entries[1:])
    ), *records.sections[1:]))
    edited_manual = dataclasses.replace(manual, procedures=tuple(
        dataclasses.replace(p, content=dataclasses.replace(p.content, policy=edited)) if p.content.policy is records else p
        for p in manual.procedures
    ))
    written = write_site_pdfs([policies[0], edited, policies[2]], tmp_path / "three", cache, workers=1, manual=edited_manual)
    assert sorted(typeset) == ["manual.typ", "procedure.typ"]
    assert written[0].read_bytes() == first[0].read_bytes() and written[1].read_bytes() != first[1].read_bytes()
    assert "Edited." in normalise_space(page_text(written[1], 1))
    assert "Edited." in normalise_space(structure_text(written[-1]))


def test_worker_processes_write_the_same_pdfs_as_one_process(manual, site, tmp_path):
    policies = [p.content.policy for p in manual.procedures]
    alone = write_site_pdfs(policies, tmp_path, None, workers=1, manual=manual)
    assert alone[-1] == tmp_path / MANUAL_PDF_PATH
    for path in alone:
        assert path.read_bytes() == (site / path.relative_to(tmp_path)).read_bytes(), path.name


def test_a_procedure_named_manual_would_take_the_manual_s_pdf_and_is_refused(manual, tmp_path):
    policy = manual.procedures[1].content.policy
    clash = dataclasses.replace(policy, metadata=dataclasses.replace(policy.metadata, slug="manual"))
    with pytest.raises(PdfError, match="rename its folder"):
        write_site_pdfs([clash], tmp_path, None, workers=1, manual=manual)
    assert not (tmp_path / "downloads").exists()


def test_a_manual_of_drafts_only_still_has_its_pdf(manual, tmp_path):
    drafts = dataclasses.replace(manual, procedures=tuple(p for p in manual.procedures if p.draft))
    pdf = write_manual_pdf(drafts, tmp_path / "manual.pdf")
    text = normalise_space(page_text(pdf, 1))
    assert "No procedure of the manual is published yet." in text and "Draft Records" in text
    assert int(pdf_info(pdf)["Pages"]) == 1


# ---------------------------------------------------------------- the real site


def test_the_home_page_links_the_manual_pdf(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert (built_site / MANUAL_PDF_PATH).is_file()
    download = re.search(r'<a class="policy-download__link" href="([^"]+)"[^>]*>.*?Download PDF.*?</a>', home, re.DOTALL)
    assert download and download.group(1) == MANUAL_PDF_PATH, "no Download PDF link at the top of the home page"
    assert "(Admin Procedures Manual, every published procedure)" in download.group(0)
    assert re.search(rf'<a href="{re.escape(MANUAL_PDF_PATH)}" type="application/pdf">the manual as one PDF</a>', home)


def test_policy_pdf_manual_writes_the_site_s_manual_pdf(built_site, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert policy_cli(["pdf", str(ROOT / "policy_src"), "--manual"]) == 0
    assert (tmp_path / "manual.pdf").read_bytes() == (built_site / MANUAL_PDF_PATH).read_bytes()
    assert "Wrote manual.pdf" in capsys.readouterr().out
    assert policy_cli(["pdf", str(ROOT / "policy_src"), "--manual"]) == 1  # never replaced without --force
    assert policy_cli(["pdf", str(ROOT / "policy_src"), "--manual", "--procedure", "x"]) == 2

"""What the PDFs trust Typst with, checked on real PDFs read back with poppler.

- The policy is data, never markup: text full of Typst syntax comes out of the
  PDF exactly as written.
- PDF/UA-1 is enforced by the compiler: a document that breaks a rule is
  refused, and no PDF is written.
- The compiler reads nothing but the templates and our fonts: no file
  outside templates/pdf/, no font of the machine, no package (the one thing
  Typst could fetch from the network).
- Drafts say so on every page; a PDF is written whole or not at all.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from pdf_tools import all_text, page_text, pdf_info, structure_headings, structure_text
from policy_site.cli import main as policy_cli
from policy_site.model.policy import Clause, Definition, Definitions, Gap, Metadata, Reference, Section
from policy_site.render import typst_pdf
from policy_site.render.pdf import PdfError, document_title, write_pdf
from policy_site.render.typst_pdf import TEMPLATE_ROOT, compile_pdf, typeset
from supplied_text import normalise_space

pytestmark = pytest.mark.pdf

# Typst markup and code, and the shorthands markup would turn into other
# characters ("--" into an en dash, "..." into an ellipsis, straight quotes
# into curly ones, "~" into a no-break space). In the data, all of it is text.
# (No hyphen before a letter: a line may break there, and pdftotext joins a
# word broken at a hyphen without it.)
HOSTILE = (
    r'#import "x" #read("/etc/hostname") #strong[bold] $x^2$ *star* _under_ @ref <label> '
    r"back\slash \#escaped 1--2 c...d 'single' \"double\" ~tilde `raw` // no_comment /* nor_this */ ] ) }"
)


def hostile_policy(policy):
    """Appendix C with Typst syntax in every kind of text the PDF shows."""
    first = policy.sections[0]
    clause = next(e for e in first.entries if isinstance(e, Clause) and e.text)
    hostile_clause = dataclasses.replace(clause, text=f"Clause: {HOSTILE}", references=(Reference("x", f"Reference: {HOSTILE}"),))
    entries = tuple(hostile_clause if e is clause else e for e in first.entries) + (Gap(f"Note: {HOSTILE}", f"Fragment: {HOSTILE}"),)
    return dataclasses.replace(
        policy,
        metadata=dataclasses.replace(policy.metadata, title=f"Title {HOSTILE}"),
        background=(f"Background: {HOSTILE}",),
        definitions=Definitions((Definition(f"Term{HOSTILE}", f"Definition: {HOSTILE}"),)),
        sections=(dataclasses.replace(first, title=f"Section {HOSTILE}", entries=entries), *policy.sections[1:]),
    )


def test_policy_text_is_printed_literally_never_read_as_typst(policy, tmp_path):
    pdf = write_pdf(hostile_policy(policy), tmp_path / "hostile.pdf")
    text = normalise_space(all_text(pdf))
    for where in ("Title", "Background:", "Definition:", "Section", "Clause:", "Reference:", "Fragment:", "Note:"):
        assert f"{where} {HOSTILE}" in text, f"{where}: not printed as written"
    assert f"Term{HOSTILE} Definition:" in text
    assert pdf_info(pdf)["Title"] == f"{policy.metadata.designation}: Title {HOSTILE}"
    assert f"Clause: {HOSTILE}" in normalise_space(structure_text(pdf))  # what a screen reader gets, too


@pytest.mark.parametrize("source", [
    '#set document(title: "t")\n= One\n=== Three\n',  # a skipped heading level
    "= No document title\n",
])
def test_the_compiler_refuses_what_breaks_pdf_ua_1_and_writes_nothing(tmp_path, source):
    (tmp_path / "bad.typ").write_text(source, encoding="utf-8")
    with pytest.raises(PdfError, match="PDF/UA-1"):
        typeset(tmp_path / "bad.typ", "{}", tmp_path / "out.pdf", root=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.typ"]


def test_every_pdf_is_exported_as_pdf_ua_1():
    assert typst_pdf.PDF_STANDARDS == ["ua-1"]


def test_clause_levels_that_would_skip_a_heading_level_are_kept_consecutive(policy, tmp_path):
    # A sub-sub-clause first in its section (the loader refuses it; the PDF must not depend on that).
    deep = Clause("1.2.3.4", "must", "Deep clause text.")
    section = Section("9", "Deep", False, (deep, Clause("9.1", "may", "Back up.")))
    pdf = write_pdf(dataclasses.replace(policy, sections=(*policy.sections, section)), tmp_path / "deep.pdf")
    headings = structure_headings(pdf)
    assert (2, "9. Deep") in headings and (3, "1.2.3.4 Must") in headings
    for (before, _), (level, text) in zip(headings, headings[1:]):
        assert level <= before + 1, text


@pytest.mark.parametrize(("source", "refusal"), [
    ('#set document(title: "t")\n#read("../outside.txt")\n', "escape the project root"),
    ('#set document(title: "t")\n#read("{outside}")\n', "file not found"),
    ('#set document(title: "t")\n#image("{outside}", alt: "x")\n', "file not found"),
])
def test_a_template_can_read_no_file_outside_its_folder(tmp_path, source, refusal):
    root = tmp_path / "templates"
    root.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (root / "t.typ").write_text(source.replace("{outside}", str(outside)), encoding="utf-8")
    with pytest.raises(PdfError, match=refusal):
        compile_pdf(root / "t.typ", "{}", root=root)


def test_the_machine_s_fonts_are_not_used(tmp_path):
    # DejaVu Serif is installed on this machine (fonts-dejavu-core) but is not in
    # policy_site/render/fonts/: asking for it is a warning, which stops the PDF.
    (tmp_path / "t.typ").write_text('#set document(title: "t")\n#set text(font: "DejaVu Serif")\nText\n', encoding="utf-8")
    with pytest.raises(PdfError, match="unknown font family"):
        compile_pdf(tmp_path / "t.typ", "{}", root=tmp_path)


def test_the_templates_import_only_each_other_and_read_data_only_from_sys_inputs():
    templates = sorted(TEMPLATE_ROOT.glob("*.typ"))
    assert {t.name for t in templates} == {"policy.typ", "procedure.typ", "manual.typ"}
    for template in templates:
        source = template.read_text(encoding="utf-8")
        code = "\n".join(line.split("//")[0] for line in source.splitlines())  # comments may name anything
        for imported in re.findall(r'(?:import|include)\s+"([^"]*)"', code):
            # "@preview/...": a package, which Typst would download.
            assert not imported.startswith("@") and (TEMPLATE_ROOT / imported).is_file(), f"{template.name}: {imported}"
        assert not re.search(r"\b(eval|read|image|plugin|yaml|csv|xml|toml|cbor)\(", code), template.name
        assert re.findall(r"\bjson\([^)]*\)*", code) in ([], ["json(bytes(sys.inputs.data))"]), template.name


def test_a_draft_says_draft_on_its_first_page_and_every_other(policy, tmp_path):
    draft = dataclasses.replace(policy, metadata=dataclasses.replace(policy.metadata, draft=True))
    pdf = write_pdf(draft, tmp_path / "draft.pdf")
    pages = int(pdf_info(pdf)["Pages"])
    assert pages >= 2
    assert "Draft. This procedure was imported and has not yet been confirmed by an editor." in normalise_space(page_text(pdf, 1))
    for number in range(1, pages + 1):
        lines = page_text(pdf, number).splitlines()
        assert any(line.startswith("DRAFT · Version:") for line in lines), f"page {number}: no DRAFT in the footer"
        if number > 1:
            assert f"DRAFT · {policy.metadata.title}" in lines, f"page {number}: no DRAFT in the header"


def test_a_pdf_is_the_same_file_every_time(policy, tmp_path):
    assert write_pdf(policy, tmp_path / "a.pdf").read_bytes() == write_pdf(policy, tmp_path / "b.pdf").read_bytes()


def test_the_title_is_set_for_a_procedure_without_a_version(policy, tmp_path):
    bare = dataclasses.replace(policy, metadata=Metadata(
        district="D", manual="M", procedure="1", title="T", slug="t", language="fr-CA",
    ))
    pdf = write_pdf(bare, tmp_path / "bare.pdf")
    assert pdf_info(pdf)["Title"] == document_title(bare) == "Administrative Procedure 1: T"
    assert "Version: Not stated in the supplied document" in page_text(pdf, 1)


def test_an_interrupted_pdf_leaves_the_old_file_whole(tmp_path, monkeypatch, capsys):
    from conftest import APPENDIX_C

    def interrupted(partial, path):
        assert partial.read_bytes().startswith(b"%PDF-")  # the whole new PDF was beside it
        raise KeyboardInterrupt

    monkeypatch.setattr(typst_pdf, "_finish", interrupted)
    target = tmp_path / "procedure.pdf"
    target.write_bytes(b"the complete old PDF")
    assert policy_cli(["pdf", str(APPENDIX_C), "-o", str(target), "--force"]) == 130
    assert target.read_bytes() == b"the complete old PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["procedure.pdf"]
    assert "interrupted" in capsys.readouterr().err


def test_a_refused_pdf_names_the_rule_and_the_template_line(tmp_path):
    (tmp_path / "bad.typ").write_text('#set document(title: "t")\n= One\n=== Three\n', encoding="utf-8")
    with pytest.raises(PdfError) as refused:
        compile_pdf(tmp_path / "bad.typ", "{}", root=tmp_path)
    message = str(refused.value)
    assert "skipped from heading level 1 to 3" in message and "bad.typ:3" in message


def test_a_clause_heading_copies_as_one_line_number_and_kind(policy, tmp_path):
    pdf = write_pdf(policy, tmp_path / "procedure.pdf")
    lines = [line for number in range(1, int(pdf_info(pdf)["Pages"]) + 1) for line in page_text(pdf, number).splitlines()]
    for clause in policy.clauses:
        if clause.kind_label:
            assert f"{clause.number} {clause.kind_label}" in lines, clause.number

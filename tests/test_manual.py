"""The manual: many procedures in one site, added with `policy add`, published
when confirmed.

One site is built for the module: a copy of the real manual (Appendix C), the
reading-only procedure in tests/fixtures/manual-additions, and every import
fixture added with `policy add` as a draft. Each test then looks at that site
as a reader (or a browser) would.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import APPENDIX_C, APPENDIX_C_URL, MANUAL, ROOT, serving, wait_for_js
from pdf_tools import page_text, pdf_info
from policy_site.cli import main as policy_cli
from policy_site.common.problems import ProblemLog
from policy_site.load.manual_folder import load_manual, read_manual
from policy_site.load.warnings import add_manual_warnings
from policy_site.mkdocs_plugin.build import BuildFailed, build_site
from projects import make_project
from test_search import search, search_results

FIXTURES = ROOT / "tests" / "fixtures"
ADDITIONS = FIXTURES / "manual-additions"
IMPORT_FIXTURES = sorted(p for p in (FIXTURES / "import").iterdir() if (p / "source.txt").is_file())
STUDENT_RECORDS = "ap-220-student-records"
SERIES = "series:\n  - {number: 100, name: General Administration}\n  - {number: 200, name: Students}\n"


def imported_id(fixture: Path) -> str:
    return f"imported-{fixture.name}"


@pytest.fixture(scope="module")
def manual_project(tmp_path_factory) -> Path:
    """A copy of the project whose manual has three kinds of procedure; returns its folder."""
    root = tmp_path_factory.mktemp("manual")
    make_project(root, MANUAL)
    manual = root / "policy_src"
    (manual / "manual.yaml").write_text((manual / "manual.yaml").read_text(encoding="utf-8") + SERIES, encoding="utf-8")
    shutil.copytree(ADDITIONS / STUDENT_RECORDS, manual / "procedures" / STUDENT_RECORDS)
    for fixture in IMPORT_FIXTURES:
        code = policy_cli(["add", str(fixture / "source.txt"), "--manual", str(manual), "--id", imported_id(fixture)])
        assert code == 0, fixture.name
    return root


@pytest.fixture(scope="module")
def manual_site(manual_project) -> Path:
    return build_site(manual_project / "mkdocs.yml")


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


class _Rows(HTMLParser):
    """The text of each cell of each row of the home page's procedure tables."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.inside = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "procedure-list") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


# ---------------------------------------------------------------- the manual's pages


def test_the_home_page_lists_every_procedure_with_number_title_status_and_version(manual_site):
    parser = _Rows()
    parser.feed(html(manual_site, ""))
    rows = [row for row in parser.rows if row]
    by_title = {row[1]: row for row in rows}
    assert by_title["Acceptable Use of Social Media"][:4] == [
        "Administrative Procedure 140 - Appendix C", "Acceptable Use of Social Media",
        "Published, incomplete as supplied", "As supplied, recorded 2026-11-29",
    ]
    assert by_title["Student Records"][0] == "Administrative Procedure 220"
    assert by_title["Student Records"][4] == "Reading only"
    assert len(rows) == 2 + len(IMPORT_FIXTURES)
    assert sum(row[2].startswith("Draft") for row in rows) == len(IMPORT_FIXTURES)


def test_the_site_is_named_by_the_manual_not_mkdocs_yml(manual_site):
    assert "<title>Home - Admin Procedures Manual · New Westminster Schools</title>" in html(manual_site, "")


def test_the_navigation_groups_procedures_by_the_district_s_series(manual_site):
    page = html(manual_site, "")
    series_100, series_200 = page.find("100 – General Administration"), page.find("200 – Students")
    assert 0 < series_100 < page.find("140-C Acceptable Use of Social Media") < series_200 < page.find("220 Student Records")


def test_each_procedure_has_its_own_page_and_pdf_and_engine_pages_only_when_it_has_questions_or_rules(manual_site):
    manual = load_manual(manual_site.parent / "policy_src")
    for procedure in manual.procedures:
        folder = manual_site / "procedures" / procedure.id
        assert (folder / "index.html").is_file(), procedure.id
        assert (folder / "self-assessment" / "index.html").is_file() == procedure.has_quiz, procedure.id
        assert (folder / "check" / "index.html").is_file() == procedure.has_checker, procedure.id
        pdf = manual_site / "downloads" / f"{procedure.id}.pdf"
        assert pdf_info(pdf)["Title"].endswith(procedure.content.policy.metadata.title), procedure.id
    assert not (manual_site / "procedures" / STUDENT_RECORDS / "self-assessment").exists()


def test_every_page_of_a_procedure_links_its_own_pdf(manual_site):
    records = html(manual_site, f"procedures/{STUDENT_RECORDS}")
    assert 'href="../../downloads/ap-220-student-records.pdf"' in records
    assert 'href="../../../downloads/ap-140-appendix-c-acceptable-use-of-social-media.pdf"' in html(manual_site, f"{APPENDIX_C_URL}check")


def test_a_mention_of_a_published_procedure_becomes_a_link_and_others_stay_text(manual_site):
    page = html(manual_site, f"procedures/{STUDENT_RECORDS}")
    link = f'<a class="procedure-mention" href="../{APPENDIX_C.name}/">Administrative Procedure 140 - Appendix C</a>'
    assert page.count(link) == 2  # in the background and in clause 1.10.2
    assert "Administrative Procedure 999" in page and 'procedure-mention" href="../ap-999' not in page


def test_policy_check_lists_the_mentions_it_could_not_resolve(manual_project):
    log = ProblemLog()
    add_manual_warnings(read_manual(manual_project / "policy_src", log), log)
    unresolved = [str(w) for w in log.warnings if "which is not in this manual" in w.message]
    # Appendix C names Appendices A and B, which are not in the manual; Student
    # Records names Procedure 999. Procedure 140 itself came in with `policy add`.
    assert any('"Appendix A"' in w and "ap-140-appendix-c" in w for w in unresolved)
    assert any('"Administrative Procedure 999"' in w and STUDENT_RECORDS in w for w in unresolved)
    assert not any('"Administrative Procedure 140' in w for w in unresolved)


def test_each_clause_of_every_procedure_is_its_own_search_entry(manual_site):
    index = json.loads((manual_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for procedure in load_manual(manual_site.parent / "policy_src").procedures:
        for clause in procedure.content.policy.clauses:
            assert f"procedures/{procedure.id}/#{clause.anchor}" in locations, (procedure.id, clause.number)


def test_search_by_procedure_code_and_clause_number_finds_that_procedure_s_clause(manual_site, page):
    # Both procedures have a clause 1.10.2: the code decides which is found first.
    def first_clause(query: str) -> str:
        search(page, url, query)
        # Material searches as each key is typed: wait for the results of the whole query.
        highlight = "h=" + query.replace("-", "+").replace(" ", "+").lower()
        wait_for_js(page, "h => [...document.querySelectorAll('.md-search-result__link')].some(a => a.href.includes(h))", highlight)
        return next(u for u in search_results(page) if "#clause-" in u)

    with serving(manual_site) as url:
        assert first_clause("140-C 1.10.2") == f"{url}{APPENDIX_C_URL}#clause-1-10-2"
        assert first_clause("220 1.10.2") == f"{url}procedures/{STUDENT_RECORDS}/#clause-1-10-2"


# ---------------------------------------------------------------- drafts


def test_a_draft_is_published_behind_a_banner_and_kept_out_of_search_engines(manual_site):
    for fixture in IMPORT_FIXTURES:
        page = html(manual_site, f"procedures/{imported_id(fixture)}")
        assert 'class="draft-banner"' in page and "<strong>Draft.</strong>" in page, fixture.name
        assert '<meta name="robots" content="noindex">' in page, fixture.name
    published = html(manual_site, APPENDIX_C_URL)
    assert "draft-banner" not in published and "noindex" not in published


def test_a_draft_pdf_says_draft_on_every_page(manual_site):
    pdfs = [manual_site / "downloads" / f"{imported_id(fixture)}.pdf" for fixture in IMPORT_FIXTURES]
    pdf = max(pdfs, key=lambda path: int(pdf_info(path)["Pages"]))
    pages = int(pdf_info(pdf)["Pages"])
    assert pages >= 2
    assert "Draft." in page_text(pdf, 1)  # the banner; the running header from page 2 on
    assert all("DRAFT" in page_text(pdf, number) for number in range(2, pages + 1))


def test_removing_the_draft_mark_with_todo_marks_left_fails_the_build_at_their_lines(manual_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(manual_project, project, ignore=shutil.ignore_patterns("site", ".cache"))
    policy_file = project / "policy_src" / "procedures" / imported_id(IMPORT_FIXTURES[0]) / "policy.yaml"
    text = policy_file.read_text(encoding="utf-8")
    assert "  draft: true\n" in text
    policy_file.write_text(text.replace("  draft: true\n", ""), encoding="utf-8")
    todo_lines = [n for n, line in enumerate(policy_file.read_text(encoding="utf-8").splitlines(), 1)
                  if "TODO" in line and not line.lstrip().startswith("#")]
    guessed = [n for n, line in enumerate(policy_file.read_text(encoding="utf-8").splitlines(), 1) if "kind_guessed: true" in line]
    assert todo_lines or guessed, "the fixture should leave something to confirm"
    with pytest.raises(BuildFailed) as failed:
        build_site(project / "mkdocs.yml")
    message = str(failed.value)
    where = f"procedures/{imported_id(IMPORT_FIXTURES[0])}/policy.yaml"
    for line in todo_lines:
        assert re.search(rf"{re.escape(where)}:{line}:\d+: TODO mark left", message), (line, message)
    assert (" was guessed by `policy import`" in message) == bool(guessed)
    assert not (project / "site").exists() or (project / "site" / "index.html").is_file()


def test_policy_add_writes_the_supplied_file_verbatim_and_refuses_to_overwrite(manual_project, capsys):
    fixture = IMPORT_FIXTURES[0]
    folder = manual_project / "policy_src" / "procedures" / imported_id(fixture)
    assert (folder / "supplied" / "source.txt").read_bytes() == (fixture / "source.txt").read_bytes()
    capsys.readouterr()
    assert policy_cli(["add", str(fixture / "source.txt"), "--manual", str(manual_project / "policy_src"),
                       "--id", imported_id(fixture)]) == 1
    assert "already exists" in capsys.readouterr().err


# ---------------------------------------------------------------- what each procedure may refer to


def _manual_with(tmp_path: Path, procedure: Path) -> Path:
    shutil.copytree(MANUAL, tmp_path / "policy_src")
    shutil.copytree(procedure, tmp_path / "policy_src" / "procedures" / procedure.name)
    return tmp_path / "policy_src"


def test_questions_can_only_cite_their_own_procedure_s_clauses(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(ADDITIONS / STUDENT_RECORDS, records / STUDENT_RECORDS)
    # Clause 2.3 exists in Appendix C only.
    (records / STUDENT_RECORDS / "questions.yaml").write_text(
        "questions:\n  - id: q1\n    type: true_false\n    cites: [\"2.3\"]\n    prompt: P?\n    answer: true\n    explanation: E.\n",
        encoding="utf-8",
    )
    log = ProblemLog()
    assert read_manual(_manual_with(tmp_path, records / STUDENT_RECORDS), log) is None
    assert any("questions.yaml" in str(p) and "2.3" in p.message for p in log.errors), [str(p) for p in log.errors]


def test_a_folder_named_unlike_its_slug_and_a_procedure_added_twice_are_errors(tmp_path):
    renamed = tmp_path / "renamed" / "records"
    shutil.copytree(ADDITIONS / STUDENT_RECORDS, renamed)
    log = ProblemLog()
    read_manual(_manual_with(tmp_path / "a", renamed), log)
    assert [p.message for p in log.errors] == [
        'metadata.slug is "ap-220-student-records" but the folder is named "records"; the folder name is the '
        "procedure's URL, so rename the folder or change the slug to match"
    ]
    twice = tmp_path / "twice" / "ap-140-c-copy"
    shutil.copytree(APPENDIX_C, twice)
    policy_file = twice / "policy.yaml"
    policy_file.write_text(policy_file.read_text(encoding="utf-8").replace(
        "slug: ap-140-appendix-c-acceptable-use-of-social-media", "slug: ap-140-c-copy"), encoding="utf-8")
    log = ProblemLog()
    read_manual(_manual_with(tmp_path / "b", twice), log)
    assert any("Administrative Procedure 140 - Appendix C is also procedures/" in p.message for p in log.errors)


# ---------------------------------------------------------------- the addresses before the manual


@pytest.mark.parametrize("old, new", [
    ("procedure/#clause-1-10-2", f"{APPENDIX_C_URL}#clause-1-10-2"),
    ("self-assessment/", f"{APPENDIX_C_URL}self-assessment/"),
    ("check/#account=personal", f"{APPENDIX_C_URL}check/#account=personal"),
])
def test_the_old_single_procedure_addresses_lead_to_the_new_ones_anchor_and_all(page, site_url, old, new):
    page.goto(site_url + old)
    page.wait_for_url(site_url + new)
    if "#clause" in new:
        assert page.locator("#clause-1-10-2").is_visible()


def test_the_old_addresses_are_kept_out_of_search_and_say_where_the_page_went(built_site):
    moved = html(built_site, "procedure")
    assert f'href="../{APPENDIX_C_URL}"' in moved
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith(("procedure/", "check/", "self-assessment/"))]


def test_policy_add_refuses_a_procedure_the_manual_already_has(manual_project, capsys):
    fixture = FIXTURES / "import" / "word-crlf"  # Administrative Procedure 141 - Appendix A, added above
    assert policy_cli(["add", str(fixture / "source.txt"), "--manual", str(manual_project / "policy_src"), "--id", "again"]) == 1
    assert "Administrative Procedure 141 - Appendix A is already in the manual" in capsys.readouterr().err
    assert not (manual_project / "policy_src" / "procedures" / "again").exists()

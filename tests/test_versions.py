"""Versions: `policy release`, what changed clause by clause, the "What
changed" page and feed, immutable releases, and the re-assessment of only
what changed.

The procedure in tests/fixtures/versions has three versions (see its
README): each test releases them in turn with the real `policy release`.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import APPENDIX_C_URL, CHROMIUM, CHROMIUM_ARGS, ROOT, serving, wait_for_js
from policy_site.cli import main as policy_cli
from policy_site.common.problems import ProblemLog
from policy_site.load.manual_folder import load_manual, read_manual
from policy_site.mkdocs_plugin.build import build_site
from policy_site.model.history import History
from policy_site.render.feed import atom_feed
from policy_site.render.pages import render_changes, render_procedure
from projects import FIXTURE_MANUAL, make_project
from quiz.bundle import read_bundle
from quiz.reassessment import reassessment_plan

VERSIONS = ROOT / "tests" / "fixtures" / "versions"
SLUG = "ap-900-care-of-district-devices"
ATOM = "{http://www.w3.org/2005/Atom}"


def release_versions(manual: Path, count: int) -> Path:
    """Release v1 … v``count`` of the fixture in turn into ``manual``; returns the procedure's folder."""
    folder = manual / "procedures" / SLUG
    folder.mkdir(parents=True, exist_ok=True)
    if not (manual / "manual.yaml").exists():
        shutil.copy(FIXTURE_MANUAL, manual / "manual.yaml")
    for number in range(1, count + 1):
        for name in ("policy.yaml", "questions.yaml"):
            shutil.copy(VERSIONS / f"v{number}" / name, folder / name)
        effective = ["--effective", "2027-01-01"] if number == 2 else []
        assert policy_cli(["release", f"Version {number}", "--manual", str(manual), *effective]) == 0
    return folder


@pytest.fixture(scope="module")
def three_versions(tmp_path_factory) -> Path:
    manual = tmp_path_factory.mktemp("versions") / "policy_src"
    release_versions(manual, 3)
    return manual


def procedure(manual: Path):
    return load_manual(manual).by_id[SLUG]


def facts(changes) -> set[tuple]:
    return {(c.kind, c.part, c.number, c.old_number) for c in changes}


# ---------------------------------------------------------------- clause by clause


def test_each_kind_of_change_is_found_clause_by_clause(three_versions):
    (_, first), (_, second), (_, third) = History(procedure(three_versions)).by_release
    assert first == ()
    assert facts(second) == {
        ("reworded", "clause", "1.2", "1.2"), ("kind", "clause", "1.2", "1.2"),
        ("gap-filled", "clause", "1.3", "1.3"),
        ("added", "clause", "1.4", None), ("added", "clause", "2.1", None),
        ("renumbered", "clause", "2.2", "2.1"), ("renumbered", "clause", "2.3", "2.2"),
        ("gap-filled", "definitions", None, None), ("added", "definition", None, None),
        ("reworded", "section title", "2", "2"),
    }
    assert facts(third) == {
        ("reworded", "clause", "1.4", "1.4"), ("renumbered", "clause", "3.1", "2.2"),
        ("removed", "clause", "2.3", "2.3"), ("added", "section title", "3", None),
    }
    kind = next(c for c in second if c.kind == "kind")
    assert (kind.old_kind, kind.new_kind) == ("Recommended", "Must")


def test_a_rewording_is_a_word_diff(three_versions):
    (_, _), (_, second), _ = History(procedure(three_versions)).by_release
    reworded = next(c for c in second if c.kind == "reworded" and c.number == "1.2")
    runs = [(run.op, run.text) for run in reworded.words]
    assert ("delete", "should") in runs and ("insert", "must") in runs and ("insert", "district") in runs
    assert " ".join(t for op, t in runs if op != "delete") == "Staff must use a strong passphrase for every district account."
    assert " ".join(t for op, t in runs if op != "insert") == "Staff should use a strong passphrase for every account."


class _Changes(HTMLParser):
    """data-change / data-clause of each change, and the text inside each <ins> and <del>."""

    def __init__(self):
        super().__init__()
        self.changes, self.marked, self._open = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-change" in attrs:
            self.changes.append((attrs["data-change"], attrs.get("data-clause")))
        if tag in ("ins", "del"):
            self._open.append([tag, ""])

    def handle_endtag(self, tag):
        if tag in ("ins", "del") and self._open:
            self.marked.append(tuple(self._open.pop()))

    def handle_data(self, data):
        for item in self._open:
            item[1] += data


def test_the_changes_page_lists_versions_newest_first_each_change_marked_and_readable_without_colour(three_versions):
    page = render_changes(procedure(three_versions), show_unreleased=False)
    assert page.index("## Version 3") < page.index("## Version 2") < page.index("## Version 1")
    assert "Effective date: 2027-01-01" in page and "Effective date: not stated by the district" in page
    assert "This is the first recorded version. There are no earlier versions to compare it with." in page
    parsed = _Changes()
    parsed.feed(page)
    assert {("renumbered", "3.1"), ("removed", "2.3"), ("gap-filled", "1.3"), ("kind", "1.2"), ("added", "1.4")} <= set(parsed.changes)
    assert {kind for kind, _ in parsed.changes} == {"added", "removed", "reworded", "renumbered", "kind", "gap-filled"}
    # A screen reader hears which words went and which came; a reader sees a strike or an underline.
    assert ("del", "[deleted: should]") in parsed.marked and ("ins", "[inserted: must]") in parsed.marked
    assert all(re.fullmatch(r"\[(deleted|inserted): .+\]", text) for _, text in parsed.marked)


def test_renumbered_clauses_keep_their_old_anchors_where_no_clause_took_them(three_versions):
    current = procedure(three_versions)
    # 3.1 was 2.2 in version 2 and 2.1 in version 1; 2.1 is taken by a new clause.
    assert History(current).aliases["3.1"] == ("2.2",)
    manual = load_manual(three_versions)
    page = render_procedure(manual, manual.by_id[SLUG])
    assert '<div id="clause-2-2" class="anchor-alias" data-alias-of="3.1"></div>' in page
    # 2.1 is a clause again (a new one), so its anchor leads to that clause, not to the moved one.
    assert 'id="clause-2-1" class="anchor-alias"' not in page


def test_changed_clauses_are_marked_with_the_version_that_changed_them(three_versions):
    manual = load_manual(three_versions)
    last = {number: release.label for number, (release, _) in History(manual.by_id[SLUG]).last_changed.items()}
    # 1.1 never changed; 1.4 and 3.1 (moved from 2.2) changed again in version 3.
    assert last == {"1.2": "Version 2", "1.3": "Version 2", "2.1": "Version 2", "1.4": "Version 3", "3.1": "Version 3"}
    page = render_procedure(manual, manual.by_id[SLUG])
    assert page.count("Changed in Version 2") == 3 and page.count("Changed in Version 3") == 2
    assert re.search(r'<a href="changes/#release-3-\d+">Changed in Version 3</a>', page)


def test_the_version_shown_is_the_latest_release_or_says_the_text_changed_since(three_versions, tmp_path):
    meta = procedure(three_versions).content.policy.metadata
    assert (meta.version, meta.effective_date) == ("Version 3", None)
    edited = tmp_path / "policy_src"
    shutil.copytree(three_versions, edited)
    policy_file = edited / "procedures" / SLUG / "policy.yaml"
    policy_file.write_text(policy_file.read_text().replace("keep district devices updated", "keep devices updated"))
    current = procedure(edited)
    assert current.content.policy.metadata.version == "Version 3, with unreleased changes"
    assert [(c.kind, c.number) for c in History(current).unreleased] == [("reworded", "2.1")]
    assert "## Unreleased changes" in render_changes(current, show_unreleased=True)
    assert "Unreleased changes" not in render_changes(current, show_unreleased=False)


# ---------------------------------------------------------------- releases never change


def test_an_edited_release_fails_the_check_at_the_clause_that_changed(three_versions, tmp_path):
    copy = tmp_path / "policy_src"
    shutil.copytree(three_versions, copy)
    release = next((copy / "procedures" / SLUG / "releases").glob("001-*.yaml"))
    lines = release.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "Staff should use a strong passphrase" in text)
    lines[line - 1] = lines[line - 1].replace("strong passphrase", "good passphrase")
    release.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = ProblemLog()
    assert read_manual(copy, log) is None
    (problem,) = log.errors
    assert problem.location.path.endswith(f"procedures/{SLUG}/releases/{release.name}")
    assert problem.location.line == line - 2  # the clause's number, two lines above its text
    assert problem.message.startswith('clause 1.2 was changed after it was released as "Version 1"; a released version never changes')


def test_policy_release_refuses_an_unchanged_text_a_repeated_label_and_a_bad_date(three_versions, tmp_path, capsys):
    copy = tmp_path / "policy_src"
    shutil.copytree(three_versions, copy)
    assert policy_cli(["release", "Version 4", "--manual", str(copy)]) == 1
    assert "has not changed since" in capsys.readouterr().err
    policy_file = copy / "procedures" / SLUG / "policy.yaml"
    policy_file.write_text(policy_file.read_text().replace("keep district devices updated", "keep devices updated"))
    assert policy_cli(["release", "Version 3", "--manual", str(copy)]) == 1
    assert 'already has a release "Version 3"' in capsys.readouterr().err
    assert policy_cli(["release", "Version 4", "--effective", "2027-13-01", "--manual", str(copy)]) == 2
    assert policy_cli(["release", "Version 4", "--effective", "2027-09-01", "--manual", str(copy)]) == 0
    assert procedure(copy).content.policy.metadata.effective_date == "2027-09-01"


# ---------------------------------------------------------------- the feed


def test_the_atom_feed_is_xml_with_one_entry_per_release(three_versions):
    feed = ET.fromstring(atom_feed(load_manual(three_versions)))
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text.rsplit(": ", 1)[1] for e in entries] == ["Version 3", "Version 2", "Version 1"]
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 3
    assert entries[1].find(f"{ATOM}link").get("href") == f"procedures/{SLUG}/changes/#release-2"
    assert "Effective 2027-01-01." in entries[1].find(f"{ATOM}summary").text
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None


# ---------------------------------------------------------------- the re-assessment, in the engine


def test_the_engine_plans_a_reassessment_of_only_the_questions_on_changed_clauses(three_versions, tmp_path):
    manual = tmp_path / "policy_src"
    release_versions(manual, 2)
    from policy_site.engine_assets.bundle import make_bundle

    current = procedure(manual)
    bundle = read_bundle(make_bundle(current.content, "../", History(current)).to_json())
    version_1 = current.releases[0]
    plan = reassessment_plan(bundle, version_1.fingerprint)
    assert plan["status"] == "changed" and (plan["from"], plan["to"]) == ("Version 1", "Version 2")
    assert set(plan["changed"]) == {"1.2", "1.3", "1.4", "2.1"}  # not 1.1 (unchanged), nor 2.2 (renumbered only)
    assert plan["questions"] == ["q-passphrase", "q-lost", "q-share", "q-update"]
    assert reassessment_plan(bundle, current.releases[1].fingerprint) == {"status": "current"}
    assert reassessment_plan(bundle, "a-text-never-released") == {"status": "unknown"}


def test_no_short_reassessment_when_no_changed_clause_has_a_question(tmp_path):
    manual = tmp_path / "policy_src"
    folder = release_versions(manual, 2)
    # Only the unquestioned clause 2.2 changes its words in version 3.
    text = (folder / "policy.yaml").read_text().replace("home overnight", "home overnight and at weekends")
    (folder / "policy.yaml").write_text(text)
    assert policy_cli(["release", "Version 3", "--manual", str(manual)]) == 0
    from policy_site.engine_assets.bundle import make_bundle

    current = procedure(manual)
    bundle = read_bundle(make_bundle(current.content, "../", History(current)).to_json())
    plan = reassessment_plan(bundle, current.releases[1].fingerprint)
    assert plan["status"] == "no_questions" and plan["changed"] == ["2.2"] and plan["questions"] == []


# ---------------------------------------------------------------- the site


def test_the_published_site_shows_appendix_c_s_first_recorded_version_honestly(built_site):
    procedure_page = (built_site / APPENDIX_C_URL / "index.html").read_text(encoding="utf-8")
    assert "<dt>Version</dt><dd>As supplied, recorded 2026-11-29</dd>" in procedure_page
    changes = (built_site / APPENDIX_C_URL / "changes" / "index.html").read_text(encoding="utf-8")
    assert "There are no earlier versions to compare it with." in changes
    feed = ET.fromstring((built_site / "changes.xml").read_text(encoding="utf-8"))
    assert len(feed.findall(f"{ATOM}entry")) == 1
    assert '<link rel="alternate" type="application/atom+xml"' in procedure_page
    check = (built_site / APPENDIX_C_URL / "check" / "index.html").read_text(encoding="utf-8")
    assert "Answers come from Administrative Procedure 140 - Appendix C, version: As supplied, recorded 2026-11-29." in check


def _build(project: Path, versions: int, tmp: Path) -> Path:
    """The fixture procedure released ``versions`` times, built as the project's only procedure."""
    manual = project / "policy_src"
    shutil.rmtree(manual, ignore_errors=True)
    release_versions(manual, versions)
    return build_site(project / "mkdocs.yml", tmp / f"site-v{versions}")


def _pass(page, base: str, bundle_file: Path) -> None:
    """Answer every question shown correctly and make the completion record."""
    bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
    right = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in bundle["questions"]}
    wait_for_js(page, "() => document.querySelector('#quiz').dataset.engine === 'ready'")
    for fieldset in page.locator("fieldset[data-question-id]").all():
        if fieldset.is_visible():
            for choice in right[fieldset.get_attribute("data-question-id")]:
                fieldset.locator(f'input[value="{choice}"]').check()
    page.locator(".quiz-submit").click()
    page.wait_for_selector("#completion:not([hidden])")
    page.fill("#completion-name", "A. Teacher")
    page.click("#completion-form button[type=submit]")
    page.wait_for_selector("#completion-record:not([hidden])")


def test_after_a_pass_of_version_1_version_2_offers_a_reassessment_of_what_changed(browser, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    make_project(project, VERSIONS / "v1")  # the site's files; the manual is replaced below
    served = tmp_path / "served"
    site = _build(project, 1, tmp_path)
    shutil.copytree(site, served)
    quiz = f"procedures/{SLUG}/self-assessment/"
    with serving(served) as url:
        profile = tmp_path / "profile"  # a persistent profile: localStorage survives the browser closing

        def browser_page():
            # Another Chromium, on the session's Playwright: a persistent context is a browser of its own.
            context = browser.browser_type.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            return context, context.new_page()

        context, page = browser_page()
        page.goto(url + quiz)
        _pass(page, url, site / "assets" / "engine" / "bundles" / f"{SLUG}.json")
        assert "Version 1" in page.locator("#completion-record").inner_text()
        context.close()

        site = _build(project, 2, tmp_path)
        shutil.rmtree(served)
        shutil.copytree(site, served)
        context, page = browser_page()
        page.goto(url + quiz)
        offer = page.locator("#reassessment")
        offer.wait_for(state="visible")
        text = offer.inner_text()
        assert "You passed “Version 1” on" in text and "changed to “Version 2”: 4 clauses changed" in text
        assert [a.inner_text() for a in offer.locator(".reassessment__changed a").all()] == [
            "Clause 1.2", "Clause 1.3", "Clause 1.4", "Clause 2.1"]
        offer.get_by_role("button", name="Re-assess the changes (4 questions)").click()
        wait_for_js(page, "() => [...document.querySelectorAll('.quiz-question')].filter(q => !q.hidden).length === 4")
        assert page.locator("#question-q-lock").is_hidden()  # 1.1 did not change
        _pass(page, url, site / "assets" / "engine" / "bundles" / f"{SLUG}.json")
        record = page.locator("#completion-record").inner_text()
        assert "Re-assessed on changes between “Version 1” and “Version 2”" in record
        assert "4 of 4" in record
        context.close()


@pytest.fixture(scope="module")
def versions_site(three_versions, tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("versions-project")
    make_project(project, VERSIONS / "v1")
    shutil.rmtree(project / "policy_src")
    shutil.copytree(three_versions, project / "policy_src")
    return build_site(project / "mkdocs.yml")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_changes_page_and_the_marks_have_no_axe_violations(browser, versions_site, scheme):
    from test_accessibility import axe_violations

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    with serving(versions_site) as url:
        for path in (f"procedures/{SLUG}/changes/", f"procedures/{SLUG}/"):
            page.goto(url + path)
            assert axe_violations(page) == [], path
        # The word diff is struck through and underlined, not only coloured.
        page.goto(url + f"procedures/{SLUG}/changes/")
        styles = page.evaluate("""() => ['del', 'ins'].map(tag =>
            getComputedStyle(document.querySelector('.word-diff ' + tag)).textDecorationLine)""")
        assert styles == ["line-through", "underline"]
        # An old link to a renumbered clause lands on it.
        page.goto(url + f"procedures/{SLUG}/#clause-2-2")
        in_view = page.evaluate("""() => { const r = document.getElementById('clause-3-1').getBoundingClientRect();
                                          return window.scrollY > 0 && r.top >= 0 && r.bottom <= innerHeight; }""")
        assert in_view
    context.close()


def test_the_pdf_shows_the_version_on_every_page_and_ends_with_the_changes_since_the_previous_one(three_versions, tmp_path):
    from pdf_tools import page_text, pdf_info

    target = tmp_path / "v3.pdf"
    assert policy_cli(["pdf", str(three_versions), "-o", str(target)]) == 0
    pages = int(pdf_info(target)["Pages"])
    assert all("Version: Version 3 · Effective date: not stated" in page_text(target, n) for n in range(1, pages + 1))
    text = " ".join(page_text(target, n) for n in range(1, pages + 1))
    ending = text[text.index("Changes since the previous version"):]
    assert "Changes from “Version 2” to “Version 3”, clause by clause:" in ending
    for line in ("Clause 1.4 reworded: Staff must not share their passphrases with anyone, including other staff.",
                 "Clause 2.2 is now clause 3.1.", "Clause 2.3 removed."):
        assert line in " ".join(ending.split()), line

"""`policy import` on the structures real school-district procedures have, and the two rules it keeps.

Each structure has a fixture folder under tests/fixtures/import/ (source.txt,
and expected.json, which test_importer.py checks field by field). Over every
fixture, and the supplied Appendix C:

a. the importer never invents a gap: text is claimed missing only where the
   numbering proves it (a skipped number, a missing parent, a cut-off end);
b. it never loses a sentence: every sentence of the input is, word for word,
   in the output's text values, or on a line it lists as left out or unplaced.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_site.importer.assembler import ImportResult, import_procedure
from policy_site.importer.draft import DraftClause, DraftGap, DraftPolicy
from policy_site.importer.export_reader import decode_export, export_lines
from policy_site.importer.kind_guess import guess_kind
from policy_site.load.policy_file import load_policy

from conftest import SUPPLIED_DOCUMENT

FIXTURES_DIR = Path(__file__).parent / "fixtures" / "import"
FIXTURES = sorted(p for p in FIXTURES_DIR.iterdir() if p.is_dir())
SOURCES = [p / "source.txt" for p in FIXTURES] + [SUPPLIED_DOCUMENT]
SOURCE_IDS = [p.name for p in FIXTURES] + ["supplied-appendix-c"]


def import_source(path: Path) -> ImportResult:
    text, note = decode_export(path.read_bytes())
    assert note is None
    return import_procedure(text, "source.txt")


def import_text(text: str) -> ImportResult:
    return import_procedure(text, "x.txt")


def load_skeleton(result: ImportResult, folder: Path):
    # conftest puts a manual.yaml above every test's tmp_path: the folder is a procedure of that manual.
    (folder / "policy.yaml").write_text(result.yaml_text, encoding="utf-8")
    return load_policy(folder)


def messages(result: ImportResult) -> list[tuple[int, str]]:
    return [(p.location.line, p.message) for p in result.problems]


def gaps_of(draft: DraftPolicy) -> list[str]:
    """Every gap note of a draft, in document order: definitions, then each section's entries."""
    found = [draft.definitions.gap_note] if draft.definitions and draft.definitions.gap_note else []
    for section in draft.sections:
        for entry in section.entries:
            if isinstance(entry, DraftGap):
                found.append(entry.note)
            elif entry.gap:
                found.append(entry.gap)
    return found


# ---------------------------------------------------------------- rule a: never invent a gap

@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_a_gap_is_claimed_only_where_the_fixture_declares_one(fixture, tmp_path):
    declared = json.loads((fixture / "expected.json").read_text(encoding="utf-8"))["gaps"]
    result = import_source(fixture / "source.txt")
    assert sorted(gaps_of(result.draft)) == sorted(declared)
    assert sorted(g.note for g in load_skeleton(result, tmp_path).gaps) == sorted(declared)


_SUBJECTS = ["Staff", "Students", "Principals", "Teachers", "The district", "Each school", "Parents"]
_VERBS = ["must keep", "may use", "should check", "must not share", "will send", "are responsible for", "can see"]
_WORDS = ["records", "accounts", "devices", "the", "school", "files", "a", "principal", "data", "of", "each", "year",
          "forms", "notice", "class", "and", "to", "in", "email", "photos", "with", "for"]
_TITLE_WORDS = ["Records", "Accounts", "Devices", "Use", "Privacy", "Email", "Training", "Reporting", "Personal"]

sentences = st.builds(
    lambda subject, verb, words: f"{subject} {verb} {' '.join(words)}.",
    st.sampled_from(_SUBJECTS), st.sampled_from(_VERBS), st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12),
)
titles = st.lists(st.sampled_from(_TITLE_WORDS), min_size=1, max_size=3, unique=True).map(" and ".join)
# A clause: its sentence, and its sub-clauses, dotted ("1.2.1") or lettered ("1.2(a)"), never both.
clauses = st.tuples(sentences, st.sampled_from(["dotted", "lettered"]), st.lists(sentences, max_size=3))
# A section: a title, or a sentence numbered at the top level ("2. Staff must keep records.", clause 2).
sections = st.one_of(
    st.tuples(titles, st.lists(clauses, min_size=1, max_size=4)),
    st.tuples(sentences, st.lists(clauses, max_size=2)),
)


def numbered_document(procedure: int, title: str, body: list, wrap: int, blank_lines: bool) -> tuple[str, list[str]]:
    """A well-formed procedure as text, and its clause numbers; clauses wrapped at ``wrap`` columns."""
    gap = "\n" if blank_lines else ""
    lines = [f"Administrative Procedure {procedure}", "", title.upper(), ""]
    numbers = []

    def add(marker: str, text: str, indent: str = "") -> None:
        wrapped = textwrap.wrap(f"{marker} {text}", width=wrap, break_long_words=False, break_on_hyphens=False)
        lines.extend(indent + line for line in wrapped)
        if gap:
            lines.append("")

    for s, (section_title, section_clauses) in enumerate(body, start=1):
        add(f"{s}.", section_title)
        if section_title.endswith("."):
            numbers.append(f"{s}")
        for c, (text, style, subs) in enumerate(section_clauses, start=1):
            add(f"{s}.{c}", text[:-1] + ":" if subs else text)
            numbers.append(f"{s}.{c}")
            for k, sub in enumerate(subs, start=1):
                if style == "dotted":
                    add(f"{s}.{c}.{k}", sub, "  ")
                    numbers.append(f"{s}.{c}.{k}")
                else:
                    add(f"({'abc'[k - 1]})", sub, "    ")
                    numbers.append(f"{s}.{c}({'abc'[k - 1]})")
    return "\n".join(lines) + "\n", numbers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    procedure=st.integers(100, 999),
    title=titles,
    body=st.lists(sections, min_size=1, max_size=4),
    wrap=st.integers(30, 200),
    blank_lines=st.booleans(),
)
def test_a_well_formed_numbered_document_imports_with_no_gap(procedure, title, body, wrap, blank_lines):
    text, numbers = numbered_document(procedure, title, body, wrap, blank_lines)
    result = import_text(text)
    assert gaps_of(result.draft) == [], text
    imported = [e.number for s in result.draft.sections for e in s.entries if isinstance(e, DraftClause)]
    assert sorted(imported) == sorted(numbers), text
    assert not [m for _, m in messages(result) if "cut off" in m or "mid-sentence" in m or "not in the source" in m], text


# ---------------------------------------------------------------- rule b: never lose a sentence

# What starts a list item: a bullet, then a number ("1.", "1.10.2", "2)"), a letter ("(a)", "a)") or a roman numeral.
_MARKER = re.compile(
    r"^(?:[-–—•·▪◦‣⁃●○■□➢►*\uf0b7]\s+)?(?:\d+(?:\.\d+)*[.)]?|\([a-z]\)|[a-z]\)|\(?[ivx]+[.)]|\([ivx]+\))(?=\s|$)\s*"
)
_SENTENCE_END = re.compile(r"(?<=[.!?;:…])\s+")


def word_key(text: str) -> str:
    """The words of ``text`` in order, without spaces, punctuation or case: "on-\\nline" and "on-line" agree."""
    return "".join(c for c in text.casefold() if c.isalnum())


def output_values(result: ImportResult) -> list[str]:
    """Every text the output holds in the district's words, and every line it lists as unplaced or left out."""
    data = yaml.safe_load(result.yaml_text)
    values = [str(data["metadata"]["title"]), *data.get("background", [])]
    # The Background and Definitions headings are the output's keys.
    values += [key for key in ("background", "definitions") if key in data]
    definitions = data.get("definitions") or {}
    for term in definitions.get("terms", []):
        values += [term["term"], term["text"], term["term"] + " " + term["text"]]
    values.append((definitions.get("gap") or {}).get("fragment") or "")
    for section in data["sections"]:
        values.append(section["title"])
        values += [entry.get(key) or "" for entry in section["entries"] for key in ("text", "fragment")]
    values += [text for _, text in result.draft.unplaced]
    return [v for v in values if v]


def input_sentences(text: str, left_out: set[int]) -> list[list[str]]:
    """The input's sentences, each as its pieces on successive lines; lines in ``left_out`` are skipped.

    A block ends at a blank line and before a numbered or lettered item; its
    list markers are removed, since the output keeps them as clause numbers.
    """
    blocks: list[list[str]] = []
    for line in export_lines(text):
        if line.number in left_out:
            continue
        body = _MARKER.sub("", line.text, count=1) if _MARKER.match(line.text) else line.text
        if not line.text or _MARKER.match(line.text) or not blocks:
            blocks.append([])
        if body:
            blocks[-1].append(body)
    found = []
    for block in blocks:
        # Split the block at sentence ends, keeping where each line starts, so a sentence keeps its line pieces.
        pieces: list[list[str]] = [[]]
        for line_text in block:
            parts = _SENTENCE_END.split(line_text)
            pieces[-1].append(parts[0])
            for part in parts[1:]:
                pieces.append([part])
        found += [[p for p in sentence if word_key(p)] for sentence in pieces if any(word_key(p) for p in sentence)]
    return found


def unplaced_sentences(result: ImportResult, text: str) -> list[str]:
    """The input's sentences that are not word for word in the output: the lost ones.

    A sentence may be split only where a line breaks: a heading line and the
    sentence after it ("Background" / "Video conferencing …") land in two values.
    """
    values = [word_key(v) for v in output_values(result)]
    left_out = {entry.line for entry in result.draft.set_aside}
    lost = []
    for sentence in input_sentences(text, left_out):
        start = 0
        while start < len(sentence):
            end = next(
                (e for e in range(len(sentence), start, -1) if any(word_key(" ".join(sentence[start:e])) in v for v in values)),
                None,
            )
            if end is None:
                lost.append(" ".join(sentence))
                break
            start = end
    return lost


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_every_sentence_of_the_input_is_in_the_output_or_listed(source):
    text = decode_export(source.read_bytes())[0]
    result = import_source(source)
    assert unplaced_sentences(result, text) == []
    # What is left out is listed where a person reads it: at the top of the output, and
    # page furniture in a warning too.
    comments = word_key("".join(line for line in result.yaml_text.splitlines() if line.startswith("#")))
    for entry in result.draft.set_aside:
        assert word_key(entry.text) in comments, entry
        if entry.why in ("page number", "running header or footer", "table of contents", "hosting site's link text"):
            assert any(f"line {entry.line} " in message for _, message in messages(result)), entry


def test_the_sentence_check_finds_a_lost_sentence():
    text = "Administrative Procedure 1\n\nUSE\n\n1. Use\n1.1 Staff must sign.\n1.2 Staff may ask. Staff should wait.\n"
    result = import_text(text)
    assert unplaced_sentences(result, text) == []
    lossy = ImportResult(result.yaml_text.replace("Staff should wait.", "Staff wait."), result.problems, result.draft)
    assert unplaced_sentences(lossy, text) == ["Staff should wait."]


# ---------------------------------------------------------------- 1. top-level numbered clauses

def test_a_top_level_numbered_sentence_is_a_clause_not_a_section_title(tmp_path):
    result = import_source(FIXTURES_DIR / "top-level-clauses" / "source.txt")
    policy = load_skeleton(result, tmp_path)
    assert [(s.number, s.title_editorial) for s in policy.sections] == [("1", False), ("2", True), ("3", True), ("4", True)]
    assert all("TODO" in s.title for s in policy.sections[1:])
    assert policy.clause("2").text == "Staff must keep each student record as follows:"
    assert policy.clause("3").text == "Staff must not take student records out of the school without the principal's approval."
    assert [c.number for c in policy.sections[1].clauses] == ["2", "2.1", "2.2"]
    assert policy.clause("1.2").text == "It covers records on paper and in electronic form."  # nothing merged into it
    assert not any("not in the supplied document" in g.note for g in policy.gaps)
    assert [line for line, m in messages(result) if "sentence numbered at the top level" in m] == [8, 11, 13]


def test_a_title_like_top_level_item_is_still_a_section():
    result = import_text("1. Scope\n1.1 Staff must sign.\n2. Records\n2.1 Staff must file.\n")
    assert [(s.number, s.title, s.holds_top_level_clause) for s in result.draft.sections] == [
        ("1", "Scope", False), ("2", "Records", False)]


# ---------------------------------------------------------------- 2. nested lists restarting at 1

def test_a_list_numbered_from_1_on_each_level_is_numbered_by_indentation(tmp_path):
    result = import_source(FIXTURES_DIR / "nested-restart-numbering" / "source.txt")
    policy = load_skeleton(result, tmp_path)
    assert [(s.number, s.title) for s in policy.sections] == [("1", "Use of Accounts:"), ("2", "Records")]
    assert [c.number for c in policy.clauses] == ["1.1", "1.2", "2.1", "2.2"]
    assert policy.clause("2.1").text == (
        "Staff must keep a list of the class accounts they manage, with the date each was opened.")
    [(line, message)] = [(line, m) for line, m in messages(result) if "numbered by their indentation" in m]
    assert line == 5 and 'line 8 "1." as 2.1' in message and "may print other numbers" in message


def test_indentation_alone_does_not_renumber_a_list_that_never_restarts():
    result = import_text("1. Scope\n   1.1 Staff must sign.\n2. Staff must keep records.\n   3. Staff must file.\n")
    assert not [m for _, m in messages(result) if "indentation" in m]


# ---------------------------------------------------------------- 3. cut-off text, list items, roman sub-items

def test_a_document_that_ends_mid_sentence_gives_a_clause_with_fragment_and_gap(tmp_path):
    text = "1. Use\n1.1 Staff must sign.\n1.2 Staff must not share their passwords with\n\nPage 1 of 1\n"
    result = import_text(text)
    policy = load_skeleton(result, tmp_path)
    clause = policy.clause("1.2")
    assert clause.text is None and clause.kind is None and not clause.kind_guessed
    assert clause.gap.fragment == "Staff must not share their passwords with"
    assert "cut off" in clause.gap.note and "missing" in clause.gap.note
    assert [line for line, m in messages(result) if m.startswith("the document ends in the middle of clause 1.2")] == [3]


def test_an_unfinished_clause_inside_the_document_keeps_its_text_and_is_reported(tmp_path):
    result = import_text("1. Use\n1.1 Staff must sign the form and\n\n1.2 Staff may ask.\n")
    policy = load_skeleton(result, tmp_path)
    assert policy.clause("1.1").text == "Staff must sign the form and" and policy.clause("1.1").gap is None
    assert [line for line, m in messages(result) if "ends mid-sentence" in m] == [2]


def test_list_items_without_a_full_stop_are_complete_under_a_lead_in():
    result = import_source(FIXTURES_DIR / "cut-off-end" / "source.txt")
    assert not [m for _, m in messages(result) if "mid-sentence" in m]
    clauses = {e.number: e for s in result.draft.sections for e in s.entries if isinstance(e, DraftClause)}
    assert [clauses[n].text for n in ("1.1(a)", "1.1(b)", "1.1(c)")] == ["Blogs", "Wikis", "Shared documents"]
    # A list that ends the document is complete when its last item is.
    ends_in_list = import_text("1. Tools\n1.1 Staff may use:\n(a) Blogs\n(b) Wikis\n")
    assert gaps_of(ends_in_list.draft) == [] and not [m for _, m in messages(ends_in_list) if "mid-sentence" in m]


def test_roman_sub_items_become_sub_clauses_and_say_how_they_were_numbered():
    result = import_source(FIXTURES_DIR / "cut-off-end" / "source.txt")
    clauses = {e.number: e for s in result.draft.sections for e in s.entries if isinstance(e, DraftClause)}
    assert clauses["1.2"].text == "Before using a tool with students, staff must:"  # nothing merged into it
    assert [clauses[n].text for n in ("1.2.1", "1.2.2", "1.2.3")] == [
        "read the tool's privacy notice;", "confirm that the tool stores its data in Canada; and",
        "tell the principal which tools they use."]
    assert [line for line, m in messages(result) if "cannot hold a roman numeral" in m] == [11, 12, 13]


def test_roman_sub_items_hang_from_the_clause_just_before_them(tmp_path):
    text = "1. Use\n1.1 Staff must:\n1.1.1 Sign the form.\n(i) read it;\n(ii) sign it.\n"
    result = import_text(text)
    assert [c.number for c in load_skeleton(result, tmp_path).clauses] == ["1.1", "1.1.1", "1.1.1.1", "1.1.1.2"]


def test_roman_sub_items_take_the_lettered_level_where_the_district_uses_dots():
    # 1.1.1 is the district's own number further on: the roman items must not take it.
    result = import_text("1. Use\n1.1 Staff must:\n(i) read it;\n(ii) sign it.\n1.1.1 File the form.\n")
    numbers = [e.number for e in result.draft.sections[0].entries if isinstance(e, DraftClause)]
    assert numbers == ["1.1", "1.1(a)", "1.1(b)", "1.1.1"]
    assert [line for line, m in messages(result) if "the lettered level" in m] == [3, 4]


def test_roman_sub_items_under_a_lettered_sub_clause_stay_in_its_text_and_are_reported(tmp_path):
    text = "1. Use\n1.1 Staff must:\n(a) check that:\n(i) the form is signed; and\n(ii) it is dated.\n(b) file it.\n"
    result = import_text(text)
    policy = load_skeleton(result, tmp_path)
    assert [c.number for c in policy.clauses] == ["1.1", "1.1(a)", "1.1(b)"]
    assert policy.clause("1.1(a)").text == "check that: (i) the form is signed; and (ii) it is dated."
    assert [line for line, m in messages(result) if "cannot be a clause of its own" in m] == [4, 5]


def test_i_after_h_is_a_letter_not_a_roman_numeral():
    letters = "".join(f"({c}) item {c};\n" for c in "abcdefghi")
    result = import_text("1. Use\n1.1 Staff must:\n" + letters)
    assert [e.number for e in result.draft.sections[0].entries][-2:] == ["1.1(h)", "1.1(i)"]


# ---------------------------------------------------------------- 4. cover lines

def test_a_purpose_sentence_is_background_and_a_colon_designation_is_read(tmp_path):
    result = import_source(FIXTURES_DIR / "cover-purpose-sentence" / "source.txt")
    policy = load_skeleton(result, tmp_path)
    assert policy.metadata.procedure == "146" and policy.metadata.title == "Student Device Loans"
    assert policy.background == ("This procedure sets out how the school district lends devices to students.",)
    assert [(e.line, e.why) for e in result.draft.set_aside] == [
        (1, "the district's name: it belongs in manual.yaml, not here"), (2, "read as procedure 146")]
    assert list(yaml.safe_load(result.yaml_text)["metadata"]) == ["procedure", "title", "slug", "draft"]


def test_a_designation_with_its_title_gives_procedure_title_and_slug_once(tmp_path):
    result = import_text("AP 140 - Acceptable Use of Technology\n\n1. Use\n1.1 Staff must sign.\n")
    metadata = load_skeleton(result, tmp_path).metadata
    assert (metadata.procedure, metadata.appendix, metadata.title, metadata.slug) == (
        "140", None, "Acceptable Use of Technology", "ap-140-acceptable-use-of-technology")


def test_a_breadcrumb_is_recognised_and_reported_never_dropped(tmp_path):
    result = import_source(FIXTURES_DIR / "cover-breadcrumb" / "source.txt")
    metadata = load_skeleton(result, tmp_path).metadata
    assert (metadata.procedure, metadata.title, metadata.slug) == (
        "140", "Acceptable Use of Technology", "ap-140-acceptable-use-of-technology")
    [(line, message)] = [(line, m) for line, m in messages(result) if "breadcrumb" in m]
    assert line == 1 and 'series 100 "General Administration"' in message
    assert "{number: 100, name: General Administration}" in message
    assert "#     Group: 100 - General Administration » AP 140 - Acceptable Use of" in result.yaml_text


def test_unknown_cover_values_are_todo_placeholders():
    metadata = yaml.safe_load(import_text("1. Use\n1.1 Staff must sign.\n").yaml_text)["metadata"]
    assert metadata["procedure"] == "TODO" and "TODO" in metadata["title"] and "todo" in metadata["slug"]
    assert metadata["draft"] is True


# ---------------------------------------------------------------- 5. contents lists and page debris

def test_a_contents_list_and_page_debris_never_become_sections_or_titles(tmp_path):
    result = import_source(FIXTURES_DIR / "contents-and-debris" / "source.txt")
    policy = load_skeleton(result, tmp_path)
    assert [(s.number, s.title) for s in policy.sections] == [("1", "Purpose"), ("2", "Planning"), ("3", "Supervision")]
    assert policy.metadata.title == "Field Trips"  # not the running header "Operations Series"
    assert policy.clause("2.2").text == "The principal must approve each overnight trip in writing."
    assert not [m for _, m in messages(result) if "could not be placed" in m]
    [message] = [m for _, m in messages(result) if "page furniture" in m]
    for listed in ("line 1 ", "line 4 ", "line 5 ", "line 6 ", "line 7 ", "line 14 ", "line 16 ", "line 17 ", "line 20 "):
        assert listed in message
    assert '"CONTINUE READING" (hosting site\'s link text)' in message


def test_a_contents_list_without_dot_leaders_after_its_heading_is_furniture():
    result = import_text("Contents\nPurpose 1\nProcedures 2\n\n1. Purpose\n1.1 Trips extend learning.\n")
    assert [s.title for s in result.draft.sections] == ["Purpose"]
    assert [(e.line, e.why) for e in result.draft.set_aside] == [
        (1, "table of contents"), (2, "table of contents"), (3, "table of contents")]


# ---------------------------------------------------------------- 6. kinds

@pytest.mark.parametrize(
    "text, kind",
    [
        ("Staff will report misuse to the principal.", "must"),
        ("Staff will not share passwords.", "must_not"),
        ("Users shall refrain from posting student photos.", "must_not"),
        ("Students are not authorized to install software.", "must_not"),
        ("Users are personally responsible for their accounts.", "must"),
        ("Staff won't use personal email for school business.", "must_not"),
    ],
)
def test_kinds_follow_will_refrain_authorized_and_responsible(text, kind):
    assert guess_kind(text)[0] == kind


def test_every_guessed_kind_is_marked_as_data(tmp_path):
    result = import_source(FIXTURES_DIR / "kinds" / "source.txt")
    policy = load_skeleton(result, tmp_path)
    assert [(c.kind, c.kind_guessed) for c in policy.clauses] == [
        ("must", True), ("must_not", True), ("must_not", True), ("must", True), ("must_not", True)]


# ---------------------------------------------------------------- 7. hyphens at line breaks

def test_a_word_hyphenated_across_a_line_break_keeps_its_hyphen_and_is_reported(tmp_path):
    result = import_source(FIXTURES_DIR / "hyphenated-line-breaks" / "source.txt")
    policy = load_skeleton(result, tmp_path)
    assert policy.clause("1.1").text == "Staff must not post photos of students on-line without written consent from a parent."
    assert policy.clause("1.2").text == "Staff must report any self-harm content to the principal at once."
    texts = [c.text for c in policy.clauses]
    assert not any("online" in t or "on- line" in t for t in texts)
    # "pre-" before "and" is the district's own hyphen and space: "pre- and post-trip".
    assert policy.clause("1.3").text == "Teachers may share pre- and post-trip surveys with families."
    joined = [(line, m.split('"')[1]) for line, m in messages(result) if "joined across a line break" in m]
    assert joined == [(6, "on-line"), (8, "self-harm")]


def test_a_dash_at_the_end_of_a_line_is_not_a_hyphen():
    result = import_text("1. Use\n1.1 Staff must use district accounts \u2013\nalways.\n")
    assert result.draft.sections[0].entries[0].text == "Staff must use district accounts \u2013 always."
    assert not [m for _, m in messages(result) if "joined across" in m]

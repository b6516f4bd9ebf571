"""The policy data itself: verbatim text, numbering, kinds, gaps."""

import re

from policy_site.model.policy import KINDS
from quiz.clause_numbers import clause_anchor

from conftest import SUPPLIED_DOCUMENT
from supplied_text import normalise_space


def supplied_text() -> str:
    return normalise_space(SUPPLIED_DOCUMENT.read_text(encoding="utf-8"))


def test_every_clause_text_is_verbatim_from_the_supplied_document(policy):
    source = supplied_text()
    for clause in policy.clauses:
        if clause.text is not None:
            assert clause.text in source, f"clause {clause.number} is not word for word the district's text"


def test_every_background_paragraph_is_verbatim(policy):
    source = supplied_text()
    for paragraph in policy.background:
        assert paragraph in source


def test_the_sources_own_typos_are_kept(policy):
    # "communication scan" (for "communications can") is the district's wording.
    assert "private communication scan become public" in policy.clause("1.8").text
    assert "currently enrolled in New Westminster Schools students" in policy.clause("2.3").text


def test_every_numbered_clause_of_the_source_is_in_the_data(policy):
    numbers_in_source = re.findall(r"^\s*-?\s*(\d+\.\d+(?:\.\d+)*)\.?\s", SUPPLIED_DOCUMENT.read_text() + "\n", re.M)
    assert [c.number for c in policy.clauses] == numbers_in_source


def test_anchors_are_derived_from_the_districts_numbers(policy):
    assert policy.clause("1.10.2").anchor == "clause-1-10-2"
    assert clause_anchor("2.3") == "clause-2-3"
    assert len({c.anchor for c in policy.clauses}) == len(policy.clauses)


def test_every_clause_with_text_has_a_kind(policy):
    for clause in policy.clauses:
        if clause.text:
            assert clause.kind in KINDS


def test_kinds_follow_the_wording(policy):
    kinds = {c.number: c.kind for c in policy.clauses}
    assert kinds["1.9"] == "must"
    assert kinds["2.2"] == "should"  # "It is recommended"
    assert kinds["2.3"] == "must_not"  # "are not to communicate"
    assert kinds["2.4"] == "must_not"  # "is prohibited"
    assert kinds["1.10.3"] == "information"


def test_the_gaps_of_the_supplied_document_are_recorded_not_filled(policy):
    assert policy.definitions.terms == ()
    assert policy.definitions.gap.fragment == "S"
    section_1 = policy.sections[0]
    assert section_1.title_editorial, "section 1's title is not in the source, so it must be marked editorial"
    assert policy.clause("3.1").text is None and policy.clause("3.1").gap is not None
    assert len(policy.gaps) == 3


def test_references_point_to_known_documents(policy):
    assert [r.id for r in policy.clause("1.9").references] == ["foippa"]
    assert {r.id for r in policy.clause("1.10").references} == {"appendix-a", "appendix-b"}


def test_fingerprint_changes_with_the_wording(policy):
    import dataclasses

    changed_clause = dataclasses.replace(policy.clause("1.7"), text=policy.clause("1.7").text + "!")
    section = policy.sections[0]
    entries = tuple(changed_clause if e == policy.clause("1.7") else e for e in section.entries)
    changed = dataclasses.replace(policy, sections=(dataclasses.replace(section, entries=entries),) + policy.sections[1:])
    assert changed.fingerprint != policy.fingerprint
    assert len(policy.fingerprint) == 16

"""`policy check` flags what our texts claim without a citation, and claims
about text the supplied document does not have (policy_site/load/claims.py)."""

import dataclasses
from pathlib import Path

import pytest

from policy_site.common.problems import ProblemLog
from policy_site.load.claims import check_claims
from conftest import APPENDIX_C
from policy_site.load.source_folder import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(APPENDIX_C)


def warnings_for(content) -> list[str]:
    log = ProblemLog()
    check_claims(content, log)
    return [p.message for p in log.warnings]


def with_question_text(**changes):
    """The real content, with the first question (it cites only 1.7) changed."""
    question = dataclasses.replace(CONTENT.questions.questions[0], **changes)
    assert question.cites == ("1.7", "1.8") or question.cites == ("1.7",)
    bank = dataclasses.replace(CONTENT.questions, questions=(question, *CONTENT.questions.questions[1:]))
    return dataclasses.replace(CONTENT, questions=bank)


def test_the_shipped_data_makes_no_unchecked_claim():
    assert warnings_for(CONTENT) == []


@pytest.mark.parametrize(
    ("explanation", "clause"),
    [
        ("As clause 2.3 says, keep it professional.", "2.3"),
        ('Remember that "communicate with currently enrolled" students is the point.', "2.3"),
        ("Posting or disclosing personally identifiable student information is the issue.", "2.4"),
        ("Site administrators must monitor comments (1.10.2).", "1.10.2"),
    ],
    ids=["clause-number", "quoted-phrase", "six-word-run", "number-in-brackets"],
)
def test_a_question_relying_on_a_clause_it_does_not_cite_is_flagged(explanation, clause):
    content = with_question_text(cites=("1.7",), explanation=explanation)
    assert [w for w in warnings_for(content) if f"relies on clause {clause}" in w], warnings_for(content)


def test_a_quotation_from_a_cited_clause_is_fine_even_if_another_clause_says_it_too():
    # "exercise caution and common sense" is in 1.7 (cited) and 2.1 (not cited).
    content = with_question_text(explanation='Clause 1.7: "exercise caution and common sense" at work.')
    assert warnings_for(content) == []


@pytest.mark.parametrize("where", ["question", "fact", "example"])
def test_speaking_for_the_whole_procedure_is_flagged(where):
    claim = "The procedure does not cover this."
    if where == "question":
        content = with_question_text(explanation=claim)
    elif where == "fact":
        fact = dataclasses.replace(CONTENT.facts[0], help=claim)
        content = dataclasses.replace(CONTENT, facts=(fact, *CONTENT.facts[1:]))
    else:
        example = dataclasses.replace(CONTENT.examples[0], name=claim)
        content = dataclasses.replace(CONTENT, examples=(example, *CONTENT.examples[1:]))
    assert any('says "The procedure does not …"' in w and "the supplied text does not" in w for w in warnings_for(content))

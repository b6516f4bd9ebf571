"""The question bank: loaded from policy_src, checked against the clauses."""

from pathlib import Path

from invalid_fixtures import assert_reports_expected_problems, parametrize_fixtures

from conftest import APPENDIX_C
from policy_site.load.source_folder import load_content
from policy_site.model.questions import TESTED_KINDS

FIXTURES = Path(__file__).parent / "fixtures"


@parametrize_fixtures("invalid-questions")
def test_each_invalid_question_fixture_gives_its_message(fixture, monkeypatch):
    assert_reports_expected_problems(fixture, load_content, monkeypatch)


def test_the_real_bank_meets_the_brief():
    content = load_content(APPENDIX_C)
    questions = content.questions.questions
    assert len(questions) >= 20
    assert {q.type for q in questions} == {"single", "multiple", "true_false", "situation"}
    for clause in content.policy.clauses:
        if clause.kind in TESTED_KINDS:
            assert content.questions.citing(clause.number), clause.number
    for question in questions:
        assert question.explanation and question.cites
        assert any(c.correct for c in question.choices)
    assert content.questions.pass_mark == 80

"""The SCORM package with the largest question bank the engine takes (quiz.limits.MAX_QUESTIONS):
an unfinished attempt still fits SCORM 1.2's 4,096 characters of cmi.suspend_data,
and comes back whole.

The bank is Appendix C's questions and enough of six choices each (the most
that take one character) to make 1,000; the site is built from it, packaged
by `policy scorm`'s code, and run under scorm-again (tests/scorm_lms.py),
whose player refuses a longer suspend_data as SCORM 1.2 says an LMS may.
"""

import shutil

import pytest
import yaml

from policy_site.mkdocs_plugin.build import build_site
from policy_site.scorm.package import write_scorm_package
from quiz.limits import MAX_QUESTIONS

from conftest import APPENDIX_C, CSP_PROBE, wait_for_js
from projects import make_project
from scorm_lms import PLAYER, lms_settings, serving_lms, unpack
from test_scorm_lms import LEARNER, Visit, checked
from test_scorm_package import LAUNCH, PROCEDURE

READY = 120_000


@pytest.fixture(scope="module")
def large_bank_lms(tmp_path_factory):
    project = tmp_path_factory.mktemp("large-bank")
    config = make_project(project, APPENDIX_C)
    questions_file = project / "policy_src" / "procedures" / PROCEDURE / "questions.yaml"
    data = yaml.safe_load(questions_file.read_text(encoding="utf-8"))
    for number in range(MAX_QUESTIONS - len(data["questions"])):
        data["questions"].append({
            "id": f"synthetic-question-{number:04d}",
            "type": "multiple",
            "cites": ["1.7"],
            "prompt": f"Synthetic question {number}: which of these apply?",
            "choices": [{"text": f"Choice {choice}", **({"correct": True} if choice < 2 else {})} for choice in range(6)],
            "explanation": "A synthetic question, to make the bank as large as the engine takes.",
        })
    questions_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    site = build_site(config, project / "site")
    package = write_scorm_package(site, PROCEDURE, project / "package.zip").path
    root = unpack(package, project / "lms")
    shutil.rmtree(site)
    with serving_lms(root) as url:
        yield url


# Answers every question as the reader would (each input's change event),
# choosing a different pattern of choices for each.
ANSWER_EVERY_QUESTION = """() => {
  const sets = [...document.querySelectorAll('.quiz-questions > li:not([hidden]) fieldset[data-question-id]')];
  sets.forEach((set, index) => {
    const inputs = [...set.querySelectorAll('input')];
    const chosen = inputs[0].type === 'radio' ? [inputs[index % inputs.length]] : inputs.filter((_, c) => (index >> c) & 1 || c === 0);
    for (const input of chosen) {
      input.checked = true;
      input.dispatchEvent(new Event('change', {bubbles: true}));
    }
  });
  return sets.length;
}"""


def open_lms(browser, url, cmi):
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    page.add_init_script(lms_settings(LAUNCH, cmi=cmi))
    visit = Visit(page, url)
    page.goto(url + PLAYER)
    visit.frame.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    return context, visit


def test_an_unfinished_attempt_at_the_largest_bank_fits_suspend_data_and_resumes(browser, large_bank_lms):
    context, visit = open_lms(browser, large_bank_lms, {"core": dict(LEARNER)})
    assert visit.frame.evaluate(ANSWER_EVERY_QUESTION) == MAX_QUESTIONS
    answered = checked(visit.frame)
    assert len(answered) == MAX_QUESTIONS
    visit.leave()
    suspended = visit.lms("cmi.suspend_data")
    assert 1000 < len(suspended) <= 4096
    assert visit.accepted()["cmi.suspend_data"] == suspended
    assert [c for c in visit.calls("LMSSetValue") if c["result"] != "true"] == []
    assert visit.frame.url == "about:blank"
    context.close()

    # In another browser, from suspend_data alone: every answer is back.
    context, back = open_lms(browser, large_bank_lms, {"core": {**LEARNER, "entry": "resume"}, "suspend_data": suspended})
    wait_for_js(back.frame, "() => document.querySelectorAll('input:checked').length > 0")
    assert checked(back.frame) == answered
    assert back.frame.evaluate("window.__cspViolations") == []
    context.close()

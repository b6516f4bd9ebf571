"""The SCORM package in Chromium, framed by a real SCORM 1.2 run-time (npm scorm-again).

A player page plays the LMS (tests/scorm_lms.py): ``window.API`` is
scorm-again's ``Scorm12API``, and the unzipped package runs in its frame,
served the way a stock LMS serves files. Outside an LMS the same package is
opened directly, and from disk.
"""

import re
import shutil
from pathlib import Path

import pytest

from conftest import CSP_PROBE, wait_for_js
from scorm_lms import PACKAGE_FOLDER, PLAYER, lms_settings, serving_lms, unpack
from test_accessibility import AXE_SOURCE, SETTLED, VIEWPORTS, WCAG_21_AA
from test_scorm_package import LAUNCH, PROCEDURE

from policy_site.scorm.package import write_scorm_package

READY = 60_000
LEARNER = {"student_id": "staff-0042", "student_name": "Lovelace, Ada"}
SESSION_TIME = re.compile(r"^\d{4}:\d{2}:\d{2}\.\d{2}$")
# What scorm-sco.js says when it is not in an LMS.
NOT_CONNECTED = "not connected to a learning management system (LMS), so your result is not recorded anywhere"


@pytest.fixture(scope="session")
def lms_root(built_site, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lms")
    package = write_scorm_package(built_site, PROCEDURE, folder / "package.zip").path
    return unpack(package, folder / "root")


@pytest.fixture(scope="session")
def lms_url(lms_root) -> str:
    with serving_lms(lms_root) as url:
        yield url


@pytest.fixture(scope="session")
def bank(built_site) -> dict:
    import json

    return json.loads((built_site / "assets/engine/bundles" / f"{PROCEDURE}.json").read_text())


class Visit:
    """One launch of the package: the player page, the SCO's frame, and every request made."""

    def __init__(self, page, url):
        self.page = page
        self.url = url
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    @property
    def frame(self):
        return self.page.frame(name="sco")

    def calls(self, name: str | None = None) -> list[dict]:
        found = self.page.evaluate("window.lmsCalls")
        return [call for call in found if name is None or call["name"] == name]

    def accepted(self) -> dict[str, str]:
        """The last value the LMS accepted for each element the SCO set."""
        return {c["args"][0]: c["args"][1] for c in self.calls("LMSSetValue") if c["result"] == "true"}

    def lms(self, element: str) -> str:
        """The value as scorm-again holds it."""
        return self.page.evaluate("(path) => path.split('.').slice(1).reduce((o, k) => o[k], window.API.cmi)", element)

    def leave(self):
        """Leave the SCO as an LMS does when the learner moves on (its frame goes to another page)."""
        finished = len(self.calls("LMSFinish"))
        self.page.evaluate("window.leaveSco()")
        wait_for_js(self.page, "(n) => window.lmsCalls.filter(c => c.name === 'LMSFinish').length > n", finished)


@pytest.fixture
def lms(browser, lms_url):
    """Open the package in the LMS: ``lms(cmi=..., refuse=..., context=...)``; checks the frame's CSP afterwards."""
    contexts, visits = [], []

    def open_visit(cmi=None, refuse=None, context=None, wait=True):
        if context is None:
            context = browser.new_context()
            contexts.append(context)
            context.add_init_script(CSP_PROBE)
        page = context.new_page()
        page.add_init_script(lms_settings(LAUNCH, cmi={"core": dict(LEARNER)} if cmi is None else cmi, refuse=refuse))
        console = []
        page.on("console", lambda message: "Content Security Policy" in message.text and console.append(message.text))
        visit = Visit(page, lms_url)
        visit.console = console
        page.goto(lms_url + PLAYER)
        if wait:
            visit.frame.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
        visits.append(visit)
        return visit

    yield open_visit
    for visit in visits:
        violations = list(visit.console)
        if not visit.page.is_closed() and visit.frame and visit.frame.url != "about:blank":
            violations += visit.frame.evaluate("window.__cspViolations || []")
        assert violations == [], "Content-Security-Policy violations in the package"
        outside = [u for u in visit.requests if not u.startswith((lms_url + "lms/", lms_url + PACKAGE_FOLDER + "/"))]
        assert outside == [], "requests outside the package (and the LMS's own player)"
    for context in contexts:
        context.close()


def right(bank):
    return {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in bank["questions"]}


def wrong(bank):
    return {q["id"]: [next(c["id"] for c in q["choices"] if not c["correct"])] for q in bank["questions"]}


def answer(frame, answers: dict[str, list[str]]):
    for question_id, choice_ids in answers.items():
        for choice_id in choice_ids:
            frame.locator(f'fieldset[data-question-id="{question_id}"] input[value="{choice_id}"]').check()


def shown_order(frame) -> list[str]:
    return frame.eval_on_selector_all(".quiz-questions > li:not([hidden]) fieldset", "sets => sets.map(s => s.dataset.questionId)")


def checked(frame) -> dict[str, list[str]]:
    return frame.evaluate("""() => Object.fromEntries([...document.querySelectorAll('fieldset[data-question-id]')]
        .map(s => [s.dataset.questionId, [...s.querySelectorAll('input:checked')].map(i => i.value).sort()])
        .filter(([, chosen]) => chosen.length))""")


def check_answers(frame):
    frame.get_by_role("button", name="Check my answers").click()
    frame.locator(".quiz-verdict").wait_for()


def every_call_is_checked(visit):
    """After every call that can fail, the SCO asked LMSGetLastError()."""
    calls = visit.calls()
    for index, call in enumerate(calls):
        if call["name"] in ("LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"):
            assert calls[index + 1]["name"] == "LMSGetLastError", f"{call} is not followed by LMSGetLastError()"


# ---- in the LMS ---------------------------------------------------------------------------


def test_all_answers_right_passes_with_100_and_the_lms_records_it(lms, bank):
    visit = lms()
    frame = visit.frame
    assert visit.calls("LMSInitialize") == [{"name": "LMSInitialize", "args": [""], "result": "true"}]
    assert frame.locator(".scorm-connection").inner_text().startswith("Opened from your learning management system")
    # The LMS's name for the learner, prefilled in the completion record, first name first.
    assert frame.locator("#completion-name").input_value() == "Ada Lovelace"

    answer(frame, right(bank))
    check_answers(frame)
    assert frame.locator(".quiz-verdict").get_attribute("data-passed") == "true"
    values = visit.accepted()
    assert values["cmi.core.score.raw"] == "100"
    assert (values["cmi.core.score.min"], values["cmi.core.score.max"]) == ("0", "100")
    assert values["cmi.core.lesson_status"] == "passed"
    assert SESSION_TIME.match(values["cmi.core.session_time"])
    # On grading: the score, the status and the time, then LMSCommit("").
    names = [c["args"][0] if c["name"] == "LMSSetValue" else c["name"] for c in visit.calls() if c["name"] in ("LMSSetValue", "LMSCommit")]
    graded = names.index("cmi.core.score.raw")
    assert names[graded : graded + 6] == ["cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max",
                                          "cmi.core.lesson_status", "cmi.core.session_time", "LMSCommit"]
    assert (visit.lms("cmi.core.lesson_status"), visit.lms("cmi.core.score.raw")) == ("passed", "100")
    assert "Your LMS has your result: 100%, passed." in frame.locator(".scorm-session").inner_text()

    frame.get_by_role("button", name="Make my record").click()
    assert "Ada Lovelace" in frame.locator("#completion-record").inner_text()

    # Finish: LMSFinish("") once, and leaving afterwards calls it no more.
    frame.get_by_role("button", name="Finish").click()
    assert frame.evaluate("document.activeElement.className") == "scorm-session__status"
    assert frame.locator(".scorm-session__status").inner_text().startswith("Finished: your LMS has your answers and result.")
    assert visit.accepted()["cmi.core.exit"] == ""
    visit.page.evaluate("window.leaveSco()")
    visit.page.wait_for_timeout(300)
    assert visit.calls("LMSFinish") == [{"name": "LMSFinish", "args": [""], "result": "true"}]
    every_call_is_checked(visit)


def test_all_answers_wrong_fails_and_the_lms_records_it(lms, bank):
    visit = lms()
    answer(visit.frame, wrong(bank))
    check_answers(visit.frame)
    assert visit.frame.locator(".quiz-verdict").get_attribute("data-passed") == "false"
    assert not visit.frame.locator("#completion").is_visible()
    values = visit.accepted()
    assert (values["cmi.core.score.raw"], values["cmi.core.lesson_status"]) == ("0", "failed")
    visit.leave()
    assert len(visit.calls("LMSFinish")) == 1
    assert visit.accepted()["cmi.core.exit"] == ""
    assert visit.lms("cmi.core.lesson_status") == "failed"


def test_a_score_between_marks_is_sent_exactly_so_the_lms_agrees_with_the_verdict(lms, bank):
    """17 of 22 is 77.27%: sent cut to 77.27 (never rounded up past the pass mark)."""
    visit = lms()
    answers, wrongs = right(bank), wrong(bank)
    for question_id in list(answers)[:5]:
        answers[question_id] = wrongs[question_id]
    answer(visit.frame, answers)
    check_answers(visit.frame)
    assert visit.accepted()["cmi.core.score.raw"] == "77.27"
    assert visit.accepted()["cmi.core.lesson_status"] == "failed"


def test_half_answered_then_left_resumes_from_suspend_data(lms, bank):
    visit = lms()
    frame = visit.frame
    order = shown_order(frame)
    half = {question_id: right(bank)[question_id] for question_id in order[: len(order) // 2]}
    answer(frame, half)
    visit.leave()
    values = visit.accepted()
    assert values["cmi.core.exit"] == "suspend"
    assert values["cmi.core.lesson_location"] == order[len(order) // 2]  # the first question without an answer
    assert SESSION_TIME.match(values["cmi.core.session_time"])
    suspended = values["cmi.suspend_data"]
    assert len(suspended) <= 4096 and suspended == visit.lms("cmi.suspend_data")
    assert suspended.startswith(f"1.{bank['policy']['fingerprint']}.")
    assert len(visit.calls("LMSFinish")) == 1
    every_call_is_checked(visit)

    # Reopened by the LMS in another browser (nothing kept locally): from suspend_data alone.
    back = lms(cmi={"core": {**LEARNER, "entry": "resume", "lesson_status": visit.lms("cmi.core.lesson_status"),
                             "lesson_location": values["cmi.core.lesson_location"]},
                    "suspend_data": suspended})
    assert shown_order(back.frame) == order
    assert checked(back.frame) == {q: sorted(c) for q, c in half.items()}
    assert back.frame.locator(".engine-status").inner_text().strip() == "The answer checker is ready. Your saved answers are back."
    # Scrolled back to where the learner stopped (its item at the top of the frame).
    top = back.frame.evaluate("(id) => document.querySelector(`fieldset[data-question-id='${id}']`).closest('li').getBoundingClientRect().top",
                              order[len(order) // 2])
    assert abs(top) < 2 and back.frame.evaluate("scrollY") > 0
    # The rest answered, the attempt passes.
    answer(back.frame, {q: c for q, c in right(bank).items() if q not in half})
    check_answers(back.frame)
    assert back.accepted()["cmi.core.lesson_status"] == "passed"


def test_an_lms_that_refuses_a_value_is_named_and_no_answer_is_lost(lms, bank, browser):
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    visit = lms(refuse={"cmi.suspend_data": "405"}, context=context)
    frame = visit.frame
    order = shown_order(frame)
    some = {question_id: right(bank)[question_id] for question_id in order[:3]}
    answer(frame, some)
    notice = frame.locator(".quiz-notice")
    assert notice.is_visible()
    assert "did not accept your unfinished answers (error 405: Incorrect Data Type)" in notice.inner_text()
    assert "Your answers are kept in this browser." in notice.inner_text()
    assert checked(frame) == {q: sorted(c) for q, c in some.items()}
    visit.leave()
    assert visit.lms("cmi.suspend_data") == ""

    # Reopened in the same browser: the LMS has no copy, this browser has the learner's.
    back = lms(cmi={"core": {**LEARNER, "entry": "resume"}}, context=context)
    assert checked(back.frame) == {q: sorted(c) for q, c in some.items()}
    assert shown_order(back.frame) == order

    # Someone else on the same computer starts afresh: the copy is the first learner's.
    other = lms(cmi={"core": {"student_id": "staff-0099", "student_name": "Hopper, Grace", "entry": "ab-initio"}}, context=context)
    assert checked(other.frame) == {}
    assert other.frame.locator("#completion-name").input_value() == "Grace Hopper"
    context.close()


def test_an_lms_that_refuses_the_score_is_named_and_the_result_stays(lms, bank):
    visit = lms(refuse={"cmi.core.score.raw": "405"})
    answer(visit.frame, right(bank))
    check_answers(visit.frame)
    assert visit.frame.locator(".quiz-verdict").get_attribute("data-passed") == "true"
    assert "did not accept your score (error 405" in visit.frame.locator(".quiz-notice").inner_text()
    assert "could not be recorded in full" in visit.frame.locator(".scorm-session").inner_text()
    assert visit.frame.locator("#completion").is_visible()  # the printable record is still offered


def test_an_lms_reviewing_an_attempt_is_told_nothing_and_the_learner_is_told_so(lms, bank):
    """cmi.core.lesson_mode "review": the attempt is shown again, nothing is set, the session still ends once."""
    first = lms()
    answer(first.frame, right(bank))
    check_answers(first.frame)
    first.leave()
    review = lms(cmi={"core": {**LEARNER, "lesson_mode": "review", "lesson_status": "passed"},
                      "suspend_data": first.accepted()["cmi.suspend_data"]})
    review.frame.locator(".quiz-verdict").wait_for()
    assert "opened this self-assessment for review" in review.frame.locator(".scorm-connection").inner_text()
    review.frame.get_by_role("button", name="Retake with the questions in a new order").click()
    answer(review.frame, wrong(bank))
    check_answers(review.frame)
    review.leave()
    assert review.calls("LMSSetValue") == [] and review.calls("LMSCommit") == []
    assert len(review.calls("LMSFinish")) == 1
    assert review.lms("cmi.core.lesson_status") == "passed"


def test_links_leave_the_frame_for_a_window_of_their_own(lms, bank):
    """A cited clause opens the packaged procedure page in a new window; the session goes on."""
    visit = lms()
    answer(visit.frame, wrong(bank))
    check_answers(visit.frame)
    link = visit.frame.locator(".quiz-review a").first
    with visit.page.context.expect_page() as opened:
        link.click()
    procedure = opened.value
    procedure.wait_for_load_state()
    assert procedure.url.startswith(visit.url + PACKAGE_FOLDER + f"/procedures/{PROCEDURE}/index.html#clause-")
    anchor = procedure.url.partition("#")[2]
    assert procedure.locator(f"#{anchor}").count() == 1
    assert visit.calls("LMSFinish") == []
    procedure.close()


# ---- outside an LMS ---------------------------------------------------------------------------


def test_without_an_lms_it_works_like_the_sites_page_and_says_nothing_is_recorded(browser, lms_url, bank):
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{lms_url}{PACKAGE_FOLDER}/{LAUNCH}")
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    assert NOT_CONNECTED in page.locator(".scorm-connection").inner_text()
    assert page.locator(".scorm-session").count() == 0
    answer(page, right(bank))
    check_answers(page)
    assert page.locator(".quiz-verdict").get_attribute("data-passed") == "true"
    page.get_by_label("Your name (required)").fill("Ada Lovelace")
    page.get_by_role("button", name="Make my record").click()
    assert "Ada Lovelace" in page.locator("#completion-record").inner_text()
    # Progress is kept in this browser, as on the site.
    page.reload()
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    page.locator(".quiz-verdict").wait_for()
    assert page.evaluate("window.__cspViolations") == []
    assert [u for u in requests if not u.startswith(lms_url + PACKAGE_FOLDER + "/")] == []
    context.close()


def test_opened_from_disk_the_page_says_why_it_cannot_check_answers(browser, lms_root):
    page = browser.new_page()
    page.goto((lms_root / PACKAGE_FOLDER / LAUNCH).as_uri())
    page.wait_for_selector("#quiz[data-engine=error]", timeout=10_000)
    assert "cannot start in a page opened from a file" in page.locator(".engine-status").inner_text()
    assert page.locator("fieldset[data-question-id]").first.is_visible()
    page.close()


# ---- accessibility inside the frame ---------------------------------------------------------------


def frame_violations(frame) -> list[str]:
    # As on the site's pages: colours are measured once transitions end (a button fading in reads as low contrast).
    wait_for_js(frame, SETTLED, timeout=10)
    if not frame.evaluate("() => !!window.axe"):
        frame.evaluate(AXE_SOURCE)
    return frame.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => `${v.id} (${v.impact}): ` + v.nodes.map(n => n.target.join(' ')).join(', '))""",
        WCAG_21_AA,
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_no_violations_inside_the_frame(browser, lms, bank, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.add_init_script(CSP_PROBE)
    visit = lms(context=context)
    problems = {"ready": frame_violations(visit.frame)}
    answer(visit.frame, wrong(bank))
    check_answers(visit.frame)
    problems["graded"] = frame_violations(visit.frame)
    visit.frame.get_by_role("button", name="Finish").click()
    problems["finished"] = frame_violations(visit.frame)
    context.close()
    assert problems == {"ready": [], "graded": [], "finished": []}

"""Policy data is text, everywhere: no value in policy_src/ (or written by
`policy import`) becomes markup or script, and the CSP stops a script that
reaches a page some other way.

A site is built from a copy of the real policy_src/ in which every free-text
value ends with a script (and an `onerror` handler) naming its field. The
build must succeed (it stops on any inline script the theme does not ship),
no page may hold such a script or handler, and none may run in Chromium.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import APPENDIX_C, CSP_PROBE, ROOT, serving, wait_for_js
from policy_site.importer.assembler import import_procedure
from policy_site.load.policy_file import load_policy
from policy_site.mkdocs_plugin.build import build_site
from policy_site.model.content import Content
from policy_site.model.manual import Manual, ManualInfo, Procedure
from policy_site.model.questions import QuestionBank
from policy_site.render.pages import render_procedure
from projects import make_project

MARK = "__pwned"

APPENDIX_C_SOURCE = "procedures/ap-140-appendix-c-acceptable-use-of-social-media/"

# Every free-text field of each file of the manual, as paths of keys ("*" is every item of a list).
FREE_TEXT = {
    "manual.yaml": ["district", "title"],
    APPENDIX_C_SOURCE + "policy.yaml": [
        "metadata.procedure", "metadata.appendix", "metadata.title", "metadata.contact",
        "background.*", "definitions.terms.*.term", "definitions.terms.*.text",
        "definitions.gap.note", "definitions.gap.fragment", "references.*.title", "sections.*.title",
        "sections.*.entries.*.text", "sections.*.entries.*.gap",
    ],
    APPENDIX_C_SOURCE + "questions.yaml": [
        "questions.*.prompt", "questions.*.explanation", "questions.*.situation",
        "questions.*.choices.*.text", "questions.*.choices.*.feedback",
    ],
    APPENDIX_C_SOURCE + "facts.yaml": ["facts.*.question", "facts.*.help", "facts.*.values.*.label"],
    APPENDIX_C_SOURCE + "examples.yaml": ["examples.*.name"],
    # The version's label, shown on every page (the release's text is fingerprinted and stays as it is).
    APPENDIX_C_SOURCE + "releases/" + next((APPENDIX_C / "releases").glob("001-*.yaml")).name: ["release.label"],
}


def payload(tag: str) -> str:
    return f'<script>window.{MARK}="{tag}"</script><img src=x onerror="window.{MARK}=\'{tag}\'"> & *{tag}*'


def poison(node, path: list[str], tag: str, counter: list[int]):
    """Append a payload to every value at ``path`` (counting them), in place."""
    if not path:
        counter[0] += 1
        return f"{node} {payload(f'{tag}-{counter[0]}')}" if isinstance(node, str) else node
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(node, list):
        return [poison(item, rest, tag, counter) for item in node]
    if isinstance(node, dict) and head in node:
        node[head] = poison(node[head], rest, tag, counter)
    return node


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile")
    make_project(project, ROOT / "policy_src")
    metadata = None
    for name, paths in FREE_TEXT.items():
        file = project / "policy_src" / name
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if name.endswith("policy.yaml"):
            # Fields the real data leaves empty get a value, so they are tested too.
            data["metadata"].update(appendix=data["metadata"].get("appendix") or "C")
            data["definitions"]["terms"] = [{"term": "Term", "text": "A definition."}]
        for path in paths:
            counter = [0]
            poison(data, path.split("."), path, counter)
            assert counter[0] > 0, f"{name}: no value at {path}: the test would prove nothing"
        if name.endswith("policy.yaml"):
            metadata = data["metadata"]
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert MARK in metadata["title"]
    return build_site(project / "mkdocs.yml")


class _Scripts(HTMLParser):
    """Every script element's text and every event-handler attribute of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")
        self.handlers += [f"{tag} {name}={value}" for name, value in attrs if name.startswith("on")]

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def test_no_value_becomes_a_script_or_a_handler_in_any_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 7
    shown = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parsed = _Scripts()
        parsed.feed(html)
        leaks = [s for s in parsed.scripts if MARK in s] + [h for h in parsed.handlers if MARK in h]
        assert leaks == [], f"{page.relative_to(hostile_site)}: {leaks}"
        shown += html.count(f"&lt;script&gt;window.{MARK}")
    assert shown > 50  # the values are on the pages, as text


def test_metadata_is_escaped_in_the_title_header_and_download_label(hostile_site):
    html = (hostile_site / "procedures/ap-140-appendix-c-acceptable-use-of-social-media" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "&lt;script&gt;" in title and "<script>" not in title
    label = re.search(r'<span class="policy-download__detail">(.*?)</span>', html, re.S).group(1)
    assert "&lt;script&gt;" in label and "<img" not in label


@pytest.mark.parametrize("path", ["", "procedures/ap-140-appendix-c-acceptable-use-of-social-media/", "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/#account=personal&communicates_with_current_students=yes", "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/"])
def test_nothing_from_the_data_runs_in_the_browser(browser, hostile_site, path):
    with serving(hostile_site) as url:
        context = browser.new_context()
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + path)
        if path.startswith("procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/"):
            page.wait_for_selector("#checker[data-engine=ready]", timeout=60_000)
            wait_for_js(page, "() => document.querySelector('#scenario-result').dataset.verdict !== ''")
            assert MARK in page.locator("#scenario-result").inner_text()  # the clause text, shown as text
        if path == "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/":
            page.wait_for_selector("#quiz[data-engine=ready]", timeout=60_000)
            for fieldset in page.locator("fieldset[data-question-id]").all():
                fieldset.locator("input").first.check()
            page.get_by_role("button", name="Check my answers").click()
            page.locator(".quiz-verdict").wait_for()
            assert MARK in page.locator(".quiz-feedback").first.inner_text()
        assert page.evaluate(f"() => window.{MARK}") is None
        assert errors == []
        context.close()


def test_a_script_planted_after_the_build_is_blocked_by_the_csp(browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    procedure = site / "procedures/ap-140-appendix-c-acceptable-use-of-social-media" / "index.html"
    html = procedure.read_text(encoding="utf-8")
    procedure.write_text(html.replace("<body", "<script>window.__planted = 1</script><body", 1), encoding="utf-8")
    with serving(site) as url:
        context = browser.new_context()
        context.add_init_script(CSP_PROBE)
        page = context.new_page()
        page.goto(url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/")
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__planted") is None
        violations = page.evaluate("() => window.__cspViolations")
        context.close()
    assert any(v.startswith("script-src") and "inline" in v for v in violations), violations


def test_a_hostile_imported_document_is_shown_as_text(tmp_path):
    export = (
        "Administrative Procedure 999\n<script>window.__pwned=1</script> Title\n\n"
        "1. Section <img src=x onerror=alert(1)>\n\n"
        '1.1 Staff must not paste "</p><script>alert(2)</script>" into [links](javascript:alert(3)).\n'
        "1.2 Staff must keep *stars* and # hashes: as: written.\n"
    )
    imported = import_procedure(export, "hostile.txt")
    (tmp_path / "policy.yaml").write_text(imported.yaml_text, encoding="utf-8")
    policy = load_policy(tmp_path)
    assert policy.clause("1.1").text == 'Staff must not paste "</p><script>alert(2)</script>" into [links](javascript:alert(3)).'
    procedure = Procedure("hostile", Content(policy, QuestionBank(())))
    page = render_procedure(Manual(ManualInfo("District", "Manual", "en-CA"), (procedure,)), procedure)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page

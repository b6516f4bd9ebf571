"""The SCORM 1.2 package (`policy scorm`): its manifest, its files and its page, without a browser.

The package is made from the real site; tests/test_scorm_lms.py runs it in
Chromium under scorm-again.
"""

import json
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from policy_site.cli import main
from policy_site.mkdocs_plugin.server_configs import read_security_headers
from policy_site.scorm import package as scorm_package_module
from policy_site.scorm.documents import PACKAGE_START_TIMEOUT_SECONDS, package_csp
from policy_site.scorm.manifest import ADLCP, IMSCP, MANIFEST_FILE
from policy_site.scorm.package import PackagingError, scorm_package, write_scorm_package
from policy_site.scorm.site_links import resolve
from policy_site.scorm.suspend_data import SUSPEND_DATA_LIMIT, longest_suspend_data
from quiz.limits import MAX_QUESTIONS

from conftest import APPENDIX_C, ROOT, pyodide_folder

PROCEDURE = APPENDIX_C.name
LAUNCH = f"procedures/{PROCEDURE}/self-assessment/index.html"
READING = f"procedures/{PROCEDURE}/index.html"
NS = {"cp": IMSCP, "adlcp": ADLCP}


@pytest.fixture(scope="session")
def package_zip(built_site, tmp_path_factory) -> Path:
    return write_scorm_package(built_site, PROCEDURE, tmp_path_factory.mktemp("scorm") / "package.zip").path


@pytest.fixture(scope="session")
def entries(package_zip) -> dict[str, bytes]:
    with zipfile.ZipFile(package_zip) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="session")
def site_bundle(built_site) -> dict:
    return json.loads((built_site / "assets/engine/bundles" / f"{PROCEDURE}.json").read_text())


def manifest(entries) -> ET.Element:
    return ET.fromstring(entries[MANIFEST_FILE])


# ---- the manifest -------------------------------------------------------------


def test_every_file_in_the_zip_is_listed_and_every_listed_file_exists(entries):
    root = manifest(entries)
    listed = [f.get("href") for f in root.iterfind("cp:resources/cp:resource/cp:file", NS)]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(entries) - {MANIFEST_FILE}
    assert all(name in entries for name in listed)


def test_the_manifest_is_scorm_1_2_with_one_sco_launched_by_one_item(entries, site_bundle):
    root = manifest(entries)
    assert root.tag == f"{{{IMSCP}}}manifest"
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    organizations = root.find("cp:organizations", NS)
    [organization] = organizations.findall("cp:organization", NS)
    assert organizations.get("default") == organization.get("identifier")
    [item] = organization.findall("cp:item", NS)
    [resource] = root.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{ADLCP}}}scormtype") == "sco"
    assert resource.get("type") == "webcontent"
    assert resource.get("href") == LAUNCH and LAUNCH in entries
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == str(site_bundle["quiz"]["pass_mark"]) == "80"


def test_the_title_and_identifier_name_the_procedure_and_its_text(entries, site_bundle):
    """Next year's package (another fingerprint) is another activity in the LMS."""
    root = manifest(entries)
    policy = site_bundle["policy"]
    identifier = root.get("identifier")
    assert policy["slug"] in identifier and policy["fingerprint"] in identifier
    assert re.fullmatch(r"[A-Za-z_][\w.-]*", identifier)  # an XML ID
    assert root.get("version") == policy["fingerprint"]
    for title in (root.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS),
                  root.findtext("cp:organizations/cp:organization/cp:item/cp:title", namespaces=NS)):
        for part in (policy["designation"], policy["title"], policy["version"], policy["fingerprint"]):
            assert part in title


# ---- what is in the package ---------------------------------------------------------


def relative_urls(page: str, html: str) -> list[str]:
    """Every URL a packaged page loads or links to, resolved to a path in the package."""
    found = []
    for attribute, value in re.findall(r'\s(href|src|data-bundle|data-wheel|data-[a-z-]*-url)="([^"]*)"', html):
        if urlsplit(value).scheme or not urlsplit(value).path:
            continue
        found.append(resolve(page, value.replace("&amp;", "&")).path)
    return found


def test_the_package_holds_every_file_its_pages_load_and_link_to(entries):
    for page in (LAUNCH, READING):
        for path in relative_urls(page, entries[page].decode()):
            assert path in entries, f"{page} refers to {path}"
    html = entries[LAUNCH].decode()
    pyodide = resolve(LAUNCH, re.search(r'data-pyodide="([^"]*)"', html).group(1) + "x").path.removesuffix("x")
    module = re.search(r'data-pyodide-module="([^"]*)"', html).group(1)
    for name in (module, "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert pyodide + name in entries
    # Each script the pages load, and each script those load.
    for name, data in entries.items():
        if name.startswith("assets/quiz/"):
            for sibling in re.findall(r"""["']\./([\w.-]+\.js)["']""", data.decode()):
                assert f"assets/quiz/{sibling}" in entries, f"{name} loads {sibling}"


def test_the_package_holds_nothing_its_pages_do_not_need(entries):
    names = set(entries)
    assert not [n for n in names if n.endswith((".br", ".gz", ".mjs", ".map"))]
    assert "assets/quiz/checker-page.js" not in names and "assets/quiz/moved.js" not in names
    assert not [n for n in names if n.startswith(("search/", "assets/javascripts/"))]
    pages = sorted(n for n in names if n.endswith(".html"))
    assert pages == sorted([LAUNCH, READING])


def test_pyodide_modules_are_named_js_and_find_each_other(entries, built_site):
    runtime = pyodide_folder(built_site)  # the package keeps the site's folder
    loader = entries[f"{runtime}/pyodide.js"]
    assert b"pyodide.asm.js" in loader and b"pyodide.asm.mjs" not in loader
    original = (built_site / runtime / "pyodide.mjs").read_bytes()
    assert loader == original.replace(b"pyodide.asm.mjs", b"pyodide.asm.js")
    assert entries[f"{runtime}/pyodide.asm.wasm"] == (built_site / runtime / "pyodide.asm.wasm").read_bytes()


def test_the_bundle_links_citations_to_the_packaged_procedure_page(entries, site_bundle):
    packaged = json.loads(entries[f"assets/engine/bundles/{PROCEDURE}.json"])
    assert packaged["policy"]["procedure_url"] == "../index.html"
    packaged["policy"]["procedure_url"] = site_bundle["policy"]["procedure_url"]
    assert packaged == site_bundle


def test_the_sco_is_the_sites_page_with_its_own_csp_and_no_frame_ancestors(entries, built_site):
    html = entries[LAUNCH].decode()
    site_html = (built_site / LAUNCH).read_text()
    # The same questions, choices and feedback areas, byte for byte.
    questions = re.compile(r'<ol class="quiz-questions">.*?</ol>', re.S)
    assert questions.search(html).group(0) == questions.search(site_html).group(0)
    for region in ('<div class="engine-status" role="status" aria-live="polite">', '<div class="quiz-notice" role="alert" hidden></div>',
                   '<section id="quiz-results"', '<section id="completion-record"', 'data-engine="loading"'):
        assert region in html
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1)
    site_csp = read_security_headers(built_site)["Content-Security-Policy"]
    assert "frame-ancestors" in site_csp and "frame-ancestors" not in csp
    assert csp == package_csp(site_csp)
    for source in re.findall(r"'sha256-[^']+'", site_csp):
        assert source in csp
    assert html.index("Content-Security-Policy") < html.index("<script")  # before anything it governs
    assert not re.search(r"<script\b(?![^>]*\ssrc=)", html), "no inline script"
    # The run-time is loaded just before the quiz, so it hears the quiz's first event.
    assert re.search(r'src="[./]*assets/quiz/scorm-sco\.js"></script>\n<script type="module" src="[./]*assets/quiz/quiz-page\.js"', html)
    assert f'data-engine-timeout="{PACKAGE_START_TIMEOUT_SECONDS}"' in html
    assert 'data-pyodide-module="pyodide.js"' in html and "data-wasm-any-type" in html
    # What the site's page says about privacy is not true in an LMS, so the package says what is.
    assert "never sent anywhere" not in html and "nothing is sent anywhere" not in html
    assert 'class="scorm-connection"' in html


def test_links_to_pages_the_package_does_not_hold_become_plain_text(entries):
    reading = entries[READING].decode()
    assert 'href="check/' not in reading and 'href="changes/' not in reading and 'href="self-assessment/' not in reading
    assert 'href="../../downloads/' in reading
    assert re.search(r'<a class="headerlink" href="#clause-1-9"', reading)


def test_the_same_site_gives_the_same_package_byte_for_byte(built_site, package_zip, tmp_path):
    again = write_scorm_package(built_site, PROCEDURE, tmp_path / "again.zip").path
    assert again.read_bytes() == package_zip.read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert archive.namelist()[0] == MANIFEST_FILE


def test_the_package_is_a_few_megabytes(package_zip):
    assert 2_000_000 < package_zip.stat().st_size < 8_000_000


def test_a_procedure_without_a_self_assessment_is_refused_by_name(built_site):
    with pytest.raises(PackagingError, match="no self-assessment for 'no-such-procedure'.*ap-140-appendix-c"):
        scorm_package(built_site, "no-such-procedure")


def test_a_bank_whose_attempt_could_not_fit_suspend_data_is_refused(built_site, monkeypatch):
    monkeypatch.setattr(scorm_package_module, "SUSPEND_DATA_LIMIT", 40)
    with pytest.raises(PackagingError, match=r"could take \d+ characters, more than the 40 SCORM 1.2 gives"):
        scorm_package(built_site, PROCEDURE)


# ---- suspend_data: the longest attempt, here and in the browser's code ---------------------


def test_the_largest_bank_the_engine_takes_fits_in_suspend_data():
    # 1,000 questions (quiz.limits.MAX_QUESTIONS) of up to six choices: one character each.
    assert longest_suspend_data("0123456789abcdef", [6] * MAX_QUESTIONS) == 1037 <= SUSPEND_DATA_LIMIT
    assert longest_suspend_data("0123456789abcdef", [24] * MAX_QUESTIONS) == 4037 <= SUSPEND_DATA_LIMIT
    assert longest_suspend_data("0123456789abcdef", [25] * MAX_QUESTIONS) > SUSPEND_DATA_LIMIT


# Runs docs/assets/quiz/scorm-progress.js under Node: the longest value for a
# bank, every choice chosen and the seed and time at their longest, read back.
CODEC_CHECK = r"""
import { encodeProgress, decodeProgress } from %(module)s;
const [questions, choices] = [%(questions)d, %(choices)d];
const layout = Array.from({ length: questions }, (_, q) => ({
  id: `question-${String(q).padStart(4, "0")}`,
  choices: Array.from({ length: choices }, (_, c) => String.fromCharCode(97 + c)),
}));
const answers = Object.fromEntries(layout.map((q, i) => [q.id, q.choices.filter((_, c) => (i + c) %% 2 === 0 || c === 0)]));
const state = { seed: 0xffffffff, answers, submitted: true };
const text = encodeProgress(state, layout, "0123456789abcdef", 36 ** 7 * 1000 - 1);
const back = decodeProgress(text, layout, "0123456789abcdef");
const other = decodeProgress(text, layout, "fedcba9876543210");
console.log(JSON.stringify({ length: text.length, same: JSON.stringify(back.progress) === JSON.stringify(state), other: other.reason,
  garbled: decodeProgress(text.slice(0, -1), layout, "0123456789abcdef").reason }));
"""


@pytest.mark.parametrize("choices", [2, 6, 7, 24])
def test_the_browsers_suspend_data_is_as_long_as_the_packager_reckons_and_reads_back(choices):
    module = json.dumps((ROOT / "docs/assets/quiz/scorm-progress.js").as_uri())
    script = CODEC_CHECK % {"module": module, "questions": MAX_QUESTIONS, "choices": choices}
    result = json.loads(subprocess.run(["node", "--input-type=module", "-e", script], check=True, capture_output=True, text=True).stdout)
    assert result == {"length": longest_suspend_data("0123456789abcdef", [choices] * MAX_QUESTIONS), "same": True,
                      "other": "other-text", "garbled": "unreadable"}


# ---- the command -------------------------------------------------------------------


@pytest.mark.site
def test_policy_scorm_writes_the_package_and_says_how_big_it_is(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    output = tmp_path / "x.zip"
    assert main(["scorm", "-o", str(output)]) == 0
    printed = capsys.readouterr().out
    assert re.search(rf"Wrote {re.escape(str(output))} \(\d+\.\d MB, [\d,]+ bytes; \d+ files\)", printed)
    assert zipfile.ZipFile(output).namelist()[0] == MANIFEST_FILE
    # An existing package is replaced only on request; a folder gets the usual name.
    assert main(["scorm", "-o", str(output), "--procedure", PROCEDURE]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["scorm", "-o", str(tmp_path)]) == 0
    assert (tmp_path / f"{PROCEDURE}-scorm12.zip").read_bytes() == output.read_bytes()
    assert main(["scorm", "--procedure", "nothing-here", "-o", str(tmp_path / "y.zip")]) == 2
    assert 'no self-assessment for "nothing-here"' in capsys.readouterr().err


def test_the_sites_own_page_loads_none_of_the_packages_scripts(built_site):
    """The SCORM run-time is the package's alone: the site's page is as it was."""
    html = (built_site / LAUNCH).read_text()
    assert "scorm-" not in html and "data-pyodide-module" not in html and "data-wasm-any-type" not in html
    assert "frame-ancestors 'none'" in read_security_headers(built_site)["Content-Security-Policy"]

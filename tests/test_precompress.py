"""Precompressed files: the build writes a .br and a .gz beside each file that
compresses well, and the test server (like nginx) sends them to a browser that
accepts them. The real servers are in test_deployment.py."""

from __future__ import annotations

import gzip
import random
import shutil
import urllib.request
from pathlib import Path

import brotli
import pytest

from conftest import ROOT, pyodide_folder, serving
from page_states import READY
from policy_site.common.build_cache import BuildCache
from policy_site.mkdocs_plugin.build import build_site
from policy_site.mkdocs_plugin.precompress import ENCODINGS, WORTH_IT, precompress_site
from policy_site.mkdocs_plugin.server_configs import CONFIG_DIR
from projects import make_project

FIXTURES = Path(__file__).parent / "fixtures"
QUIZ_PAGE = "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/index.html"


def wasm(site: Path) -> str:
    """Pyodide's WebAssembly, from the site's root."""
    return f"{pyodide_folder(site)}/pyodide.asm.wasm"


def big_files(site: Path) -> tuple[str, ...]:
    """The files the report on page weight is about: each must have both siblings."""
    return (wasm(site), f"{pyodide_folder(site)}/pyodide.asm.mjs", QUIZ_PAGE, "search/search_index.json")
DECOMPRESS = {".br": brotli.decompress, ".gz": gzip.decompress}
MKDOCS_SITEMAP = "sitemap.xml.gz"  # MkDocs writes it; the build leaves it as it is


def siblings(site: Path) -> list[Path]:
    return sorted(p for suffix in DECOMPRESS for p in site.rglob(f"*{suffix}"))


def without_siblings(site: Path, into: Path) -> Path:
    """A copy of ``site`` as the build had it before precompressing."""
    def ours(folder, names):
        return [n for n in names if n.endswith(tuple(DECOMPRESS)) and n != MKDOCS_SITEMAP]

    return Path(shutil.copytree(site, into, ignore=ours))


# --- the built site -------------------------------------------------------------

def test_the_big_files_have_both_siblings(built_site):
    for name in big_files(built_site):
        original = (built_site / name).read_bytes()
        for suffix, decompress in DECOMPRESS.items():
            sibling = (built_site / (name + suffix)).read_bytes()
            assert decompress(sibling) == original, name + suffix
            assert len(sibling) <= len(original) * WORTH_IT, name + suffix


def test_every_sibling_is_its_file_compressed(built_site):
    found = siblings(built_site)
    assert len(found) > 2 * len(big_files(built_site))
    for sibling in found:
        original = sibling.with_suffix("")
        # MkDocs' own sitemap.xml.gz, left as MkDocs wrote it, says the same too.
        assert DECOMPRESS[sibling.suffix](sibling.read_bytes()) == original.read_bytes(), sibling


def test_server_configs_get_no_siblings(built_site):
    # They are for the administrator, not for browsers.
    assert siblings(built_site / CONFIG_DIR) == []


def test_the_plugin_filled_the_build_cache(built_site, tmp_path):
    # Precompressing the same files again with the project's cache compresses
    # nothing: the build stored every output under the key a rebuild looks up.
    site = without_siblings(built_site, tmp_path / "site")
    report = precompress_site(site, BuildCache.beside(ROOT), skip=(CONFIG_DIR,))
    assert report.compressed == 0
    assert [p.relative_to(site) for p in siblings(site)] == [p.relative_to(built_site) for p in siblings(built_site)]


# --- precompress_site on its own ------------------------------------------------

def _small_site(folder: Path) -> Path:
    folder.mkdir()
    (folder / "page.html").write_text("<p>Staff must do one thing.</p>\n" * 200)
    (folder / "app.js").write_text("export const clause = 'must';\n" * 100)
    # Random bytes do not compress: no sibling can save 10%.
    (folder / "noise.wasm").write_bytes(random.Random(140).randbytes(50_000))
    (folder / "photo.png").write_bytes(b"\x89PNG" + b"\0" * 10_000)  # compressible, but not a kind that gets siblings
    (folder / CONFIG_DIR).mkdir()
    (folder / CONFIG_DIR / "content-security-policy.txt").write_text("default-src 'none'\n" * 50)
    return folder


def test_siblings_only_where_they_save_a_tenth(tmp_path):
    site = _small_site(tmp_path / "site")
    report = precompress_site(site, skip=(CONFIG_DIR,))
    names = {p.relative_to(site).as_posix() for p in siblings(site)}
    assert names == {"page.html.br", "page.html.gz", "app.js.br", "app.js.gz"}
    assert sorted(report.not_worth_it) == [(site / "noise.wasm", "br"), (site / "noise.wasm", "gzip")]
    assert sorted(report.written) == sorted(site / n for n in names)


def test_a_sibling_that_exists_is_left_alone(tmp_path):
    site = _small_site(tmp_path / "site")
    (site / "page.html.gz").write_bytes(b"written by someone else")
    precompress_site(site)
    assert (site / "page.html.gz").read_bytes() == b"written by someone else"
    assert brotli.decompress((site / "page.html.br").read_bytes()) == (site / "page.html").read_bytes()


def test_the_output_is_the_same_on_every_build(tmp_path):
    first = _small_site(tmp_path / "first")
    second = shutil.copytree(first, tmp_path / "second")
    precompress_site(first)
    precompress_site(second)
    assert [p.read_bytes() for p in siblings(first)] == [p.read_bytes() for p in siblings(second)]
    assert (first / "page.html.gz").read_bytes()[4:8] == b"\0\0\0\0"  # gzip's MTIME field


def test_a_warm_cache_compresses_nothing_and_a_changed_file_only_itself(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    cold = _small_site(tmp_path / "cold")
    # The html, the js, and the noise (compressed, then dropped): each in both encodings.
    assert precompress_site(cold, cache, skip=(CONFIG_DIR,)).compressed == 3 * len(ENCODINGS)

    warm = without_siblings(cold, tmp_path / "warm")
    report = precompress_site(warm, cache, skip=(CONFIG_DIR,))
    assert report.compressed == 0
    assert [p.read_bytes() for p in siblings(warm)] == [p.read_bytes() for p in siblings(cold)]
    assert len(report.not_worth_it) == len(ENCODINGS)

    edited = without_siblings(cold, tmp_path / "edited")
    (edited / "app.js").write_text("export const clause = 'must not';\n" * 100)
    assert precompress_site(edited, cache, skip=(CONFIG_DIR,)).compressed == len(ENCODINGS)
    assert gzip.decompress((edited / "app.js.gz").read_bytes()) == (edited / "app.js").read_bytes()


def test_without_a_cache_every_sibling_is_compressed(tmp_path):
    site = _small_site(tmp_path / "site")
    # The html, the js, the noise, and the server config's text (no folder skipped).
    assert precompress_site(site, None).compressed == 4 * len(ENCODINGS)


@pytest.mark.site
def test_the_option_turns_it_off(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_SITE_PRECOMPRESS", "false")  # mkdocs.yml: precompress: !ENV [...]
    site = build_site(make_project(tmp_path, FIXTURES / "valid-minimal"))
    assert (site / "procedures" / "example" / "self-assessment" / "index.html").is_file()
    assert [p.name for p in siblings(site)] == [MKDOCS_SITEMAP]


# --- through the test server (conftest.serving), and in the browser ------------

def test_chromium_receives_brotli_and_the_quiz_starts(page, site_url, built_site):
    encodings = {}
    page.context.on("response", lambda r: encodings.__setitem__(r.url.split("?")[0], r.headers.get("content-encoding")))
    page.goto(site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/")
    page.wait_for_selector("#quiz[data-engine=ready]", timeout=READY)
    assert encodings[site_url + "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/"] == "br"
    assert encodings[site_url + wasm(built_site)] == "br"
    assert encodings[f"{site_url}{pyodide_folder(built_site)}/pyodide.asm.mjs"] == "br"


def test_the_test_server_sends_what_the_client_accepts(built_site, tmp_path):
    site = without_siblings(built_site, tmp_path / "site")
    precompress_site(site, BuildCache.beside(ROOT), skip=(CONFIG_DIR,))
    (site / "about" / "index.html").write_text("changed after the build")  # its siblings are now stale

    def get(url: str, accept_encoding: str) -> tuple[str | None, str, str, bytes]:
        request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding})
        with urllib.request.urlopen(request, timeout=10) as response:
            headers = response.headers
            return headers["Content-Encoding"], headers["Content-Type"], headers["Vary"], response.read()

    with serving(site) as url:
        path = wasm(site)
        original = (site / path).read_bytes()
        assert get(url + path, "gzip, deflate, br") == ("br", "application/wasm", "Accept-Encoding", (site / (path + ".br")).read_bytes())
        assert get(url + path, "br;q=0, gzip") == ("gzip", "application/wasm", "Accept-Encoding", (site / (path + ".gz")).read_bytes())
        assert get(url + path, "identity") == (None, "application/wasm", "Accept-Encoding", original)
        assert get(url + "about/", "br") == (None, "text/html", None, b"changed after the build")

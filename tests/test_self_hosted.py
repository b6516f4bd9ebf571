"""Privacy: no page loads anything from another host."""

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

_LOADING_ATTRIBUTES = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"),
                       ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href")}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


class _LoadedUrls(HTMLParser):
    """URLs a browser would fetch while rendering the page (not ordinary <a> links)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if (tag, name) in _LOADING_ATTRIBUTES and value:
                if tag == "link" and attributes.get("rel") in ("canonical", "alternate"):
                    continue
                self.urls.append(value)
            if name == "style" and value:
                self.urls += _CSS_URL.findall(value)
            if name == "srcset" and value:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]

    def handle_data(self, data):
        self.urls += _CSS_URL.findall(data) + _CSS_IMPORT.findall(data)


def _is_other_host(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or parsed.scheme not in ("", "data")


def test_no_built_page_or_stylesheet_names_a_url_of_another_host(built_site):
    offenders = []
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        parser = _LoadedUrls()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(built_site)}: {url}" for url in parser.urls if _is_other_host(url)]
    stylesheets = list(built_site.rglob("*.css"))
    assert stylesheets
    for path in stylesheets:
        css = path.read_text(encoding="utf-8")
        urls = _CSS_URL.findall(css) + _CSS_IMPORT.findall(css)
        offenders += [f"{path.relative_to(built_site)}: {url}" for url in urls if _is_other_host(url)]
    assert offenders == []


def test_the_scanner_would_catch_a_font_from_another_host():
    parser = _LoadedUrls()
    parser.feed('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
                '<div style="background:url(//cdn.example/x.png)"></div><a href="https://example.org">ok</a>')
    assert [u for u in parser.urls if _is_other_host(u)] == [
        "https://fonts.googleapis.com/css?family=Roboto", "//cdn.example/x.png"]


@pytest.mark.parametrize("path", ["", "procedures/ap-140-appendix-c-acceptable-use-of-social-media/", "about/", "404.html"])
def test_opening_a_page_and_searching_requests_only_the_local_server(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.locator(".md-search__input").click()
    page.keyboard.type("consent")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    assert page.requested_urls, "the page made no requests at all?"
    assert [u for u in page.requested_urls if not u.startswith(site_url)] == []


def test_no_google_fonts_and_no_repository_widget(built_site):
    html = (built_site / "procedures/ap-140-appendix-c-acceptable-use-of-social-media" / "index.html").read_text(encoding="utf-8")
    assert "fonts.g" not in html
    assert "md-source" not in html  # repo_url would make every page call the GitHub API

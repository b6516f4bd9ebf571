"""A browser that blocks storage (privacy settings, some managed Chromebooks)
gets every page without a script error: our copy of Material's first inline
script guards its storage helpers."""

from pathlib import Path

import material

from conftest import ROOT

BLOCK_STORAGE = """
for (const name of ['localStorage', 'sessionStorage'])
  Object.defineProperty(window, name, {get() { throw new DOMException('blocked', 'SecurityError'); }});
"""
MATERIAL_ORIGINAL = (
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
OURS = (
    '__md_get=(e,_,t=__md_scope)=>{try{return JSON.parse((_||localStorage).getItem(t.pathname+"."+e))}catch(e){return null}},'
    '__md_set=(e,_,t,a=__md_scope)=>{try{(t||localStorage).setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)


def script_line(path: Path) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("<script>"))


def test_our_copy_differs_from_materials_only_in_the_storage_helpers():
    theirs = script_line(Path(material.__file__).parent / "templates" / "partials" / "javascripts" / "base.html")
    ours = script_line(ROOT / "docs" / "overrides" / "partials" / "javascripts" / "base.html")
    assert MATERIAL_ORIGINAL in theirs, "Material's base.html partial changed: copy it again and re-apply the guard"
    assert ours == theirs.replace(MATERIAL_ORIGINAL, OURS)


def test_pages_load_without_errors_when_storage_is_blocked(browser, site_url):
    context = browser.new_context()
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    for path in ("", "procedures/ap-140-appendix-c-acceptable-use-of-social-media/", "about/"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        # What Material's scripts do when the reader picks a palette: save, and read back.
        assert page.evaluate("() => { __md_set('__palette', {index: 1}); return __md_get('__palette'); }") is None
    context.close()
    # Before the guard: two uncaught SecurityErrors on every page.
    assert errors == []

"""A returning reader's engine starts from the interpreter snapshot their browser keeps
(docs/assets/quiz/engine-snapshot.js), in Chromium with the real Pyodide.

Every other browser test starts in a new context (no Cache Storage), so it
covers the fresh start; these cover the second visit, and the ways a kept
snapshot can be wrong.
"""

import pytest

from conftest import CSP_PROBE, wait_for_js
from test_quiz_page import READY, bundle, pass_the_quiz

QUIZ = "procedures/ap-140-appendix-c-acceptable-use-of-social-media/self-assessment/"
CHECKER = "procedures/ap-140-appendix-c-acceptable-use-of-social-media/check/"
CACHE = "policy-engine-start"  # SNAPSHOT_CACHE in engine-snapshot.js

# The keys in the snapshot cache, and each entry's size in bytes.
KEPT = f"""async () => {{
  const cache = await caches.open({CACHE!r});
  const kept = {{}};
  // The worker may drop an entry between keys() and match(): it is no longer kept.
  for (const request of await cache.keys()) {{
    const response = await cache.match(request);
    if (response) kept[request.url] = (await response.arrayBuffer()).byteLength;
  }}
  return kept;
}}"""


@pytest.fixture
def context(browser):
    """One browser profile for several visits (a new context has an empty Cache Storage)."""
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    yield context
    context.close()


def visit(context, site_url, path=QUIZ, root="#quiz"):
    """Open an engine page, wait for its engine; returns the page and how Python started."""
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_selector(f"{root}[data-engine=ready]", timeout=READY)
    assert page.evaluate("window.__cspViolations") == []
    return page, page.get_attribute(root, "data-engine-start")


def snapshot_key(page, root="#quiz") -> str:
    return page.evaluate(f"new URL('interpreter-snapshot', new URL(document.querySelector('{root}').dataset.pyodide, document.baseURI)).href")


def wait_until_kept(page, key: str) -> dict:
    """Wait until the snapshot for ``key`` is in Cache Storage (it is written after the engine is ready)."""
    wait_for_js(page, f"async () => {{ const kept = await ({KEPT})(); return (kept[{key!r}] || 0) > 1e6; }}", timeout=60)
    return page.evaluate(KEPT)


def test_the_second_visit_starts_from_the_snapshot_and_the_quiz_still_grades(context, site_url, built_site):
    first, how = visit(context, site_url)
    assert how == "fresh"
    key = snapshot_key(first)
    kept = wait_until_kept(first, key)
    assert list(kept) == [key] and kept[key] > 10_000_000  # Pyodide's whole memory, tens of MB
    first.close()

    second, how = visit(context, site_url)
    assert how == "snapshot"
    pass_the_quiz(second, bundle(built_site))


# Holds back every "settled" message a page sends its engine worker (engine-client.js); window.__held sends them.
HOLD_SETTLED = """
(() => {
  const post = Worker.prototype.postMessage;
  const held = [];
  window.__held = held;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === "settled") held.push(() => post.call(this, message, ...rest));
    else return post.call(this, message, ...rest);
  };
})();
"""


def test_the_snapshot_is_kept_only_once_the_page_has_started(context, site_url):
    # Writing it holds the worker for ~60 ms: that must not come before the
    # page's first answers (the quiz's question order), so the worker waits
    # until the page says it has started.
    context.add_init_script(HOLD_SETTLED)
    page, how = visit(context, site_url)
    assert how == "fresh"
    wait_for_js(page, "() => window.__held.length === 1")  # the page has started, and said so once
    page.wait_for_timeout(2000)
    assert page.evaluate(KEPT) == {}  # held back: nothing kept
    page.evaluate("window.__held.forEach((send) => send())")
    key = snapshot_key(page)
    assert list(wait_until_kept(page, key)) == [key]


def test_a_first_visit_to_the_checker_keeps_the_snapshot_too(context, site_url):
    checker, how = visit(context, site_url, CHECKER, "#checker")
    assert how == "fresh"
    key = snapshot_key(checker, "#checker")
    assert list(wait_until_kept(checker, key)) == [key]


def test_the_checker_starts_from_the_same_snapshot(context, site_url):
    quiz, _ = visit(context, site_url)
    wait_until_kept(quiz, snapshot_key(quiz))
    checker, how = visit(context, site_url, CHECKER + "#account=personal&communicates_with_current_students=yes", "#checker")
    assert how == "snapshot"
    wait_for_js(checker, "() => document.querySelector('#scenario-result').dataset.verdict !== ''")
    assert checker.get_attribute("#scenario-result", "data-verdict") == "not_permitted"


def test_the_snapshot_is_taken_before_the_engine_or_its_questions_are_in_python(context, site_url, built_site):
    page, _ = visit(context, site_url)
    key = snapshot_key(page)
    wait_until_kept(page, key)
    question = bundle(built_site)["questions"][0]["prompt"]
    found = page.evaluate(
        """async ([cache, key, words]) => {
          const bytes = new Uint8Array(await (await (await caches.open(cache)).match(key)).arrayBuffer());
          const text = new TextDecoder("latin1").decode(bytes);
          return Object.fromEntries(words.map((w) => [w, text.includes(w)]));
        }""",
        [CACHE, key, ["encodings.utf_8", question[:40], "quiz.api", "policy_quiz_engine"]],
    )
    # The search works (Python's start-up is in it), and nothing of the engine or its questions is.
    assert found == {"encodings.utf_8": True, question[:40]: False, "quiz.api": False, "policy_quiz_engine": False}


def test_a_snapshot_pyodide_refuses_is_dropped_and_replaced_and_old_runtimes_are_cleared(context, site_url):
    page, _ = visit(context, site_url)
    key = snapshot_key(page)
    wait_until_kept(page, key)
    old_runtime = key.replace("/interpreter-snapshot", "-old/interpreter-snapshot")
    page.evaluate(
        """async ([cache, key, old]) => {
          const store = await caches.open(cache);
          await store.put(key, new Response(new Uint8Array(4096).fill(7)));  // not a snapshot
          await store.put(old, new Response(new Uint8Array(4096)));  // another runtime's
        }""",
        [CACHE, key, old_runtime],
    )
    page.close()

    again, how = visit(context, site_url)
    assert how == "fresh"  # the broken one was refused, and the page still got its engine
    kept = wait_until_kept(again, key)
    assert list(kept) == [key]
    again.close()

    third, how = visit(context, site_url)
    assert how == "snapshot"


def test_without_cache_storage_the_engine_starts_afresh_every_time(context, site_url):
    # As in a browser with no Cache Storage for the page (a site on plain http from another host).
    def without_cache_storage(route):
        source = route.fetch().text()
        assert 'typeof caches === "object" && caches' in source
        route.fulfill(status=200, content_type="text/javascript",
                      body=source.replace('typeof caches === "object" && caches', "false"))

    context.route("**/engine-snapshot.js", without_cache_storage)
    for _ in range(2):
        page, how = visit(context, site_url)
        assert how == "fresh"
        assert page.evaluate(KEPT) == {}
        page.close()

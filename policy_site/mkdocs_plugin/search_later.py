"""On the engine's pages, Material's search worker is ours, which starts Material's once the page has started.

Material builds its search index in a worker as soon as a page opens. On the
self-assessment and the scenario checker that takes the reader's cores from
Pyodide's start, the wait they see (about 5% of a first visit, measured, and
more as the manual's index grows). Material has no setting to delay it, but
it creates its worker from the ``search`` URL in the page's ``__config``; on
those pages that URL becomes ``docs/assets/quiz/search-after-engine.js``,
with Material's own worker in its #fragment. That script loads Material's
worker when the page has started (its engine answered the page's first
requests, or failed), when the reader goes to the
search box, or after 15 seconds at most (LATEST_MS).
"""

from __future__ import annotations

import json
import posixpath
import re

from ..render.site_layout import SCRIPTS_DIR

SEARCH_WORKER = "search-after-engine.js"

# Material writes its settings as JSON in one script element (base.html, block "config").
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


class SearchConfigMissing(Exception):
    """The page has no Material ``__config`` with a search worker (a new Material, say)."""


def search_after_engine(html: str, page_name: str) -> str:
    """``html`` with Material's search worker replaced by ours, which starts it later.

    Raises:
        SearchConfigMissing: the page has no ``__config`` naming a search worker.
    """
    found = _CONFIG.search(html)
    config = json.loads(found.group(2)) if found else {}
    material_worker = config.get("search")
    if not isinstance(material_worker, str) or "#" in material_worker or "assets/" not in material_worker:
        raise SearchConfigMissing(
            f"{page_name}: Material's __config names no search worker to delay; "
            "update policy_site/mkdocs_plugin/search_later.py for this version of Material"
        )
    # Relative URLs: the page's own, and Material's worker from ours (they share the site root's prefix).
    root_prefix = material_worker[: material_worker.index("assets/")]
    ours = f"{SCRIPTS_DIR}/{SEARCH_WORKER}"
    config["search"] = f"{root_prefix}{ours}#{posixpath.relpath(material_worker[len(root_prefix):], posixpath.dirname(ours))}"
    text = json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return html[: found.start(2)] + text + html[found.end(2):]

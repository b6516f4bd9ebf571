"""The most the engine accepts in one request, named in one place.

The engine answers whatever JSON it is sent, in a reader's browser tab
(Pyodide, in a Web Worker) or in CPython. A mistaken or hostile request must
get an error back, not freeze the tab or exhaust Python's stack, so requests
are held to these limits before any work is done on them. Each is far above
what the site itself sends (its bundle is about 30 KB of JSON, 11 levels deep
inside a load request, with 22 questions and 7 facts), so real data should
never come near one.
"""

from __future__ import annotations

from collections.abc import Sized

from .errors import EngineError

# Characters in one request string; a load request carries the whole bundle.
# Checked before parsing, so an oversized request costs nothing to refuse.
MAX_REQUEST_CHARS = 2_000_000

# Lists and objects inside one another. Python's JSON parser, and the engine
# when it reads and evaluates a condition, recurse once per level; a request
# nested deeply enough exhausts the stack (RecursionError in CPython). Checked
# before parsing, with a scan whose cost grows only with the request's length.
MAX_JSON_DEPTH = 64

# Questions in a bundle, questions in an attempt, and answers to grade.
MAX_QUESTIONS = 1_000

# Facts in a bundle, and answers sent to the scenario checker.
MAX_FACTS = 1_000

# Released versions in a bundle, and the clauses each names as changed since.
MAX_VERSIONS = 200
MAX_CLAUSES = 20_000


def at_most(items: Sized, most: int, where: str) -> None:
    """Refuse ``items`` (named ``where`` in the message) if there are more than ``most``.

    Called before the items are looked at one by one, so the work done on a
    request is bounded by the limit, not by what was sent.
    """
    if len(items) > most:
        raise EngineError(f"{where} has {len(items):,} entries; the most the engine accepts is {most:,}")

"""The engine's one entry point: a JSON request string in, a JSON response string out.

The browser (through Pyodide, in a Web Worker) and the tests (in CPython)
call ``handle`` the same way, so what is tested is what runs. No Python
objects cross into JavaScript.

Requests (``op`` and its fields):

- ``load``: ``bundle`` (the dict written at build time). Must come first.
- ``make_attempt``: ``seed`` (int), optional ``count``.
- ``grade``: ``attempt``, ``answers`` (question id -> [choice ids]), optional ``pass_mark``.
- ``check_scenario``: ``facts`` (fact name -> ``yes``/``no`` or a value, as in a link).

Responses: ``{"ok": true, ...result}`` or ``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import json

from .attempt import make_attempt
from .bundle import Bundle, read_bundle
from .errors import EngineError
from .grading import grade_attempt
from .scenario import check_scenario

_loaded: Bundle | None = None


def _require_bundle() -> Bundle:
    if _loaded is None:
        raise EngineError('no bundle loaded; send {"op": "load", "bundle": ...} first')
    return _loaded


def _load(request: dict) -> dict:
    global _loaded
    _loaded = read_bundle(request.get("bundle"))
    return {"fingerprint": _loaded.fingerprint, "questions": len(_loaded.questions)}


def _make_attempt(request: dict) -> dict:
    return {"attempt": make_attempt(_require_bundle(), request.get("seed"), request.get("count"))}


def _grade(request: dict) -> dict:
    return grade_attempt(_require_bundle(), request.get("attempt"), request.get("answers", {}), request.get("pass_mark"))


def _check_scenario(request: dict) -> dict:
    return check_scenario(_require_bundle(), request.get("facts", {}))


OPERATIONS = {"load": _load, "make_attempt": _make_attempt, "grade": _grade, "check_scenario": _check_scenario}


def handle(request: str) -> str:
    """Answer one JSON request with one JSON response (never raises for bad input)."""
    try:
        parsed = json.loads(request)
    except (TypeError, ValueError) as exc:
        return json.dumps({"ok": False, "error": f"request is not JSON: {exc}"})
    if not isinstance(parsed, dict) or parsed.get("op") not in OPERATIONS:
        known = ", ".join(OPERATIONS)
        return json.dumps({"ok": False, "error": f"request needs an op, one of: {known}"})
    try:
        result = OPERATIONS[parsed["op"]](parsed)
    except EngineError as exc:
        return json.dumps({"ok": False, "error": str(exc)})
    return json.dumps({"ok": True, **result}, ensure_ascii=False)

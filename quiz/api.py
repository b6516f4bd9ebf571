"""The engine's one entry point: a JSON request string in, a JSON response string out.

The browser (through Pyodide, in a Web Worker) and the tests (in CPython)
call ``handle`` the same way, so what is tested is what runs. No Python
objects cross into JavaScript.

Requests (``op`` and its fields):

- ``load``: ``bundle`` (the dict written at build time). Must come first.
- ``make_attempt``: ``seed`` (int), optional ``count``, or ``only`` (question
  ids: a re-assessment of what changed).
- ``reassessment``: ``fingerprint`` of the text a stored pass was for; answers
  a ``plan`` (``quiz.reassessment``).
- ``grade``: ``attempt``, ``answers`` (question id -> [choice ids]), optional ``pass_mark``.
- ``check_scenario``: ``facts`` (fact name -> ``yes``/``no`` or a value, as in a link).

Responses: ``{"ok": true, ...result}`` or ``{"ok": false, "error": "..."}``.
``handle`` never raises: whatever it is sent, it answers with one of these.

Limits (``quiz.limits``; a request over one gets ``ok: false`` saying which):

- ``MAX_REQUEST_CHARS`` (2,000,000): characters in one request, checked
  before parsing;
- ``MAX_JSON_DEPTH`` (64): lists and objects inside one another, checked
  before parsing;
- ``MAX_QUESTIONS`` (1,000): questions in a bundle or an attempt, answers to grade;
- ``MAX_FACTS`` (1,000): facts in a bundle, answers to ``check_scenario``;
- ``MAX_VERSIONS`` (200) and ``MAX_CLAUSES`` (20,000): versions in a bundle,
  and the clauses each names as changed.

Within them, every operation takes time in proportion to the size of the
bundle and the request.
"""

from __future__ import annotations

import json

from .attempt import make_attempt
from .bundle import Bundle, read_bundle
from .errors import EngineError
from .grading import grade_attempt
from .json_input import read_request
from .reassessment import reassessment_plan
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
    return {"attempt": make_attempt(_require_bundle(), request.get("seed"), request.get("count"), request.get("only"))}


def _reassessment(request: dict) -> dict:
    return {"plan": reassessment_plan(_require_bundle(), request.get("fingerprint"))}


def _grade(request: dict) -> dict:
    return grade_attempt(_require_bundle(), request.get("attempt"), request.get("answers", {}), request.get("pass_mark"))


def _check_scenario(request: dict) -> dict:
    return check_scenario(_require_bundle(), request.get("facts", {}))


OPERATIONS = {
    "load": _load, "make_attempt": _make_attempt, "grade": _grade, "check_scenario": _check_scenario,
    "reassessment": _reassessment,
}


def handle(request: str) -> str:
    """Answer one JSON request with one JSON response; never raises.

    A bad request gets ``{"ok": false, "error": <what is wrong>}``. Anything
    else that goes wrong is a bug in the engine: it is answered as
    ``"internal error: <type>: <message>"`` so the page can say so instead of
    hanging, and the tests (``tests/test_engine_contract.py``) fail on it.
    """
    try:
        parsed = read_request(request)
        op = parsed.get("op") if isinstance(parsed, dict) else None
        if not isinstance(op, str) or op not in OPERATIONS:
            raise EngineError(f"request needs an op, one of: {', '.join(OPERATIONS)}")
        return json.dumps({"ok": True, **OPERATIONS[op](parsed)}, ensure_ascii=False)
    except EngineError as exc:
        return _error(str(exc))
    except Exception as exc:  # a bug, not bad input: answer anyway, the page must not hang
        return _error(f"internal error: {type(exc).__name__}: {exc}")


def _error(message: str) -> str:
    return json.dumps({"ok": False, "error": message})

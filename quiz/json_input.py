"""Reading the JSON the engine is sent: the request string, then each value's type.

``json.loads`` gives back whatever the sender wrote, so a value the engine
expects to be text may be a list, a number, an object or missing. Every value
from outside is read through these helpers once, where it enters, and a wrong
one becomes an ``EngineError`` that names the place
(``attempt.questions[3].id must be text, not a list``) instead of a
TypeError somewhere deep inside the engine. Past that point the engine can
trust its types.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from .errors import EngineError
from .limits import MAX_JSON_DEPTH, MAX_REQUEST_CHARS

# A JSON string (escapes included), or a run of characters that are neither
# brackets nor quotes: what is left after removing them is the brackets that
# really nest. A string the parser would reject leaves its quote behind and its
# contents are scanned as brackets, which can only overstate the depth of what
# the parser would read before it stops at the same place.
_STRING_OR_NOT_A_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+', re.DOTALL)
_DEPTH_CHANGE = {"[": 1, "{": 1, "]": -1, "}": -1, '"': 0}


def read_request(request: str) -> Any:
    """Parse one request, refusing one that is too large or too deeply nested before parsing it.

    Raises:
        EngineError: naming the limit (``quiz.limits``) or the JSON error.
    """
    if not isinstance(request, str):
        raise EngineError(f"request must be JSON text, not {type(request).__name__}")
    if len(request) > MAX_REQUEST_CHARS:
        raise EngineError(
            f"request is too large: {len(request):,} characters; the most the engine accepts is {MAX_REQUEST_CHARS:,}"
        )
    brackets = _STRING_OR_NOT_A_BRACKET.sub("", request)
    depth = max(accumulate(map(_DEPTH_CHANGE.__getitem__, brackets)), default=0)
    if depth > MAX_JSON_DEPTH:
        raise EngineError(
            f"request is nested too deeply: {depth:,} levels of lists and objects; the most the engine accepts is {MAX_JSON_DEPTH}"
        )
    try:
        return json.loads(request)
    except ValueError as exc:
        raise EngineError(f"request is not JSON: {exc}") from None


def described(value: Any) -> str:
    """What kind of JSON value this is, for a message: "a list", "text", "a number"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_whole_number(value: Any) -> bool:
    """An int, but not True/False (which Python counts as ints)."""
    return isinstance(value, int) and not isinstance(value, bool)


def an_object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise EngineError(f"{where} must be an object, not {described(value)}")
    return value


def a_list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise EngineError(f"{where} must be a list, not {described(value)}")
    return value


def text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise EngineError(f"{where} must be text, not {described(value)}")
    return value


def optional_text(value: Any, where: str) -> str | None:
    return None if value is None else text(value, where)


def true_or_false(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise EngineError(f"{where} must be true or false, not {described(value)}")
    return value


def percent(value: Any, where: str) -> int:
    if not is_whole_number(value) or not 0 <= value <= 100:
        raise EngineError(f"{where} must be a whole percent from 0 to 100")
    return value


_REQUIRED = object()


def member(raw: dict, key: str, where: str, read: Callable[[Any, str], Any], default: Any = _REQUIRED) -> Any:
    """``raw[key]`` checked by ``read`` (``where`` names ``raw``); ``default`` if it may be left out."""
    place = f"{where}.{key}"
    if key not in raw:
        if default is _REQUIRED:
            raise EngineError(f"{place} is missing")
        return default
    return read(raw[key], place)


def list_of(value: Any, where: str, read: Callable[[Any, str], Any]) -> list:
    """A list whose every item is checked by ``read``, each named by its index."""
    return [read(item, f"{where}[{index}]") for index, item in enumerate(a_list(value, where))]


def all_different(values: list[str], where: str) -> None:
    """Refuse a repeated id: ``where`` is a pattern for the place of each, e.g. ``"attempt.questions[{}].id"``."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise EngineError(f"{where.format(index)} {value!r} is listed twice; each must be different")
        seen.add(value)

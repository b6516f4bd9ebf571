"""Declarative shapes of the policy YAML files, and a reader that checks them.

One description serves two purposes: reading a file (with a precise message for
every unknown key, missing key or wrong type) and, later, writing a JSON Schema
for editors. Values keep their source locations so that checks made after
reading (references, clause order) can still point at the right line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..common.problems import Location, ProblemLog, display_path
from .limits import MAX_TEXT_CHARACTERS
from .yaml_tree import YamlList, YamlMap, YamlNode, YamlScalar, read_yaml


@dataclass(frozen=True)
class Text:
    """A string. ``pattern`` (a regex) and ``hint`` describe what is allowed."""

    pattern: str | None = None
    hint: str = ""
    choices: tuple[str, ...] = ()
    multiline: bool = False


@dataclass(frozen=True)
class Boolean:
    """true or false, written exactly so (``yes``/``no`` are refused: they are ambiguous)."""


@dataclass(frozen=True)
class Integer:
    """A whole number from ``minimum`` to ``maximum``."""

    minimum: int
    maximum: int


@dataclass(frozen=True)
class Scalar:
    """Text, or true/false: for a value compared with a fact that may be either."""


@dataclass(frozen=True)
class MapOf:
    """A mapping from free-form keys (checked later, e.g. fact names) to values of one shape."""

    value: "Shape"
    key_name: str = "key"


@dataclass(frozen=True)
class ListOf:
    item: "Shape"
    min_items: int = 0


@dataclass(frozen=True)
class Field:
    shape: "Shape"
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Record:
    """A mapping with a fixed set of keys."""

    name: str  # how a person calls it in a message ("clause", "section")
    fields: dict[str, Field] = field(default_factory=dict)


Shape = Text | Boolean | Integer | Scalar | MapOf | ListOf | Record


class Located:
    """Mixin giving read values their source location."""

    location: Location


class LocatedStr(str, Located):
    def __new__(cls, value: str, location: Location):
        obj = super().__new__(cls, value)
        obj.location = location
        return obj


class LocatedList(list, Located):
    def __init__(self, items, location: Location):
        super().__init__(items)
        self.location = location


class LocatedDict(dict, Located):
    """A read record; ``key_locations`` says where each key was written."""

    def __init__(self, location: Location):
        super().__init__()
        self.location = location
        self.key_locations: dict[str, Location] = {}

    def where(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)

    def written(self, key: str) -> bool:
        """True when the key was in the file, even if its value was invalid (and so is absent here)."""
        return key in self.key_locations


def shortened(text: str, limit: int = 80) -> str:
    """A value as quoted in a message: long values are cut, so a message stays one readable line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(node: YamlNode) -> str:
    if isinstance(node, YamlMap):
        return "a mapping"
    if isinstance(node, YamlList):
        return "a list"
    if node.is_null:
        return "empty"
    return f'"{shortened(node.text)}"'


def read_shape(node: YamlNode, shape: Shape, log: ProblemLog, what: str):
    """Check ``node`` against ``shape`` and return the value read.

    Args:
        node: the located YAML node.
        shape: what is expected there.
        log: where problems go.
        what: how to name the value in messages (e.g. 'clause "1.9" kind').

    Returns:
        A LocatedStr, bool, LocatedList or LocatedDict; None when the value is unusable.
    """
    if isinstance(shape, Text):
        return _read_text(node, shape, log, what)
    if isinstance(shape, Boolean):
        if isinstance(node, YamlScalar) and not node.quoted and node.text in ("true", "false"):
            return node.text == "true"
        log.error(node.location, f"{what} must be true or false, not {_describe(node)}")
        return None
    if isinstance(shape, Integer):
        if isinstance(node, YamlScalar) and not node.quoted and re.fullmatch(r"-?\d+", node.text):
            value = int(node.text)
            if shape.minimum <= value <= shape.maximum:
                return value
        log.error(node.location, f"{what} must be a whole number from {shape.minimum} to {shape.maximum}, not {_describe(node)}")
        return None
    if isinstance(shape, Scalar):
        if isinstance(node, YamlScalar) and not node.is_null:
            if not node.quoted and node.text in ("true", "false"):
                return node.text == "true"
            return LocatedStr(node.text, node.location)
        log.error(node.location, f"{what} must be a single value, not {_describe(node)}")
        return None
    if isinstance(shape, MapOf):
        if not isinstance(node, YamlMap):
            log.error(node.location, f"{what} must be a mapping of {shape.key_name} to value, not {_describe(node)}")
            return None
        result = LocatedDict(node.location)
        for key, value in node.entries:
            result.key_locations[key.text] = key.location
            read = read_shape(value, shape.value, log, f'"{key.text}"')
            if read is not None:
                result[LocatedStr(key.text, key.location)] = read
        return result
    if isinstance(shape, ListOf):
        if not isinstance(node, YamlList):
            if isinstance(node, YamlScalar) and node.is_null and shape.min_items == 0:
                return LocatedList([], node.location)
            log.error(node.location, f"{what} must be a list (lines starting with '- '), not {_describe(node)}")
            return None
        if len(node.items) < shape.min_items:
            log.error(node.location, f"{what} needs at least {shape.min_items} item(s)")
        values = [read_shape(item, shape.item, log, f"{what} item {i + 1}") for i, item in enumerate(node.items)]
        return LocatedList([v for v in values if v is not None], node.location)
    return _read_record(node, shape, log, what)


def _read_text(node: YamlNode, shape: Text, log: ProblemLog, what: str):
    if not isinstance(node, YamlScalar) or node.is_null:
        log.error(node.location, f"{what} must be text, not {_describe(node)}")
        return None
    if len(node.text) > MAX_TEXT_CHARACTERS:
        log.error(node.location, f"{what} is {len(node.text):,} characters long; the limit for one value is "
                  f"{MAX_TEXT_CHARACTERS:,}: check that text was not pasted twice, or split it as the district does")
        return None
    # A plain scalar keeps the text as written, so `number: 1.10` means "1.10"
    # (not the float 1.1) and `kind: no` means "no" (not False).
    value = " ".join(node.text.split()) if not shape.multiline else node.text.strip()
    if shape.choices and value not in shape.choices:
        close = difflib.get_close_matches(value, shape.choices, n=1)
        suggestion = f'; did you mean "{close[0]}"?' if close else ""
        log.error(node.location, f'{what} is "{value}" but must be one of: {", ".join(shape.choices)}{suggestion}')
        return None
    if shape.pattern and not re.fullmatch(shape.pattern, value):
        log.error(node.location, f'{what} "{shortened(value)}" is not valid: {shape.hint}')
        return None
    return LocatedStr(value, node.location)


def _read_record(node: YamlNode, shape: Record, log: ProblemLog, what: str):
    if not isinstance(node, YamlMap):
        log.error(node.location, f"{what} must be a mapping of keys to values, not {_describe(node)}")
        return None
    result = LocatedDict(node.location)
    allowed = list(shape.fields)
    for key, value in node.entries:
        result.key_locations[key.text] = key.location
        spec = shape.fields.get(key.text)
        if spec is None:
            close = difflib.get_close_matches(key.text, allowed, n=1)
            hint = f'did you mean "{close[0]}"?' if close else f"allowed keys: {', '.join(allowed)}"
            log.error(key.location, f'unknown key "{key.text}" in {shape.name}; {hint}')
            continue
        read = read_shape(value, spec.shape, log, f'"{key.text}"')
        if read is not None:
            result[key.text] = read
    missing = [name for name, spec in shape.fields.items() if spec.required and name not in node.keys()]
    for name in missing:
        log.error(node.location, f'{shape.name} is missing the required key "{name}"')
    return result


def read_source_file(path, shape: Record, log: ProblemLog, needed_for: str) -> LocatedDict | None:
    """Read one policy_src file: it must exist, parse, and have ``shape``.

    Args:
        path: the file.
        shape: the Record it must match.
        log: problems go here (a missing file is one, saying what needs it).
        needed_for: finishes "<file> not found; ...", e.g. "the self-assessment needs it".

    Returns:
        The record read, or None when the file is missing or unusable.
    """
    if not path.is_file():
        log.error(Location(display_path(path), 1, 1), f"{path.name} not found; {needed_for}")
        return None
    tree = read_yaml(path, log)
    if tree is None:
        return None
    return read_shape(tree, shape, log, f"the {shape.name}")

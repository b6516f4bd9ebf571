"""Read YAML into a tree that remembers where every value came from.

PyYAML's own loaders are not used to build values because they silently keep
the last of two duplicate keys and read ``no``/``off`` as False. Here the file
is only *composed* (parsed into nodes with positions); turning a scalar into a
string, boolean or number is left to the schema, which knows what each field
expects and can say exactly what is wrong.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..common.problems import Location, ProblemLog, display_path
from .limits import MAX_FILE_BYTES, MAX_NESTING_DEPTH

# Tags a policy file may carry implicitly; anything else (e.g. !!python/...) is refused.
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass(frozen=True)
class YamlScalar:
    """A scalar as written: ``text`` is the source text, ``quoted`` whether it had quotes."""

    text: str
    quoted: bool
    location: Location

    @property
    def is_null(self) -> bool:
        return not self.quoted and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class YamlList:
    items: tuple["YamlNode", ...]
    location: Location


@dataclass(frozen=True)
class YamlMap:
    """A mapping; ``entries`` keeps source order and each key's own location."""

    entries: tuple[tuple[YamlScalar, "YamlNode"], ...]
    location: Location

    def keys(self) -> list[str]:
        return [key.text for key, _ in self.entries]


YamlNode = YamlScalar | YamlList | YamlMap


def _location(path: str, mark: yaml.Mark) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


def read_yaml(path: Path, log: ProblemLog) -> YamlNode | None:
    """Parse one YAML file into a located tree.

    Syntax errors, duplicate keys, unusual tags, anchors and aliases, and
    files too large or too deeply nested are added to ``log``.

    Returns:
        The root node, or None when the file cannot be parsed at all (or is empty).
    """
    shown = display_path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        log.error(Location(shown, 1, 1), f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; a policy file is "
                  "a few KB: check that this is the right file, or split the procedure")
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.error(_byte_location(shown, data, exc.start), f"this byte (0x{data[exc.start]:02X}) is not UTF-8 text "
                  "(the file was probably saved in another encoding); save the file as UTF-8")
        return None
    try:
        with collector_paused():
            if not _structure_is_allowed(text, shown, log):
                return None
            root = _compose(text)
    except yaml.reader.ReaderError as exc:
        # A control character (often pasted from a word processor): YAML refuses
        # the whole file, and says only the character's offset, not its line.
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        log.error(Location(shown, line, column), f"the invisible control character U+{exc.character:04X} is not allowed "
                  "in YAML; delete it (it usually comes with text pasted from another program)")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # "Unexpected end of stream" points past the last line; where the
        # unfinished construct (e.g. an unclosed quote) began is what to fix.
        if exc.context_mark and (mark is None or mark.index >= len(text.rstrip())):
            mark = exc.context_mark
        where = _location(shown, mark) if mark else Location(shown, 1, 1)
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        if exc.problem == "mapping values are not allowed here":
            # The most common slip: "text: Clause 2.3 says: ..." in unquoted text.
            advice = 'a colon followed by a space inside text starts a new key; put the whole text in "double quotes"'
        else:
            advice = "check the indentation and quoting on this line"
        log.error(where, f"YAML syntax error: {detail}; {advice}")
        return None
    if root is None:
        log.error(Location(shown, 1, 1), "file is empty; it must contain a YAML mapping")
        return None
    with collector_paused():
        return _convert(root, shown, log)


def _byte_location(path: str, data: bytes, offset: int) -> Location:
    """Line and column (in characters) of the byte at ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(path, data.count(b"\n", 0, offset) + 1, column)


def _structure_is_allowed(text: str, path: str, log: ProblemLog) -> bool:
    """Refuse anchors, aliases and deep nesting before the tree is built.

    Policy files have no use for anchors and aliases, and they are how a
    300-byte file expands to billions of values (or refers to itself, and never
    ends). The parser's events carry them with their positions, and are read
    with a loop rather than recursion, so this pass is safe on any input. A
    syntax error is left for the composer to report, with its own message.
    """
    allowed = True
    depth = 0
    aliases_reported: set[str] = set()  # one message per anchor name, not one per use
    try:
        for event in yaml.parse(text, Loader=_loader_for(text)):
            if isinstance(event, yaml.AliasEvent) and event.anchor not in aliases_reported:
                aliases_reported.add(event.anchor)
                log.error(_location(path, event.start_mark), f"the alias *{event.anchor} is not allowed: policy files "
                          "do not use YAML anchors and aliases; write the value out in full")
                allowed = False
            elif not isinstance(event, yaml.AliasEvent) and getattr(event, "anchor", None) is not None:
                log.error(_location(path, event.start_mark), f"the anchor &{event.anchor} is not allowed: policy files "
                          "do not use YAML anchors and aliases; remove it and write values out in full")
                allowed = False
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING_DEPTH:
                    log.error(_location(path, event.start_mark), f"values are nested more than {MAX_NESTING_DEPTH} "
                              "levels deep here; a policy file needs far fewer: check the indentation")
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return allowed


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cycle collector while many small objects are built.

    The collector re-scans every object already built each time enough new ones
    appear, so loading a large policy took time growing faster than its size
    (two thirds of a 9000-clause load was collection). The YAML trees and the
    model hold no reference cycles, so nothing is left behind; collection
    resumes after. Also usable as a decorator (the loaders use it so).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# libyaml's parser (when PyYAML has it) composes the same nodes with the same
# positions about five times faster than the pure-Python one; a large manual
# spends most of its load time here. Its error wording differs, so a file it
# refuses is parsed again by the pure-Python parser, whose messages we report.
# libyaml also accepts tabs and byte-order marks where the pure-Python parser
# refuses them, and places an empty value a column later: a file with any of
# these goes to the pure-Python parser too, so what is accepted and every
# line:column reported stay as before. (One difference is left: inside a
# {flow mapping}, libyaml reads "a? b" as text where the pure-Python parser
# stops at the "?"; the schema then reports the odd key or value.)
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _loader_for(text: str):
    if _FAST_LOADER is not None and "\t" not in text and "\ufeff" not in text[1:]:
        return _FAST_LOADER
    return yaml.SafeLoader


def _compose(text: str) -> yaml.Node | None:
    if _loader_for(text) is _FAST_LOADER:
        try:
            root = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
        else:
            if not _has_empty_plain_scalar(root):
                return root
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _has_empty_plain_scalar(root: yaml.Node | None) -> bool:
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.value == "" and not node.style:
                return True
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        else:
            for key, value in node.value:
                pending += (key, value)
    return False


def _convert(node: yaml.Node, path: str, log: ProblemLog) -> YamlNode:
    where = _location(path, node.start_mark)
    if node.tag not in _STANDARD_TAGS:
        log.error(where, f"the tag {node.tag!r} is not allowed in policy files; remove it")
    if isinstance(node, yaml.ScalarNode):
        return YamlScalar(str(node.value), node.style not in (None, ""), where)
    if isinstance(node, yaml.SequenceNode):
        return YamlList(tuple(_convert(item, path, log) for item in node.value), where)
    entries: list[tuple[YamlScalar, YamlNode]] = []
    first_seen: dict[str, Location] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path, log)
        if not isinstance(key, YamlScalar):
            log.error(key.location, "a key must be a plain word, not a list or mapping")
            continue
        if key.text == "<<":
            log.error(key.location, "YAML merge keys (<<) are not allowed; write the keys out")
            continue
        if key.text in first_seen:
            log.error(
                key.location,
                f'duplicate key "{key.text}" (first defined at line {first_seen[key.text].line}); '
                "remove one of them",
            )
            continue
        first_seen[key.text] = key.location
        entries.append((key, _convert(value_node, path, log)))
    return YamlMap(tuple(entries), where)

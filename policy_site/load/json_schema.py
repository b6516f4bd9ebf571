"""JSON Schema (draft 2020-12) for each kind of YAML file in policy_src/, for editors.

VS Code's YAML extension reads the schema named in a file's first line
(``# yaml-language-server: $schema=schemas/policy.schema.json``) to complete
keys, show each key's description and flag mistakes while typing.

The schemas are generated from the same declarative shapes that
``policy check`` reads with (:mod:`policy_site.load.shapes`), so the two cannot
disagree about which keys exist. They are deliberately no stricter than the
reader: a plain ``number: 1.10`` or ``procedure: 140`` is text to the reader
(it keeps what was written), so numbers are allowed where text is. Checks that
need the whole file (clause order, references) stay with ``policy check``.
Only keywords that mean the same in draft-07 are used, because editors that
implement only draft-07 read these files too. A record that contains itself
(a condition made of conditions) is written once under ``$defs`` and referred
to with ``$ref``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .manual_file import MANUAL_FILE

from .shapes import Boolean, Field, Integer, ListOf, MapOf, Record, Scalar, Text

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FOLDER = "schemas"  # inside policy_src/, beside the YAML files


def schema_file_name(yaml_name: str) -> str:
    """``policy.yaml`` -> ``policy.schema.json``."""
    stem = Path(yaml_name).name
    for suffix in (".yaml", ".yml"):
        stem = stem.removesuffix(suffix)
    return f"{stem}.schema.json"


def schema_comment(yaml_name: str) -> str:
    """The first line of a YAML file in policy_src/ that points editors at its schema:
    ``manual.yaml`` sits beside schemas/, a procedure's files two folders below it."""
    folder = SCHEMA_FOLDER if yaml_name == MANUAL_FILE else f"../../{SCHEMA_FOLDER}"
    return f"# yaml-language-server: $schema={folder}/{schema_file_name(yaml_name)}"


def shape_schema(shape) -> dict:
    """The JSON Schema of one shape, with ``$defs`` when a record contains itself."""
    generator = _Generator()
    schema = generator.shape(shape)
    return {**schema, "$defs": generator.defs} if generator.defs else schema


class _Generator:
    """Turns shapes into schemas, remembering records that contain themselves."""

    def __init__(self):
        self.defs: dict[str, dict] = {}
        self._def_names: dict[int, str] = {}  # id(record) -> its name under $defs
        self._in_progress: set[int] = set()

    def shape(self, shape) -> dict:
        if isinstance(shape, Text):
            return _text_schema(shape)
        if isinstance(shape, Boolean):
            return {"type": "boolean"}
        if isinstance(shape, Integer):
            return {"type": "integer", "minimum": shape.minimum, "maximum": shape.maximum}
        if isinstance(shape, Scalar):
            return {"type": ["string", "number", "boolean"]}
        if isinstance(shape, MapOf):
            return {"type": "object", "additionalProperties": self.shape(shape.value)}
        if isinstance(shape, ListOf):
            # An empty value (`references:`) reads as an empty list when none are required.
            schema: dict = {"type": "array" if shape.min_items else ["array", "null"], "items": self.shape(shape.item)}
            if shape.min_items:
                schema["minItems"] = shape.min_items
            return schema
        if isinstance(shape, Record):
            return self.record(shape)
        raise TypeError(f"no JSON Schema for the shape {shape!r}: add a case for it in policy_site/json_schema.py")

    def record(self, record: Record) -> dict:
        key = id(record)
        if key in self._def_names:
            return self._ref(key)
        if key in self._in_progress:  # met again inside itself: it must live under $defs
            self._def_names[key] = self._unique_name(record.name)
            return self._ref(key)
        self._in_progress.add(key)
        schema: dict = {
            "title": record.name,
            "type": "object",
            "properties": {name: self.field(spec) for name, spec in record.fields.items()},
            "additionalProperties": False,
        }
        self._in_progress.discard(key)
        required = [name for name, spec in record.fields.items() if spec.required]
        if required:
            schema["required"] = required
        if key in self._def_names:
            self.defs[self._def_names[key]] = schema
            return self._ref(key)
        return schema

    def field(self, spec: Field) -> dict:
        schema = self.shape(spec.shape)
        description = spec.doc
        hint = getattr(spec.shape, "hint", "")
        if hint and hint not in description:
            description = f"{description} {hint[:1].upper()}{hint[1:]}.".strip()
        if isinstance(spec.shape, Text) and spec.shape.choices:
            description = f"{description} One of: {', '.join(spec.shape.choices)}.".strip()
        if not description:
            return schema
        if "$ref" in schema:
            # Draft-07 ignores keywords beside $ref, so the description goes around it.
            return {"description": description, "allOf": [schema]}
        return {"description": description, **schema}

    def _ref(self, key: int) -> dict:
        return {"$ref": f"#/$defs/{self._def_names[key]}"}

    def _unique_name(self, name: str) -> str:
        base = "-".join(name.split()) or "record"
        candidate, number = base, 2
        while candidate in self._def_names.values():
            candidate, number = f"{base}-{number}", number + 1
        return candidate


def _text_schema(shape: Text) -> dict:
    if shape.choices:
        return {"enum": list(shape.choices)}
    if shape.pattern:
        schema = {"type": ["string", "number"], "pattern": f"^(?:{shape.pattern})$"}
        if shape.hint:
            # VS Code shows this instead of the bare regular expression.
            schema["patternErrorMessage"] = shape.hint[:1].upper() + shape.hint[1:] + "."
        return schema
    return {"type": ["string", "number", "boolean"]}


def file_schema(yaml_name: str, record: Record) -> dict:
    """The whole schema document for one kind of YAML file."""
    return {"$schema": DRAFT, **shape_schema(record), "title": f"{yaml_name}: {record.name}"}


def generate_schemas(source_files: dict[str, Record]) -> dict[str, str]:
    """Schema file name -> JSON text, for every kind of file in ``source_files``.

    The text is stable (same input, same bytes), so a test can compare it with
    the committed files.
    """
    return {
        schema_file_name(yaml_name): json.dumps(file_schema(yaml_name, record), indent=2, ensure_ascii=False) + "\n"
        for yaml_name, record in source_files.items()
    }

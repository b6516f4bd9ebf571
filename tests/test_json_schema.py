"""`policy schema`: JSON Schemas for editors, generated from the shapes `policy check` reads with.

Files are read as an editor reads them (YAML 1.2: `yes` is text, `1.10` is a
number), so these tests see what VS Code's YAML extension would flag.
"""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from policy_site.cli import main
from policy_site.importer.assembler import import_procedure
from policy_site.load.json_schema import generate_schemas, schema_comment, schema_file_name, shape_schema
from policy_site.load.shapes import Boolean, Field, Integer, ListOf, MapOf, Record, Scalar, Text
from policy_site.load.source_folder import SOURCE_FILES
from policy_site.load.policy_file import POLICY_FILE

from conftest import APPENDIX_C, ROOT, SUPPLIED_DOCUMENT

SCHEMAS = ROOT / "policy_src" / "schemas"
FIXTURES = Path(__file__).parent / "fixtures"
# Invalid fixtures whose mistake is in the shape of the file, so an editor can flag it while typing.
# The others (order, duplicates, references, YAML syntax) need the whole file: `policy check` reports them.
SHAPE_ERRORS = ["unknown-key", "wrong-type", "unknown-kind", "bad-clause-number"]

_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def yaml_1_2(node: yaml.Node):
    """A composed YAML node as JSON data, resolved with the YAML 1.2 core schema that editors use."""
    if isinstance(node, yaml.MappingNode):
        return {key.value: yaml_1_2(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [yaml_1_2(item) for item in node.value]
    text = node.value
    if node.style:  # quoted or block scalar: always text
        return text
    if _NULL.fullmatch(text):
        return None
    if _BOOL.fullmatch(text):
        return text.lower() == "true"
    if _INT.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.fullmatch(text):
        return float(text.replace(".inf", "inf").replace(".nan", "nan"))
    return text


def read_as_editor(path: Path):
    return yaml_1_2(yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader))


def policy_validator():
    schema = json.loads((SCHEMAS / schema_file_name(POLICY_FILE)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schemas_are_what_the_generator_writes_now():
    generated = generate_schemas(SOURCE_FILES)
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert committed == generated, (
        "policy_src/schemas/ is out of date with policy_site/load/ (shapes and the file readers): run `policy schema` and commit the result"
    )


def test_every_policy_src_yaml_file_points_editors_at_its_schema():
    found = [path for path in (ROOT / "policy_src").rglob("*.yaml") if path.name in SOURCE_FILES]
    assert {p.name for p in found} == set(SOURCE_FILES)
    for path in found:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == schema_comment(path.name), (
            f"{path.relative_to(ROOT)}: add `{schema_comment(path.name)}` as its first line so VS Code completes keys"
        )


def test_the_real_policy_and_the_minimal_fixture_validate():
    validator = policy_validator()
    for path in (APPENDIX_C / POLICY_FILE, FIXTURES / "valid-minimal" / POLICY_FILE):
        errors = [e.message for e in validator.iter_errors(read_as_editor(path))]
        assert errors == [], path


def test_what_the_loader_accepts_as_text_an_editor_accepts_too(tmp_path):
    text = (FIXTURES / "valid-minimal" / POLICY_FILE).read_text()
    text = text.replace('number: "1.2"', "number: 1.10").replace('procedure: "1"', "procedure: 1").replace("title: First", "title: no")
    (tmp_path / POLICY_FILE).write_text(text)
    assert list(policy_validator().iter_errors(read_as_editor(tmp_path / POLICY_FILE))) == []


@pytest.mark.parametrize("name", SHAPE_ERRORS)
def test_each_shape_error_fixture_fails_validation_at_its_key(name):
    path = FIXTURES / "invalid" / name / POLICY_FILE
    errors = list(policy_validator().iter_errors(read_as_editor(path)))
    assert errors, f"{name} should fail schema validation"
    expected_key = {"unknown-key": "entries", "wrong-type": "title_editorial", "unknown-kind": "kind", "bad-clause-number": "number"}
    assert any(expected_key[name] in e.absolute_path for e in errors), [(list(e.absolute_path), e.message) for e in errors]


def test_an_imported_skeleton_validates(tmp_path):
    result = import_procedure(SUPPLIED_DOCUMENT.read_text(encoding="utf-8"), "x.txt")
    (tmp_path / POLICY_FILE).write_text(result.yaml_text, encoding="utf-8")
    assert list(policy_validator().iter_errors(read_as_editor(tmp_path / POLICY_FILE))) == []


def test_any_record_becomes_a_closed_object_with_descriptions_and_required_keys():
    record = Record(
        "question",
        {
            "id": Field(Text(pattern=r"[a-z]+", hint="lower-case letters"), required=True, doc="A stable id."),
            "cites": Field(ListOf(Text(), min_items=1), required=True),
            "score": Field(Integer(0, 10)),
            "draft": Field(Boolean(), doc="Not shown yet."),
            "choices": Field(ListOf(Record("choice", {"text": Field(Text(), required=True)}))),
        },
    )
    assert shape_schema(record) == {
        "title": "question",
        "type": "object",
        "properties": {
            "id": {
                "description": "A stable id. Lower-case letters.",
                "type": ["string", "number"],
                "pattern": "^(?:[a-z]+)$",
                "patternErrorMessage": "Lower-case letters.",
            },
            "cites": {"type": "array", "items": {"type": ["string", "number", "boolean"]}, "minItems": 1},
            "score": {"type": "integer", "minimum": 0, "maximum": 10},
            "draft": {"description": "Not shown yet.", "type": "boolean"},
            "choices": {
                "type": ["array", "null"],
                "items": {
                    "title": "choice",
                    "type": "object",
                    "properties": {"text": {"type": ["string", "number", "boolean"]}},
                    "additionalProperties": False,
                    "required": ["text"],
                },
            },
        },
        "additionalProperties": False,
        "required": ["id", "cites"],
    }


def test_a_record_that_contains_itself_is_defined_once_and_referred_to():
    condition = Record("condition", {})
    condition.fields.update({
        "fact": Field(Text()),
        "is": Field(Scalar()),
        "not": Field(condition, doc="The opposite."),
        "all": Field(ListOf(condition, min_items=1)),
    })
    rule = Record("rule", {"when": Field(condition, required=True), "labels": Field(MapOf(Boolean()))})
    schema = shape_schema(rule)
    assert schema["properties"]["when"] == {"$ref": "#/$defs/condition"}
    assert schema["properties"]["labels"] == {"type": "object", "additionalProperties": {"type": "boolean"}}
    defined = schema["$defs"]["condition"]
    assert defined["properties"]["not"] == {"description": "The opposite.", "allOf": [{"$ref": "#/$defs/condition"}]}
    assert defined["properties"]["all"]["items"] == {"$ref": "#/$defs/condition"}
    assert defined["properties"]["is"] == {"type": ["string", "number", "boolean"]}

    validator = jsonschema.Draft202012Validator({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema})
    assert validator.is_valid({"when": {"all": [{"fact": "a", "is": True}, {"not": {"fact": "b", "is": "x"}}]}})
    assert not validator.is_valid({"when": {"all": [{"fact": "a", "colour": 1}]}})
    assert not validator.is_valid({"when": {}, "labels": {"x": "yes"}})


def test_a_shape_the_generator_does_not_know_is_a_clear_error():
    with pytest.raises(TypeError, match="add a case for it in policy_site/json_schema.py"):
        shape_schema(object())


def test_policy_schema_writes_one_file_per_kind_of_yaml_file(tmp_path, capsys):
    assert main(["schema", "-o", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(schema_file_name(name) for name in SOURCE_FILES)
    assert "Wrote" in capsys.readouterr().out
    assert main(["schema", "-o", str(tmp_path)]) == 0
    assert "Unchanged" in capsys.readouterr().out

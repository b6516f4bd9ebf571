"""The fast (libyaml) YAML path reads every file exactly as the pure-Python parser does.

policy_site.yaml_tree composes with libyaml when PyYAML has it, for speed on
large manuals; what is accepted and every line:column reported must not change.
"""

from pathlib import Path

import pytest
import yaml

from policy_site.load import yaml_tree
from policy_site.common.problems import ProblemLog

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted([*(ROOT / "policy_src").glob("*.yaml"), *(ROOT / "tests" / "fixtures").rglob("*.yaml")])


def _tree(path: Path, fast: bool, monkeypatch):
    monkeypatch.setattr(yaml_tree, "_FAST_LOADER", yaml.CSafeLoader if fast else None)
    log = ProblemLog()
    return yaml_tree.read_yaml(path, log), [str(p) for p in log.problems]


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml")
def test_every_source_and_fixture_file_reads_the_same_on_both_paths(monkeypatch):
    assert len(YAML_FILES) > 40
    for path in YAML_FILES:
        assert _tree(path, True, monkeypatch) == _tree(path, False, monkeypatch), path


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", [
    "key: {a: }\n",                 # libyaml puts an empty value one column later
    "key: a\tb\n",                  # libyaml accepts tabs the pure-Python parser refuses
    "a: b\n\ufeffc: d\n",           # ... and reads a byte-order mark inside the file differently
    "key: [a, b\n",                 # a syntax error: the pure-Python parser's wording is reported
], ids=["empty-value", "tab", "bom", "syntax-error"])
def test_files_where_the_parsers_differ_are_read_by_the_pure_python_one(text, tmp_path, monkeypatch):
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    assert _tree(path, True, monkeypatch) == _tree(path, False, monkeypatch)

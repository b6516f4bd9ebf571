"""The dependency rule of DESIGN.md: policy_site -> quiz, never back; quiz is standard library only."""

import ast
import sys
from pathlib import Path

from conftest import ROOT


def imported_modules(package: Path):
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield path, [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, [node.module]


def test_quiz_imports_only_the_standard_library():
    allowed = set(sys.stdlib_module_names) | {"quiz", "__future__"}
    offenders = [f"{path.relative_to(ROOT)} imports {name}"
                 for path, names in imported_modules(ROOT / "quiz") for name in names
                 if name.split(".")[0] not in allowed]
    assert offenders == []


def test_quiz_never_imports_the_build_side():
    for path, names in imported_modules(ROOT / "quiz"):
        assert not any(name.startswith("policy_site") for name in names), path


def test_policy_src_holds_data_only():
    code = [p for p in (ROOT / "policy_src").rglob("*") if p.suffix in {".py", ".js", ".sh"}]
    assert code == []

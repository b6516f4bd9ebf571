"""The editing guide explains every message `policy check` can print about policy.yaml."""

import ast

import pytest

from conftest import ROOT

GUIDE = ROOT / "docs" / "editing.md"
MESSAGE_MODULES = [
    "policy_site/load/policy_file.py", "policy_site/load/shapes.py", "policy_site/load/yaml_tree.py",
    "policy_site/load/manual_file.py", "policy_site/load/manual_folder.py", "policy_site/load/release_snapshot.py",
]


def calls_outside_scenario_code(tree: ast.Module):
    """Every call in the module, except inside functions about scenario rules.

    Scenario rules are not edited by policy staff yet; their messages will be
    explained when the guide covers them.
    """
    for top in tree.body:
        if isinstance(top, (ast.FunctionDef, ast.ClassDef)) and "scenario" in top.name.lower():
            continue
        yield from (node for node in ast.walk(top) if isinstance(node, ast.Call))


def message_fragments(module: str) -> list[tuple[int, str]]:
    """(line, longest fixed wording) of each message passed to log.error / log.warning in ``module``."""
    found = []
    for node in calls_outside_scenario_code(ast.parse((ROOT / module).read_text(encoding="utf-8"))):
        if not (isinstance(node.func, ast.Attribute) and node.func.attr in ("error", "warning")):
            continue
        if len(node.args) < 2:
            continue
        message = node.args[1]
        parts = [message.value] if isinstance(message, ast.Constant) else [
            v.value for v in getattr(message, "values", []) if isinstance(v, ast.Constant)
        ]
        fixed = max((p.strip() for p in parts if isinstance(p, str)), key=len, default="")
        if len(fixed) >= 8:
            found.append((node.lineno, fixed))
    return found


@pytest.mark.parametrize("module", MESSAGE_MODULES)
def test_every_check_message_is_explained_in_the_editing_guide(module):
    guide = GUIDE.read_text(encoding="utf-8")
    fragments = message_fragments(module)
    assert fragments, f"no messages found in {module}?"
    missing = [f"{module}:{line}: {text!r}" for line, text in fragments if text not in guide]
    assert missing == [], "add a row for each of these messages to the table in docs/editing.md"

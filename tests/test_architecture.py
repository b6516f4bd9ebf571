"""The architecture holds (README, "Architecture"), and each rule would catch a break.

Every rule runs on the real tree, then on a temporary copy with one bad import
planted, to prove the rule can fail.
"""

import shutil

import pytest

from architecture_rules import (
    RULES,
    engine_beyond_the_standard_library,
    mkdocs_outside_the_plugin,
    modules_outside_a_stage,
    render_or_model_importing_the_plugin_or_cli,
    upstream_imports,
)
from conftest import ROOT


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_the_real_tree_obeys(rule):
    assert rule(ROOT) == []


@pytest.fixture
def tree_copy(tmp_path):
    for package in ("policy_site", "quiz"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "templates"))
    return tmp_path


def plant(root, module: str, line: str) -> None:
    path = root / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


# (rule, file to plant in, the bad line): one planted violation per rule, and
# both ways of writing an import (absolute and relative).
PLANTED = [
    (upstream_imports, "policy_site/model/policy.py", "from ..load.shapes import Text"),
    (upstream_imports, "policy_site/load/shapes.py", "import policy_site.render.pages"),
    (upstream_imports, "policy_site/render/pages.py", "from policy_site.engine_assets import wheel"),
    (upstream_imports, "policy_site/mkdocs_plugin/plugin.py", "def later():\n    from ..cli import main"),
    (mkdocs_outside_the_plugin, "policy_site/render/pages.py", "from mkdocs.structure.files import File"),
    (mkdocs_outside_the_plugin, "policy_site/cli/build.py", "import material"),
    (mkdocs_outside_the_plugin, "quiz/api.py", "import mkdocs"),
    (render_or_model_importing_the_plugin_or_cli, "policy_site/render/pdf.py", "from ..mkdocs_plugin.csp import CONFIG_DIR"),
    (render_or_model_importing_the_plugin_or_cli, "policy_site/model/content.py", "from policy_site.cli import main"),
    (engine_beyond_the_standard_library, "quiz/grading.py", "import yaml"),
    (engine_beyond_the_standard_library, "quiz/scenario.py", "from policy_site.model import policy"),
]


@pytest.mark.parametrize(("rule", "module", "line"), PLANTED, ids=lambda v: getattr(v, "__name__", str(v)))
def test_a_planted_violation_is_caught(tree_copy, rule, module, line):
    assert rule(tree_copy) == []
    plant(tree_copy, module, line)
    found = rule(tree_copy)
    assert len(found) == 1 and found[0].startswith(module), found


def test_a_module_outside_the_stage_packages_is_caught(tree_copy):
    (tree_copy / "policy_site" / "helpers.py").write_text("x = 1\n")
    (tree_copy / "policy_site" / "misc").mkdir()
    (tree_copy / "policy_site" / "misc" / "tools.py").write_text("x = 1\n")
    assert modules_outside_a_stage(tree_copy) == [
        "policy_site/helpers.py is not in a stage package (common, model, load, render, engine_assets, importer, mkdocs_plugin, scorm, cli)",
        "policy_site/misc/tools.py is in misc/, which is not a stage (common, model, load, render, engine_assets, importer, mkdocs_plugin, scorm, cli)",
    ]


def test_policy_src_holds_data_only():
    code = [p for p in (ROOT / "policy_src").rglob("*") if p.suffix in {".py", ".js", ".sh"}]
    assert code == []

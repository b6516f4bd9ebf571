"""The dependency rules of the architecture, as functions over a source tree.

Each rule returns the violations it finds under ``root`` (a checkout, or a
temporary copy with a planted bad import), so the tests can show both that
the real tree obeys it and that the rule catches a violation.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

# The stages of policy_site, upstream first: a package may import from its own
# stage and from stages before it, never from one after it (README, "Architecture").
STAGES = ("common", "model", "load", "render", "engine_assets", "importer", "mkdocs_plugin", "scorm", "cli")
# Only this stage may import MkDocs or Material.
MKDOCS_STAGE = "mkdocs_plugin"
MKDOCS_PACKAGES = ("mkdocs", "material")


def _module_name(root: Path, path: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports(root: Path, package: str) -> Iterator[tuple[Path, int, str]]:
    """(file, line, absolute module name) for every import in ``root/package``, relative ones resolved."""
    for path in sorted((root / package).rglob("*.py")):
        here = _module_name(root, path)
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, node.lineno, alias.name
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0:
                    yield path, node.lineno, node.module or ""
                    continue
                base = here if is_package else here[:-1]
                base = base[: len(base) - (node.level - 1)]
                if node.module:
                    yield path, node.lineno, ".".join(base + node.module.split("."))
                else:  # "from . import x": each name is a module of that package
                    for alias in node.names:
                        yield path, node.lineno, ".".join(base + [alias.name])


def _stage_of(root: Path, path: Path) -> str | None:
    parts = path.relative_to(root / "policy_site").parts
    return parts[0] if len(parts) > 1 else None


def _where(root: Path, path: Path, line: int) -> str:
    return f"{path.relative_to(root)}:{line}"


def modules_outside_a_stage(root: Path) -> list[str]:
    """Every module of policy_site lives in a package named after its stage."""
    found = []
    for path in sorted((root / "policy_site").rglob("*.py")):
        stage = _stage_of(root, path)
        if stage is None and path.name != "__init__.py":
            found.append(f"{path.relative_to(root)} is not in a stage package ({', '.join(STAGES)})")
        elif stage is not None and stage not in STAGES:
            found.append(f"{path.relative_to(root)} is in {stage}/, which is not a stage ({', '.join(STAGES)})")
    return found


def upstream_imports(root: Path) -> list[str]:
    """Imports from a stage downstream of the importing one."""
    found = []
    for path, line, name in imports(root, "policy_site"):
        stage, parts = _stage_of(root, path), name.split(".")
        if stage not in STAGES or parts[0] != "policy_site" or len(parts) < 2 or parts[1] not in STAGES:
            continue
        if STAGES.index(parts[1]) > STAGES.index(stage):
            found.append(f"{_where(root, path, line)}: {stage} imports {name}, a later stage")
    return found


def mkdocs_outside_the_plugin(root: Path) -> list[str]:
    """Imports of MkDocs or Material anywhere but the plugin stage (and the engine)."""
    found = []
    for package in ("policy_site", "quiz"):
        for path, line, name in imports(root, package):
            outside = package == "quiz" or _stage_of(root, path) != MKDOCS_STAGE
            if outside and name.split(".")[0] in MKDOCS_PACKAGES:
                found.append(f"{_where(root, path, line)}: imports {name}; only policy_site/{MKDOCS_STAGE}/ may")
    return found


def render_or_model_importing_the_plugin_or_cli(root: Path) -> list[str]:
    """The page and model code must not know about MkDocs glue or the command line."""
    found = []
    for path, line, name in imports(root, "policy_site"):
        if _stage_of(root, path) in ("render", "model") and name.startswith(("policy_site.mkdocs_plugin", "policy_site.cli")):
            found.append(f"{_where(root, path, line)}: imports {name}")
    return found


def engine_beyond_the_standard_library(root: Path) -> list[str]:
    """quiz/ runs in Pyodide with nothing installed: standard library (and itself) only."""
    allowed = set(sys.stdlib_module_names) | {"quiz", "__future__"}
    return [
        f"{_where(root, path, line)}: imports {name}"
        for path, line, name in imports(root, "quiz")
        if name.split(".")[0] not in allowed
    ]


RULES = (
    modules_outside_a_stage,
    upstream_imports,
    mkdocs_outside_the_plugin,
    render_or_model_importing_the_plugin_or_cli,
    engine_beyond_the_standard_library,
)

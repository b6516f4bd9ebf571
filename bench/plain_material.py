"""The baseline of the build benchmarks: plain Material building the same pages.

The Markdown our plugin generates from the manual is written to ordinary
files in a copy of the project's docs/, with the navigation and site name the
plugin would set, and built by MkDocs + Material + search without the policy
plugin. The difference to our build is then what loading, validating and
rendering the manual (and the PDFs, the engine and the CSP, when on) costs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from synthetic_project import read_config, write_config

from policy_site.engine_assets.site_files import engine_setups
from policy_site.load.manual_folder import load_manual
from policy_site.render.navigation import manual_nav
from policy_site.render.pages import site_pages


def _policy_options(config: dict) -> dict:
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "policy" in plugin:
            return plugin["policy"] or {}
    raise ValueError("mkdocs.yml has no policy plugin")


def make_plain_material_project(config_file: Path, workdir: Path) -> Path:
    """Write the baseline project of ``config_file``'s site into ``workdir``; returns its mkdocs.yml."""
    config = read_config(config_file)
    project = config_file.parent
    options = _policy_options(config)
    source = project / options.get("source_dir", "policy_src")
    docs_dir = project / config.get("docs_dir", "docs")
    docs = workdir / "docs"
    shutil.copytree(docs_dir, docs)
    manual = load_manual(source)
    for page in site_pages(manual, engine_setups(manual, project, int(options.get("engine_start_timeout", 30)))):
        (docs / page.src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.src_uri).write_text(page.content, encoding="utf-8")
    config["docs_dir"] = "docs"
    custom_dir = Path(config["theme"].get("custom_dir", "")) if config["theme"].get("custom_dir") else None
    if custom_dir is not None:
        # The same theme overrides as ours: by absolute path, from the project.
        config["theme"]["custom_dir"] = str(custom_dir if custom_dir.is_absolute() else project / custom_dir)
    config["site_name"] = manual.info.site_name
    config["nav"] = manual_nav(manual) + list(config.get("nav") or [])
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "policy" in p)]
    return write_config(config, workdir / "mkdocs.yml")

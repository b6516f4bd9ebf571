"""The MkDocs plugin ``policy``: adds the pages generated from ``policy_src/``.

Event handlers stay thin: loading lives in ``source``, presentation in
``render``. A policy with errors stops the build before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .model import Policy
from .problems import PolicySourceError
from .render import site_pages
from .source import load_policy


class PolicyPluginConfig(base.Config):
    # Not called `data`: an option of that name breaks MkDocs' plugin config.
    source_dir = c.Type(str, default="policy_src")


class PolicyPlugin(BasePlugin[PolicyPluginConfig]):
    """Loads the policy once per build and generates its pages."""

    policy: Policy | None = None

    def _source_dir(self, config) -> Path:
        return Path(config.config_file_path).parent / self.config.source_dir

    def on_config(self, config):
        try:
            self.policy = load_policy(self._source_dir(config))
        except PolicySourceError as exc:
            raise PluginError(str(exc)) from None
        return config

    def on_files(self, files: Files, config) -> Files:
        assert self.policy is not None
        for page in site_pages(self.policy):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(
                    f"docs/{page.src_uri} would be replaced by the page generated from "
                    f"{self.config.source_dir}/; rename or delete docs/{page.src_uri}"
                )
            files.append(File.generated(config, page.src_uri, content=page.content))
        return files

    def on_serve(self, server, config, builder):
        # Live reload when policy staff edit the YAML during `make serve`.
        server.watch(str(self._source_dir(config)))
        return server

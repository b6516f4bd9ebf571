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

from .content import Content, load_content
from .csp import write_server_configs
from .engine_assets import engine_version_tag, write_engine_assets
from .model import Policy
from .pdf import PdfError, site_pdf_path, write_site_pdf
from .problems import PolicySourceError
from .pyodide_runtime import RuntimeSetupError
from .render import site_pages


class PolicyPluginConfig(base.Config):
    # Not called `data`: an option of that name breaks MkDocs' plugin config.
    source_dir = c.Type(str, default="policy_src")


class PolicyPlugin(BasePlugin[PolicyPluginConfig]):
    """Loads the policy once per build and generates its pages."""

    content: Content | None = None

    @property
    def policy(self) -> Policy | None:
        return self.content.policy if self.content else None

    def _source_dir(self, config) -> Path:
        return Path(config.config_file_path).parent / self.config.source_dir

    def on_config(self, config):
        try:
            self.content = load_content(self._source_dir(config))
        except PolicySourceError as exc:
            raise PluginError(str(exc)) from None
        # For the "Download PDF" link on every page (docs/overrides/main.html).
        config.extra["policy_pdf"] = {"path": site_pdf_path(self.policy), "label": self.policy.metadata.designation}
        return config

    def on_files(self, files: Files, config) -> Files:
        assert self.content is not None
        for page in site_pages(self.content, engine_version_tag(self.content)):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(
                    f"docs/{page.src_uri} would be replaced by the page generated from "
                    f"{self.config.source_dir}/; rename or delete docs/{page.src_uri}"
                )
            files.append(File.generated(config, page.src_uri, content=page.content))
        return files

    def _write_pdf(self, config):
        # The printable PDF, from the same Policy. Written into the build's own
        # (staging) site_dir, so a failure here still leaves the old site/.
        assert self.policy is not None
        try:
            write_site_pdf(self.policy, Path(config.site_dir), Path(config.config_file_path).parent)
        except PdfError as exc:
            raise PluginError(f"could not write the PDF: {exc}") from None

    def on_post_build(self, config):
        self._write_pdf(config)
        # The engine's bundle and wheel, and the verified Pyodide runtime.
        assert self.content is not None
        try:
            write_engine_assets(self.content, Path(config.config_file_path).parent, Path(config.site_dir))
        except RuntimeSetupError as exc:
            raise PluginError(f"could not set up Pyodide: {exc}") from None
        # Last: the policy must hash the final pages' inline scripts.
        write_server_configs(Path(config.site_dir))

    def on_serve(self, server, config, builder):
        # Live reload when policy staff edit the YAML during `make serve`.
        server.watch(str(self._source_dir(config)))
        return server

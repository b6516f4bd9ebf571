"""The MkDocs plugin ``policy``: adds the pages generated from the manual in ``policy_src/``.

Event handlers stay thin: loading lives in ``policy_site.load``, presentation
in ``policy_site.render``, the engine's files in ``policy_site.engine_assets``.
A policy with errors stops the build before anything is written.
"""

from __future__ import annotations

import threading
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..common.build_cache import BuildCache
from ..common.problems import PolicySourceError, ProblemLog
from ..engine_assets.pyodide_runtime import RuntimeSetupError
from ..engine_assets.site_files import BundleRefused, engine_setups, write_engine_assets
from ..load.manual_folder import read_manual
from ..load.warnings import add_manual_warnings
from ..model.manual import Manual
from ..render.feed import atom_feed
from ..render.navigation import manual_nav
from ..render.pages import site_pages
from ..render.site_layout import FEED_FILE, EngineSetup, check_page, quiz_page
from ..render.pdf import PdfError, write_site_manual_pdf, write_site_pdfs
from ..render.pdf_data import change_summary
from .config import PolicyPluginConfig
from .csp import ThemeScripts, UnknownInlineScript, write_server_configs
from .precompress import precompress_site
from .search_later import SearchConfigMissing, search_after_engine
from .server_configs import CONFIG_DIR

log = get_plugin_logger(__name__)


class PolicyPlugin(BasePlugin[PolicyPluginConfig]):
    """Loads the manual once per build and generates its pages."""

    manual: Manual | None = None
    # Set per build: the theme's own inline scripts, the base URL of the page
    # being rendered, and the CSP hashes of the inline scripts pages hold.
    theme_scripts: ThemeScripts | None = None
    base_url: str = ""
    script_hashes: set[str]
    # `mkdocs serve` sends no precompressed file: it does not write them.
    serving: bool = False
    # Per build: what the engine pages were rendered with, so that the engine's
    # files are written exactly where those pages look for them.
    engines: dict[str, EngineSetup]
    engine_pages: set[str]

    def _project_dir(self, config) -> Path:
        return Path(config.config_file_path).parent

    def _source_dir(self, config) -> Path:
        return self._project_dir(config) / self.config.source_dir

    def _cache(self, config) -> BuildCache | None:
        return BuildCache.beside(self._project_dir(config)) if self.config.build_cache else None

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        if self.config.engine_start_timeout < 1:
            raise PluginError("plugins.policy.engine_start_timeout must be a whole number of seconds, 1 or more")
        preview = self.config.preview_procedure
        if preview is not None and not self.serving:
            raise PluginError(
                "plugins.policy.preview_procedure builds one procedure, for the preview (policy serve --procedure); "
                "a site to deploy needs the whole manual: remove the option"
            )
        problems = ProblemLog()
        manual = read_manual(self._source_dir(config), problems, only=preview)
        try:
            problems.raise_if_errors()
        except PolicySourceError as exc:
            raise PluginError(str(exc)) from None
        assert manual is not None
        self.manual = manual
        # Allowed, but worth a look: shown in `make serve` and `make build` too,
        # not only in `policy check`.
        add_manual_warnings(manual, problems, whole=preview is None)
        for warning in sorted(problems.warnings, key=lambda p: p.location):
            log.info(str(warning))
        self.theme_scripts = ThemeScripts(config.theme.dirs, config)
        self.script_hashes = set()
        # The manual names the site (manual.yaml, not mkdocs.yml), and its
        # procedures come first in the navigation, before the hand-written pages.
        # Escaped: the theme writes site_name into every page (header, <title>) as HTML.
        config.site_name = str(escape(manual.info.site_name))
        config.nav = manual_nav(manual) + list(config.nav or [])
        # The theme (docs/overrides/main.html) says on every page that this preview is partial.
        config.extra["policy_preview_procedure"] = preview
        return config

    def on_files(self, files: Files, config) -> Files:
        assert self.manual is not None
        try:
            self.engines = engine_setups(self.manual, self._project_dir(config), self.config.engine_start_timeout)
        except RuntimeSetupError as exc:
            raise PluginError(f"could not set up Pyodide: {exc}") from None
        # The pages that start the engine (those of them a procedure has): Material's search waits for it there.
        self.engine_pages = {page(id_) for id_ in self.engines for page in (quiz_page, check_page)}
        for page in site_pages(self.manual, self.engines, show_unreleased=self.serving):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(
                    f"docs/{page.src_uri} would be replaced by the page generated from "
                    f"{self.config.source_dir}/; rename or delete docs/{page.src_uri}"
                )
            files.append(File.generated(config, page.src_uri, content=page.content))
        return files

    # Each page and theme template (404.html) is checked as it is written: only
    # the theme's own inline scripts may be in it, and their hashes make the CSP.
    def on_page_context(self, context, page, config, nav):
        self.base_url = context["base_url"]
        return context

    def on_template_context(self, context, template_name, config):
        self.base_url = context["base_url"]
        return context

    def on_post_page(self, output, page, config):
        name = page.file.src_uri
        if name in self.engine_pages:
            try:
                output = search_after_engine(output, name)
            except SearchConfigMissing as exc:
                raise PluginError(str(exc)) from None
        return self._check_scripts(output, name)

    def on_post_template(self, output_content, template_name, config):
        return self._check_scripts(output_content, template_name)

    def _check_scripts(self, html: str, name: str) -> str:
        assert self.theme_scripts is not None
        try:
            self.script_hashes |= self.theme_scripts.check_page(html, self.base_url, name)
        except UnknownInlineScript as exc:
            raise PluginError(str(exc)) from None
        return html

    def on_post_build(self, config):
        assert self.manual is not None
        site_dir = Path(config.site_dir)  # the build's own staging folder: a failure leaves site/ as it was
        if self.config.pdf:
            policies = [p.content.policy for p in self.manual.procedures]
            changes = {p.content.policy.metadata.slug: change_summary(p) for p in self.manual.procedures}
            try:
                if self.serving:
                    # The preview: each procedure's PDF now, the manual's (seconds at
                    # the scale of a whole manual, after every edit) in the background,
                    # so an edit reloads the page without waiting for it.
                    write_site_pdfs(policies, site_dir, self._cache(config), changes=changes)
                    self._manual_pdf_in_background(site_dir, config)
                else:
                    # Every procedure's PDF, and the whole manual's (downloads/manual.pdf, linked from the home page).
                    write_site_pdfs(policies, site_dir, self._cache(config), manual=self.manual, changes=changes)
            except PdfError as exc:
                raise PluginError(f"could not write the PDFs: {exc}") from None
        try:
            write_engine_assets(self.manual, self.engines, self._project_dir(config), site_dir, self._cache(config))
        except RuntimeSetupError as exc:
            raise PluginError(f"could not set up Pyodide: {exc}") from None
        except BundleRefused as exc:
            raise PluginError(str(exc)) from None
        (site_dir / FEED_FILE).write_text(atom_feed(self.manual), encoding="utf-8")
        write_server_configs(site_dir, self.script_hashes)
        # Last: it compresses the files the steps above wrote.
        if self.config.precompress and not self.serving:
            report = precompress_site(site_dir, self._cache(config), skip=(CONFIG_DIR,))
            log.info(f"precompressed: {len(report.written)} .br/.gz files, {report.compressed} compressed anew")

    def _manual_pdf_in_background(self, site_dir: Path, config) -> None:
        manual, cache = self.manual, self._cache(config)

        def typeset():
            try:
                write_site_manual_pdf(manual, site_dir, cache)
            except (PdfError, OSError) as exc:  # a later rebuild may have replaced the folder meanwhile
                log.warning(f"the manual's PDF was not written in the preview: {exc}")

        threading.Thread(target=typeset, name="manual-pdf", daemon=True).start()

    def on_serve(self, server, config, builder):
        # Live reload when policy staff edit the YAML during `make serve`.
        server.watch(str(self._source_dir(config)))
        return server

"""Build the site so that a failed build never leaves a half-written ``site/``.

MkDocs writes straight into ``site_dir`` and, in strict mode, only aborts after
writing; so we build into a fresh sibling folder and swap it in at the end.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException


class BuildFailed(Exception):
    """The build stopped; the message says why. The previous site is untouched."""


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = True) -> Path:
    """Build the site described by ``config_file`` into ``site_dir`` atomically.

    Args:
        config_file: path to mkdocs.yml.
        site_dir: where the finished site goes (default: ``site/`` beside mkdocs.yml).
        strict: fail on any MkDocs warning (broken links, missing anchors).

    Returns:
        The site directory.

    Raises:
        BuildFailed: with MkDocs' or the policy loader's message; ``site_dir``
        is then exactly as it was before.
    """
    config_file = config_file.resolve()
    site_dir = (site_dir or config_file.parent / "site").resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    # MkDocs logs the real reason (e.g. our path:line:col list) and then raises
    # a bare "Aborted with a BuildError!"; keep the logged reasons for the caller.
    reasons = _ProblemCollector()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(reasons)
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, Abort) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed("\n".join([*reasons.messages, str(exc) or exc.__class__.__name__])) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mkdocs_logger.removeHandler(reasons)
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return site_dir


class _ProblemCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def show_build_progress() -> None:
    """Print MkDocs' progress lines; warnings and errors arrive in BuildFailed instead."""
    handler = logging.StreamHandler()
    handler.addFilter(lambda record: record.levelno < logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

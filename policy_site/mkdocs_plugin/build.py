"""Build the site so that a failed build never leaves a half-written ``site/``.

MkDocs writes straight into ``site_dir`` and, in strict mode, only aborts after
writing; so we build into a fresh sibling folder and swap it in at the end.

Two builds of the same site take turns: a lock file beside the site
(``.policy-build-site.lock``) is held for the whole build, so the second waits. Under the
lock, staging folders left by a build that was killed are deleted (a live
build would hold the lock). The swap exchanges the two folders in one step
where the OS can (Linux ``renameat2(RENAME_EXCHANGE)``), so a web server
reading ``site/`` sees the old site or the new one, never none; elsewhere it
is two renames, with ``site/`` missing for the moment between them.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: builds are not locked against each other there
    fcntl = None

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException


class BuildFailed(Exception):
    """The build stopped; the message says why. The previous site is untouched."""


def build_site(
    config_file: Path, site_dir: Path | None = None, strict: bool = True, on_wait: Callable[[], None] | None = None
) -> Path:
    """Build the site described by ``config_file`` into ``site_dir`` atomically.

    Args:
        config_file: path to mkdocs.yml.
        site_dir: where the finished site goes (default: ``site/`` beside mkdocs.yml).
        strict: fail on any MkDocs warning (broken links, missing anchors).
        on_wait: called once if another build of the same site is running
            and this one has to wait for it.

    Returns:
        The site directory.

    Raises:
        BuildFailed: with MkDocs' or the policy loader's message; ``site_dir``
        is then exactly as it was before.
    """
    config_file = config_file.resolve()
    site_dir = (site_dir or config_file.parent / "site").resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(site_dir, on_wait):
        _remove_stale_folders(site_dir)
        staging = _build_into_staging(config_file, site_dir, strict)
        publish(staging, site_dir)
    return site_dir


def _build_into_staging(config_file: Path, site_dir: Path, strict: bool) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(site_dir), dir=site_dir.parent))
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
    return staging


def _staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}-building-"


def _previous_name(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-previous")


@contextlib.contextmanager
def _build_lock(site_dir: Path, on_wait: Callable[[], None] | None) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    with open(site_dir.with_name(f".policy-build-{site_dir.name}.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_stale_folders(site_dir: Path) -> None:
    """Staging folders of builds that were killed (called with the lock held)."""
    for stale in site_dir.parent.glob(_staging_prefix(site_dir) + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(_previous_name(site_dir), ignore_errors=True)


def publish(staging: Path, site_dir: Path) -> None:
    """Put the finished ``staging`` folder in place of ``site_dir`` and delete the old site."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    if _exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old site
        return
    previous = _previous_name(site_dir)
    site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux 3.15+, glibc 2.28+); False where that is not possible."""
    renameat2 = getattr(ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system without the exchange: fall back to two renames
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


class _ProblemCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def show_build_progress() -> None:
    """Print MkDocs' progress lines; warnings and errors arrive in BuildFailed instead."""
    show_mkdocs_log(below=logging.WARNING)


def show_mkdocs_log(below: int | None = None) -> None:
    """Print MkDocs' log on standard error as ``mkdocs`` does: every record, or those under level ``below``."""
    handler = logging.StreamHandler()
    if below is not None:
        handler.addFilter(lambda record: record.levelno < below)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

"""The preview server (``make serve``, ``policy serve``): MkDocs' own, for the whole manual or one procedure.

MkDocs rebuilds the whole site after every edit. In a manual of 300
procedures that takes about 15 to 30 s on two cores (bench/manual_scale.py,
section 4), while an editor works on one procedure at a time. So
``procedure`` builds just that one: the reload after an edit then takes
about as long as a site of one procedure (section 4 measures both).

The procedure reaches the plugin as its ``preview_procedure`` option, set on
the plugin's entry of mkdocs.yml as MkDocs loads it. It is not passed through
the environment and ``!ENV``, because ``!ENV`` reads its value as YAML: a folder
named ``0140`` would arrive as the number 96.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.utils.yaml import yaml_load

from .build import show_mkdocs_log

PLUGIN = "policy"


class ServeFailed(Exception):
    """The preview could not start; the message says why."""


def serve_site(config_file: Path, dev_addr: str, procedure: str | None = None) -> None:
    """Build the site (or only ``procedure``) and serve it at ``dev_addr``, rebuilding after every edit, until Ctrl-C.

    Raises:
        ServeFailed: the first build failed (a problem in policy_src/, an
            unknown procedure), mkdocs.yml has no policy plugin, or the
            address cannot be served on.
    """
    # Here, not at the top: the server (livereload, watchdog) is some 30 ms
    # of imports that every other `policy` command would pay for.
    from mkdocs.commands.serve import serve

    # The server keeps going after a failed rebuild, so its warnings and errors show too.
    show_mkdocs_log()
    overrides = {"plugins": _plugins_previewing(config_file, procedure)} if procedure is not None else {}
    try:
        serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr, **overrides)
    except Abort:  # MkDocs has logged the build's errors already
        raise ServeFailed("the first build failed; its errors are above") from None
    except MkDocsException as exc:
        raise ServeFailed(str(exc) or exc.__class__.__name__) from None
    except OSError as exc:  # the address is taken, say
        raise ServeFailed(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None


def _plugins_previewing(config_file: Path, procedure: str) -> dict:
    """mkdocs.yml's ``plugins``, with ``preview_procedure: procedure`` added to the policy plugin's options.

    As one mapping of name to options, which MkDocs reads without changing it:
    ``serve`` loads the config again with this same value for every rebuild,
    and MkDocs empties the ``{name: options}`` items of the list form as it reads them.
    """
    try:
        with open(config_file, "rb") as fd:
            config = yaml_load(fd) or {}
    except OSError as exc:
        raise ServeFailed(f"cannot read {config_file}: {exc.strerror}") from None
    plugins = config.get("plugins") or []
    # MkDocs takes a list of names and {name: options}, or one mapping of name to options.
    entries = list(plugins.items()) if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins
    ]
    if PLUGIN not in {name for name, _ in entries}:
        raise ServeFailed(f"{config_file} has no `{PLUGIN}` plugin, so it cannot preview one procedure")
    return {
        name: {**(options or {}), "preview_procedure": procedure} if name == PLUGIN else (options or {})
        for name, options in entries
    }


"""The ``policy`` plugin's options in mkdocs.yml, typed (MkDocs checks them).

Library code never reads environment variables: a benchmark that needs a cold
build says so in mkdocs.yml with MkDocs' own ``!ENV`` tag.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PolicyPluginConfig(base.Config):
    # Not called `data`: an option of that name breaks MkDocs' plugin config.
    source_dir = c.Type(str, default="policy_src")
    """The folder with the policy's YAML, relative to mkdocs.yml."""

    pdf = c.Type(bool, default=True)
    """Typeset the printable PDF (off only to measure what it costs)."""

    build_cache = c.Type(bool, default=True)
    """Reuse slow outputs (PDF, unpacked Pyodide) whose inputs did not change."""

    precompress = c.Type(bool, default=True)
    """Write a .br and a .gz beside each file that compresses well, for servers that send them."""

    engine_start_timeout = c.Type(int, default=30)
    """Seconds the quiz and checker pages wait for the engine before saying it could not start."""

    preview_procedure = c.Optional(c.Type(str))
    """``policy serve --procedure ID`` only: build just this procedure, so an edit reloads in a second
    even in a manual of hundreds. Refused by every other command: a partial site must never be deployed."""

"""Released versions of a procedure: frozen snapshots of its text.

A release is the district's text as it stood when an editor ran ``policy
release``: its label (the district's version name, or an honest one such as
"As supplied, recorded 2026-11-29"), its effective date when the district
states one, and the text itself as a :class:`~policy_site.model.policy.Policy`,
so the same diff and pages work on a release as on the working text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..common.problems import NOWHERE, Location
from .policy import Policy


@dataclass(frozen=True)
class Release:
    sequence: int  # 1 for the first release of the procedure
    label: str
    released: str  # YYYY-MM-DD, the day `policy release` froze it
    policy: Policy
    effective: str | None = None  # YYYY-MM-DD, only when the district states it
    location: Location = field(default=NOWHERE, compare=False)

    @property
    def anchor(self) -> str:
        """The id of this release on the "What changed" page: ``release-2``."""
        return f"release-{self.sequence}"

    @property
    def fingerprint(self) -> str:
        return self.policy.fingerprint


def release_file_name(sequence: int, label: str) -> str:
    """``001-as-supplied-recorded-2026-11-29.yaml``: numbered so the files sort in release order."""
    words = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60].strip("-") or "release"
    return f"{sequence:03d}-{words}.yaml"

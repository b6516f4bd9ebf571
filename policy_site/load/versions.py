"""Which version the working text is: the label every output shows.

The version and effective date come from the procedure's releases, never
from guesswork: the latest release's label and effective date when the text
is that release; the same label marked "with unreleased changes" when the
text was edited since; "No version recorded yet" before the first release.
"""

from __future__ import annotations

import dataclasses

from ..model.content import Content
from ..model.releases import Release

NO_RELEASE = "No version recorded yet"
UNRELEASED = "with unreleased changes"


def version_label(content: Content, releases: tuple[Release, ...]) -> str:
    if not releases:
        return NO_RELEASE
    latest = releases[-1]
    return latest.label if latest.fingerprint == content.policy.fingerprint else f"{latest.label}, {UNRELEASED}"


def with_version(content: Content, releases: tuple[Release, ...]) -> Content:
    """``content`` with its metadata's version and effective date taken from ``releases``."""
    latest = releases[-1] if releases else None
    metadata = dataclasses.replace(
        content.policy.metadata,
        version=version_label(content, releases),
        effective_date=latest.effective if latest and latest.fingerprint == content.policy.fingerprint else None,
    )
    return dataclasses.replace(content, policy=dataclasses.replace(content.policy, metadata=metadata))

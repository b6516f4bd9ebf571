"""A procedure's history: what changed in each release, and since.

Built on :func:`.changes.compare`: release 2 against release 1, and so on,
and the working text against the last release ("unreleased changes"). From
it come the "What changed" page, the "Changed in" marks, the anchor aliases
that keep old clause links working, and what a re-assessment covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .changes import Change, compare, renumbered
from .manual import Procedure
from .releases import Release


@dataclass(frozen=True)
class History:
    procedure: Procedure

    @cached_property
    def by_release(self) -> tuple[tuple[Release, tuple[Change, ...]], ...]:
        """Each release with its changes from the one before (none for the first), oldest first."""
        releases = self.procedure.releases
        return tuple(
            (release, compare(releases[i - 1].policy, release.policy) if i else ())
            for i, release in enumerate(releases)
        )

    @cached_property
    def unreleased(self) -> tuple[Change, ...]:
        """The working text's changes since the last release (empty when it is that release)."""
        latest = self.procedure.latest_release
        if latest is None or not self.procedure.unreleased:
            return ()
        return compare(latest.policy, self.procedure.content.policy)

    def changed_since(self, release: Release) -> tuple[Change, ...]:
        """What a reader of ``release`` must know about the working text: compared directly, so a
        clause changed twice is one change, numbered as it is now."""
        return compare(release.policy, self.procedure.content.policy)

    @cached_property
    def last_changed(self) -> dict[str, tuple[Release, int]]:
        """Clause number (now) -> the release in which its wording, kind or number last changed,
        and the place (from 1) of that change in the release's list."""
        found: dict[str, tuple[Release, int]] = {}
        for release, changes in [*self.by_release, (None, self.unreleased)]:
            found = _carried_forward(found, changes)
            if release is None:
                break  # unreleased changes renumber, but are no version to name
            for index, change in enumerate(changes, 1):
                if change.part == "clause" and change.kind != "removed" and change.number:
                    if found.get(change.number, (None,))[0] is not release:
                        found[change.number] = (release, index)  # the first change of this clause in this release
        return found

    @cached_property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Clause number (now) -> its earlier numbers, whose anchors must still lead to it."""
        earlier: dict[str, set[str]] = {}
        steps = [changes for _, changes in self.by_release] + [self.unreleased]
        for changes in steps:
            earlier = _carried_forward(earlier, changes)
            for old, new in renumbered(changes).items():
                earlier.setdefault(new, set()).add(old)
        current = {c.number for c in self.procedure.content.policy.clauses}
        # An old number now used by another clause keeps leading to that clause.
        return {number: tuple(sorted(o for o in olds if o not in current and o != number))
                for number, olds in earlier.items() if number in current}


def _carried_forward(by_number: dict, changes: tuple[Change, ...]) -> dict:
    """``by_number`` (keyed by clause numbers before ``changes``) keyed by the numbers after them:
    renumbered clauses move to their new number, removed ones are dropped."""
    removed = {c.number for c in changes if c.kind == "removed" and c.part == "clause"}
    moved = renumbered(changes)
    return {moved.get(number, number): value for number, value in by_number.items() if number not in removed}

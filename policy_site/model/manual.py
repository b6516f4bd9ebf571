"""The district's manual: its own name, and the procedures it publishes.

A procedure is one folder of ``policy_src/procedures/`` loaded as
:class:`~policy_site.model.content.Content`; the manual adds what is shared
(the district, the manual's name, the series that group procedure numbers)
and the order staff see them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..common.problems import NOWHERE, Location
from .content import Content
from .releases import Release


@dataclass(frozen=True)
class Series:
    """A block of procedure numbers with a name, e.g. 100 "General Administration" (100 to 199)."""

    number: int
    name: str

    def holds(self, procedure_number: str) -> bool:
        digits = procedure_number.split("-")[0].split(".")[0]
        return digits.isdigit() and int(digits) // 100 * 100 == self.number

    @property
    def label(self) -> str:
        return f"{self.number} – {self.name}"


@dataclass(frozen=True)
class ManualInfo:
    """What ``manual.yaml`` says: shared by every procedure in the manual."""

    district: str
    title: str
    language: str
    contact: str | None = None
    series: tuple[Series, ...] = ()
    # The procedure this site published before it became a manual: its old
    # single-procedure URLs (procedure/, self-assessment/, check/) lead to it.
    former_single_procedure: str | None = None
    location: Location = field(default=NOWHERE, compare=False)

    @property
    def site_name(self) -> str:
        return f"{self.title} · {self.district}"


@dataclass(frozen=True)
class Procedure:
    """One procedure of the manual: its folder name is its id (and its URL).

    ``content`` is the working text (policy.yaml and the rest); ``releases``
    are its released versions, oldest first.
    """

    id: str
    content: Content
    releases: tuple[Release, ...] = ()

    @property
    def latest_release(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    @property
    def unreleased(self) -> bool:
        """True when the working text differs from the last release (or nothing is released yet)."""
        latest = self.latest_release
        return latest is None or latest.fingerprint != self.content.policy.fingerprint

    @property
    def draft(self) -> bool:
        return self.content.policy.metadata.draft

    @property
    def has_quiz(self) -> bool:
        return bool(self.content.questions.questions)

    @property
    def has_checker(self) -> bool:
        return bool(self.content.facts) and any(c.scenario for c in self.content.policy.clauses)

    @property
    def runs_engine(self) -> bool:
        return self.has_quiz or self.has_checker


@dataclass(frozen=True)
class Manual:
    info: ManualInfo
    procedures: tuple[Procedure, ...]

    @cached_property
    def by_id(self) -> dict[str, Procedure]:
        return {p.id: p for p in self.procedures}

    @cached_property
    def by_designation(self) -> dict[tuple[str, str | None], Procedure]:
        """Procedures by (number, appendix): what a mention like "Appendix A" names."""
        found: dict[tuple[str, str | None], Procedure] = {}
        for procedure in self.procedures:
            meta = procedure.content.policy.metadata
            found.setdefault((meta.procedure, meta.appendix), procedure)
        return found

    def series_of(self, procedure: Procedure) -> Series | None:
        number = procedure.content.policy.metadata.procedure
        return next((s for s in self.info.series if s.holds(number)), None)

    def grouped(self) -> list[tuple[Series | None, list[Procedure]]]:
        """The procedures by series, in manual order; procedures outside every series come last, as one group."""
        groups: dict[Series | None, list[Procedure]] = {}
        for procedure in self.procedures:
            groups.setdefault(self.series_of(procedure), []).append(procedure)
        ordered = [(s, groups[s]) for s in self.info.series if s in groups]
        if None in groups:
            ordered.append((None, groups[None]))
        return ordered

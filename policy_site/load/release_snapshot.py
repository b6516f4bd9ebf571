"""A released version of a procedure: ``procedures/<id>/releases/NNN-<label>.yaml``.

One module for the format, both ways: :func:`snapshot_yaml` writes it (for
``policy release``) and :func:`read_releases` reads every release of a
procedure back as a :class:`~policy_site.model.releases.Release`.

A snapshot is readable YAML in the same shape as ``policy.yaml`` (metadata,
background, definitions, sections; the district's words verbatim, without
our scenario rules or references), headed by the release's label and dates
and closed by a fingerprint of each part. Released versions never change:
``policy check`` recomputes the fingerprints and names the part (a clause, a
section, the definitions) that was edited, with its line.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

from ..common.problems import Location, ProblemLog, display_path
from ..model.manual import ManualInfo
from ..model.policy import Gap, Policy
from ..model.releases import Release
from .policy_file import POLICY, policy_from_record
from .shapes import Field, LocatedDict, MapOf, Record, Text, read_source_file

RELEASES_DIR = "releases"
_DATE = Text(pattern=r"\d{4}-\d{2}-\d{2}", hint="write the date as YYYY-MM-DD")
_FILE_NAME = re.compile(r"(\d{3})-[a-z0-9-]+\.yaml")

RELEASE = Record(
    "release file",
    {
        "release": Field(
            Record(
                "release",
                {
                    "label": Field(Text(), True, doc="The version's name: the district's, or an honest one."),
                    "released": Field(_DATE, True, doc="The day `policy release` froze this text."),
                    "effective": Field(_DATE, doc="The district's effective date, only when it states one."),
                },
            ),
            True,
        ),
        **POLICY.fields,
        "fingerprints": Field(MapOf(Text(), "part"), True, doc="Written by `policy release`; never edit."),
    },
)


def part_fingerprints(policy: Policy) -> dict[str, str]:
    """A short hash of each part of the text, by a name a person reads in a message ("clause 1.8")."""
    parts: dict[str, object] = {
        "title": policy.metadata.title,
        "background": list(policy.background),
        "definitions": [[d.term, d.text] for d in policy.definitions.terms]
        + [_gap(policy.definitions.gap)],
    }
    for section in policy.sections:
        gaps = [_gap(e) for e in section.entries if isinstance(e, Gap)]
        parts[f"section {section.number}"] = [section.title, section.title_editorial, gaps]
        for clause in section.clauses:
            parts[f"clause {clause.number}"] = [clause.kind, clause.text, _gap(clause.gap)]
    return {
        name: hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
        for name, value in parts.items()
    }


def _gap(gap: Gap | None):
    return [gap.note, gap.fragment] if gap is not None else None


def snapshot_yaml(policy: Policy, label: str, released: str, effective: str | None) -> str:
    """The release file for ``policy`` as it stands now."""
    meta = policy.metadata
    release = {"label": label, "released": released, **({"effective": effective} if effective else {})}
    document = {
        "release": release,
        "metadata": {"procedure": meta.procedure, **({"appendix": meta.appendix} if meta.appendix else {}),
                     "title": meta.title, "slug": meta.slug},
        "background": list(policy.background),
        "definitions": {
            "terms": [{"term": d.term, "text": d.text} for d in policy.definitions.terms],
            **({"gap": _gap_record(policy.definitions.gap)} if policy.definitions.gap else {}),
        },
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                **({"title_editorial": True} if section.title_editorial else {}),
                "entries": [_entry(entry) for entry in section.entries],
            }
            for section in policy.sections
        ],
        "fingerprints": part_fingerprints(policy),
    }
    head = (
        f"# A released version of this procedure, frozen by `policy release` on {released}.\n"
        "# Never edit it: `policy check` refuses a release that changed. To change the\n"
        "# text, edit ../policy.yaml and release a new version.\n"
    )
    # Through JSON: values read from YAML are str subclasses (with their line),
    # which the YAML writer does not know; as plain strings they are written as text.
    plain = json.loads(json.dumps(document, ensure_ascii=False))
    return head + yaml.safe_dump(plain, allow_unicode=True, sort_keys=False, width=88)


def _gap_record(gap: Gap) -> dict:
    return {"note": gap.note, **({"fragment": gap.fragment} if gap.fragment else {})}


def _entry(entry) -> dict:
    if isinstance(entry, Gap):
        return {"gap": entry.note}
    found = {"number": entry.number}
    if entry.text is not None:
        found |= {"kind": entry.kind, "text": entry.text}
    if entry.gap is not None:
        found |= {"gap": entry.gap.note, **({"fragment": entry.gap.fragment} if entry.gap.fragment else {})}
    return found


def read_releases(procedure_dir: Path, log: ProblemLog, manual: ManualInfo) -> tuple[Release, ...]:
    """Every release of the procedure in ``procedure_dir``, oldest first; problems (an edited release) go to ``log``."""
    folder = procedure_dir / RELEASES_DIR
    if not folder.is_dir():
        return ()
    releases = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        found = _FILE_NAME.fullmatch(path.name)
        if found is None:
            log.error(Location(display_path(path), 1, 1),
                      f"{path.name} is not a release file (NNN-label.yaml, written by policy release); move it out of {RELEASES_DIR}/")
            continue
        release = _read_release(path, int(found.group(1)), log, manual)
        if release is not None:
            releases.append(release)
    sequences = [r.sequence for r in releases]
    if sequences != list(range(1, len(releases) + 1)):
        log.error(Location(display_path(folder), 1, 1),
                  f"the releases are numbered {sequences}; they must be 1, 2, 3… in order (a release file was renamed or deleted)")
    return tuple(releases)


def _read_release(path: Path, sequence: int, log: ProblemLog, manual: ManualInfo) -> Release | None:
    errors_before = len(log.errors)
    raw = read_source_file(path, RELEASE, log, "")
    policy = policy_from_record(raw, log, {}, manual)
    if policy is None or raw is None or "release" not in raw or len(log.errors) != errors_before:
        return None
    header: LocatedDict = raw["release"]
    release = Release(
        sequence=sequence,
        label=str(header["label"]),
        released=str(header["released"]),
        effective=str(header["effective"]) if "effective" in header else None,
        policy=policy,
        location=header.location,
    )
    _check_unchanged(release, raw, log)
    return release


def _check_unchanged(release: Release, raw: LocatedDict, log: ProblemLog) -> None:
    """Each part's fingerprint as written by `policy release` must still fit its text."""
    written: LocatedDict = raw["fingerprints"]
    now = part_fingerprints(release.policy)
    where = _part_locations(release.policy, raw)
    fix = (f'a released version never changes: undo the edit (for example `git checkout` the file); to change '
           f'the text, edit policy.yaml and release a new version')
    for part, fingerprint in now.items():
        if part not in written:
            log.error(where.get(part, raw.location), f'{part} was added to release "{release.label}" after it was released; {fix}')
        elif written[part] != fingerprint:
            log.error(where.get(part, written.where(part)), f'{part} was changed after it was released as "{release.label}"; {fix}')
    for part in written:
        if part not in now:
            log.error(written.where(part), f'{part} was removed from release "{release.label}" after it was released; {fix}')


def _part_locations(policy: Policy, raw: LocatedDict) -> dict[str, Location]:
    found = {"title": raw["metadata"].where("title"), "background": raw.where("background"), "definitions": raw.where("definitions")}
    for section, raw_section in zip(policy.sections, raw["sections"]):
        found[f"section {section.number}"] = raw_section.location
        for clause in section.clauses:
            found[f"clause {clause.number}"] = clause.location
    return found

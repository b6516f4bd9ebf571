"""Read ``manual.yaml``: what every procedure of the manual shares.

The district's name, the manual's name and its language live here once, not
in each procedure and not in ``mkdocs.yml``, so adding a procedure never means
repeating them and renaming the manual is one edit.
"""

from __future__ import annotations

from pathlib import Path

from ..common.problems import Location, ProblemLog, display_path
from ..model.manual import ManualInfo, Series
from .shapes import Field, Integer, ListOf, Record, Text, read_source_file

MANUAL_FILE = "manual.yaml"
PROCEDURES_DIR = "procedures"

MANUAL = Record(
    "manual file",
    {
        "district": Field(Text(), required=True, doc="The district's name, as it writes it."),
        "title": Field(Text(), required=True, doc="The manual's name, as the district writes it."),
        "language": Field(
            Text(pattern=r"[a-z]{2}(-[A-Z]{2})?", hint='a language tag like "en-CA"'), required=True,
            doc="The language of every procedure that does not state its own.",
        ),
        "contact": Field(Text(), doc="Editorial: whom staff should ask, unless a procedure names someone else."),
        "series": Field(
            ListOf(
                Record(
                    "series",
                    {
                        "number": Field(Integer(0, 99_900), True, doc="The first number of the block: 100 holds 100 to 199."),
                        "name": Field(Text(), True, doc="The district's name for the block."),
                    },
                )
            ),
            doc="Only when the district groups its procedures in series; the navigation groups by them.",
        ),
        "former_single_procedure": Field(
            Text(pattern=r"[a-z0-9]+(-[a-z0-9]+)*", hint="a procedure's folder name"),
            doc="The procedure this site published alone before it became a manual: its old URLs "
            "(procedure/, self-assessment/, check/) redirect to it.",
        ),
    },
)


def read_manual_info(source_dir: Path, log: ProblemLog) -> ManualInfo | None:
    """Read ``manual.yaml`` in ``source_dir`` (the manual's folder, policy_src/); problems go to ``log``."""
    raw = read_source_file(source_dir / MANUAL_FILE, MANUAL, log, "policy_src/ needs one: it names the district and the manual")
    if raw is None or not all(key in raw for key in ("district", "title", "language")):
        return None
    series = []
    seen: dict[int, Location] = {}
    for item in raw.get("series", []):
        if "number" not in item or "name" not in item:
            continue
        number = int(item["number"])
        if number % 100:
            log.error(item.where("number"), f"series {number} must be a multiple of 100 (100 holds procedures 100 to 199)")
            continue
        if number in seen:
            log.error(item.where("number"), f"series {number} is listed twice (first at line {seen[number].line})")
            continue
        seen[number] = item.where("number")
        series.append(Series(number, str(item["name"])))
    former = raw.get("former_single_procedure")
    return ManualInfo(
        district=str(raw["district"]),
        title=str(raw["title"]),
        language=str(raw["language"]),
        contact=str(raw["contact"]) if "contact" in raw else None,
        series=tuple(sorted(series, key=lambda s: s.number)),
        former_single_procedure=str(former) if former is not None else None,
        location=raw.location,
    )


def find_manual_info(procedure_dir: Path, log: ProblemLog) -> ManualInfo | None:
    """The manual a procedure folder belongs to: the nearest ``manual.yaml`` above it."""
    for folder in procedure_dir.resolve().parents:
        if (folder / MANUAL_FILE).is_file():
            return read_manual_info(folder, log)
    log.error(
        Location(display_path(procedure_dir), 1, 1),
        f"no {MANUAL_FILE} above this procedure folder; a procedure belongs in policy_src/{PROCEDURES_DIR}/, "
        f"beside policy_src/{MANUAL_FILE}",
    )
    return None

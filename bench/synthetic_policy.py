"""Write a synthetic policy_src/ folder of any size, shaped like the real manual.

For the scale benchmarks only. A synthetic manual is what the real one is:
``manual.yaml`` (district, title, language, series) and one folder per
procedure in ``procedures/<slug>/`` holding ``policy.yaml`` and, for the
procedures with a self-assessment and a checker, ``questions.yaml``,
``facts.yaml`` (the real one) and ``examples.yaml``.

Clause texts are the real procedure's, reused in turn (each with a suffix
naming its clause and procedure, so no two are the same); everything the real
data has appears in proportion: sections of 10 clauses (the real one has 6 to
8), sub-clauses, every kind, references, related clauses, gaps and, in the
interactive procedures, scenario rules quoting their clause and one
self-assessment question per clause that asks something of staff (as the
loader requires).

The mix of a synthetic manual (``write_synthetic_manual``), by position:

- procedures are numbered from 100 up, in series of 100 named in manual.yaml
  (100, 200, 300, ...);
- every 10th procedure (the 1st, 11th, ...) is interactive like the real one:
  questions, facts, examples and scenario rules, so it has a self-assessment
  and a "Can I do this?" page; the other 9 in 10 are reading-only (what
  ``policy add`` of a newly supplied procedure gives);
- every 20th is an appendix (A) of the procedure before it;
- every 50th is a draft (published behind the Draft banner).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from real_manual import APPENDIX_C_DIR, ROOT  # noqa: F401  (ROOT: re-exported for the other scripts)

from quiz.limits import MAX_QUESTIONS

CLAUSES_PER_SECTION = 10
KINDS = ("must", "must_not", "should", "may", "information")
EFFECT = {"must": "requires", "must_not": "prohibits", "should": "recommends", "may": "informs", "information": "informs"}
TESTED = ("must", "must_not", "should")
INTERACTIVE_EVERY, APPENDIX_EVERY, DRAFT_EVERY = 10, 20, 50
SERIES_NAMES = ("General Administration", "Students", "Personnel", "Finance and Facilities", "Instruction",
                "Community Relations", "Information Technology", "Health and Safety", "Governance")


def _real_texts() -> list[str]:
    policy = yaml.safe_load((APPENDIX_C_DIR / "policy.yaml").read_text(encoding="utf-8"))
    return [e["text"] for s in policy["sections"] for e in s["entries"] if "text" in e]


_TEXTS = _real_texts()


def _numbers(section: int, count: int) -> list[str]:
    """``count`` ascending clause numbers for one section: 1.1, 1.2, 1.2.1, 1.3, 1.4, 1.4.1, ..."""
    numbers, top = [], 0
    for index in range(count):
        if index % 3 == 2:
            numbers.append(f"{section}.{top}.1")
        else:
            top += 1
            numbers.append(f"{section}.{top}")
    return numbers


@dataclass(frozen=True)
class SyntheticProcedure:
    """Where one synthetic procedure sits in the manual, and what it has."""

    number: int
    appendix: str | None = None
    interactive: bool = True
    draft: bool = False

    @property
    def slug(self) -> str:
        return f"ap-{self.number}" + (f"-appendix-{self.appendix.lower()}" if self.appendix else "") + "-synthetic-procedure"

    @property
    def code(self) -> str:
        return f"{self.number}-{self.appendix}" if self.appendix else str(self.number)


def synthetic_data(clauses: int, procedure: SyntheticProcedure | int = 1) -> tuple[dict, dict | None, dict | None]:
    """policy.yaml, questions.yaml and examples.yaml contents for a procedure of ``clauses`` clauses
    (questions and examples None for a reading-only procedure)."""
    if isinstance(procedure, int):
        procedure = SyntheticProcedure(procedure)
    interactive = procedure.interactive
    sections, tested = [], []
    serial = 0
    for section in range(1, -(-clauses // CLAUSES_PER_SECTION) + 1):
        count = min(CLAUSES_PER_SECTION, clauses - serial)
        entries: list[dict] = [{"gap": f"Synthetic gap note for section {section}."}] if section % 10 == 1 else []
        for position, number in enumerate(_numbers(section, count)):
            # The suffix makes every clause of the manual a text of its own, as in a
            # real one (a typesetter or compressor would otherwise meet the same
            # 17 paragraphs over and over).
            text = f"{_TEXTS[serial % len(_TEXTS)]} (Synthetic clause {serial + 1} of procedure {procedure.code}.)"
            kind = KINDS[serial % len(KINDS)]
            entry = {"number": number, "kind": kind, "text": text}
            if serial % 7 == 0:
                entry["references"] = ["foippa"]
            if position >= 3 and serial % 10 == 0:
                entry["related"] = [f"{section}.1"]
            if interactive and serial % 4 == 0:
                entry["scenario"] = [{"when": {"fact": "account", "is": "personal"}, EFFECT[kind]: [text]}]
            entries.append(entry)
            if interactive and kind in TESTED:
                tested.append(number)
            serial += 1
        sections.append({"number": str(section), "title": f"Synthetic section {section}", "entries": entries})
    metadata = {"procedure": str(procedure.number)}
    if procedure.appendix:
        metadata["appendix"] = procedure.appendix
    metadata |= {"title": f"Synthetic procedure {procedure.code}", "slug": procedure.slug}
    if procedure.draft:
        metadata["draft"] = True
    policy = {
        "metadata": metadata,
        "background": ["Synthetic background paragraph."],
        "definitions": {"terms": [{"term": "Term", "text": "A synthetic definition."}]},
        "references": [{"id": "foippa", "title": "B.C. FOIPPA"}],
        "sections": sections,
    }
    if not interactive:
        return policy, None, None
    # One question per clause that asks something of staff; past the engine's
    # limit on questions (quiz/limits.py), each question cites several clauses.
    per_question = -(-len(tested) // MAX_QUESTIONS)
    questions = []
    for start in range(0, len(tested), per_question):
        cites = tested[start:start + per_question]
        questions.append({
            "id": f"q-{procedure.code.lower()}-{cites[0].replace('.', '-')}", "type": "true_false", "cites": cites,
            "prompt": f"True or false: clause {cites[0]} asks something of staff.", "answer": True,
            "explanation": f"Clause {cites[0]} says so.",
        })
    examples = {"examples": [{"name": "Personal account", "facts": {"account": "personal"},
                              "expect": {"verdict": "needs_answers", "cites": []}}]}
    return policy, {"questions": questions}, examples


def _dump(path: Path, data: dict) -> None:
    # Clause numbers must stay strings ("1.10" is not 1.1): safe_dump quotes them.
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def write_synthetic_procedure(procedures_dir: Path, clauses: int, procedure: SyntheticProcedure) -> Path:
    """One procedure folder ``procedures_dir/<slug>/``; returns it."""
    folder = procedures_dir / procedure.slug
    folder.mkdir(parents=True, exist_ok=True)
    policy, questions, examples = synthetic_data(clauses, procedure)
    _dump(folder / "policy.yaml", policy)
    if questions is not None:
        _dump(folder / "questions.yaml", questions)
        _dump(folder / "examples.yaml", examples)
        shutil.copy(APPENDIX_C_DIR / "facts.yaml", folder / "facts.yaml")
    return folder


def manual_mix(procedures: int) -> list[SyntheticProcedure]:
    """The procedures of a synthetic manual, in order (see the module docstring for the mix)."""
    found, number = [], 99
    for index in range(procedures):
        appendix = index % APPENDIX_EVERY == APPENDIX_EVERY - 1 and number >= 100
        if not appendix:
            number += 1
        found.append(SyntheticProcedure(
            number, "A" if appendix else None,
            interactive=index % INTERACTIVE_EVERY == 0, draft=index % DRAFT_EVERY == DRAFT_EVERY - 1,
        ))
    return found


def describe_mix(procedures: int) -> str:
    mix = manual_mix(procedures)
    interactive = sum(p.interactive for p in mix)
    return (f"{interactive} interactive (questions, facts, examples: self-assessment and checker pages), "
            f"{procedures - interactive} reading-only; {sum(p.appendix is not None for p in mix)} appendices, "
            f"{sum(p.draft for p in mix)} drafts; {len({p.number // 100 for p in mix})} series")


def _write_manual_file(dest: Path, series: list[int]) -> None:
    manual = {"district": "Synthetic District", "title": "Synthetic Manual", "language": "en-CA"}
    if series:
        manual["series"] = [{"number": n, "name": SERIES_NAMES[(n // 100 - 1) % len(SERIES_NAMES)]} for n in series]
    _dump(dest / "manual.yaml", manual)


def write_synthetic_manual(dest: Path, procedures: int, clauses: int) -> Path:
    """A complete policy_src-like folder at ``dest``: ``procedures`` procedures of ``clauses`` clauses each."""
    dest.mkdir(parents=True, exist_ok=True)
    mix = manual_mix(procedures)
    _write_manual_file(dest, sorted({p.number // 100 * 100 for p in mix}))
    for procedure in mix:
        write_synthetic_procedure(dest / "procedures", clauses, procedure)
    return dest


def write_synthetic_source(dest: Path, clauses: int, procedure: int = 100, interactive: bool = True) -> Path:
    """A manual of one procedure of ``clauses`` clauses at ``dest``; returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    _write_manual_file(dest, [])
    write_synthetic_procedure(dest / "procedures", clauses, SyntheticProcedure(procedure, interactive=interactive))
    return dest

"""Write a synthetic policy_src/ folder of any size, shaped like the real one.

For the scale benchmark only. Clause texts are the real procedure's, reused
in turn; everything the real data has appears in proportion: sections of 30
entries, sub-clauses, every kind, references, related clauses, gaps, scenario
rules quoting their clause, and one self-assessment question per clause that
asks something of staff (as the loader requires). facts.yaml is the real one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "policy_src"
CLAUSES_PER_SECTION = 30
KINDS = ("must", "must_not", "should", "may", "information")
EFFECT = {"must": "requires", "must_not": "prohibits", "should": "recommends", "may": "informs", "information": "informs"}
TESTED = ("must", "must_not", "should")


def _real_texts() -> list[str]:
    policy = yaml.safe_load((REAL / "policy.yaml").read_text(encoding="utf-8"))
    return [e["text"] for s in policy["sections"] for e in s["entries"] if "text" in e]


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


def synthetic_data(clauses: int, procedure: int = 1) -> tuple[dict, dict, dict]:
    """policy.yaml, questions.yaml and examples.yaml contents for a procedure of ``clauses`` clauses."""
    texts = _real_texts()
    sections, questions = [], []
    serial = 0
    for section in range(1, -(-clauses // CLAUSES_PER_SECTION) + 1):
        count = min(CLAUSES_PER_SECTION, clauses - serial)
        entries: list[dict] = [{"gap": f"Synthetic gap note for section {section}."}] if section % 10 == 1 else []
        for position, number in enumerate(_numbers(section, count)):
            text = f"{texts[serial % len(texts)]} (Synthetic clause {serial + 1}.)"
            kind = KINDS[serial % len(KINDS)]
            entry = {"number": number, "kind": kind, "text": text}
            if serial % 7 == 0:
                entry["references"] = ["foippa"]
            if position >= 3 and serial % 10 == 0:
                entry["related"] = [f"{section}.1"]
            if serial % 4 == 0:
                entry["scenario"] = [{"when": {"fact": "account", "is": "personal"}, EFFECT[kind]: [text]}]
            entries.append(entry)
            if kind in TESTED:
                questions.append({
                    "id": f"q-{procedure}-{number.replace('.', '-')}", "type": "true_false", "cites": [number],
                    "prompt": f"True or false: clause {number} asks something of staff.", "answer": True,
                    "explanation": f"Clause {number} says so.",
                })
            serial += 1
        sections.append({"number": str(section), "title": f"Synthetic section {section}", "entries": entries})
    policy = {
        "metadata": {"district": "Synthetic District", "manual": "Synthetic Manual", "procedure": str(procedure),
                     "title": f"Synthetic procedure {procedure}", "slug": f"synthetic-{procedure}", "language": "en-CA"},
        "background": ["Synthetic background paragraph."],
        "definitions": {"terms": [{"term": "Term", "text": "A synthetic definition."}]},
        "references": [{"id": "foippa", "title": "B.C. FOIPPA"}],
        "sections": sections,
    }
    examples = {"examples": [{"name": "Personal account", "facts": {"account": "personal"},
                              "expect": {"verdict": "needs_answers", "cites": []}}]}
    return policy, {"questions": questions}, examples


def write_synthetic_source(dest: Path, clauses: int, procedure: int = 1) -> Path:
    """A complete policy_src-like folder at ``dest``; returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    policy, questions, examples = synthetic_data(clauses, procedure)
    for name, data in (("policy.yaml", policy), ("questions.yaml", questions), ("examples.yaml", examples)):
        # Clause numbers must stay strings ("1.10" is not 1.1): dump them quoted.
        (dest / name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    shutil.copy(REAL / "facts.yaml", dest / "facts.yaml")
    return dest

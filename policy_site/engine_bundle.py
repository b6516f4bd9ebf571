"""The JSON bundle the engine (``quiz/``) works from, written into the site.

Built from the same clause and question objects as the pages, so the quiz's
citations are exactly the site's clause text.
"""

from __future__ import annotations

from .content import Content

BUNDLE_FORMAT = 1  # must match quiz.bundle.BUNDLE_FORMAT


def make_bundle(content: Content, procedure_url: str) -> dict:
    """Everything the engine needs, as plain JSON-ready data.

    Args:
        content: the loaded policy_src.
        procedure_url: the procedure page's URL relative to the page that runs
            the engine (citations link to ``procedure_url#clause-…``).
    """
    policy = content.policy
    clause_sections = {c.number: s.number for s in policy.sections for c in s.clauses}
    return {
        "format": BUNDLE_FORMAT,
        "policy": {
            "title": policy.metadata.title,
            "designation": policy.metadata.designation,
            "slug": policy.metadata.slug,
            "version": policy.metadata.version,
            "fingerprint": policy.fingerprint,
            "procedure_url": procedure_url,
        },
        "sections": [{"number": s.number, "title": s.title} for s in policy.sections],
        "clauses": {
            c.number: {
                "number": c.number,
                "kind": c.kind,
                "kind_label": c.kind_label,
                "text": c.text,
                "anchor": c.anchor,
                "section": clause_sections[c.number],
                "scenario": [rule.to_json() for rule in c.scenario],
            }
            for c in policy.clauses
        },
        "questions": [
            {
                "id": q.id,
                "type": q.type,
                "prompt": q.prompt,
                "situation": q.situation,
                "cites": list(q.cites),
                "choices": [
                    {"id": c.id, "text": c.text, "correct": c.correct, "feedback": c.feedback} for c in q.choices
                ],
                "explanation": q.explanation,
            }
            for q in content.questions.questions
        ],
        "quiz": {"pass_mark": content.questions.pass_mark},
        "facts": [
            {
                "name": f.name,
                "question": f.question,
                "help": f.help,
                "values": [{"value": v.value, "label": v.label} for v in f.values],
                "asked_when": f.asked_when.json if f.asked_when else None,
            }
            for f in content.facts
        ],
    }

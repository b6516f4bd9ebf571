"""Make the engine's bundle (``quiz.bundle.Bundle``) from the model.

Built from the same clause and question objects as the pages, so the quiz's
citations are exactly the site's clause text. The bundle's JSON format is the
engine's own (``Bundle.to_json``); nothing here spells out its keys.
"""

from __future__ import annotations

from quiz import bundle as engine

from ..model.content import Content
from ..model.history import History


def make_bundle(content: Content, procedure_url: str, history: History | None = None) -> engine.Bundle:
    """Everything the engine needs, as the engine's own objects.

    Args:
        content: the loaded policy_src.
        procedure_url: the procedure page's URL relative to the page that runs
            the engine (citations link to ``procedure_url#clause-…``).
        history: the procedure's releases; each becomes a version a stored
            pass can name, with the clauses changed since (for a re-assessment).
    """
    policy = content.policy
    return engine.Bundle(
        title=policy.metadata.title,
        designation=policy.metadata.designation,
        slug=policy.metadata.slug,
        version=policy.metadata.version,
        fingerprint=policy.fingerprint,
        procedure_url=procedure_url,
        sections=tuple(engine.Section(s.number, s.title) for s in policy.sections),
        clauses={
            c.number: engine.Clause(c.number, c.kind, c.kind_label, c.text, c.scenario) for c in policy.clauses
        },
        # The model's questions and facts are the engine's types (plus a source
        # location, which to_json leaves out).
        questions=content.questions.questions,
        pass_mark=content.questions.pass_mark,
        facts=content.facts,
        gaps=tuple(gap.note for gap in policy.gaps),
        ask=policy.metadata.contact,
        versions=_versions(history) if history is not None else (),
    )


def _versions(history: History) -> tuple[engine.Version, ...]:
    versions = []
    for release, _ in history.by_release:
        changed = [c.number for c in history.changed_since(release) if c.part == "clause" and c.text_changed]
        versions.append(engine.Version(release.label, release.fingerprint, release.effective, tuple(dict.fromkeys(changed))))
    return tuple(versions)

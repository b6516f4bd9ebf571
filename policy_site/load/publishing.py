"""What may be published: a procedure that is not a draft holds no TODO mark
and no kind the importer guessed.

``policy import`` writes placeholders ("[TODO title of section 1]") and
guesses kinds from the wording; both are fine in a draft, which the site
publishes behind a Draft banner. Publishing one without review would put our
guess in the district's mouth, so it stops the build with file:line.
"""

from __future__ import annotations

from ..common.problems import ProblemLog
from ..model.policy import Policy
from .shapes import shortened


def check_publishable(policy: Policy, log: ProblemLog) -> None:
    """Errors for a published procedure, warnings for a draft: every TODO mark and every unconfirmed kind."""
    draft = policy.metadata.draft
    report = log.warning if draft else log.error
    fix = "" if draft else " before publishing (or mark the procedure `draft: true`)"
    for placeholder in policy.placeholders:
        report(placeholder.location, f'TODO mark left: "{shortened(placeholder.text, 70)}"; replace it with the district\'s text or an editorial note{fix}')
    for clause in policy.clauses:
        if clause.kind_guessed:
            report(clause.location, f'clause {clause.number}: the kind "{clause.kind}" was guessed by `policy import`; confirm it and delete `kind_guessed: true`{fix}')

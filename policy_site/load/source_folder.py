"""Read everything in one ``policy_src/`` folder and cross-check it together.

One entry point for the plugin and the CLI, so a build, ``policy check`` and
the tests all see the same problems.
"""

from __future__ import annotations

from pathlib import Path

from ..common.problems import ProblemLog
from ..model.content import Content
from ..model.manual import ManualInfo
from .manual_file import MANUAL, MANUAL_FILE, find_manual_info
from .examples_file import EXAMPLES, EXAMPLES_FILE, read_examples
from .facts_file import FACTS, FACTS_FILE, read_facts
from .policy_file import POLICY, POLICY_FILE, read_policy
from .questions_file import QUESTIONS, QUESTIONS_FILE, read_question_bank
from .shapes import Record

# Every kind of YAML file in policy_src/ (the manual's, then a procedure's) and its shape: used for reading and
# for `policy schema` (JSON Schema for editors).
SOURCE_FILES: dict[str, Record] = {
    MANUAL_FILE: MANUAL,
    POLICY_FILE: POLICY,
    QUESTIONS_FILE: QUESTIONS,
    FACTS_FILE: FACTS,
    EXAMPLES_FILE: EXAMPLES,
}


def read_content(source_dir: Path, log: ProblemLog, manual: ManualInfo | None = None) -> Content | None:
    """Read every file of one procedure folder, adding all problems of all files to ``log``.

    ``manual`` is what the procedure shares with the manual it belongs to;
    None reads the ``manual.yaml`` above ``source_dir`` (see :func:`find_manual_info`).
    Only ``policy.yaml`` is required: without ``questions.yaml`` the procedure
    has no self-assessment, without ``facts.yaml`` no checker.

    A file with errors of its own is not used to check the others: one bad
    clause number would otherwise be reported again by every question and
    example that cites it, burying the real problem.
    """
    if manual is None:
        manual = find_manual_info(source_dir, log)
        if manual is None:
            return None
    facts = _if_clean(log, lambda: read_facts(source_dir, log)) if (source_dir / FACTS_FILE).exists() else ()
    policy = _if_clean(log, lambda: read_policy(source_dir, log, {f.name: f for f in facts} if facts is not None else None, manual))
    questions = read_question_bank(source_dir, policy, log)
    clause_numbers = {c.number for c in policy.clauses} if policy is not None else None
    if (source_dir / EXAMPLES_FILE).exists():
        examples = read_examples(source_dir, facts, clause_numbers, log)
    else:
        examples = ()
    if policy is None or questions is None or facts is None or examples is None:
        return None
    return Content(policy, questions, facts, examples)


def _if_clean(log: ProblemLog, read):
    """What ``read`` returns, or None when it added errors to ``log``."""
    errors_before = len(log.errors)
    found = read()
    return found if len(log.errors) == errors_before else None


def load_content(source_dir: Path) -> Content:
    """Read every file of the procedure folder ``source_dir``.

    Raises:
        PolicySourceError: listing every problem in every file.
    """
    log = ProblemLog()
    content = read_content(source_dir, log)
    log.raise_if_errors()
    assert content is not None
    return content

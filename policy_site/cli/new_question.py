"""``policy new-question CLAUSE``: scaffold a self-assessment question citing a clause.

Prints the YAML to add to questions.yaml (or, with ``--append``, adds it at
the end of the file). The clause's text is included as a comment to write
from; the TODO markers make `policy check` warn until they are replaced.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..common.problems import PolicySourceError
from ..load.questions_file import QUESTIONS_FILE
from ..load.source_folder import load_content
from ..model.questions import QUESTION_TYPES
from .output_file import write_text_atomically
from .procedure_choice import NoSuchProcedure, add_procedure_option, procedure_folder


def register(subcommands) -> None:
    parser = subcommands.add_parser("new-question", help="scaffold a question that cites a clause", description=__doc__)
    parser.add_argument("clause", help='the clause number, e.g. "1.9"')
    parser.add_argument("--type", choices=QUESTION_TYPES, default="single")
    parser.add_argument("--id", help="question id (default: derived from the clause number)")
    parser.add_argument("--append", action="store_true", help=f"add it to the end of {QUESTIONS_FILE}")
    parser.add_argument("--source-dir", default="policy_src", help="the manual (default: policy_src) or a procedure folder")
    add_procedure_option(parser)
    parser.set_defaults(run=run)


def scaffold(clause_number: str, clause_text: str, question_type: str, question_id: str) -> str:
    """The YAML block for a new question (indented for the `questions:` list)."""
    wrapped = re.findall(r".{1,72}(?:\s|$)", clause_text)
    lines = [
        "",
        f"  # Clause {clause_number}, word for word:",
        *[f"  #   {part.strip()}" for part in wrapped],
        f"  - id: {question_id}",
        f"    type: {question_type}",
        f'    cites: ["{clause_number}"]',
    ]
    if question_type == "situation":
        lines.append('    situation: "TODO: a short, realistic situation"')
    lines.append('    prompt: "TODO: the question"')
    if question_type == "true_false":
        lines.append("    answer: true  # TODO: true or false")
    else:
        lines += [
            "    choices:",
            '      - text: "TODO: the right answer"',
            "        correct: true",
            '      - text: "TODO: a wrong answer"',
            '        feedback: "TODO: why it is wrong, citing the clause"',
        ]
        if question_type == "multiple":
            lines += ['      - text: "TODO: another right answer"', "        correct: true"]
    lines.append(f'    explanation: "TODO: what clause {clause_number} says, in plain words"')
    return "\n".join(lines) + "\n"


def run(args) -> int:
    try:
        source_dir = procedure_folder(Path(args.source_dir), args.procedure)
        content = load_content(source_dir)
    except NoSuchProcedure as exc:
        print(f"policy new-question: {exc}", file=sys.stderr)
        return 2
    except PolicySourceError as exc:
        print(f"{exc}\nFix these first: the new question must fit a valid policy_src.", file=sys.stderr)
        return 1
    numbers = [c.number for c in content.policy.clauses]
    if args.clause not in numbers:
        print(f'clause "{args.clause}" does not exist; clauses: {", ".join(numbers)}', file=sys.stderr)
        return 1
    clause = content.policy.clause(args.clause)
    if clause.text is None:
        print(f"clause {args.clause} has no text in the supplied document, so a question cannot cite it", file=sys.stderr)
        return 1
    existing = {q.id for q in content.questions.questions}
    question_id = args.id or _free_id(f"clause-{args.clause.replace('.', '-')}", existing)
    if question_id in existing:
        print(f'a question with id "{question_id}" already exists; choose another --id', file=sys.stderr)
        return 1
    block = scaffold(args.clause, clause.text, args.type, question_id)
    if not args.append:
        print(block, end="")
        return 0
    path = source_dir / QUESTIONS_FILE
    text = path.read_text(encoding="utf-8")
    write_text_atomically(path, text + ("" if text.endswith("\n") else "\n") + block)
    print(f'Added question "{question_id}" to {path}; replace its TODO text, then run `policy check`.')
    return 0


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = f"{base}-question", 2
    while candidate in taken:
        candidate, n = f"{base}-question-{n}", n + 1
    return candidate

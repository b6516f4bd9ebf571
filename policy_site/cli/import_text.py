"""``policy import``: turn a procedure exported as plain text into a policy_src skeleton."""

from __future__ import annotations

import sys
from pathlib import Path

from ..common.problems import display_path
from ..importer.assembler import import_procedure
from ..importer.export_reader import MAX_EXPORT_BYTES, NotATextExport, decode_export
from .output_file import refuse_output_path, write_text_atomically


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "import",
        help="turn a procedure exported from Word or PDF as plain text into policy.yaml (to check by hand)",
        description=(
            "Read FILE.txt and write a policy.yaml skeleton: the text verbatim, every clause with its number, "
            "kinds guessed (marked 'please confirm'), and gaps wherever the document is cut off. "
            "What needs a person's attention is listed on standard error with its line in FILE.txt."
        ),
    )
    parser.add_argument("source", metavar="FILE.txt", help="the procedure as plain text (UTF-8, UTF-16 or Windows-1252)")
    parser.add_argument("-o", "--output", metavar="OUT.yaml", help="write here instead of standard output")
    parser.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")
    parser.set_defaults(run=run)


def run(args) -> int:
    source = Path(args.source)
    shown = display_path(source)
    output = Path(args.output) if args.output else None
    if output is not None:
        refused = refuse_output_path(output, args.force, example_name="policy.yaml")
        if refused is not None:
            return refused
    try:
        with source.open("rb") as file:
            # One byte over the limit is enough to refuse it; never more (/dev/zero).
            data = file.read(MAX_EXPORT_BYTES + 1)
    except OSError as exc:
        print(f"{shown}: cannot read it ({exc.strerror}); check the path and try again", file=sys.stderr)
        return 1
    try:
        text, encoding_note = decode_export(data)
    except NotATextExport as exc:
        print(f"{shown}: {exc}", file=sys.stderr)
        return 1
    result = import_procedure(text, shown)
    if encoding_note:
        print(f"{shown}:1:1: warning: {encoding_note}", file=sys.stderr)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if output is None:
        sys.stdout.write(result.yaml_text)
        return 0
    try:
        write_text_atomically(output, result.yaml_text)
    except OSError as exc:
        print(f"{display_path(output)}: cannot write it ({exc.strerror}); nothing was written", file=sys.stderr)
        return 1
    print(
        f"Wrote {display_path(output)}: confirm every value marked \"please confirm\" or \"TODO\" "
        f"({len(result.problems)} note(s) above), then run `policy check`.",
        file=sys.stderr,
    )
    return 0

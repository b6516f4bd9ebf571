"""``policy pdf``: write only the printable PDF, without building the site.

For checking the print layout quickly, or for handing the PDF to someone
without publishing. By default the file goes to ``<slug>.pdf`` in the current
folder (the same name as on the site, where it is ``downloads/<slug>.pdf``).
An existing file is replaced only with ``--force``; the PDF is written beside
it and renamed into place, so an interrupted run leaves the old file whole.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..common.problems import PolicySourceError
from ..load.policy_file import load_policy
from ..render.pdf import PdfError, pdf_file_name, write_pdf
from .output_file import refuse_output_path
from .procedure_choice import NoSuchProcedure, add_procedure_option, procedure_folder


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "pdf",
        help="write the printable, tagged PDF of the procedure (default: <slug>.pdf in the current folder)",
    )
    parser.add_argument("source_dir", nargs="?", default="policy_src", help="the manual (default: policy_src) or a procedure folder")
    add_procedure_option(parser)
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=None,
        help="where to write the PDF, in a folder that exists (default: ./<metadata.slug>.pdf)",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        policy = load_policy(procedure_folder(Path(args.source_dir), args.procedure))
    except NoSuchProcedure as exc:
        print(f"policy pdf: {exc}", file=sys.stderr)
        return 2
    except PolicySourceError as exc:
        print(f"{exc}\nNo PDF was written.", file=sys.stderr)
        return 1
    output = Path(args.output) if args.output else Path(pdf_file_name(policy))
    refused = refuse_output_path(output, args.force, example_name=pdf_file_name(policy))
    if refused is not None:
        return refused
    try:
        # write_pdf renders beside `output` and renames into place (atomic).
        write_pdf(policy, output)
    except (PdfError, OSError) as exc:
        print(f"Could not write {output}: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {output}")
    return 0

"""``policy pdf``: write one procedure's printable PDF, or the whole manual's, without building the site.

For checking the print layout quickly, or for handing the PDF to someone
without publishing. By default the file goes to ``<slug>.pdf`` in the current
folder (the same name as on the site, where it is ``downloads/<slug>.pdf``);
with ``--manual``, the whole manual (every published procedure, in order) goes
to ``manual.pdf`` (``downloads/manual.pdf`` on the site). An existing file is
replaced only with ``--force``; the PDF is written beside it and renamed into
place, so an interrupted run leaves the old file whole.

Given the manual's folder, the procedure is read as the site build reads it
(with the whole manual: its version comes from its releases), so the file is
the very same as the site's; a problem anywhere in the manual stops it, as it
stops the build. Given a procedure's own folder, only that folder is read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..common.problems import PolicySourceError, display_path
from ..load.manual_file import MANUAL_FILE
from ..load.manual_folder import load_manual
from ..load.policy_file import load_policy
from ..model.manual import Manual
from ..model.policy import Policy
from ..render.pdf import MANUAL_PDF_FILE, PdfError, pdf_file_name, write_manual_pdf, write_pdf
from ..render.pdf_data import change_summary
from .output_file import refuse_output_path
from .procedure_choice import NoSuchProcedure, add_procedure_option, procedure_folder


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "pdf",
        help="write the printable, tagged PDF of a procedure (default: <slug>.pdf in the current folder), "
        "or of the whole manual with --manual (manual.pdf)",
    )
    parser.add_argument("source_dir", nargs="?", default="policy_src", help="the manual (default: policy_src) or a procedure folder")
    add_procedure_option(parser)
    parser.add_argument(
        "--manual", action="store_true",
        help="the whole manual in one PDF: every published procedure, in order, with a contents page (default file: manual.pdf)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=None,
        help="where to write the PDF, in a folder that exists (default: ./<metadata.slug>.pdf, or ./manual.pdf)",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(run=run)


class _NotWritten(Exception):
    """The input could not be read; the message is printed as it is."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _read_manual(source: Path) -> Manual:
    """The whole manual, as the site build reads it. Raises PolicySourceError listing every problem."""
    if not (source / MANUAL_FILE).is_file():
        raise _NotWritten(f"policy pdf: --manual needs the manual's folder (the one with {MANUAL_FILE}); {display_path(source)} has none", 2)
    return load_manual(source)


def _read_procedure(source: Path, procedure_id: str | None) -> tuple[Policy, dict | None]:
    """The procedure's text, and (read in its manual, with its releases) what its PDF says changed."""
    folder = procedure_folder(source, procedure_id)
    if not (source / MANUAL_FILE).is_file():
        return load_policy(folder), None
    procedure = _read_manual(source).by_id[folder.name]
    return procedure.content.policy, change_summary(procedure)


def run(args) -> int:
    source = Path(args.source_dir)
    try:
        if args.manual:
            if args.procedure:
                print("policy pdf: --manual writes every published procedure; leave out --procedure", file=sys.stderr)
                return 2
            manual = _read_manual(source)
            name, write = MANUAL_PDF_FILE, lambda path: write_manual_pdf(manual, path)
        else:
            policy, changes = _read_procedure(source, args.procedure)
            name, write = pdf_file_name(policy), lambda path: write_pdf(policy, path, changes)
    except NoSuchProcedure as exc:
        print(f"policy pdf: {exc}", file=sys.stderr)
        return 2
    except _NotWritten as exc:
        print(exc, file=sys.stderr)
        return exc.code
    except PolicySourceError as exc:
        print(f"{exc}\nNo PDF was written.", file=sys.stderr)
        return 1
    output = Path(args.output) if args.output else Path(name)
    refused = refuse_output_path(output, args.force, example_name=name)
    if refused is not None:
        return refused
    try:
        # Typeset beside `output` and renamed into place (atomic).
        write(output)
    except (PdfError, OSError) as exc:
        print(f"Could not write {output}: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {output}")
    return 0

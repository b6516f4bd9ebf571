"""``policy scorm``: the self-assessment as a SCORM 1.2 package for the district's LMS.

Builds the site (into a temporary folder: ``site/`` is left alone), then
packages one procedure's self-assessment from it (``policy_site.scorm``).
By default the package goes to ``<procedure>-scorm12.zip`` in the current
folder; ``-o`` names the file, or a folder to put it in. An existing file is
replaced only with ``--force``; the package is written beside it and renamed
into place, so an interrupted run leaves the old file whole.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ..mkdocs_plugin.build import BuildFailed, build_site
from ..scorm.package import PackagingError, self_assessments, write_scorm_package
from .output_file import refuse_output_path
from .procedure_choice import add_procedure_option


def package_file_name(procedure_id: str) -> str:
    return f"{procedure_id}-scorm12.zip"


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "scorm",
        help="write the self-assessment as a SCORM 1.2 package for an LMS (default: <procedure>-scorm12.zip here)",
    )
    add_procedure_option(parser)
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=None,
        help="the package's file, or a folder to write it in (default: ./<procedure>-scorm12.zip)",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's configuration (default: mkdocs.yml)")
    parser.set_defaults(run=run, interrupted="nothing was written (the package is renamed into place only when it is whole)")


def _output(args, procedure_id: str) -> Path:
    if args.output is None:
        return Path(package_file_name(procedure_id))
    output = Path(args.output)
    return output / package_file_name(procedure_id) if output.is_dir() else output


def _choose(args, site: Path) -> tuple[str | None, int, str]:
    """The procedure to package, or (None, exit code, message)."""
    known = self_assessments(site)
    if args.procedure is not None:
        if args.procedure in known:
            return args.procedure, 0, ""
        listed = ", ".join(known) or "none"
        return None, 2, f'no self-assessment for "{args.procedure}" (a procedure has one when it has questions.yaml); those with one: {listed}'
    if len(known) == 1:
        return known[0], 0, ""
    if not known:
        return None, 1, "no procedure has a self-assessment (a procedure has one when it has questions.yaml); there is nothing to package"
    return None, 2, f"{len(known)} procedures have a self-assessment; say which with --procedure ID: {', '.join(known)}"


def run(args) -> int:
    if args.output is not None and args.procedure is not None:
        refused = refuse_output_path(_output(args, args.procedure), args.force, package_file_name(args.procedure))
        if refused is not None:
            return refused
    with tempfile.TemporaryDirectory(prefix="policy-scorm-") as folder:
        print("Building the site to package from…", file=sys.stderr)
        try:
            site = build_site(Path(args.config_file), Path(folder) / "site")
        except BuildFailed as exc:
            print(f"Build failed; no package was written.\n{exc}", file=sys.stderr)
            return 1
        procedure_id, code, message = _choose(args, site)
        if procedure_id is None:
            print(f"policy scorm: {message}", file=sys.stderr)
            return code
        output = _output(args, procedure_id)
        refused = refuse_output_path(output, args.force, package_file_name(procedure_id))
        if refused is not None:
            return refused
        try:
            summary = write_scorm_package(site, procedure_id, output)
        except PackagingError as exc:
            print(f"policy scorm: {exc}\nNo package was written.", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"Could not write {output}: {exc}", file=sys.stderr)
            return 1
    print(f"Wrote {summary.path} ({summary.size / 1_000_000:.1f} MB, {summary.size:,} bytes; {summary.file_count} files)")
    print(f"  LMS activity: {summary.title}")
    print(f"  Identifier:   {summary.identifier}")
    return 0

"""Typeset a Typst template of ``templates/pdf/`` with its data into a tagged PDF/UA-1 file.

The only module that imports ``typst`` (PyPI: the compiler in a binary wheel;
no system library, no network). Every PDF is exported as PDF/UA-1, so the
compiler itself refuses a document that breaks a rule it can check (a
missing title, a skipped heading level, an image without alternative text):
such a PDF is never written.

What the compiler may read is fenced in: the templates folder is its root
(Typst refuses any path outside it), the only fonts are the ones in
``fonts/`` (the machine's are ignored, so every machine typesets the same
PDF), and the data arrives as a string in ``sys.inputs``, never as source.
The one thing Typst could fetch from the network is a package
(``#import "@preview/..."``); no template imports one, and a test holds them
to that (tests/test_pdf_typst.py).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


TEMPLATE_ROOT = Path(__file__).resolve().parent / "templates" / "pdf"
FONTS = Path(__file__).resolve().parent / "fonts"
PROCEDURE_TEMPLATE = TEMPLATE_ROOT / "procedure.typ"
MANUAL_TEMPLATE = TEMPLATE_ROOT / "manual.typ"
PDF_STANDARDS = ["ua-1"]


class PdfError(Exception):
    """The PDF could not be made; the message says why and what to do."""


def _typst():
    try:
        import typst
    except ImportError as exc:  # an old virtualenv: `make` reinstalls when pyproject.toml changes
        raise PdfError(f"the Typst compiler is not installed ({exc}); run `make install`") from None
    return typst


_compilers: dict[Path, object] = {}
_compiling = threading.Lock()


def _compiler(root: Path):
    """The process's compiler for a template folder, made once (its fonts are
    found once). Callers hold ``_compiling``: a compiler typesets one document
    at a time."""
    if root not in _compilers:
        _compilers[root] = _typst().Compiler(root=str(root), font_paths=[str(FONTS)], ignore_system_fonts=True)
    return _compilers[root]


def compiler_version() -> str:
    """The typst package's version: part of every PDF's cache key."""
    return _typst().__version__


def compile_pdf(template: Path, data_json: str, root: Path = TEMPLATE_ROOT) -> bytes:
    """The PDF that ``template`` makes of ``data_json`` (read in Typst as ``sys.inputs.data``).

    Raises:
        PdfError: the compiler refused (the message names the rule or the
            template line), or warned: a warning from our own template is a
            mistake to fix, not something to ship.
    """
    try:
        with _compiling:
            pdf, warnings = _compiler(Path(root)).compile_with_warnings(
                input=str(template), format="pdf", sys_inputs={"data": data_json}, pdf_standards=PDF_STANDARDS
            )
    except RuntimeError as exc:  # typst.TypstError, or the binding's own (a template outside the root)
        raise PdfError(_describe(exc, f"Typst could not typeset {template.name}")) from None
    if warnings:
        raise PdfError(_describe(warnings[0], f"Typst warned while typesetting {template.name}"))
    return pdf


def _describe(diagnostic, what: str) -> str:
    """The compiler's own words: the message and, when it has them, the file, line and hints."""
    located = getattr(diagnostic, "diagnostic", "") or ""
    if located.strip():
        return f"{what}:\n{located.rstrip()}"
    hints = "".join(f"\n  hint: {hint}" for hint in getattr(diagnostic, "hints", None) or [])
    return f"{what}: {getattr(diagnostic, 'message', diagnostic)}{hints}"


def _finish(partial: Path, path: Path) -> None:
    os.replace(partial, path)


def write_atomically(pdf: bytes, path: Path) -> Path:
    """Write ``pdf`` beside ``path`` and rename it into place: a failure or an
    interruption never leaves half a PDF at ``path``, or any file beside it."""
    path = Path(path)
    # Not tempfile.mkstemp: its files are private (0600) and a web server
    # could not serve the PDF; this one gets the usual permissions (umask).
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(pdf)
        _finish(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def typeset(template: Path, data_json: str, path: Path, root: Path = TEMPLATE_ROOT) -> Path:
    """Typeset ``data_json`` with ``template`` into ``path`` (atomically); returns ``path``."""
    return write_atomically(compile_pdf(template, data_json, root), path)

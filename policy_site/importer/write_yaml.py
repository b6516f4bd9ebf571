"""Write an imported draft as ``policy.yaml`` text that a person can read and edit.

A small emitter of our own rather than ``yaml.safe_dump``, because the output
must carry comments (guesses to confirm, TODOs, cut-off text) and look like the
hand-made file: block style, two-space indents, long text folded (``>-``) at
about 80 columns. Loading the output gives back exactly the text imported.
"""

from __future__ import annotations

import json
import re
import textwrap

import yaml

from ..load.json_schema import schema_comment
from .draft import DraftDefinitions, DraftGap, DraftPolicy, DraftSection

WIDTH = 80
POLICY_FILE = "policy.yaml"

# A value that may be written without quotes: it does not start with a YAML
# indicator and has no ": " or " #" that would end it early.
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


def scalar(value: str) -> str:
    """``value`` as a one-line YAML scalar: plain when that reads back as the same text, else double-quoted."""
    plain = (
        _PLAIN_START.match(value) is not None
        and value == value.strip()
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
    )
    if plain:
        try:
            plain = yaml.safe_load(value) == value  # "140", "yes", "2024-01-01" are not text to YAML
        except yaml.YAMLError:
            plain = False
    # A JSON string is a valid YAML double-quoted scalar.
    return value if plain else json.dumps(value, ensure_ascii=False)


def _comment(text: str | None) -> str:
    return f"  # {text}" if text else ""


def _text_field(indent: int, key: str, value: str, *, dash: bool = False, comment: str | None = None) -> list[str]:
    """``key: value`` at ``indent``; folded (``>-``) when it does not fit on one line."""
    lead = " " * (indent - 2) + "- " if dash else " " * indent
    head = f"{lead}{key}:" if key else lead.rstrip()  # a list item with no key: "  - text"
    above: list[str] = []
    if comment and len(f"{head} {scalar(value)}{_comment(comment)}") > WIDTH:
        # A long note reads better on its own line than pushing the value into a folded block.
        above, comment = _comments(len(lead) - (2 if dash else 0), [comment]), None
    single = f"{head} {scalar(value)}{_comment(comment)}"
    if len(single) <= WIDTH:
        return above + [single]
    # Wrapping only at single spaces keeps the folded text identical: YAML
    # folds each line break back into one space.
    content_indent = " " * (indent if not key else indent + 2)
    body = textwrap.wrap(
        value, width=WIDTH - len(content_indent), break_long_words=False, break_on_hyphens=False
    )
    return above + [f"{head} >-{_comment(comment)}"] + [content_indent + line for line in body]


def _plain_field(indent: int, key: str, value: str, *, dash: bool = False, comment: str | None = None) -> str:
    lead = " " * (indent - 2) + "- " if dash else " " * indent
    return f"{lead}{key}: {value}{_comment(comment)}"


def _comments(indent: int, comments: list[str]) -> list[str]:
    lines = []
    for text in comments:
        lines += textwrap.wrap(text, width=WIDTH - indent, initial_indent="# ", subsequent_indent="# ")
    return [" " * indent + line for line in lines]


def _listed(text: str) -> list[str]:
    return textwrap.wrap(text, width=WIDTH - 4, initial_indent="#   ", subsequent_indent="#     ")


def render_skeleton(draft: DraftPolicy) -> str:
    """The YAML text of an imported :class:`~policy_site.import_draft.DraftPolicy`."""
    lines = [
        schema_comment(POLICY_FILE),
        *_comments(0, [f"Imported by `policy import` from {draft.source_name}: a skeleton for a person to check before it is published."]),
        "# - Every `text:` is the document's own words, verbatim: never reword them.",
        '# - Confirm each value marked "please confirm" or "TODO", then delete the mark.',
        "# - A `gap:` says where the document is cut off or missing: never fill it in;",
        "#   a `fragment:` is the district's words before the cut, verbatim.",
        "# - `kind_guessed: true` marks a kind guessed from the wording: confirm the",
        "#   kind, then delete the mark. `draft: true` publishes the procedure with a",
        "#   Draft banner until you delete it.",
        "# Then run `policy check` (or `make check`) and fix anything it lists.",
    ]
    if draft.unplaced:
        lines += ["#", "# TODO: text from the source that could not be placed; move each where it", "# belongs or delete it:"]
        for line_number, text in draft.unplaced:
            lines += _listed(f"line {line_number}: {text}")
    if draft.set_aside:
        lines += ["#", "# Lines of the source not copied as text below (cover lines read as metadata,", "# and page furniture):"]
        for entry in draft.set_aside:
            lines += _listed(f"line {entry.line} ({entry.why}): {entry.text}")
    lines += ["", "metadata:"]
    for key, item in draft.metadata.items():
        if isinstance(item.value, bool):
            lines += _comments(2, [item.comment] if item.comment else [])
            lines.append(_plain_field(2, key, "true" if item.value else "false"))
        else:
            lines += _text_field(2, key, item.value, comment=item.comment)
    if draft.background:
        lines += ["", "background:"]
        for paragraph in draft.background:
            lines += _comments(2, paragraph.comments)
            lines += _text_field(4, "", paragraph.text, dash=True)
    if draft.definitions is not None:
        lines += ["", *_definitions(draft.definitions)]
    lines += ["", "sections:"]
    for index, section in enumerate(draft.sections):
        if index:
            lines.append("")
        lines += _section(section)
    return "\n".join(lines) + "\n"


def _definitions(definitions: DraftDefinitions) -> list[str]:
    lines = ["definitions:"]
    if not definitions.terms:
        lines.append("  terms: []")
    else:
        lines.append("  terms:")
        for term in definitions.terms:
            lines += _comments(4, term.comments)
            lines += _text_field(6, "term", term.term, dash=True)
            lines += _text_field(6, "text", term.text)
    if definitions.gap_note:
        lines.append("  gap:")
        if definitions.gap_fragment:
            lines += _text_field(4, "fragment", definitions.gap_fragment)
        lines += _text_field(4, "note", definitions.gap_note)
    return lines


def _section(section: DraftSection) -> list[str]:
    lines = [_plain_field(4, "number", json.dumps(section.number), dash=True)]
    if section.holds_top_level_clause:
        lines += _text_field(
            4,
            "title",
            f"TODO title of section {section.number}",
            comment=f"TODO: the district's item {section.number} is a sentence, not a heading: it is clause "
            f"{section.number} below; write an editorial title for its section (shown in brackets)",
        )
        lines.append("    title_editorial: true")
    elif section.title is None:
        lines += _text_field(
            4,
            "title",
            f"TODO title of section {section.number}",
            comment="TODO: not in the source: write the district's title, or infer one and keep title_editorial: true",
        )
        lines.append("    title_editorial: true")
    else:
        lines += _text_field(4, "title", section.title)
    lines.append("    entries:")
    for entry in section.entries:
        if isinstance(entry, DraftGap):
            lines += _text_field(8, "gap", entry.note, dash=True)
            continue
        lines += _comments(6, entry.comments)
        lines.append(_plain_field(8, "number", json.dumps(entry.number), dash=True))
        if entry.text:
            lines.append(_plain_field(8, "kind", entry.kind, comment=entry.kind_comment))
            # Data, not only a comment: `policy check` lists every unconfirmed kind from it.
            lines.append("        kind_guessed: true")
            lines += _text_field(8, "text", entry.text)
        if entry.fragment:
            lines += _text_field(8, "fragment", entry.fragment)
        if entry.gap:
            lines += _text_field(8, "gap", entry.gap)
    return lines

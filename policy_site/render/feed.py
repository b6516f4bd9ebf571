"""The Atom feed of releases (``changes.xml``): one entry per released version
of every procedure, newest first, so staff and the district's newsletter can
follow changes in any feed reader.

Written with ElementTree, so every value from the policy is XML-escaped text.
Links are relative to the feed's own address (RFC 4287 allows it; a reader
resolves them against where it fetched the feed), because the site may be
served from any host and path. Ids are ``tag:`` URIs (RFC 4151), made from the
procedure and the release number, so they never change when the site moves.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model.history import History
from ..model.manual import Manual
from .site_layout import FEED_FILE, changes_page, page_url

ATOM = "http://www.w3.org/2005/Atom"


def _tag(manual: Manual, rest: str, date: str) -> str:
    authority = re.sub(r"[^a-z0-9]+", "-", manual.info.district.lower()).strip("-") or "district"
    return f"tag:{authority}.policy-site,{date}:{rest}"


def atom_feed(manual: Manual) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    entries = []
    for procedure in manual.procedures:
        if procedure.draft:
            continue  # a draft is not published as a version
        meta = procedure.content.policy.metadata
        url = page_url(changes_page(procedure.id))
        for release, changes in History(procedure).by_release:
            summary = (
                "The first recorded version; there are no earlier versions to compare it with."
                if release.sequence == 1 else
                f"{len(changes)} change{'s' if len(changes) != 1 else ''}: "
                + "; ".join(_describe(c) for c in changes[:12]) + ("; …" if len(changes) > 12 else "")
            )
            entries.append((release.released, release.sequence, procedure.id, meta, release, url, summary))
    first = min((e[0] for e in entries), default="2026-01-01")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{manual.info.title}: what changed"
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = f"Released versions of the procedures of {manual.info.district}"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _tag(manual, "changes", first)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=FEED_FILE)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(max((e[0] for e in entries), default=first))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = manual.info.district
    for released, sequence, procedure_id, meta, release, url, summary in sorted(entries, key=lambda e: (e[0], e[1]), reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{meta.designation}, {meta.title}: {release.label}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _tag(manual, f"{procedure_id}/release-{sequence}", released)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=f"{url}#{release.anchor}")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(released)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = (
            summary + (f" Effective {release.effective}." if release.effective else "")
        )
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _describe(change) -> str:
    if change.part == "clause":
        if change.kind == "renumbered":
            return f"clause {change.old_number} renumbered {change.number}"
        return f"clause {change.number} {change.kind.replace('-', ' ')}"
    what = {"definition": f"definition of {change.term}", "definitions": "definitions", "gap": "missing text",
            "section title": f"title of section {change.number}", "background": "background"}[change.part]
    return f"{what} {change.kind.replace('-', ' ')}"

"""``imsmanifest.xml``: what the LMS reads to import the package (SCORM 1.2, IMS Content Packaging 1.1.2).

One organization holding one item, which launches one SCO resource listing
every file of the package. The identifier and title carry the procedure and
its text's fingerprint (and the title its version), so next year's package
is a new activity in the LMS, never an update that mixes two texts' results.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
MANIFEST_FILE = "imsmanifest.xml"


@dataclass(frozen=True)
class ManifestFacts:
    """What the manifest says about the package.

    Attributes:
        identifier: unique to the procedure and its text (an XML name: starts with a letter).
        version: the text's fingerprint (the attribute holds at most 20 characters).
        title: the activity's name as the LMS first shows it.
        mastery_score: the pass mark, in percent.
        launch: the SCO's page, from the package's root.
        files: every file of the package but the manifest, from its root.
    """

    identifier: str
    version: str
    title: str
    mastery_score: int
    launch: str
    files: tuple[str, ...]


def manifest_xml(facts: ManifestFacts) -> bytes:
    """The manifest, as UTF-8 XML (the same facts always give the same bytes)."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)

    def element(parent, tag, text=None, namespace=IMSCP, **attributes):
        node = ET.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
        node.text = text
        return node

    manifest = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": facts.identifier, "version": facts.version})
    metadata = element(manifest, "metadata")
    element(metadata, "schema", "ADL SCORM")
    element(metadata, "schemaversion", "1.2")
    organizations = element(manifest, "organizations", default="organization")
    organization = element(organizations, "organization", identifier="organization")
    element(organization, "title", facts.title)
    item = element(organization, "item", identifier="self-assessment", identifierref="sco", isvisible="true")
    element(item, "title", facts.title)
    element(item, "masteryscore", str(facts.mastery_score), namespace=ADLCP)
    resources = element(manifest, "resources")
    resource = ET.SubElement(
        resources,
        f"{{{IMSCP}}}resource",
        {"identifier": "sco", "type": "webcontent", f"{{{ADLCP}}}scormtype": "sco", "href": facts.launch},
    )
    for path in facts.files:
        element(resource, "file", href=path)
    ET.indent(manifest, space=" ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="unicode") + "\n").encode("utf-8")

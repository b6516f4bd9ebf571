"""Build side of the policy site: load the district's policy data, validate it,
and render it into the site, the PDF and the browser engine bundle.

Imports ``quiz`` (the engine) but is never imported by it.
"""

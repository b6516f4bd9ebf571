"""The self-assessment as a SCORM 1.2 package, for the district's LMS (``policy scorm``).

A stage after ``mkdocs_plugin``: it packages a *built* site. The package's
page is the site's own self-assessment page (its markup, scripts and engine
as built), cut to the article, given its own Content-Security-Policy as a
``<meta>`` tag (the build's, without ``frame-ancestors``: an LMS shows the
package in a frame) and the SCORM run-time script (``assets/quiz/scorm-sco.js``).
Nothing here imports MkDocs; it reads only files the build wrote.
"""

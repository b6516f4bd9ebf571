"""MkDocs glue, and the only package that imports MkDocs or Material.

``plugin`` adds the generated pages and writes the PDF and engine assets,
``config`` types its options, ``build`` builds a site atomically (a failed
build leaves ``site/`` as it was), ``csp`` computes the Content Security
Policy from the theme's own inline scripts, and ``server_configs`` writes the
headers and MIME types for nginx, Apache, IIS and static hosts from one list.
"""

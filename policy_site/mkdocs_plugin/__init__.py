"""MkDocs glue, and the only package that imports MkDocs or Material.

``plugin`` adds the generated pages and writes the PDF and engine assets,
``config`` types its options, ``build`` builds a site atomically (a failed
build leaves ``site/`` as it was), and ``csp`` computes the Content Security
Policy and writes the server configs that send it.
"""

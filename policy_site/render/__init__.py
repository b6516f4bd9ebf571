"""Render: the model as page sources (Markdown with escaped HTML) and
as the printable PDF.

Plain functions, independent of MkDocs, so the site generator can be swapped
without touching how the policy is presented. ``site_layout`` says where every
page and file lives in the built site.
"""

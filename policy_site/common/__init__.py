"""Shared by every stage: where a problem is in a source file and how
it is reported (``problems``), and the content-addressed cache for slow build
outputs (``build_cache``). Imports nothing else from policy_site.
"""

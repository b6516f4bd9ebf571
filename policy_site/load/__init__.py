"""Load: ``policy_src/`` YAML into the model, checked.

Strict located YAML (``yaml_tree``), declarative shapes (``shapes``), one
reader per file (``policy_file``, ``questions_file``, ``facts_file``,
``examples_file``), the cross-checks of the whole folder (``source_folder``),
warnings that never stop a build (``warnings``) and the JSON Schemas for
editors (``json_schema``). Every problem is reported as ``path:line:col``.
"""

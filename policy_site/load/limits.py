"""Limits on what a policy source file may hold, each with the reason for it.

Real procedures are small: Appendix C is 8 KB and its longest clause 480
characters. These limits are far above anything real, and low enough that a
careless paste or a hostile file fails fast with a clear message instead of
hanging the build (a 5 MB clause took four minutes to typeset).
"""

# A whole YAML file. A 9,000-clause manual in one file (the scale benchmark)
# is about 3 MB; nothing an editor writes by hand comes near 16 MB.
MAX_FILE_BYTES = 16 * 1024 * 1024

# One text value: a clause, a title, a note, a question. The longest clause
# in the supplied document is 480 characters.
MAX_TEXT_CHARACTERS = 20_000

# How deep mappings and lists may nest. policy.yaml needs 9 levels at most
# (a scenario condition inside a rule inside a clause inside a section);
# without a cap, 500 levels crash the parser with a RecursionError.
MAX_NESTING_DEPTH = 40

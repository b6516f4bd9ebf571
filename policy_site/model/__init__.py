"""The model: the policy as typed, frozen objects, with no I/O.

Every output (pages, PDF, engine bundle) is made from these objects, and the
loaders (``policy_site.load``) are the only way to make them from files.
Where the engine has the same idea (a question, a fact, a scenario rule), the
model uses the engine's type from ``quiz.bundle``, so the two can never drift.
"""

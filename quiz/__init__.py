"""The policy engine that runs both in the browser (Pyodide) and in CPython.

Standard library only, no I/O: JSON in, JSON out, through ``api.handle``.
It owns every format and rule the browser and the build side share:
``bundle`` (the data it works from, typed, and its JSON), ``vocabulary``
(effects, verdicts, answers), ``clause_numbers``. The rest does the work:
``attempt``, ``grading``, ``scenario`` and ``conditions``. What it accepts
from outside is checked where it enters: ``json_input`` (types, with the place
of a wrong one) against ``limits`` (how much one request may hold).
"""

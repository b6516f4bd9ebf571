"""The policy engine that runs both in the browser (Pyodide) and in CPython.

Standard library only, no I/O: JSON in, JSON out.
"""

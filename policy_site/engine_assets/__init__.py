"""Engine assets: what the browser needs to run the engine (``quiz/``).

The bundle (the model in the engine's own format), the engine packaged as a
pure-Python wheel, and the pinned, verified, self-hosted Pyodide runtime.
"""

"""The build's Node runs (policy_site/engine_assets/node_pyodide.py) fail with a clear message."""

from __future__ import annotations

import pytest

from policy_site.engine_assets import node_pyodide
from policy_site.engine_assets.node_pyodide import run_node
from policy_site.engine_assets.pyodide_runtime import RuntimeSetupError


def test_without_node_the_build_says_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(node_pyodide.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeSetupError, match=r"Node\.js is needed for compiling the library in Pyodide .*install Node 20"):
        run_node(tmp_path / "script.mjs", doing="compiling the library")


def test_a_script_that_fails_is_reported_with_the_end_of_what_it_wrote(tmp_path):
    script = tmp_path / "fails.mjs"
    script.write_text('process.stderr.write("x".repeat(5000) + "the reason at the end\\n"); process.exit(3);\n')
    with pytest.raises(RuntimeSetupError) as raised:
        run_node(script, doing="recording the imports")
    message = str(raised.value)
    assert message.startswith("recording the imports in Pyodide under Node failed (fails.mjs):")
    assert message.endswith("the reason at the end\n") and len(message) < 2200


def test_a_script_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(node_pyodide, "NODE_TIMEOUT_SECONDS", 1)
    script = tmp_path / "hangs.mjs"
    script.write_text("setTimeout(() => {}, 60_000);\n")
    with pytest.raises(RuntimeSetupError, match=r"recording the imports in Pyodide took over 1 s; stopped"):
        run_node(script, doing="recording the imports")


def test_what_the_script_prints_is_returned(tmp_path):
    script = tmp_path / "prints.mjs"
    script.write_text("process.stdout.write(JSON.stringify(process.argv.slice(2)));\n")
    assert run_node(script, "a", tmp_path / "b", doing="printing") == f'["a","{tmp_path / "b"}"]'

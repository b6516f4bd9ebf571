"""A stand-in LMS for the SCORM package's tests: scorm-again's SCORM 1.2 API in a
player page that frames the unzipped package, as Moodle's player does.

The LMS is the real npm ``scorm-again`` (pinned in package.json), which
validates every value a SCO sets. Around it the player page adds what the
tests need: a log of every API call with what it returned, an LMS that refuses
chosen elements (as one with its own rules would), and SCORM 1.2's 4,096
characters for ``cmi.suspend_data`` (scorm-again 3 allows 64,000).

The server sends files the way a stock LMS does, not the way our site's
server config does: ``.wasm`` and ``.whl`` as ``application/octet-stream``
(types Moodle does not know) and ``.js`` as Moodle's
``application/x-javascript``, with ``X-Content-Type-Options: nosniff``, no
Content-Security-Policy (the package brings its own) and no compression.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import zipfile
from pathlib import Path

from conftest import ROOT, serving_with

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
PACKAGE_FOLDER = "package"
PLAYER = "lms/player.html"

# Stock types, as Moodle's lib/classes/filetypes.php has them (no .mjs, .wasm or .whl).
LMS_TYPES = {
    ".html": "text/html",
    ".js": "application/x-javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".xml": "text/xml",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}

PLAYER_HTML = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<script src="player.js" defer></script>
<style>body{margin:0} iframe{border:0;width:100%;height:100vh}</style>
</head>
<body><main><h1>Test LMS</h1><iframe name="sco" id="sco" title="Annual self-assessment"></iframe></main></body>
</html>
"""

# window.__lms (set by the test before the page loads):
#   cmi       the learner's data the LMS starts the session with (scorm-again's loadFromJSON)
#   refuse    {element: error code}: LMSSetValue of that element fails with that code
#   launch    the SCO's URL, relative to the player
PLAYER_JS = r"""
"use strict";
const settings = window.__lms || {};
const api = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });
if (settings.cmi) api.loadFromJSON(settings.cmi);
window.lmsCalls = [];
let forced = null;
const SUSPEND_DATA_LIMIT = 4096; // SCORM 1.2 RTE: cmi.suspend_data is a CMIString4096
for (const name of ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit",
                    "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]) {
  const call = api[name].bind(api);
  api[name] = (...args) => {
    let result;
    if (name === "LMSGetLastError" && forced) result = forced;
    else {
      if (!name.startsWith("LMSGetErrorString") && !name.startsWith("LMSGetDiagnostic")) forced = null;
      const refusedCode = name === "LMSSetValue" && (settings.refuse || {})[args[0]];
      const tooLong = name === "LMSSetValue" && args[0] === "cmi.suspend_data" && String(args[1]).length > SUSPEND_DATA_LIMIT;
      if (refusedCode || tooLong) {
        forced = refusedCode || "405";
        result = "false";
      } else result = call(...args);
    }
    window.lmsCalls.push({ name, args: args.map(String), result: String(result) });
    return result;
  };
}
window.API = api;
window.leaveSco = () => { document.getElementById("sco").src = "about:blank"; };
document.getElementById("sco").src = settings.launch;
"""


def unpack(package: Path, root: Path) -> Path:
    """Unzip ``package`` into ``root/package/`` beside the player (``root/lms/``); returns ``root``."""
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / PACKAGE_FOLDER)
    (root / "lms").mkdir(parents=True, exist_ok=True)
    (root / "lms" / "player.html").write_text(PLAYER_HTML, encoding="utf-8")
    (root / "lms" / "player.js").write_text(PLAYER_JS, encoding="utf-8")
    (root / "lms" / "scorm12.js").write_bytes(SCORM_AGAIN.read_bytes())
    return root


class _LmsHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def guess_type(self, path):
        return LMS_TYPES.get(Path(str(path)).suffix, "application/octet-stream")

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextlib.contextmanager
def serving_lms(root: Path):
    """Serve ``root`` (the player and the unpacked package) on a free loopback port; yields its URL."""
    with serving_with(functools.partial(_LmsHandler, directory=str(root))) as url:
        yield url


def lms_settings(launch: str, cmi: dict | None = None, refuse: dict | None = None) -> str:
    """The init script that gives the player its settings (``window.__lms``)."""
    settings = {"launch": f"../{PACKAGE_FOLDER}/{launch}", "cmi": cmi or {}, "refuse": refuse or {}}
    return f"window.__lms = {json.dumps(settings)};"

"""The Content-Security-Policy the build computes and the server configs it writes.

(That the policy holds in a real browser is proven by every browser test: the
test server sends it and the `page` fixture fails on any violation.)"""

import base64
import hashlib

from policy_site.mkdocs_plugin.csp import _inline_scripts, script_hash
from policy_site.mkdocs_plugin.server_configs import read_security_headers


def test_only_runnable_inline_scripts_are_hashed():
    html = ('<script>a()</script><script type="application/json" id="__config">{}</script>'
            '<script src="x.js"></script><script type="module">b()</script><script type="text/ecmascript">c()</script>')
    assert _inline_scripts(html) == ["a()", "b()", "c()"]  # browsers run every JavaScript type


def test_the_policy_is_strict_and_lists_every_inline_script(built_site):
    csp = read_security_headers(built_site)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'none'"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["script-src"].startswith("'self' 'wasm-unsafe-eval' 'sha256-")
    for script in _inline_scripts((built_site / "procedures/ap-140-appendix-c-acceptable-use-of-social-media" / "index.html").read_text()):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    # Exactly the scripts the pages hold (they all come from the theme's templates: see test_injection.py).
    in_pages = {script_hash(s) for page in built_site.rglob("*.html") for s in _inline_scripts(page.read_text())}
    assert sorted(in_pages) == directives["script-src"].split()[2:]


def test_ready_to_use_configs_for_each_server(built_site):
    csp = (built_site / "server-config" / "content-security-policy.txt").read_text().strip()
    assert f"Content-Security-Policy: {csp}" in (built_site / "_headers").read_text()
    assert f'Header always set Content-Security-Policy "{csp}"' in (built_site / ".htaccess").read_text()
    nginx = (built_site / "server-config" / "nginx.conf").read_text()
    assert f'add_header Content-Security-Policy "{csp}" always;' in nginx
    # A types { } block alone would replace every other MIME type in a server
    # block: the standard map comes first (test_deployment.py runs it on nginx).
    assert nginx.count("\ntypes {") == 1 and "\ninclude mime.types;\ntypes {" in nginx
    web_config = (built_site / "server-config" / "web.config").read_text()
    assert f'<add name="Content-Security-Policy" value="{csp}" />' in web_config

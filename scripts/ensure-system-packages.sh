#!/usr/bin/env bash
# Install the Debian packages the tests drive for real: Chromium (browser
# tests), poppler-utils (pdftotext/pdftoppm/pdffonts/pdfinfo), Java (runs the
# Nu HTML Checker), nginx and Apache (serve the site with the server configs
# the build writes), and what WeasyPrint needs to typeset the PDF: the pango
# libraries, HarfBuzz's subsetter (embeds only the glyphs used) and the DejaVu
# fonts named in policy_site/templates/print.css. Only when missing, and only
# as root; otherwise say exactly what to run.
#
# Usage: ensure-system-packages.sh [build|test]
#   build: only what building the site needs (the PDF's libraries and fonts),
#          for `make serve` and `make build`;
#   test (default): that, plus what the tests drive.
set -euo pipefail
purpose="${1:-test}"

missing=()
if [ "$purpose" = test ]; then
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  # Java runs the Nu HTML Checker (npm vnu-jar) in tests/test_html_validity.py.
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  # tests/test_deployment.py starts its own nginx and Apache on loopback
  # ports (their programs are in /usr/sbin, often not on a user's PATH). With
  # systemd, Debian also starts their services on port 80 when it installs
  # them; the tests do not need those: `systemctl disable --now nginx apache2`.
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -x /usr/sbin/apache2 ] || missing+=(apache2)
  # The optional brotli_static include (server-config/nginx-brotli.conf) is
  # tested on nginx with Debian's module.
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
fi
# Libraries and fonts have no command to look for: ask dpkg.
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The $purpose step needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Install the Debian packages the tests drive for real: Chromium (browser
# tests), poppler-utils (pdftotext/pdftoppm/pdffonts/pdfinfo) and qpdf (the
# PDFs' catalog, bookmarks and links, as JSON), Java (runs the Nu HTML
# Checker), nginx and Apache (serve the site with the server configs the build
# writes). Only when missing, and only as root; otherwise say exactly what to
# run.
#
# Building the site needs no Debian package: the PDFs are typeset by Typst,
# whose compiler comes in its Python wheel (pyproject.toml), with the fonts
# in policy_site/render/fonts/.
#
# Usage: ensure-system-packages.sh [build|test]
#   build: only what building the site needs (nothing, today), for `make
#          serve` and `make build`;
#   test (default): that, plus what the tests drive.
set -euo pipefail
purpose="${1:-test}"

missing=()
if [ "$purpose" = test ]; then
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
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

#!/usr/bin/env bash
# System libraries the PDF output (WeasyPrint) needs: Pango and a font.
# Installs them with apt-get only when they are missing, so a machine that has
# them (or has no apt-get) is left alone.
set -euo pipefail
have() { ldconfig -p 2>/dev/null | grep -q "$1"; }
if have libpango-1.0.so && have libpangoft2-1.0.so && fc-list 2>/dev/null | grep -qi dejavu; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install Pango (libpango-1.0, libpangoft2-1.0) and a font for PDF output" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core fontconfig >/dev/null

#!/usr/bin/env bash
# System packages the tests need, installed with apt-get only when missing, so a machine
# that has them (or has no apt-get) is left alone:
# - Pango and a font: the PDF output (WeasyPrint);
# - LibreOffice Writer: the tests that open the Word papers as a council's users would.
set -euo pipefail
have() { ldconfig -p 2>/dev/null | grep -q "$1"; }
missing=()
if ! (have libpango-1.0.so && have libpangoft2-1.0.so && fc-list 2>/dev/null | grep -qi dejavu); then
  missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core fontconfig)
fi
if ! command -v soffice >/dev/null; then
  missing+=(libreoffice-writer-nogui)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install these (or their equivalents) for the PDF and Word tests: ${missing[*]}" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null

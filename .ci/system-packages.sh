#!/usr/bin/env bash
# Install the Debian packages cigraph's tests need, when they are missing.
# chromium: headless browser for the map and report tests (tests/test_maps_browser.py, tests/test_report_browser.py)
#           and `cigraph report --format pdf`;
# poppler-utils: pdftotext / pdfinfo, with which the report tests read the PDF back.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "missing Debian packages: ${missing[*]}; install them with 'sudo apt-get install -y ${missing[*]}';" \
       "the tests that need them will be skipped." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium pdftotext

#!/usr/bin/env bash
# Install the Debian packages cigraph's tests need, when they are missing.
# Chromium: headless browser for the map tests (tests/test_maps_browser.py).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "chromium is missing and this is not root: install it with 'sudo apt-get install -y chromium';" \
       "the browser tests will be skipped." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium

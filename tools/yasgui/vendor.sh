#!/usr/bin/env bash
# Re-fetch the YASGUI query editor from npm (pinned in package.json / package-lock.json) and copy
# its built files into cigraph/server_assets/yasgui/, where `cigraph serve` serves them at /assets/
# (offline: the page loads nothing from a CDN). Run by `make yasgui`; the copied files are committed,
# so installing cigraph (or running its tests) needs neither npm nor the network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/../../cigraph/server_assets/yasgui"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
src=node_modules/@zazuko/yasgui/build
version=$(node -p "require('./node_modules/@zazuko/yasgui/package.json').version")
mkdir -p "$dest"
# drop the source-map comment: the map is not shipped, and a browser would ask for it
sed -e 's|//# sourceMappingURL=.*$||' "$src/yasgui.min.js" > "$dest/yasgui.min.js"
sed -e 's|/\*# sourceMappingURL=.*\*/||' "$src/yasgui.min.css" > "$dest/yasgui.min.css"
echo "$version" > "$dest/VERSION"
echo "vendored @zazuko/yasgui $version into $dest"

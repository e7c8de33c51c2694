#!/usr/bin/env bash
# Vendor the NL Design System CSS that Kring serves as static files.
# Usage: static/vendor/vendor.sh   (or: make vendor)
# Needs node + npm and the npm registry. Versions are pinned in package.json / package-lock.json.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
nm="$here/node_modules"

cd "$here"
npm ci --ignore-scripts --no-audit --no-fund

# 1. Utrecht component library (EUPL-1.2). Use a minified build if the package ships one.
lib="$nm/@utrecht/component-library-css"
src="$lib/dist/index.css"
if [ -f "$lib/dist/index.min.css" ]; then src="$lib/dist/index.min.css"; fi
mkdir -p "$here/utrecht"
cp "$src" "$here/utrecht/component-library.css"
lic=""
for f in LICENSE.md LICENSE LICENCE.md LICENSE.txt; do
  if [ -f "$lib/$f" ]; then lic="$lib/$f"; break; fi
done
[ -n "$lic" ] || { echo "vendor.sh: no LICENSE in $lib" >&2; exit 1; }
cp "$lic" "$here/utrecht/LICENSE.md"

# 2. Voorbeeld theme (EUPL-1.2): test fixture + example of a municipality theme.
vb="$nm/@nl-design-system-unstable/voorbeeld-design-tokens"
dest="$root/server/testdata/themes/voorbeeld"
mkdir -p "$dest"
cp "$vb/dist/theme.css" "$dest/theme.css"
lic=""
for f in LICENSE.md LICENSE LICENCE.md LICENSE.txt; do
  if [ -f "$vb/$f" ]; then lic="$vb/$f"; break; fi
done
[ -n "$lic" ] || { echo "vendor.sh: no LICENSE in $vb" >&2; exit 1; }
cp "$lic" "$dest/LICENSE.md"

# Refuse anything that would break CSP default-src 'self' (remote @import / url()).
for f in "$here/utrecht/component-library.css" "$dest/theme.css"; do
  if grep -Eiq '@import|url\(["'\'']?(https?:)?//' "$f"; then
    echo "vendor.sh: $f has @import or a remote url(); check it before serving" >&2; exit 1
  fi
done

echo "vendored:"
ls -l "$here/utrecht/component-library.css" "$here/utrecht/LICENSE.md" "$dest/theme.css" "$dest/LICENSE.md"

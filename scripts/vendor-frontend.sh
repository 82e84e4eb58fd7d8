#!/usr/bin/env bash
# Refreshes the vendored NHS.UK frontend and htmx from the npm registry.
# Run by a developer when upgrading; never at install or run time (the site serves the committed copy).
# Why the rewrite: the published CSS loads the NHS's licensed Frutiger font from an NHS host and
# points icons at /assets/. We are not the NHS, serve nothing from other hosts (CSP), so we drop the
# @font-face rules (Arial is the design system's own fallback) and point icons at our static copy.
set -euo pipefail
NHSUK_VERSION=${NHSUK_VERSION:-10.6.1}
HTMX_VERSION=${HTMX_VERSION:-2.0.11}
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/src/recoverynet/core/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack -q "nhsuk-frontend@$NHSUK_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null
mkdir nhsuk htmx
tar xzf "nhsuk-frontend-$NHSUK_VERSION.tgz" -C nhsuk
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
dist=nhsuk/package/dist/nhsuk
rm -rf "$out/nhsuk" "$out/htmx"
mkdir -p "$out/nhsuk/images" "$out/htmx"
python3 - "$dist/nhsuk-frontend-$NHSUK_VERSION.min.css" "$out/nhsuk/nhsuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
css = re.sub(r"@font-face\{[^}]*\}", "", css)
css = css.replace("url(/assets/images/", "url(images/")
css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
sed -e 's#//\# sourceMappingURL=.*##' "$dist/nhsuk-frontend-$NHSUK_VERSION.min.js" > "$out/nhsuk/nhsuk-frontend.min.js"
cp "$dist"/assets/images/*.svg "$out/nhsuk/images/"
cp nhsuk/package/LICENSE* "$out/nhsuk/" 2>/dev/null || true
cp htmx/package/dist/htmx.min.js "$out/htmx/htmx.min.js"
cp htmx/package/LICENSE "$out/htmx/LICENSE" 2>/dev/null || true
printf 'nhsuk-frontend %s\nhtmx.org %s\n' "$NHSUK_VERSION" "$HTMX_VERSION" > "$out/VERSIONS"
echo "vendored into $out"

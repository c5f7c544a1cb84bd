#!/usr/bin/env bash
# Screenshots of the example school's report for the README, taken in
# headless Chromium: the dashboard on a laptop and on a phone, and a
# practice page and a coaching cycle's page on a phone. Run from anywhere; writes docs/images/*.png.
#
#   docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "Chromium is needed: apt-get install chromium" >&2
  exit 2
fi
site=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$site" "$profile"' EXIT

cargo run --quiet --release -- build examples/lincoln-elementary --out "$site" >/dev/null 2>&1

shot() { # page width height output
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size="$2,$3" \
    --screenshot="docs/images/$4" "file://$site/$1" 2>/dev/null
  echo "docs/images/$4"
}

shot index.html 1280 1000 dashboard.png
shot index.html 390 844 dashboard-phone.png
shot goals/classroom-visits.html 390 844 practice-phone.png
shot goals/number-talks-cycle.html 390 1700 coaching-cycle-phone.png

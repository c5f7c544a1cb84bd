#!/usr/bin/env bash
# Shows goalpost reading progress from git history: copies the Lincoln
# Elementary example into a new folder, replays the coach's monthly edits of
# `current:` in goals/math/fact-fluency.md as dated commits, and builds.
#
#   examples/history-demo.sh [FOLDER]     (default: a new temporary folder)
#
# Then open FOLDER/site/goals/fact-fluency.html: the chart has one point per
# commit and the page lists who changed the goal and when.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$(mktemp -d)}
mkdir -p "$dest"
cp -R "$here/lincoln-elementary/." "$dest/"
cd "$dest"
git init -q
goal=goals/math/fact-fluency.md
final=$(cat "$goal")

commit() { # date author value message
  sed -i.bak "s/^current: .*/current: $3/" "$goal" && rm -f "$goal.bak"
  git add -A
  GIT_AUTHOR_DATE="$1T16:00:00" GIT_COMMITTER_DATE="$1T16:00:00" \
    git -c user.name="$2" -c user.email="$(echo "$2" | tr ' ' .)@lincoln.example" \
    commit -q -m "$4"
}

commit 2026-09-22 "Grace Okafor" 31 "Goals for the year"
commit 2026-10-06 "Grace Okafor" 33 "Fluency check: October"
commit 2026-10-27 "Per Lindqvist" 35 "Fluency check after the fall conferences"
printf '%s\n' "$final" > "$goal"
commit 2026-11-16 "Grace Okafor" 38 "Fluency check: November"

if command -v goalpost >/dev/null 2>&1; then
  goalpost build .
else
  cargo run --quiet --release --manifest-path "$here/../Cargo.toml" -- build .
fi
echo "Open $dest/site/goals/fact-fluency.html"

#!/usr/bin/env bash
# Shows goalpost reading the git history: copies the Lincoln Elementary
# example into a new folder, replays the fall as dated commits, and builds.
#
#   examples/history-demo.sh [FOLDER]     (default: a new temporary folder)
#
# The commits:
# - the coach's monthly edits of `current:` in goals/math/fact-fluency.md
#   (31, 33, 35, 38): the chart has one point per commit and the page lists
#   who changed the goal and when;
# - four goalposts moved after the goals were first committed: the fluency
#   target from 70% to 60% (Oct 6, Sprint 3), the math interim's due date
#   from May 14 to May 28 (Oct 20, Sprint 4), the principal's classroom
#   visits from 2 to 3 a day (Nov 10, Sprint 6) and the Grade 3 number talk
#   from once a week to every school day (Nov 16, Sprint 6);
# - a rename: the chronic absence goal starts the year as
#   goals/attendance/chronic-absence.md and is renamed to
#   chronic-absence-12.md on Oct 13, so its id changes: the report keeps a
#   page at the old address, goals/chronic-absence.html, that leads to the
#   new one.
#
# Then open FOLDER/site/goals/fact-fluency.html (its "Goalposts moved", with
# each commit's message as the why), FOLDER/site/cycles/sprint-6.html
# ("Goalposts moved this sprint"), FOLDER/site/alignment.html (the moves
# under each district goal) and FOLDER/site/goals/chronic-absence.html.
# The last commit leaves every file as it is in the example.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$(mktemp -d)}
mkdir -p "$dest"
cp -R "$here/lincoln-elementary/." "$dest/"
cd "$dest"
git init -q
fluency=goals/math/fact-fluency.md
interim=goals/math/math-interim-65.md
visits=goals/literacy/classroom-visits.md
talks=goals/math/number-talks.md
absence=goals/attendance/chronic-absence-12.md
old_absence=goals/attendance/chronic-absence.md
serving_absence="goals/attendance/attendance-calls.md goals/attendance/attendance-huddle.md goals/attendance/positive-postcards.md"
originals=$(mktemp -d)
cp -R goals "$originals/"

edit() { # file sed-expression
  sed -i.bak "$2" "$1" && rm -f "$1.bak"
}
restore() { # file
  cp "$originals/$1" "$1"
}
commit() { # date author message
  git add -A
  GIT_AUTHOR_DATE="$1T16:00:00" GIT_COMMITTER_DATE="$1T16:00:00" \
    git -c user.name="$2" -c user.email="$(echo "$2" | tr ' ' .)@lincoln.example" \
    commit -q -m "$3"
}

# September: the goals as first written.
edit "$fluency" 's/^current: .*/current: 31/; s/^target: .*/target: 70/; s/31% → 60%/31% → 70%/'
edit "$interim" 's/^due: .*/due: 2027-05-14/'
edit "$visits" 's/^target: .*/target: 2/; s/^title: Three/title: Two/'
edit "$talks" 's/^cadence: .*/cadence: weekly/; s/every day in Grade 3/every week in Grade 3/'
mv "$absence" "$old_absence"
for f in $serving_absence; do edit "$f" 's/chronic-absence-12/chronic-absence/'; done
commit 2026-09-22 "Grace Okafor" "Goals for the year"

edit "$fluency" 's/^current: .*/current: 33/; s/^target: .*/target: 60/; s/31% → 70%/31% → 60%/'
commit 2026-10-06 "Grace Okafor" "Fluency check: October; target reset to 60% after the screener"

git mv "$old_absence" "$absence"
for f in $serving_absence; do restore "$f"; done
commit 2026-10-13 "Per Lindqvist" "Attendance: the goal's file name says its target"

restore "$interim"
commit 2026-10-20 "Dana Reyes" "Math interim: the district moved the last interim to late May"

edit "$fluency" 's/^current: .*/current: 35/'
commit 2026-10-27 "Per Lindqvist" "Fluency check after the fall conferences"

restore "$visits"
commit 2026-11-10 "Dana Reyes" "Classroom visits: three a day from now on"

restore "$talks"
commit 2026-11-16 "Ana Marsh" "Number talks every day"

restore "$fluency"
commit 2026-11-16 "Grace Okafor" "Fluency check: November"
rm -rf "$originals"

if command -v goalpost >/dev/null 2>&1; then
  goalpost build .
else
  cargo run --quiet --release --manifest-path "$here/../Cargo.toml" -- build .
fi
echo "Open $dest/site/goals/fact-fluency.html and $dest/site/cycles/sprint-6.html"

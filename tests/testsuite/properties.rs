//! Property tests of the parser, the scorecard reader and the page keys:
//! no input makes them panic, every position they report lies inside the
//! file, a valid goal is read the same whatever else the repository holds,
//! and a build that reuses pages by their keys writes what a fresh one does.
//!
//! Each test counts how many of its cases reach what it is about (a text
//! that gets past UTF-8 to the YAML parser, a goal read with its log, a
//! neighbour that names the goal, an edit that changes pages) and fails
//! below a stated share: a property that is rarely exercised proves little.

use crate::prelude::*;
use goalpost::model::parse::parse_file;
use goalpost::model::{Details, ParsedFile};
use goalpost::site::{self, BuildOptions, Session};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestRunner};
use std::cell::Cell;
/// Pieces that goal files are made of, to build inputs that get far into
/// the parser instead of failing on the first byte.
const PIECES: &[&str] = &[
    "---\n",
    "...\n",
    "\n",
    "\r\n",
    "kind: ",
    "practice",
    "progress",
    "purpose",
    "scorecard",
    "title: ",
    "id: ",
    "owner: ",
    "serves: ",
    "purpose: ",
    "cadence: ",
    "weekdays",
    "weekly",
    "target: ",
    "baseline: ",
    "start: ",
    "due: ",
    "log:\n",
    "measurements:\n",
    "  ",
    "2026-11-02",
    "2026-02-30",
    ": ",
    "3",
    "-1e308",
    "yes",
    "no",
    "skip",
    "{value: 2, note: x}",
    "[a, b]",
    "{",
    "}",
    "\t",
    "\"",
    "'",
    "“",
    "#",
    "|",
    "| date | a |\n",
    "|---|:-:|\n",
    "| 2026-11-02 | ✓ |\n",
    "<<<<<<< HEAD\n",
    "=======\n",
    ">>>>>>> x\n",
    "\u{feff}",
    "é",
    "\u{0}",
    "\u{1b}[31m",
    "&a x",
    "*a",
    "!!binary",
    "visibility: private\n",
    "+++\n",
];

fn assembled() -> impl Strategy<Value = Vec<u8>> {
    (
        select(
            &[
                "",
                "---\n",
                "---\nkind: practice\n",
                "---\nkind: progress\n",
            ][..],
        ),
        prop::collection::vec(select(PIECES), 0..80),
        select(&["", "---\n", "\n---\nbody\n"][..]),
    )
        .prop_map(|(head, middle, tail)| format!("{head}{}{tail}", middle.concat()).into_bytes())
}

/// Runs `test` on `cases` inputs of `strategy`. `test` says whether its
/// input reached what the property is about; fewer than `min_percent` of
/// the cases doing so fails the test. Prints and returns the share.
fn measured<S: Strategy>(
    name: &str,
    cases: u32,
    min_percent: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) -> f64 {
    let (tried, reached) = (Cell::new(0u32), Cell::new(0u32));
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, |input| {
        tried.set(tried.get() + 1);
        if test(input)? {
            reached.set(reached.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let (tried, reached) = (tried.get(), reached.get());
    let share = f64::from(reached) / f64::from(tried.max(1));
    eprintln!("{name}: {reached} of {tried} cases reached the property");
    assert!(
        reached * 100 >= tried * min_percent,
        "{name}: only {reached} of {tried} cases reached the property (at least {min_percent}% must)"
    );
    share
}

/// The number of lines of `text` as an editor shows them.
fn line_count(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes).lines().count().max(1)
}

fn check_positions(bytes: &[u8]) -> Result<(), TestCaseError> {
    let parsed = parse_file("goals/x.md", bytes);
    let lines = line_count(bytes);
    let text = String::from_utf8_lossy(bytes);
    for d in &parsed.diagnostics {
        prop_assert_eq!(&d.file, "goals/x.md");
        prop_assert!(d.line >= 1, "{:?}", d);
        // One past the last line: the end of a file without a final newline.
        prop_assert!(d.line as usize <= lines + 1, "{:?} but {} lines", d, lines);
        prop_assert!(d.column >= 1, "{:?}", d);
        if let Some(line) = text.lines().nth(d.line as usize - 1) {
            let width = line.chars().count().max(line.len());
            prop_assert!(
                d.column as usize <= width + 1,
                "{:?} but line {} is {:?}",
                d,
                d.line,
                line
            );
        }
    }
    Ok(())
}

/// Bytes of every kind: random ones (most are not UTF-8 and stop at the
/// first check), any text, and any text between frontmatter fences (which
/// gets to the YAML parser).
fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    let text = prop::collection::vec(any::<char>(), 0..300).prop_map(String::from_iter);
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..600),
        1 => text.clone().prop_map(String::into_bytes),
        2 => text.prop_map(|t| format!("---\n{t}\n---\n").into_bytes()),
    ]
}

/// Whether the file's text got past UTF-8 to the frontmatter and the parser.
fn is_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok()
}

/// Measured: 75% of cases are text (random bytes alone: under 1%).
#[test]
fn arbitrary_bytes_never_panic() {
    measured("arbitrary bytes", 512, 50, any_bytes(), |bytes| {
        check_positions(&bytes)?;
        Ok(is_text(&bytes))
    });
}

/// A valid goal file of either measured kind: frontmatter with a `log:` of
/// practice entries or `measurements:` of a progress goal, then a body.
fn valid_goal() -> impl Strategy<Value = String> {
    let day = 1u32..29;
    let value = select(
        &[
            "0",
            "1",
            "2.5",
            "3",
            "yes",
            "no",
            "skip",
            "{value: 2, note: x}",
        ][..],
    );
    let entries = prop::collection::btree_map(day, value, 1..8);
    (
        any::<bool>(),
        select(&["Visit three classrooms", "Reading: 60% → 75%", "Greet at the door"][..]),
        select(&["ann", "[ann, bo]", "Bo Chen"][..]),
        entries,
    )
        .prop_map(|(practice, title, owner, entries)| {
            let lines: String = entries
                .iter()
                .map(|(d, v)| {
                    let v = if practice || !v.starts_with(char::is_numeric) { v } else { &"4" };
                    format!("  2026-11-{d:02}: {v}\n")
                })
                .collect();
            let title = if title.contains(':') { format!("\"{title}\"") } else { title.to_string() };
            if practice {
                format!(
                    "---\nkind: practice\ntitle: {title}\nowner: {owner}\ncadence: weekdays\n\
                     target: 2\nlog:\n{lines}---\nWhy.\n"
                )
            } else {
                format!(
                    "---\nkind: progress\ntitle: {title}\nowner: {owner}\nbaseline: 0\n\
                     target: 10\nstart: 2026-09-01\ndue: 2027-06-01\nmeasurements:\n{lines}---\nWhy.\n"
                )
            }
        })
}

/// A valid goal, left alone six times in ten, else with one to three pieces
/// put in at the start of random lines.
fn goal_shaped() -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), select(PIECES)), 1..4);
    (valid_goal(), prop::option::weighted(0.4, edits)).prop_map(|(text, edits)| {
        let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
        for (at, piece) in edits.unwrap_or_default() {
            let at = at.index(lines.len() + 1);
            lines.insert(at, piece.to_string());
        }
        lines.concat().into_bytes()
    })
}

/// Whether a file was read as a goal with its log or its measurements.
fn has_entries(parsed: &ParsedFile) -> bool {
    parsed.goals.iter().any(|g| {
        !g.is_placeholder()
            && match &g.details {
                Details::Practice(p) => !p.log.is_empty(),
                Details::Progress(p) => !p.measurements.is_empty(),
                Details::Purpose(_) | Details::Coaching(_) | Details::Reflection(_) => false,
            }
    })
}

/// Measured: 65% of cases are read as a goal with entries; the rest give
/// the parser's and the model's errors, whose positions are checked.
#[test]
fn goal_shaped_input_never_panics_and_points_inside() {
    measured("goal-shaped input", 512, 50, goal_shaped(), |bytes| {
        check_positions(&bytes)?;
        Ok(has_entries(&parse_file("goals/x.md", &bytes)))
    });
    // Pieces alone, for the odd shapes: almost never a goal with entries
    // (0 of 256), but mostly (77%) a diagnostic whose place is checked.
    measured("pieces, with a diagnostic", 256, 50, assembled(), |bytes| {
        check_positions(&bytes)?;
        Ok(!parse_file("goals/x.md", &bytes).diagnostics.is_empty())
    });
}

/// Measured: 80% of cases read at least one cell.
#[test]
fn scorecard_shaped_input_never_panics_and_points_inside() {
    let row = prop_oneof![
        3 => (1u32..29, select(&["3", "", "✓", "x", "2.5", "no"][..]), select(&["✓", "", "1"][..]))
            .prop_map(|(d, a, b)| format!("| 2026-11-{d:02} | {a} | {b} |\n")),
        1 => select(PIECES).prop_map(str::to_string),
    ];
    let rows = prop::collection::vec(row, 0..12);
    measured("scorecard-shaped input", 512, 50, rows, |rows| {
        let text = format!(
            "---\nkind: scorecard\ntitle: Week\n---\n| date | visits | postcards |\n|---|---|---|\n{}",
            rows.concat()
        );
        check_positions(text.as_bytes())?;
        let parsed = parse_file("goals/card.md", text.as_bytes());
        Ok(parsed.scorecards.iter().any(|c| !c.cells.is_empty()))
    });
}

/// The good goal, first by file name, with an `id:` others can name.
const GOOD: &str = "---\nkind: practice\nid: visits\ntitle: Visit three classrooms\nowner: Ann\n\
                    cadence: weekdays\ntarget: 3\nlog:\n  2026-11-02: 3\n---\nWhy.\n";

/// A neighbour that names the good goal: the same id, a `serves:`, a
/// `purpose:` or a `cycle:` naming it, a scorecard column by its id or its
/// title (on its own date or another, with its value or another); then,
/// one time in four, a piece put in somewhere.
fn interfering() -> impl Strategy<Value = Vec<u8>> {
    let kind = select(&["practice", "progress", "purpose"][..]);
    let column = select(&["visits", "Visit three classrooms"][..]);
    let named = prop_oneof![
        kind.prop_map(|k| format!(
            "---\nkind: {k}\nid: visits\ntitle: Another\ncadence: daily\nlog:\n  2026-11-03: 1\n---\n"
        )),
        Just("---\nkind: practice\ntitle: Sub\ncadence: daily\nserves: visits\nlog:\n  2026-11-02: 1\n---\n".to_string()),
        Just("---\nkind: progress\ntitle: P\npurpose: visits\nbaseline: 1\ntarget: 5\n---\n".to_string()),
        Just("---\nkind: practice\ntitle: C\ncycle: visits\nserves: [visits, visits]\n---\n".to_string()),
        (column, 1u32..6, select(&["3", "2", "✓", ""][..])).prop_map(|(c, d, v)| format!(
            "---\nkind: scorecard\n---\n| date | {c} |\n|---|---|\n| 2026-11-{d:02} | {v} |\n| 2026-11-02 | 3 |\n"
        )),
    ];
    let edit = prop::option::weighted(0.25, (any::<prop::sample::Index>(), select(PIECES)));
    (named, edit).prop_map(|(text, edit)| {
        let mut text = text;
        if let Some((at, piece)) = edit {
            let starts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
            text.insert_str(starts[at.index(starts.len())], piece);
        }
        text.into_bytes()
    })
}

/// Whether the other file, as read, names the good goal.
fn names_visits(parsed: &ParsedFile) -> bool {
    let named = |id: &str| id == "visits" || id == "Visit three classrooms";
    parsed.goals.iter().any(|g| {
        !g.is_placeholder()
            && (named(&g.id)
                || g.cycles.iter().any(|r| named(&r.id))
                || match &g.details {
                    Details::Practice(p) => p.serves.iter().any(|r| named(&r.id)),
                    Details::Progress(p) => p.purpose.as_ref().is_some_and(|r| named(&r.id)),
                    Details::Coaching(c) => c.serves.iter().any(|r| named(&r.id)),
                    Details::Purpose(_) | Details::Reflection(_) => false,
                })
    }) || parsed
        .scorecards
        .iter()
        .any(|c| c.cells.iter().any(|cell| named(&cell.practice.id)))
}

/// Whatever another file holds — most often something naming the good
/// goal — the good goal is read the same, keeps its own entry and has no
/// error of its own. Measured: 68% of the other files name it (the old
/// strategy, pieces alone: none).
#[test]
fn a_valid_goal_survives_anything_elsewhere() {
    let other = prop_oneof![5 => interfering(), 1 => assembled()];
    measured("a valid goal and a neighbour", 192, 50, other, |other| {
        let repo = Repo::empty();
        repo.write("goals/a-visits.md", GOOD);
        repo.write("goals/other.md", &other);
        let mut cache = goalpost::project::ParseCache::default();
        let project = goalpost::project::load(repo.path(), None, &mut cache)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let report = project.report(jiff::civil::date(2026, 11, 20));
        let visits = report
            .goals
            .iter()
            .find(|g| g.goal.file == "goals/a-visits.md");
        let visits = visits.ok_or_else(|| TestCaseError::fail("the good goal is gone"))?;
        prop_assert_eq!(&visits.goal.id, "visits");
        prop_assert_eq!(&visits.goal.title, "Visit three classrooms");
        let own = visits.practice.as_ref().and_then(|p| {
            p.days
                .iter()
                .find(|d| d.date == jiff::civil::date(2026, 11, 2))
                .and_then(|d| d.value())
        });
        prop_assert_eq!(own, Some(3.0), "its own entry");
        prop_assert!(
            !report
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.file == "goals/a-visits.md"),
            "{:#?}",
            report.diagnostics
        );
        Ok(names_visits(&parse_file("goals/other.md", &other)))
    });
}

// ------------------------------------------------------------ page keys

const KEYED_SETTINGS: &str = "title: Keyed School\ntoday: 2026-11-20\ncycles: 2w\n\
    calendar:\n  start: 2026-08-31\n  end: 2027-06-25\n\
    people:\n  ann: {name: Ann Lee, role: Coach}\n  bo: {name: Bo Chen}\n";

/// The goals of a small repository, field by field, so that one field can
/// be changed and the file written again.
fn keyed_goals() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let f = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    };
    vec![
        (
            "goals/literacy.md",
            f(&[
                ("kind", "purpose"),
                ("title", "Every child reads"),
                ("owner", "ann"),
            ]),
        ),
        (
            "goals/reading/level.md",
            f(&[
                ("kind", "progress"),
                ("title", "Reading at grade level"),
                ("owner", "bo"),
                ("purpose", "literacy"),
                ("baseline", "40"),
                ("target", "80"),
                ("start", "2026-09-01"),
                ("due", "2027-06-01"),
                ("measurements", "\n  2026-09-15: 45\n  2026-11-02: 52"),
            ]),
        ),
        (
            "goals/reading/visits.md",
            f(&[
                ("kind", "practice"),
                ("title", "Visit three classrooms"),
                ("owner", "ann"),
                ("serves", "level"),
                ("cadence", "weekdays"),
                ("target", "3"),
                ("log", "\n  2026-11-16: 3\n  2026-11-17: 2\n  2026-11-19: 3"),
            ]),
        ),
        (
            "goals/postcards.md",
            f(&[
                ("kind", "practice"),
                ("title", "Postcards home"),
                ("owner", "bo"),
                ("serves", "literacy"),
                ("cadence", "weekly"),
                ("target", "5"),
                ("log", "\n  2026-11-13: 5\n  2026-11-20: 4"),
            ]),
        ),
    ]
}

fn goal_text(fields: &[(&'static str, String)]) -> String {
    let mut text = String::from("---\n");
    for (k, v) in fields {
        text.push_str(&format!("{k}: {v}\n"));
    }
    text + "---\nWhy it matters.\n"
}

/// One field of one goal set to a value, or removed (`None`); or the
/// settings' `people:` written again.
#[derive(Debug, Clone)]
enum Edit {
    Field(usize, &'static str, Option<&'static str>),
    People(&'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    let value = |field: &'static str, values: &'static [Option<&'static str>]| {
        (0usize..4, select(values)).prop_map(move |(goal, v)| Edit::Field(goal, field, v))
    };
    prop_oneof![
        value("title", &[Some("Read every day"), Some("\"Reading: 60% → 75%\""), Some("Visit three classrooms"), None]),
        value("owner", &[Some("ann"), Some("bo"), Some("[ann, bo]"), Some("zed"), None]),
        value("due", &[Some("2026-12-01"), Some("2026-11-19"), Some("2027-06-01"), Some("2026-02-30"), None]),
        value("status", &[Some("active"), Some("draft"), Some("paused"), Some("done"), Some("dropped"), Some("finished")]),
        value("visibility", &[Some("shared"), Some("private"), Some("secret")]),
        value("cycle", &[Some("Sprint 6"), Some("[Sprint 6, Sprint 7]"), Some("Sprint 99"), None]),
        // A check-in (some on the same days as before, so that only the
        // figures change), and what else a practice's figures are
        // measured from (its page key takes them by that hash).
        value("log", &[Some("\n  2026-11-16: 3\n  2026-11-17: 2\n  2026-11-19: 3\n  2026-11-20: 1"), Some("\n  2026-11-16: 1\n  2026-11-17: 3\n  2026-11-19: 3"), Some("\n  2026-11-13: 5\n  2026-11-20: 2"), Some("\n  2026-11-13: 2\n  2026-11-20: 4"), Some("\n  2026-11-19: skip"), None]),
        value("target", &[Some("2"), Some("5"), None]),
        value("cadence", &[Some("daily"), Some("weekly"), Some("weekdays")]),
        select(&[
            "  ann: {name: Ann Lee, role: Coach}\n  bo: {name: Bo Chen}\n",
            "  ann: {name: Ann Lee-Park, role: Principal}\n  bo: {name: Bo Chen}\n",
            "  ann: {name: Ann Lee, role: Coach}\n",
            "  ann: {name: Ann Lee, role: Coach}\n  bo: {name: Bo Chen}\n  zed: {name: Zed Ray}\n",
        ][..])
        .prop_map(Edit::People),
    ]
}

/// Random single-field edits, one after another, each followed by a build
/// into the same output folder with the same session (as `watch` does:
/// pages whose key did not change are not rendered again): the folder is
/// then byte for byte what a fresh build into an empty folder writes. A
/// key that misses a field the page shows leaves a stale page behind.
/// Measured: 85% of the edits change at least one page.
#[test]
fn a_build_that_reuses_pages_by_key_writes_what_a_fresh_build_writes() {
    let edits = prop::collection::vec(edit(), 1..5);
    let (made, changed) = (Cell::new(0u32), Cell::new(0u32));
    measured("page keys", 24, 100, edits, |edits| {
        let repo = Repo::empty();
        repo.write("goalpost.yml", KEYED_SETTINGS);
        let mut goals = keyed_goals();
        for (file, fields) in &goals {
            repo.write(file, goal_text(fields));
        }
        let opts = repo.build_options();
        let mut session = Session::default();
        site::build(&opts, &mut session).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (step, edit) in edits.iter().enumerate() {
            let file = match *edit {
                Edit::Field(goal, field, value) => {
                    let (file, fields) = &mut goals[goal];
                    let at = fields.iter().position(|(k, _)| *k == field);
                    match (at, value) {
                        (Some(i), Some(v)) => fields[i].1 = v.to_string(),
                        (Some(i), None) => {
                            fields.remove(i);
                        }
                        (None, Some(v)) => fields.insert(2, (field, v.to_string())),
                        (None, None) => {}
                    }
                    repo.write(file, goal_text(fields));
                    file.to_string()
                }
                Edit::People(people) => {
                    let settings = KEYED_SETTINGS.split("people:\n").next().unwrap_or_default();
                    repo.write("goalpost.yml", format!("{settings}people:\n{people}"));
                    "goalpost.yml".to_string()
                }
            };
            // The watcher names the saved file; the session reads it again.
            session.cache.forget(&repo.join(&file));
            let again =
                site::build(&opts, &mut session).map_err(|e| TestCaseError::fail(e.to_string()))?;
            made.set(made.get() + 1);
            if !again.rendered.is_empty() {
                changed.set(changed.get() + 1);
            }
            let fresh = Repo::empty();
            let clean = BuildOptions {
                out: Some(fresh.join("site")),
                ..opts.clone()
            };
            site::build(&clean, &mut Session::one_shot())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (kept, made) = (
                snapshot_of(&repo.join("site")),
                snapshot_of(&fresh.join("site")),
            );
            let names = |s: &[(std::path::PathBuf, Vec<u8>)]| {
                s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()
            };
            prop_assert_eq!(names(&kept), names(&made), "after {:?}", &edits[..=step]);
            for ((path, a), (_, b)) in kept.iter().zip(&made) {
                prop_assert!(
                    a == b,
                    "{} differs from a fresh build after {:?}",
                    path.display(),
                    &edits[..=step]
                );
            }
        }
        Ok(true)
    });
    let (made, changed) = (made.get(), changed.get());
    eprintln!("page keys: {changed} of {made} edits changed at least one page");
    assert!(
        changed * 2 >= made,
        "only {changed} of {made} edits changed a page: the comparisons prove little"
    );
}

/// Every file of an output folder but the writer's own bookkeeping (its
/// manifest and journal, which say what this folder's builds did).
fn snapshot_of(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    crate::support::snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().starts_with(".goalpost"))
        .collect()
}

/// A check-in made in a scorecard file changes a practice's figures but
/// not its own file: its pages are made again all the same (their key
/// takes the figures by what they are measured from, the entries merged
/// from the scorecard included), and so after a change of another goal.
/// Each time the folder is what a fresh build writes.
#[test]
fn a_check_in_in_a_scorecard_file_remakes_the_practices_pages() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "title: Keyed School\ntoday: 2026-11-20\n");
    repo.write(
        "goals/read.md",
        "---\nkind: practice\ntitle: Read aloud\ncadence: daily\nlog:\n  2026-11-16: yes\n---\n",
    );
    repo.write(
        "goals/walk.md",
        "---\nkind: practice\ntitle: Walk\ncadence: daily\nlog:\n  2026-11-16: yes\n---\n",
    );
    let card = |mark: &str| {
        format!("---\nkind: scorecard\nowner: me\n---\n| date | read |\n|--|--|\n| 2026-11-18 | {mark} |\n| 2026-11-19 | ✓ |\n")
    };
    repo.write("card.md", card("✓"));
    let opts = repo.build_options();
    let mut session = Session::default();
    site::build(&opts, &mut session).expect("first build");
    let page = || std::fs::read(repo.join("site/goals/read.html")).expect("read's page");
    let before = page();
    let same_as_fresh = |after: &str| {
        let fresh = Repo::empty();
        let clean = BuildOptions {
            out: Some(fresh.join("site")),
            ..opts.clone()
        };
        site::build(&clean, &mut Session::one_shot()).expect("fresh build");
        let (kept, made) = (
            snapshot_of(&repo.join("site")),
            snapshot_of(&fresh.join("site")),
        );
        assert_eq!(kept.len(), made.len(), "after {after}");
        for ((path, a), (_, b)) in kept.iter().zip(&made) {
            assert!(
                a == b,
                "{} differs from a fresh build after {after}",
                path.display()
            );
        }
    };
    repo.write("card.md", card("✗"));
    session.cache.forget(&repo.join("card.md"));
    let again = site::build(&opts, &mut session).expect("build after the check-in");
    assert!(
        again.rendered.iter().any(|p| p == "goals/read.html"),
        "{:?}",
        again.rendered
    );
    assert_ne!(page(), before, "the check-in is not on the practice's page");
    same_as_fresh("the check-in");
    repo.write(
        "goals/walk.md",
        "---\nkind: practice\ntitle: Walk to school\ncadence: daily\nlog:\n  2026-11-16: yes\n---\n",
    );
    session.cache.forget(&repo.join("goals/walk.md"));
    site::build(&opts, &mut session).expect("build after another goal changed");
    same_as_fresh("the check-in, then another goal's title");
}

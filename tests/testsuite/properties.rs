//! Property tests of the parser and the scorecard reader: no input makes
//! them panic, every position they report lies inside the file, and a
//! valid goal is read the same whatever else the repository holds.

use crate::prelude::*;
use goalpost::model::parse::parse_file;
use proptest::prelude::*;
use proptest::sample::select;

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

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_positions(&bytes)?;
    }

    #[test]
    fn goal_shaped_input_never_panics_and_points_inside(bytes in assembled()) {
        check_positions(&bytes)?;
    }

    #[test]
    fn scorecard_shaped_input_never_panics_and_points_inside(
        rows in prop::collection::vec(select(PIECES), 0..60)
    ) {
        let text = format!(
            "---\nkind: scorecard\ntitle: Week\n---\n| date | visits | postcards |\n|---|---|---|\n{}",
            rows.concat()
        );
        check_positions(text.as_bytes())?;
    }
}

const GOOD: &str = "---\nkind: practice\ntitle: Visit three classrooms\nowner: Ann\n\
                    cadence: weekdays\ntarget: 3\nlog:\n  2026-11-02: 3\n---\nWhy.\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever another file holds, the good goal is read the same and has
    /// no error of its own.
    #[test]
    fn a_valid_goal_survives_anything_elsewhere(other in assembled()) {
        let repo = Repo::empty();
        repo.write("goals/visits.md", GOOD);
        repo.write("goals/other.md", &other);
        let mut cache = goalpost::project::ParseCache::default();
        let project = goalpost::project::load(repo.path(), None, &mut cache)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let report = project.report(jiff::civil::date(2026, 11, 20));
        let visits = report.goals.iter().find(|g| g.goal.file == "goals/visits.md");
        let visits = visits.ok_or_else(|| TestCaseError::fail("the good goal is gone"))?;
        prop_assert_eq!(&visits.goal.title, "Visit three classrooms");
        let done = visits.practice.as_ref().map(|p| p.days.iter().filter(|d| d.value().is_some()).count());
        prop_assert_eq!(done, Some(1));
        prop_assert!(
            !report.diagnostics.iter().any(|d| d.is_error() && d.file == "goals/visits.md"),
            "{:#?}",
            report.diagnostics
        );
    }
}

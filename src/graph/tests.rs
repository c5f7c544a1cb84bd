use super::*;
use crate::analysis::testkit::*;
use crate::model::{EntryValue, Kind};

fn codes(g: &Graph) -> Vec<&'static str> {
    g.diagnostics.iter().map(|d| d.code).collect()
}

fn log_of<'a>(g: &'a Graph, id: &str) -> &'a [crate::model::Entry] {
    g.get(id)
        .and_then(|x| x.practice())
        .map(|p| p.log.as_slice())
        .unwrap_or_default()
}

#[test]
fn sorts_goals_indexes_and_links_both_ways() {
    let g = graph_of(vec![
        practice("visits", &["reading-80", "every-reader"]),
        progress("reading-80", Some("every-reader")),
        purpose("every-reader"),
        practice("a-read-aloud", &["reading-80", "reading-80"]),
    ]);
    let ids: Vec<_> = g.goals.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        ids,
        ["a-read-aloud", "every-reader", "reading-80", "visits"]
    );
    assert_eq!(g.index["visits"], 3);
    assert!(g.diagnostics.is_empty(), "{:?}", g.diagnostics);
    assert_eq!(g.ids(&g.parents[3]), ["reading-80", "every-reader"]);
    // Written twice, linked once.
    assert_eq!(g.ids(&g.parents[0]), ["reading-80"]);
    assert_eq!(g.ids(&g.children[2]), ["a-read-aloud", "visits"]);
    assert_eq!(g.ids(&g.children[1]), ["reading-80", "visits"]);
    assert!(g.children[0].is_empty());
}

#[test]
fn keeps_file_diagnostics() {
    let mut file = file_of(vec![purpose("p")]);
    file.diagnostics.push(crate::Diagnostic::error(
        "unknown-field",
        &at("goals/p.md", 4),
        "x",
    ));
    let g = resolve([&file], &[]);
    assert_eq!(codes(&g), ["unknown-field"]);
}

#[test]
fn duplicate_id_names_both_files_and_keeps_the_first() {
    let a = file_of(vec![purpose("literacy").in_file("goals/b/literacy.md", 1)]);
    let b = file_of(vec![purpose("literacy")
        .titled("Second")
        .in_file("goals/a/other.md", 2)]);
    // Same result whatever order the files arrive in.
    for g in [resolve([&a, &b], &[]), resolve([&b, &a], &[])] {
        assert_eq!(g.goals.len(), 1);
        assert_eq!(g.goals[0].file, "goals/a/other.md");
        assert_eq!(codes(&g), ["duplicate-id"]);
        let d = &g.diagnostics[0];
        assert_eq!((d.file.as_str(), d.line), ("goals/b/literacy.md", 1));
        assert!(d.message.contains("goals/a/other.md:2"), "{}", d.message);
        assert_eq!(d.goal.as_deref(), Some("literacy"));
    }
}

#[test]
fn unknown_reference_suggests_the_closest_id() {
    let g = graph_of(vec![
        purpose("every-reader"),
        progress("reading-80", Some("every-reeder")),
        practice("visits", &["reading-08"]),
        practice("zzz", &["nothing-like-it"]),
    ]);
    assert_eq!(
        codes(&g),
        [
            "unknown-reference",
            "unknown-reference",
            "unknown-reference"
        ]
    );
    let d = &g.diagnostics;
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `every-reader`?"));
    assert_eq!((d[0].file.as_str(), d[0].line), ("goals/reading-80.md", 3));
    assert_eq!(d[1].hint.as_deref(), Some("did you mean `reading-80`?"));
    assert!(!d[2].hint.as_deref().unwrap_or("").contains("did you mean"));
    assert!(g.parents.iter().all(|p| p.is_empty()));
}

#[test]
fn wrong_kind_references_are_errors_and_not_links() {
    let g = graph_of(vec![
        purpose("why"),
        progress("p1", Some("p2")),
        progress("p2", Some("why")),
        practice("habit", &["other-habit", "why"]),
        practice("other-habit", &["p2"]),
    ]);
    assert_eq!(codes(&g), ["wrong-kind-reference", "wrong-kind-reference"]);
    // Goals are visited in id order: `habit` before `p1`.
    assert!(g.diagnostics[0]
        .message
        .contains("names a practice goal, but `serves:` must name a progress or purpose goal"));
    assert!(g.diagnostics[1]
        .message
        .contains("must name a purpose goal"));
    let habit = g.index["habit"];
    assert_eq!(g.ids(&g.parents[habit]), ["why"]);
    assert!(g.parents[g.index["p1"]].is_empty());
}

#[test]
fn reference_loops_are_found() {
    let g = graph_of(vec![practice("a", &["b"]), practice("b", &["a"])]);
    let mut c = codes(&g);
    c.sort();
    assert_eq!(
        c,
        [
            "reference-loop",
            "wrong-kind-reference",
            "wrong-kind-reference"
        ]
    );
    let d = g
        .diagnostics
        .iter()
        .find(|d| d.code == "reference-loop")
        .map(|d| d.message.clone())
        .unwrap_or_default();
    assert!(d.contains("a → b → a") || d.contains("b → a → b"), "{d}");

    let self_loop = graph_of(vec![practice("a", &["a"])]);
    assert!(self_loop
        .diagnostics
        .iter()
        .any(|d| d.code == "reference-loop" && d.message.contains("a → a")));
}

#[test]
fn loop_finder_sees_longer_loops() {
    // Loops cannot be written with the right kinds, so test the finder directly.
    let edge = refs::Edge::to;
    let edges = vec![vec![edge(1)], vec![edge(2)], vec![edge(0)], vec![edge(0)]];
    assert_eq!(refs::find_loops(&edges), [(2, 0)]);
    let tree = vec![vec![edge(1), edge(2)], vec![edge(2)], vec![]];
    assert!(refs::find_loops(&tree).is_empty());
}

#[test]
fn cycles_match_by_name_or_id_in_any_case() {
    let cycles = [
        cycle("Sprint 5", "2026-11-02", "2026-11-13"),
        cycle("Sprint 6", "2026-11-16", "2026-11-27"),
    ];
    let file = file_of(vec![
        purpose("a")
            .cycle("sprint 6")
            .cycle("SPRINT-5")
            .cycle("Sprint 6"),
        purpose("b").cycle("Sprnt 6"),
    ]);
    let g = resolve([&file], &cycles);
    assert_eq!(g.goal_cycles[0], [0, 1]);
    assert!(g.goal_cycles[1].is_empty());
    assert_eq!(codes(&g), ["unknown-cycle"]);
    assert_eq!(
        g.diagnostics[0].hint.as_deref(),
        Some("did you mean `Sprint 6`?")
    );
    let none = resolve([&file], &[]);
    assert!(none.diagnostics[0]
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("defines no cycles"));
}

#[test]
fn scorecard_cells_merge_into_logs_by_id_or_title() {
    let mut file = file_of(vec![
        practice("visits", &[]).log("2026-11-16", EntryValue::Number(3.0)),
        practice("inbox", &[]).titled("Inbox zero"),
    ]);
    file.scorecards.push(scorecard(
        "scorecards/2026-11.md",
        &[
            ("visits", "2026-11-17", EntryValue::Number(2.0), 8),
            ("Inbox zero", "2026-11-17", EntryValue::Done(true), 8),
            // Same value as the log: merged silently.
            ("visits", "2026-11-16", EntryValue::Number(3.0), 7),
            ("visits", "2026-11-13", EntryValue::Skip, 6),
        ],
    ));
    let g = resolve([&file], &[]);
    assert!(g.diagnostics.is_empty(), "{:?}", g.diagnostics);
    let visits: Vec<_> = log_of(&g, "visits")
        .iter()
        .map(|e| (e.date.to_string(), e.value))
        .collect();
    assert_eq!(
        visits,
        [
            ("2026-11-13".to_string(), EntryValue::Skip),
            ("2026-11-16".to_string(), EntryValue::Number(3.0)),
            ("2026-11-17".to_string(), EntryValue::Number(2.0)),
        ]
    );
    assert_eq!(log_of(&g, "inbox").len(), 1);
}

#[test]
fn the_graph_shares_the_goals_it_leaves_and_copies_those_it_changes() {
    // As a session's parse cache holds it: the graph borrows the file.
    let mut file = file_of(vec![
        practice("visits", &[]).log("2026-11-16", EntryValue::Number(3.0)),
        practice("inbox", &[]),
    ]);
    file.scorecards.push(scorecard(
        "scorecards/2026-11.md",
        &[("visits", "2026-11-17", EntryValue::Number(2.0), 8)],
    ));
    for _ in 0..2 {
        let g = resolve([&file], &[]);
        let of = |id: &str| &g.goals[g.index[id]];
        // Not changed: the very goal the file holds, not a copy.
        assert!(Arc::ptr_eq(of("inbox"), &file.goals[1]));
        // Changed (a scorecard's cell merged into its log): a copy, and
        // the file keeps its own log for the next build.
        assert!(!Arc::ptr_eq(of("visits"), &file.goals[0]));
        assert_eq!(log_of(&g, "visits").len(), 2);
        assert_eq!(file.goals[0].practice().map(|p| p.log.len()), Some(1));
    }
}

#[test]
fn conflicting_scorecard_and_log_entry_names_both_places() {
    let mut file = file_of(vec![
        practice("visits", &[]).log("2026-11-16", EntryValue::Number(3.0))
    ]);
    file.scorecards.push(scorecard(
        "scorecards/2026-11.md",
        &[("visits", "2026-11-16", EntryValue::Number(2.0), 7)],
    ));
    let mut other = file_of(vec![]);
    other.scorecards.push(scorecard(
        "scorecards/z.md",
        &[("visits", "2026-11-16", EntryValue::Number(4.0), 9)],
    ));
    let g = resolve([&file, &other], &[]);
    assert_eq!(codes(&g), ["conflicting-entry", "conflicting-entry"]);
    let first = &g.diagnostics[0];
    assert_eq!(
        (first.file.as_str(), first.line),
        ("scorecards/2026-11.md", 7)
    );
    assert!(first.message.contains("scorecards/2026-11.md:7"));
    assert!(
        first.message.contains("goals/visits.md:10"),
        "{}",
        first.message
    );
    assert!(g.diagnostics[1].message.contains("scorecards/z.md:9"));
    assert_eq!(first.goal.as_deref(), Some("visits"));
    // The log's value is kept.
    assert_eq!(log_of(&g, "visits")[0].value, EntryValue::Number(3.0));
    assert_eq!(log_of(&g, "visits").len(), 1);
}

#[test]
fn unknown_and_wrong_kind_columns_are_reported_once_per_column() {
    let mut file = file_of(vec![
        practice("classroom-visits", &[]),
        progress("reading-80", None),
    ]);
    file.scorecards.push(scorecard(
        "scorecards/s.md",
        &[
            ("classroom-visit", "2026-11-16", EntryValue::Number(1.0), 7),
            ("classroom-visit", "2026-11-17", EntryValue::Number(1.0), 8),
            ("reading-80", "2026-11-17", EntryValue::Number(1.0), 8),
            ("reading-80", "2026-11-18", EntryValue::Number(1.0), 9),
        ],
    ));
    let g = resolve([&file], &[]);
    assert_eq!(codes(&g), ["unknown-practice", "wrong-kind-reference"]);
    let d = &g.diagnostics[0];
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("scorecards/s.md", 6, 3)
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `classroom-visits`?"));
    assert!(log_of(&g, "classroom-visits").is_empty());
    assert_eq!(g.get("reading-80").map(|x| x.kind), Some(Kind::Progress));
}

//! The dashboard's "This cycle" is analysis's figure, not one a view adds
//! up: the scorecard cycle's periods of the active practices, pooled, so
//! its completion is the average over all those periods (FORMAT §7), as
//! one practice's is over its own.

use crate::prelude::*;
use goalpost::analysis::areas::Summary;
use goalpost::analysis::Report;

/// The sentence of the dashboard's "This cycle" in `site/index.html`.
fn this_cycle(repo: &Repo) -> String {
    let page = repo.read("site/index.html");
    let end = page
        .find(" of scheduled practice days done so far")
        .expect("the dashboard says how much of the cycle was done");
    let start = page[..end].rfind('>').expect("a tag before it") + 1;
    let rest = &page[end..];
    let close = rest
        .find(". <a")
        .expect("the sentence ends before its links");
    format!("{}{}", &page[start..end], &rest[..close])
}

/// Analysis's figure, in the dashboard's words.
fn analysis_figure(report: Report) -> String {
    let t = Summary::of(&report.visible(false).goals).scorecard();
    let rate = t.rate().expect("some period counts");
    let mut s = format!(
        "{}% of scheduled practice days done so far",
        (rate * 100.0).round()
    );
    if t.done.fract() == 0.0 {
        s.push_str(&format!(" ({} of {})", t.done, t.counted));
    }
    s
}

#[test]
fn the_example_dashboard_shows_the_analysis_figure() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build", "--today", "2026-11-20"])
        .assert()
        .success();
    assert_eq!(this_cycle(&repo), analysis_figure(repo.report()));
}

/// Sprint 6 is Nov 9–22; today is Friday Nov 20, not yet recorded.
/// `daily`: 8 of the 11 days Nov 9–19. `weekly`: the week of Nov 9 done,
/// this week still under way (it neither counts nor misses yet).
/// `paused`: stopped on Nov 9, so its days since are misses on the grid.
///
/// Pooled, the active practices did 9 of 12 periods: 75%. The mean of
/// their completions, (8/11 + 1/1) / 2, would say 86%; the old sum of the
/// grid's days, which counted the paused practice's 11 misses too, said
/// 9 of 23: 39%, on the dashboard and the scorecard alike.
#[test]
fn this_cycle_pools_the_periods_of_the_active_practices() {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "title: Pooled\ntoday: 2026-11-20\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\ncycles: 2w\n",
    )
    .write(
        "goals/daily.md",
        "---\nkind: practice\ntitle: Daily\ncadence: daily\nallow: [stale]\nlog:\n  2026-11-09: yes\n  2026-11-10: yes\n  2026-11-11: no\n  2026-11-12: yes\n  2026-11-13: yes\n  2026-11-14: no\n  2026-11-15: yes\n  2026-11-16: yes\n  2026-11-17: no\n  2026-11-18: yes\n  2026-11-19: yes\n---\n",
    )
    .write(
        "goals/weekly.md",
        "---\nkind: practice\ntitle: Weekly\ncadence: weekly\nallow: [stale]\nlog:\n  2026-11-10: yes\n---\n",
    )
    .write(
        "goals/paused.md",
        "---\nkind: practice\ntitle: Paused\ncadence: daily\nstatus: paused\nlog:\n  2026-11-09: no\n---\n",
    );
    repo.cmd(&["build"]).assert().success();
    let shown = this_cycle(&repo);
    assert_eq!(
        shown,
        "75% of scheduled practice days done so far (9 of 12)"
    );
    assert_eq!(shown, analysis_figure(repo.report()));
    // The scorecard's grid shows the paused practice's row, and totals
    // what the dashboard does.
    let grid = repo.read("site/scorecard.html");
    assert!(
        grid.contains("75% of scheduled practice days done so far"),
        "{grid}"
    );
    assert!(grid.contains(">Paused</a>"), "{grid}");

    // Each practice's own completion is the same rule over its own periods.
    let r = repo.report();
    let cycle = |id: &str| {
        crate::support::goal(&r, id)
            .practice
            .as_ref()
            .and_then(|p| p.completion_cycle)
    };
    assert_eq!(cycle("daily"), Some(8.0 / 11.0));
    assert_eq!(cycle("weekly"), Some(1.0));
    assert_eq!(cycle("paused"), Some(0.0));
}

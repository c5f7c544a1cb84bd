//! The rules of FORMAT §7, each written once: the lines between states,
//! the share a buffer keeps in reach, when a goal is stale. Every figure
//! and every sentence that states a rule reads it from here (words format
//! these numbers, they never repeat them), so changing a rule here changes
//! every page, message and line of `today` and `digest` that states it.

/// Fractions and figures this close count as equal (a target met, a line
/// reached): floating-point sums of thirds and tenths land a hair short.
pub(crate) const EPS: f64 = 1e-9;

/// A progress goal is `on-track` while its progress is at least the
/// expected share minus this.
pub(crate) const ON_TRACK_SLACK: f64 = 0.10;
/// A progress goal is `at-risk` while its progress is at least the
/// expected share minus this (and not on track).
pub(crate) const AT_RISK_SLACK: f64 = 0.25;

/// A practice is `on-track` when its 14-day completion is at least this.
pub(crate) const PRACTICE_ON_TRACK: f64 = 0.8;
/// A practice is `at-risk` when its 14-day completion is at least this
/// (and not on track); a practice under it also slipped in a sprint report.
pub(crate) const PRACTICE_AT_RISK: f64 = 0.5;

/// The share of a cycle's periods the buffer keeps in reach: the
/// practice's on-track line.
pub(crate) const BUFFER_GOAL: f64 = PRACTICE_ON_TRACK;
/// The fewest scheduled periods a cycle must hold for its buffer to be
/// stated (FORMAT §7 v3): with fewer (a weekly practice in a two-week
/// sprint), one missed period is already most of the margin, and the
/// report says how the running period stands instead.
pub(crate) const BUFFER_MIN_PERIODS: u32 = 5;

/// The days `strategy-check` looks back over.
pub(crate) const STRATEGY_DAYS: i32 = 28;
/// The completion every practice needs over [`STRATEGY_DAYS`] for
/// `strategy-check` to ask: the practice's on-track line.
pub(crate) const STRATEGY_COMPLETION: f64 = PRACTICE_ON_TRACK;

// Days without a record before a goal is `stale`, unless `goalpost.yml`
// says `stale_after_days`: `model::settings::DEFAULT_STALE_AFTER_DAYS`,
// kept with the setting, which the model reads before analysis runs.
/// Days after a measurement window closes before a goal without a
/// measurement in it is `stale` (FORMAT §7 v3).
pub(crate) const WINDOW_GRACE_DAYS: i32 = 14;

/// A change in a practice's completion of at least this much, against the
/// cycle before, is a trend (5 points).
pub(crate) const TREND: f64 = 0.05;
/// A practice slipped in a cycle when its completion fell by this much
/// (10 points) and is under the on-track line, or is under
/// [`PRACTICE_AT_RISK`].
pub(crate) const SLIP_DROP: f64 = 0.10;

// The lines are ordered as FORMAT §7 has them, or the build fails.
const _: () = assert!(ON_TRACK_SLACK < AT_RISK_SLACK);
const _: () = assert!(PRACTICE_AT_RISK < PRACTICE_ON_TRACK);

/// `x` reaches the line `line` (within [`EPS`]).
pub(crate) fn reaches(x: f64, line: f64) -> bool {
    x >= line - EPS
}

/// A share as the whole percent a sentence states it in: 0.8 → 80.
pub(crate) fn percent(share: f64) -> i64 {
    (share * 100.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_reached_within_eps_and_stated_in_whole_percent() {
        assert_eq!(percent(BUFFER_GOAL), 80);
        assert!(reaches(0.8 - EPS / 2.0, PRACTICE_ON_TRACK));
        assert!(!reaches(0.79, PRACTICE_ON_TRACK));
    }
}

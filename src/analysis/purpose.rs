//! Purpose roll-ups (FORMAT §7): a purpose is as far along as the mean of
//! its progress goals, and as healthy as the weakest of them.

use super::{GoalReport, PurposeFigures, State};
use crate::model::{Kind, Status};
use std::collections::HashMap;

/// Rolls up `(fraction, state)` of each progress goal beneath a purpose:
/// the mean of the fractions that exist, each clamped to 0–1, and the
/// weakest state (in [`State`]'s order: off-track, overdue, at-risk,
/// no-data, on-track, achieved); `no-data` when there are none.
pub(crate) fn rollup<I>(progress: I) -> (Option<f64>, State)
where
    I: IntoIterator<Item = (Option<f64>, State)>,
{
    let (mut sum, mut count) = (0.0, 0u32);
    let mut weakest: Option<State> = None;
    for (fraction, state) in progress {
        if let Some(f) = fraction {
            sum += f.clamp(0.0, 1.0);
            count += 1;
        }
        weakest = Some(weakest.map_or(state, |w| w.min(state)));
    }
    (
        (count > 0).then(|| sum / f64::from(count)),
        weakest.unwrap_or(State::NoData),
    )
}

/// The weakest of some states, `None` when there are none.
pub(crate) fn weakest<I: IntoIterator<Item = Option<State>>>(states: I) -> Option<State> {
    states.into_iter().flatten().min()
}

/// Rolls up every purpose from the goals beneath it (FORMAT §7): the mean
/// progress and weakest state of its progress goals that are not `paused`
/// or `dropped`, and the count of practices beneath it and them. Works on
/// the goals' own `children` lists, so the full report and the readers'
/// view (private goals left out) share one rule.
pub(crate) fn roll_up(reports: &mut [GoalReport], n_cycles: usize) {
    let index: HashMap<&str, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.goal.id.as_str(), i))
        .collect();
    let children = |i: usize| -> Vec<usize> {
        reports[i]
            .children
            .iter()
            .filter_map(|id| index.get(id.as_str()).copied())
            .collect()
    };
    // Each purpose on both workers: at 100,000 goals its lookups by id
    // miss the cache.
    use rayon::prelude::*;
    let purposes: Vec<usize> = (0..reports.len())
        .into_par_iter()
        .filter(|&i| reports[i].goal.kind == Kind::Purpose)
        .collect();
    let rolled: Vec<_> = purposes
        .into_par_iter()
        .map(|i| {
            let counted = |c: &usize| {
                let g = &reports[*c].goal;
                g.kind == Kind::Progress
                    && !g.is_placeholder()
                    && !matches!(g.status, Status::Paused | Status::Dropped | Status::Draft)
            };
            let below = children(i);
            let progress: Vec<usize> = below.iter().copied().filter(counted).collect();
            let (fraction, state) = rollup(progress.iter().map(|&c| {
                let r = &reports[c];
                (r.progress.as_ref().and_then(|p| p.fraction), r.state)
            }));
            let mut practices: Vec<usize> = below
                .iter()
                .copied()
                .chain(progress.iter().flat_map(|&c| children(c)))
                .filter(|&c| reports[c].goal.kind == Kind::Practice && !reports[c].goal.is_draft())
                .collect();
            practices.sort_unstable();
            practices.dedup();
            let cycle_states: Vec<Option<State>> = (0..n_cycles)
                .map(|k| {
                    weakest(
                        progress
                            .iter()
                            .map(|&c| reports[c].cycle_states.get(k).copied().flatten()),
                    )
                })
                .collect();
            let figures = PurposeFigures {
                progress: fraction,
                progress_goals: progress.len(),
                practices: practices.len(),
            };
            (i, state, cycle_states, figures)
        })
        .collect();
    for (i, state, cycle_states, figures) in rolled {
        let report = &mut reports[i];
        report.state = state;
        report.cycle_states = cycle_states;
        report.purpose = Some(figures);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_clamped_fractions_and_weakest_state() {
        let (p, s) = rollup([
            (Some(0.5), State::OnTrack),
            (Some(1.4), State::Achieved),
            (Some(-0.2), State::AtRisk),
            (None, State::NoData),
        ]);
        // (0.5 + 1.0 + 0.0) / 3
        assert_eq!(p, Some(0.5));
        assert_eq!(s, State::AtRisk);
        let (p, s) = rollup([(Some(0.2), State::OffTrack), (Some(0.3), State::Overdue)]);
        assert!((p.unwrap_or(0.0) - 0.25).abs() < 1e-12);
        assert_eq!(s, State::OffTrack);
    }

    #[test]
    fn nothing_beneath_is_no_data() {
        assert_eq!(rollup([]), (None, State::NoData));
        assert_eq!(weakest([None, None]), None);
        assert_eq!(
            weakest([None, Some(State::OnTrack), Some(State::AtRisk)]),
            Some(State::AtRisk)
        );
    }
}

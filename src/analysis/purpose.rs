//! Purpose roll-ups (FORMAT §7): a purpose is as far along as the mean of
//! its progress goals, and as healthy as the weakest of them.

use super::State;

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

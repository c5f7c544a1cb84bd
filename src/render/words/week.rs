//! One sentence for each goal on someone's week.

use super::states::kind_state_label;
use crate::analysis::week::WeekItem;
use crate::analysis::{DayStatus, GoalReport};
use crate::model::Cadence;
use crate::render::dates;
use crate::render::format::pct;

/// One sentence for goal `g` on someone's week.
pub(crate) fn week_item(item: &WeekItem, g: &GoalReport) -> String {
    match *item {
        WeekItem::DueSoon { due, days_left } => {
            let when = match days_left {
                0 => "Due today".to_string(),
                1 => "Due tomorrow".to_string(),
                n => format!("Due {} ({n} days)", dates::medium(due)),
            };
            match g.progress.as_ref().and_then(|p| p.fraction) {
                Some(f) => format!("{when}; {} of the way.", pct(f)),
                None => format!("{when}; nothing measured yet."),
            }
        }
        WeekItem::Slipped { from, to } => format!(
            "Since last week: {}, was {}.",
            kind_state_label(g.goal.kind, to).to_lowercase(),
            kind_state_label(g.goal.kind, from).to_lowercase()
        ),
        WeekItem::Practice {
            week_share: Some(share),
            missed,
            met,
            ..
        } => {
            if met {
                "This week's target is met.".to_string()
            } else if missed > 0 {
                format!(
                    "{} of this week's target; the week ended short.",
                    pct(share)
                )
            } else {
                format!("{} of this week's target so far.", pct(share))
            }
        }
        WeekItem::Practice {
            scheduled,
            hits,
            partial,
            missed,
            today,
            week_share: None,
            ..
        } => {
            // FORMAT §4: `daily` is every day, weekends too; only
            // `weekdays` keeps to school days.
            let day = match g.goal.practice().map(|p| p.cadence) {
                Some(Cadence::Daily) => "day",
                _ => "school day",
            };
            let mut parts = vec![format!(
                "{hits} of {scheduled} {day}{} done",
                if scheduled == 1 { "" } else { "s" }
            )];
            if partial > 0 {
                parts.push(format!("{partial} partly"));
            }
            if missed > 0 {
                parts.push(format!("{missed} missed"));
            }
            let mut text = parts.join(", ");
            text.push_str(match today {
                Some(DayStatus::Pending) => "; today not recorded yet.",
                Some(DayStatus::Hit) => "; today done.",
                _ => ".",
            });
            text
        }
        WeekItem::MeasurementDue { last: Some(d) } => format!(
            "A fresh measurement is due: the last is from {}.",
            dates::medium(d)
        ),
        WeekItem::MeasurementDue { last: None } => "No measurement yet.".to_string(),
    }
}

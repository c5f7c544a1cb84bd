//! A picture drawn when a page prints it. A card carries what its bar or
//! strip is made from, not the markup: the cards of every goal are kept
//! for all the pages that list them (100,000 at district scale), and a
//! picture no template prints is never drawn (the default pages show no
//! practice's 14-day strip; a repository's own templates may).

use super::{progress_bar, strip_in, Weekly};
use crate::analysis::practice::WeekFigures;
use crate::analysis::Day;
use minijinja::value::{Object, ObjectRepr, Value};
use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// An SVG picture, drawn when a template prints it (its `| safe` or its
/// place in the page) or when it is serialized elsewhere.
#[derive(Clone)]
pub(crate) struct Drawing(Value);

impl Drawing {
    /// No picture: prints as nothing, and is false in `{% if %}`.
    pub(crate) fn none() -> Drawing {
        Drawing(Value::from(""))
    }

    /// A progress bar ([`progress_bar`]).
    pub(crate) fn bar(
        fraction: Option<f64>,
        expected: Option<f64>,
        color: &'static str,
        label: String,
    ) -> Drawing {
        Drawing::of(Bar {
            fraction,
            expected,
            color,
            label,
        })
    }

    /// A practice's strip of days ([`strip_in`]); of a weekly practice,
    /// with its weeks' records against `target`.
    pub(crate) fn strip(
        id: String,
        title: String,
        days: &[Day],
        unit: &str,
        weekly: Option<Weekly<'_>>,
    ) -> Drawing {
        // Only the weeks the days fall in are looked up.
        let weekly = weekly.map(|w| {
            let first = days.first().map(|d| d.date);
            let from = w
                .weeks
                .partition_point(|k| first.is_some_and(|f| k.monday < f))
                .saturating_sub(1);
            (w.weeks[from..].to_vec(), w.target)
        });
        Drawing::of(Strip {
            id,
            title,
            days: days.to_vec(),
            unit: unit.to_string(),
            weekly,
        })
    }

    fn of(picture: impl Picture) -> Drawing {
        Drawing(Value::from_object(Lazy(picture)))
    }

    /// The markup.
    #[cfg(test)]
    pub(crate) fn markup(&self) -> String {
        self.0.to_string()
    }
}

impl Serialize for Drawing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Into a template's context it goes as it is, drawn only where
        // the page prints it; anywhere else as its markup.
        self.0.serialize(serializer)
    }
}

impl fmt::Debug for Drawing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Drawing")
    }
}

/// What a picture is drawn from.
trait Picture: Send + Sync + 'static {
    fn draw(&self) -> String;
}

struct Bar {
    fraction: Option<f64>,
    expected: Option<f64>,
    color: &'static str,
    label: String,
}

impl Picture for Bar {
    fn draw(&self) -> String {
        progress_bar(self.fraction, self.expected, self.color, &self.label)
    }
}

struct Strip {
    id: String,
    title: String,
    days: Vec<Day>,
    unit: String,
    weekly: Option<(Vec<WeekFigures>, f64)>,
}

impl Picture for Strip {
    fn draw(&self) -> String {
        let weekly = self.weekly.as_ref().map(|(weeks, target)| Weekly {
            weeks,
            target: *target,
        });
        strip_in(&self.id, &self.title, &self.days, &self.unit, weekly)
    }
}

/// A picture as a template value: drawn each time it is printed.
struct Lazy<P>(P);

impl<P> fmt::Debug for Lazy<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<svg>")
    }
}

impl<P: Picture> Object for Lazy<P> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.draw())
    }
}

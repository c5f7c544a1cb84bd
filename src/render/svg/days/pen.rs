//! Path data written with relative moves, which are shorter than absolute
//! ones on a grid: how the day squares' paths are written.

use super::*;

/// Path data written with relative moves, which are shorter than absolute
/// ones on a grid (`m5 0` rather than `M59 10.5`).
#[derive(Default)]
pub(super) struct Pen {
    pub(super) d: String,
    /// The current point, as drawn (to a tenth).
    at: Option<(f64, f64)>,
}

fn tenth(v: f64) -> f64 {
    round(v * 10.0) / 10.0
}

/// Appends `v` as [`P`] writes it, without the formatting machinery (a
/// heat-map moves its pen hundreds of times).
fn push_p(d: &mut String, v: f64) {
    let _ = tenths(d, v, true);
}

impl Pen {
    /// Moves to `x`,`y`: the first time absolutely, then relative to the
    /// current point.
    pub(super) fn move_to(&mut self, x: f64, y: f64) {
        match self.at {
            None => {
                let (x, y) = (tenth(x), tenth(y));
                self.d.push('M');
                push_p(&mut self.d, x);
                self.d.push(' ');
                push_p(&mut self.d, y);
                self.at = Some((x, y));
            }
            Some((ax, ay)) => {
                let (dx, dy) = (tenth(x - ax), tenth(y - ay));
                self.d.push('m');
                push_p(&mut self.d, dx);
                if dy >= 0.0 || dy.is_nan() {
                    self.d.push(' ');
                }
                push_p(&mut self.d, dy);
                self.at = Some((ax + dx, ay + dy));
            }
        }
    }

    /// Notes that what was drawn since the move ended `dx`,`dy` away from
    /// it (a closed outline ends where it started: nothing to note).
    pub(super) fn ended_at(&mut self, dx: f64, dy: f64) {
        if let Some((x, y)) = self.at {
            self.at = Some((x + tenth(dx), y + tenth(dy)));
        }
    }
}

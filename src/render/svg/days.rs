//! Pictures of a practice's days: the year heat-map of its page and the
//! 14-day strip of its card. The days of each kind are one path, drawn
//! once, with a tooltip that counts them.

use super::*;
use crate::analysis::practice::WeekFigures;

/// Words for a day cell.
pub(crate) fn day_label(status: DayStatus) -> &'static str {
    match status {
        DayStatus::Hit => "done",
        DayStatus::Partial => "partly done",
        DayStatus::Miss => "missed",
        DayStatus::Skip => "skipped (does not count)",
        DayStatus::Pending => "today, not recorded yet",
        DayStatus::Break => "school break",
        DayStatus::Unscheduled => "not scheduled",
    }
}

/// What a day holds, in words: "done (3 visits)", "missed", "skipped (does
/// not count)". A value recorded on a day that is not itself scheduled (a
/// weekly practice's Tuesday) counts toward its week.
pub(crate) fn day_description(day: &Day, unit: &str) -> String {
    match (day.status, day.value()) {
        (DayStatus::Skip, _) | (_, None) => day_label(day.status).to_string(),
        (DayStatus::Unscheduled, Some(v)) => {
            format!("{} recorded, counted toward its week", with_unit(v, unit))
        }
        (status, Some(v)) => format!("{} ({})", day_label(status), with_unit(v, unit)),
    }
}

/// A weekly practice's weeks, so that its squares speak of weeks: a week's
/// outcome is drawn on one of its days ([`Day`]), and its tooltip names the
/// week and what was recorded in it against the target.
#[derive(Clone, Copy)]
pub(crate) struct Weekly<'a> {
    /// Week by week, from analysis ([`WeekFigures::recorded`]).
    pub(crate) weeks: &'a [WeekFigures],
    pub(crate) target: f64,
}

impl Weekly<'_> {
    /// What was recorded in the week holding `date`.
    fn recorded(&self, date: Date) -> Option<f64> {
        let monday = monday_of(date);
        let k = self.weeks.partition_point(|w| w.monday < monday);
        self.weeks
            .get(k)
            .filter(|w| w.monday == monday)
            .and_then(|w| w.recorded)
    }
}

/// The Monday of `date`'s week.
fn monday_of(date: Date) -> Date {
    add_days(date, -i64::from(date.weekday().to_monday_zero_offset())).unwrap_or(date)
}

/// What a heat-map shows beyond a practice's days.
#[derive(Clone, Copy, Default)]
pub(crate) struct Year<'a> {
    /// The last day of the picture, with the days from today to it drawn as
    /// still ahead, and what they are ("in this school year").
    pub(crate) through: Option<(Date, &'a str)>,
    /// The school's breaks (the days ahead in a break are drawn as one).
    pub(crate) breaks: &'a [crate::model::Break],
    /// A weekly practice's weeks: its squares then count weeks.
    pub(crate) weekly: Option<Weekly<'a>>,
}

/// Days named one by one in a layer's tooltip, up to this many; past it
/// the tooltip gives only the count.
const LISTED: usize = 14;

/// The corner radius of a day square.
pub(super) const R: f64 = 2.0;

/// What a square shows: a day's status, or a day of the year still ahead.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Day(DayStatus),
    Ahead,
}

impl Kind {
    /// Every kind, in drawing order: the days ahead before the breaks, so
    /// a break later in the year shows on top of the weeks ahead.
    const ALL: [Kind; 8] = [
        Kind::Day(DayStatus::Hit),
        Kind::Day(DayStatus::Partial),
        Kind::Day(DayStatus::Miss),
        Kind::Day(DayStatus::Skip),
        Kind::Day(DayStatus::Pending),
        Kind::Ahead,
        Kind::Day(DayStatus::Break),
        Kind::Day(DayStatus::Unscheduled),
    ];

    fn slot(self) -> usize {
        match self {
            Kind::Day(DayStatus::Hit) => 0,
            Kind::Day(DayStatus::Partial) => 1,
            Kind::Day(DayStatus::Miss) => 2,
            Kind::Day(DayStatus::Skip) => 3,
            Kind::Day(DayStatus::Pending) => 4,
            Kind::Day(DayStatus::Break) => 5,
            Kind::Day(DayStatus::Unscheduled) => 6,
            Kind::Ahead => 7,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Kind::Day(st) => st.as_str(),
            Kind::Ahead => "ahead",
        }
    }

    /// What the squares of this kind are, in a tooltip (the days ahead
    /// are worded by the picture, which knows what they lead up to).
    fn words(self, weekly: bool) -> &'static str {
        match self {
            Kind::Day(DayStatus::Pending) if weekly => "this week, still under way",
            Kind::Day(DayStatus::Unscheduled) if weekly => {
                "other days (a week shows on the day of its latest entry)"
            }
            Kind::Day(st) => day_label(st),
            Kind::Ahead => "days still ahead",
        }
    }

    /// Whether a square of this kind stands for a weekly practice's whole
    /// week (its outcome, drawn on one day of it), rather than for a day.
    fn is_week(self) -> bool {
        matches!(
            self,
            Kind::Day(
                DayStatus::Hit
                    | DayStatus::Partial
                    | DayStatus::Miss
                    | DayStatus::Skip
                    | DayStatus::Pending
            )
        )
    }

    /// The fill, and the colour of the 1px edge for the kinds that have one.
    fn paint(self, pattern: &str) -> (String, Option<&'static str>) {
        match self {
            Kind::Day(DayStatus::Hit) => (HIT.to_string(), None),
            Kind::Day(DayStatus::Partial) => (PARTIAL.to_string(), Some(HIT)),
            Kind::Day(DayStatus::Miss) => (MISS.to_string(), Some(MISS_EDGE)),
            Kind::Day(DayStatus::Skip) => (SKIP.to_string(), None),
            Kind::Day(DayStatus::Pending) => ("#fff".to_string(), Some(INK)),
            Kind::Day(DayStatus::Break) => (format!("url(#{pattern})"), None),
            Kind::Day(DayStatus::Unscheduled) => (UNSCHEDULED.to_string(), Some(GRID)),
            Kind::Ahead => ("#fff".to_string(), Some(GRID)),
        }
    }
}

/// Path data written with relative moves, which are shorter than absolute
/// ones on a grid (`m5 0` rather than `M59 10.5`).
#[derive(Default)]
struct Pen {
    d: String,
    /// The current point, as drawn (to a tenth).
    at: Option<(f64, f64)>,
}

fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Appends `v` as [`P`] writes it, without the formatting machinery (a
/// heat-map moves its pen hundreds of times).
fn push_p(d: &mut String, v: f64) {
    let _ = tenths(d, v, true);
}

impl Pen {
    /// Moves to `x`,`y`: the first time absolutely, then relative to the
    /// current point.
    fn move_to(&mut self, x: f64, y: f64) {
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
    fn ended_at(&mut self, dx: f64, dy: f64) {
        if let Some((x, y)) = self.at {
            self.at = Some((x + tenth(dx), y + tenth(dy)));
        }
    }
}

/// The squares of one kind: one path for them all, and the days they are.
#[derive(Default)]
struct Layer {
    squares: Pen,
    /// Shapes drawn on top, so the state does not rest on colour alone:
    /// the cross on a missed day, the dash on a skipped one.
    marks: Pen,
    /// The days, with the value worth naming (a partly done day's).
    days: Vec<(Date, Option<f64>)>,
}

/// The days still ahead of a heat-map, drawn as at most three rectangles
/// filled with a pattern whose tile is one outlined day (the rest of the
/// current week, the whole weeks after it, the year's last week if it ends
/// mid-week), so the year ahead costs the same few bytes however long it
/// is. Positions in pixels.
struct Area {
    /// The top-left corner of the grid's first square: the pattern's tiles
    /// start half a gap up and left of it, so every tile's square is a cell.
    x: f64,
    y: f64,
    /// The side of a day square and the grid's pitch.
    size: f64,
    pitch: f64,
    /// The rectangles, in cells: `[column, row, columns, rows]`.
    runs: Vec<[i64; 4]>,
}

impl Area {
    /// The margin around a square in its tile: half the gap.
    fn margin(&self) -> f64 {
        (self.pitch - self.size) / 2.0
    }

    /// Whether the square with top-left `x`,`y` is one of its cells.
    fn holds(&self, x: f64, y: f64) -> bool {
        let col = ((x - self.x) / self.pitch).round() as i64;
        let row = ((y - self.y) / self.pitch).round() as i64;
        self.runs
            .iter()
            .any(|&[c, r, cols, rows]| (c..c + cols).contains(&col) && (r..r + rows).contains(&row))
    }

    /// The pattern `id`, in units of `px` pixels. Its square is a `<rect
    /// rx>` with a 1px edge: the same shape as a day square drawn with an
    /// edge (see `Cells`), in the colours of a day ahead.
    fn pattern(&self, id: &str, px: f64) -> String {
        let u = |pixels: f64| P2(pixels / px);
        let m = self.margin();
        let (fill, edge) = Kind::Ahead.paint("");
        format!(
            r##"<pattern id="{id}" x="{}" y="{}" width="{p}" height="{p}" patternUnits="userSpaceOnUse"><rect x="{m}" y="{m}" width="{s}" height="{s}" rx="{}" fill="{fill}" stroke="{}" stroke-width="{}"/></pattern>"##,
            u(self.x - m),
            u(self.y - m),
            u(R),
            edge.unwrap_or(GRID),
            u(1.0),
            p = u(self.pitch),
            m = u(m),
            s = u(self.size),
        )
    }

    /// The rectangles, over whole tiles, to fill with the pattern.
    fn rects(&self, px: f64) -> String {
        let u = |pixels: f64| P2(pixels / px);
        let (m, p) = (self.margin(), self.pitch);
        let mut out = String::new();
        for &[col, row, cols, rows] in &self.runs {
            let _ = write!(
                out,
                r##"<rect x="{}" y="{}" width="{}" height="{}"/>"##,
                u(self.x - m + col as f64 * p),
                u(self.y - m + row as f64 * p),
                u(cols as f64 * p),
                u(rows as f64 * p),
            );
        }
        out
    }
}

/// Day squares gathered by kind, so a year of days is a handful of paths
/// rather than an element (and a tooltip) per day.
///
/// Each square is drawn as a square inset by the corner radius, stroked in
/// its own colour at twice the radius with round joins: the stroke grows
/// it back to the full square with rounded corners, what `<rect rx="2">`
/// drew. A kind with an edge is stroked twice: once a pixel wider in the
/// edge colour, then a pixel narrower in the fill (`<use>` repeats the
/// path), which leaves the 1px edge a stroked `<rect>` had.
///
/// Positions are given in pixels; the paths are written in units of `px`
/// pixels under one `scale(px)`, so the heat-map's 20px pitch is a short
/// `m5 0` and its squares `h3v3h-3z`.
struct Cells<'a> {
    id: &'a str,
    unit: &'a str,
    pattern: &'a str,
    /// Pixels per path unit.
    px: f64,
    layers: [Layer; 8],
    /// Dots on unscheduled days whose entry counts toward its week.
    counted: Layer,
    /// The days ahead, drawn by a pattern, and the pattern's id.
    area: Option<(Area, String)>,
    /// Whether a break square lies on the area: its edge would show
    /// around the hatching, so the break squares are first cleared to the
    /// paper's white, as wide as an edged square.
    clear_breaks: bool,
    /// The last square's size and its path after the move (`h3v3h-3z`):
    /// nearly every square has the same, so it is written once.
    square: (f64, String),
    /// The same for the cross on a missed day.
    cross: (f64, String),
    /// A weekly practice: its outcome squares count weeks.
    weekly: Option<Weekly<'a>>,
    /// What the days ahead are: "days still ahead in this school year".
    ahead: String,
}

impl<'a> Cells<'a> {
    fn new(id: &'a str, unit: &'a str, pattern: &'a str, px: f64) -> Self {
        Cells {
            id,
            unit,
            pattern,
            px,
            layers: Default::default(),
            counted: Layer::default(),
            area: None,
            clear_breaks: false,
            square: (0.0, String::new()),
            cross: (0.0, String::new()),
            weekly: None,
            ahead: Kind::Ahead.words(false).to_string(),
        }
    }

    /// A length in path units.
    fn u(&self, pixels: f64) -> P2 {
        P2(pixels / self.px)
    }

    /// A square with top-left `x`,`y` and side `size`, in pixels; `day` is
    /// `None` for a legend sample.
    fn add(&mut self, kind: Kind, x: f64, y: f64, size: f64, day: Option<&Day>) {
        if let Some(day) = day {
            let value = match self.weekly {
                // A week's square: what the whole week recorded.
                Some(w) if kind.is_week() => w
                    .recorded(day.date)
                    .filter(|_| matches!(day.status, DayStatus::Partial | DayStatus::Pending)),
                _ => day.value().filter(|_| day.status == DayStatus::Partial),
            };
            self.layers[kind.slot()].days.push((day.date, value));
        }
        self.add_square(kind, x, y, size);
    }

    /// A day of the year still ahead (or a break ahead, which is drawn as
    /// one). A day ahead in the area is drawn by its pattern; a break there
    /// is drawn on top of it.
    fn add_ahead(&mut self, kind: Kind, x: f64, y: f64, size: f64, date: Date) {
        self.layers[kind.slot()].days.push((date, None));
        let in_area = self.area.as_ref().is_some_and(|(a, _)| a.holds(x, y));
        if kind == Kind::Ahead && in_area {
            return;
        }
        self.clear_breaks |= in_area;
        self.add_square(kind, x, y, size);
    }

    fn add_square(&mut self, kind: Kind, x: f64, y: f64, size: f64) {
        let px = self.px;
        let (i, r) = (self.u(size - 2.0 * R), self.u(R));
        let layer = &mut self.layers[kind.slot()];
        if kind == Kind::Day(DayStatus::Pending) {
            // Dashed, so drawn as the outline itself: the dashes fall where
            // a `<rect rx="2">`'s did.
            layer.squares.move_to((x + R) / px, y / px);
            let _ = write!(
                layer.squares.d,
                "h{i}a{r} {r} 0 0 1 {r} {r}v{i}a{r} {r} 0 0 1-{r} {r}h-{i}a{r} {r} 0 0 1-{r}-{r}v-{i}a{r} {r} 0 0 1 {r}-{r}z"
            );
        } else {
            if self.square.0 != size || self.square.1.is_empty() {
                self.square = (size, format!("h{i}v{i}h-{i}z"));
            }
            let layer = &mut self.layers[kind.slot()];
            layer.squares.move_to((x + R) / px, (y + R) / px);
            layer.squares.d.push_str(&self.square.1);
        }
        let layer = &mut self.layers[kind.slot()];
        match kind {
            Kind::Day(DayStatus::Miss) => {
                let a = size * 0.28;
                let w = (size - 2.0 * a) / px;
                if self.cross.0 != size || self.cross.1.is_empty() {
                    self.cross = (size, format!("l{w} {w}m0-{w}l-{w} {w}", w = P(w)));
                }
                let layer = &mut self.layers[kind.slot()];
                layer.marks.move_to((x + a) / px, (y + a) / px);
                layer.marks.d.push_str(&self.cross.1);
                layer.marks.ended_at(0.0, w);
            }
            Kind::Day(DayStatus::Skip) => {
                let w = size * 0.5 / px;
                layer
                    .marks
                    .move_to((x + size * 0.25) / px, (y + size / 2.0) / px);
                let _ = write!(layer.marks.d, "h{}", P(w));
                layer.marks.ended_at(w, 0.0);
            }
            _ => {}
        }
    }

    /// A dot on a day not scheduled by itself (a weekly practice's Tuesday)
    /// whose entry counts toward its week.
    fn add_counted(&mut self, x: f64, y: f64, size: f64, day: &Day) {
        let px = self.px;
        let r = size * 0.22;
        let (ru, du) = (self.u(r), self.u(2.0 * r));
        self.counted
            .squares
            .move_to((x + size / 2.0 - r) / px, (y + size / 2.0) / px);
        let _ = write!(
            self.counted.squares.d,
            "a{ru} {ru} 0 1 0 {du} 0a{ru} {ru} 0 1 0-{du} 0z"
        );
        self.counted.days.push((day.date, day.value()));
    }

    /// The tooltip of a layer: its words, how many days, and which (or, for
    /// breaks, their names) when there are few enough to read.
    ///
    /// `weeks`: the squares are a weekly practice's weeks: counted as
    /// weeks and named "week of Nov 16 (2 of 3 visits)".
    fn title(
        &self,
        words: &str,
        days: &[(Date, Option<f64>)],
        names: &[&str],
        weeks: Option<Weekly<'_>>,
    ) -> String {
        let mut t = String::new();
        let mut chars = words.chars();
        if let Some(c) = chars.next() {
            t.extend(c.to_uppercase());
            t.push_str(chars.as_str());
        }
        if days.is_empty() {
            return t;
        }
        let n = days.len();
        let noun = if weeks.is_some() { "week" } else { "day" };
        let _ = write!(t, ", {n} {noun}{}", if n == 1 { "" } else { "s" });
        if !names.is_empty() {
            let _ = write!(t, ": {}", names.join(", "));
        } else if n <= LISTED {
            t.push_str(": ");
            for (i, (date, value)) in days.iter().enumerate() {
                if i > 0 {
                    t.push_str(", ");
                }
                match (weeks, value) {
                    (Some(w), Some(v)) => {
                        let _ = write!(
                            t,
                            "week of {} ({} of {})",
                            dates::short(monday_of(*date)),
                            num(*v),
                            with_unit(w.target, self.unit)
                        );
                    }
                    (Some(_), None) => {
                        let _ = write!(t, "week of {}", dates::short(monday_of(*date)));
                    }
                    (None, value) => {
                        t.push_str(&dates::short_with_weekday(*date));
                        if let Some(v) = value {
                            let _ = write!(t, " ({})", with_unit(*v, self.unit));
                        }
                    }
                }
            }
        }
        t
    }

    /// Writes the layers, one group per kind present. `break_names` name
    /// the breaks shown, for the break layer's tooltip.
    fn finish(&self, s: &mut String, break_names: &[&str]) {
        if self.px != 1.0 {
            let _ = write!(s, r##"<g transform="scale({})">"##, P(self.px));
        }
        for kind in Kind::ALL {
            let layer = &self.layers[kind.slot()];
            // The days ahead are drawn by the area's pattern.
            let area = self
                .area
                .as_ref()
                .filter(|_| kind == Kind::Ahead && !layer.days.is_empty());
            if layer.squares.d.is_empty() && area.is_none() {
                continue;
            }
            let class = kind.class();
            let names = if kind == Kind::Day(DayStatus::Break) {
                break_names
            } else {
                &[]
            };
            let weeks = self.weekly.filter(|_| kind.is_week());
            let words = match kind {
                Kind::Ahead => self.ahead.as_str(),
                k => k.words(self.weekly.is_some()),
            };
            let title = esc(&self.title(words, &layer.days, names, weeks));
            let (fill, edge) = kind.paint(self.pattern);
            let d = &layer.squares.d;
            match (kind, edge, area) {
                (Kind::Ahead, _, Some((area, pattern))) => {
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="url(#{pattern})"><title>{title}</title>{}"##,
                        area.rects(self.px)
                    );
                }
                (Kind::Day(DayStatus::Pending), _, _) => {
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="{fill}" stroke="{INK}" stroke-width="{}" stroke-dasharray="{dash} {dash}"><title>{title}</title><path d="{d}"/>"##,
                        self.u(1.0),
                        dash = self.u(2.0)
                    );
                }
                (Kind::Day(DayStatus::Break), None, _) if self.clear_breaks => {
                    // White first, as wide as the edged squares under it,
                    // then the hatching (the `<use>` takes this group's paint).
                    let id = format!("{}-{class}-sq", self.id);
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="{fill}" stroke="{fill}" stroke-width="{}"><title>{title}</title><g fill="#fff" stroke="#fff" stroke-width="{}"><path id="{id}" d="{d}"/></g><use href="#{id}"/>"##,
                        self.u(2.0 * R),
                        self.u(2.0 * R + 1.0)
                    );
                }
                (_, None, _) => {
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="{fill}" stroke="{fill}" stroke-width="{}"><title>{title}</title><path d="{d}"/>"##,
                        self.u(2.0 * R)
                    );
                }
                (_, Some(edge), _) => {
                    // `-sq` keeps it apart from the break pattern's `-break`.
                    let id = format!("{}-{class}-sq", self.id);
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="{edge}" stroke="{edge}" stroke-width="{}"><title>{title}</title><path id="{id}" d="{d}"/><use href="#{id}" fill="{fill}" stroke="{fill}" stroke-width="{}"/>"##,
                        self.u(2.0 * R + 1.0),
                        self.u(2.0 * R - 1.0)
                    );
                }
            }
            if !layer.marks.d.is_empty() {
                let color = if kind == Kind::Day(DayStatus::Miss) {
                    MISS_EDGE
                } else {
                    MUTED
                };
                let _ = write!(
                    s,
                    r##"<path d="{}" stroke="{color}" stroke-width="{}"/>"##,
                    layer.marks.d,
                    self.u(1.4)
                );
            }
            s.push_str("</g>");
        }
        if !self.counted.squares.d.is_empty() {
            let title = esc(&self.title(
                "recorded on a day not scheduled by itself, counted toward its week",
                &self.counted.days,
                &[],
                None,
            ));
            let _ = write!(
                s,
                r##"<path class="counted" d="{}" fill="{HIT}"><title>{title}</title></path>"##,
                self.counted.squares.d
            );
        }
        if self.px != 1.0 {
            s.push_str("</g>");
        }
    }
}

/// The hatching of a break day (a `<pattern>`, for the `<defs>`). Under a
/// `scale(px)`, the pattern is drawn back at its pixel size.
fn break_pattern(id: &str, px: f64) -> String {
    let scale = if px == 1.0 {
        String::new()
    } else {
        format!(" scale({})", 1.0 / px)
    };
    format!(
        r##"<pattern id="{id}" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45){scale}"><rect width="4" height="4" fill="{BREAK}"/><path d="M0 0v4" stroke="{BREAK_STRIPE}" stroke-width="1.5"/></pattern>"##
    )
}

/// The days in a sentence: "8 done, 1 missed, 5 on a break"; for a weekly
/// practice its weeks and then its days: "8 weeks done, 1 missed, 5 days
/// on a break, 83 other days".
fn summary(days: &[Day], weekly: bool) -> String {
    let count = |st: DayStatus| days.iter().filter(|d| d.status == st).count();
    let mut parts = Vec::new();
    let mut first_week = weekly;
    let mut first_day = weekly;
    for (st, word) in [
        (DayStatus::Hit, "done"),
        (DayStatus::Partial, "partly done"),
        (DayStatus::Miss, "missed"),
        (DayStatus::Skip, "skipped"),
        (DayStatus::Break, "on a break"),
        (DayStatus::Unscheduled, "not scheduled"),
    ] {
        let n = count(st);
        if n == 0 {
            continue;
        }
        let (noun, first) = if Kind::Day(st).is_week() {
            ("week", &mut first_week)
        } else {
            ("day", &mut first_day)
        };
        if weekly && st == DayStatus::Unscheduled {
            parts.push(format!("{n} other day{}", if n == 1 { "" } else { "s" }));
        } else if std::mem::take(first) {
            let s = if n == 1 { "" } else { "s" };
            parts.push(format!("{n} {noun}{s} {word}"));
        } else {
            parts.push(format!("{n} {word}"));
        }
    }
    if count(DayStatus::Pending) > 0 {
        parts.push(
            if weekly {
                "this week still under way"
            } else {
                "today not recorded yet"
            }
            .to_string(),
        );
    }
    parts.join(", ")
}

/// The heat-map's path unit: its 16px squares on a 20px pitch are 4 and 5.
pub(super) const HEAT_PX: f64 = 4.0;

#[cfg(test)]
/// A calendar heat-map of a practice's days: one column per week (Monday
/// on top), like a contribution graph, with month labels and a legend.
/// With `through` (the end of the school year), the weeks still ahead are
/// drawn as empty outlines so the picture is the whole year: a pattern of
/// them, in at most three rectangles, so a long year ahead costs no more
/// bytes than a short one (the breaks ahead are drawn on top).
///
/// The days of each kind are one path, with a tooltip that counts them
/// (and names them when there are few, as missed days usually are); the
/// picture's `<desc>` sums them all up. There is no tooltip per day: on a
/// year of days they were most of a goal page's bytes.
pub(crate) fn heatmap(
    id: &str,
    title: &str,
    days: &[Day],
    unit: &str,
    through: Option<Date>,
    breaks: &[crate::model::Break],
) -> String {
    heatmap_in(
        id,
        title,
        days,
        unit,
        Year {
            through: through.map(|t| (t, "in this school year")),
            breaks,
            weekly: None,
        },
    )
}

/// [`heatmap`], with what the days ahead are and, for a weekly practice,
/// its weeks: its squares then count and name weeks ("Partly done, 2
/// weeks: week of Nov 16 (2 of 3 visits), …").
pub(crate) fn heatmap_in(
    id: &str,
    title: &str,
    days: &[Day],
    unit: &str,
    year: Year<'_>,
) -> String {
    let Year {
        through,
        breaks,
        weekly,
    } = year;
    let (through, ahead_words) = match through {
        Some((t, words)) => (Some(t), words),
        None => (None, ""),
    };
    let id = esc(id);
    let pattern = format!("{id}-break");
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return format!(
            r##"<svg class="heatmap" viewBox="0 0 300 30" width="300" role="img" aria-labelledby="{id}-t" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12"><title id="{id}-t">{}: no days yet</title><text x="0" y="20" fill="{MUTED}">No days to show yet.</text></svg>"##,
            esc(title)
        );
    };
    let size = 16.0;
    let gap = 4.0;
    let left = 34.0;
    let top = 20.0;
    let week0 = add_days(
        first.date,
        -i64::from(first.date.weekday().to_monday_zero_offset()),
    )
    .unwrap_or(first.date);
    let through = through.filter(|t| *t > last.date && days_between(last.date, *t) <= 400);
    let end = through.unwrap_or(last.date);
    let weeks = (days_between(week0, end) / 7 + 1).max(1);
    let width = left + weeks as f64 * (size + gap) + 4.0;
    let grid_h = 7.0 * (size + gap);
    let legend_y = top + grid_h + 14.0;
    // The legend wraps to stay within a phone's width, so that none of it
    // is ever scrolled out of sight.
    let legend = legend_layout(left, legend_y, weekly.is_some());
    let legend_rows = legend
        .last()
        .map_or(1.0, |&(_, _, y, _)| (y - legend_y) / 18.0 + 1.0);
    let height = legend_y + 18.0 * legend_rows + 4.0;
    let width = width.max(LEGEND_WIDTH + left);
    // The days ahead are drawn by a pattern of day squares, in up to three
    // rectangles: the rest of the current week, the whole weeks after it,
    // and the year's last week if it ends mid-week.
    let area = through.map(|t| {
        let col = |d: Date| days_between(week0, d) / 7;
        let row = |d: Date| i64::from(d.weekday().to_monday_zero_offset());
        let (now, from) = (col(last.date), row(last.date) + 1);
        let (end_col, end_row) = (col(t), row(t));
        let mut runs = Vec::new();
        if from <= 6 {
            let to = if end_col == now { end_row } else { 6 };
            runs.push([now, from, 1, to - from + 1]);
        }
        let whole_to = if end_row == 6 { end_col } else { end_col - 1 };
        if whole_to > now {
            runs.push([now + 1, 0, whole_to - now, 7]);
        }
        if end_col > now && end_row < 6 {
            runs.push([end_col, 0, 1, end_row + 1]);
        }
        Area {
            x: left,
            y: top,
            size,
            pitch: size + gap,
            runs,
        }
    });
    let ahead = format!("{id}-ahead");
    let mut s = String::with_capacity(days.len() * 20 + 4096);
    let _ = write!(
        s,
        r##"<svg class="heatmap" viewBox="0 0 {:.0} {:.0}" width="{:.0}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11" stroke-linejoin="round"><title id="{id}-t">{}</title><desc id="{id}-d">{} to {}: {}.</desc><defs>{}{}</defs>"##,
        width,
        height,
        width,
        esc(title),
        esc(&dates::medium(first.date)),
        esc(&dates::medium(last.date)),
        esc(&summary(days, weekly.is_some())),
        break_pattern(&pattern, HEAT_PX),
        area.as_ref()
            .map_or(String::new(), |a| a.pattern(&ahead, HEAT_PX)),
    );
    // Weekday and month labels, in one group that gives their colour.
    let mut labels = String::new();
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let _ = write!(
            labels,
            r##"<text x="0" y="{}">{name}</text>"##,
            P(top + row as f64 * (size + gap) + size - 2.0)
        );
    }
    let month_label = |labels: &mut String, x: f64, date: Date| {
        let _ = write!(
            labels,
            r##"<text x="{}" y="{}">{}</text>"##,
            P(x),
            P(top - 6.0),
            dates::month_short(date)
        );
    };
    let mut cells = Cells::new(&id, unit, &pattern, HEAT_PX);
    cells.area = area.map(|a| (a, ahead));
    cells.weekly = weekly;
    cells.ahead = format!("{} {ahead_words}", Kind::Ahead.words(false));
    // Days follow one another: each one's place is counted on from the
    // last one's (date arithmetic for each of a year's days is a large part
    // of a goal page's cost).
    let mut at: Option<(Date, i64)> = None;
    let mut place = |date: Date| {
        let offset = match at {
            Some((prev, offset)) if prev.tomorrow().ok() == Some(date) => offset + 1,
            _ => days_between(week0, date),
        };
        at = Some((date, offset));
        offset
    };
    for (i, day) in days.iter().enumerate() {
        let offset = place(day.date);
        let col = (offset / 7) as f64;
        let row = (offset % 7) as f64;
        let x = left + col * (size + gap);
        let y = top + row * (size + gap);
        // Label a month over the week holding its 1st (and the first week
        // when the year starts early in a month).
        if day.date.day() == 1 || (i == 0 && day.date.day() <= 14) {
            month_label(&mut labels, x, day.date);
        }
        cells.add(Kind::Day(day.status), x, y, size, Some(day));
        // A value recorded on a day that is not scheduled by itself (a
        // weekly practice's Tuesday) gets a dot: it counts toward its week.
        if day.status == DayStatus::Unscheduled && day.value().is_some_and(|v| v > 0.0) {
            cells.add_counted(x, y, size, day);
        }
    }
    // The rest of the year, still ahead.
    if let Some(t) = through {
        let mut next = last.date.tomorrow().ok();
        while let Some(date) = next.filter(|d| *d <= t) {
            next = date.tomorrow().ok();
            let offset = place(date);
            let x = left + (offset / 7) as f64 * (size + gap);
            let y = top + (offset % 7) as f64 * (size + gap);
            if date.day() == 1 {
                month_label(&mut labels, x, date);
            }
            let on_break = breaks.iter().any(|b| b.from <= date && date <= b.to);
            let kind = if on_break {
                Kind::Day(DayStatus::Break)
            } else {
                Kind::Ahead
            };
            cells.add_ahead(kind, x, y, size, date);
        }
    }
    // Legend: a sample square of each kind joins its kind's path.
    let mut legend_text = String::new();
    for (st, x, y, word) in legend {
        cells.add(Kind::Day(st), x, y, 12.0, None);
        let _ = write!(
            legend_text,
            r##"<text x="{}" y="{}">{word}</text>"##,
            P(x + 16.0),
            P(y + 10.0)
        );
    }
    // The breaks that fall in the picture, named in the break tooltip.
    let break_names: Vec<&str> = breaks
        .iter()
        .filter(|b| b.to >= first.date && b.from <= end)
        .map(|b| b.name.as_str())
        .collect();
    let _ = write!(s, r##"<g fill="{MUTED}">{labels}</g>"##);
    cells.finish(&mut s, &break_names);
    let _ = write!(s, r##"<g fill="{INK}">{legend_text}</g></svg>"##);
    s
}

/// How wide the heat-map's legend may run before it wraps: what a phone
/// shows of the heat-map without scrolling.
pub(super) const LEGEND_WIDTH: f64 = 300.0;

/// Where each of the heat-map legend's kinds of day goes: (kind, x, y, word),
/// in rows no wider than [`LEGEND_WIDTH`].
/// `weekly`: the words of a weekly practice's legend ("This week",
/// "Other days").
pub(super) fn legend_layout(
    left: f64,
    top: f64,
    weekly: bool,
) -> Vec<(DayStatus, f64, f64, &'static str)> {
    let mut out = Vec::new();
    let (mut x, mut y) = (left, top);
    for (st, word) in [
        (DayStatus::Hit, "Done"),
        (DayStatus::Partial, "Partly"),
        (DayStatus::Miss, "Missed"),
        (DayStatus::Skip, "Skipped"),
        (
            DayStatus::Pending,
            if weekly { "This week" } else { "Today" },
        ),
        (DayStatus::Break, "Break"),
        (
            DayStatus::Unscheduled,
            if weekly {
                "Other days"
            } else {
                "Not scheduled"
            },
        ),
    ] {
        let w = 16.0 + word.len() as f64 * 6.2;
        if x > left && x + w > left + LEGEND_WIDTH {
            x = left;
            y += 18.0;
        }
        out.push((st, x, y, word));
        x += w + 16.0;
    }
    out
}

/// The last `n` days as a strip of squares (the dashboard's 14-day view).
/// Like the heat-map, one path per kind of day; with so few days, each
/// kind's tooltip names its days (and a partly done day's value).
pub(crate) fn strip(id: &str, title: &str, days: &[Day], unit: &str) -> String {
    strip_in(id, title, days, unit, None)
}

/// [`strip`], for a weekly practice with its weeks: its squares then
/// count and name weeks, as on the heat-map.
pub(crate) fn strip_in(
    id: &str,
    title: &str,
    days: &[Day],
    unit: &str,
    weekly: Option<Weekly<'_>>,
) -> String {
    let id = esc(id);
    let pattern = format!("{id}-break");
    let size = 14.0;
    let gap = 3.0;
    let width = (days.len().max(1) as f64) * (size + gap) - gap + 2.0;
    let mut s = String::with_capacity(days.len() * 40 + 1024);
    let _ = write!(
        s,
        r##"<svg class="strip" viewBox="0 0 {width:.0} {h:.0}" width="{width:.0}" height="{h:.0}" role="img" aria-labelledby="{id}-t" xmlns="http://www.w3.org/2000/svg" stroke-linejoin="round"><title id="{id}-t">{}: {}</title>{}"##,
        esc(title),
        esc(&summary(days, weekly.is_some())),
        // Only a strip that shows a break needs its hatching.
        if days.iter().any(|d| d.status == DayStatus::Break) {
            format!("<defs>{}</defs>", break_pattern(&pattern, 1.0))
        } else {
            String::new()
        },
        h = size + 2.0
    );
    let mut cells = Cells::new(&id, unit, &pattern, 1.0);
    cells.weekly = weekly;
    for (i, day) in days.iter().enumerate() {
        let x = 1.0 + i as f64 * (size + gap);
        cells.add(Kind::Day(day.status), x, 1.0, size, Some(day));
    }
    cells.finish(&mut s, &[]);
    s.push_str("</svg>");
    s
}

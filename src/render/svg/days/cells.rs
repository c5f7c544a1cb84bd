//! Day squares gathered by kind into a handful of paths: each kind's fill,
//! edge and tooltip, the days still ahead drawn by a pattern, and the
//! hatching of a break. One concern (drawing the squares of a heat-map or
//! a strip), a little over 500 lines: its pen is `pen.rs`, its words and
//! its layout are the pictures' (`mod.rs`).

use super::pen::Pen;
use super::*;

/// Days named one by one in a layer's tooltip, up to this many; past it
/// the tooltip gives only the count.
const LISTED: usize = 14;

/// What a square shows: a day's status, or a day of the year still ahead.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    pub(super) fn words(self, weekly: bool) -> &'static str {
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
    pub(super) fn is_week(self) -> bool {
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
pub(super) struct Area {
    /// The top-left corner of the grid's first square: the pattern's tiles
    /// start half a gap up and left of it, so every tile's square is a cell.
    pub(super) x: f64,
    pub(super) y: f64,
    /// The side of a day square and the grid's pitch.
    pub(super) size: f64,
    pub(super) pitch: f64,
    /// The rectangles, in cells: `[column, row, columns, rows]`.
    pub(super) runs: Vec<[i64; 4]>,
}

impl Area {
    /// The margin around a square in its tile: half the gap.
    fn margin(&self) -> f64 {
        (self.pitch - self.size) / 2.0
    }

    /// Whether the square with top-left `x`,`y` is one of its cells.
    fn holds(&self, x: f64, y: f64) -> bool {
        let col = round((x - self.x) / self.pitch) as i64;
        let row = round((y - self.y) / self.pitch) as i64;
        self.runs
            .iter()
            .any(|&[c, r, cols, rows]| (c..c + cols).contains(&col) && (r..r + rows).contains(&row))
    }

    /// The pattern `id`, in units of `px` pixels. Its square is a `<rect
    /// rx>` with a 1px edge: the same shape as a day square drawn with an
    /// edge (see `Cells`), in the colours of a day ahead.
    pub(super) fn pattern(&self, id: &str, px: f64) -> String {
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
pub(super) struct Cells<'a> {
    id: &'a str,
    unit: &'a str,
    pattern: &'a str,
    /// Pixels per path unit.
    px: f64,
    layers: [Layer; 8],
    /// Dots on unscheduled days whose entry counts toward its week.
    counted: Layer,
    /// The days ahead, drawn by a pattern, and the pattern's id.
    pub(super) area: Option<(Area, String)>,
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
    pub(super) weekly: Option<Weekly<'a>>,
    /// What the days ahead are: "days still ahead in this school year".
    pub(super) ahead: String,
}

impl<'a> Cells<'a> {
    pub(super) fn new(id: &'a str, unit: &'a str, pattern: &'a str, px: f64) -> Self {
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
    pub(super) fn add(&mut self, kind: Kind, x: f64, y: f64, size: f64, day: Option<&Day>) {
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
    pub(super) fn add_ahead(&mut self, kind: Kind, x: f64, y: f64, size: f64, date: Date) {
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
    pub(super) fn add_counted(&mut self, x: f64, y: f64, size: f64, day: &Day) {
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
    pub(super) fn finish(&self, s: &mut String, break_names: &[&str]) {
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
pub(super) fn break_pattern(id: &str, px: f64) -> String {
    let scale = if px == 1.0 {
        String::new()
    } else {
        format!(" scale({})", 1.0 / px)
    };
    format!(
        r##"<pattern id="{id}" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45){scale}"><rect width="4" height="4" fill="{BREAK}"/><path d="M0 0v4" stroke="{BREAK_STRIPE}" stroke-width="1.5"/></pattern>"##
    )
}

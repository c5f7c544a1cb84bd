//! Text written short, shared by the SVG pictures, the words and the
//! templates: escaping for HTML and SVG, numbers to a tenth, percentages,
//! a value with its unit. Pure functions, no vocabulary beyond a unit's
//! singular.

/// Escapes text for SVG/HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = esc_into(&mut out, text);
    out
}

/// Writes `text` escaped as [`esc`] does, in runs between the characters
/// that need it (most text has none: one write, no copy).
pub(crate) fn esc_into<W: std::fmt::Write + ?Sized>(out: &mut W, text: &str) -> std::fmt::Result {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is on a character boundary.
        out.write_str(&text[from..i])?;
        out.write_str(entity)?;
        from = i + 1;
    }
    out.write_str(&text[from..])
}

/// A number the way a report shows it: no trailing `.0`, at most one decimal.
pub(crate) fn num(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    if value.abs() >= 1e15 {
        // Past what tenths can show: "1e308".
        return format!("{value:e}");
    }
    let mut out = String::with_capacity(8);
    let _ = tenths(&mut out, value, true);
    out
}

/// "71%" for 0.71.
pub(crate) fn pct(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".to_string();
    }
    format!("{}%", (fraction * 100.0).round() as i64)
}

pub(super) fn f(x: f64) -> String {
    F1(x).to_string()
}

/// A coordinate with one decimal, formatted with integer arithmetic (the
/// standard library's exact float formatting is slow, and a heat-map has
/// thousands of cells).
#[derive(Clone, Copy)]
struct F1(f64);

impl std::fmt::Display for F1 {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        tenths(out, self.0, false)
    }
}

/// `value` to a tenth (with the `.0` dropped when `trim`), as [`F1`] and
/// [`P`] write it; past what tenths can show, as the standard library does.
pub(super) fn tenths<W: std::fmt::Write + ?Sized>(
    out: &mut W,
    value: f64,
    trim: bool,
) -> std::fmt::Result {
    let scaled = round(value * 10.0);
    if !scaled.is_finite() || scaled.abs() > 1e15 {
        return write!(out, "{value:.1}");
    }
    fixed(out, scaled as i64, 1, trim)
}

/// `x.round()` (halves away from zero), without a call into the maths
/// library: the pictures round millions of coordinates.
pub(crate) fn round(x: f64) -> f64 {
    // Past 2^52 every float is a whole number (or not a number at all).
    if x.is_nan() || x.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    // Both exact below 2^52: the whole part, then what is left of it.
    let whole = x as i64;
    let rest = x - whole as f64;
    let rounded = match rest {
        r if r >= 0.5 => whole + 1,
        r if r <= -0.5 => whole - 1,
        _ => whole,
    };
    // `-0.3` rounds to `-0.0`, as `f64::round` has it.
    (rounded as f64).copysign(x)
}

/// `value` with one decimal, exactly as `format!("{value:.1}")` writes it
/// (which rounds the float's exact binary value, a tie to even): with
/// integer arithmetic where the value is not within a millionth of a tie,
/// else by the standard library (its exact formatting is slow, and a
/// chart has hundreds of coordinates). [`F1`] rounds the decimal value
/// instead (`1.25` → `1.3`): what [`f`] writes, for the pictures' other
/// coordinates.
#[derive(Clone, Copy)]
pub(crate) struct D1(pub(crate) f64);

impl std::fmt::Display for D1 {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scaled = self.0 * 10.0;
        // Below 1e9 the product is off by far less than a millionth.
        if scaled.abs() < 1e9 {
            let rest = (scaled - (scaled as i64) as f64).abs();
            if (rest - 0.5).abs() > 1e-6 {
                let rounded = round(scaled) as i64;
                if rounded == 0 && self.0.is_sign_negative() {
                    return out.write_str("-0.0");
                }
                return fixed(out, rounded, 1, false);
            }
        }
        write!(out, "{:.1}", self.0)
    }
}

/// Writes `scaled` / 10^`places` with `places` decimals (at most a few),
/// or with trailing zeros dropped (and the point with them) when `trim`.
/// Integer arithmetic and `itoa`: a page has hundreds of coordinates, and
/// the formatting machinery costs more than the chart's arithmetic.
fn fixed<W: std::fmt::Write + ?Sized>(
    out: &mut W,
    scaled: i64,
    mut places: u32,
    trim: bool,
) -> std::fmt::Result {
    if scaled < 0 {
        out.write_char('-')?;
    }
    let magnitude = scaled.unsigned_abs();
    let unit = 10u64.pow(places);
    let (whole, mut frac) = (magnitude / unit, magnitude % unit);
    let mut buf = itoa::Buffer::new();
    out.write_str(buf.format(whole))?;
    if trim {
        while places > 0 && frac % 10 == 0 {
            frac /= 10;
            places -= 1;
        }
    }
    if places == 0 {
        return Ok(());
    }
    out.write_char('.')?;
    let digits = buf.format(frac);
    for _ in digits.len()..places as usize {
        out.write_char('0')?;
    }
    out.write_str(digits)
}

/// A value with its unit: `3 visits`, `71%`, `4`.
pub(crate) fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        "" => num(value),
        "%" => format!("{}%", num(value)),
        u if value == 1.0 => format!("1 {}", singular(u)),
        u => format!("{} {u}", num(value)),
    }
}

/// A coordinate as short as it can be written: `36`, `36.5`.
#[derive(Clone, Copy)]
pub(super) struct P(pub(super) f64);

impl std::fmt::Display for P {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        tenths(out, self.0, true)
    }
}

/// "1 lesson", not "1 lessons": the singular of an English plural unit
/// (lessons, classes, lunches, boxes); other words as they are.
pub(crate) fn singular(unit: &str) -> &str {
    for ending in ["sses", "ches", "shes", "xes"] {
        if unit.ends_with(ending) {
            return &unit[..unit.len() - 2];
        }
    }
    match unit.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') && !stem.ends_with('u') => stem,
        _ => unit,
    }
}

/// A length to a hundredth, as short as it can be written: `1`, `1.25`,
/// `0.5` (a stroke width under `scale(4)` needs the second decimal).
#[derive(Clone, Copy)]
pub(super) struct P2(pub(super) f64);

impl std::fmt::Display for P2 {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hundredths = round(self.0 * 100.0);
        if !hundredths.is_finite() || hundredths.abs() > 1e15 {
            return write!(out, "{:.2}", self.0);
        }
        fixed(out, hundredths as i64, 2, true)
    }
}

#[cfg(test)]
mod tests {
    use super::{num, round, D1, F1, P, P2};

    #[test]
    fn short_numbers_drop_what_they_do_not_need() {
        let p: Vec<String> = [36.0, 5.5, -20.0, -0.5, 0.04, 181.24]
            .iter()
            .map(|x| P(*x).to_string())
            .collect();
        assert_eq!(p, ["36", "5.5", "-20", "-0.5", "0", "181.2"]);
        let p2: Vec<String> = [1.25, 0.75, 1.0, 0.5, 0.35, 0.88, -1.76, 0.004]
            .iter()
            .map(|x| P2(*x).to_string())
            .collect();
        assert_eq!(
            p2,
            ["1.25", "0.75", "1", "0.5", "0.35", "0.88", "-1.76", "0"]
        );
    }

    #[test]
    fn rounding_without_the_maths_library_is_rounding() {
        let mut x = -1000.0f64;
        while x < 1000.0 {
            for v in [x, x + 0.5, x - 0.5, x + 1e-12, x + 0.5 - 1e-12] {
                let (ours, std) = (round(v), v.round());
                assert_eq!(ours.to_bits(), std.to_bits(), "{v}");
            }
            x += 0.37;
        }
        for v in [
            0.0,
            -0.0,
            -0.3,
            0.49999999999999994,
            4.5e15,
            -1e300,
            f64::INFINITY,
        ] {
            assert_eq!(round(v).to_bits(), v.round().to_bits(), "{v}");
        }
        assert!(round(f64::NAN).is_nan());
    }

    #[test]
    fn one_decimal_exactly_as_the_standard_formatter() {
        // Ties of the binary value (1.25), values just under one (0.15 is
        // 0.1499…), negative zeros, and the way past a tenth.
        let mut values = vec![1.25, 0.15, 0.05, -0.04, -0.0, 0.0, 2.675, 1e9, 1e16, -7.35];
        values.extend((-3000..3000).map(|i| f64::from(i) * 0.05 + 0.0125 * f64::from(i % 3)));
        values.extend((0..2000).map(|i| f64::from(i) * 0.123_456_7));
        for v in values {
            assert_eq!(D1(v).to_string(), format!("{v:.1}"), "{v}");
        }
        assert_eq!(D1(f64::NAN).to_string(), "NaN");
    }

    #[test]
    fn one_decimal_like_the_standard_formatter() {
        for x in [0.0, 0.04, 0.05, 1.25, 12.34, -3.26, 99.96, 1234.5] {
            let ours = F1(x).to_string();
            let std = format!("{:.1}", (x * 10.0f64).round() / 10.0);
            assert_eq!(ours, std, "{x}");
        }
    }

    #[test]
    fn coordinates_are_written_as_the_standard_library_would() {
        for (v, f1, p, p2) in [
            (146.0, "146.0", "146", "146"),
            (62.24, "62.2", "62.2", "62.24"),
            (0.05, "0.1", "0.1", "0.05"),
            (-0.3, "-0.3", "-0.3", "-0.3"),
            (-12.0, "-12.0", "-12", "-12"),
            (-0.04, "0.0", "0", "-0.04"),
            (1.25, "1.3", "1.3", "1.25"),
            (
                1e16,
                "10000000000000000.0",
                "10000000000000000.0",
                "10000000000000000.00",
            ),
            (f64::NAN, "NaN", "NaN", "NaN"),
        ] {
            assert_eq!(F1(v).to_string(), f1, "F1({v})");
            assert_eq!(P(v).to_string(), p, "P({v})");
            assert_eq!(P2(v).to_string(), p2, "P2({v})");
        }
        assert_eq!(
            [146.0, 62.24, -0.04, 1.25, 1e16, f64::NAN].map(num),
            ["146", "62.2", "0", "1.3", "1e16", "–"]
        );
        // Wherever the standard library has no tie to break, the same text.
        for i in -2000..2000 {
            let v = f64::from(i) * 0.37 + 0.013;
            let rounded = (v * 10.0).round() / 10.0;
            let by_std = match (rounded - rounded.round()).abs() < 1e-9 {
                true => format!("{}", rounded.round() as i64),
                false => format!("{rounded:.1}"),
            };
            assert_eq!(num(v), by_std, "{v}");
            assert_eq!(F1(v).to_string(), format!("{v:.1}"), "{v}");
            assert_eq!(
                P2(v).to_string().parse::<f64>().ok(),
                format!("{v:.2}").parse().ok()
            );
        }
    }
}

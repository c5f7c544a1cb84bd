//! The mapping file (`--map MAP.yml`, FORMAT §13): which column holds the
//! date, the value and the number of students, and which goal a row feeds.
//! Read with the same [`Reader`] as goal files, so every mistake is a
//! diagnostic at its line and column.

use crate::diagnostics::{suggest, Diagnostic, Location, Pos};
use crate::model::fields::Reader;
use crate::model::locate::KeyIndex;
use crate::yaml::{self, Value};

/// The fields a mapping may have.
const FIELDS: &[&str] = &["date", "value", "goal", "count", "min_group"];

/// Rows about fewer students than this are skipped (FORMAT §13).
pub(crate) const MIN_GROUP: u32 = 10;

/// A mapping file, read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mapping {
    pub(crate) date: Column,
    pub(crate) value: Column,
    pub(crate) goal: GoalRule,
    pub(crate) count: Option<Column>,
    pub(crate) min_group: u32,
}

/// A column named in the mapping, and where it is named.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) at: Location,
}

/// Which goal a row feeds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GoalRule {
    /// `goal: "{School}-{Subject}-proficiency"`: text, with each `{Column}`
    /// replaced by that row's value written as an id (see [`id_part`]).
    Template {
        parts: Vec<Part>,
        /// Each `{Column}` of `parts`, where the template names it.
        columns: Vec<Column>,
    },
    /// `goal: {column: Goal}`: the column holds the id itself.
    Column(Column),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    Text(String),
    Column(String),
}

impl Mapping {
    /// The columns a template uses, each with the template's place.
    pub(crate) fn template_columns(&self) -> Vec<Column> {
        match &self.goal {
            GoalRule::Template { columns, .. } => columns.clone(),
            GoalRule::Column(_) => Vec::new(),
        }
    }
}

/// A value of a row as part of a goal id: the way goal ids are written
/// (FORMAT §2, file names): lower case, letters and digits kept, every
/// other run of characters one `-` (`Lincoln Elementary` →
/// `lincoln-elementary`, `Grade 3` → `grade-3`).
pub(crate) fn id_part(value: &str) -> String {
    crate::model::settings::slug(value)
}

/// Reads the mapping file `file` (named as in messages) from `bytes`.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Mapping, Vec<Diagnostic>> {
    let start = Location::new(file, Pos::new(1, 1));
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t
            .strip_prefix('\u{feff}')
            .unwrap_or(t)
            .replace("\r\n", "\n"),
        Err(_) => {
            return Err(vec![Diagnostic::error(
                "invalid-utf8",
                &start,
                "the mapping file is not valid UTF-8 text",
            )
            .with_hint("save it as UTF-8")])
        }
    };
    let map = match yaml::parse(&text) {
        Ok(Value::Map(m)) => m,
        Ok(other) => {
            return Err(vec![Diagnostic::error(
                "frontmatter-not-mapping",
                &start,
                format!(
                    "the mapping file is {}, but it should be `field: column` lines",
                    other.type_name()
                ),
            )
            .with_hint(
                "e.g. `date: Test Date`, `value: Percent Proficient`, `goal: \"{School}-math\"`",
            )])
        }
        Err(e) => {
            let at = Location::new(file, e.pos);
            return Err(vec![Diagnostic::error(
                "yaml-syntax",
                &at,
                format!("the mapping file is not valid YAML: {}", e.message),
            )
            .with_hint(e.hint(&text))
            .with_width(e.width)]);
        }
    };
    let mut r = Reader::new(file, KeyIndex::new(&text, 1));
    r.unknown_fields(&[], &map, FIELDS, &|_| None);
    let get = |key: &str| map.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let column = |r: &mut Reader, key: &str| -> Option<Column> {
        let v = get(key)?;
        let name = r.text(&[key], v)?.trim().to_string();
        if name.is_empty() {
            r.value_error(
                "invalid-value",
                &[key],
                format!("`{key}` should name a column of the export"),
                "write the column's name as the header row has it",
            );
            return None;
        }
        Some(Column {
            name,
            at: r.at(&[key]),
        })
    };
    let missing = |r: &mut Reader, key: &str, example: &str| {
        let d = Diagnostic::error(
            "missing-field",
            &r.at_pos(r.keys.opening()),
            format!("the mapping has no `{key}:`"),
        )
        .with_hint(format!("add e.g. `{key}: {example}`"));
        r.diagnostics.push(d);
    };
    let date = column(&mut r, "date");
    if get("date").is_none() {
        missing(&mut r, "date", "Test Date");
    }
    let value = column(&mut r, "value");
    if get("value").is_none() {
        missing(&mut r, "value", "Percent Proficient");
    }
    let count = column(&mut r, "count");
    let goal = match get("goal") {
        None => {
            missing(&mut r, "goal", "\"{School}-{Subject}-proficiency\"");
            None
        }
        Some(Value::Map(m)) => {
            r.unknown_fields(&["goal"], m, &["column"], &|_| None);
            match m.iter().find(|(k, _)| k == "column") {
                Some((_, v)) => r.text(&["goal", "column"], v).map(|name| {
                    GoalRule::Column(Column {
                        name: name.trim().to_string(),
                        at: r.at(&["goal", "column"]),
                    })
                }),
                None => {
                    r.value_error(
                        "missing-field",
                        &["goal"],
                        "`goal:` as a mapping names the column that holds the id: `{column: NAME}`"
                            .into(),
                        "e.g. `goal: {column: Goal}`",
                    );
                    None
                }
            }
        }
        Some(v) => r.text(&["goal"], v).and_then(|t| match template(&t) {
            Ok(parts) => {
                let columns = parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::Column(name) => Some(Column {
                            name: name.clone(),
                            at: r.at_pos(r.keys.find_text(&["goal"], &format!("{{{name}"))),
                        }),
                        Part::Text(_) => None,
                    })
                    .collect();
                Some(GoalRule::Template { parts, columns })
            }
            Err(why) => {
                r.value_error(
                    "invalid-value",
                    &["goal"],
                    why.message(&t),
                    "columns go in braces: `\"{School}-{Subject}-proficiency\"`",
                );
                None
            }
        }),
    };
    let min_group = match get("min_group") {
        None => Some(MIN_GROUP),
        Some(v) => match r.number(&["min_group"], v) {
            Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Some(n as u32),
            Some(_) => {
                r.value_error(
                    "invalid-value",
                    &["min_group"],
                    "`min_group` must be a whole number of students, 1 or more".into(),
                    "e.g. `min_group: 10` (the default)",
                );
                None
            }
            None => None,
        },
    };
    if count.is_none() && get("min_group").is_some() && get("count").is_none() {
        r.value_error(
            "missing-field",
            &["min_group"],
            "`min_group` needs `count:`, the column with the number of students behind each row"
                .into(),
            "e.g. `count: Students Tested`",
        );
    }
    match (date, value, goal, min_group, r.diagnostics.is_empty()) {
        (Some(date), Some(value), Some(goal), Some(min_group), true) => Ok(Mapping {
            date,
            value,
            goal,
            count,
            min_group,
        }),
        _ => Err(r.diagnostics),
    }
}

/// What is wrong with a goal template (shown with the template).
#[derive(Debug, Clone, Copy, PartialEq)]
enum TemplateError {
    CloseWithoutOpen,
    NeverClosed,
    EmptyOrNested,
    NoColumn,
}

impl TemplateError {
    fn message(self, t: &str) -> String {
        match self {
            TemplateError::CloseWithoutOpen => format!("`{t}` has a `}}` with no `{{` before it"),
            TemplateError::NeverClosed => format!("`{t}` has a `{{` that is never closed"),
            TemplateError::EmptyOrNested => format!("`{t}` has an empty or nested `{{…}}`"),
            TemplateError::NoColumn => format!(
                "`{t}` names no column, so every row would feed the same goal; put a column in braces, or use `goal: {{column: NAME}}`"
            ),
        }
    }
}

/// Splits a goal template into text and `{Column}` parts.
fn template(t: &str) -> Result<Vec<Part>, TemplateError> {
    let mut parts = Vec::new();
    let mut rest = t.trim();
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                parts.push(Part::Text(rest.to_string()));
                break;
            }
            Some(i) if rest[i..].starts_with('}') => return Err(TemplateError::CloseWithoutOpen),
            Some(i) => {
                if i > 0 {
                    parts.push(Part::Text(rest[..i].to_string()));
                }
                let Some(end) = rest[i..].find('}') else {
                    return Err(TemplateError::NeverClosed);
                };
                let name = rest[i + 1..i + end].trim();
                if name.is_empty() || name.contains('{') {
                    return Err(TemplateError::EmptyOrNested);
                }
                parts.push(Part::Column(name.to_string()));
                rest = &rest[i + end + 1..];
            }
        }
    }
    if !parts.iter().any(|p| matches!(p, Part::Column(_))) {
        return Err(TemplateError::NoColumn);
    }
    Ok(parts)
}

/// A column of the mapping that the header does not have, as a
/// diagnostic at the place that names it (with the closest header name).
pub(crate) fn not_in_header(
    col: &Column,
    csv: &str,
    header_line: u64,
    header: &[String],
) -> Diagnostic {
    let hint = match suggest(&col.name, header.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the columns are: {}", header.join(", ")),
    };
    Diagnostic::error(
        "unknown-column",
        &col.at,
        format!(
            "`{}` is not a column of {csv} (its header is line {header_line})",
            col.name
        ),
    )
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_mapping() {
        let m = parse(
            "map.yml",
            b"date: Test Date\nvalue: Percent Proficient\ngoal: \"{School}-{Subject}-proficiency\"\ncount: Students Tested\nmin_group: 20\n",
        )
        .expect("mapping");
        assert_eq!(m.date.name, "Test Date");
        assert_eq!(
            m.count.as_ref().map(|c| c.name.as_str()),
            Some("Students Tested")
        );
        assert_eq!(m.min_group, 20);
        let GoalRule::Template { parts, columns } = &m.goal else {
            panic!("a template")
        };
        assert_eq!(
            parts,
            &[
                Part::Column("School".into()),
                Part::Text("-".into()),
                Part::Column("Subject".into()),
                Part::Text("-proficiency".into()),
            ]
        );
        // Each column where the template names it (the `{`).
        let at: Vec<(u32, u32)> = columns.iter().map(|c| (c.at.line, c.at.column)).collect();
        assert_eq!(at, [(3, 8), (3, 17)]);
    }

    #[test]
    fn mistakes_are_diagnostics_at_their_line() {
        let errs = parse(
            "map.yml",
            b"date: Test Date\nvalu: Score\ngoal: \"{School-math\"\nmin_group: 0\ncount: N\n",
        )
        .expect_err("refused");
        let got: Vec<(u32, &str)> = errs.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(
            got,
            [
                (2, "unknown-field"),
                (1, "missing-field"),
                (3, "invalid-value"),
                (4, "invalid-value"),
            ]
        );
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `value`?"));
    }

    #[test]
    fn ids_are_written_as_goal_ids() {
        assert_eq!(id_part(" Lincoln Elementary "), "lincoln-elementary");
        assert_eq!(id_part("Grade 3 (ELA)"), "grade-3-ela");
    }
}

//! Reading an assessment platform's CSV export as it comes: UTF-8 with or
//! without a byte-order mark, UTF-16 with one, else Windows-1252; `,`, `;`
//! or tab between fields; quoted fields; and the header row found below
//! any title lines ("District Report, Fall 2026").

use csv::ReaderBuilder;

/// How many records from the top are searched for the header row.
const HEADER_WITHIN: usize = 20;

/// The separators tried, in the order they win a tie.
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// A CSV file as a header and rows of text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// How the bytes were read: `UTF-8`, `windows-1252`, …
    pub(crate) encoding: &'static str,
    pub(crate) separator: u8,
    /// The header's line in the file (from 1) and its column names, trimmed.
    pub(crate) header_line: u64,
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Row>,
}

/// One record after the header.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The line the record starts on (from 1).
    pub(crate) line: u64,
    pub(crate) fields: Vec<String>,
}

impl Row {
    /// The trimmed field in column `i` (empty when the row is short).
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.trim())
    }
}

/// Why a CSV file has no table to read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ReadError {
    /// No record in the first lines names every `wanted` column.
    NoHeader {
        wanted: Vec<String>,
    },
    /// A column that holds data about individual students (FORMAT §13):
    /// the column's name and where the header is. No value is kept.
    StudentLevel {
        line: u64,
        column: usize,
        name: String,
    },
    Csv(String),
}

/// Decodes `bytes`: a byte-order mark decides (UTF-8, UTF-16), else valid
/// UTF-8 is UTF-8, else the bytes are Windows-1252 (what spreadsheet
/// programs on Windows save as "CSV").
pub(crate) fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), "windows-1252")
        }
    }
}

/// A column name as compared: lower case, without spaces, `_`, `-`, `.`
/// (`Student ID`, `student_id` and `StudentID` are the same column).
pub(crate) fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Column names that mean a row is about one student (normalized).
const STUDENT_LEVEL: &[&str] = &[
    "student",
    "studentid",
    "studentname",
    "studentnumber",
    "studentemail",
    "firstname",
    "lastname",
    "dob",
    "dateofbirth",
    "birthdate",
    "email",
    "emailaddress",
];

/// Whether a column named `name` holds data about individual students.
pub(crate) fn is_student_level(name: &str) -> bool {
    STUDENT_LEVEL.contains(&normalized(name).as_str())
}

/// Reads `bytes` into a table whose header names every column in
/// `wanted`; refuses a file with a student-level column anywhere in its
/// first lines, whatever the separator.
pub(crate) fn table(bytes: &[u8], wanted: &[&str]) -> Result<Table, ReadError> {
    let (text, encoding) = decode(bytes);
    let wanted_n: Vec<String> = wanted.iter().map(|w| normalized(w)).collect();
    let mut found = None;
    for sep in SEPARATORS {
        let records = records(&text, sep, Some(HEADER_WITHIN))?;
        for (line, fields) in &records {
            if let Some(column) = fields.iter().position(|f| is_student_level(f)) {
                return Err(ReadError::StudentLevel {
                    line: *line,
                    column: column + 1,
                    name: fields[column].trim().to_string(),
                });
            }
        }
        if found.is_some() {
            continue;
        }
        let names = |fields: &Vec<String>| {
            let have: Vec<String> = fields.iter().map(|f| normalized(f)).collect();
            wanted_n.iter().all(|w| have.contains(w))
        };
        if let Some(i) = records.iter().position(|(_, f)| names(f)) {
            found = Some((sep, i));
        }
    }
    let Some((separator, at)) = found else {
        return Err(ReadError::NoHeader {
            wanted: wanted.iter().map(|w| w.to_string()).collect(),
        });
    };
    let mut all = records(&text, separator, None)?.into_iter().skip(at);
    let (header_line, header) = all.next().unwrap_or_default();
    let rows = all
        .filter(|(_, f)| f.iter().any(|v| !v.trim().is_empty()))
        .map(|(line, fields)| Row { line, fields })
        .collect();
    Ok(Table {
        encoding,
        separator,
        header_line,
        header: header.into_iter().map(|h| h.trim().to_string()).collect(),
        rows,
    })
}

/// The records of `text` split at `sep` (each with its line), the first
/// `limit` of them when given; a record may have any number of fields.
fn records(
    text: &str,
    sep: u8,
    limit: Option<usize>,
) -> Result<Vec<(u64, Vec<String>)>, ReadError> {
    let mut reader = ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    // Lines counted from byte offsets (the reader does not count blank lines).
    let (mut line, mut counted) = (1u64, 0usize);
    for record in reader.records() {
        if limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        let record = record.map_err(|e| ReadError::Csv(e.to_string()))?;
        // The record's position is where the reader started, before any
        // blank lines it skipped.
        let mut byte = record.position().map_or(counted, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        let seen = text.as_bytes().get(counted..byte).unwrap_or_default();
        line += seen.iter().filter(|b| **b == b'\n').count() as u64;
        counted = byte.max(counted);
        out.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(out)
}

/// Whether a cell is one an assessment platform suppressed to protect a
/// small group (FORMAT §13): only asterisks (`*`, `**`), or a bound in
/// place of the figure (`<10`, `n<10`, `≤5%`, `>95%`, `>=95`) — a result
/// near 0 or 100% of a small group tells who scored what. The row is
/// skipped and counted, never written and never refused.
pub fn suppressed(text: &str) -> bool {
    let t = text.trim();
    if !t.is_empty() && t.chars().all(|c| c == '*') {
        return true;
    }
    let t = t
        .strip_prefix(['n', 'N'])
        .map_or(t, str::trim_start)
        .trim_start();
    let bound = ["<=", ">=", "<", ">", "≤", "≥"]
        .iter()
        .find_map(|b| t.strip_prefix(b));
    bound.is_some_and(|rest| {
        let rest = rest.trim();
        let rest = rest.strip_suffix('%').unwrap_or(rest).trim_end();
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
    })
}

/// A number as exports write it: `72`, `72.5`, `72%`, `72.5 %`, and with a
/// decimal comma (`72,5`) when fields are separated by `;`.
pub(crate) fn number(text: &str, separator: u8) -> Option<f64> {
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    let t = match separator {
        b';' if t.matches(',').count() == 1 && !t.contains('.') => t.replace(',', "."),
        _ => t.to_string(),
    };
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A date as exports write it: `2026-09-15`, `9/15/2026` (month first, as
/// US platforms write it) or `15.9.2026` (day first). A time after the
/// date (`9/15/2026 0:00`) is left out.
pub fn date(text: &str) -> Option<crate::Date> {
    let t = text.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let parts = |sep: char| -> Option<(i16, i8, i8)> {
        let p: Vec<&str> = t.split(sep).collect();
        if p.len() != 3
            || p.iter()
                .any(|x| x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        match sep {
            '-' if p[0].len() == 4 => {
                Some((p[0].parse().ok()?, p[1].parse().ok()?, p[2].parse().ok()?))
            }
            '/' if p[2].len() == 4 => {
                Some((p[2].parse().ok()?, p[0].parse().ok()?, p[1].parse().ok()?))
            }
            '.' if p[2].len() == 4 => {
                Some((p[2].parse().ok()?, p[1].parse().ok()?, p[0].parse().ok()?))
            }
            _ => None,
        }
    };
    let (y, m, d) = parts('-').or_else(|| parts('/')).or_else(|| parts('.'))?;
    crate::Date::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_level_columns_in_any_case_and_spacing() {
        for name in [
            "Student",
            "Student ID",
            "student_id",
            "StudentID",
            "first name",
            "FIRST_NAME",
            "Last Name",
            "DOB",
            "d.o.b.",
            "Email",
            "e-mail",
            " Student Id ",
        ] {
            assert!(is_student_level(name), "{name}");
        }
        for name in [
            "Students Tested",
            "Student Count",
            "School",
            "Percent Proficient",
        ] {
            assert!(!is_student_level(name), "{name}");
        }
    }

    #[test]
    fn numbers_as_exports_write_them() {
        assert_eq!(number("72", b','), Some(72.0));
        assert_eq!(number(" 72.5 % ", b','), Some(72.5));
        assert_eq!(number("72,5", b';'), Some(72.5));
        assert_eq!(number("72,5", b','), None);
        assert_eq!(number("1,234.5", b';'), None);
        assert_eq!(number("*", b','), None);
        assert_eq!(number("", b','), None);
        assert_eq!(number("n<10", b','), None);
    }

    #[test]
    fn cells_a_platform_suppressed() {
        for cell in [
            "*", " ** ", "<10", "n<10", "N < 10", "≤5%", ">95%", ">= 95 %", "<5,5",
        ] {
            assert!(suppressed(cell), "{cell}");
        }
        for cell in ["", "72", "n", "<", "<ten", "n/a", "-", "*5", "10<", "no"] {
            assert!(!suppressed(cell), "{cell}");
        }
    }

    #[test]
    fn dates_in_three_layouts() {
        let d = |s: &str| date(s).map(|d| d.to_string());
        assert_eq!(d("2026-09-15").as_deref(), Some("2026-09-15"));
        assert_eq!(d("9/15/2026").as_deref(), Some("2026-09-15"));
        assert_eq!(d("9/15/2026 0:00").as_deref(), Some("2026-09-15"));
        assert_eq!(d("15.9.2026").as_deref(), Some("2026-09-15"));
        assert_eq!(d("15/9/2026"), None);
        assert_eq!(d("2026/09/15"), None);
        assert_eq!(d("Fall 2026"), None);
    }

    #[test]
    fn header_below_a_title_with_semicolons_and_a_bom() {
        let text = "\u{feff}District Report, Fall 2026\n\nSchool;Score\n\"Lincoln; North\";72,5\n";
        let t = table(text.as_bytes(), &["school", "SCORE"]).expect("table");
        assert_eq!((t.separator, t.header_line, t.encoding), (b';', 3, "UTF-8"));
        assert_eq!(t.rows.len(), 1);
        assert_eq!((t.rows[0].line, t.rows[0].get(0)), (4, "Lincoln; North"));
    }

    #[test]
    fn windows_1252_bytes_are_decoded() {
        let bytes = b"Escuela,Puntuaci\xf3n\nCaf\xe9,72\n";
        let t = table(bytes, &["Puntuación"]).expect("table");
        assert_eq!(t.encoding, "windows-1252");
        assert_eq!(t.rows[0].get(0), "Café");
    }
}

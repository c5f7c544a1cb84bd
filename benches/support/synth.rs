//! Generates large synthetic goals repositories for benchmarks: purposes,
//! progress goals with measurements, practices with daily logs, and
//! scorecards, spread over folders, deterministic for a given size.

use std::fmt::Write;
use std::path::Path;

pub struct Size {
    pub goals: usize,
    /// Days of practice logs, ending at `today`.
    pub log_days: usize,
}

pub const TODAY: &str = "2026-11-20";

/// Writes the repository into `root` (which should be empty).
pub fn generate(root: &Path, size: &Size) -> std::io::Result<()> {
    let purposes = (size.goals / 20).max(1);
    let progress = (size.goals / 4).max(1);
    let practices = size.goals.saturating_sub(purposes + progress).max(1);
    std::fs::write(
        root.join("goalpost.yml"),
        format!(
            "title: Synthetic District\ntoday: {TODAY}\nstale_after_days: 14\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\n  breaks:\n    - {{name: Thanksgiving, from: 2026-11-25, to: 2026-11-27}}\ncycles: 2w\npeople:\n{}",
            (0..50).map(|p| format!("  p{p}: {{name: Person {p}, role: Teacher}}\n")).collect::<String>()
        ),
    )?;
    let days = dates_before(TODAY, size.log_days);
    for i in 0..purposes {
        let dir = root.join(format!("goals/school-{}", i % 40));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join(format!("purpose-{i}.md")),
            format!("---\nkind: purpose\ntitle: Purpose number {i}\nowner: p{}\n---\nWhy purpose {i} matters.\n", i % 50),
        )?;
    }
    for i in 0..progress {
        let dir = root.join(format!("goals/school-{}", i % 40));
        let mut m = String::new();
        for (k, d) in days.iter().enumerate().step_by(14) {
            let _ = writeln!(m, "  {d}: {}", 50 + (i + k) % 30);
        }
        std::fs::write(
            dir.join(format!("progress-{i}.md")),
            format!(
                "---\nkind: progress\ntitle: Progress number {i}\nowner: p{}\npurpose: purpose-{}\nbaseline: 50\ntarget: {}\nunit: '%'\nstart: 2026-09-01\ndue: 2027-05-28\nmeasurements:\n{m}---\nA body with a **bold** word and a list:\n\n- one\n- two\n",
                i % 50,
                i % purposes,
                if i % 7 == 0 { 30 } else { 80 }
            ),
        )?;
    }
    for i in 0..practices {
        let dir = root.join(format!("goals/school-{}/practices", i % 40));
        std::fs::create_dir_all(&dir)?;
        let mut log = String::new();
        for (k, d) in days.iter().enumerate() {
            let v = match (i + k) % 9 {
                0 => "no".to_string(),
                1 => "skip".to_string(),
                n => (n % 4).to_string(),
            };
            let _ = writeln!(log, "  {d}: {v}");
        }
        std::fs::write(
            dir.join(format!("practice-{i}.md")),
            format!(
                "---\nkind: practice\ntitle: Practice number {i}\nowner: p{}\nserves: progress-{}\ncadence: {}\ntarget: 2\nlog:\n{log}---\nDo the thing every day.\n",
                i % 50,
                i % progress,
                if i % 5 == 0 { "daily" } else { "weekdays" }
            ),
        )?;
    }
    Ok(())
}

/// `n` ISO dates ending the day before `today`, oldest first.
fn dates_before(today: &str, n: usize) -> Vec<String> {
    let Ok(mut d) = today.parse::<jiff::civil::Date>() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let Ok(prev) = d.yesterday() else { break };
        d = prev;
        out.push(d.to_string());
    }
    out.reverse();
    out
}

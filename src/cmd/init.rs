//! `goalpost init`.

use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to write the starter goals repository into (default: the current folder)
    #[arg(default_value = ".")]
    pub dir: std::path::PathBuf,
}

pub fn run(args: Args) -> u8 {
    let today = jiff::Zoned::now().date();
    match goalpost::init::write_starter(&args.dir, today) {
        Ok(report) => super::print(summary(&args.dir, &report)),
        Err(e) => {
            let said = format!(
                "error: goalpost init could not write to {}: {e}",
                args.dir.display()
            );
            errln!("{said}");
            super::CANNOT_RUN
        }
    }
}

fn summary(dir: &Path, report: &goalpost::init::InitReport) -> String {
    let shown = shell_word(&dir.display().to_string());
    let mut out = String::new();
    if report.created.is_empty() {
        out.push_str(&format!(
            "Nothing to do: every starter file is already in {shown}.\n"
        ));
    } else {
        out.push_str(&format!("Wrote a starter goals repository in {shown}:\n"));
    }
    for path in &report.created {
        out.push_str(&format!("  created  {path}\n"));
    }
    for path in &report.skipped {
        out.push_str(&format!(
            "  skipped  {path} (already there, left as it was)\n"
        ));
    }
    out.push_str("\nNext steps, in this order:\n");
    let cd = if shown == "." {
        String::new()
    } else {
        format!("cd {shown}, ")
    };
    out.push_str(&format!(
        "  1. {cd}put your people and school year in goalpost.yml, and rewrite the goals\n"
    ));
    out.push_str("  2. goalpost check    find mistakes in the goal files\n");
    out.push_str("  3. goalpost serve    see the report in your browser, updated on every save\n");
    out.push_str(
        "  4. git init -b main && git add . && git commit -m \"Our goals\"    keep them in git\n",
    );
    out.push_str(
        "  5. create a GitHub repository, git remote add origin URL, git push -u origin main\n     \
         to publish the report on GitHub Pages (README.md says how)\n",
    );
    out
}

/// Quotes a path for copy-and-paste into a shell when it needs it.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@,".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

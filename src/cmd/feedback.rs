//! `goalpost feedback`: add a colleague's note to a goal (FORMAT §3 v3, §10).

use goalpost::edit::feedback::{self, FeedbackRequest};
use goalpost::edit::write;
use goalpost::project;

#[derive(clap::Args)]
pub struct Args {
    /// The goal the note is about (its id)
    pub id: String,
    /// Who the note is from (a person's id, as under `people:`)
    #[arg(long)]
    pub from: String,
    /// The note itself
    #[arg(long)]
    pub note: String,
    /// The day of the note (YYYY-MM-DD; default: today)
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<goalpost::Date>,
    /// Commit the changed file (alone) with git
    #[arg(long)]
    pub commit: bool,
    #[command(flatten)]
    pub repo: super::Where,
    /// Pretend today is this date (YYYY-MM-DD): the default for --date
    #[arg(long, value_parser = super::parse_date)]
    pub today: Option<goalpost::Date>,
    #[command(flatten)]
    pub personal: super::PersonalArg,
}

pub fn run(args: Args) -> u8 {
    let project = match super::load_for_edit(&args.repo.resolve(), args.personal.resolve()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let today = project::today(args.today, &project.settings);
    let request = FeedbackRequest {
        id: args.id,
        from: args.from,
        note: args.note,
        date: args.date.unwrap_or(today),
    };
    let commit = args.commit;
    let outcome = feedback::record(&project, &request, |change| match commit {
        true => write::can_commit(&change.path),
        false => Ok(()),
    });
    let change = match super::planned(outcome, request.date) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let said = format!(
        "added feedback from {} to {} on {} in {}:{}",
        request.from.trim(),
        change.id,
        change.date,
        change.rel,
        change.line
    );
    let code = super::print_line(&said);
    if args.commit {
        let message = FeedbackRequest {
            id: change.id.clone(),
            from: request.from.trim().to_string(),
            ..request.clone()
        }
        .commit_message();
        return super::commit_change(&change, &message, "the note", code);
    }
    code
}

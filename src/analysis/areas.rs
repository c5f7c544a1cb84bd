//! Areas (FORMAT §8 v2): the folder tree is the organisation. Every folder
//! that holds goals, directly or below it, is an area (a district, a
//! school, then its themes) with the same roll-ups as the dashboard for
//! the goals below it.

use super::{GoalReport, State};
use crate::model::{Kind, Status};
use serde::Serialize;
use std::collections::HashMap;

/// The folder a goal file is in: `goals/literacy` for
/// `goals/literacy/visits.md`, `""` for a file at the repository's top.
pub(crate) fn area_of(file: &str) -> &str {
    file.rfind('/').map_or("", |i| &file[..i])
}

/// A name as a sort key in which runs of digits compare as numbers, so
/// `school-2` comes before `school-10`.
fn natural(name: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    out.push((text, digits.parse().unwrap_or(0)));
    out
}

/// How many goals of one kind there are, and in which state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub total: usize,
    /// Counts per state, in the order of [`State::ALL`].
    pub(crate) states: [usize; 6],
}

impl KindCount {
    pub(crate) fn count(&self, state: State) -> usize {
        State::ALL
            .iter()
            .position(|s| *s == state)
            .map_or(0, |i| self.states[i])
    }

    fn add(&mut self, state: State) {
        self.total += 1;
        if let Some(i) = State::ALL.iter().position(|s| *s == state) {
            self.states[i] += 1;
        }
    }

    fn merge(&mut self, other: &KindCount) {
        self.total += other.total;
        for (a, b) in self.states.iter_mut().zip(other.states) {
            *a += b;
        }
    }
}

/// The roll-up of a set of goals: counts per kind and state, and how much
/// of the scheduled practice was done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Summary {
    pub(crate) purpose: KindCount,
    pub(crate) progress: KindCount,
    pub practice: KindCount,
    /// Coaching cycles and reflections: never counted here (always zero).
    uncounted: KindCount,
    /// Active practices with a 14-day completion figure, and their sum.
    completion_14d: (usize, f64),
    /// The scorecard cycle's periods of the active practices, pooled.
    scorecard: super::practice::Tally,
    /// Goals that are slipping ([`super::is_slipping`]).
    slipping: usize,
}

impl Summary {
    /// The roll-up of `goals`.
    pub fn of<'a>(goals: impl IntoIterator<Item = &'a GoalReport>) -> Summary {
        let mut s = Summary::default();
        for g in goals {
            s.add(g);
        }
        s
    }

    pub fn total(&self) -> usize {
        self.purpose.total + self.progress.total + self.practice.total
    }

    pub fn kind(&self, kind: Kind) -> &KindCount {
        match kind {
            Kind::Purpose => &self.purpose,
            Kind::Progress => &self.progress,
            Kind::Practice => &self.practice,
            // Not counted among goals (FORMAT §12): always zero.
            Kind::Coaching | Kind::Reflection => &self.uncounted,
        }
    }

    /// Mean 14-day completion of the active practices that have one.
    pub fn completion_14d(&self) -> Option<f64> {
        mean(self.completion_14d)
    }

    /// The scorecard cycle's periods (the current cycle, else the last 14
    /// days) of the active practices, pooled: their completion is the
    /// average over all those periods, as one practice's is over its own
    /// (FORMAT §7). The dashboard's "This cycle".
    pub fn scorecard(&self) -> super::practice::Tally {
        self.scorecard
    }

    /// Goals that are slipping ([`super::is_slipping`]).
    pub(crate) fn slipping(&self) -> usize {
        self.slipping
    }

    fn add(&mut self, g: &GoalReport) {
        // A draft counts nowhere (FORMAT §3 v3).
        if g.goal.is_draft() {
            return;
        }
        self.slipping += usize::from(super::is_slipping(g));
        match g.goal.kind {
            Kind::Purpose => self.purpose.add(g.state),
            Kind::Progress => self.progress.add(g.state),
            Kind::Practice => self.practice.add(g.state),
            Kind::Coaching | Kind::Reflection => {}
        }
        if let (Some(p), Status::Active) = (&g.practice, g.goal.status) {
            if let Some(c) = p.completion_14d {
                self.completion_14d.0 += 1;
                self.completion_14d.1 += c;
            }
            self.scorecard.add(p.scorecard);
        }
    }

    fn merge(&mut self, other: &Summary) {
        self.purpose.merge(&other.purpose);
        self.progress.merge(&other.progress);
        self.practice.merge(&other.practice);
        self.completion_14d.0 += other.completion_14d.0;
        self.completion_14d.1 += other.completion_14d.1;
        self.scorecard.add(other.scorecard);
        self.slipping += other.slipping;
    }
}

fn mean((n, sum): (usize, f64)) -> Option<f64> {
    (n > 0).then(|| sum / n as f64)
}

/// One folder that holds goals at or below it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Area {
    /// `/`-separated, relative to the repository; `""` for the root.
    pub(crate) path: String,
    /// The folder's own name (`""` for the root).
    pub(crate) name: String,
    pub(crate) parent: Option<usize>,
    /// Sub-areas, by name.
    pub(crate) children: Vec<usize>,
    /// Goals whose file is directly in this folder (indices into
    /// `Report::goals`, in report order).
    pub(crate) goals: Vec<usize>,
    /// The roll-up of every goal at or below this folder.
    pub summary: Summary,
}

/// Every area of a report; the first is the root (the whole repository).
#[derive(Debug, Clone, PartialEq)]
pub struct Areas {
    pub(crate) list: Vec<Area>,
    by_path: HashMap<String, usize>,
}

impl Default for Areas {
    fn default() -> Areas {
        Areas::of(&[])
    }
}

impl Areas {
    /// The areas of `goals` (a report's goals, in order).
    pub fn of(goals: &[GoalReport]) -> Areas {
        let mut areas = Areas {
            list: vec![Area::default()],
            by_path: HashMap::from([(String::new(), 0)]),
        };
        for (i, g) in goals.iter().enumerate() {
            let a = areas.ensure(area_of(&g.goal.file));
            areas.list[a].goals.push(i);
            areas.list[a].summary.add(g);
        }
        // Roll each folder's own goals up into its ancestors, deepest first.
        let mut order: Vec<usize> = (1..areas.list.len()).collect();
        order.sort_by_key(|&a| std::cmp::Reverse(areas.list[a].path.matches('/').count()));
        for a in order {
            if let Some(p) = areas.list[a].parent {
                let s = areas.list[a].summary;
                areas.list[p].summary.merge(&s);
            }
        }
        let names: Vec<String> = areas.list.iter().map(|a| a.name.clone()).collect();
        for area in &mut areas.list {
            area.children
                .sort_by(|x, y| natural(&names[*x]).cmp(&natural(&names[*y])));
        }
        areas
    }

    fn ensure(&mut self, path: &str) -> usize {
        if let Some(&i) = self.by_path.get(path) {
            return i;
        }
        let (parent_path, name) = match path.rfind('/') {
            Some(i) => (&path[..i], &path[i + 1..]),
            None => ("", path),
        };
        let parent = self.ensure(parent_path);
        let i = self.list.len();
        self.list.push(Area {
            path: path.to_string(),
            name: name.to_string(),
            parent: Some(parent),
            ..Area::default()
        });
        self.list[parent].children.push(i);
        self.by_path.insert(path.to_string(), i);
        i
    }

    pub fn root(&self) -> &Area {
        &self.list[0]
    }

    /// The area of a folder path.
    pub fn get(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// Where the tree starts to branch: from the root down through folders
    /// that hold no goal themselves and have one sub-folder (`goals/`).
    /// The dashboard lists this area's sub-areas.
    pub(crate) fn top(&self) -> usize {
        let mut a = 0;
        while self.list[a].goals.is_empty() && self.list[a].children.len() == 1 {
            a = self.list[a].children[0];
        }
        a
    }

    /// The areas from the root down to `a`'s parent.
    pub(crate) fn ancestors(&self, a: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.list[a].parent;
        while let Some(p) = at {
            out.push(p);
            at = self.list[p].parent;
        }
        out.reverse();
        out
    }

    /// Every goal at or below area `a`, in report order.
    pub(crate) fn goals_below(&self, a: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![a];
        while let Some(x) = stack.pop() {
            out.extend_from_slice(&self.list[x].goals);
            stack.extend_from_slice(&self.list[x].children);
        }
        out.sort_unstable();
        out
    }

    /// Whether area `a` has a page of its own: every area below
    /// [`Areas::top`]. The root, and the folders down to the top, hold the
    /// same goals as the dashboard.
    pub(crate) fn has_page(&self, a: usize) -> bool {
        let top = self.top();
        a != top && self.ancestors(a).contains(&top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_sort_with_numbers_as_numbers() {
        let mut names = vec!["school-10", "school-2", "school-1", "annex", "school-1b"];
        names.sort_by_key(|n| natural(n));
        assert_eq!(
            names,
            ["annex", "school-1", "school-1b", "school-2", "school-10"]
        );
    }

    #[test]
    fn folder_of_a_file() {
        assert_eq!(area_of("goals/literacy/visits.md"), "goals/literacy");
        assert_eq!(area_of("visits.md"), "");
    }
}

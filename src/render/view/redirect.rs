//! A redirect page (FORMAT §2 and §8 v3): the old address of a goal whose
//! id changed, naming the goal and sending the reader to its page.

use super::{GoalLink, Views};
use serde::Serialize;

/// `goals/<old address>.html`: sends the reader on to the renamed goal.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RedirectPage<'a> {
    /// The goal's old id (whose address this page is).
    pub(crate) old_id: &'a str,
    /// The goal it leads to; `href` is relative to the site root.
    pub(crate) goal: GoalLink<'a>,
}

/// The page of `report.redirects[i]`; `None` when its goal is not in the
/// report.
pub(crate) fn redirect_page<'a>(v: &Views<'a>, i: usize) -> Option<RedirectPage<'a>> {
    let r = v.report.redirects.get(i)?;
    let goal = v.goal(&r.to)?;
    Some(RedirectPage {
        old_id: &r.from,
        goal: v.link_of(goal),
    })
}

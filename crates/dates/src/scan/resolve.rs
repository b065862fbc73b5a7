//! Valuations still made inside the grammar, for the rule families not yet read into an
//! `Expr` (shifts from the anchor, the story's date and year, quarters a year back): they read
//! the story's state through the `Scanner`. The converted families are valued by
//! `crate::resolve`.

use jiff::civil::Date;

use super::{with_tod, Scanner};
use crate::lex::{Tod, Unit};
use crate::value::{add_days, shift, Val, XX};

impl Scanner<'_> {
    pub(super) fn the_quarter(&self) -> Val {
        // "the quarter", "the latest quarter": the last completed quarter in earnings news.
        self.step.set("last-completed-quarter");
        match shift(self.ctx.dct, Unit::Quarter, -1) {
            v @ Val::Quarter { .. } => v,
            _ => Val::Quarter { y: None, q: 0 },
        }
    }

    /// "a year ago" in a text about quarters means that quarter a year ago.
    pub(super) fn year_back(&self, i: usize, n: i64) -> Val {
        if n == 1 {
            if let Some((y, q, at)) = self.ctx.last_quarter {
                if i.saturating_sub(at) < 400 {
                    self.step.set("quarter-a-year-back");
                    return Val::Quarter { y: Some(y - 1), q };
                }
            }
        }
        self.shift(Unit::Year, -n)
    }

    /// The day `dir` days from the story's last date, with a part of the day, or an
    /// unresolved day when the story named no date.
    pub(super) fn story_day(&self, dir: i64, tod: Option<Tod>) -> Val {
        let v = match self.ctx.last_date.and_then(|d| add_days(d, dir)) {
            Some(d) => {
                self.step.set("story-date");
                Val::day(d)
            }
            None => Val::Date {
                y: None,
                m: XX,
                d: XX,
            },
        };
        match tod {
            Some(t) => with_tod(v, t, 0),
            None => v,
        }
    }

    /// `n` units from the anchor (the anchor's own unit for 0).
    pub(super) fn shift(&self, u: Unit, n: i64) -> Val {
        self.step.set(if self.ctx.dct.is_some() {
            "anchor-shift"
        } else {
            "no-anchor"
        });
        shift(self.ctx.dct, u, n)
    }

    /// The last year written in the text, else the anchor's.
    pub(super) fn story_year(&self) -> Option<i32> {
        self.step.set(if self.ctx.last_year.is_some() {
            "story-year"
        } else {
            "anchor-year"
        });
        self.ctx.last_year.or_else(|| self.dct_year())
    }

    /// The last year written in the text (`that year`).
    pub(super) fn story_date_year(&self) -> Option<i32> {
        self.step.set("story-year");
        self.ctx.last_year
    }

    /// The story's last full date (`the same day`).
    pub(super) fn story_date(&self) -> Option<Date> {
        self.step.set("story-date");
        self.ctx.last_date
    }
}

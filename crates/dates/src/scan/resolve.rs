//! Valuations still made inside the grammar, for the rules whose extent depends on the story
//! (`that year`, `the same day`, `the same quarter` match only when the story has one) or that
//! are not read into an `Expr` yet: they ask `crate::resolve` through the `Scanner` and set
//! the resolution step as they go.

use jiff::civil::Date;

use super::Scanner;
use crate::lex::Unit;
use crate::resolve::{resolve, Cues, Expr};
use crate::value::Val;

impl Scanner<'_> {
    /// The value of `e` read at token `i`, valued now; sets the resolution step.
    fn valued(&self, e: Expr, i: usize) -> Val {
        let c = Cues {
            at: i as u32,
            ..Cues::default()
        };
        let (v, step) = resolve(&e, &c, &self.ctx);
        self.step.set(step);
        v
    }

    /// The last completed quarter (`the quarter`, `the latest quarter` in earnings news).
    pub(super) fn the_quarter(&self) -> Val {
        self.valued(Expr::LastQuarter, 0)
    }

    /// `n` years back from token `i`, or in a text about quarters that quarter a year back.
    pub(super) fn year_back(&self, i: usize, n: i64) -> Val {
        self.valued(Expr::YearBack { n: n as i32 }, i)
    }

    /// `n` units from the anchor (the anchor's own unit for 0).
    pub(super) fn shift(&self, unit: Unit, n: i64) -> Val {
        let e = Expr::Shift {
            unit,
            n: n as i32,
            tod: None,
        };
        self.valued(e, 0)
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

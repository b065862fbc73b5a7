//! TIMEX3 recognition and normalisation for English news text.
//!
//! [`DateNormalizer`] finds time expressions (TimeML `DATE`, `TIME`, `DURATION` and `SET`) with
//! TimeML extents and resolves their values against an anchor, the document creation time:
//! `last month` becomes `2021-10` when the article is dated 2021-11-04.
//! Without an anchor, relative values stay underspecified (`XXXX-06-21`, `XXXX-WXX-1`).
//!
//! The main types are [`DateNormalizer`] (built once with [`DateNormalizerBuilder`], shared by
//! reference), and [`DateMatch`], one expression with its [`Span`] and value.
//!
//! The scanner makes one pass over the text: a byte tokenizer classifies every word once
//! against a fixed trigger lexicon, and small hand-written grammars extend from each trigger.
//! See `DESIGN.md` for the conventions and what is left out.
//!
//! # Example
//!
//! ```
//! use khabar_dates::{Date, DateNormalizer};
//!
//! let dates = DateNormalizer::builder().build();
//! let text = "Talks resumed last month, two weeks after the 14-year insurgency's leaders met on September 22.";
//! let dct: Date = "2021-11-04".parse().unwrap();
//! let found: Vec<_> = dates.find_iter(text, Some(dct)).map(|m| (&text[m.span], m.value)).collect();
//! assert_eq!(found, [
//!     ("last month", "2021-10".to_string()),
//!     ("two weeks", "P2W".to_string()),
//!     ("14-year", "P14Y".to_string()),
//!     ("September 22", "2021-09-22".to_string()),
//! ]);
//! ```
#![deny(missing_docs)]

mod lex;
mod resolve;
mod scan;
mod value;

use std::cell::Cell;

pub use jiff::civil::Date;
pub use khabar_core::{Span, TimexType};

use crate::lex::{tokenize, Tok};
use crate::resolve::{resolve, Context};
use crate::scan::Scanner;

/// A time expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMatch {
    /// Span in the text.
    pub span: Span,
    /// TIMEX3 type.
    pub timex_type: TimexType,
    /// TIMEX3 value (`2022-12-19`, `P14Y`, `PAST_REF`, `XXXX-WXX-1`).
    pub value: String,
    /// The grammar rule that read the expression: `month`, `weekday`, `duration`, `the`,
    /// `relative`, ... (the name of the rule in `scan.rs`).
    pub rule: &'static str,
    /// The resolution step that valued it, empty when the value is as written:
    /// `past-by-tense`, `next-by-future-cue`, `anchor-shift`, `story-date`, `no-anchor`, ...
    pub resolution: &'static str,
}

/// The order of day and month in all-numeric dates such as `05/06/2022`.
///
/// Whatever the order, a date whose first or second number is above 12 is read the only way
/// it can be (`19/12/2022` is always 19 December).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DayMonthOrder {
    /// `05/06/2022` is 5 June (South Asian and British usage; the default).
    #[default]
    DayFirst,
    /// `05/06/2022` is May 6 (United States usage).
    MonthFirst,
}

/// Buffers of one worker for [`DateNormalizer::find_iter_with`]: reuse one per thread.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    toks: Vec<Tok>,
    /// The tokens that may start an expression.
    starts: Vec<u32>,
    out: Vec<DateMatch>,
}

/// What a text has told so far, carried from one piece of an article to the next
/// (the pieces between boilerplate zones): the last year written and the last full date,
/// which `that year`, `the same day`, `the next day` refer to. One per article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Story {
    last_year: Option<i32>,
    last_date: Option<Date>,
}

/// Builder of a [`DateNormalizer`].
#[derive(Clone, Debug, Default)]
pub struct DateNormalizerBuilder {
    order: DayMonthOrder,
}

impl DateNormalizerBuilder {
    /// The reading of ambiguous all-numeric dates. Default: [`DayMonthOrder::DayFirst`].
    pub fn day_month_order(&mut self, order: DayMonthOrder) -> &mut Self {
        self.order = order;
        self
    }

    /// Builds the normalizer. Cheap, and can be called many times.
    pub fn build(&self) -> DateNormalizer {
        DateNormalizer {
            day_first: self.order == DayMonthOrder::DayFirst,
        }
    }
}

/// Finds and normalises time expressions. `Send + Sync`; build once, share by reference.
#[derive(Clone, Debug)]
pub struct DateNormalizer {
    day_first: bool,
}

impl DateNormalizer {
    /// The builder.
    pub fn builder() -> DateNormalizerBuilder {
        DateNormalizerBuilder::default()
    }

    /// All time expressions of `text`, in text order and non-overlapping, resolved against
    /// `anchor` (the document creation time) when given.
    pub fn find_iter<'n, 't>(
        &'n self,
        text: &'t str,
        anchor: Option<Date>,
    ) -> impl Iterator<Item = DateMatch> + 'n
    where
        't: 'n,
    {
        let mut scratch = Scratch::default();
        self.find_into(text, anchor, None, &mut scratch, &mut Story::default());
        scratch.out.into_iter()
    }

    /// [`find_iter_with`](Self::find_iter_with) for one piece of a longer story: `that
    /// year`, `the same day` may refer to what the pieces before said, and `story` is
    /// updated with what this piece says.
    pub fn find_iter_in_story<'s>(
        &self,
        text: &str,
        anchor: Option<Date>,
        scratch: &'s mut Scratch,
        story: &mut Story,
    ) -> std::vec::Drain<'s, DateMatch> {
        let wrapped = khabar_core::lines::is_hard_wrapped(text);
        self.find_iter_in_story_wrapped(text, anchor, wrapped, scratch, story)
    }

    /// [`find_iter_in_story`](Self::find_iter_in_story) for a text whose layout the caller
    /// already knows: `hard_wrapped` must be what [`khabar_core::lines::is_hard_wrapped`]
    /// says of `text` (the tokenizer asks it too), and is not computed again.
    pub fn find_iter_in_story_wrapped<'s>(
        &self,
        text: &str,
        anchor: Option<Date>,
        hard_wrapped: bool,
        scratch: &'s mut Scratch,
        story: &mut Story,
    ) -> std::vec::Drain<'s, DateMatch> {
        scratch.out.clear();
        self.find_into(text, anchor, Some(hard_wrapped), scratch, story);
        scratch.out.drain(..)
    }

    /// [`find_iter`](Self::find_iter) with caller-owned buffers, so a worker allocates them
    /// once: the matches are drained from `scratch`, whose token buffer is kept.
    pub fn find_iter_with<'s>(
        &self,
        text: &str,
        anchor: Option<Date>,
        scratch: &'s mut Scratch,
    ) -> std::vec::Drain<'s, DateMatch> {
        scratch.out.clear();
        let mut story = Story::default();
        self.find_into(text, anchor, None, scratch, &mut story);
        scratch.out.drain(..)
    }

    /// `hard_wrapped`: [`khabar_core::lines::is_hard_wrapped`] of `text` when known.
    fn find_into(
        &self,
        text: &str,
        anchor: Option<Date>,
        hard_wrapped: Option<bool>,
        scratch: &mut Scratch,
        story: &mut Story,
    ) {
        let Scratch { toks, starts, out } = scratch;
        toks.clear();
        starts.clear();
        if u32::try_from(text.len()).is_err() {
            return;
        }
        let wrapped = hard_wrapped.unwrap_or_else(|| khabar_core::lines::is_hard_wrapped(text));
        tokenize(text, wrapped, toks, starts);
        // The story as it stands: the grammar may ask it yes-or-no questions, the resolver
        // values each match in it, and each match updates it.
        let story_ctx = Cell::new(Context {
            dct: anchor,
            last_year: story.last_year,
            // A year of an earlier piece is near every token of this one, as its date is.
            last_year_at: if story.last_year.is_some() {
                usize::MAX / 2
            } else {
                0
            },
            last_date: story.last_date,
            // A date of an earlier piece is before every token of this one: near enough
            // for `the following week`, never in the same sentence as a clock time.
            last_date_at: if story.last_date.is_some() {
                usize::MAX / 2
            } else {
                0
            },
            last_quarter: None,
            last_month: None,
        });
        let sc = Scanner {
            text: text.as_bytes(),
            t: toks,
            day_first: self.day_first,
            facts: &story_ctx,
        };
        // The end of the last match: a match starts at or after it.
        let mut i = 0;
        let n = toks.len();
        // Most tokens start nothing: the tokenizer listed the others.
        for &s in starts.iter() {
            if (s as usize) < i {
                continue;
            }
            i = s as usize;
            let Some(c) = sc.at_trigger(i).map(|c| sc.appositive(c)) else {
                i += 1;
                continue;
            };
            debug_assert!(c.end > i && c.end <= n);
            let end = c.end.clamp(i + 1, n);
            // Trailing punctuation never ends an extent, except an abbreviation dot.
            let mut last = end - 1;
            while last > i && toks[last].kind == lex::Kind::Punct && toks[last].num != b'.' as u32 {
                last -= 1;
            }
            let span = Span::new(toks[i].s as usize, toks[last].e as usize);
            // The grammar read the phrase; the resolver values it in the story as it stands.
            let mut ctx = story_ctx.get();
            let (val, step) = resolve(&c.reading(), &ctx);
            // Room for the longest common value (`2021-11-04T09:30Z`) at once.
            let mut value = String::with_capacity(24);
            val.write(&mut value);
            if let Some(y) = c.year {
                ctx.last_year = Some(y);
                ctx.last_year_at = end;
            }
            if let value::Val::Date {
                y: Some(y),
                m: m @ 1..=12,
                ..
            }
            | value::Val::DayTod {
                y: Some(y),
                m: m @ 1..=12,
                ..
            } = val
            {
                ctx.last_month = Some((y, m, end));
            }
            if let Some(d) = val.as_date() {
                ctx.last_date = Some(d);
                ctx.last_date_at = end;
            }
            if let value::Val::Quarter { y: Some(y), q } = val {
                if q > 0 && anchor.is_none_or(|a| a.year() as i32 == y) {
                    ctx.last_quarter = Some((y, q, end));
                }
            }
            story_ctx.set(ctx);
            out.push(DateMatch {
                span,
                timex_type: c.ty,
                value,
                rule: c.rule,
                resolution: step,
            });
            i = end;
        }
        let ctx = story_ctx.get();
        story.last_year = ctx.last_year;
        story.last_date = ctx.last_date;
    }

    /// Parses a whole string as one calendar date: ISO `2022-12-19`, RFC 3339 timestamps
    /// (`2022-12-19T08:30:00+05:00`), `December 19, 2022`, `08 January 2023`, `Nov. 8, 2021`,
    /// and the same with a leading weekday. Used for metadata dates and datelines.
    pub fn parse_date(&self, text: &str) -> Option<Date> {
        let t = text.trim();
        if t.len() >= 10 && t.is_char_boundary(10) {
            if let Ok(d) = t[..10].parse::<Date>() {
                let rest = &t.as_bytes()[10..];
                if rest.is_empty() || matches!(rest[0], b'T' | b't' | b' ') {
                    return Some(d);
                }
            }
        }
        let mut toks = Vec::new();
        tokenize(
            t,
            khabar_core::lines::is_hard_wrapped(t),
            &mut toks,
            &mut Vec::new(),
        );
        let none = Cell::new(Context::default());
        let sc = Scanner {
            text: t.as_bytes(),
            t: &toks,
            day_first: self.day_first,
            facts: &none,
        };
        let value = |c: scan::Cand| resolve(&c.reading(), &Context::default()).0;
        (0..toks.len().min(4)).find_map(|i| sc.at(i).and_then(|c| value(c).as_date()))
    }
}

#[cfg(test)]
mod tests;

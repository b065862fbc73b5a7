//! The resolver: an unresolved reading ([`Expr`]) and the cues of its sentence ([`Cues`])
//! become a value against the story's state ([`Context`]: the anchor, the last year and
//! date written).
//! Every policy about direction (tense, future cues, deadlines, reported speech, the story's
//! last date) and the anchor arithmetic of the converted rule families live here; the grammar
//! in `scan.rs` never sees the anchor for them.
//! Each policy names the resolution step that `DateMatch::resolution` reports.
//!
//! Read into an `Expr`: weekdays (with a part of the day), months, month-days, quarters,
//! halves, weekends, holidays, shifts from the anchor (`last week`, `three years ago`,
//! `tonight`), the story's anaphora (`that year`, `the same day`, `the next day`, `the
//! following week`, `the previous Friday`, `the same quarter`), relative weekdays and months,
//! parts of a relative or named year, seasons, clock times, days of the month by their
//! ordinal, and the phrases valued from a phrase inside them ([`Reading::base`]: `the day
//! after Eid`, `the week of March 6`, `Tuesday (November 9)`, `10 p.m. Wednesday`, `early
//! morning Friday`, `the year-ago quarter`). [`Expr::Val`] is only for values written in
//! full.
//! The grammar sees the story only through [`Facts`]: yes-or-no questions for the few
//! extents that depend on it (`that year` matches only when the story has a year, `10 p.m.
//! Wednesday` takes in the weekday only when it is valued as a day).

use jiff::civil::Date;

use crate::lex::{Tod, Unit};
use crate::value::{add_days, add_months, quarter_of, shift, weekday, ymd, Val, XX};

/// An unresolved reading of a phrase, as the grammar reads it: no anchor, no story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expr {
    /// A value as written, or valued by a family not converted yet.
    Val(Val),
    /// A bare weekday (Monday = 1), with a part of the day: `Friday`, `Tuesday night`.
    Weekday { wd: u8, tod: Option<Tod> },
    /// A month without a year: `in March`.
    Month { m: u8 },
    /// A day of a month without a year: `March 8`, `8 March`, `Christmas`.
    MonthDay { m: u8, d: u8 },
    /// A quarter without a year: `the third quarter`, `Q3`.
    Quarter { q: u8 },
    /// A weekend: `last weekend` (-1), `next weekend` (1), `the weekend` (0, the nearest).
    Weekend { dir: i8 },
    /// A holiday without a year: `Easter`, `Eid`, `Election Day`.
    Holiday(Holiday),
    /// The ISO week of a holiday: `Easter week`.
    HolidayWeek(Holiday),
    /// `n` units from the anchor (the anchor's own unit for 0), with a part of the day:
    /// `last week`, `yesterday`, `three years ago`, `tonight`.
    Shift {
        unit: Unit,
        n: i32,
        tod: Option<Tod>,
    },
    /// `n` years back; in a text about quarters, one year back is that quarter a year back
    /// (`a year ago`, `a year earlier`).
    YearBack { n: i32 },
    /// The last completed quarter: `the quarter`, `the latest quarter`.
    LastQuarter,
    /// The year `dir` years from the anchor's (`last year`), or with `story` from the last
    /// year written (`the following year`).
    Year { dir: i8, story: bool },
    /// The day `dir` days from the story's last date, with a part of the day: `the next
    /// day`, `the following morning`, `the same day` (0).
    StoryDay { dir: i8, tod: Option<Tod> },
    /// A weekday strictly before (-1) or after (1) the anchor, or in its week (0): `last
    /// Friday`, `next Monday`, `this Sunday`; with `story`, from the story's last date of the
    /// same passage (`the previous Friday`).
    WeekdayStep { wd: u8, dir: i8, story: bool },
    /// The month `m` before (-1) or after (1) the anchor's month, or of its year (0): `last
    /// March`, `next May`, `this June`; with its day `d` when not 0 (`last September 26`).
    MonthStep { m: u8, d: u8, dir: i8 },
    /// A part of the year `dir` years from the anchor's: `March last year`, `next spring`,
    /// `the first quarter next year`, `year-end`, a bare `H2`.
    InYear { dir: i8, part: Part },
    /// A season after a preposition, without a year: `in the spring` (the last one begun,
    /// or with a future cue the coming one).
    Season { s: u8 },
    /// Thanksgiving without a year: the fourth Thursday of November of the anchor's year, or
    /// of the last year before November without a future cue.
    Thanksgiving,
    /// A clock time (`h` 24 and `mi` 99 for midnight) without a day written: on the anchor's
    /// day, or with `story` on the day of a date earlier in its sentence.
    Clock { h: u8, mi: u8, z: bool, story: bool },
    /// A day of a month by its ordinal: `the 15th of next month` (`dir` months from the
    /// anchor's), `on the 3rd` (`bare`: this month, or the last one when the day is still
    /// ahead and the clause is past).
    DayOfMonth { d: u8, dir: i8, bare: bool },
    /// A part of a year named after it: `the third quarter of last year`, `the second half
    /// of that year`.
    PartOf { year: YearRef, part: Part },
    /// A half without a year: `the second half` (last year's before July without a future
    /// cue).
    Half { h: u8 },
    /// A week or a month after (1) or before (-1) the story's last date or month of the
    /// same passage, else the anchor's: `the following week`, `the previous month`.
    Anaphor { unit: Unit, dir: i8 },
    /// `dir` days from the day of the phrase inside ([`Reading::base`]): `the day after
    /// Eid`, `the day before last Tuesday`.
    DaysFrom { dir: i8 },
    /// The ISO week of the day of the phrase inside: `the week of March 6`, `the week
    /// ended Feb 14`.
    WeekOf,
    /// A weekday with the day written after it in brackets, which gives its value when the
    /// two agree: `Tuesday (November 9)`; else valued as a bare weekday.
    WeekdayOn { wd: u8 },
    /// A clock time (`h` 24 and `mi` 99 for midnight) on the day of the phrase inside:
    /// `10 p.m. Wednesday`, `3:30pm local time on Wednesday`.
    ClockOn { h: u8, mi: u8, z: bool },
    /// A part of the day on the day of the phrase inside, or without one today's: `early
    /// morning`, `early morning Friday`.
    TodOn { tod: Tod },
    /// `year-ago` before a quarter: a quarter (`q` 1 to 4: `the year-ago third quarter`,
    /// 0: `the year-ago quarter`, `the year-ago period`) a year before the anchor's or the
    /// story's.
    YearAgoQuarter { q: u8 },
    /// A quarter of a year written whose number is the last completed quarter's: `the 1988
    /// quarter`.
    LastQuarterOf { y: i32 },
    /// An all-numeric day that reads both ways (`7/8/07`), `d` and `m` in the configured
    /// order: that reading, unless it lies more than a week from the anchor and the other
    /// within a week of it.
    NumericDay { y: i32, d: u8, m: u8 },
    /// `later this year`: the anchor's year, or from October on its fourth quarter, which
    /// holds all of the year still to come.
    LaterThisYear,
    /// `n` years after the last year written in the story: `two years later` in a passage
    /// that just named 1724.
    YearsLater { n: i32 },
}

/// A phrase's reading with its cues, and the reading of the phrase inside it that it is
/// valued from (`Eid` in `the day after Eid`), if any. Nesting stops there: a reading inside
/// has no base of its own. Small and `Copy`: no allocation per match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reading {
    pub expr: Expr,
    pub cues: Cues,
    pub base: Option<Inner>,
}

/// The reading of a phrase inside a longer one, with the cues of its own place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Inner {
    pub expr: Expr,
    pub cues: Cues,
}

/// A year named by reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum YearRef {
    /// Written: `of 1989`.
    Written(i32),
    /// `dir` years from the anchor's: `of last year`.
    Anchor(i32),
    /// The last year written in the story: `of that year`.
    Story,
    /// The last year written in the story, else the anchor's: `December that year`.
    StoryOrAnchor,
}

/// A part of a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Month(u8),
    /// 1 = spring, ..., 4 = winter.
    Season(u8),
    Quarter(u8),
    Half(u8),
    Day(u8, u8),
}

/// What the sentence around a phrase says about its direction, read from the tokens by the
/// grammar (`Scanner::cues`). Small and `Copy`: no allocation per match.
/// The grammar reads only the cues the policy of the `Expr` weighs (a weekday's possessive,
/// a month's range link, ...); the others stay false.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cues {
    /// The first token of the phrase (story-state distances are counted in tokens).
    pub at: u32,
    /// The phrase points to the future: a future cue, a deadline, a scheduling verb.
    pub future: bool,
    /// A possessive follows (`Friday's vote`).
    pub possessive: bool,
    /// A past verb in the clause before the phrase.
    pub past_in_clause: bool,
    /// A past verb in the clause before or after the phrase (not the reporter's `said`).
    pub past_tense_around: bool,
    /// A past verb of the lexicon right before the phrase (`rose in February`).
    pub said_before: bool,
    /// The phrase is the time of a past verb: right after it, past `in`, `on`, `at` or
    /// `during` (`reported a loss in March`), or opening the sentence before a past verb
    /// (`In March, the firm cut jobs`), or after `since`; not a deadline (`extended to Nov.
    /// 20`).
    pub past_at: bool,
    /// A present-tense `is` or `are` in the clause before the phrase, no past verb around it
    /// (`the vote is in June`).
    pub present: bool,
    /// The nearest future cue before the phrase in its sentence is `would`.
    pub would_before: bool,
    /// The phrase follows a month and a range or list link (`April through`, `March and`).
    pub month_link: bool,
    /// The phrase follows a day and a range link (`November 20 to`, `May 3-`).
    pub day_link: bool,
    /// A month's name earlier in the phrase's sentence, from `clause_from` on (`800 tonnes
    /// in May, ... in September`).
    pub month_before: bool,
    /// The same month is named earlier in the phrase's sentence (`in July till mid-August
    /// (during July in the south)`).
    pub month_again: bool,
    /// The first token of the phrase's sentence, at most 12 tokens back (a clock time takes
    /// the day of a date written there).
    pub clause_from: u32,
}

/// The story's state: the anchor (document creation time) and what the text has said so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Context {
    /// The document creation time.
    pub dct: Option<Date>,
    /// The last year written explicitly in the text.
    pub last_year: Option<i32>,
    /// The token after the last year written.
    pub last_year_at: usize,
    /// The last concrete day mentioned.
    pub last_date: Option<Date>,
    /// The token after the last concrete day mentioned.
    pub last_date_at: usize,
    /// The last concrete quarter mentioned, and the token where it ended.
    pub last_quarter: Option<(i32, u8, usize)>,
    /// The last concrete month mentioned (a day or a month of a known year), and the token
    /// where it ended.
    pub last_month: Option<(i32, u8, usize)>,
}

/// What the grammar may ask of the story while it reads: yes-or-no questions whose answer
/// decides whether a phrase matches or how far it extends, never its value.
/// The grammar holds the story only as `&dyn Facts`, so it cannot read the anchor or the
/// story's dates; the driver (`DateNormalizer::find_into`) updates the story between
/// matches.
pub(crate) trait Facts {
    /// `r` is valued as a full date (`Tuesday` with an anchor, `March 6`, not `March`).
    fn is_day(&self, r: &Reading) -> bool;
    /// `r` is valued as a day of a month, perhaps of an unknown year (`XXXX-03-06`).
    fn names_day(&self, r: &Reading) -> bool;
    /// `r` is valued as a decade, a century or a season (`the early 1990s`).
    fn is_period(&self, r: &Reading) -> bool;
    /// `r` is valued as a century (`the 20th century`).
    fn is_century(&self, r: &Reading) -> bool;
    /// The story has written a year (`that year` refers to it).
    fn has_story_year(&self) -> bool;
    /// The story has written a year within the passage before token `at` (`two years later`
    /// counts from it).
    fn has_story_year_near(&self, at: usize) -> bool;
    /// The story has written a year or there is an anchor (`December that year`).
    fn has_year(&self) -> bool;
    /// The story has named a full date (`that day` refers to it).
    fn has_story_date(&self) -> bool;
    /// The story named a quarter of the anchor's year shortly before token `at` (`the same
    /// quarter` refers to it).
    fn has_quarter_near(&self, at: usize) -> bool;
}

/// The story as the driver keeps it: the context, replaced after each match.
impl Facts for std::cell::Cell<Context> {
    fn is_day(&self, r: &Reading) -> bool {
        resolve(r, &self.get()).0.as_date().is_some()
    }

    fn names_day(&self, r: &Reading) -> bool {
        matches!(resolve(r, &self.get()).0, Val::Date { d: 1..=31, .. })
    }

    fn is_period(&self, r: &Reading) -> bool {
        matches!(
            resolve(r, &self.get()).0,
            Val::Decade(_) | Val::Century(_) | Val::Season { .. }
        )
    }

    fn is_century(&self, r: &Reading) -> bool {
        matches!(resolve(r, &self.get()).0, Val::Century(_))
    }

    fn has_story_year(&self) -> bool {
        self.get().last_year.is_some()
    }

    fn has_story_year_near(&self, at: usize) -> bool {
        let ctx = self.get();
        ctx.last_year.is_some() && at.saturating_sub(ctx.last_year_at) <= STORY_WINDOW
    }

    fn has_year(&self) -> bool {
        let ctx = self.get();
        ctx.last_year.is_some() || ctx.dct.is_some()
    }

    fn has_story_date(&self) -> bool {
        self.get().last_date.is_some()
    }

    fn has_quarter_near(&self, at: usize) -> bool {
        let c = Cues {
            at: at as u32,
            ..Cues::default()
        };
        matches!(year_back(1, &c, &self.get()).0, Val::Quarter { .. })
    }
}

/// The value of the reading `r` in `ctx`, and the resolution step that valued it (empty for
/// a value as written).
pub(crate) fn resolve(r: &Reading, ctx: &Context) -> (Val, &'static str) {
    let (e, c) = (&r.expr, &r.cues);
    match *e {
        Expr::Val(v) => (v, ""),
        Expr::Anaphor { unit, dir } => story_shift(unit, dir as i64, c, ctx),
        Expr::DaysFrom { dir } => days_from(dir as i64, r.base, ctx),
        Expr::WeekOf => week_of(r.base, ctx),
        Expr::WeekdayOn { wd } => weekday_on(wd, c, r.base, ctx),
        Expr::ClockOn { h, mi, z } => clock_on(h, mi, z, r.base, ctx),
        Expr::TodOn { tod } => tod_on(tod, r.base, ctx),
        Expr::YearAgoQuarter { q } => year_ago_quarter(q, c, ctx),
        Expr::LastQuarterOf { y } => {
            let (v, step) = last_quarter(ctx);
            let q = match v {
                Val::Quarter { q, .. } => q,
                _ => 0,
            };
            (Val::Quarter { y: Some(y), q }, step)
        }
        Expr::Weekday { wd, tod: None } => weekday_of(wd, c, ctx),
        Expr::Weekday { wd, tod: Some(t) } => {
            let (v, s) = weekday_of(wd, c, ctx);
            (with_tod(v, t, wd), s)
        }
        Expr::Month { m } => month(m, c, ctx),
        Expr::MonthDay { m, d } => month_day(m, d, c, ctx),
        Expr::Quarter { q } => quarter(q, c, ctx),
        Expr::Weekend { dir } => weekend(dir as i64, c, ctx),
        Expr::Holiday(h) => holiday(h, c, ctx),
        Expr::NumericDay { y, d, m } => numeric_day(y, d, m, ctx),
        Expr::LaterThisYear => match ctx.dct {
            Some(a) if a.month() >= 10 => {
                let y = Some(a.year() as i32);
                (Val::Quarter { y, q: 4 }, "rest-of-year-in-q4")
            }
            _ => anchor_shift(Unit::Year, 0, ctx),
        },
        Expr::Shift { unit, n, tod } => {
            let (v, s) = anchor_shift(unit, n as i64, ctx);
            match tod {
                Some(t) => (with_tod(v, t, 0), s),
                None => (v, s),
            }
        }
        Expr::YearBack { n } => year_back(n as i64, c, ctx),
        Expr::YearsLater { n } => match ctx.last_year {
            Some(y) => (
                Val::Date {
                    y: Some(y.saturating_add(n)),
                    m: 0,
                    d: 0,
                },
                "story-year-plus",
            ),
            None => (
                Val::Date {
                    y: ctx.dct.map(|d| d.year() as i32 + n),
                    m: 0,
                    d: 0,
                },
                "anchor-year",
            ),
        },
        Expr::LastQuarter => last_quarter(ctx),
        Expr::Year { dir, story } => {
            let (base, step) = match (story, ctx.last_year) {
                (true, Some(y)) => (Some(y), "story-year"),
                (true, None) => (ctx.dct.map(|d| d.year() as i32), "anchor-year"),
                (false, _) => (ctx.dct.map(|d| d.year() as i32), ""),
            };
            let y = base.map(|y| y + dir as i32);
            (Val::Date { y, m: 0, d: 0 }, step)
        }
        Expr::StoryDay { dir, tod } => story_day(dir as i64, tod, ctx),
        Expr::WeekdayStep { wd, dir, story } => {
            (weekday_step_of(wd, dir as i64, story, c, ctx), "")
        }
        Expr::MonthStep { m, d, dir } => (month_step(m, d, dir as i64, ctx), ""),
        Expr::InYear { dir, part } => {
            let y = ctx.dct.map(|a| a.year() as i32 + dir as i32);
            let v = match part {
                Part::Month(m) => Val::Date { y, m, d: 0 },
                Part::Season(s) => Val::Season { y, s },
                Part::Quarter(q) => Val::Quarter { y, q },
                Part::Half(h) => Val::Half { y, h },
                Part::Day(m, d) => Val::Date { y, m, d },
            };
            (v, "")
        }
        Expr::Season { s } => (season(s, c, ctx), ""),
        Expr::Thanksgiving => (thanksgiving(c, ctx), ""),
        Expr::Clock { h, mi, z, story } => {
            let at = c.at as usize;
            let near = |d: usize| d <= at && at - d <= 12 && d >= c.clause_from as usize;
            let day = match ctx.last_date {
                Some(d) if story && near(ctx.last_date_at) => Some(d),
                _ => ctx.dct,
            };
            let v = match day {
                Some(day) => Val::Time {
                    y: Some(day.year() as i32),
                    m: day.month() as u8,
                    d: day.day() as u8,
                    h,
                    mi,
                    z,
                },
                None => Val::Time {
                    y: None,
                    m: XX,
                    d: XX,
                    h,
                    mi,
                    z,
                },
            };
            (v, "")
        }
        Expr::PartOf { year, part } => {
            let (y, step) = match year {
                YearRef::Written(y) => (Some(y), ""),
                YearRef::Anchor(dir) => (ctx.dct.map(|a| a.year() as i32 + dir), "anchor-shift"),
                YearRef::Story => (ctx.last_year, "story-year"),
                YearRef::StoryOrAnchor => match ctx.last_year {
                    Some(y) => (Some(y), "story-year"),
                    None => (ctx.dct.map(|a| a.year() as i32), "anchor-year"),
                },
            };
            let v = match part {
                Part::Month(m) => Val::Date { y, m, d: 0 },
                Part::Season(s) => Val::Season { y, s },
                Part::Quarter(q) => Val::Quarter { y, q },
                Part::Half(h) => Val::Half { y, h },
                Part::Day(m, d) => Val::Date { y, m, d },
            };
            (v, step)
        }
        Expr::Half { h } => {
            let y = ctx.dct.map(|a| {
                let y = a.year() as i32;
                if h == 2 && a.month() <= 6 && !c.future {
                    y - 1
                } else {
                    y
                }
            });
            (Val::Half { y, h }, "")
        }
        Expr::DayOfMonth { d, dir, bare } => {
            let base = ctx.dct.and_then(|a| {
                let back = bare && d as i8 > a.day() && c.past_in_clause;
                add_months(a, if back { -1 } else { dir as i64 })
            });
            let v = match base {
                Some(b) => Val::Date {
                    y: Some(b.year() as i32),
                    m: b.month() as u8,
                    d,
                },
                None => Val::Date { y: None, m: XX, d },
            };
            (v, "")
        }
        Expr::HolidayWeek(h) => {
            let (v, s) = holiday(h, c, ctx);
            (week_of_day(v), s)
        }
    }
}

/// `n` units from the anchor.
fn anchor_shift(u: Unit, n: i64, ctx: &Context) -> (Val, &'static str) {
    let step = if ctx.dct.is_some() {
        "anchor-shift"
    } else {
        "no-anchor"
    };
    (shift(ctx.dct, u, n), step)
}

/// The value of the phrase inside a longer one, and its step (none without one).
fn base_value(base: Option<Inner>, ctx: &Context) -> Option<(Val, &'static str)> {
    let b = base?;
    let r = Reading {
        expr: b.expr,
        cues: b.cues,
        base: None,
    };
    Some(resolve(&r, ctx))
}

/// `the following week`, `the previous month`: from the story's last date (a week) or
/// month (a month) when it lies within [`STORY_WINDOW`] tokens, else from the anchor.
fn story_shift(u: Unit, dir: i64, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    let near = |at: usize| (c.at as usize).saturating_sub(at) <= STORY_WINDOW;
    match u {
        Unit::Week => {
            if let Some(d) = ctx.last_date.filter(|_| near(ctx.last_date_at)) {
                return (shift(Some(d), Unit::Week, dir), "story-week");
            }
        }
        Unit::Month => {
            if let Some((y, m, _)) = ctx.last_month.filter(|&(_, _, at)| near(at)) {
                let d = ymd(y, m, 1).and_then(|d| add_months(d, dir));
                return (shift(d, Unit::Month, 0), "story-month");
            }
        }
        _ => {}
    }
    anchor_shift(u, dir, ctx)
}

/// `the day after Eid`: `dir` days from the day of the phrase inside.
fn days_from(dir: i64, base: Option<Inner>, ctx: &Context) -> (Val, &'static str) {
    let (v, step) = base_value(base, ctx).unwrap_or((Val::WeekdayX(0, None), ""));
    match v.as_date().and_then(|d| add_days(d, dir)) {
        Some(d) => (Val::day(d), step),
        None => (
            Val::Date {
                y: None,
                m: XX,
                d: XX,
            },
            step,
        ),
    }
}

/// `the week of March 6`: the ISO week of the day inside, unknown without its year.
fn week_of(base: Option<Inner>, ctx: &Context) -> (Val, &'static str) {
    let (v, step) = base_value(base, ctx).unwrap_or((Val::WeekdayX(0, None), ""));
    (week_of_day(v), step)
}

/// The ISO week of a day, unknown when `v` is no full date.
fn week_of_day(v: Val) -> Val {
    let w = v.as_date().map(crate::value::iso_week);
    Val::Week {
        y: w.map(|w| w.0),
        w: w.map_or(0, |w| w.1),
        we: false,
    }
}

/// `Tuesday (November 9)`: the day in brackets when it falls on that weekday, else the
/// weekday valued alone.
fn weekday_on(wd: u8, c: &Cues, base: Option<Inner>, ctx: &Context) -> (Val, &'static str) {
    if let Some((v, step)) = base_value(base, ctx) {
        if let Some(d) = v.as_date().filter(|&d| weekday(d) == wd) {
            return (Val::day(d), step);
        }
    }
    weekday_of(wd, c, ctx)
}

/// `10 p.m. Wednesday`: a clock time on the day inside (its month and day even without a
/// year), else on no known day.
fn clock_on(h: u8, mi: u8, z: bool, base: Option<Inner>, ctx: &Context) -> (Val, &'static str) {
    let (v, step) = base_value(base, ctx).unwrap_or((Val::WeekdayX(0, None), ""));
    let (y, m, d) = match v {
        Val::Date { y, m, d } if d != 0 => (y, m, d),
        _ => (None, XX, XX),
    };
    (Val::Time { y, m, d, h, mi, z }, step)
}

/// `early morning`, `early morning Friday`: a part of the day on the day inside, else
/// today's. A day written as it stands keeps the step of today's.
fn tod_on(tod: Tod, base: Option<Inner>, ctx: &Context) -> (Val, &'static str) {
    let (today, today_step) = anchor_shift(Unit::Day, 0, ctx);
    let (day, step) = match (base, base_value(base, ctx)) {
        (Some(b), Some((v, s))) if !matches!(b.expr, Expr::Val(_)) => (v, s),
        (_, Some((v, _))) => (v, today_step),
        _ => (today, today_step),
    };
    (with_tod(day, tod, 0), step)
}

/// `the year-ago quarter` (`q` 0) or `the year-ago third quarter`: a year back from the
/// story's quarter or the anchor, as a quarter.
fn year_ago_quarter(q: u8, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    let (v, step) = year_back(1, c, ctx);
    if q != 0 {
        let y = ctx.dct.map(|a| a.year() as i32 - 1);
        return (Val::Quarter { y, q }, step);
    }
    match v {
        Val::Date { y, .. } => {
            let (lq, lstep) = last_quarter(ctx);
            match lq {
                Val::Quarter { q, .. } => (Val::Quarter { y, q }, lstep),
                _ => (v, step),
            }
        }
        _ => (v, step),
    }
}

/// How many tokens back a date can be to anchor `the following week` (about a paragraph).
pub(crate) const STORY_WINDOW: usize = 150;

/// `n` years back: a quarter mentioned in the last 400 tokens makes one year back that
/// quarter a year back.
fn year_back(n: i64, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    if n == 1 {
        if let Some((y, q, at)) = ctx.last_quarter {
            if (c.at as usize).saturating_sub(at) < 400 {
                return (Val::Quarter { y: Some(y - 1), q }, "quarter-a-year-back");
            }
        }
    }
    anchor_shift(Unit::Year, -n, ctx)
}

/// The last completed quarter in earnings news.
pub(crate) fn last_quarter(ctx: &Context) -> (Val, &'static str) {
    let v = match shift(ctx.dct, Unit::Quarter, -1) {
        v @ Val::Quarter { .. } => v,
        _ => Val::Quarter { y: None, q: 0 },
    };
    (v, "last-completed-quarter")
}

/// The day `dir` days from the story's last date, with a part of the day, or an
/// unresolved day when the story named no date.
fn story_day(dir: i64, tod: Option<Tod>, ctx: &Context) -> (Val, &'static str) {
    let (v, step) = match ctx.last_date.and_then(|d| add_days(d, dir)) {
        Some(d) => (Val::day(d), "story-date"),
        None => (
            Val::Date {
                y: None,
                m: XX,
                d: XX,
            },
            "",
        ),
    };
    match tod {
        Some(t) => (with_tod(v, t, 0), step),
        None => (v, step),
    }
}

/// A weekday before, after or in the week of the anchor or the story's last date.
fn weekday_step_of(wd: u8, dir: i64, story: bool, c: &Cues, ctx: &Context) -> Val {
    let d = if story {
        // From the story's last date of the same passage, else the one before last Friday.
        let near = ctx
            .last_date
            .filter(|_| (c.at as usize).saturating_sub(ctx.last_date_at) <= STORY_WINDOW);
        match (near, ctx.dct) {
            (Some(d), _) => weekday_step(d, wd, dir),
            (None, Some(a)) if dir < 0 => weekday_step(a, wd, dir).and_then(|d| add_days(d, -7)),
            (None, Some(a)) => weekday_step(a, wd, dir),
            (None, None) => None,
        }
    } else {
        ctx.dct.and_then(|a| weekday_step(a, wd, dir))
    };
    d.map_or(Val::WeekdayX(wd, None), Val::day)
}

/// The weekday `wd` strictly before `a` (`dir` -1), strictly after it (1), or in its week (0).
pub(crate) fn weekday_step(a: Date, wd: u8, dir: i64) -> Option<Date> {
    let cur = weekday(a) as i64;
    let off = match dir {
        -1 => {
            let o = (cur - wd as i64).rem_euclid(7);
            -(if o == 0 { 7 } else { o })
        }
        1 => {
            let o = (wd as i64 - cur).rem_euclid(7);
            if o == 0 {
                7
            } else {
                o
            }
        }
        _ => wd as i64 - cur,
    };
    add_days(a, off)
}

/// The month `m` before (-1) or after (1) the anchor's month, or of the anchor's year.
fn month_step(m: u8, d: u8, dir: i64, ctx: &Context) -> Val {
    let Some(a) = ctx.dct else {
        return Val::Date { y: None, m, d };
    };
    let (y, cm) = (a.year() as i32, a.month() as u8);
    let y = match dir {
        -1 if m < cm => y,
        -1 => y - 1,
        1 if m > cm => y,
        1 => y + 1,
        _ => y,
    };
    Val::Date { y: Some(y), m, d }
}

/// A season without a year: the last one begun, or with a future cue this year's unless it
/// is over.
fn season(s: u8, c: &Cues, ctx: &Context) -> Val {
    let y = ctx.dct.map(|a| {
        let (y, m) = (a.year() as i32, a.month() as u8);
        // Seasons start in March, June, September and December.
        let start = 3 * s;
        let started = if s == 4 { m == 12 } else { m >= start };
        if c.future {
            if s != 4 && m > start + 2 {
                y + 1
            } else {
                y
            }
        } else if started {
            y
        } else {
            y - 1
        }
    });
    Val::Season { y, s }
}

/// Thanksgiving, the fourth Thursday of November.
fn thanksgiving(c: &Cues, ctx: &Context) -> Val {
    let y = ctx.dct.map(|a| {
        let y = a.year() as i32;
        if a.month() < 11 && !c.future {
            y - 1
        } else {
            y
        }
    });
    let unknown = Val::Date {
        y: None,
        m: 11,
        d: XX,
    };
    match y.and_then(|y| ymd(y, 11, 1)) {
        Some(first) => {
            let off = (4 - weekday(first) as i64).rem_euclid(7) + 21;
            add_days(first, off).map_or(unknown, Val::day)
        }
        None => unknown,
    }
}

/// A weekday: the nearest past one, the next one with a future cue, and the next one when
/// the past one would be six days back (news says "last Tuesday" then).
fn weekday_of(wd: u8, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    let Some(a) = ctx.dct else {
        return (Val::WeekdayX(wd, None), "no-anchor");
    };
    let cur = weekday(a) as i64;
    let back = (cur - wd as i64).rem_euclid(7);
    let (off, step) = if c.future {
        ((wd as i64 - cur).rem_euclid(7), "next-by-future-cue")
    } else if back == 6 && !c.possessive && !c.past_in_clause && !c.past_tense_around {
        ((wd as i64 - cur).rem_euclid(7), "next-not-six-days-back")
    } else {
        (-back, "nearest-past")
    };
    let v = add_days(a, off).map_or(Val::WeekdayX(wd, None), Val::day);
    (v, step)
}

/// A month without a year: the year of the month before it in a range or a list, else the
/// anchor's year, moved by tense and by how far the month is from the anchor.
fn month(m: u8, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    // The second month of a range or a list takes the year of the first: `April through
    // July`, `October/December`, `March and May`.
    if let Some((py, pm, at)) = ctx.last_month {
        if at + 1 == c.at as usize && c.month_link {
            let y = if m >= pm { py } else { py + 1 };
            let v = Val::Date {
                y: Some(y),
                m,
                d: 0,
            };
            return (v, "year-of-first-in-range");
        }
    }
    let Some(a) = ctx.dct else {
        return (Val::Date { y: None, m, d: 0 }, "no-anchor");
    };
    let y = a.year() as i32;
    let cm = a.month() as u8;
    // A later month of a list or a schedule in its sentence with no past verb, after a month
    // not behind the anchor, follows it: `Italy in November, Las Vegas in December, Mexico in January,
    // Magi-Fest in February` in an October story (the next January, the next February).
    if let Some((py, pm, at)) = ctx.last_month {
        if c.month_before
            && !c.future
            && !(c.past_at || c.said_before || c.past_tense_around)
            && (py, pm) >= (y, cm)
            && at >= c.clause_from as usize
            && at < c.at as usize
        {
            let y = if m >= pm || c.month_again { py } else { py + 1 };
            return (
                Val::Date {
                    y: Some(y),
                    m,
                    d: 0,
                },
                "year-of-month-before-in-sentence",
            );
        }
    }
    let (y, step) = if c.future {
        (if m >= cm { y } else { y + 1 }, "next-by-future-cue")
    } else if m <= cm {
        if (cm - m) as i64 > 8 && !c.said_before && !c.past_tense_around && !c.past_at {
            (y + 1, "next-year-far-back")
        } else {
            (y, "anchor-year")
        }
    } else if ((m - cm) as i64) <= 2 && c.past_at {
        // The phrase is the time of a past verb: `the firm reported a loss in March`, `In
        // March, the firm cut jobs` in a January story are last March.
        (y - 1, "past-by-tense")
    } else if ((m - cm) as i64) <= 2 {
        (y, "anchor-year")
    } else if c.present && m - cm < 6 {
        // The present tense does not lean back: the nearer of the two Junes.
        (y, "ahead-by-present-tense")
    } else {
        (y - 1, "previous-year-month-ahead")
    };
    let v = Val::Date {
        y: Some(y),
        m,
        d: 0,
    };
    (v, step)
}

/// An all-numeric day that reads both ways: the configured order (`d`, `m`), unless that
/// day lies more than a week from the anchor and the other reading within a week of it
/// (`7/8/07` in a story of 2007-07-09 is July 8 whatever the configured order).
fn numeric_day(y: i32, d: u8, m: u8, ctx: &Context) -> (Val, &'static str) {
    let as_ordered = Val::Date { y: Some(y), m, d };
    let (Some(a), Some(day), Some(other)) = (ctx.dct, ymd(y, m, d), ymd(y, d, m)) else {
        return (as_ordered, "");
    };
    let off = |x: Date| (x - a).get_days().abs();
    if off(day) > 7 && off(other) <= 7 {
        (Val::day(other), "nearer-the-anchor")
    } else {
        (as_ordered, "")
    }
}

/// A day of a month without a year: the anchor's year, the last one when the day would be
/// over 90 days ahead, the next one when it would be far back or a future cue says so.
fn month_day(m: u8, d: u8, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    let Some(a) = ctx.dct else {
        return (Val::Date { y: None, m, d }, "no-anchor");
    };
    let y = a.year() as i32;
    let Some(day) = ymd(y, m, d).or_else(|| ymd(y - 1, m, d)) else {
        return (Val::Date { y: None, m, d }, "no-such-day");
    };
    let diff = (day - a).get_days() as i64;
    // The second day of a range takes the year of the first: `from November 20 to December
    // 11`, `January 23 through March 9`.
    if let Some(first) = ctx
        .last_date
        .filter(|_| c.day_link && ctx.last_date_at + 1 == c.at as usize)
    {
        let (fy, fm, fd) = (first.year() as i32, first.month() as u8, first.day() as u8);
        let y = if (m, d) >= (fm, fd) { fy } else { fy + 1 };
        if ymd(y, m, d).is_some() {
            return (Val::Date { y: Some(y), m, d }, "year-of-first-in-range");
        }
    }
    let (y, step) = if c.future {
        // Reported speech ("said they would resume attacks from November 29") tells of
        // plans made before the story: a day of the last two months stays there.
        if diff < -14 && !(diff >= -60 && c.would_before) {
            (y + 1, "next-by-future-cue")
        } else {
            (y, "anchor-year-future-cue")
        }
    } else if diff > 90 && c.present && diff < 183 {
        (y, "ahead-by-present-tense")
    } else if diff > 90 {
        (y - 1, "past-over-90-days-ahead")
    } else if diff > 7 && c.past_at {
        // `the plant closed on March 3` in a January story (a week of slack for a
        // creation time written before the story was finished).
        (y - 1, "past-by-tense")
    } else if diff < -270 && !c.said_before && !c.past_tense_around && !c.past_at {
        (y + 1, "next-year-far-back")
    } else {
        (y, "anchor-year")
    };
    (Val::Date { y: Some(y), m, d }, step)
}

/// A quarter without a year: the anchor's year, the last one for a quarter still ahead
/// without a future cue.
fn quarter(q: u8, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    let Some(a) = ctx.dct else {
        return (Val::Quarter { y: None, q }, "no-anchor");
    };
    let y = a.year() as i32;
    let cq = quarter_of(a.month() as u8);
    if q > cq && !c.future {
        (Val::Quarter { y: Some(y - 1), q }, "past-quarter-ahead")
    } else {
        (Val::Quarter { y: Some(y), q }, "anchor-year")
    }
}

/// A weekend: `dir` weekends from the anchor's, or for `the weekend` the nearest one (from
/// Thursday on, or with a future cue, the coming one).
fn weekend(dir: i64, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    let Some(a) = ctx.dct else {
        let v = Val::Week {
            y: None,
            w: 0,
            we: true,
        };
        return (v, "no-anchor");
    };
    let base = if dir != 0 {
        dir
    } else if weekday(a) >= 4 || c.future {
        0
    } else {
        -1
    };
    (shift(Some(a), Unit::Weekend, base), "nearest-weekend")
}

/// The occurrence of a holiday the text most likely means: the anchor year's, unless
/// that is more than 90 days ahead (last year's) or, with a future cue, past.
fn holiday(h: Holiday, c: &Cues, ctx: &Context) -> (Val, &'static str) {
    let unknown = Val::Date {
        y: None,
        m: XX,
        d: XX,
    };
    let Some(a) = ctx.dct else {
        let v = match holiday_in(h, 2001) {
            Some(d) if h.fixed() => Val::Date {
                y: None,
                m: d.month() as u8,
                d: d.day() as u8,
            },
            _ => unknown,
        };
        return (v, "no-anchor");
    };
    let fut = c.future;
    let step = if fut {
        "next-by-future-cue"
    } else {
        "nearest-not-over-90-days-ahead"
    };
    let y = a.year() as i32;
    let mut best = None;
    // A bare "Eid" is whichever of the two is nearest.
    let kinds = if h == Holiday::Eid {
        [Holiday::EidFitr, Holiday::EidAdha]
    } else {
        [h, h]
    };
    for (kind, yy) in kinds.iter().flat_map(|&k| [(k, y - 1), (k, y), (k, y + 1)]) {
        let Some(day) = holiday_in(kind, yy) else {
            continue;
        };
        let diff = (day - a).get_days() as i64;
        let ok = if fut { diff >= -14 } else { diff <= 90 };
        if ok && best.is_none_or(|(bd, _): (i64, Date)| bd.abs() > diff.abs()) {
            best = Some((diff, day));
        }
    }
    let v = match best {
        Some((_, day)) => Val::day(day),
        None if holiday_in(h, y).is_none() => Val::Date {
            y: Some(y),
            m: XX,
            d: XX,
        },
        None => unknown,
    };
    (v, step)
}

/// A day value with a part of day: `1998-02-06TNI`, `XXXX-WXX-5TNI`.
pub(crate) fn with_tod(v: Val, tod: Tod, wd: u8) -> Val {
    match v {
        Val::Date { y, m, d } if d != 0 => Val::DayTod { y, m, d, tod },
        Val::WeekdayX(w, _) => Val::WeekdayX(w, Some(tod)),
        _ if wd != 0 => Val::WeekdayX(wd, Some(tod)),
        _ => Val::DayTod {
            y: None,
            m: XX,
            d: XX,
            tod,
        },
    }
}

/// A holiday with a computable date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holiday {
    Easter,
    /// A bare `Eid`: whichever of the two Eids is meant by the date.
    Eid,
    EidFitr,
    EidAdha,
    Election,
    NewYear,
    NewYearsEve,
    Halloween,
    Valentine,
    /// Ash Wednesday, 46 days before Easter.
    AshWednesday,
}

impl Holiday {
    fn fixed(self) -> bool {
        matches!(
            self,
            Holiday::NewYear | Holiday::NewYearsEve | Holiday::Halloween | Holiday::Valentine
        )
    }
}

/// A month and a day.
type MonthDay = (u8, u8);

/// Eid al-Fitr and Eid al-Adha as observed in Pakistan (the lunar dates shift by a day
/// between countries), by year; outside the table an Eid stays `YYYY-XX-XX`. The 2026 dates
/// are the astronomical forecast.
const EID: [(i32, MonthDay, MonthDay); 11] = [
    (2016, (7, 6), (9, 13)),
    (2017, (6, 26), (9, 2)),
    (2018, (6, 16), (8, 22)),
    (2019, (6, 5), (8, 12)),
    (2020, (5, 24), (8, 1)),
    (2021, (5, 13), (7, 21)),
    (2022, (5, 3), (7, 10)),
    (2023, (4, 22), (6, 29)),
    (2024, (4, 10), (6, 17)),
    (2025, (3, 31), (6, 7)),
    (2026, (3, 21), (5, 27)),
];

/// The date of holiday `h` in year `y` (a bare Eid gives Eid al-Fitr).
pub(crate) fn holiday_in(h: Holiday, y: i32) -> Option<Date> {
    match h {
        Holiday::NewYear => ymd(y, 1, 1),
        Holiday::NewYearsEve => ymd(y, 12, 31),
        Holiday::Halloween => ymd(y, 10, 31),
        Holiday::Valentine => ymd(y, 2, 14),
        Holiday::Election => {
            // The Tuesday after the first Monday of November (US general elections).
            let first = ymd(y, 11, 1)?;
            let to_monday = (1 - weekday(first) as i64).rem_euclid(7);
            add_days(first, to_monday + 1)
        }
        Holiday::AshWednesday => add_days(holiday_in(Holiday::Easter, y)?, -46),
        Holiday::Easter => {
            // Anonymous Gregorian computus.
            let a = y % 19;
            let b = y / 100;
            let c = y % 100;
            let d = b / 4;
            let e = b % 4;
            let f = (b + 8) / 25;
            let g = (b - f + 1) / 3;
            let h = (19 * a + b - d - g + 15) % 30;
            let i = c / 4;
            let k = c % 4;
            let l = (32 + 2 * e + 2 * i - h - k) % 7;
            let m = (a + 11 * h + 22 * l) / 451;
            let month = (h + l - 7 * m + 114) / 31;
            let day = (h + l - 7 * m + 114) % 31 + 1;
            ymd(y, month as u8, day as u8)
        }
        Holiday::Eid | Holiday::EidFitr | Holiday::EidAdha => {
            let (_, f, a) = EID.iter().find(|e| e.0 == y)?;
            let (m, d) = if h == Holiday::EidAdha { *a } else { *f };
            ymd(y, m, d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(dct: &str) -> Context {
        Context {
            dct: Some(dct.parse().unwrap()),
            ..Context::default()
        }
    }

    fn value(e: Expr, c: Cues, ctx: &Context) -> (String, &'static str) {
        let r = Reading {
            expr: e,
            cues: c,
            base: None,
        };
        let (v, step) = resolve(&r, ctx);
        let mut s = String::new();
        v.write(&mut s);
        (s, step)
    }

    const FUTURE: Cues = Cues {
        at: 0,
        future: true,
        possessive: false,
        past_in_clause: false,
        past_tense_around: false,
        said_before: false,
        past_at: false,
        present: false,
        would_before: false,
        month_link: false,
        day_link: false,
        month_before: false,
        month_again: false,
        clause_from: 0,
    };

    #[test]
    fn weekdays() {
        // 2022-12-19 is a Monday.
        let c = ctx("2022-12-19");
        let fri = Expr::Weekday { wd: 5, tod: None };
        assert_eq!(
            value(fri, Cues::default(), &c),
            ("2022-12-16".into(), "nearest-past")
        );
        assert_eq!(
            value(fri, FUTURE, &c),
            ("2022-12-23".into(), "next-by-future-cue")
        );
        // Tuesday is six days back: the coming one, unless the clause is past.
        let tue = Expr::Weekday { wd: 2, tod: None };
        assert_eq!(
            value(tue, Cues::default(), &c),
            ("2022-12-20".into(), "next-not-six-days-back")
        );
        let past = Cues {
            past_tense_around: true,
            ..Cues::default()
        };
        assert_eq!(value(tue, past, &c), ("2022-12-13".into(), "nearest-past"));
        let night = Expr::Weekday {
            wd: 5,
            tod: Some(Tod::Night),
        };
        assert_eq!(
            value(night, Cues::default(), &c),
            ("2022-12-16TNI".into(), "nearest-past")
        );
        assert_eq!(
            value(night, Cues::default(), &Context::default()),
            ("XXXX-WXX-5TNI".into(), "no-anchor")
        );
    }

    #[test]
    fn months_and_days() {
        let c = ctx("2022-12-19");
        // March is nine months back in December: the next one, unless the clause is past.
        let march = Expr::Month { m: 3 };
        assert_eq!(
            value(march, Cues::default(), &c),
            ("2023-03".into(), "next-year-far-back")
        );
        let past = Cues {
            past_tense_around: true,
            ..Cues::default()
        };
        assert_eq!(value(march, past, &c), ("2022-03".into(), "anchor-year"));
        assert_eq!(
            value(march, FUTURE, &c),
            ("2023-03".into(), "next-by-future-cue")
        );
        // After "April and", with April 2021 just before: April's year.
        let story = Context {
            last_month: Some((2021, 4, 7)),
            ..c
        };
        let linked = Cues {
            at: 8,
            month_link: true,
            ..Cues::default()
        };
        assert_eq!(
            value(Expr::Month { m: 7 }, linked, &story),
            ("2021-07".into(), "year-of-first-in-range")
        );
        assert_eq!(
            value(Expr::Month { m: 2 }, linked, &story),
            ("2022-02".into(), "year-of-first-in-range")
        );
        // After "December 28 to", with that day of 2021 just before: the next January 4.
        let story = Context {
            last_date: ymd(2021, 12, 28),
            last_date_at: 7,
            ..c
        };
        let linked = Cues {
            at: 8,
            day_link: true,
            ..Cues::default()
        };
        assert_eq!(
            value(Expr::MonthDay { m: 1, d: 4 }, linked, &story),
            ("2022-01-04".into(), "year-of-first-in-range")
        );
        assert_eq!(
            value(Expr::MonthDay { m: 12, d: 31 }, linked, &story),
            ("2021-12-31".into(), "year-of-first-in-range")
        );
        // Still ahead in January, but the time of a past verb: last year's.
        let c = ctx("2022-01-10");
        let past_at = Cues {
            past_at: true,
            ..Cues::default()
        };
        assert_eq!(
            value(march, Cues::default(), &c),
            ("2022-03".into(), "anchor-year")
        );
        assert_eq!(
            value(march, past_at, &c),
            ("2021-03".into(), "past-by-tense")
        );
        let mar3 = Expr::MonthDay { m: 3, d: 3 };
        assert_eq!(
            value(mar3, past_at, &c),
            ("2021-03-03".into(), "past-by-tense")
        );
        let jan14 = Expr::MonthDay { m: 1, d: 14 };
        assert_eq!(
            value(jan14, past_at, &c),
            ("2022-01-14".into(), "anchor-year")
        );
        let dec30 = Expr::MonthDay { m: 12, d: 30 };
        assert_eq!(
            value(dec30, Cues::default(), &c),
            ("2021-12-30".into(), "past-over-90-days-ahead")
        );
        let jan20 = Expr::MonthDay { m: 1, d: 20 };
        assert_eq!(
            value(jan20, FUTURE, &c),
            ("2022-01-20".into(), "anchor-year-future-cue")
        );
        assert_eq!(
            value(Expr::MonthDay { m: 2, d: 30 }, Cues::default(), &c),
            ("XXXX-02-30".into(), "no-such-day")
        );
        // In the present tense, the nearer of the two: June is five months ahead of January,
        // and seven back; December eleven ahead (the last one).
        let present = Cues {
            present: true,
            ..Cues::default()
        };
        assert_eq!(
            value(Expr::Month { m: 6 }, Cues::default(), &c),
            ("2021-06".into(), "previous-year-month-ahead")
        );
        assert_eq!(
            value(Expr::Month { m: 6 }, present, &c),
            ("2022-06".into(), "ahead-by-present-tense")
        );
        assert_eq!(
            value(Expr::Month { m: 12 }, present, &c),
            ("2021-12".into(), "previous-year-month-ahead")
        );
        assert_eq!(
            value(Expr::MonthDay { m: 6, d: 1 }, present, &c),
            ("2022-06-01".into(), "ahead-by-present-tense")
        );
        assert_eq!(
            value(dec30, present, &c),
            ("2021-12-30".into(), "past-over-90-days-ahead")
        );
        assert_eq!(
            value(jan20, Cues::default(), &Context::default()),
            ("XXXX-01-20".into(), "no-anchor")
        );
    }

    #[test]
    fn quarters_weekends_holidays() {
        let c = ctx("2022-05-04");
        assert_eq!(
            value(Expr::Quarter { q: 3 }, Cues::default(), &c),
            ("2021-Q3".into(), "past-quarter-ahead")
        );
        assert_eq!(
            value(Expr::Quarter { q: 3 }, FUTURE, &c),
            ("2022-Q3".into(), "anchor-year")
        );
        // A Wednesday: "the weekend" is the last one, with a future cue the coming one.
        let we = Expr::Weekend { dir: 0 };
        assert_eq!(
            value(we, Cues::default(), &c),
            ("2022-W17-WE".into(), "nearest-weekend")
        );
        assert_eq!(
            value(we, FUTURE, &c),
            ("2022-W18-WE".into(), "nearest-weekend")
        );
        // Eid al-Fitr 2022 was on May 3 in Pakistan.
        assert_eq!(
            value(Expr::Holiday(Holiday::Eid), Cues::default(), &c),
            ("2022-05-03".into(), "nearest-not-over-90-days-ahead")
        );
        assert_eq!(
            value(Expr::Holiday(Holiday::Easter), Cues::default(), &c),
            ("2022-04-17".into(), "nearest-not-over-90-days-ahead")
        );
        assert_eq!(
            value(Expr::Holiday(Holiday::AshWednesday), Cues::default(), &c),
            ("2022-03-02".into(), "nearest-not-over-90-days-ahead")
        );
        assert_eq!(
            value(Expr::HolidayWeek(Holiday::Easter), Cues::default(), &c),
            ("2022-W15".into(), "nearest-not-over-90-days-ahead")
        );
        assert_eq!(
            value(
                Expr::Holiday(Holiday::Valentine),
                Cues::default(),
                &Context::default()
            ),
            ("XXXX-02-14".into(), "no-anchor")
        );
    }

    #[test]
    fn shifts_and_story() {
        // 2022-12-19 is a Monday.
        let c = ctx("2022-12-19");
        let e = |unit, n| Expr::Shift { unit, n, tod: None };
        assert_eq!(
            value(e(Unit::Month, -1), Cues::default(), &c),
            ("2022-11".into(), "anchor-shift")
        );
        assert_eq!(
            value(e(Unit::Week, 1), Cues::default(), &c),
            ("2022-W52".into(), "anchor-shift")
        );
        let tonight = Expr::Shift {
            unit: Unit::Day,
            n: 0,
            tod: Some(Tod::Night),
        };
        assert_eq!(
            value(tonight, Cues::default(), &c),
            ("2022-12-19TNI".into(), "anchor-shift")
        );
        assert_eq!(
            value(e(Unit::Day, -1), Cues::default(), &Context::default()),
            ("XXXX-XX-XX".into(), "no-anchor")
        );
        // A year back: a year, or the quarter of the story a year back.
        let back = Expr::YearBack { n: 1 };
        assert_eq!(
            value(back, Cues::default(), &c),
            ("2021".into(), "anchor-shift")
        );
        let quarters = Context {
            last_quarter: Some((2022, 3, 10)),
            ..c
        };
        let near = Cues {
            at: 40,
            ..Cues::default()
        };
        assert_eq!(
            value(back, near, &quarters),
            ("2021-Q3".into(), "quarter-a-year-back")
        );
        assert_eq!(
            value(Expr::LastQuarter, Cues::default(), &c),
            ("2022-Q3".into(), "last-completed-quarter")
        );
        // The story's year and date.
        let story = Context {
            last_year: Some(1998),
            last_date: Some("1998-02-06".parse().unwrap()),
            ..c
        };
        let following = Expr::Year {
            dir: 1,
            story: true,
        };
        assert_eq!(
            value(following, Cues::default(), &story),
            ("1999".into(), "story-year")
        );
        assert_eq!(
            value(following, Cues::default(), &c),
            ("2023".into(), "anchor-year")
        );
        let later = Expr::YearsLater { n: 2 };
        assert_eq!(
            value(later, Cues::default(), &story),
            ("2000".into(), "story-year-plus")
        );
        assert_eq!(
            value(later, Cues::default(), &c),
            ("2024".into(), "anchor-year")
        );
        let next_day = Expr::StoryDay { dir: 1, tod: None };
        assert_eq!(
            value(next_day, Cues::default(), &story),
            ("1998-02-07".into(), "story-date")
        );
        assert_eq!(
            value(next_day, Cues::default(), &c),
            ("XXXX-XX-XX".into(), "")
        );
    }

    #[test]
    fn weekday_and_month_steps() {
        // 2022-12-19 is a Monday.
        let c = ctx("2022-12-19");
        let last_fri = Expr::WeekdayStep {
            wd: 5,
            dir: -1,
            story: false,
        };
        assert_eq!(
            value(last_fri, Cues::default(), &c),
            ("2022-12-16".into(), "")
        );
        let next_mon = Expr::WeekdayStep {
            wd: 1,
            dir: 1,
            story: false,
        };
        assert_eq!(
            value(next_mon, Cues::default(), &c),
            ("2022-12-26".into(), "")
        );
        // "the previous Friday": from the story's last date when it is near, else the
        // Friday before last.
        let prev_fri = Expr::WeekdayStep {
            wd: 5,
            dir: -1,
            story: true,
        };
        let story = Context {
            last_date: Some("2022-11-30".parse().unwrap()),
            last_date_at: 20,
            ..c
        };
        let near = Cues {
            at: 30,
            ..Cues::default()
        };
        assert_eq!(value(prev_fri, near, &story), ("2022-11-25".into(), ""));
        let far = Cues {
            at: 20 + STORY_WINDOW as u32 + 1,
            ..Cues::default()
        };
        assert_eq!(value(prev_fri, far, &story), ("2022-12-09".into(), ""));
        let e = |m, dir| Expr::MonthStep { m, d: 0, dir };
        assert_eq!(value(e(3, -1), Cues::default(), &c), ("2022-03".into(), ""));
        assert_eq!(
            value(e(12, -1), Cues::default(), &c),
            ("2021-12".into(), "")
        );
        assert_eq!(value(e(12, 1), Cues::default(), &c), ("2023-12".into(), ""));
        let last_sep_26 = Expr::MonthStep {
            m: 9,
            d: 26,
            dir: -1,
        };
        assert_eq!(
            value(last_sep_26, Cues::default(), &c),
            ("2022-09-26".into(), "")
        );
        assert_eq!(
            value(e(6, 0), Cues::default(), &Context::default()),
            ("XXXX-06".into(), "")
        );
    }

    #[test]
    fn parts_of_years_seasons_thanksgiving() {
        let c = ctx("2022-05-04");
        let e = |dir, part| Expr::InYear { dir, part };
        assert_eq!(
            value(e(-1, Part::Month(3)), Cues::default(), &c),
            ("2021-03".into(), "")
        );
        assert_eq!(
            value(e(1, Part::Season(1)), Cues::default(), &c),
            ("2023-SP".into(), "")
        );
        assert_eq!(
            value(
                e(0, Part::Day(12, 31)),
                Cues::default(),
                &Context::default()
            ),
            ("XXXX-12-31".into(), "")
        );
        // In May, "in the winter" is the last one, "in the fall" last year's unless ahead.
        let season = |s| Expr::Season { s };
        assert_eq!(
            value(season(4), Cues::default(), &c),
            ("2021-WI".into(), "")
        );
        assert_eq!(
            value(season(3), Cues::default(), &c),
            ("2021-FA".into(), "")
        );
        assert_eq!(value(season(3), FUTURE, &c), ("2022-FA".into(), ""));
        assert_eq!(
            value(Expr::Thanksgiving, Cues::default(), &c),
            ("2021-11-25".into(), "")
        );
        assert_eq!(
            value(Expr::Thanksgiving, FUTURE, &c),
            ("2022-11-24".into(), "")
        );
    }

    #[test]
    fn clock_times_and_days_of_the_month() {
        let c = ctx("2022-12-19");
        let clock = Expr::Clock {
            h: 9,
            mi: 30,
            z: true,
            story: true,
        };
        let at = Cues {
            at: 30,
            clause_from: 25,
            ..Cues::default()
        };
        assert_eq!(value(clock, at, &c), ("2022-12-19T09:30Z".into(), ""));
        // A date earlier in the sentence gives the day; one in the sentence before does not.
        let story = Context {
            last_date: Some("2022-12-14".parse().unwrap()),
            last_date_at: 27,
            ..c
        };
        assert_eq!(value(clock, at, &story), ("2022-12-14T09:30Z".into(), ""));
        let earlier = Context {
            last_date_at: 24,
            ..story
        };
        assert_eq!(value(clock, at, &earlier), ("2022-12-19T09:30Z".into(), ""));
        let midnight = Expr::Clock {
            h: 24,
            mi: 99,
            z: false,
            story: false,
        };
        assert_eq!(
            value(midnight, at, &Context::default()),
            ("XXXX-XX-XXT24".into(), "")
        );
        let the_15th = Expr::DayOfMonth {
            d: 15,
            dir: 1,
            bare: false,
        };
        assert_eq!(
            value(the_15th, Cues::default(), &c),
            ("2023-01-15".into(), "")
        );
        // "on the 23rd": this month, or the last one when the clause is past.
        let on_23rd = Expr::DayOfMonth {
            d: 23,
            dir: 0,
            bare: true,
        };
        assert_eq!(
            value(on_23rd, Cues::default(), &c),
            ("2022-12-23".into(), "")
        );
        let past = Cues {
            past_in_clause: true,
            ..Cues::default()
        };
        assert_eq!(value(on_23rd, past, &c), ("2022-11-23".into(), ""));
    }

    #[test]
    fn parts_of_named_years_and_halves() {
        let c = ctx("2022-05-04");
        let q3 = |year| Expr::PartOf {
            year,
            part: Part::Quarter(3),
        };
        assert_eq!(
            value(q3(YearRef::Anchor(-1)), Cues::default(), &c),
            ("2021-Q3".into(), "anchor-shift")
        );
        let story = Context {
            last_year: Some(1998),
            ..c
        };
        assert_eq!(
            value(q3(YearRef::Story), Cues::default(), &story),
            ("1998-Q3".into(), "story-year")
        );
        assert_eq!(
            value(q3(YearRef::Story), Cues::default(), &c),
            ("XXXX-Q3".into(), "story-year")
        );
        // In May, "the second half" is last year's unless a future cue says otherwise.
        let h2 = Expr::Half { h: 2 };
        assert_eq!(value(h2, Cues::default(), &c), ("2021-H2".into(), ""));
        assert_eq!(value(h2, FUTURE, &c), ("2022-H2".into(), ""));
    }

    /// The value of `e` read from the phrase `inner` inside it.
    fn value_on(e: Expr, inner: Expr, ctx: &Context) -> (String, &'static str) {
        let r = Reading {
            expr: e,
            cues: Cues::default(),
            base: Some(Inner {
                expr: inner,
                cues: Cues::default(),
            }),
        };
        let (v, step) = resolve(&r, ctx);
        let mut s = String::new();
        v.write(&mut s);
        (s, step)
    }

    #[test]
    fn story_anaphora() {
        let c = ctx("2022-12-19");
        let story = Context {
            last_year: Some(2015),
            last_date: Some("2015-06-05".parse().unwrap()),
            last_date_at: 10,
            last_month: Some((2015, 6, 10)),
            ..c
        };
        let near = Cues {
            at: 20,
            ..Cues::default()
        };
        let week = Expr::Anaphor {
            unit: Unit::Week,
            dir: 1,
        };
        assert_eq!(value(week, near, &story), ("2015-W24".into(), "story-week"));
        let month = Expr::Anaphor {
            unit: Unit::Month,
            dir: -1,
        };
        assert_eq!(
            value(month, near, &story),
            ("2015-05".into(), "story-month")
        );
        // A date of another passage is another story: the anchor's month.
        let far = Cues {
            at: 11 + STORY_WINDOW as u32,
            ..Cues::default()
        };
        assert_eq!(
            value(month, far, &story),
            ("2022-11".into(), "anchor-shift")
        );
        let december = Expr::PartOf {
            year: YearRef::StoryOrAnchor,
            part: Part::Month(12),
        };
        assert_eq!(
            value(december, near, &story),
            ("2015-12".into(), "story-year")
        );
        assert_eq!(value(december, near, &c), ("2022-12".into(), "anchor-year"));
    }

    #[test]
    fn readings_from_a_phrase_inside() {
        // 2022-05-10 is a Tuesday; Eid al-Fitr 2022 was on May 3 in Pakistan.
        let c = ctx("2022-05-10");
        let eid = Expr::Holiday(Holiday::Eid);
        assert_eq!(
            value_on(Expr::DaysFrom { dir: 1 }, eid, &c),
            ("2022-05-04".into(), "nearest-not-over-90-days-ahead")
        );
        let mar6 = Expr::MonthDay { m: 3, d: 6 };
        assert_eq!(
            value_on(Expr::WeekOf, mar6, &c),
            ("2022-W09".into(), "anchor-year")
        );
        assert_eq!(
            value_on(Expr::WeekOf, mar6, &Context::default()),
            ("XXXX-WXX".into(), "no-anchor")
        );
        // "Tuesday (May 3)" agrees; "Tuesday (May 4)" does not, and the weekday is read alone.
        let tue = Expr::WeekdayOn { wd: 2 };
        assert_eq!(
            value_on(tue, Expr::MonthDay { m: 5, d: 3 }, &c),
            ("2022-05-03".into(), "anchor-year")
        );
        assert_eq!(
            value_on(tue, Expr::MonthDay { m: 5, d: 4 }, &c),
            ("2022-05-10".into(), "nearest-past")
        );
        let clock = Expr::ClockOn {
            h: 22,
            mi: 0,
            z: false,
        };
        let mon = Expr::Weekday { wd: 1, tod: None };
        assert_eq!(
            value_on(clock, mon, &c),
            ("2022-05-09T22:00".into(), "nearest-past")
        );
        assert_eq!(
            value_on(clock, mar6, &Context::default()),
            ("XXXX-03-06T22:00".into(), "no-anchor")
        );
        // A part of the day on a day written in full keeps today's step.
        let morning = Expr::TodOn { tod: Tod::Morning };
        assert_eq!(
            value_on(morning, mon, &c),
            ("2022-05-09TMO".into(), "nearest-past")
        );
        let written = Expr::Val(Val::Date {
            y: Some(2022),
            m: 5,
            d: 1,
        });
        assert_eq!(
            value_on(morning, written, &c),
            ("2022-05-01TMO".into(), "anchor-shift")
        );
        assert_eq!(
            value(morning, Cues::default(), &c),
            ("2022-05-10TMO".into(), "anchor-shift")
        );
    }

    #[test]
    fn year_ago_quarters() {
        let c = ctx("2022-11-10");
        assert_eq!(
            value(Expr::YearAgoQuarter { q: 3 }, Cues::default(), &c),
            ("2021-Q3".into(), "anchor-shift")
        );
        assert_eq!(
            value(Expr::YearAgoQuarter { q: 0 }, Cues::default(), &c),
            ("2021-Q3".into(), "last-completed-quarter")
        );
        // After a quarter of the story: that quarter a year back.
        let story = Context {
            last_quarter: Some((2022, 2, 5)),
            ..c
        };
        let near = Cues {
            at: 30,
            ..Cues::default()
        };
        assert_eq!(
            value(Expr::YearAgoQuarter { q: 0 }, near, &story),
            ("2021-Q2".into(), "quarter-a-year-back")
        );
        assert_eq!(
            value(Expr::LastQuarterOf { y: 1988 }, Cues::default(), &c),
            ("1988-Q3".into(), "last-completed-quarter")
        );
    }
}

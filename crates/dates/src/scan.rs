//! The grammar: small recursive-descent rules that start at a trigger token and extend to the
//! right over the token vector, returning the longest TIMEX3 extent with its reading (`Expr`),
//! which `crate::resolve` values.

use jiff::civil::Date;
use khabar_core::TimexType;

use crate::lex::{Hol, Kind, Lex, Tod, Tok, Unit};
use crate::resolve::{holiday_in, Cues, Expr, Facts, Holiday, Inner, Part, Reading, YearRef};

mod cues;

use crate::value::{ymd, Amount, Val, XX};

/// A candidate match: tokens `[start, end)`, its type and its unresolved reading.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cand {
    /// The grammar rule that read the expression (`month`, `weekday`, `duration`, ...).
    pub rule: &'static str,
    pub end: usize,
    pub ty: TimexType,
    /// What the phrase says, before the anchor and the story give it a value.
    pub expr: Expr,
    /// What its sentence says about its direction.
    pub cues: Cues,
    /// The reading of the phrase inside it that it is valued from (`the day after Eid`).
    pub base: Option<Inner>,
    /// The year written in the text, if any (for "December that year").
    pub year: Option<i32>,
}

impl Cand {
    /// What the resolver values.
    pub(crate) fn reading(&self) -> Reading {
        Reading {
            expr: self.expr,
            cues: self.cues,
            base: self.base,
        }
    }

    /// The candidate as the phrase inside a longer one; `None` when it has a phrase inside
    /// itself (readings nest one level: `the day after Tuesday (November 9)` is not read).
    fn inner(&self) -> Option<Inner> {
        self.base.is_none().then_some(Inner {
            expr: self.expr,
            cues: self.cues,
        })
    }
}

/// Whether token `t` may start a time expression: false only where the first dispatch of
/// [`Scanner::at`] gives up at once (a word outside the lexicon or of a class that starts no
/// rule, punctuation other than an apostrophe). Keep the two in step.
#[inline(always)]
pub(crate) fn may_start(t: &Tok) -> bool {
    match t.kind {
        Kind::Num => true,
        Kind::Punct => t.num == b'\'' as u32,
        Kind::Other => false,
        Kind::Word => word_may_start(t.lex, (t.e - t.s) as usize),
    }
}

/// [`may_start`] for a word of class `lex` and `len` bytes.
#[inline(always)]
pub(crate) fn word_may_start(lex: Lex, len: usize) -> bool {
    match lex {
        // Of the prepositions only `over` starts a rule (`over two years`).
        Lex::Prep => len == 4,
        Lex::None
        | Lex::Tod(..)
        | Lex::Ago
        | Lex::Least
        | Lex::Beginning
        | Lex::Middle
        | Lex::Same
        | Lex::Half
        | Lex::Hundred
        | Lex::Thousand
        | Lex::Latest
        | Lex::Of
        | Lex::And
        | Lex::Eve
        | Lex::Times
        | Lex::Period
        | Lex::Long
        | Lex::Old
        | Lex::Fut
        | Lex::PastVerb
        | Lex::Near
        | Lex::Full
        | Lex::Time
        | Lex::Prior
        | Lex::Same2
        | Lex::Bc => false,
        _ => true,
    }
}

fn cand(rule: &'static str, end: usize, ty: TimexType, val: Val) -> Option<Cand> {
    Some(Cand {
        rule,
        end,
        ty,
        expr: Expr::Val(val),
        cues: Cues::default(),
        base: None,
        year: None,
    })
}

/// A candidate that names its year, which later anaphora ("that year") refer to.
fn cand_y(rule: &'static str, end: usize, ty: TimexType, val: Val, year: i32) -> Option<Cand> {
    Some(Cand {
        rule,
        end,
        ty,
        expr: Expr::Val(val),
        cues: Cues::default(),
        base: None,
        year: Some(year),
    })
}

/// The calendars and peoples whose `New Year` is not January 1.
const OTHER_NEW_YEARS: [&str; 12] = [
    "chinese",
    "lunar",
    "jewish",
    "islamic",
    "hijri",
    "persian",
    "iranian",
    "hindu",
    "tamil",
    "thai",
    "vietnamese",
    "korean",
];

/// A year, which later anaphora refer to.
fn cand_year(rule: &'static str, end: usize, y: i32) -> Option<Cand> {
    let val = Val::Date {
        y: Some(y),
        m: 0,
        d: 0,
    };
    cand_y(rule, end, DATE, val, y)
}

/// A candidate read as `expr`, whose value the resolver gives from the cues of tokens
/// `[i, end)` of `sc`.
fn cand_e(
    sc: &Scanner<'_>,
    rule: &'static str,
    i: usize,
    end: usize,
    ty: TimexType,
    expr: Expr,
) -> Option<Cand> {
    cand_base(sc, rule, i, end, ty, expr, None)
}

/// A candidate read as `expr`, valued from the phrase `inner` inside it.
fn cand_on(
    sc: &Scanner<'_>,
    rule: &'static str,
    i: usize,
    end: usize,
    ty: TimexType,
    expr: Expr,
    inner: Inner,
) -> Option<Cand> {
    cand_base(sc, rule, i, end, ty, expr, Some(inner))
}

/// A candidate read as `expr` on tokens `[i, end)`, with the phrase inside it if any.
fn cand_base(
    sc: &Scanner<'_>,
    rule: &'static str,
    i: usize,
    end: usize,
    ty: TimexType,
    expr: Expr,
    base: Option<Inner>,
) -> Option<Cand> {
    Some(Cand {
        rule,
        end,
        ty,
        expr,
        cues: sc.cues(i, end, &expr),
        base,
        year: None,
    })
}

/// A candidate read as `expr`, whose value needs no cue of its sentence, only where it
/// starts (token `i`).
fn cand_at(rule: &'static str, i: usize, end: usize, ty: TimexType, expr: Expr) -> Option<Cand> {
    Some(Cand {
        rule,
        end,
        ty,
        expr,
        cues: Cues {
            at: i as u32,
            ..Cues::default()
        },
        base: None,
        year: None,
    })
}

/// State of one scan over one text.
pub(crate) struct Scanner<'a> {
    pub text: &'a [u8],
    pub t: &'a [Tok],
    pub day_first: bool,
    /// What the grammar may ask of the story (whether it has a year, whether a phrase is
    /// valued as a day): yes or no, never the anchor or a date.
    pub facts: &'a dyn Facts,
}

const DATE: TimexType = TimexType::Date;
const DURATION: TimexType = TimexType::Duration;
const TIME: TimexType = TimexType::Time;
const SET: TimexType = TimexType::Set;

impl<'a> Scanner<'a> {
    // ---- token helpers -------------------------------------------------------------------

    #[inline]
    fn lex(&self, i: usize) -> Lex {
        self.t.get(i).map_or(Lex::None, |t| t.lex)
    }

    #[inline]
    fn is_p(&self, i: usize, b: u8) -> bool {
        self.t
            .get(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.num == b as u32)
    }

    /// Tokens `i` and `i + 1` touch (no space between).
    #[inline]
    fn adj(&self, i: usize) -> bool {
        match (self.t.get(i), self.t.get(i + 1)) {
            (Some(a), Some(b)) => a.e == b.s,
            _ => false,
        }
    }

    /// A plain digit run: its value and digit count.
    #[inline]
    fn digits(&self, i: usize) -> Option<(u32, u8)> {
        let t = self.t.get(i)?;
        (t.kind == Kind::Num && t.nd > 0).then_some((t.num, t.nd))
    }

    #[inline]
    fn word(&self, i: usize) -> &[u8] {
        match self.t.get(i) {
            Some(t) if t.kind == Kind::Word => &self.text[t.s as usize..t.e as usize],
            _ => b"",
        }
    }

    #[inline]
    fn word_is(&self, i: usize, w: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(w.as_bytes())
    }

    /// Token `i` is one of `words` (ASCII case ignored).
    #[inline]
    fn word_in(&self, i: usize, words: &[&str]) -> bool {
        words.iter().any(|w| self.word_is(i, w))
    }

    /// Token `i` is a word of two letters or more, all uppercase (headline style).
    fn upper(&self, i: usize) -> bool {
        let w = self.word(i);
        w.len() > 1 && w.iter().all(u8::is_ascii_uppercase)
    }

    #[inline]
    fn cap(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.cap)
    }

    /// Token `i` follows a word in running text: inside a sentence, not at its start, and
    /// not in a title-case line, where a capital says nothing of a name.
    fn in_running_text(&self, i: usize) -> bool {
        i > 0 && self.t[i - 1].kind == Kind::Word && !self.title_case_line(i)
    }

    /// Token `i` stands in a short line (a headline's length, read whole) whose longer plain
    /// words (not the lexicon's) mostly start with a capital: a headline or a title written in
    /// title case. A long line is running text, however many names it holds.
    fn title_case_line(&self, i: usize) -> bool {
        const LINE_MAX: usize = 24;
        let newline_before = |a: usize, b: usize| {
            self.text[self.t[a].s as usize..self.t[b].s as usize].contains(&b'\n')
        };
        let mut lo = i;
        while lo > 0 && !newline_before(lo - 1, lo) {
            if i - lo == LINE_MAX {
                return false;
            }
            lo -= 1;
        }
        let mut hi = i;
        while hi + 1 < self.t.len() && !newline_before(hi, hi + 1) {
            if hi - lo == LINE_MAX {
                return false;
            }
            hi += 1;
        }
        let (mut words, mut caps) = (0u32, 0u32);
        for t in &self.t[lo..=hi] {
            if t.kind == Kind::Word && t.lex == Lex::None && t.e - t.s >= 4 {
                words += 1;
                caps += u32::from(t.cap);
            }
        }
        words >= 3 && caps * 4 >= words * 3
    }

    #[inline]
    fn prev(&self, i: usize) -> Lex {
        if i == 0 {
            Lex::None
        } else {
            self.lex(i - 1)
        }
    }

    /// Skips an abbreviation dot right after token `i`, returning the next index.
    fn after_dot(&self, i: usize) -> usize {
        if self.is_p(i + 1, b'.') && self.adj(i) && matches!(self.lex(i), Lex::MonthAbbr(_)) {
            i + 2
        } else {
            i + 1
        }
    }

    /// Token `i` ends a sentence. The cues ask it of every token they pass: inlined, a word
    /// is turned away by its kind.
    #[inline]
    fn is_sentence_break(&self, i: usize) -> bool {
        match self.t.get(i) {
            Some(t) if t.kind == Kind::Punct => match t.num as u8 {
                b'!' | b'?' | b'\n' | b';' => true,
                b'.' => self.dot_ends_sentence(i),
                _ => false,
            },
            _ => false,
        }
    }

    /// The dot at token `i` ends a sentence.
    fn dot_ends_sentence(&self, i: usize) -> bool {
        // The dot of an initial or a title ("Daniel P. Davison", "Mr. Khan") ends nothing, nor
        // does a dot before a comma or a lowercase word ("Birmingham, Ala., killed").
        !((i > 0 && self.adj(i - 1) && self.abbrev(i - 1))
            || self.is_p(i + 1, b',')
            || self.word(i + 1).first().is_some_and(u8::is_ascii_lowercase))
    }

    /// Token `i` is an initial or a common abbreviation written before a dot.
    fn abbrev(&self, i: usize) -> bool {
        let w = self.word(i);
        (w.len() == 1 && w[0].is_ascii_uppercase())
            || [
                b"mr" as &[u8],
                b"mrs",
                b"ms",
                b"dr",
                b"st",
                b"jr",
                b"sr",
                b"gen",
                b"lt",
                b"col",
                b"sgt",
                b"capt",
                b"gov",
                b"sen",
                b"rep",
                b"prof",
                b"inc",
                b"corp",
                b"co",
                b"ltd",
                b"vs",
            ]
            .iter()
            .any(|a| w.eq_ignore_ascii_case(a))
    }

    /// Token `j` is a colon between two digit runs, as in a clock time `10:30`.
    fn clock_colon(&self, j: usize) -> bool {
        self.is_p(j, b':') && self.adj(j - 1) && self.adj(j) && self.digits(j + 1).is_some()
    }

    /// `to`, `through`, `until`, `till`: a preposition that closes a range.
    fn range_word(&self, k: usize) -> bool {
        self.word_in(k, &["to", "through", "until", "till", "thru"])
    }

    // ---- resolution ------------------------------------------------------------------------

    /// `of 1989`, `of last year`, `of this year`, `of next year`, `of that year` at token `k`
    /// (the `of`): the year and the end of the phrase.
    fn of_year(&self, k: usize) -> Option<(YearRef, usize)> {
        if self.lex(k) != Lex::Of {
            return None;
        }
        if let Some((y, 4)) = self.digits(k + 1) {
            if (1000..=2100).contains(&y) {
                return Some((YearRef::Written(y as i32), k + 2));
            }
        }
        if self.lex(k + 2) != Lex::Unit(Unit::Year, false) {
            return None;
        }
        let dir = match self.lex(k + 1) {
            Lex::Last | Lex::Previous | Lex::Past => -1,
            Lex::Next | Lex::Coming => 1,
            Lex::This => 0,
            Lex::That => return Some((YearRef::Story, k + 3)),
            _ => return None,
        };
        Some((YearRef::Anchor(dir), k + 3))
    }

    /// A year written right after a quarter or a half, without `of` (`fourth quarter 1986`,
    /// `the second half 1987`): four digits in 1900-2100, not the start of a span (`1986-87`)
    /// or a clock time.
    fn year_after_part(&self, k: usize) -> Option<i32> {
        let (y, 4) = self.digits(k)? else {
            return None;
        };
        let ok = (1900..=2100).contains(&y)
            && !(self.adj(k) && self.is_p(k + 1, b'-'))
            && !self.clock_colon(k + 1);
        ok.then_some(y as i32)
    }

    /// A part of the year `y` read by `of_year`, on tokens `[i, end)`.
    fn part_of(
        &self,
        rule: &'static str,
        i: usize,
        end: usize,
        y: YearRef,
        part: Part,
    ) -> Option<Cand> {
        match y {
            YearRef::Written(y) => {
                let v = match part {
                    Part::Quarter(q) => Val::Quarter { y: Some(y), q },
                    Part::Half(h) => Val::Half { y: Some(y), h },
                    Part::Season(s) => Val::Season { y: Some(y), s },
                    Part::Month(m) => Val::Date {
                        y: Some(y),
                        m,
                        d: 0,
                    },
                    Part::Day(m, d) => Val::Date { y: Some(y), m, d },
                };
                cand(rule, end, DATE, v)
            }
            year => cand_at(rule, i, end, DATE, Expr::PartOf { year, part }),
        }
    }

    /// The candidate is valued as a full date (`Tuesday` with an anchor, `March 6`).
    fn is_day(&self, c: &Cand) -> bool {
        self.facts.is_day(&c.reading())
    }

    /// The candidate is valued as a day of a month, perhaps of an unknown year.
    fn names_day(&self, c: &Cand) -> bool {
        self.facts.names_day(&c.reading())
    }

    /// `n` units from the anchor, unresolved.
    fn shift_e(&self, unit: Unit, n: i64) -> Expr {
        Expr::Shift {
            unit,
            n: n as i32,
            tod: None,
        }
    }

    // ---- entry point -----------------------------------------------------------------------

    /// The longest time expression starting at token `i`.
    ///
    /// Most tokens start none (a plain word, punctuation): [`may_start`] turns them away
    /// before the grammar's dispatch is entered.
    #[inline(always)]
    pub(crate) fn at(&self, i: usize) -> Option<Cand> {
        if !may_start(self.t.get(i)?) {
            return None;
        }
        self.at_trigger(i)
    }

    /// [`at`](Self::at) for a token that [`may_start`] a time expression.
    pub(crate) fn at_trigger(&self, i: usize) -> Option<Cand> {
        let t = self.t.get(i)?;
        match t.kind {
            Kind::Num => return self.times_per(i).or_else(|| self.number(i)),
            Kind::Punct if t.num == b'\'' as u32 => return self.apos_decade(i),
            Kind::Word => {}
            _ => return None,
        }
        match t.lex {
            Lex::None => None,
            Lex::The => self.the(i),
            Lex::Last | Lex::Next | Lex::This | Lex::Past | Lex::Previous | Lex::Coming => {
                self.rel(i, false)
            }
            Lex::Early | Lex::Late | Lex::Mid => self.modif(i),
            Lex::Ad => self.era_year(i + 1, i),
            // `end-March`, `end-2022`: `the end of`, hyphenated, as finance copy writes it.
            Lex::End if self.is_p(i + 1, b'-') && self.adj(i) && self.adj(i + 1) => self.modif(i),
            Lex::Earlier | Lex::Later => self.earlier(i),
            Lex::Month(_) | Lex::MonthAbbr(_) => self.month(i),
            Lex::Weekday(_) => self.weekday(i),
            Lex::WeekdayPl(d) => {
                if !self.cap(i) {
                    return None;
                }
                cand("weekday-plural", i + 1, SET, Val::WeekdayX(d, None))
            }
            Lex::Num(18 | 19) => self.spelled_year(i).or_else(|| self.dur_phrase(i, i)),
            Lex::A if self.lex(i + 1) == Lex::Later && self.word_is(i + 2, "date") => {
                cand("a-later-date", i + 3, DATE, Val::Ref("FUTURE_REF"))
            }
            Lex::Num(_) => self.times_per(i).or_else(|| self.dur_phrase(i, i)),
            Lex::A | Lex::Several | Lex::Few | Lex::Couple | Lex::Dozen => self.dur_phrase(i, i),
            Lex::Once => self.times_per(i),
            Lex::Approx | Lex::More | Lex::Less | Lex::Up | Lex::At => self.approx(i),
            Lex::Prep if self.word_is(i, "over") || self.word_is(i, "under") => self.approx(i),
            Lex::Today | Lex::Yesterday | Lex::Tomorrow | Lex::Tonight | Lex::Now => {
                self.deictic(i)
            }
            Lex::Right if self.lex(i + 1) == Lex::Now => {
                cand("right-now", i + 2, DATE, Val::Ref("PRESENT_REF"))
            }
            Lex::Recent
            | Lex::Recently
            | Lex::Current
            | Lex::Currently
            | Lex::Future
            | Lex::Soon
            | Lex::Nowadays
            | Lex::These => self.refs(i),
            Lex::Fiscal => self.fiscal(i),
            Lex::QLetter => self.quarter_word(i),
            Lex::Every | Lex::Each => self.every(i),
            Lex::Per(u) => {
                // A newspaper: "the Daily Telegraph", "the party daily said".
                let title = self.cap(i) && self.cap(i + 1) && self.lex(i + 1) == Lex::None;
                // A title after a capitalised name: "LA Weekly", "China Daily".
                let named = i > 0
                    && self.cap(i)
                    && self.cap(i - 1)
                    && self.lex(i - 1) == Lex::None
                    && self.t[i - 1].kind == Kind::Word;
                let paper = self.word_in(i + 1, &["said", "says", "reported", "quoted", "wrote"]);
                // A name of authors: "Image: Daily et al.".
                let paper = paper || (self.cap(i) && self.word_is(i + 1, "et"));
                (!title && !named && !paper)
                    .then(|| cand("per-unit", i + 1, SET, Val::Dur(Amount::N(1), u)))
                    .flatten()
            }
            Lex::PerWord => match self.lex(i + 1) {
                Lex::Unit(u, false) => cand("per-unit", i + 2, SET, Val::Dur(Amount::N(1), u)),
                _ => None,
            },
            Lex::Ord(_) => self.ordinal(i),
            Lex::Unit(..) => self.unit(i),
            Lex::Noon | Lex::Midnight => self.noon(i),
            Lex::Christmas | Lex::Thanksgiving | Lex::Yoga => self.holiday(i),
            Lex::Hol(h) => self.holiday2(i, h),
            Lex::That => self.that(i),
            Lex::Season(_) => self.season(i),
            _ => None,
        }
    }

    /// A day of the month by its ordinal: `the 15th of this month`, `the 1st of next month`,
    /// and after a preposition `on the 3rd` (this month, or the last one when the day is still
    /// ahead and a past verb comes before). `the 21st century`, `the 3rd Battalion`: no.
    fn the_nth(&self, i: usize) -> Option<Cand> {
        let j = i + 1;
        let (d, 1..=2) = self.digits(j)? else {
            return None;
        };
        if !(1..=31).contains(&d)
            || !self.adj(j)
            || !matches!(self.word(j + 1), b"th" | b"st" | b"nd" | b"rd")
        {
            return None;
        }
        let k = j + 2;
        if self.lex(k) == Lex::Of && self.lex(k + 2) == Lex::Unit(Unit::Month, false) {
            let off = match self.lex(k + 1) {
                Lex::This => 0,
                Lex::Next => 1,
                Lex::Last | Lex::Previous => -1,
                _ => return None,
            };
            let e = Expr::DayOfMonth {
                d: d as u8,
                dir: off,
                bare: false,
            };
            return cand_at("day-ordinal", i, k + 3, DATE, e);
        }
        let bare_end = match self.t.get(k) {
            None => true,
            Some(t) => {
                t.kind == Kind::Punct || matches!(self.lex(k), Lex::Prep | Lex::And | Lex::Of)
            }
        };
        if !(bare_end && self.lex(k) != Lex::Of && i > 0 && self.lex(i - 1) == Lex::Prep) {
            return None;
        }
        let e = Expr::DayOfMonth {
            d: d as u8,
            dir: 0,
            bare: true,
        };
        cand_e(self, "day-ordinal", i, k, DATE, e)
    }

    /// `this coming Sunday, March 8`: a day written in apposition after an expression that
    /// ends with a weekday belongs to it and gives it its value.
    pub(crate) fn appositive(&self, c: Cand) -> Cand {
        if c.ty != DATE
            || c.end < 1
            || !matches!(self.lex(c.end - 1), Lex::Weekday(_))
            || !self.is_p(c.end, b',')
            || !matches!(self.lex(c.end + 1), Lex::Month(_) | Lex::MonthAbbr(_))
        {
            return c;
        }
        match self.month(c.end + 1) {
            Some(d) if self.names_day(&d) => d,
            _ => c,
        }
    }

    // ---- numbers ---------------------------------------------------------------------------

    /// A number phrase: digits, number words, `a`, `several`; returns the amount and the end.
    fn amount(&self, i: usize) -> Option<(Amount, usize)> {
        let t = self.t.get(i)?;
        if t.kind == Kind::Num {
            // A decimal (`2.5 years`) has separators: its digit count is 0.
            if t.nd == 0 {
                let s = &self.text[t.s as usize..t.e as usize];
                if let Some(dot) = s.iter().position(|&c| c == b'.') {
                    let whole = t.num;
                    let tenth = s
                        .get(dot + 1)
                        .filter(|c| c.is_ascii_digit())
                        .map_or(0, |c| (c - b'0') as u32);
                    return Some((
                        Amount::Tenths(whole.saturating_mul(10).saturating_add(tenth)),
                        i + 1,
                    ));
                }
            }
            // "2 1/2 years", and as wire copy writes it, "2-1/2 years"
            let half = |k: usize| {
                self.digits(k) == Some((1, 1))
                    && self.is_p(k + 1, b'/')
                    && self.digits(k + 2) == Some((2, 1))
                    && self.adj(k)
                    && self.adj(k + 1)
            };
            let halves = t.num.saturating_mul(10).saturating_add(5);
            if t.nd > 0 && !self.adj(i) && half(i + 1) {
                return Some((Amount::Tenths(halves), i + 4));
            }
            if t.nd > 0 && self.adj(i) && self.is_p(i + 1, b'-') && self.adj(i + 1) && half(i + 2) {
                return Some((Amount::Tenths(halves), i + 5));
            }
            return Some((Amount::N(t.num), i + 1));
        }
        match t.lex {
            Lex::Num(n) => {
                let mut v = u32::from(n);
                let mut j = i + 1;
                if n >= 20 && n % 10 == 0 {
                    if let Lex::Num(k) = self.lex(j) {
                        if k < 10 {
                            v += u32::from(k);
                            j += 1;
                        }
                    } else if self.is_p(j, b'-') && self.adj(i) && self.adj(j) {
                        if let Lex::Num(k) = self.lex(j + 1) {
                            if k < 10 {
                                v += u32::from(k);
                                j += 2;
                            }
                        }
                    }
                }
                match self.lex(j) {
                    Lex::Hundred => {
                        v *= 100;
                        j += 1;
                    }
                    Lex::Thousand => {
                        v *= 1000;
                        j += 1;
                    }
                    _ => {}
                }
                Some((Amount::N(v), j))
            }
            Lex::A => match self.lex(i + 1) {
                Lex::Hundred => Some((Amount::N(100), i + 2)),
                Lex::Thousand => Some((Amount::N(1000), i + 2)),
                Lex::Few => Some((Amount::X, i + 2)),
                Lex::Couple => Some((
                    Amount::N(2),
                    if self.lex(i + 2) == Lex::Of {
                        i + 3
                    } else {
                        i + 2
                    },
                )),
                Lex::Dozen => Some((Amount::N(12), i + 2)),
                _ => Some((Amount::N(1), i + 1)),
            },
            Lex::Several | Lex::Few => Some((Amount::X, i + 1)),
            Lex::Couple => Some((
                Amount::N(2),
                if self.lex(i + 1) == Lex::Of {
                    i + 2
                } else {
                    i + 1
                },
            )),
            Lex::Dozen => Some((Amount::N(12), i + 1)),
            _ => None,
        }
    }

    /// `two weeks`, `14-year`, `a year and a half`: amount, unit, end, hyphenated.
    fn dur(&self, i: usize) -> Option<(Amount, Unit, usize, bool)> {
        let (mut a, mut j) = self.amount(i)?;
        // "two more weeks", "an additional year"
        if matches!(self.lex(j + 1), Lex::Unit(..))
            && ((self.lex(j) == Lex::More && self.word_is(j, "more"))
                || self.word_is(j, "additional")
                || self.word_is(j, "extra"))
        {
            j += 1;
        }
        // A range, "two to three weeks", "12 to 18 months": an unspecified amount.
        if (self.word_is(j, "to") || self.word_is(j, "or")) && self.lex(i) != Lex::A {
            if let Some((_, k)) = self.amount(j + 1) {
                if matches!(self.lex(k), Lex::Unit(_, true)) && self.lex(j + 1) != Lex::A {
                    a = Amount::X;
                    j = k;
                }
            }
        }
        if self.is_p(j, b'-') && self.adj(j - 1) && self.adj(j) {
            if let Lex::Unit(u, plural) = self.lex(j + 1) {
                if u == Unit::Weekend || plural {
                    return None;
                }
                if self.is_p(j + 2, b'-') && self.adj(j + 1) {
                    match self.lex(j + 3) {
                        Lex::Old => return None,
                        Lex::Long => return Some((a, u, j + 4, true)),
                        _ => {}
                    }
                }
                if self.word_is(j + 2, "olds") || self.word_is(j + 2, "old") {
                    return None;
                }
                return Some((a, u, j + 2, true));
            }
            return None;
        }
        // "two and a half years"
        if self.lex(j) == Lex::And && self.lex(j + 1) == Lex::A && self.lex(j + 2) == Lex::Half {
            if let (Amount::N(n), Lex::Unit(..)) = (a, self.lex(j + 3)) {
                a = Amount::Tenths(n.saturating_mul(10).saturating_add(5));
                j += 3;
            }
        }
        let Lex::Unit(u, plural) = self.lex(j) else {
            return None;
        };
        if u == Unit::Weekend && !plural {
            return None;
        }
        // "a quarter of the vote", "three quarters of a century": a fraction, not quarters.
        if u == Unit::Quarter && self.lex(j + 1) == Lex::Of {
            return None;
        }
        // "a year-earlier quarter", "the year-end": a compound, not a duration.
        if self.is_p(j + 1, b'-') && self.adj(j) {
            return None;
        }
        // "1988 quarter", "5 year": a digit count wants a plural unit, unless a small count
        // qualifies the noun after it, as wire copy writes it unhyphenated ("18 month
        // warrants", "a 20 year period", "a 5-1/2 year grace period").
        let qualifies = || {
            let small = match a {
                Amount::N(n) => n < 100,
                Amount::Tenths(n) => n < 1000,
                Amount::X => false,
            };
            let next = self.t.get(j + 1);
            small
                && self.t[i].nd <= 2
                && !matches!(u, Unit::Quarter | Unit::Decade | Unit::Century)
                && next.is_some_and(|t| {
                    t.kind == Kind::Word && !t.cap && matches!(t.lex, Lex::None | Lex::Period)
                })
                && !self.word_is(j + 1, "old")
        };
        // Read as a hyphenated compound: `a 20 year period` takes its noun as `a 20-year period`.
        let compound = !plural && self.t[i].kind == Kind::Num && a != Amount::N(1);
        if compound && !qualifies() {
            return None;
        }
        if self.cap(j) && !self.cap(i) && !self.upper(j) {
            return None; // "60 Minutes", a title
        }
        if plural && a == Amount::N(1) && self.lex(i) == Lex::A {
            return None;
        }
        let mut end = j + 1;
        if let Amount::N(n) = a {
            if self.lex(end) == Lex::And
                && self.lex(end + 1) == Lex::A
                && self.lex(end + 2) == Lex::Half
            {
                a = Amount::Tenths(n.saturating_mul(10).saturating_add(5));
                end += 3;
            }
        }
        if self.word_is(end, "old") {
            return None;
        }
        Some((a, u, end, compound))
    }

    /// A duration, or a date when followed by `ago`, `earlier`, `later`; `start` is where the
    /// extent begins (before an approximation word).
    fn dur_phrase(&self, start: usize, i: usize) -> Option<Cand> {
        let (a, u, mut end, hyph) = self.dur(i)?;
        // "cut rates by a quarter point", "half a percentage point": a fraction of a rate.
        if u == Unit::Quarter
            && !hyph
            && self.word_in(end, &["point", "points", "pct", "percent", "percentage"])
        {
            return None;
        }
        // "a week or so ago", "a year or so"
        if !hyph && self.word_is(end, "or") && self.word_is(end + 1, "so") {
            end += 2;
        }
        if hyph {
            if self.is_p(end, b'-') && self.adj(end - 1) {
                return None;
            }
            // "a one-year term", "a three-year period": the noun of the span is in the extent.
            let noun = self.word_in(end, &["period", "term", "span", "stretch", "window"]);
            return cand(
                "duration",
                end + usize::from(noun),
                DURATION,
                Val::Dur(a, u),
            );
        }
        // A bare number that is a year or a count of things: "1990 years" is rare but "2 mins" fine.
        match self.lex(end) {
            // "two years later" right after a year of the story is that year plus two:
            // "In 1724 he left Venice. Two years later he was in St Petersburg."
            Lex::Later if u == Unit::Year && self.facts.has_story_year_near(start) => {
                if let Amount::N(n) = a {
                    let e = Expr::YearsLater {
                        n: n.min(5000) as i32,
                    };
                    return cand_at("years-later", start, end + 1, DATE, e);
                }
                return cand("duration", end, DURATION, Val::Dur(a, u));
            }
            // "three days later" is a duration in TimeBank ("a year earlier" a date).
            Lex::Later => return cand("duration", end, DURATION, Val::Dur(a, u)),
            Lex::Ago | Lex::Earlier => {
                let n = match a {
                    Amount::N(n) => n as i64,
                    _ => return cand("duration", end + 1, DATE, Val::Ref("PAST_REF")),
                };
                let sign = if self.lex(end) == Lex::Later { 1 } else { -1 };
                let e = match u {
                    Unit::Year if sign < 0 => Expr::YearBack { n: n as i32 },
                    Unit::Hour | Unit::Minute | Unit::Second => self.shift_e(Unit::Day, 0),
                    _ => self.shift_e(u, sign * n),
                };
                return cand_at("duration", start, end + 1, DATE, e);
            }
            _ => {}
        }
        if self.lex(end) == Lex::Prep && self.word_is(end, "from") && self.lex(end + 1) == Lex::Now
        {
            let n = match a {
                Amount::N(n) => n as i64,
                _ => return cand("duration", end + 2, DATE, Val::Ref("FUTURE_REF")),
            };
            return cand_at("duration", i, end + 2, DATE, self.shift_e(u, n));
        }
        // "a year" after a rate: "$5 million a year", "twice a year".
        if self.lex(i) == Lex::A && a == Amount::N(1) && start == i && i > 0 {
            let p = &self.t[i - 1];
            let rate = match p.kind {
                Kind::Num => true,
                Kind::Punct => p.num == b'%' as u32,
                Kind::Word => {
                    matches!(p.lex, Lex::Once | Lex::Times)
                        || [
                            b"million" as &[u8],
                            b"billion",
                            b"percent",
                            b"dollars",
                            b"cents",
                            b"rupees",
                        ]
                        .iter()
                        .any(|w| self.word(i - 1).eq_ignore_ascii_case(w))
                }
                _ => false,
            };
            if rate {
                return cand("duration", end, SET, Val::Dur(a, u));
            }
        }
        cand("duration", end, DURATION, Val::Dur(a, u))
    }

    /// A frequency, one SET valued by the unit it counts in: `twice a week`, `three times a
    /// month`, `once per year`, `3 days per week`, `five days a week` (`P1W`).
    fn times_per(&self, i: usize) -> Option<Cand> {
        let j = if self.lex(i) == Lex::Once {
            i + 1
        } else if self.lex(i + 1) == Lex::Times || matches!(self.lex(i + 1), Lex::Unit(_, _)) {
            i + 2
        } else {
            return None;
        };
        if !matches!(self.lex(j), Lex::A | Lex::PerWord) {
            return None;
        }
        let Lex::Unit(u, false) = self.lex(j + 1) else {
            return None;
        };
        // `3 days per week`: the counted unit is shorter than the one it counts in, and a
        // day at least; `20 minutes per day` stays a duration (and a set, `per day`).
        if let Lex::Unit(c, _) = self.lex(i + 1) {
            if c as u8 >= u as u8 || (c as u8) < Unit::Day as u8 {
                return None;
            }
        }
        cand("times-per", j + 2, SET, Val::Dur(Amount::N(1), u))
    }

    /// `about two years`, `more than four hours`, `up to 180 days`, `at least 72 hours`.
    fn approx(&self, i: usize) -> Option<Cand> {
        let j = match self.lex(i) {
            Lex::Approx if self.word_is(i, "nearly") || self.word_is(i, "almost") => i + 1,
            Lex::Approx | Lex::Prep => return None,
            Lex::More | Lex::Less if self.lex(i + 1) == Lex::Than => i + 2,
            Lex::Up if self.word_is(i + 1, "to") => i + 2,
            Lex::At if self.lex(i + 1) == Lex::Least => i + 2,
            _ => return None,
        };
        match self.lex(j) {
            Lex::Num(_) | Lex::A | Lex::Several | Lex::Few | Lex::Couple | Lex::Dozen => {}
            _ if self.digits(j).is_some() || self.t.get(j).is_some_and(|t| t.kind == Kind::Num) => {
            }
            _ => return None,
        }
        let c = self.dur_phrase(i, j)?;
        if c.ty == SET {
            return None;
        }
        Some(c)
    }

    /// Number-led expressions: years, ISO and numeric dates, day-month dates, times,
    /// durations, decades and centuries.
    fn number(&self, i: usize) -> Option<Cand> {
        let t = self.t[i];
        if t.nd == 0 {
            return self.dotted_date(i).or_else(|| self.dur_phrase(i, i));
        }
        let v = t.num;
        let nd = t.nd;
        if let Some(c) = self.second_day(i) {
            return Some(c);
        }
        // "2100 gmt", "1930 GMT March 22": a military clock time in a zone (wire copy), not a
        // year. Alone or in brackets it is not marked: annotators mostly leave such bracketed
        // restatements out.
        if nd == 4 && v % 100 < 60 && v / 100 <= 23 {
            let w = self.word(i + 1);
            if [
                &b"GMT"[..],
                b"UTC",
                b"EST",
                b"EDT",
                b"CST",
                b"CDT",
                b"PST",
                b"PDT",
            ]
            .into_iter()
            .any(|z| w.eq_ignore_ascii_case(z))
            {
                // After a preposition in running text it is the time of the sentence: `at
                // 0955 GMT`, `by 1530 EST`.
                if i > 0 && matches!(self.lex(i - 1), Lex::Prep | Lex::At) {
                    let z = w.eq_ignore_ascii_case(b"GMT") || w.eq_ignore_ascii_case(b"UTC");
                    return self.clock_day("clock", i, i + 2, (v / 100) as u8, (v % 100) as u8, z);
                }
                return None;
            }
        }
        // "at 1400 hours": a military clock time, not a duration.
        if nd == 4
            && v % 100 < 60
            && v / 100 <= 23
            && (self.word_is(i + 1, "hours") || self.word_is(i + 1, "hrs"))
            && i > 0
            && self.word_is(i - 1, "at")
        {
            let e = Expr::Clock {
                h: (v / 100) as u8,
                mi: (v % 100) as u8,
                z: false,
                story: false,
            };
            return cand_at("number", i, i + 2, TIME, e);
        }
        if let Some(c) = self.era_year(i, i + 1) {
            return Some(c);
        }
        if nd == 4 {
            // ISO 2022-05-10, and 2021/11/05
            for sep in [b'-', b'/'] {
                if self.is_p(i + 1, sep)
                    && self.adj(i)
                    && self.adj(i + 1)
                    && self.is_p(i + 3, sep)
                    && self.adj(i + 2)
                    && self.adj(i + 3)
                {
                    if let (Some((m, 1..=2)), Some((d, 1..=2))) =
                        (self.digits(i + 2), self.digits(i + 4))
                    {
                        if let Some(date) = ymd(v as i32, m as u8, d as u8) {
                            if sep == b'-' {
                                if let Some(c) = self.iso_time(i + 5, date) {
                                    return Some(Cand {
                                        year: Some(v as i32),
                                        ..c
                                    });
                                }
                            }
                            return cand_y("number", i + 5, DATE, Val::day(date), v as i32);
                        }
                    }
                }
            }
            // Decades: 1990s
            if self.adj(i) && self.word(i + 1) == b"s" && v % 10 == 0 && (1000..2100).contains(&v) {
                return cand("number", i + 2, DATE, Val::Decade(v as i32 / 10));
            }
            if let Some(c) = self.year(i) {
                return Some(c);
            }
        }
        if nd <= 2 {
            if let Some(c) = self.range_second_year(i) {
                return Some(c);
            }
            if let Some(c) = self.numeric_date(i) {
                return Some(c);
            }
            if let Some(c) = self.time(i) {
                return Some(c);
            }
            if let Some(c) = self.day_month(i) {
                return Some(c);
            }
            // "20th century"
            if self.adj(i) && matches!(self.word(i + 1), b"th" | b"st" | b"nd" | b"rd") {
                if let Lex::Unit(Unit::Century, false) = self.lex(i + 2) {
                    return cand("number", i + 3, DATE, Val::Century(v as i32 - 1));
                }
                return None;
            }
        }
        if self.is_p(i.wrapping_sub(1), b'$') {
            return None;
        }
        self.dur_phrase(i, i)
    }

    /// Four digits at `i` stand alone in brackets or as one end of a span of two in brackets,
    /// as a date or a lifetime is written after a name or a title: `(1738)`, `(1704 – 1787)`,
    /// `(c. 1580–1660)`.
    fn year_in_brackets(&self, i: usize) -> bool {
        let four = |k: usize| matches!(self.digits(k), Some((_, 4)));
        // Token `k` opens the brackets: `(`, `(c.`, `(ca.`, `(circa`.
        let opens = |k: usize| {
            self.is_p(k, b'(')
                || (k >= 1 && self.word_is(k, "circa") && self.is_p(k - 1, b'('))
                || (k >= 2
                    && self.is_p(k, b'.')
                    && self.word_in(k - 1, &["c", "ca"])
                    && self.is_p(k - 2, b'('))
        };
        // `(1892 – 94)`: the second year in two digits, later in the same century.
        let later = |k: usize| matches!((self.digits(i), self.digits(k)), (Some((y, 4)), Some((n, 2))) if n > y % 100);
        let first = i >= 1
            && opens(i - 1)
            && (self.is_p(i + 1, b')')
                || (self.is_p(i + 1, b'-')
                    && (four(i + 2) || later(i + 2))
                    && self.is_p(i + 3, b')')));
        let second = i >= 3
            && self.is_p(i + 1, b')')
            && self.is_p(i - 1, b'-')
            && four(i - 2)
            && opens(i - 3);
        first || second
    }

    /// A year of an era, in one to four digits at `n` with the era's capitals at `e` after or
    /// before it: `347 AD`, `400 BCE`, `900 CE`, `AD 79`; a BC year is astronomical (400 BCE is -399).
    fn era_year(&self, n: usize, e: usize) -> Option<Cand> {
        let (v, nd) = self.digits(n)?;
        let bc = match self.lex(e) {
            Lex::Ad => false,
            Lex::Bc => true,
            _ => return None,
        };
        let caps = self.word(e).iter().all(u8::is_ascii_uppercase);
        let glued = (n >= 1 && self.digits(n - 1).is_some()) || self.digits(n + 1).is_some();
        if !caps || nd > 4 || v == 0 || glued || (n > e && self.lex(e) == Lex::Bc) {
            return None;
        }
        let y = if bc { 1 - v as i32 } else { v as i32 };
        let end = n.max(e) + 1;
        cand_year("era-year", end, y)
    }

    /// The four digits at `i` stand between a determiner or a possessive and a singular noun,
    /// where a count would take a plural: `the 1836 assault`, `his 1796 essay`, `the
    /// government's 1829 abolition`.
    fn year_before_noun(&self, i: usize) -> bool {
        const DET: [&str; 10] = [
            "the", "this", "that", "his", "her", "its", "their", "our", "my", "your",
        ];
        let det = i >= 1
            && (self.word_in(i - 1, &DET)
                || (i >= 2 && self.word(i - 1) == b"s" && self.is_p(i - 2, b'\'')));
        let w = self.word(i + 1);
        det && w.len() >= 3
            && w[0].is_ascii_lowercase()
            && w.iter().all(u8::is_ascii_alphabetic)
            && !w.ends_with(b"s")
            && !w.ends_with(b"ed")
            && self.lex(i + 1) == Lex::None
    }

    /// Four digits in 1000-2100 at `k`, not glued to another number.
    fn four_digit_year(&self, k: usize) -> Option<u32> {
        match self.digits(k) {
            Some((v, 4)) if (1000..=2100).contains(&v) => Some(v),
            _ => None,
        }
    }

    /// The four digits at `i` follow other such years in a list that a preposition opens, which
    /// covers them all: `In 1687 and 1689`, `between 1656 and 1662`, `from 1699 or 1700`.
    fn year_listed(&self, i: usize) -> bool {
        self.four_digit_year(i).is_some() && self.list_head(i)
    }

    fn list_head(&self, i: usize) -> bool {
        let mut k = i;
        for _ in 0..6 {
            // Back over `,`, `and`, `or`, `, and` to the item before.
            let mut j = k;
            if j >= 1 && self.word_in(j - 1, &["and", "or"]) {
                j -= 1;
            }
            if j >= 1 && self.is_p(j - 1, b',') {
                j -= 1;
            }
            if j == k || j == 0 || self.four_digit_year(j - 1).is_none() {
                return false;
            }
            k = j - 1;
            if self.prev(k) == Lex::Prep {
                return true;
            }
        }
        false
    }

    /// The four digits at `i` are one end of a span of two years joined by a dash, the
    /// second later by at most 150 years, as a lifetime or a reign is written
    /// (`reigned 1715 - 1774`); not a range of pages after a colon.
    fn year_pair(&self, i: usize) -> bool {
        let pair = |a: usize| {
            let (Some(x), Some(y)) = (self.four_digit_year(a), self.four_digit_year(a + 2)) else {
                return false;
            };
            self.is_p(a + 1, b'-')
                && (x + 1..=x + 150).contains(&y)
                && !(a >= 1 && (self.is_p(a - 1, b':') || self.digits(a - 1).is_some()))
                && self.digits(a + 3).is_none()
                && !self.is_p(a + 3, b'-')
        };
        pair(i) || (i >= 2 && pair(i - 2))
    }

    /// A bare four-digit year, when the context makes it one.
    fn year(&self, i: usize) -> Option<Cand> {
        let (v, nd) = self.digits(i)?;
        if nd != 4 {
            return None;
        }
        let prev = if i > 0 { Some(&self.t[i - 1]) } else { None };
        let ctx = matches!(
            self.prev(i),
            Lex::Prep
                | Lex::Early
                | Lex::Late
                | Lex::Mid
                | Lex::Fiscal
                | Lex::Of
                | Lex::Unit(Unit::Year, false)
        );
        let lo = if ctx
            || self.year_listed(i)
            || self.year_in_brackets(i)
            || self.year_pair(i)
            || self.year_before_noun(i)
        {
            1000
        } else {
            1900
        };
        if !(lo..=2100).contains(&v) {
            return None;
        }
        if let Some(p) = prev {
            if p.kind == Kind::Punct
                && matches!(p.num as u8, b'$' | b'#' | b'/' | b'.' | b':')
                && p.e == self.t[i].s
            {
                return None;
            }
            if p.kind == Kind::Num {
                return None;
            }
            if p.kind == Kind::Other && p.e == self.t[i].s {
                return None; // currency signs
            }
            if self.word_in(
                i - 1,
                &[
                    "no",
                    "number",
                    "page",
                    "rs",
                    "pkr",
                    "usd",
                    "us",
                    "flight",
                    "route",
                    "room",
                    "resolution",
                    "article",
                    "section",
                    "clause",
                    "code",
                    "model",
                    "pp",
                    "vol",
                ],
            ) {
                return None;
            }
            if p.kind == Kind::Punct
                && p.num == b',' as u32
                && i >= 2
                && self.t[i - 2].kind == Kind::Num
            {
                return None;
            }
        }
        if let Some(n) = self.t.get(i + 1) {
            if n.kind == Kind::Num {
                return None;
            }
            if n.kind == Kind::Punct && matches!(n.num as u8, b'%' | b':') {
                return None;
            }
            if n.kind == Kind::Punct
                && matches!(n.num as u8, b'/' | b'.' | b',')
                && self.adj(i)
                && self.digits(i + 2).is_some()
                && self.year_span_end(i, v) == i + 1
            {
                return None;
            }
            if let Lex::Unit(..) = n.lex {
                return None;
            }
            if self.word_in(
                i + 1,
                &[
                    "percent",
                    "people",
                    "persons",
                    "troops",
                    "soldiers",
                    "men",
                    "km",
                    "kilometres",
                    "kilometers",
                    "miles",
                    "feet",
                    "metres",
                    "meters",
                    "ft",
                    "m",
                    "kg",
                    "lb",
                    "lbs",
                    "tons",
                    "tonnes",
                    "crore",
                    "lakh",
                    "million",
                    "billion",
                    "rupees",
                    "dollars",
                    "cases",
                    "votes",
                    "acres",
                    "members",
                    "families",
                    "militants",
                    "fighters",
                    "prisoners",
                    "deaths",
                ],
            ) {
                return None;
            }
        }
        // "fiscal 1989's" and "2014's" keep the year only; "the 1988 period" is handled by `the`.
        if self.adj(i) && self.word(i + 1) == b"s" {
            return None;
        }
        // "final 1986 fourth quarter profit", "its 1987 first half": one part of that year.
        let y = v as i32;
        match (self.lex(i + 1), self.lex(i + 2)) {
            (Lex::Ord(q @ 1..=4), Lex::Unit(Unit::Quarter, false)) => {
                return cand_y("year", i + 3, DATE, Val::Quarter { y: Some(y), q }, y);
            }
            (Lex::Ord(h @ 1..=2), Lex::Half) => {
                return cand_y("year", i + 3, DATE, Val::Half { y: Some(y), h }, y);
            }
            _ => {}
        }
        // A span of two years is one period when a fiscal year or a season is named
        // (`the 2021-22 budget`, `fiscal 2021-22`), else a range of two dates (`in
        // 2015-2016`, `1998-99`: the second is read at its own token).
        let span = self.year_span_end(i, v);
        let end = if span == i + 3 && !self.is_p(i + 1, b'/') && !self.period_span(i, span) {
            i + 1
        } else {
            span
        };
        cand_year("year", end, v as i32)
    }

    /// The end of a year at token `i` with value `y`, over a two-year span written
    /// `2021-22` or `2021-2022` (a season or a fiscal year, valued by its first year), or
    /// with a slash, `1986/87`, as wire copy writes a crop, marketing or fiscal year.
    fn year_span_end(&self, i: usize, y: u32) -> usize {
        if (self.is_p(i + 1, b'-') || self.is_p(i + 1, b'/'))
            && self.adj(i)
            && self.adj(i + 1)
            && !(self.adj(i + 2) && (self.is_p(i + 3, b'/') || self.digits(i + 3).is_some()))
        {
            match self.digits(i + 2) {
                Some((n, 2)) if n == (y + 1) % 100 => return i + 3,
                Some((n, 4)) if n == y + 1 => return i + 3,
                _ => {}
            }
        }
        if self.lex(i + 1) == Lex::Ad && self.cap(i + 1) {
            return i + 2;
        }
        i + 1
    }

    /// A two-year span `[i, end)` names one period: a fiscal cue before it or a word of a
    /// season, a budget or a school year after it (`FY 2021-22`, `the 2021-22 season`).
    fn period_span(&self, i: usize, end: usize) -> bool {
        const AFTER: [&str; 12] = [
            "season",
            "seasons",
            "budget",
            "budgets",
            "outlay",
            "fiscal",
            "financial",
            "session",
            "academic",
            "school",
            "crop",
            "year",
        ];
        (i > 0 && (self.lex(i - 1) == Lex::Fiscal || self.word_is(i - 1, "financial")))
            || self.word_in(end, &AFTER)
    }

    /// The second year of a range written `1998-99`, when the first is a year the grammar
    /// reads: that year plus one; in brackets any later year of its century (`(1892 – 94)`).
    fn range_second_year(&self, i: usize) -> Option<Cand> {
        let (n, 2) = self.digits(i)? else {
            return None;
        };
        if i < 2 || !self.is_p(i - 1, b'-') {
            return None;
        }
        let (y, 4) = self.digits(i - 2)? else {
            return None;
        };
        let next = n == (y + 1) % 100 && self.adj(i - 2) && self.adj(i - 1);
        if !(next || self.year_in_brackets(i - 2)) || self.adj(i) && self.digits(i + 1).is_some() {
            return None;
        }
        // Only where the first year is read as one date and ends before the dash.
        let first = self.year(i - 2)?;
        if first.end != i - 1 {
            return None;
        }
        let y = if next { y + 1 } else { y / 100 * 100 + n } as i32;
        cand_year("year", i + 1, y)
    }

    /// `Q3`, `Q3 2022`, `H1 2021`.
    fn quarter_word(&self, i: usize) -> Option<Cand> {
        if !self.cap(i) || !self.adj(i) {
            return None;
        }
        let (n, 1) = self.digits(i + 1)? else {
            return None;
        };
        let half = self.word_is(i, "h");
        if n == 0 || n > if half { 2 } else { 4 } {
            return None;
        }
        // A code such as "Q3X" or "H1N1" is not a date.
        if self.adj(i + 1) && self.t.get(i + 2).is_some_and(|t| t.kind != Kind::Punct) {
            return None;
        }
        let mut end = i + 2;
        let mut y = None;
        if let Some((v, 4)) = self.digits(end) {
            if (1900..=2100).contains(&v) {
                y = Some(v as i32);
                end += 1;
            }
        }
        // Without a year, one set off by a comma, a bracket or an operator is a label, not a
        // quarter: `the first quartile, Q1, is`, `(Q3)`, `IQR = Q3 - Q1`.
        let label = i >= 1
            && (self.is_p(i - 1, b',')
                || self.is_p(i - 1, b'(')
                || self.is_p(i - 1, b'=')
                || self.is_p(i - 1, b'-'));
        if y.is_none() && label {
            return None;
        }
        let mut c = match (half, y) {
            (true, Some(_)) => cand("quarter", end, DATE, Val::Half { y, h: n as u8 })?,
            (true, None) => {
                let e = Expr::InYear {
                    dir: 0,
                    part: Part::Half(n as u8),
                };
                cand_at("quarter", i, end, DATE, e)?
            }
            (false, Some(_)) => cand("quarter", end, DATE, Val::Quarter { y, q: n as u8 })?,
            (false, None) => cand_e(self, "quarter", i, end, DATE, Expr::Quarter { q: n as u8 })?,
        };
        c.year = y;
        Some(c)
    }

    /// `nineteen ninety-six`
    fn spelled_year(&self, i: usize) -> Option<Cand> {
        let Lex::Num(c) = self.lex(i) else {
            return None;
        };
        let Lex::Num(t) = self.lex(i + 1) else {
            return None;
        };
        if !(20..=90).contains(&t) || t % 10 != 0 {
            return None;
        }
        let (u, end) = match (
            self.is_p(i + 2, b'-') && self.adj(i + 1),
            self.lex(i + 3),
            self.lex(i + 2),
        ) {
            (true, Lex::Num(u @ 1..=9), _) => (u, i + 4),
            (false, _, Lex::Num(u @ 1..=9)) => (u, i + 3),
            _ => (0, i + 2),
        };
        let y = i32::from(c) * 100 + i32::from(t) + i32::from(u);
        cand_y(
            "spelled-year",
            end,
            DATE,
            Val::Date {
                y: Some(y),
                m: 0,
                d: 0,
            },
            y,
        )
    }

    /// A year at `i`, in digits (`1994`) or spoken (`nineteen ninety-four`), and its end.
    fn year_at(&self, i: usize) -> Option<(i32, usize)> {
        if let Some((y, 4)) = self.digits(i) {
            return Some((y as i32, i + 1));
        }
        if matches!(self.lex(i), Lex::Num(19 | 20)) {
            let c = self.spelled_year(i)?;
            return Some((c.year?, c.end));
        }
        None
    }

    /// `'90s`
    fn apos_decade(&self, i: usize) -> Option<Cand> {
        let (v, 2) = self.digits(i + 1)? else {
            return None;
        };
        // `'60s`, and `'60's` with a second apostrophe.
        let end = if self.adj(i + 1) && self.word(i + 2) == b"s" {
            i + 3
        } else if self.apos_s(i + 2) {
            i + 4
        } else {
            return None;
        };
        if self.adj(i) && v % 10 == 0 {
            let c = if v >= 30 {
                190 + v as i32 / 10
            } else {
                200 + v as i32 / 10
            };
            return cand("decade-apostrophe", end, DATE, Val::Decade(c));
        }
        None
    }

    /// Tokens `k`, `k + 1` are an apostrophe and an `s` glued to the token before.
    fn apos_s(&self, k: usize) -> bool {
        k >= 1 && self.is_p(k, b'\'') && self.adj(k - 1) && self.adj(k) && self.word(k + 1) == b"s"
    }

    /// `19/12/2022`, `12/19/2022`, `19.12.2022`, `19-12-2022`.
    /// `9.11.2021`: the tokenizer reads `9.11` as a decimal, so the day and month are
    /// split here; the order follows the day/month policy of `numeric_date`.
    fn dotted_date(&self, i: usize) -> Option<Cand> {
        let t = self.t[i];
        if !(self.is_p(i + 1, b'.') && self.adj(i) && self.adj(i + 1)) {
            return None;
        }
        let (y, 4) = self.digits(i + 2)? else {
            return None;
        };
        if self.adj(i + 2) && self.t.get(i + 3).is_some_and(|n| n.kind != Kind::Punct) {
            return None;
        }
        let s = &self.text[t.s as usize..t.e as usize];
        let dot = s.iter().position(|&c| c == b'.')?;
        let (a, b) = (&s[..dot], &s[dot + 1..]);
        if a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 {
            return None;
        }
        if !a.iter().chain(b).all(u8::is_ascii_digit) {
            return None;
        }
        let num = |x: &[u8]| x.iter().fold(0u32, |n, c| n * 10 + (c - b'0') as u32);
        let (a, b) = (num(a), num(b));
        let (d, m) = if a > 12 || (b <= 12 && self.day_first) {
            (a, b)
        } else {
            (b, a)
        };
        let date = ymd(y as i32, m as u8, d as u8)?;
        cand_y("dotted-date", i + 3, DATE, Val::day(date), y as i32)
    }

    fn numeric_date(&self, i: usize) -> Option<Cand> {
        let sep = self.t.get(i + 1)?;
        if sep.kind != Kind::Punct || !matches!(sep.num as u8, b'/' | b'.' | b'-') {
            return None;
        }
        let s = sep.num as u8;
        if !(self.adj(i)
            && self.adj(i + 1)
            && self.is_p(i + 3, s)
            && self.adj(i + 2)
            && self.adj(i + 3))
        {
            return None;
        }
        let (a, _) = self.digits(i)?;
        let (b, nb) = self.digits(i + 2)?;
        let (y, ny) = self.digits(i + 4)?;
        if nb > 2 || !(ny == 4 || (ny == 2 && s == b'/')) {
            return None;
        }
        if self.is_p(i + 5, s) && self.adj(i + 4) {
            return None;
        }
        let y = if ny == 2 {
            if y < 50 {
                2000 + y
            } else {
                1900 + y
            }
        } else {
            y
        } as i32;
        let (d, m) = if a > 12 {
            (a, b)
        } else if b > 12 {
            (b, a)
        } else if self.day_first {
            (a, b)
        } else {
            (b, a)
        };
        let date = ymd(y, m as u8, d as u8)?;
        if d <= 12 && m <= 12 && d != m {
            // Either order makes a day: the resolver weighs the anchor.
            let e = Expr::NumericDay {
                y,
                d: d as u8,
                m: m as u8,
            };
            let mut c = cand_at("numeric-date", i, i + 5, DATE, e)?;
            c.year = Some(y);
            return Some(c);
        }
        cand_y("numeric-date", i + 5, DATE, Val::day(date), y)
    }

    /// `a.m.` / `p.m.` / `am` / `pm` at `j`: (is pm, end).
    fn ampm(&self, j: usize) -> Option<(bool, usize)> {
        let w = self.word(j);
        if w.eq_ignore_ascii_case(b"am") || w.eq_ignore_ascii_case(b"pm") {
            return Some((w[0] == b'p' || w[0] == b'P', j + 1));
        }
        if (w.eq_ignore_ascii_case(b"a") || w.eq_ignore_ascii_case(b"p"))
            && self.is_p(j + 1, b'.')
            && self.adj(j)
            && self.word(j + 2).eq_ignore_ascii_case(b"m")
            && self.adj(j + 1)
        {
            let pm = w[0] == b'p' || w[0] == b'P';
            let end = if self.is_p(j + 3, b'.') && self.adj(j + 2) {
                j + 4
            } else {
                j + 3
            };
            return Some((pm, end));
        }
        None
    }

    fn tz(&self, j: usize) -> usize {
        let w = self.word(j);
        const ZONES: [&[u8]; 16] = [
            b"EDT", b"EST", b"CDT", b"CST", b"MDT", b"MST", b"PDT", b"PST", b"GMT", b"UTC", b"BST",
            b"PKT", b"IST", b"AFT", b"CET", b"CEST",
        ];
        if ZONES.contains(&w) {
            j + 1
        } else {
            j
        }
    }

    /// The time of an ISO 8601 timestamp after its date (`2022-11-28T12:45:00+05:00`, `...Z`):
    /// the clock as written, with its seconds, fraction and offset taken into the extent.
    fn iso_time(&self, j: usize, date: Date) -> Option<Cand> {
        let t = self.t.get(j)?;
        if !(t.kind == Kind::Word && t.e - t.s == 1 && self.word_is(j, "t") && self.adj(j - 1)) {
            return None;
        }
        let (h, 2) = self.digits(j + 1)? else {
            return None;
        };
        if !(self.adj(j) && self.clock_colon(j + 2)) {
            return None;
        }
        let (mi, 2) = self.digits(j + 3)? else {
            return None;
        };
        if h > 24 || mi > 59 {
            return None;
        }
        let mut k = j + 4;
        // Seconds and a fraction: `:00`, `:00.000` (the tokenizer keeps `00.000` whole).
        if self.is_p(k, b':')
            && self.adj(k - 1)
            && self.adj(k)
            && self.t.get(k + 1).is_some_and(|t| t.kind == Kind::Num)
        {
            k += 2;
        }
        // The offset: `Z`, `+05:00`, `-0400`.
        if self.adj(k - 1) {
            if self.word_is(k, "z") {
                k += 1;
            } else if (self.is_p(k, b'+') || self.is_p(k, b'-'))
                && self.adj(k)
                && self.t.get(k + 1).is_some_and(|t| t.kind == Kind::Num)
            {
                k += 2;
                if self.clock_colon(k) {
                    k += 2;
                }
            }
        }
        let (y, m, d) = (date.year() as i32, date.month() as u8, date.day() as u8);
        cand(
            "iso-time",
            k,
            TIME,
            Val::Time {
                y: Some(y),
                m,
                d,
                h: h as u8,
                mi: mi as u8,
                z: false,
            },
        )
    }

    /// `9:09 a.m. EDT`, `10 p.m.`, `14:30`; optionally followed by a day.
    fn time(&self, i: usize) -> Option<Cand> {
        let (h, _) = self.digits(i)?;
        let (mut hh, mut mi, mut j) = (h, 0, i + 1);
        let mut clock = false;
        if self.is_p(i + 1, b':') && self.adj(i) && self.adj(i + 1) {
            let (m, 2) = self.digits(i + 2)? else {
                return None;
            };
            if m > 59 || h > 24 {
                return None;
            }
            mi = m;
            j = i + 3;
            clock = true;
            if self.is_p(j, b':')
                && self.adj(j - 1)
                && self.digits(j + 1).is_some_and(|(_, n)| n == 2)
            {
                j += 2;
            }
        }
        // "at 4 in the morning", "around 8 in the evening"
        let tod_after = match (self.word_is(j, "in"), self.lex(j + 1), self.lex(j + 2)) {
            (true, Lex::The, Lex::Tod(t, false)) if t != Tod::Night => Some((t, j + 3)),
            _ if self.word_is(j, "at") && self.lex(j + 1) == Lex::Tod(Tod::Night, false) => {
                Some((Tod::Night, j + 2))
            }
            _ => None,
        };
        let tod_after = tod_after.filter(|_| {
            !clock
                && (1..=12).contains(&h)
                && i > 0
                && matches!(self.lex(i - 1), Lex::Prep | Lex::At | Lex::Approx)
        });
        let ampm = match tod_after {
            Some((t, e)) => Some((t != Tod::Morning && !(t == Tod::Night && h < 5), e)),
            None => self.ampm(j),
        };
        match ampm {
            Some((pm, e)) => {
                if !(1..=12).contains(&h) {
                    return None;
                }
                if pm && hh < 12 {
                    hh += 12;
                }
                if !pm && hh == 12 {
                    hh = 0;
                }
                j = e;
            }
            None if clock => {}
            None => return None,
        }
        let z = matches!(self.word(j), b"UTC" | b"GMT");
        j = self.tz(j);
        self.clock_day("clock", i, j, hh as u8, mi as u8, z)
    }

    /// A clock time `h:mi` on tokens `[i, end)` and its day: one written right after it
    /// (`Wednesday`, `on Dec. 19`), else the story's date earlier in the sentence or the
    /// anchor's, which the resolver chooses.
    fn clock_day(
        &self,
        rule: &'static str,
        i: usize,
        end: usize,
        h: u8,
        mi: u8,
        z: bool,
    ) -> Option<Cand> {
        let day = match self.day_after_time(end) {
            Some(c) => c.inner().map(|d| (d, c.end)),
            None => self.day_on_after(end).map(|d| (d, end)),
        };
        if let Some((day, end)) = day {
            return cand_on(self, rule, i, end, TIME, Expr::ClockOn { h, mi, z }, day);
        }
        // The sentence of the clock time starts after its last break within 12 tokens.
        let from = (i.saturating_sub(12)..i)
            .rev()
            .find(|&k| self.is_sentence_break(k))
            .map_or(i.saturating_sub(12), |k| k + 1);
        Some(Cand {
            rule,
            end,
            ty: TIME,
            expr: Expr::Clock {
                h,
                mi,
                z,
                story: true,
            },
            cues: Cues {
                at: i as u32,
                clause_from: from as u32,
                ..Cues::default()
            },
            base: None,
            year: None,
        })
    }

    /// The day written after a clock time ending at `end` as `on Friday`, `local time on
    /// Wednesday`.
    fn day_on_after(&self, end: usize) -> Option<Inner> {
        // "3:30pm local time on Wednesday"
        let on = if self.word_is(end, "local") && self.lex(end + 1) == Lex::Time {
            end + 2
        } else {
            end
        };
        if self.lex(on) == Lex::Prep && self.word_is(on, "on") {
            if let Some(c) = self.day_after_time(on + 1) {
                if self.is_day(&c) {
                    return c.inner();
                }
            }
        }
        None
    }

    /// A day right after a clock time: `Wednesday`, `today`, `Dec. 19`.
    fn day_after_time(&self, j: usize) -> Option<Cand> {
        let j =
            if self.is_p(j, b',') && matches!(self.lex(j + 1), Lex::Month(_) | Lex::MonthAbbr(_)) {
                j + 1
            } else {
                j
            };
        match self.lex(j) {
            Lex::Weekday(_)
            | Lex::Today
            | Lex::Yesterday
            | Lex::Tomorrow
            | Lex::Month(_)
            | Lex::MonthAbbr(_) => {
                let c = self.at(j)?;
                self.names_day(&c).then_some(c)
            }
            _ => None,
        }
    }

    /// `08 January 2023`, `19 December`, `19th of December`.
    fn day_month(&self, i: usize) -> Option<Cand> {
        let (d, _) = self.digits(i)?;
        if !(1..=31).contains(&d) {
            return None;
        }
        let mut j = i + 1;
        let mut sep = None;
        if self.adj(i) && matches!(self.word(j), b"th" | b"st" | b"nd" | b"rd") {
            j += 1;
            if self.lex(j) == Lex::Of {
                j += 1;
            }
        } else if self.adj(i) && self.adj(j) && (self.is_p(j, b'-') || self.is_p(j, b'/')) {
            // 05-Nov-2021
            sep = Some(self.t[j].num as u8);
            j += 1;
        }
        let m = match self.lex(j) {
            Lex::Month(m) if self.cap(j) => m,
            Lex::MonthAbbr(m) if self.cap(j) => m,
            _ => return None,
        };
        let mut k = self.after_dot(j);
        if let Some(sep) = sep {
            if !(self.is_p(k, sep) && self.adj(k - 1) && self.adj(k)) {
                return None;
            }
            k += 1;
        } else if self.is_p(k, b',') && self.digits(k + 1).is_some_and(|(_, n)| n == 4) {
            k += 1;
        }
        if let Some((y, 4)) = self.digits(k) {
            if !self.clock_colon(k + 1) {
                let date = ymd(y as i32, m, d as u8)?;
                return cand_y("day-month", k + 1, DATE, Val::day(date), y as i32);
            }
        }
        let end = self.after_dot(j);
        cand_e(
            self,
            "day-month",
            i,
            end,
            DATE,
            Expr::MonthDay { m, d: d as u8 },
        )
    }

    // ---- months and days -------------------------------------------------------------------

    /// A later day after a month-day and `and`, `to` or a dash is a day of the same month:
    /// `the April 12 and 26 elections`, `its February 10-11 meeting` (two dates, as TimeML
    /// marks a range); not an amount (`March 3 and 4 pct`).
    fn second_day(&self, i: usize) -> Option<Cand> {
        let (d, 1..=2) = self.digits(i)? else {
            return None;
        };
        if i < 3 || !(1..=31).contains(&d) {
            return None;
        }
        let dash = self.is_p(i - 1, b'-') && self.adj(i - 2) && self.adj(i - 1);
        if !(dash || matches!(self.lex(i - 1), Lex::And) || self.word_is(i - 1, "to")) {
            return None;
        }
        let (d1, 1..=2) = self.digits(i - 2)? else {
            return None;
        };
        let mut mi = i - 3;
        if self.is_p(mi, b'.') && mi > 0 && self.adj(mi - 1) {
            mi -= 1;
        }
        let m = match self.lex(mi) {
            Lex::Month(m) | Lex::MonthAbbr(m) if self.cap(mi) => m,
            _ => return None,
        };
        if d1 >= d || ymd(2000, m, d as u8).is_none() {
            return None;
        }
        // The first day must be read as a month-day on its own.
        let first = self.month(mi)?;
        if first.end != i - 1 || !matches!(first.expr, Expr::MonthDay { .. }) {
            return None;
        }
        let next_ok = match self.t.get(i + 1) {
            None => true,
            // Not a fraction, a score, a clock time or a decimal: `5-3/4`, `10-11:30`.
            Some(t) if t.kind == Kind::Punct => {
                let glued = self.adj(i) && (self.digits(i + 2).is_some() || self.is_p(i + 1, b'%'));
                !glued
            }
            Some(t) if t.kind == Kind::Word => {
                !matches!(
                    self.lex(i + 1),
                    Lex::Unit(..) | Lex::Month(_) | Lex::MonthAbbr(_)
                ) && !self.word_in(
                    i + 1,
                    &[
                        "pct", "percent", "per", "mln", "million", "billion", "dlrs", "points",
                        "pts", "cents", "th", "st", "nd", "rd",
                    ],
                )
            }
            _ => false,
        };
        if !next_ok {
            return None;
        }
        let e = Expr::MonthDay { m, d: d as u8 };
        Some(Cand {
            rule: "month-day-second",
            end: i + 1,
            ty: DATE,
            expr: e,
            cues: self.cues(mi, i + 1, &e),
            base: None,
            year: None,
        })
    }

    fn month(&self, i: usize) -> Option<Cand> {
        if !self.cap(i) {
            // Lowercased copy: a full month name (not the verbs `may`, `march` alone) with
            // its year, `ending march 1987`.
            let (Lex::Month(m), Some((y, 4))) = (self.lex(i), self.digits(i + 1)) else {
                return None;
            };
            let ok = m != 5 && (1000..=2100).contains(&y) && !self.clock_colon(i + 2);
            let v = Val::Date {
                y: Some(y as i32),
                m,
                d: 0,
            };
            return ok
                .then(|| cand_y("month", i + 2, DATE, v, y as i32))
                .flatten();
        }
        let (m, abbr) = match self.lex(i) {
            Lex::Month(m) => (m, false),
            Lex::MonthAbbr(m) => (m, true),
            _ => return None,
        };
        let dot = abbr && self.is_p(i + 1, b'.') && self.adj(i);
        // "Sept" written in full with a dot ("Sept.") or a bare "Sep": the dot is part of it.
        let j = if dot { i + 2 } else { i + 1 };
        // Month Day [, Year]
        if let Some((d, nd)) = self.digits(j) {
            if nd <= 2
                && (1..=31).contains(&d)
                && !self.clock_colon(j + 1)
                && !(self.is_p(j + 1, b'.') && self.digits(j + 2).is_some())
            {
                let mut k = j + 1;
                if self.adj(j) && matches!(self.word(k), b"th" | b"st" | b"nd" | b"rd") {
                    k += 1;
                }
                let mut y_at = k;
                if self.is_p(k, b',') {
                    y_at = k + 1;
                }
                if let Some((y, 4)) = self.digits(y_at) {
                    if let Some(date) = ymd(y as i32, m, d as u8) {
                        if !self.clock_colon(y_at + 1) {
                            return cand_y("month", y_at + 1, DATE, Val::day(date), y as i32);
                        }
                    }
                }
                return cand_e(self, "month", i, k, DATE, Expr::MonthDay { m, d: d as u8 });
            }
            if nd == 4 && (1000..=2100).contains(&d) {
                return cand_y(
                    "month",
                    j + 1,
                    DATE,
                    Val::Date {
                        y: Some(d as i32),
                        m,
                        d: 0,
                    },
                    d as i32,
                );
            }
        }
        // A day in words, as wire copy writes them: `payable May one`, `March eighth`.
        let day_word = match self.lex(j) {
            Lex::Num(d @ 1..=31) => Some(d),
            Lex::Ord(d @ 1..=31) => Some(d),
            _ => None,
        };
        if let Some(d) = day_word {
            let k = j + 1;
            let next_ok = match self.t.get(k) {
                None => true,
                Some(t) if t.kind == Kind::Punct => !self.is_p(k, b'-'),
                Some(t) if t.kind == Kind::Word => {
                    (t.cap && !matches!(self.lex(k), Lex::Unit(..)))
                        || matches!(self.lex(k), Lex::Prep | Lex::And)
                        || self.word_is(k, "unless")
                }
                _ => false,
            };
            // "May one ask": a sentence-initial `May` or `March` is a verb.
            let verb = (m == 5 || m == 3) && (i == 0 || self.is_sentence_break(i - 1));
            if next_ok && !verb && (!abbr || dot) {
                // "effective August one, 1985": the year written after it.
                if let (true, Some((y, 4))) = (self.is_p(k, b','), self.digits(k + 1)) {
                    if let Some(date) = ymd(y as i32, m, d).filter(|_| !self.clock_colon(k + 2)) {
                        return cand_y("month", k + 2, DATE, Val::day(date), y as i32);
                    }
                }
                return cand_e(self, "month", i, k, DATE, Expr::MonthDay { m, d });
            }
        }
        // Month and a spoken year: `January nineteen ninety-seven` (broadcast transcripts).
        if matches!(self.lex(j), Lex::Num(19 | 20)) && (!abbr || dot) {
            if let Some((y, end)) = self.year_at(j) {
                return cand_y(
                    "month",
                    end,
                    DATE,
                    Val::Date {
                        y: Some(y),
                        m,
                        d: 0,
                    },
                    y,
                );
            }
        }
        // Month, Year / Month of Year
        if (self.is_p(j, b',') || self.lex(j) == Lex::Of)
            && self
                .digits(j + 1)
                .is_some_and(|(y, n)| n == 4 && (1000..=2100).contains(&y))
        {
            let y = self.digits(j + 1)?.0 as i32;
            return cand_y(
                "month",
                j + 2,
                DATE,
                Val::Date {
                    y: Some(y),
                    m,
                    d: 0,
                },
                y,
            );
        }
        // May and March are verbs, Jan is a name: they need a date context.
        let weak = abbr || m == 5 || m == 3;
        // Month that year / last year / this year / next year
        let mut k = j;
        if self.lex(k) == Lex::Of {
            k += 1;
        }
        match (self.lex(k), self.lex(k + 1)) {
            (Lex::That, Lex::Unit(Unit::Year, false))
            | (Lex::Same, Lex::Unit(Unit::Year, false))
                if (!weak || self.prev_is_date_prep(i)) && self.facts.has_year() =>
            {
                // Only when the story or the anchor gives a year.
                let e = Expr::PartOf {
                    year: YearRef::StoryOrAnchor,
                    part: Part::Month(m),
                };
                return cand_at("month", i, k + 2, DATE, e);
            }
            (Lex::Last | Lex::This | Lex::Next, Lex::Unit(Unit::Year, false)) if k == j => {
                let off = match self.lex(k) {
                    Lex::Last => -1,
                    Lex::Next => 1,
                    _ => 0,
                };
                let e = Expr::InYear {
                    dir: off,
                    part: Part::Month(m),
                };
                return cand_at("month", i, k + 2, DATE, e);
            }
            _ => {}
        }
        if weak
            && !(self.prev_is_date_prep(i) && (!abbr || dot || self.word(i).len() > 3))
            && (abbr || !self.weak_month_context(i, j))
        {
            return None;
        }
        if abbr && !dot {
            return None;
        }
        if self.upper(i) && !self.prev_is_date_prep(i) {
            return None;
        }
        // "April Smith": a capitalised word that is not a date follows; not after `the`,
        // which a person's name does not take (`the February FOMC meeting`).
        if !self.prev_is_date_prep(i)
            && (i == 0 || self.lex(i - 1) != Lex::The)
            && self.cap(j)
            && self.lex(j) == Lex::None
            && self.t.get(j).is_some_and(|t| t.s == self.t[i].e + 1)
        {
            return None;
        }
        // The first month of a range whose second month has its year: `from March to August
        // 2011`, `November to February 2011` (the year before).
        if self.is_p(j, b'-') || self.range_word(j) {
            if let (Lex::Month(m2), Some((y, 4))) = (self.lex(j + 1), self.digits(j + 2)) {
                if (1000..=2100).contains(&y) && self.cap(j + 1) && !self.clock_colon(j + 3) {
                    let y = if m <= m2 { y as i32 } else { y as i32 - 1 };
                    let v = Val::Date {
                        y: Some(y),
                        m,
                        d: 0,
                    };
                    return cand("month-range-year", j, DATE, v);
                }
            }
        }
        cand_e(self, "month", i, j, DATE, Expr::Month { m })
    }

    /// Contexts where a bare `March` or `May` at `i` (ending before `j`) is the month
    /// although no date preposition comes before it: next to another month (`February and
    /// March`, `May or June`), or, for `March`, inside a sentence after a lowercase word or
    /// `the` (for `May`, after `the` only), before punctuation or a lowercase word that is not
    /// a preposition (`its March sales`, `the year ended March,`, `the May position`). A name keeps it: `the Long March`, `Women's March`,
    /// `the March for Life`, `Protesters March On Capitol`.
    fn weak_month_context(&self, i: usize, j: usize) -> bool {
        let month = |k: usize| matches!(self.lex(k), Lex::Month(_) | Lex::MonthAbbr(_));
        let link = |k: usize| {
            self.lex(k) == Lex::And
                || self.word_is(k, "or")
                || self.is_p(k, b',')
                || self.is_p(k, b'/')
                || self.is_p(k, b'-')
        };
        if i >= 2 && link(i - 1) && month(i - 2) && self.cap(i - 2) {
            return true;
        }
        if link(j) && month(j + 1) && self.cap(j + 1) {
            return true;
        }
        // `May` only after `the`, where it is a noun (`the May contract`), not a verb nor a
        // name (`Theresa May`).
        let may_after_the = self.lex(i) == Lex::Month(5) && i > 0 && self.lex(i - 1) == Lex::The;
        if (self.lex(i) != Lex::Month(3) && !may_after_the)
            || i == 0
            || self.is_sentence_break(i - 1)
        {
            return false;
        }
        let p = &self.t[i - 1];
        let prev_ok = match p.kind {
            // Not the `s` of `Women's March`.
            Kind::Word => {
                (!p.cap || self.lex(i - 1) == Lex::The)
                    && !(i >= 2 && self.is_p(i - 2, b'\'') && self.word(i - 1) == b"s")
            }
            Kind::Punct => self.is_p(i - 1, b',') || self.is_p(i - 1, b'('),
            _ => false,
        };
        if !prev_ok {
            return false;
        }
        match self.t.get(j) {
            None => true,
            Some(t) if t.kind == Kind::Punct => !self.is_p(j, b'\'') && !self.is_p(j, b'-'),
            Some(t) if t.kind == Kind::Word => {
                !t.cap
                    && !matches!(self.lex(j), Lex::Prep | Lex::Of | Lex::Past | Lex::Up)
                    && !self.word_in(j, &["against", "toward", "towards", "across", "down"])
            }
            _ => false,
        }
    }

    fn prev_is_date_prep(&self, i: usize) -> bool {
        matches!(
            self.prev(i),
            Lex::Prep
                | Lex::Early
                | Lex::Late
                | Lex::Mid
                | Lex::Last
                | Lex::Next
                | Lex::This
                | Lex::Of
                | Lex::Every
                | Lex::Each
        ) || (i >= 2
            && self.is_p(i - 1, b'-')
            && matches!(
                self.lex(i - 2),
                Lex::Mid | Lex::End | Lex::Early | Lex::Late
            ))
    }

    fn weekday(&self, i: usize) -> Option<Cand> {
        let Lex::Weekday(wd) = self.lex(i) else {
            return None;
        };
        if !self.cap(i) {
            return None;
        }
        // "Friday, Dec. 19, 2022", "Friday 19 December"
        let j = if self.is_p(i + 1, b',') { i + 2 } else { i + 1 };
        let full = match self.lex(j) {
            Lex::Month(_) | Lex::MonthAbbr(_) => self.month(j),
            _ if self.digits(j).is_some() => self.day_month(j),
            _ => None,
        };
        if let Some(c) = full {
            if self.names_day(&c) {
                return Some(c);
            }
        }
        // "Tuesday (November 9)": the weekday takes the day written after it.
        if self.is_p(i + 1, b'(') {
            let inner = match self.lex(i + 2) {
                Lex::Month(_) | Lex::MonthAbbr(_) => self.month(i + 2),
                _ if self.digits(i + 2).is_some() => self.day_month(i + 2),
                _ => None,
            };
            if let Some(day) = inner.and_then(|c| c.inner()) {
                return cand_on(self, "weekday", i, i + 1, DATE, Expr::WeekdayOn { wd }, day);
            }
        }
        // "tomorrow (Thursday)": a weekday in brackets names the day just before it.
        if i >= 2 && self.is_p(i - 1, b'(') && self.is_p(i + 1, b')') {
            if let Lex::Today | Lex::Tomorrow | Lex::Yesterday = self.lex(i - 2) {
                let day = self.at(i - 2).filter(|c| c.end == i - 1);
                if let Some(day) = day.and_then(|c| c.inner()) {
                    return cand_on(self, "weekday", i, i + 1, DATE, Expr::WeekdayOn { wd }, day);
                }
            }
        }
        if let Lex::Tod(tod, pl) = self.lex(i + 1) {
            if pl {
                return cand("weekday", i + 2, SET, Val::WeekdayX(wd, Some(tod)));
            }
            let e = Expr::Weekday { wd, tod: Some(tod) };
            return cand_e(self, "weekday", i, i + 2, DATE, e);
        }
        cand_e(
            self,
            "weekday",
            i,
            i + 1,
            DATE,
            Expr::Weekday { wd, tod: None },
        )
    }

    // ---- relative expressions --------------------------------------------------------------

    /// `last week`, `next year`, `this morning`, `past two years`, `last Friday`, `last fall`.
    /// `the_` says a `the` precedes (it changes `the past year` into a duration).
    fn rel(&self, i: usize, the_: bool) -> Option<Cand> {
        let w = self.lex(i);
        let mut j = i + 1;
        let mut dir: i64 = match w {
            Lex::Last | Lex::Past | Lex::Previous => -1,
            Lex::Next | Lex::Coming => 1,
            _ => 0,
        };
        // "this past weekend", "this coming Monday"
        if w == Lex::This {
            match self.lex(j) {
                Lex::Past => {
                    dir = -1;
                    j += 1;
                }
                Lex::Coming => {
                    dir = 1;
                    j += 1;
                }
                _ => {}
            }
        }
        // Durations: "the past two months", "last 12 months", "next few days".
        if w != Lex::This && j == i + 1 {
            if let Some((a, u, mut end, false)) = self.dur(j) {
                if a != Amount::N(1) || self.lex(j) != Lex::A {
                    if matches!(self.lex(end), Lex::Ago | Lex::Earlier | Lex::Later) {
                        return None;
                    }
                    // "the next two years or so"
                    if self.word_is(end, "or") && self.word_is(end + 1, "so") {
                        end += 2;
                    }
                    return cand("relative", end, DURATION, Val::Dur(a, u));
                }
            }
        }
        if self.cap(j) && !self.upper(j) && matches!(self.lex(j), Lex::Unit(..)) {
            return None; // "This Week", a title
        }
        // "last fiscal year", "the next fiscal quarter": the period itself, never a duration.
        if self.lex(j) == Lex::Fiscal
            && matches!(
                self.lex(j + 1),
                Lex::Unit(Unit::Year | Unit::Quarter, false)
            )
            && matches!(
                w,
                Lex::Last | Lex::Next | Lex::This | Lex::Previous | Lex::Coming
            )
        {
            let Lex::Unit(u, _) = self.lex(j + 1) else {
                return None;
            };
            if u == Unit::Year {
                let story = the_ && matches!(w, Lex::Previous | Lex::Coming);
                let e = Expr::Year {
                    dir: dir as i8,
                    story,
                };
                return cand_at("relative", i, j + 2, DATE, e);
            }
            return cand_at("relative", i, j + 2, DATE, self.shift_e(u, dir));
        }
        match self.lex(j) {
            Lex::Unit(_, true) if w == Lex::Coming => {
                cand("relative", j + 1, DATE, Val::Ref("FUTURE_REF"))
            }
            Lex::Unit(u, false) => {
                // "the past year", "past decade", "the last year": a duration.
                if (w == Lex::Past && dir == -1 && j == i + 1) || (the_ && w == Lex::Last) {
                    if u == Unit::Day || u == Unit::Weekend {
                        return None;
                    }
                    // "profits during the last quarter": the last completed one, as `the
                    // latest quarter`.
                    if u == Unit::Quarter && the_ {
                        return cand_at("relative", i, j + 1, DATE, Expr::LastQuarter);
                    }
                    return cand("relative", j + 1, DURATION, Val::Dur(Amount::N(1), u));
                }
                if (w == Lex::Coming || w == Lex::Previous) && !the_ {
                    return None;
                }
                // "the following year", "the previous year": relative to the story's year.
                if the_ && matches!(w, Lex::Coming | Lex::Previous) && u == Unit::Year {
                    let e = Expr::Year {
                        dir: dir as i8,
                        story: true,
                    };
                    return cand_at("relative", i, j + 1, DATE, e);
                }
                if u == Unit::Day {
                    // "the next day", "the previous day": from the last date of the story,
                    // left unresolved when the story has none.
                    if the_ && dir != 0 {
                        let e = Expr::StoryDay {
                            dir: dir as i8,
                            tod: None,
                        };
                        return cand_at("relative", i, j + 1, DATE, e);
                    }
                    return None;
                }
                // "the following week", "the previous month": from the story's last date.
                if the_
                    && matches!(w, Lex::Coming | Lex::Previous)
                    && matches!(u, Unit::Week | Unit::Month)
                {
                    let e = Expr::Anaphor {
                        unit: u,
                        dir: dir as i8,
                    };
                    return cand_at("relative", i, j + 1, DATE, e);
                }
                if u == Unit::Weekend {
                    return cand_e(
                        self,
                        "relative",
                        i,
                        j + 1,
                        DATE,
                        Expr::Weekend { dir: dir as i8 },
                    );
                }
                cand_at("relative", i, j + 1, DATE, self.shift_e(u, dir))
            }
            Lex::Tod(tod, false) => {
                // "the next morning", "the following night": the story's next day.
                if the_ && matches!(w, Lex::Next | Lex::Coming | Lex::Previous) {
                    let e = Expr::StoryDay {
                        dir: dir as i8,
                        tod: Some(tod),
                    };
                    return cand_at("relative", i, j + 1, DATE, e);
                }
                let base = match (w, tod) {
                    (Lex::Last, Tod::Night) => -1,
                    (Lex::This, _) => 0,
                    _ => return None,
                };
                let e = Expr::Shift {
                    unit: Unit::Day,
                    n: base,
                    tod: Some(tod),
                };
                cand_at("relative", i, j + 1, TIME, e)
            }
            Lex::Weekday(wd) => {
                if !self.cap(j) {
                    return None;
                }
                // "the previous Friday", "the following Monday": from the story's last date,
                // else the one before last Friday.
                let dir = dir as i8;
                if the_ && matches!(w, Lex::Previous | Lex::Coming) {
                    let e = Expr::WeekdayStep {
                        wd,
                        dir,
                        story: true,
                    };
                    return cand_at("relative", i, j + 1, DATE, e);
                }
                if matches!(w, Lex::Past | Lex::Previous) {
                    return None;
                }
                let e = Expr::WeekdayStep {
                    wd,
                    dir,
                    story: false,
                };
                if let Lex::Tod(_, false) = self.lex(j + 1) {
                    return cand_at("relative", i, j + 2, DATE, e);
                }
                cand_at("relative", i, j + 1, DATE, e)
            }
            Lex::Month(m) | Lex::MonthAbbr(m) => {
                if !self.cap(j) || matches!(w, Lex::Past | Lex::Previous | Lex::Coming) {
                    return None;
                }
                let end = self.after_dot(j);
                // With its day: `last September 26`, not `last May 5-3/4` nor a clock time.
                let day = match self.digits(end) {
                    Some((d @ 1..=31, 1..=2))
                        if !(self.adj(end)
                            && !self.is_p(end + 1, b',')
                            && (self.digits(end + 2).is_some() || self.is_p(end + 1, b'%')))
                            && !matches!(self.lex(end + 1), Lex::Unit(..)) =>
                    {
                        ymd(2000, m, d as u8).map(|_| d as u8)
                    }
                    _ => None,
                };
                let (d, end) = day.map_or((0, end), |d| (d, end + 1));
                let e = Expr::MonthStep {
                    m,
                    d,
                    dir: dir as i8,
                };
                cand_at("relative", i, end, DATE, e)
            }
            Lex::Season(s) => {
                if matches!(w, Lex::Past | Lex::Previous | Lex::Coming) && !the_ {
                    return None;
                }
                let dir = if w == Lex::This { 0 } else { dir as i8 };
                let e = Expr::InYear {
                    dir,
                    part: Part::Season(s),
                };
                cand_at("relative", i, j + 1, DATE, e)
            }
            Lex::Ord(q @ 1..=4) if matches!(self.lex(j + 1), Lex::Unit(Unit::Quarter, false)) => {
                let e = Expr::InYear {
                    dir: dir as i8,
                    part: Part::Quarter(q),
                };
                cand_at("relative", i, j + 2, DATE, e)
            }
            _ => None,
        }
    }

    /// `early next year`, `late November`, `mid-1996`, `late yesterday`.
    fn modif(&self, i: usize) -> Option<Cand> {
        // A capital `Late Night` inside a sentence of running text is a name: "when Fallon was doing Late
        // Night".
        if self.lex(i) == Lex::Late
            && self.cap(i)
            && self.in_running_text(i)
            && matches!(self.lex(i + 1), Lex::Tod(..))
            && self.cap(i + 1)
        {
            return None;
        }
        let mut j = i + 1;
        if self.is_p(j, b'-') && self.adj(i) {
            j += 1;
        }
        if self.lex(i) == Lex::Mid
            && j == i + 1
            && !self.adj(i)
            && !matches!(self.lex(j), Lex::Tod(..))
        {
            // "mid 2014" is rare; accept only "mid-" forms and "mid afternoon".
            return None;
        }
        if let Lex::Tod(tod, false) = self.lex(j) {
            let e = Expr::TodOn { tod };
            if let Some(c) = self.day_after_time(j + 1) {
                if let Some(day) = c.inner() {
                    return cand_on(self, "modified", i, c.end, TIME, e, day);
                }
            }
            return cand_at("modified", i, j + 1, TIME, e);
        }
        let base = match self.lex(j) {
            Lex::The if self.lex(i) != Lex::Mid => return None,
            Lex::Month(_)
            | Lex::MonthAbbr(_)
            | Lex::Last
            | Lex::Next
            | Lex::This
            | Lex::Yesterday
            | Lex::Today
            | Lex::Tomorrow
            | Lex::Weekday(_)
            | Lex::Season(_)
            | Lex::Earlier
            | Lex::Later => self.at(j)?,
            Lex::None if self.digits(j).is_some_and(|(_, n)| n == 4) => self.at(j)?,
            Lex::None if self.is_p(j, b'\'') => self.at(j)?,
            _ => return None,
        };
        if base.ty == DURATION || base.ty == SET {
            return None;
        }
        Some(Cand {
            rule: "modified",
            end: base.end,
            ..base
        })
    }

    /// `earlier this year`, `later this month`, `later that year`, `earlier in the year`.
    fn earlier(&self, i: usize) -> Option<Cand> {
        let j = i + 1;
        match self.lex(j) {
            Lex::This | Lex::Last | Lex::Next => {
                let c = self.rel(j, false)?;
                let this_year = Expr::Shift {
                    unit: Unit::Year,
                    n: 0,
                    tod: None,
                };
                if self.lex(i) == Lex::Later && c.expr == this_year {
                    return cand_at("earlier-later", i, c.end, DATE, Expr::LaterThisYear);
                }
                (c.ty == DATE).then_some(c)
            }
            Lex::That => self.that(j),
            Lex::Prep if self.word_is(j, "in") && self.lex(j + 1) == Lex::The => {
                match self.lex(j + 2) {
                    Lex::Unit(u @ (Unit::Year | Unit::Month | Unit::Week), false) => {
                        cand_at("earlier-later", i, j + 3, DATE, self.shift_e(u, 0))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn deictic(&self, i: usize) -> Option<Cand> {
        let off = match self.lex(i) {
            Lex::Now => {
                // "Now, he says ...": a discourse marker.
                if self.cap(i) && self.is_p(i + 1, b',') {
                    return None;
                }
                return cand("deictic", i + 1, DATE, Val::Ref("PRESENT_REF"));
            }
            Lex::Tonight => {
                let e = Expr::Shift {
                    unit: Unit::Day,
                    n: 0,
                    tod: Some(Tod::Night),
                };
                return cand_at("deictic", i, i + 1, TIME, e);
            }
            Lex::Today => 0,
            Lex::Yesterday => -1,
            Lex::Tomorrow => 1,
            _ => return None,
        };
        if let Lex::Tod(tod, false) = self.lex(i + 1) {
            if off != 0 {
                let e = Expr::Shift {
                    unit: Unit::Day,
                    n: off,
                    tod: Some(tod),
                };
                return cand_at("deictic", i, i + 2, TIME, e);
            }
        }
        cand_at(
            "deictic",
            i,
            i + 1,
            DATE,
            self.shift_e(Unit::Day, off as i64),
        )
    }

    fn refs(&self, i: usize) -> Option<Cand> {
        match self.lex(i) {
            Lex::Recently => cand("vague-ref", i + 1, DATE, Val::Ref("PAST_REF")),
            Lex::Currently | Lex::Nowadays => {
                cand("vague-ref", i + 1, DATE, Val::Ref("PRESENT_REF"))
            }
            Lex::Recent => match self.lex(i + 1) {
                Lex::Unit(_, true) => cand("vague-ref", i + 2, DATE, Val::Ref("PAST_REF")),
                _ => None,
            },
            Lex::Current => match self.lex(i + 1) {
                Lex::Unit(u @ (Unit::Year | Unit::Quarter | Unit::Month | Unit::Week), false) => {
                    cand_at("vague-ref", i, i + 2, DATE, self.shift_e(u, 0))
                }
                Lex::Fiscal => match self.lex(i + 2) {
                    Lex::Unit(u @ (Unit::Year | Unit::Quarter), false) => {
                        cand_at("vague-ref", i, i + 3, DATE, self.shift_e(u, 0))
                    }
                    _ => None,
                },
                _ => cand("vague-ref", i + 1, DATE, Val::Ref("PRESENT_REF")),
            },
            Lex::Future => {
                if self.prev(i) == Lex::Prep
                    || self.word_is(i.wrapping_sub(1), "near")
                    || self.word_is(i.wrapping_sub(1), "distant")
                {
                    cand("vague-ref", i + 1, DATE, Val::Ref("FUTURE_REF"))
                } else {
                    None
                }
            }
            Lex::Soon => {
                if self.word_is(i.wrapping_sub(1), "as")
                    || self.word_is(i + 1, "as")
                    || self.is_p(i + 1, b'-')
                    || self.lex(i + 1) == Lex::Prep
                    || self.lex(i + 1) == Lex::Than
                {
                    None
                } else {
                    cand("vague-ref", i + 1, DATE, Val::Ref("FUTURE_REF"))
                }
            }
            Lex::These => match self.lex(i + 1) {
                Lex::Unit(Unit::Day, true) => {
                    cand("vague-ref", i + 2, DATE, Val::Ref("PRESENT_REF"))
                }
                _ => None,
            },
            _ => None,
        }
    }

    // ---- `the ...` -------------------------------------------------------------------------

    fn the(&self, i: usize) -> Option<Cand> {
        let j = i + 1;
        if let Some(c) = self.the_nth(i) {
            return Some(c);
        }
        // "the last half of 1989", "the latter half of last year".
        if (self.lex(j) == Lex::Last || self.word_is(j, "latter")) && self.lex(j + 1) == Lex::Half {
            if let Some((y, end)) = self.of_year(j + 2) {
                return self.part_of("the", i, end, y, Part::Half(2));
            }
        }
        // "the day before yesterday", "the day after Eid", "the day before last Tuesday".
        if self.lex(j) == Lex::Unit(Unit::Day, false)
            && (self.word_is(j + 1, "before") || self.word_is(j + 1, "after"))
            && self.lex(j + 2) != Lex::The
        {
            let dir = if self.word_is(j + 1, "before") { -1 } else { 1 };
            if let Some(c) = self.at(j + 2) {
                if c.ty == DATE && self.is_day(&c) {
                    if let Some(day) = c.inner() {
                        return cand_on(self, "the", i, c.end, DATE, Expr::DaysFrom { dir }, day);
                    }
                }
            }
        }
        // "the week ended Feb 14", "the week to March 3": the ISO week of that day, as
        // economic news writes weekly figures.
        if self.lex(j) == Lex::Unit(Unit::Week, false)
            && (self.word_is(j + 1, "ended")
                || self.word_is(j + 1, "ending")
                || self.word_is(j + 1, "to"))
            && matches!(self.lex(j + 2), Lex::Month(_) | Lex::MonthAbbr(_))
        {
            if let Some(c) = self.month(j + 2) {
                if self.is_day(&c) {
                    if let Some(day) = c.inner() {
                        return cand_on(self, "the", i, c.end, DATE, Expr::WeekOf, day);
                    }
                }
            }
        }
        // "the week of March 6": the ISO week of that day.
        if self.lex(j) == Lex::Unit(Unit::Week, false) && self.lex(j + 1) == Lex::Of {
            if let Some(c) = self.month(j + 2) {
                if self.names_day(&c) {
                    if let Some(day) = c.inner() {
                        return cand_on(self, "the", i, c.end, DATE, Expr::WeekOf, day);
                    }
                }
            }
        }
        match self.lex(j) {
            Lex::Last | Lex::Past | Lex::Next | Lex::Coming | Lex::Previous => {
                if self.lex(j) == Lex::Past
                    && !matches!(
                        self.lex(j + 1),
                        Lex::Unit(..)
                            | Lex::Num(_)
                            | Lex::A
                            | Lex::Few
                            | Lex::Several
                            | Lex::Couple
                            | Lex::Season(_)
                    )
                    && self.digits(j + 1).is_none()
                {
                    return cand("the", j + 1, DATE, Val::Ref("PAST_REF"));
                }
                let c = self.rel(j, true)?;
                Some(c)
            }
            // A capital `Future` after a lowercase `the` is in a title: "Films from the Future".
            Lex::Future if self.cap(j) && !self.cap(i) && !self.title_case_line(j) => None,
            Lex::Future => cand("the", j + 1, DATE, Val::Ref("FUTURE_REF")),
            Lex::Near if self.lex(j + 1) == Lex::Future => {
                cand("the", j + 2, DATE, Val::Ref("FUTURE_REF"))
            }
            // "in the near term", "over the short term"
            Lex::Near | Lex::Long | Lex::None
                if (self.lex(j) != Lex::None || self.word_is(j, "short"))
                    && self.word_is(j + 1, "term")
                    && matches!(self.prev(i), Lex::Prep | Lex::Of) =>
            {
                cand("the", j + 2, DATE, Val::Ref("FUTURE_REF"))
            }
            Lex::Approx | Lex::Prep if self.word_is(j, "near") || self.word_is(j, "distant") => {
                None
            }
            Lex::Latest | Lex::Current | Lex::Same2 | Lex::Prior => {
                let mut k = j + 1;
                if self.lex(j) == Lex::Latest {
                    if let Some((a, u, end, false)) = self.dur(k) {
                        return cand("the", end, DURATION, Val::Dur(a, u));
                    }
                }
                if self.lex(k) == Lex::Fiscal {
                    k += 1;
                }
                if self.lex(j) == Lex::Same2 && self.is_p(k, b'-') {
                    return None;
                }
                match self.lex(k) {
                    Lex::Unit(Unit::Quarter, false) | Lex::Period => match self.lex(j) {
                        Lex::Current => {
                            cand_at("the", i, k + 1, DATE, self.shift_e(Unit::Quarter, 0))
                        }
                        // "the same quarter": only in a story about a quarter.
                        Lex::Same2 if self.facts.has_quarter_near(i) => {
                            cand_at("the", i, k + 1, DATE, Expr::YearBack { n: 1 })
                        }
                        Lex::Same2 => None,
                        _ => cand_at("the", i, k + 1, DATE, Expr::LastQuarter),
                    },
                    Lex::Unit(Unit::Year, false) if self.lex(j) == Lex::Current => {
                        cand_at("the", i, k + 1, DATE, self.shift_e(Unit::Year, 0))
                    }
                    Lex::Unit(Unit::Year, false) if self.lex(j) == Lex::Prior => {
                        let e = Expr::Year {
                            dir: -1,
                            story: true,
                        };
                        cand_at("the", i, k + 1, DATE, e)
                    }
                    _ => None,
                }
            }
            Lex::Unit(Unit::Quarter, false) => cand_at("the", i, j + 1, DATE, Expr::LastQuarter),
            Lex::Unit(Unit::Year, false) => {
                // "the year-ago quarter", "the year-earlier period"
                if self.is_p(j + 1, b'-') && self.adj(j) {
                    let c = self.unit(j)?;
                    if c.end == j + 3 && self.dur(c.end).is_some() {
                        // "the year-earlier nine months"
                        let (a, u, end, _) = self.dur(c.end)?;
                        return cand("the", end, DURATION, Val::Dur(a, u));
                    }
                    return (c.end > j + 3 && c.ty == DATE).then_some(c);
                }
                // "the year 2000", "the year 71", "the year of 1925", "the year two thousand":
                // a year named, in any number of digits.
                let k = if self.lex(j + 1) == Lex::Of {
                    j + 2
                } else {
                    j + 1
                };
                // Fewer digits must end the phrase: `the year 12 people died` is a count.
                if let Some((y, nd @ 1..=4)) = self.digits(k) {
                    let ends = self
                        .t
                        .get(k + 1)
                        .is_none_or(|t| t.kind == Kind::Punct || t.cap);
                    if y > 0 && (nd == 4 || ends) && self.digits(k + 1).is_none() {
                        return cand_year("the", k + 1, y as i32);
                    }
                }
                if let (Lex::Num(2), Lex::Thousand) = (self.lex(j + 1), self.lex(j + 2)) {
                    return cand(
                        "the",
                        j + 3,
                        DATE,
                        Val::Date {
                            y: Some(2000),
                            m: 0,
                            d: 0,
                        },
                    );
                }
                if matches!(self.lex(j + 1), Lex::Ago | Lex::Earlier) {
                    return None;
                }
                // A capital `Year` after a lowercase `the` is in a title or an award:
                // "Player of the Year", "On the Last Day of the Year".
                if self.cap(j) && !self.cap(i) && !self.title_case_line(j) {
                    return None;
                }
                let p = self.prev(i);
                if p == Lex::Prep
                    && (self.word_is(i - 1, "for")
                        || self.word_is(i - 1, "during")
                        || self.word_is(i - 1, "throughout"))
                {
                    return cand("the", j + 1, DURATION, Val::Dur(Amount::N(1), Unit::Year));
                }
                if p == Lex::Prep || p == Lex::End || p == Lex::Of {
                    return cand_at("the", i, j + 1, DATE, self.shift_e(Unit::Year, 0));
                }
                None
            }
            Lex::Unit(Unit::Weekend, false) => {
                cand_e(self, "the", i, j + 1, DATE, Expr::Weekend { dir: 0 })
            }
            Lex::Unit(Unit::Day, false)
                if self.prev(i) == Lex::Prep && self.word_is(i - 1, "on") =>
            {
                let e = Expr::StoryDay { dir: 0, tod: None };
                self.facts
                    .has_story_date()
                    .then(|| cand_at("the", i, j + 1, DATE, e))
                    .flatten()
            }
            Lex::Full | Lex::Fiscal => match self.lex(j + 1) {
                Lex::Unit(Unit::Year, false) => {
                    if self.lex(j) == Lex::Fiscal {
                        if let Some((y, 4)) = self.digits(j + 2) {
                            return cand_y(
                                "the",
                                self.year_span_end(j + 2, y),
                                DATE,
                                Val::Date {
                                    y: Some(y as i32),
                                    m: 0,
                                    d: 0,
                                },
                                y as i32,
                            );
                        }
                        return cand("the", j + 2, DURATION, Val::Dur(Amount::N(1), Unit::Year));
                    }
                    cand_at("the", i, j + 2, DATE, self.shift_e(Unit::Year, 0))
                }
                Lex::Ord(_) => {
                    let c = self.ordinal(j + 1)?;
                    (c.ty == DATE).then_some(c)
                }
                _ => None,
            },
            Lex::Same => match self.lex(j + 1) {
                // Without a date before, still a day: `XXXX-XX-XX`.
                Lex::Unit(Unit::Day, false) => {
                    let e = Expr::StoryDay { dir: 0, tod: None };
                    cand_at("the", i, j + 2, DATE, e)
                }
                Lex::Unit(Unit::Year, false) if self.facts.has_story_year() => {
                    let e = Expr::Year {
                        dir: 0,
                        story: true,
                    };
                    cand_at("the", i, j + 2, DATE, e)
                }
                _ => None,
            },
            Lex::End | Lex::Beginning | Lex::Middle => {
                if self.lex(j + 1) != Lex::Of {
                    return None;
                }
                let k = j + 2;
                let c = match self.lex(k) {
                    Lex::The => match self.lex(k + 1) {
                        Lex::Unit(
                            u @ (Unit::Year
                            | Unit::Month
                            | Unit::Week
                            | Unit::Decade
                            | Unit::Century),
                            false,
                        ) => cand_at("the", i, k + 2, DATE, self.shift_e(u, 0)),
                        Lex::Unit(Unit::Quarter, false) => {
                            cand_at("the", i, k + 2, DATE, Expr::LastQuarter)
                        }
                        _ => None,
                    },
                    _ => self.at(k).filter(|c| c.ty == DATE || c.ty == TIME),
                }?;
                Some(c)
            }
            Lex::Ord(_) => {
                if self.is_p(j + 1, b'-') && self.adj(j) {
                    return None; // "the third-quarter loss": the adjective alone
                }
                if let Some(c) = self.ordinal(j) {
                    return Some(c);
                }
                // "the first nine months"
                let (a, u, end, false) = self.dur(j + 1)? else {
                    return None;
                };
                cand("the", end, DURATION, Val::Dur(a, u))
            }
            Lex::Num(_) | Lex::Few | Lex::Several | Lex::Couple | Lex::Dozen => {
                let (a, u, end, hyph) = self.dur(j)?;
                if hyph || matches!(self.lex(end), Lex::Ago | Lex::Earlier | Lex::Later) {
                    return None;
                }
                cand("the", end, DURATION, Val::Dur(a, u))
            }
            Lex::Early | Lex::Late | Lex::Mid => self.the_season(i).or_else(|| {
                let c = self.modif(j)?;
                self.facts.is_period(&c.reading()).then_some(c)
            }),
            // "the summer of 1998", "in the summer"
            Lex::Season(_) => self.the_season(i),
            Lex::Tod(tod, false) if self.prev(i) == Lex::Prep && self.word_is(i - 1, "in") => {
                // "in the morning": the day of the story.
                let _ = tod;
                None
            }
            Lex::None => {
                // "the 1990s", "the 1988 period", "the '90s", "the 20th century"
                if let Some((v, 4)) = self.digits(j) {
                    if self.adj(j) && self.word(j + 1) == b"s" && v % 10 == 0 {
                        return cand("the", j + 2, DATE, Val::Decade(v as i32 / 10));
                    }
                    // `the 1930's`: after `the`, a decade, not the year's possessive.
                    if self.apos_s(j + 1) && v % 10 == 0 {
                        return cand("the", j + 3, DATE, Val::Decade(v as i32 / 10));
                    }
                    if (1900..=2100).contains(&v) {
                        let k = j + 1;
                        let q = match (self.lex(k), self.lex(k + 1)) {
                            (Lex::Ord(q @ 1..=4), Lex::Unit(Unit::Quarter, false)) => {
                                Some((q, k + 2))
                            }
                            (Lex::Unit(Unit::Quarter, false), _) => {
                                // "the 1988 quarter": the number of the last completed one.
                                let e = Expr::LastQuarterOf { y: v as i32 };
                                return Some(Cand {
                                    year: Some(v as i32),
                                    ..cand_at("the", i, k + 1, DATE, e)?
                                });
                            }
                            _ => None,
                        };
                        if let Some((q, end)) = q {
                            return cand_y(
                                "the",
                                end,
                                DATE,
                                Val::Quarter {
                                    y: Some(v as i32),
                                    q,
                                },
                                v as i32,
                            );
                        }
                    }
                    if self.lex(j + 1) == Lex::Period && (1900..=2100).contains(&v) {
                        return cand_y(
                            "the",
                            j + 2,
                            DATE,
                            Val::Date {
                                y: Some(v as i32),
                                m: 0,
                                d: 0,
                            },
                            v as i32,
                        );
                    }
                    return None;
                }
                if let Some((_, 1..=2)) = self.digits(j) {
                    let c = self.number(j)?;
                    return self.facts.is_century(&c.reading()).then_some(c);
                }
                if self.is_p(j, b'\'') {
                    return self.apos_decade(j);
                }
                if self.word_is(j, "nineties")
                    || self.word_is(j, "eighties")
                    || self.word_is(j, "seventies")
                    || self.word_is(j, "sixties")
                {
                    let d = match self.word(j)[..3].to_ascii_lowercase().as_slice() {
                        b"nin" => 199,
                        b"eig" => 198,
                        b"sev" => 197,
                        _ => 196,
                    };
                    return cand("the", j + 1, DATE, Val::Decade(d));
                }
                None
            }
            _ => None,
        }
    }

    /// `third-quarter`, `the first half`, `first quarter of 1998`, `20th century` in words.
    fn ordinal(&self, i: usize) -> Option<Cand> {
        let Lex::Ord(n) = self.lex(i) else {
            return None;
        };
        let mut j = i + 1;
        if self.is_p(j, b'-') && self.adj(i) {
            j += 1;
        }
        if self.lex(j) == Lex::Fiscal {
            j += 1;
        }
        match self.lex(j) {
            Lex::Unit(Unit::Quarter, false) if (1..=4).contains(&n) => {
                if self.lex(j + 1) == Lex::Of {
                    if let Some((y, 4)) = self.digits(j + 2) {
                        return cand_y(
                            "ordinal",
                            j + 3,
                            DATE,
                            Val::Quarter {
                                y: Some(y as i32),
                                q: n,
                            },
                            y as i32,
                        );
                    }
                    // "the third quarter of last year"
                    if let Some((y, end)) = self.of_year(j + 1) {
                        return self.part_of("ordinal", i, end, y, Part::Quarter(n));
                    }
                }
                // "fourth quarter 1986 operating profit": the year written right after.
                if let Some(y) = self.year_after_part(j + 1) {
                    let v = Val::Quarter { y: Some(y), q: n };
                    return cand_y("ordinal", j + 2, DATE, v, y);
                }
                cand_e(self, "ordinal", i, j + 1, DATE, Expr::Quarter { q: n })
            }
            Lex::Half if (1..=2).contains(&n) => {
                if self.lex(j + 1) == Lex::Of {
                    if let Some((y, 4)) = self.digits(j + 2) {
                        return cand_y(
                            "ordinal",
                            j + 3,
                            DATE,
                            Val::Half {
                                y: Some(y as i32),
                                h: n,
                            },
                            y as i32,
                        );
                    }
                    if let Some((y, end)) = self.of_year(j + 1) {
                        return self.part_of("ordinal", i, end, y, Part::Half(n));
                    }
                }
                if let Some(y) = self.year_after_part(j + 1) {
                    let v = Val::Half { y: Some(y), h: n };
                    return cand_y("ordinal", j + 2, DATE, v, y);
                }
                cand_e(self, "ordinal", i, j + 1, DATE, Expr::Half { h: n })
            }
            // `the sixteenth century`, and both ends of `the twelfth to sixteenth centuries`.
            Lex::Unit(Unit::Century, plural) if !plural || self.range_link(i.wrapping_sub(1)) => {
                cand("ordinal", j + 1, DATE, Val::Century(n as i32 - 1))
            }
            _ if j == i + 1
                && self.range_link(j)
                && matches!(self.lex(j + 1), Lex::Ord(_))
                && matches!(self.lex(j + 2), Lex::Unit(Unit::Century, _)) =>
            {
                cand("ordinal", j, DATE, Val::Century(n as i32 - 1))
            }
            _ => None,
        }
    }

    /// Token `k` joins the two ends of a range: `to`, `and`, a dash.
    fn range_link(&self, k: usize) -> bool {
        self.word_in(k, &["to", "and"]) || self.is_p(k, b'-')
    }

    // ---- units without a number ------------------------------------------------------------

    fn unit(&self, i: usize) -> Option<Cand> {
        let Lex::Unit(u, plural) = self.lex(i) else {
            return None;
        };
        // Telegraphic "versus 129,000 week ago", "the year ago period": `a` left out.
        if !plural && self.lex(i + 1) == Lex::Ago {
            let e = match u {
                Unit::Year => Expr::YearBack { n: 1 },
                Unit::Hour | Unit::Minute | Unit::Second => self.shift_e(Unit::Day, 0),
                _ => self.shift_e(u, -1),
            };
            return cand_at("unit", i, i + 2, DATE, e);
        }
        // "year-ago", "year-earlier", "year-end", "month-long"
        if self.is_p(i + 1, b'-') && self.adj(i) && self.adj(i + 1) {
            match self.lex(i + 2) {
                Lex::Ago | Lex::Earlier if u == Unit::Year => {
                    let end = i + 3;
                    let (e, end) = match self.lex(end) {
                        Lex::Ord(q @ 1..=4)
                            if matches!(self.lex(end + 1), Lex::Unit(Unit::Quarter, false)) =>
                        {
                            (Expr::YearAgoQuarter { q }, end + 2)
                        }
                        Lex::Ord(_) => (Expr::YearBack { n: 1 }, end),
                        Lex::Unit(Unit::Quarter, false) | Lex::Period => {
                            (Expr::YearAgoQuarter { q: 0 }, end + 1)
                        }
                        _ => (Expr::YearBack { n: 1 }, end),
                    };
                    return cand_at("unit", i, end, DATE, e);
                }
                Lex::End if u == Unit::Year => {
                    let e = Expr::InYear {
                        dir: 0,
                        part: Part::Day(12, 31),
                    };
                    return cand_at("unit", i, i + 3, DATE, e);
                }
                Lex::Long => {
                    let a = if plural { Amount::X } else { Amount::N(1) };
                    return cand("unit", i + 3, DURATION, Val::Dur(a, u));
                }
                _ => return None,
            }
        }
        // "by year end", "by year's end"
        if u == Unit::Year && !plural && self.prev(i) == Lex::Prep {
            if self.lex(i + 1) == Lex::End {
                return cand_at("unit", i, i + 2, DATE, self.shift_e(Unit::Year, 0));
            }
            if self.is_p(i + 1, b'\'')
                && self.adj(i)
                && self.word(i + 2) == b"s"
                && self.lex(i + 3) == Lex::End
            {
                return cand_at("unit", i, i + 4, DATE, self.shift_e(Unit::Year, 0));
            }
        }
        if !plural || u == Unit::Weekend || u == Unit::Quarter {
            return None;
        }
        // Bare plurals: "for years", "within days", "Days after".
        let p = self.prev(i);
        let prep_ok = p == Lex::Prep
            && self.word_in(
                i - 1,
                &["for", "over", "within", "after", "in", "took", "lasting"],
            );
        let next_ok = matches!(self.lex(i + 1), Lex::Later | Lex::Earlier)
            || (self.cap(i)
                && self.lex(i + 1) == Lex::Prep
                && (self.word_is(i + 1, "after") || self.word_is(i + 1, "before")));
        if self.lex(i + 1) == Lex::Ago {
            return cand("unit", i + 2, DATE, Val::Ref("PAST_REF"));
        }
        // "after months of talks", "follows years of war": a span of unknown length that
        // qualifies the noun after `of`; "the days of the week", "hours of the day" are not.
        if self.lex(i + 1) == Lex::Of
            && self.word_in(
                i.wrapping_sub(1),
                &[
                    "after",
                    "for",
                    "over",
                    "within",
                    "during",
                    "despite",
                    "amid",
                    "through",
                    "following",
                    "follows",
                    "followed",
                    "ending",
                    "ended",
                    "ends",
                    "end",
                    "spent",
                    "took",
                    "lasting",
                ],
            )
            && !self.word(i + 2).is_empty()
            && !self.cap(i + 2)
            && !self.word_in(
                i + 2,
                &[
                    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its",
                    "their", "our", "my", "your", "each", "every", "age", "which",
                ],
            )
        {
            return cand("unit", i + 1, DURATION, Val::Dur(Amount::X, u));
        }
        if prep_ok || next_ok {
            if self.lex(i + 1) == Lex::Of || self.lex(i + 1) == Lex::Ago {
                return None;
            }
            return cand("unit", i + 1, DURATION, Val::Dur(Amount::X, u));
        }
        None
    }

    // ---- sets, fiscal years, holidays, times of day ----------------------------------------

    fn every(&self, i: usize) -> Option<Cand> {
        let j = i + 1;
        match self.lex(j) {
            Lex::Unit(u, false) => cand("every", j + 1, SET, Val::Dur(Amount::N(1), u)),
            Lex::Weekday(d) => {
                if let Lex::Tod(tod, false) = self.lex(j + 1) {
                    return cand("every", j + 2, SET, Val::WeekdayX(d, Some(tod)));
                }
                cand("every", j + 1, SET, Val::WeekdayX(d, None))
            }
            Lex::Month(m) if self.cap(j) => {
                cand("every", j + 1, SET, Val::Date { y: None, m, d: 0 })
            }
            Lex::Tod(Tod::Night, false)
            | Lex::Tod(Tod::Morning, false)
            | Lex::Tod(Tod::Evening, false) => {
                cand("every", j + 1, SET, Val::Dur(Amount::N(1), Unit::Day))
            }
            Lex::Num(_) | Lex::Few | Lex::Several | Lex::Couple => {
                let (a, u, end, false) = self.dur(j)? else {
                    return None;
                };
                cand("every", end, SET, Val::Dur(a, u))
            }
            _ if self.digits(j).is_some() => {
                let (a, u, end, false) = self.dur(j)? else {
                    return None;
                };
                cand("every", end, SET, Val::Dur(a, u))
            }
            _ => None,
        }
    }

    fn fiscal(&self, i: usize) -> Option<Cand> {
        let mut j = i + 1;
        if let Lex::Unit(Unit::Year, false) = self.lex(j) {
            j += 1;
        }
        let fy = self.word_is(i, "fy");
        if fy && !self.cap(i) {
            return None;
        }
        if let Some((y, 2)) = self.digits(j).filter(|_| fy && self.adj(i)) {
            let y = 2000 + y as i32;
            return cand_y(
                "fiscal",
                j + 1,
                DATE,
                Val::Date {
                    y: Some(y),
                    m: 0,
                    d: 0,
                },
                y,
            );
        }
        if let Some((y, 4)) = self.digits(j) {
            return cand_y(
                "fiscal",
                self.year_span_end(j, y),
                DATE,
                Val::Date {
                    y: Some(y as i32),
                    m: 0,
                    d: 0,
                },
                y as i32,
            );
        }
        // "fiscal '90"
        if self.is_p(j, b'\'') {
            if let Some((y, 2)) = self.digits(j + 1) {
                let y = if y < 50 { 2000 + y } else { 1900 + y } as i32;
                return cand(
                    "fiscal",
                    j + 2,
                    DATE,
                    Val::Date {
                        y: Some(y),
                        m: 0,
                        d: 0,
                    },
                );
            }
        }
        None
    }

    fn holiday(&self, i: usize) -> Option<Cand> {
        if !self.cap(i) {
            return None;
        }
        let (end, m, d) = match self.lex(i) {
            Lex::Christmas => match self.lex(i + 1) {
                Lex::Eve => (i + 2, 12, 24),
                Lex::Unit(Unit::Day, false) => (i + 2, 12, 25),
                _ => (i + 1, 12, 25),
            },
            Lex::Thanksgiving => {
                let end = if matches!(self.lex(i + 1), Lex::Unit(Unit::Day, false)) {
                    i + 2
                } else {
                    i + 1
                };
                return cand_e(self, "holiday", i, end, DATE, Expr::Thanksgiving);
            }
            Lex::Yoga => {
                if !(matches!(self.lex(i + 1), Lex::Unit(Unit::Day, false)) && self.cap(i + 1)) {
                    return None;
                }
                (i + 2, 6, 21)
            }
            _ => return None,
        };
        // "Christmas tree", "Christmas Island": things, not the day.
        if self.word_in(
            end,
            &[
                "tree",
                "trees",
                "card",
                "cards",
                "carol",
                "carols",
                "gift",
                "gifts",
                "present",
                "presents",
                "lights",
                "decorations",
                "ornaments",
                "island",
                "market",
                "markets",
            ],
        ) {
            return None;
        }
        if let Some((v, 4)) = self.digits(end) {
            return cand_y(
                "holiday",
                end + 1,
                DATE,
                Val::Date {
                    y: Some(v as i32),
                    m,
                    d,
                },
                v as i32,
            );
        }
        let mut c = cand_e(self, "holiday", i, end, DATE, Expr::MonthDay { m, d })?;
        // A purpose points to the coming one: "what you want for Christmas", "home for
        // Christmas", unless a past verb is in the clause ("went home for Christmas").
        if i > 0
            && self.word_is(i - 1, "for")
            && !self.past_in_clause(i)
            && !self.past_tense_around(i, end)
        {
            c.cues.future = true;
        }
        Some(c)
    }

    /// Easter, Ash Wednesday, Eid, Election Day, New Year's Day, Halloween, Valentine's Day.
    fn holiday2(&self, i: usize, h: Hol) -> Option<Cand> {
        if !self.cap(i) || self.upper(i) {
            return None;
        }
        let day_after =
            |k: usize| matches!(self.lex(k), Lex::Unit(Unit::Day, false)) && self.cap(k);
        // "Valentine's Day", "New Year's Eve": the possessive `'s` between.
        let poss = |k: usize| {
            if self.is_p(k, b'\'') && self.adj(k - 1) && self.word_is(k + 1, "s") {
                k + 2
            } else {
                k
            }
        };
        let (kind, end) = match h {
            Hol::Easter => match self.lex(i + 1) {
                Lex::Weekday(7) if self.cap(i + 1) => (Holiday::Easter, i + 2),
                Lex::Unit(Unit::Week, false) => {
                    let e = Expr::HolidayWeek(Holiday::Easter);
                    return cand_e(self, "holiday", i, i + 2, DATE, e);
                }
                _ => (Holiday::Easter, i + 1),
            },
            Hol::Eid => {
                // "Kamal Eid": a surname after a capitalised name.
                if i > 0
                    && self.cap(i - 1)
                    && self.lex(i - 1) == Lex::None
                    && self.t[i - 1].e + 1 == self.t[i].s
                    && !matches!(self.word(i - 1), b"Happy" | b"On" | b"After" | b"Before")
                {
                    return None;
                }
                // Eid, Eid al-Fitr, Eid-ul-Fitr, Eidul Azha, Eid ul Adha.
                let mut k = i + 1;
                while self.is_p(k, b'-')
                    || matches!(self.word(k), b"al" | b"ul" | b"el" | b"Al" | b"Ul" | b"El")
                {
                    k += 1;
                }
                match self.lex(k) {
                    Lex::Hol(Hol::Fitr) => (Holiday::EidFitr, k + 1),
                    Lex::Hol(Hol::Adha) => (Holiday::EidAdha, k + 1),
                    _ => (Holiday::Eid, i + 1),
                }
            }
            Hol::Election if day_after(i + 1) => (Holiday::Election, i + 2),
            // `Chinese New Year`, `Lunar New Year`, `Jewish New Year`: another calendar's new
            // year, not January 1.
            Hol::New
                if matches!(self.lex(i + 1), Lex::Unit(Unit::Year, false))
                    && self.cap(i + 1)
                    && !(i >= 1 && self.word_in(i - 1, &OTHER_NEW_YEARS)) =>
            {
                let k = poss(i + 2);
                match self.lex(k) {
                    Lex::Eve if self.cap(k) => (Holiday::NewYearsEve, k + 1),
                    _ if day_after(k) => (Holiday::NewYear, k + 1),
                    // A bare "New Year" needs a date context: "the New Year", "New Year,".
                    _ if self.prev_is_date_prep(i)
                        || self.prev(i) == Lex::The
                        || self.t.get(i + 2).is_none_or(|t| t.kind == Kind::Punct) =>
                    {
                        (Holiday::NewYear, i + 2)
                    }
                    _ => return None,
                }
            }
            Hol::Halloween => (Holiday::Halloween, i + 1),
            Hol::Ash if self.lex(i + 1) == Lex::Weekday(3) && self.cap(i + 1) => {
                (Holiday::AshWednesday, i + 2)
            }
            Hol::Valentine => {
                let k = poss(i + 1);
                if !day_after(k) {
                    return None;
                }
                (Holiday::Valentine, k + 1)
            }
            _ => return None,
        };
        // "Eid prayers" are still on Eid, but "New Year resolutions" or a capitalised name
        // after "Easter" ("Easter Island") are not dates.
        if self.cap(end)
            && self.lex(end) == Lex::None
            && self
                .t
                .get(end)
                .is_some_and(|t| t.s == self.t[end - 1].e + 1)
        {
            return None;
        }
        if let Some((y, 4)) = self.digits(end) {
            let v = holiday_in(kind, y as i32).map_or(
                Val::Date {
                    y: Some(y as i32),
                    m: XX,
                    d: XX,
                },
                Val::day,
            );
            return cand_y("holiday", end + 1, DATE, v, y as i32);
        }
        cand_e(self, "holiday", i, end, DATE, Expr::Holiday(kind))
    }

    fn noon(&self, i: usize) -> Option<Cand> {
        if self.word_is(i.wrapping_sub(1), "high") {
            return None;
        }
        // A capital `Midnight` inside a sentence of running text is a title: "Chimes at Midnight".
        if self.lex(i) == Lex::Midnight && self.cap(i) && self.in_running_text(i) {
            return None;
        }
        // TimeML writes midnight as T24 (minutes 99: none written).
        let (h, mi) = if self.lex(i) == Lex::Noon {
            (12, 0)
        } else {
            (24, 99)
        };
        self.clock_day("noon", i, i + 1, h, mi, false)
    }

    fn that(&self, i: usize) -> Option<Cand> {
        // `that same year` reads as `that year`.
        let j = if self.lex(i + 1) == Lex::Same && self.lex(i + 2) == Lex::Unit(Unit::Year, false) {
            i + 2
        } else {
            i + 1
        };
        match self.lex(j) {
            Lex::Unit(Unit::Year, false) if self.facts.has_story_year() => {
                let e = Expr::Year {
                    dir: 0,
                    story: true,
                };
                cand_at("that", i, j + 1, DATE, e)
            }
            // Without a date before, `that day` is as often a relative clause ("that day
            // traders sold") as a day: not marked.
            Lex::Unit(Unit::Day, false) if self.facts.has_story_date() => {
                let e = Expr::StoryDay { dir: 0, tod: None };
                cand_at("that", i, i + 2, DATE, e)
            }
            _ => None,
        }
    }

    /// `the summer`, `the early summer`, `the winter of 1994` after a preposition: the
    /// latest such season (the next one with a future cue). `the fall of Kabul` is no date.
    fn the_season(&self, i: usize) -> Option<Cand> {
        let mut k = i + 1;
        if matches!(self.lex(k), Lex::Early | Lex::Late | Lex::Mid) {
            k += 1;
        }
        let Lex::Season(s) = self.lex(k) else {
            return None;
        };
        if self.cap(k) && !self.cap(i) {
            return None; // "the Arab Spring"-like names
        }
        if self.lex(k + 1) == Lex::Of {
            let (y, end) = self.year_at(k + 2)?;
            return cand_y("season", end, DATE, Val::Season { y: Some(y), s }, y);
        }
        if self.prev(i) != Lex::Prep {
            return None;
        }
        cand_e(self, "season", i, k + 1, DATE, Expr::Season { s })
    }

    fn season(&self, i: usize) -> Option<Cand> {
        let Lex::Season(s) = self.lex(i) else {
            return None;
        };
        // "summer 1998", "Summer of 1998"
        let j = if self.lex(i + 1) == Lex::Of {
            i + 2
        } else {
            i + 1
        };
        if let Some((y, 4)) = self.digits(j) {
            if (1000..=2100).contains(&y) {
                return cand_y(
                    "season",
                    j + 1,
                    DATE,
                    Val::Season {
                        y: Some(y as i32),
                        s,
                    },
                    y as i32,
                );
            }
        }
        if s != 3 && self.prev(i) == Lex::Prep && self.word_is(i - 1, "in") {
            let e = Expr::InYear {
                dir: 0,
                part: Part::Season(s),
            };
            return cand_at("season", i, i + 1, DATE, e);
        }
        // A season that qualifies a noun after `a` is one of this year: `a summer meeting`,
        // `a summer start`; not a crop or a kind (`a winter wheat`, `a spring roll`).
        let noun = self
            .t
            .get(i + 1)
            .is_some_and(|t| t.kind == Kind::Word && !t.cap)
            && self.lex(i + 1) == Lex::None
            && !self.word_in(
                i + 1,
                &[
                    "wheat",
                    "wheats",
                    "crop",
                    "crops",
                    "grain",
                    "grains",
                    "barley",
                    "rice",
                    "corn",
                    "rape",
                    "rapeseed",
                    "oats",
                    "sowing",
                    "sowings",
                    "plantings",
                    "roll",
                    "rolls",
                    "coat",
                    "coats",
                    "storm",
                    "storms",
                    "weather",
                    "of",
                ],
            );
        if s != 3 && i > 0 && self.lex(i - 1) == Lex::A && !self.cap(i) && noun {
            let e = Expr::InYear {
                dir: 0,
                part: Part::Season(s),
            };
            return cand_at("season-adjective", i, i + 1, DATE, e);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::lex::{entries, tokenize};
    use crate::resolve::Context;

    /// Every token of `text` that [`may_start`] turns away starts no expression, and the
    /// tokenizer lists exactly the others.
    fn check_may_start(text: &str) {
        let mut toks = Vec::new();
        let mut starts = Vec::new();
        tokenize(
            text,
            khabar_core::lines::is_hard_wrapped(text),
            &mut toks,
            &mut starts,
        );
        let listed: Vec<u32> = (0..toks.len() as u32)
            .filter(|&i| may_start(&toks[i as usize]))
            .collect();
        assert_eq!(starts, listed, "{text:?}");
        let dct: Date = "2021-11-04".parse().unwrap();
        let facts = Cell::new(Context {
            dct: Some(dct),
            ..Context::default()
        });
        let sc = Scanner {
            text: text.as_bytes(),
            t: &toks,
            day_first: true,
            facts: &facts,
        };
        for (i, t) in toks.iter().enumerate() {
            if !may_start(t) {
                assert!(
                    sc.at_trigger(i).is_none(),
                    "{:?} at token {i} of {text:?}",
                    &text[t.s as usize..t.e as usize]
                );
            }
        }
    }

    #[test]
    fn turned_away_tokens_start_nothing() {
        let words: Vec<&str> = entries().map(|(w, _)| w).collect();
        // Each word of the lexicon before each other one, and before a number and a month.
        for w in &words {
            let mut text = String::new();
            for v in &words {
                text.push_str(&format!("{w} {v}. {w} 12 {v}, {w} 1987 March {v}\n"));
            }
            check_may_start(&text);
        }
        check_may_start("over two years, under three weeks, from 2003 to 2005 into 2006");
        check_may_start("'90s, the '60s, at 10:30 GMT \u{2019}95 \u{e9}t\u{e9} \u{2014} 5");
    }

    proptest::proptest! {
        #[test]
        fn any_text_turned_away_starts_nothing(
            text in "(the|a|of|in|over|times|ago|half|hundred|time|later|earlier|said|will|\
                      March|Monday|year|years|day|two|1987|12|3|'|,|\\.| |-|/|:|\n|[a-z]{1,6}|\
                      latter|short|term|Nineties|sixties|eighties){0,24}",
        ) {
            check_may_start(&text);
        }
    }
}

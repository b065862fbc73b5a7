//! The resolver: every policy about direction (tense, future cues, deadlines, reported
//! speech, the story's last date and year) and the anchor arithmetic, in one place.
//! The grammar in `scan.rs` reads an expression and calls these to value it; each sets
//! the resolution step that `DateMatch::resolution` reports.
//!
//! A first step: the policies still read the tokens through the `Scanner`; an unresolved
//! `Expr` and a `resolve(&Expr, &Context)` apart from the grammar are to come.

use jiff::civil::Date;

use super::{holiday_in, with_tod, Holiday, Scanner};
use crate::lex::{Lex, Tod, Unit};
use crate::value::{add_days, quarter_of, shift, weekday, ymd, Val, XX};

impl Scanner<'_> {
    /// Whether the context of token `i` points to the future (`will`, `plans to`, `next`).
    /// A past verb right before token `i` ("said Friday", "met on Monday", "was told
    /// Wednesday").
    pub(super) fn past_verb_before(&self, i: usize) -> bool {
        let k = self.verb_slot(i);
        k > 0 && self.past_word(k - 1)
    }

    /// Where the verb governing a date at `i` would end: `i`, moved back over at most two
    /// prepositions or `early` / `late` ("met on Monday", "said late Friday").
    pub(super) fn verb_slot(&self, i: usize) -> usize {
        let mut k = i;
        while k > 0 && matches!(self.lex(k - 1), Lex::Prep | Lex::Early | Lex::Late) && k + 3 > i {
            k -= 1;
        }
        k
    }

    /// Token `k` is a past verb: one of the lexicon, or a lowercase `-ed` word (`United` is
    /// no verb).
    pub(super) fn past_word(&self, k: usize) -> bool {
        let w = self.word(k);
        self.lex(k) == Lex::PastVerb
            || (w.len() > 4 && w.ends_with(b"ed") && w[0].is_ascii_lowercase())
    }

    /// A present-tense verb of scheduling right before token `i`, past `on` and an `-ly`
    /// adverb: `resume Monday`, `meets on Thursday`, `meet separately Monday`.
    pub(super) fn scheduled_before(&self, i: usize) -> bool {
        const VERBS: [&str; 24] = [
            "resume", "resumes", "meet", "meets", "begin", "begins", "start", "starts", "open",
            "opens", "close", "closes", "expire", "expires", "convene", "convenes", "arrive",
            "arrives", "return", "returns", "travel", "travels", "reopen", "reopens",
        ];
        let mut k = i;
        if k > 0 && self.word_is(k - 1, "on") {
            k -= 1;
        }
        if k > 0 && self.word(k - 1).len() > 4 && self.word(k - 1).ends_with(b"ly") {
            k -= 1;
        }
        // Not a noun ("the start Monday") nor a plan of the past ("had been due to expire").
        let det = |x: usize| {
            self.lex(x) == Lex::The
                || self.lex(x) == Lex::A
                || self.word_in(x, &["its", "his", "her", "their", "our"])
        };
        k > 0
            && !self.cap(k - 1)
            && self.word_in(k - 1, &VERBS)
            && !(k > 1 && det(k - 2))
            && !self.past_in_clause(k - 1)
    }

    /// The future cue at `k` is a participle after a past auxiliary: `had been scheduled`,
    /// `was expected`, `were planned`.
    pub(super) fn plan_in_past(&self, k: usize) -> bool {
        let w = self.word(k);
        if !w.ends_with(b"ed") {
            return false;
        }
        let aux = |x: usize| {
            self.word_is(x, "was")
                || self.word_is(x, "were")
                || self.word_is(x, "had")
                || (self.word_is(x, "been") && x > 0 && self.word_is(x - 1, "had"))
        };
        aux(k - 1)
            || (k > 1
                && self.lex(k - 1) == Lex::None
                && self.word(k - 1).ends_with(b"ly")
                && aux(k - 2))
    }

    /// The nearest future cue before token `i` in its sentence is `would`.
    pub(super) fn would_before(&self, i: usize) -> bool {
        for k in (i.saturating_sub(15)..i).rev() {
            if self.is_sentence_break(k) {
                return false;
            }
            if self.lex(k) == Lex::Fut {
                return self.word_is(k, "would");
            }
        }
        false
    }

    /// A past verb in the clause before token `i` ("clashes erupted at 3:30pm on
    /// Wednesday"), within 15 tokens and not past a future cue or `that`.
    pub(super) fn past_in_clause(&self, i: usize) -> bool {
        let lo = i.saturating_sub(15);
        for k in (lo..i).rev() {
            // "announced that the father would be traveling Thursday": the verb of another
            // clause.
            if self.is_sentence_break(k) || matches!(self.lex(k), Lex::Fut | Lex::That) {
                return false;
            }
            if self.past_word(k) {
                return true;
            }
        }
        false
    }

    /// A past verb in the clause of a date (ending at `end`, starting at `i`): before it, or
    /// after it ("In January, the firm brought in a new chief", "the year ended Jan. 31").
    /// An `-ed` word after `be`, `has`, `to` or a determiner is a passive, a perfect or an
    /// adjective of any time ("to be published in November", "the reduced dividend is
    /// payable Jan. 2") and does not count.
    pub(super) fn past_tense_around(&self, i: usize, end: usize) -> bool {
        const NOT_PAST: [&str; 17] = [
            "be", "been", "being", "to", "will", "has", "have", "is", "are", "the", "a", "an",
            "its", "his", "her", "their", "still",
        ];
        let past = |k: usize| {
            self.lex(k) == Lex::PastVerb
                || (self.past_word(k) && !(k > 0 && self.word_in(k - 1, &NOT_PAST)))
        };
        for k in (i.saturating_sub(12)..i).rev() {
            if self.is_sentence_break(k) || matches!(self.lex(k), Lex::Fut | Lex::That) {
                break;
            }
            if past(k) {
                return true;
            }
        }
        // After the date, a quote or a bracket ends the clause, and `said` is the reporter's
        // tense, not the event's ("the vote is Tuesday, officials said").
        for k in end..(end + 8).min(self.t.len()) {
            if self.is_sentence_break(k)
                || matches!(self.lex(k), Lex::Fut | Lex::That)
                || self.is_p(k, b'\'')
                || self.is_p(k, b'"')
                || self.is_p(k, b')')
            {
                break;
            }
            if past(k) && !self.word_in(k, &["said", "says", "told"]) {
                return true;
            }
        }
        false
    }

    /// A past verb of the lexicon right before token `i` (`rose in February`), not an `-ed`
    /// participle, which is as often passive future (`expected in December`).
    pub(super) fn said_before(&self, i: usize) -> bool {
        let k = self.verb_slot(i);
        k > 0 && self.lex(k - 1) == Lex::PastVerb
    }

    pub(super) fn future(&self, i: usize, end: usize) -> bool {
        // "said Friday", "met on Monday": a past verb right before the date wins.
        if self.past_verb_before(i) {
            return false;
        }
        // "as soon as Tuesday"
        if i >= 2 && self.word_is(i - 1, "as") && self.lex(i - 2) == Lex::Soon {
            return true;
        }
        // Present-tense scheduling: "talks resume Monday", "the panel meets on Thursday",
        // "they meet separately Monday".
        if self.scheduled_before(i) {
            return true;
        }
        // A deadline: "pay down the loan by February", "remain in custody until Tuesday",
        // unless the clause is past ("had been sold by February") or the phrase opens the
        // sentence ("By Friday, the toll had risen").
        let mut k = i;
        while k > 0 && matches!(self.lex(k - 1), Lex::Early | Lex::Late | Lex::Mid) {
            k -= 1;
        }
        if k > 1
            && (self.word_is(k - 1, "by") || self.word_is(k - 1, "until"))
            && !self.is_sentence_break(k - 2)
            && !self.past_in_clause(k - 1)
        {
            return true;
        }
        let mut k = i;
        let mut n = 0;
        while k > 0 && n < 15 {
            k -= 1;
            n += 1;
            if self.is_sentence_break(k) {
                break;
            }
            match self.lex(k) {
                // Reported speech ("said it would vote on Monday") only binds a close date.
                Lex::Fut if n > 4 && self.word_is(k, "would") => {}
                // "had been scheduled to expire Friday", "was expected on Monday": a plan
                // made in the past, for a day that has come.
                Lex::Fut if k > 0 && self.plan_in_past(k) => return false,
                // "announced the plan Aug. 21": a noun, not a cue.
                Lex::Fut
                    if k > 0
                        && self.word_in(k, &["plan", "plans"])
                        && (matches!(self.lex(k - 1), Lex::The | Lex::A)
                            || self.word_in(k - 1, &["its", "his", "her", "their", "our"])) => {}
                Lex::Fut => return true,
                Lex::Ago | Lex::Yesterday | Lex::Last | Lex::Past => return false,
                _ => {}
            }
        }
        let mut k = end;
        let mut n = 0;
        while k < self.t.len() && n < 3 {
            if self.is_sentence_break(k) {
                break;
            }
            if self.lex(k) == Lex::Fut && (self.word_is(k, "will") || self.word_is(k, "ll")) {
                return true;
            }
            k += 1;
            n += 1;
        }
        false
    }

    pub(super) fn resolve_weekday(&self, wd: u8, i: usize, end: usize) -> Val {
        let Some(a) = self.dct else {
            self.step.set("no-anchor");
            return Val::WeekdayX(wd, None);
        };
        let cur = weekday(a) as i64;
        let back = (cur - wd as i64).rem_euclid(7);
        // Six days back is "last Tuesday" in news; a bare "Tuesday" then means tomorrow.
        let possessive = self.is_p(end, b'\'') && self.adj(end - 1);
        let off = if self.future(i, end) {
            self.step.set("next-by-future-cue");
            (wd as i64 - cur).rem_euclid(7)
        } else if back == 6
            && !possessive
            && !self.past_in_clause(i)
            && !self.past_tense_around(i, end)
        {
            self.step.set("next-not-six-days-back");
            (wd as i64 - cur).rem_euclid(7)
        } else {
            self.step.set("nearest-past");
            -back
        };
        add_days(a, off).map_or(Val::WeekdayX(wd, None), Val::day)
    }

    pub(super) fn resolve_month(&self, m: u8, i: usize, end: usize) -> Val {
        // The second month of a range or a list takes the year of the first: `April through
        // July`, `October/December`, `March and May`.
        if let Some((py, pm, at)) = self.last_month {
            let link = self.is_p(at, b'-')
                || self.is_p(at, b'/')
                || self.is_p(at, b',')
                || matches!(self.lex(at), Lex::And | Lex::Prep)
                || self.word_is(at, "or");
            let after_month =
                at > 0 && matches!(self.lex(at - 1), Lex::Month(_) | Lex::MonthAbbr(_));
            if at + 1 == i
                && after_month
                && link
                && (self.lex(at) != Lex::Prep || self.range_word(at))
            {
                let y = if m >= pm { py } else { py + 1 };
                self.step.set("year-of-first-in-range");
                return Val::Date {
                    y: Some(y),
                    m,
                    d: 0,
                };
            }
        }
        let Some(a) = self.dct else {
            self.step.set("no-anchor");
            return Val::Date { y: None, m, d: 0 };
        };
        let y = a.year() as i32;
        let cm = a.month() as u8;
        let y = if self.future(i, end) {
            self.step.set("next-by-future-cue");
            if m >= cm {
                y
            } else {
                y + 1
            }
        } else if m <= cm {
            if (cm - m) as i64 > 8 && !self.said_before(i) && !self.past_tense_around(i, end) {
                self.step.set("next-year-far-back");
                y + 1
            } else {
                self.step.set("anchor-year");
                y
            }
        } else if ((m - cm) as i64) <= 2 && !self.said_before(i) {
            self.step.set("anchor-year");
            y
        } else {
            self.step.set("previous-year-month-ahead");
            y - 1
        };
        Val::Date {
            y: Some(y),
            m,
            d: 0,
        }
    }

    pub(super) fn resolve_md(&self, m: u8, d: u8, i: usize, end: usize) -> Val {
        let Some(a) = self.dct else {
            self.step.set("no-anchor");
            return Val::Date { y: None, m, d };
        };
        let y = a.year() as i32;
        let Some(c) = ymd(y, m, d).or_else(|| ymd(y - 1, m, d)) else {
            self.step.set("no-such-day");
            return Val::Date { y: None, m, d };
        };
        let diff = (c - a).get_days() as i64;
        let y = if self.future(i, end) {
            // Reported speech ("said they would resume attacks from November 29") tells of
            // plans made before the story: a day of the last two months stays there.
            if diff < -14 && !(diff >= -60 && self.would_before(i)) {
                self.step.set("next-by-future-cue");
                y + 1
            } else {
                self.step.set("anchor-year-future-cue");
                y
            }
        } else if diff > 90 {
            self.step.set("past-over-90-days-ahead");
            y - 1
        } else if diff < -270 && !self.said_before(i) && !self.past_tense_around(i, end) {
            self.step.set("next-year-far-back");
            y + 1
        } else {
            self.step.set("anchor-year");
            y
        };
        Val::Date { y: Some(y), m, d }
    }

    pub(super) fn resolve_quarter(&self, q: u8, i: usize, end: usize) -> Val {
        let Some(a) = self.dct else {
            self.step.set("no-anchor");
            return Val::Quarter { y: None, q };
        };
        let y = a.year() as i32;
        let cq = quarter_of(a.month() as u8);
        let y = if q > cq && !self.future(i, end) {
            self.step.set("past-quarter-ahead");
            y - 1
        } else {
            self.step.set("anchor-year");
            y
        };
        Val::Quarter { y: Some(y), q }
    }

    pub(super) fn the_quarter(&self) -> Val {
        // "the quarter", "the latest quarter": the last completed quarter in earnings news.
        self.step.set("last-completed-quarter");
        match shift(self.dct, Unit::Quarter, -1) {
            v @ Val::Quarter { .. } => v,
            _ => Val::Quarter { y: None, q: 0 },
        }
    }

    /// "a year ago" in a text about quarters means that quarter a year ago.
    pub(super) fn year_back(&self, i: usize, n: i64) -> Val {
        if n == 1 {
            if let Some((y, q, at)) = self.last_quarter {
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
        let v = match self.last_date.and_then(|d| add_days(d, dir)) {
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
        self.step.set(if self.dct.is_some() {
            "anchor-shift"
        } else {
            "no-anchor"
        });
        shift(self.dct, u, n)
    }

    /// The last year written in the text, else the anchor's.
    pub(super) fn story_year(&self) -> Option<i32> {
        self.step.set(if self.last_year.is_some() {
            "story-year"
        } else {
            "anchor-year"
        });
        self.last_year.or_else(|| self.dct_year())
    }

    /// The last year written in the text (`that year`).
    pub(super) fn story_date_year(&self) -> Option<i32> {
        self.step.set("story-year");
        self.last_year
    }

    /// The story's last full date (`the same day`).
    pub(super) fn story_date(&self) -> Option<Date> {
        self.step.set("story-date");
        self.last_date
    }

    pub(super) fn weekend(&self, dir: i64, i: usize, end: usize) -> Val {
        let Some(a) = self.dct else {
            self.step.set("no-anchor");
            return Val::Week {
                y: None,
                w: 0,
                we: true,
            };
        };
        self.step.set("nearest-weekend");
        let wd = weekday(a);
        // "this weekend", "the weekend": the nearest one (from Thursday on, the coming one).
        let base = if dir != 0 {
            dir
        } else if wd >= 4 || self.future(i, end) {
            0
        } else {
            -1
        };
        shift(Some(a), Unit::Weekend, base)
    }

    /// The occurrence of a holiday the text most likely means: the anchor year's, unless
    /// that is more than 90 days ahead (last year's) or, with a future cue, past.
    pub(super) fn resolve_holiday(&self, h: Holiday, i: usize, end: usize) -> Val {
        let unknown = Val::Date {
            y: None,
            m: XX,
            d: XX,
        };
        let Some(a) = self.dct else {
            self.step.set("no-anchor");
            return match holiday_in(h, 2001) {
                Some(d) if h.fixed() => Val::Date {
                    y: None,
                    m: d.month() as u8,
                    d: d.day() as u8,
                },
                _ => unknown,
            };
        };
        let fut = self.future(i, end);
        self.step.set(if fut {
            "next-by-future-cue"
        } else {
            "nearest-not-over-90-days-ahead"
        });
        let y = a.year() as i32;
        let mut best = None;
        // A bare "Eid" is whichever of the two is nearest.
        let kinds = if h == Holiday::Eid {
            [Holiday::EidFitr, Holiday::EidAdha]
        } else {
            [h, h]
        };
        for (kind, yy) in kinds.iter().flat_map(|&k| [(k, y - 1), (k, y), (k, y + 1)]) {
            let Some(c) = holiday_in(kind, yy) else {
                continue;
            };
            let diff = (c - a).get_days() as i64;
            let ok = if fut { diff >= -14 } else { diff <= 90 };
            if ok && best.is_none_or(|(bd, _): (i64, Date)| bd.abs() > diff.abs()) {
                best = Some((diff, c));
            }
        }
        match best {
            Some((_, c)) => Val::day(c),
            None if holiday_in(h, y).is_none() => Val::Date {
                y: Some(y),
                m: XX,
                d: XX,
            },
            None => unknown,
        }
    }
}

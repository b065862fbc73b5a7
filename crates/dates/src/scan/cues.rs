//! The cues the resolver reads, computed by the grammar from the tokens around a phrase:
//! tense, future cues, deadlines, scheduling verbs, reported speech, a range or list link.
//! They are token facts; the policies that weigh them are in `crate::resolve`.

use super::Scanner;
use crate::lex::Lex;
use crate::resolve::{Cues, Expr};

/// Words before an `-ed` word that make it a passive, a perfect or an adjective of any time.
const NOT_PAST: [&str; 17] = [
    "be", "been", "being", "to", "will", "has", "have", "is", "are", "the", "a", "an", "its",
    "his", "her", "their", "still",
];

impl Scanner<'_> {
    /// The cues of a phrase read as `e` on tokens `[i, end)`: those its policy in
    /// `crate::resolve` can weigh, the others left false, since each costs a scan of the
    /// tokens per match. Tense cues are read only without a future cue, `would` only with one,
    /// and a cue only when the ones the policy weighs before it have not decided.
    pub(super) fn cues(&self, i: usize, end: usize, e: &Expr) -> Cues {
        let mut c = Cues {
            at: i as u32,
            future: self.future(i, end),
            ..Cues::default()
        };
        match e {
            Expr::Weekday { .. } | Expr::WeekdayOn { .. } if !c.future => {
                c.possessive = self.is_p(end, b'\'') && self.adj(end - 1);
                c.past_in_clause = !c.possessive && self.past_in_clause(i);
                c.past_tense_around =
                    !c.possessive && !c.past_in_clause && self.past_tense_around(i, end);
            }
            // An anniversary ahead: "it will be two years in November", with no past verb in
            // the clause; not a span counted back ("the highest in ten years in November").
            Expr::Month { .. }
                if !c.future
                    && i > 2
                    && self.word_is(i - 1, "in")
                    && matches!(self.lex(i - 2), Lex::Unit(..))
                    && matches!(self.lex(i - 3), Lex::Num(_) | Lex::A)
                    && !matches!(
                        self.prev(i - 3),
                        Lex::Prep | Lex::Than | Lex::Last | Lex::Past
                    )
                    && !self.past_in_clause(i - 3) =>
            {
                c.future = true;
            }
            Expr::Month { .. } | Expr::MonthDay { .. } if !c.future => {
                c.said_before = self.said_before(i);
                c.past_tense_around = !c.said_before && self.past_tense_around(i, end);
                // `a dividend payable in July` is due ahead like a present `is`, whatever
                // the tense of the declaration.
                // So is a deadline not said to be missed or met (`by the June 30 deadline`,
                // `obtain new money before June 30`).
                c.present = (!c.said_before && !c.past_tense_around && self.present_before(i))
                    || self.word_is(self.verb_slot(i).saturating_sub(1), "payable")
                    || self.deadline_ahead(i, end)
                    || (i > 0 && self.word_is(i - 1, "before") && !self.past_in_clause(i - 1));
                c.past_at = self.past_at(i, end);
            }
            Expr::MonthDay { .. } => c.would_before = self.would_before(i),
            Expr::DayOfMonth { bare: true, .. } => c.past_in_clause = self.past_in_clause(i),
            _ => {}
        }
        if let Expr::MonthDay { .. } = e {
            c.day_link = i > 1
                && (self.is_p(i - 1, b'-') || self.range_word(i - 1))
                && self.digits(i - 2).is_some();
        }
        if let Expr::Month { .. } = e {
            c.month_link = i > 0 && self.month_link(i - 1);
            // A month of a list in its sentence takes the year of the one before it.
            let from = (i.saturating_sub(12)..i)
                .rev()
                .find(|&k| self.is_sentence_break(k))
                .map_or(i.saturating_sub(12), |k| k + 1);
            c.clause_from = from as u32;
            c.month_before =
                (from..i).any(|k| matches!(self.lex(k), Lex::Month(_) | Lex::MonthAbbr(_)));
            c.month_again = c.month_before
                && (from..i).any(|k| matches!(self.lex(k), Lex::Month(m) | Lex::MonthAbbr(m) if *e == Expr::Month { m }));
        }
        c
    }

    /// Token `at` links the month before it to the phrase after it, as in a range or a list:
    /// `April through July`, `October/December`, `March and May`.
    fn month_link(&self, at: usize) -> bool {
        let link = self.is_p(at, b'-')
            || self.is_p(at, b'/')
            || self.is_p(at, b',')
            || matches!(self.lex(at), Lex::And | Lex::Prep)
            || self.word_is(at, "or");
        let after_month = at > 0 && matches!(self.lex(at - 1), Lex::Month(_) | Lex::MonthAbbr(_));
        after_month && link && (self.lex(at) != Lex::Prep || self.range_word(at))
    }

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
        for k in (i.saturating_sub(12)..i).rev() {
            if self.is_sentence_break(k) || matches!(self.lex(k), Lex::Fut | Lex::That) {
                break;
            }
            if self.past_tense_at(k) {
                return true;
            }
        }
        self.past_after(end)
    }

    /// Token `k` is a past verb that is no passive, perfect or adjective (see
    /// `past_tense_around`).
    fn past_tense_at(&self, k: usize) -> bool {
        self.lex(k) == Lex::PastVerb
            || (self.past_word(k) && !(k > 0 && self.word_in(k - 1, &NOT_PAST)))
    }

    /// The phrase on tokens `[i, end)` is the time of a past verb (see `Cues::past_at`).
    fn past_at(&self, i: usize, end: usize) -> bool {
        // `since March` looks back whatever the tense.
        if i > 0 && self.word_is(i - 1, "since") {
            return true;
        }
        let mut k = i;
        if k > 0 && self.word_in(k - 1, &["in", "on", "at", "during"]) {
            k -= 1;
        }
        // `to be held on October 12`, `will be sold in March`: a passive of any time.
        // `It is open to shareholders registered on May 31`: an `-ed` word in a clause whose
        // verb is a present `is` or `are` is a participle (a reduced relative), not its verb.
        if k > 0
            && self.past_tense_at(k - 1)
            && !(k > 1 && self.word_in(k - 2, &NOT_PAST))
            && !(self.lex(k - 1) != Lex::PastVerb && self.present_before(k - 1))
        {
            return true;
        }
        // `In January, a week after the anniversary, a bombing killed a guard`: a phrase
        // opening the sentence takes the tense of the sentence, past when a past verb and no
        // future cue follow before its end.
        let opens = k == 0 || self.is_sentence_break(k - 1) || self.is_p(k - 1, b'\n');
        if !(opens && self.is_p(end, b',')) {
            return false;
        }
        let mut past = false;
        for j in end + 1..(end + 40).min(self.t.len()) {
            if self.is_sentence_break(j) {
                break;
            }
            if self.lex(j) == Lex::Fut {
                return false;
            }
            past |= self.past_tense_at(j);
        }
        past
    }

    /// A past verb in the clause after a phrase ending at `end` ("by Tuesday the river had
    /// risen", "the service planned for Saturday was cancelled").
    /// A quote or a bracket ends the clause, and `said` is the reporter's tense, not the
    /// event's ("the vote is Tuesday, officials said").
    pub(super) fn past_after(&self, end: usize) -> bool {
        for k in end..(end + 8).min(self.t.len()) {
            if self.is_sentence_break(k)
                || matches!(self.lex(k), Lex::Fut | Lex::That)
                || self.is_p(k, b'\'')
                || self.is_p(k, b'"')
                || self.is_p(k, b')')
            {
                break;
            }
            if self.past_tense_at(k) && !self.word_in(k, &["said", "says", "told"]) {
                return true;
            }
        }
        false
    }

    /// A present-tense `is` or `are` in the clause before token `i`, with no past verb between
    /// (`the vote is in June`, `the hearing is set for August 20`); not after `since` or
    /// `from`, which look back (`it is the first rise since June`).
    pub(super) fn present_before(&self, i: usize) -> bool {
        let k = self.verb_slot(i);
        if k < i && self.word_in(k, &["since", "from"]) {
            return false;
        }
        for k in (i.saturating_sub(12)..i).rev() {
            if self.is_sentence_break(k) || matches!(self.lex(k), Lex::Fut | Lex::That) {
                return false;
            }
            if self.past_word(k) {
                return false;
            }
            if self.word_in(k, &["is", "are"]) {
                return true;
            }
        }
        false
    }

    /// The phrase on `[i, end)` names a deadline after `the`, with no past verb right before
    /// (`by the June 30 deadline`, not `missed the June 30 deadline`).
    fn deadline_ahead(&self, i: usize, end: usize) -> bool {
        i > 1
            && self.word_in(end, &["deadline", "deadlines"])
            && self.lex(i - 1) == Lex::The
            && !self.past_word(i - 2)
    }

    /// A past verb of the lexicon right before token `i` (`rose in February`), not an `-ed`
    /// participle, which is as often passive future (`expected in December`).
    pub(super) fn said_before(&self, i: usize) -> bool {
        let k = self.verb_slot(i);
        k > 0 && self.lex(k - 1) == Lex::PastVerb
    }

    /// A postponement or an arrangement before a phrase on `[i, end)` points past the time
    /// of writing, whatever its tense, unless a past verb follows the phrase in its clause
    /// (`the vote, postponed until March 3, was held`).
    fn put_off_or_arranged(&self, i: usize, end: usize) -> bool {
        // The scan of the clause after the phrase is asked last: most phrases have neither.
        (self.put_off(i) || self.arranged(i)) && !self.past_after(end)
    }

    /// A postponement before a phrase at `i` (see [`Self::put_off_or_arranged`]).
    fn put_off(&self, i: usize) -> bool {
        // A postponement points past the time of writing, whatever its tense: `postponed
        // until Tuesday`, `delayed to March`, `adjourned till Monday`.
        if i > 1 && self.word_in(i - 1, &["until", "till", "to"]) {
            const PUT_OFF: [&str; 8] = [
                "postponed",
                "delayed",
                "deferred",
                "adjourned",
                "put",
                "pushed",
                "moved",
                "rescheduled",
            ];
            let mut v = i - 2;
            // `postponed until`, `put off until`, `pushed back to`, `delayed its vote to`.
            while v > 0 && i - v < 5 && !self.word_in(v, &PUT_OFF) {
                if self.is_sentence_break(v) || self.past_word(v) {
                    break;
                }
                v -= 1;
            }
            // `put` and `pushed` only with their particle (`put off`, `pushed back`).
            let particle =
                !self.word_in(v, &["put", "pushed"]) || self.word_in(v + 1, &["off", "back"]);
            if self.word_in(v, &PUT_OFF) && particle {
                return true;
            }
        }
        false
    }

    /// An arrangement before a phrase at `i` (see [`Self::put_off_or_arranged`]).
    fn arranged(&self, i: usize) -> bool {
        // `is to resume trading Tuesday`, `are to meet on Friday`: an arrangement ahead.
        (2..=5).any(|n| {
            i > n
                && self.word_is(i - n, "to")
                && self.word_in(i - n - 1, &["is", "are"])
                && !self.cap(i - n + 1)
                && !self.word_in(
                    i - n + 1,
                    &[
                        "the", "a", "an", "his", "her", "its", "their", "our", "this", "that",
                    ],
                )
                && !(i - n..i).any(|x| self.is_sentence_break(x))
        })
    }

    pub(super) fn future(&self, i: usize, end: usize) -> bool {
        if self.put_off_or_arranged(i, end) {
            return true;
        }
        // "said Friday", "met on Monday": a past verb right before the date wins; not a
        // future cue's participle ("a decision is expected in August", weighed below) nor a
        // passive after `be` ("talks would be held in June").
        if self.past_verb_before(i) {
            let v = self.verb_slot(i) - 1;
            let cue = self.word_in(v, &["expected", "scheduled"]);
            let passive = v > 0 && self.word_is(v - 1, "be");
            if !cue && !passive {
                return false;
            }
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
        // The end of a span that starts now: "rainfall between now and June", "from now
        // until March".
        if k > 1
            && self.lex(k - 2) == Lex::Now
            && (self.lex(k - 1) == Lex::And || self.word_in(k - 1, &["until", "till", "to"]))
        {
            return true;
        }
        if k > 1
            && (self.word_is(k - 1, "by") || self.word_is(k - 1, "until"))
            && !self.is_sentence_break(k - 2)
            && !self.past_in_clause(k - 1)
            && !self.past_after(end)
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
                // "a service planned for Saturday was cancelled": a participle of the plan,
                // and the sentence's verb right after the date is past.
                Lex::Fut if self.word(k).ends_with(b"ed") && self.lex(end) == Lex::PastVerb => {
                    return false
                }
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
}

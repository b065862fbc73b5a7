//! The tokenizer and the trigger lexicon.
//!
//! One pass over the bytes produces a flat vector of tokens (words, numbers and punctuation).
//! Every word is looked up once in the lexicon, with a stack buffer for lowercasing, so the
//! grammar only ever compares small enums.

use khabar_core::lines::{is_hard_wrapped, next_line_blank, WRAP_MIN};

/// A unit of time, as used in durations and relative expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// A part of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tod {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl Tod {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Tod::Morning => "MO",
            Tod::Afternoon => "AF",
            Tod::Evening => "EV",
            Tod::Night => "NI",
        }
    }
}

/// The lexical class of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    None,
    /// A full month name, 1-based.
    Month(u8),
    /// An abbreviated month name (`Jan`, `Sept`), 1-based.
    MonthAbbr(u8),
    /// A weekday, Monday = 1.
    Weekday(u8),
    /// A plural weekday (`Mondays`).
    WeekdayPl(u8),
    /// A unit word, with its plural flag.
    Unit(Unit, bool),
    /// A cardinal number word.
    Num(u32),
    /// `a` or `an`.
    A,
    /// An ordinal word (`first`, `third`).
    Ord(u8),
    /// A season: 1 spring, 2 summer, 3 fall, 4 winter.
    Season(u8),
    /// A part of the day, with its plural flag.
    Tod(Tod, bool),
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    Last,
    Next,
    This,
    Past,
    Previous,
    Coming,
    Ago,
    Earlier,
    Later,
    Early,
    Late,
    Mid,
    The,
    Recent,
    Recently,
    Current,
    Currently,
    Future,
    Soon,
    Fiscal,
    Every,
    Each,
    /// `daily`, `weekly`, ...: a SET of the unit.
    Per(Unit),
    Approx,
    More,
    Less,
    Up,
    Than,
    At,
    Least,
    End,
    Beginning,
    Middle,
    Same,
    That,
    Half,
    Few,
    Several,
    Couple,
    Dozen,
    Hundred,
    Thousand,
    Latest,
    Of,
    And,
    Noon,
    Midnight,
    Christmas,
    Thanksgiving,
    Eve,
    Yoga,
    /// `Q` of `Q3` or `H` of `H1`.
    QLetter,
    /// Other holiday words: see [`Hol`].
    Hol(Hol),
    Once,
    Times,
    PerWord,
    Period,
    Long,
    Old,
    /// A future-tense cue (`will`, `plans`, `scheduled`).
    Fut,
    /// A past-tense verb that usually sits right before a date (`said`, `met`).
    PastVerb,
    Right,
    Near,
    /// A preposition that introduces a date (`in`, `since`, `by`).
    Prep,
    Nowadays,
    These,
    Full,
    Time,
    Prior,
    Same2,
    Ad,
}

/// A holiday word that starts a name (`Easter`, `Eid`, `Election Day`, `New Year`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hol {
    Easter,
    Eid,
    /// The second word of `Eid al-Fitr` / `Eid-ul-Fitr`.
    Fitr,
    /// The second word of `Eid al-Adha` / `Eid-ul-Azha`.
    Adha,
    Election,
    New,
    Halloween,
    Valentine,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
    Other,
}

/// One token: a byte span, its kind and its lexical class.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub s: u32,
    pub e: u32,
    pub kind: Kind,
    pub lex: Lex,
    /// Numeric value for `Num` tokens (saturating); the punctuation byte for `Punct`.
    pub num: u32,
    /// Number of digits of a plain digit run; 0 when it has separators.
    pub nd: u8,
    /// The word starts with an uppercase letter.
    pub cap: bool,
    /// The word is all uppercase (headline style).
    pub upper: bool,
}

/// Appends the tokens of `text` to `out`.
pub(crate) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    let b = text.as_bytes();
    let n = b.len();
    let table = table();
    out.reserve(n / 5);
    let wrapped = is_hard_wrapped(text);
    let mut i = 0;
    let mut line_start = 0;
    while i < n {
        let c = b[i];
        if c.is_ascii_alphabetic() {
            let mut j = i + 1;
            let mut h = fnv_step(FNV0, c.to_ascii_lowercase());
            while j < n && b[j].is_ascii_alphabetic() {
                h = fnv_step(h, b[j].to_ascii_lowercase());
                j += 1;
            }
            let w = &b[i..j];
            let lex = if w.len() <= 13 {
                lookup_hashed(table, w, h)
            } else {
                Lex::None
            };
            let upper =
                w.len() > 1 && c.is_ascii_uppercase() && w.iter().all(|c| c.is_ascii_uppercase());
            out.push(Tok {
                s: i as u32,
                e: j as u32,
                kind: Kind::Word,
                lex,
                num: 0,
                nd: 0,
                cap: c.is_ascii_uppercase(),
                upper,
            });
            i = j;
        } else if c.is_ascii_digit() {
            let mut j = i + 1;
            let mut v: u64 = (c - b'0') as u64;
            while j < n && b[j].is_ascii_digit() {
                v = (v * 10 + (b[j] - b'0') as u64).min(u32::MAX as u64);
                j += 1;
            }
            let mut nd = (j - i).min(255) as u8;
            // Thousands groups: `1,000` and `12,500,000`, exactly three digits each.
            while j + 4 <= n
                && b[j] == b','
                && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
                && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
            {
                for &d in &b[j + 1..j + 4] {
                    v = (v * 10 + (d - b'0') as u64).min(u32::MAX as u64);
                }
                j += 4;
                nd = 0;
            }
            // Decimals: `2.5`.
            if j + 1 < n && b[j] == b'.' && b[j + 1].is_ascii_digit() {
                j += 1;
                while j < n && b[j].is_ascii_digit() {
                    j += 1;
                }
                nd = 0;
            }
            out.push(Tok {
                s: i as u32,
                e: j as u32,
                kind: Kind::Num,
                lex: Lex::None,
                num: v as u32,
                nd,
                cap: false,
                upper: false,
            });
            i = j;
        } else if c == b' ' || c == b'\t' || c == b'\r' {
            i += 1;
        } else if c == b'\n' && wrapped && soft_newline(b, line_start, i) {
            // A hard-wrapped line (`set March\n26 as the record date`): the newline is a space.
            i += 1;
            line_start = i;
        } else if c < 128 {
            if c == b'\n' {
                line_start = i + 1;
            }
            out.push(Tok {
                s: i as u32,
                e: i as u32 + 1,
                kind: Kind::Punct,
                lex: Lex::None,
                num: c as u32,
                nd: 0,
                cap: false,
                upper: false,
            });
            i += 1;
        } else {
            let len = match c {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            let j = (i + len).min(n);
            // Keep char boundaries: advance to the next char start.
            let mut j = j;
            while j < n && (b[j] & 0xC0) == 0x80 {
                j += 1;
            }
            let ch = &b[i..j];
            let p = match ch {
                [0xC2, 0xA0] => None,                                   // no-break space
                [0xE2, 0x80, 0x99] | [0xE2, 0x80, 0x98] => Some(b'\''), // curly apostrophes
                [0xE2, 0x80, 0x93] | [0xE2, 0x80, 0x94] => Some(b'-'),  // en and em dashes
                [0xE2, 0x80, 0x89] | [0xE2, 0x80, 0xAF] | [0xE2, 0x80, 0x8A] => None, // thin spaces
                _ => Some(0),
            };
            if let Some(p) = p {
                let kind = if p == 0 { Kind::Other } else { Kind::Punct };
                out.push(Tok {
                    s: i as u32,
                    e: j as u32,
                    kind,
                    lex: Lex::None,
                    num: p as u32,
                    nd: 0,
                    cap: false,
                    upper: false,
                });
            }
            i = j;
        }
    }
}

/// Whether the newline at `i`, in a hard-wrapped text, only wraps a line: the line before
/// it is long, and the next line is neither blank nor the end of the text.
fn soft_newline(b: &[u8], line_start: usize, i: usize) -> bool {
    i - line_start >= WRAP_MIN && !next_line_blank(b, i)
}

/// Every word of the lexicon (the keys of `lookup_slow`), for the hash table: the month and
/// weekday names of `khabar_core::date`, then [`WORDS`].
fn lexicon() -> impl Iterator<Item = &'static str> {
    use khabar_core::date::{MONTHS, MONTH_ABBREVIATIONS, WEEKDAYS};
    MONTHS
        .iter()
        .chain(&MONTH_ABBREVIATIONS)
        .chain(&WEEKDAYS)
        .chain(WORDS)
        .copied()
}

/// The words of the lexicon beside the month and weekday names.
const WORDS: &[&str] = &[
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
    "seconds",
    "secs",
    "minute",
    "min",
    "minutes",
    "mins",
    "hour",
    "hr",
    "hours",
    "hrs",
    "day",
    "days",
    "week",
    "weeks",
    "weekend",
    "weekends",
    "month",
    "months",
    "quarter",
    "quarters",
    "year",
    "yr",
    "years",
    "yrs",
    "decade",
    "decades",
    "century",
    "centuries",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "a",
    "an",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "morning",
    "mornings",
    "afternoon",
    "afternoons",
    "evening",
    "evenings",
    "night",
    "nights",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "now",
    "last",
    "next",
    "this",
    "past",
    "previous",
    "preceding",
    "coming",
    "following",
    "ago",
    "earlier",
    "later",
    "early",
    "late",
    "mid",
    "the",
    "recent",
    "recently",
    "current",
    "currently",
    "future",
    "soon",
    "fiscal",
    "every",
    "each",
    "hourly",
    "daily",
    "weekly",
    "monthly",
    "annually",
    "yearly",
    "about",
    "nearly",
    "almost",
    "roughly",
    "approximately",
    "some",
    "more",
    "less",
    "fewer",
    "up",
    "than",
    "at",
    "least",
    "most",
    "end",
    "beginning",
    "start",
    "middle",
    "same",
    "that",
    "half",
    "few",
    "several",
    "many",
    "couple",
    "dozen",
    "hundred",
    "thousand",
    "latest",
    "of",
    "and",
    "noon",
    "midday",
    "midnight",
    "christmas",
    "thanksgiving",
    "eve",
    "yoga",
    "easter",
    "eid",
    "eidul",
    "eidal",
    "fitr",
    "adha",
    "azha",
    "zuha",
    "election",
    "new",
    "halloween",
    "valentine",
    "q",
    "h",
    "fy",
    "going",
    "once",
    "twice",
    "times",
    "per",
    "period",
    "long",
    "old",
    "will",
    "ll",
    "shall",
    "plans",
    "plan",
    "planned",
    "scheduled",
    "expected",
    "expects",
    "intends",
    "upcoming",
    "said",
    "told",
    "met",
    "was",
    "were",
    "had",
    "did",
    "made",
    "began",
    "held",
    "took",
    "gave",
    "came",
    "went",
    "saw",
    "sent",
    "left",
    "fell",
    "rose",
    "won",
    "lost",
    "struck",
    "brought",
    "bought",
    "sold",
    "became",
    "spoke",
    "says",
    "right",
    "near",
    "in",
    "on",
    "since",
    "by",
    "through",
    "throughout",
    "during",
    "before",
    "after",
    "from",
    "to",
    "between",
    "for",
    "within",
    "over",
    "into",
    "until",
    "till",
    "around",
    "circa",
    "nowadays",
    "these",
    "full",
    "entire",
    "whole",
    "time",
    "prior",
    "comparable",
    "corresponding",
    "ad",
    "planning",
    "would",
];

/// Open-addressing hash table from lowercase words to their class, built once.
struct Table {
    slots: Vec<(&'static [u8], Lex)>,
}

const SLOTS: usize = 1024;

#[inline]
fn fnv_step(h: u32, c: u8) -> u32 {
    (h ^ c as u32).wrapping_mul(0x0100_0193)
}

const FNV0: u32 = 0x811c_9dc5;

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut slots: Vec<(&'static [u8], Lex)> = vec![(b"", Lex::None); SLOTS];
        for w in lexicon() {
            let h = w.bytes().fold(FNV0, fnv_step) as usize;
            let mut k = h % SLOTS;
            while !slots[k].0.is_empty() {
                k = (k + 1) % SLOTS;
            }
            slots[k] = (w.as_bytes(), lookup_slow(w.as_bytes()));
        }
        Table { slots }
    })
}

/// The lexical class of an ASCII word whose lowercase FNV-1a hash is `h`.
#[inline]
fn lookup_hashed(t: &Table, w: &[u8], h: u32) -> Lex {
    let mut k = h as usize % SLOTS;
    loop {
        let (key, lex) = t.slots[k];
        if key.is_empty() {
            return Lex::None;
        }
        if key.len() == w.len() && key.eq_ignore_ascii_case(w) {
            return lex;
        }
        k = (k + 1) % SLOTS;
    }
}

/// The lexical class of an ASCII word.
#[cfg(test)]
fn lookup(w: &[u8]) -> Lex {
    let h = w
        .iter()
        .fold(FNV0, |h, c| fnv_step(h, c.to_ascii_lowercase()));
    lookup_hashed(table(), w, h)
}

/// The lexical class of an ASCII word, by the reference `match` (used to fill the table).
fn lookup_slow(w: &[u8]) -> Lex {
    if w.len() > 13 {
        return Lex::None;
    }
    let mut buf = [0u8; 13];
    let buf = &mut buf[..w.len()];
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    use self::Hol as H;
    use self::Tod as T;
    use self::Unit as U;
    use Lex::*;
    // Month and weekday names come from khabar_core::date, which the page segmenter's
    // datelines use too.
    if let Some(m) = khabar_core::date::month_from_name(buf) {
        return match m.abbreviated {
            false => Month(m.month),
            true => MonthAbbr(m.month),
        };
    }
    if let Some(d) = khabar_core::date::weekday_from_name(buf) {
        return Weekday(d);
    }
    if let Some(d) = buf
        .strip_suffix(b"s")
        .and_then(khabar_core::date::weekday_from_name)
    {
        return WeekdayPl(d);
    }
    match &*buf {
        b"seconds" | b"secs" => Unit(U::Second, true),
        b"minute" | b"min" => Unit(U::Minute, false),
        b"minutes" | b"mins" => Unit(U::Minute, true),
        b"hour" | b"hr" => Unit(U::Hour, false),
        b"hours" | b"hrs" => Unit(U::Hour, true),
        b"day" => Unit(U::Day, false),
        b"days" => Unit(U::Day, true),
        b"week" => Unit(U::Week, false),
        b"weeks" => Unit(U::Week, true),
        b"weekend" => Unit(U::Weekend, false),
        b"weekends" => Unit(U::Weekend, true),
        b"month" => Unit(U::Month, false),
        b"months" => Unit(U::Month, true),
        b"quarter" => Unit(U::Quarter, false),
        b"quarters" => Unit(U::Quarter, true),
        b"year" | b"yr" => Unit(U::Year, false),
        b"years" | b"yrs" => Unit(U::Year, true),
        b"decade" => Unit(U::Decade, false),
        b"decades" => Unit(U::Decade, true),
        b"century" => Unit(U::Century, false),
        b"centuries" => Unit(U::Century, true),
        b"one" => Num(1),
        b"two" => Num(2),
        b"three" => Num(3),
        b"four" => Num(4),
        b"five" => Num(5),
        b"six" => Num(6),
        b"seven" => Num(7),
        b"eight" => Num(8),
        b"nine" => Num(9),
        b"ten" => Num(10),
        b"eleven" => Num(11),
        b"twelve" => Num(12),
        b"thirteen" => Num(13),
        b"fourteen" => Num(14),
        b"fifteen" => Num(15),
        b"sixteen" => Num(16),
        b"seventeen" => Num(17),
        b"eighteen" => Num(18),
        b"nineteen" => Num(19),
        b"twenty" => Num(20),
        b"thirty" => Num(30),
        b"forty" => Num(40),
        b"fifty" => Num(50),
        b"sixty" => Num(60),
        b"seventy" => Num(70),
        b"eighty" => Num(80),
        b"ninety" => Num(90),
        b"a" | b"an" => A,
        b"first" => Ord(1),
        b"second" => Ord(2),
        b"third" => Ord(3),
        b"fourth" => Ord(4),
        b"fifth" => Ord(5),
        b"sixth" => Ord(6),
        b"seventh" => Ord(7),
        b"eighth" => Ord(8),
        b"ninth" => Ord(9),
        b"tenth" => Ord(10),
        b"eleventh" => Ord(11),
        b"twelfth" => Ord(12),
        b"spring" => Season(1),
        b"summer" => Season(2),
        b"fall" | b"autumn" => Season(3),
        b"winter" => Season(4),
        b"morning" => Tod(T::Morning, false),
        b"mornings" => Tod(T::Morning, true),
        b"afternoon" => Tod(T::Afternoon, false),
        b"afternoons" => Tod(T::Afternoon, true),
        b"evening" => Tod(T::Evening, false),
        b"evenings" => Tod(T::Evening, true),
        b"night" => Tod(T::Night, false),
        b"nights" => Tod(T::Night, true),
        b"today" => Today,
        b"yesterday" => Yesterday,
        b"tomorrow" => Tomorrow,
        b"tonight" => Tonight,
        b"now" => Now,
        b"last" => Last,
        b"next" => Next,
        b"this" => This,
        b"past" => Past,
        b"previous" | b"preceding" => Previous,
        b"coming" | b"following" => Coming,
        b"ago" => Ago,
        b"earlier" => Earlier,
        b"later" => Later,
        b"early" => Early,
        b"late" => Late,
        b"mid" => Mid,
        b"the" => The,
        b"recent" => Recent,
        b"recently" => Recently,
        b"current" => Current,
        b"currently" => Currently,
        b"future" => Future,
        b"soon" => Soon,
        b"fiscal" | b"fy" => Fiscal,
        b"q" | b"h" => QLetter,
        b"every" => Every,
        b"each" => Each,
        b"hourly" => Per(U::Hour),
        b"daily" => Per(U::Day),
        b"weekly" => Per(U::Week),
        b"monthly" => Per(U::Month),
        b"annually" | b"yearly" => Per(U::Year),
        b"about" | b"nearly" | b"almost" | b"roughly" | b"approximately" | b"some" => Approx,
        b"more" => More,
        b"less" | b"fewer" => Less,
        b"up" => Up,
        b"than" => Than,
        b"at" => At,
        b"least" | b"most" => Least,
        b"end" => End,
        b"beginning" | b"start" => Beginning,
        b"middle" => Middle,
        b"same" => Same,
        b"that" => That,
        b"half" => Half,
        b"few" => Few,
        b"several" | b"many" => Several,
        b"couple" => Couple,
        b"dozen" => Dozen,
        b"hundred" => Hundred,
        b"thousand" => Thousand,
        b"latest" => Latest,
        b"of" => Of,
        b"and" => And,
        b"noon" | b"midday" => Noon,
        b"midnight" => Midnight,
        b"christmas" => Christmas,
        b"thanksgiving" => Thanksgiving,
        b"eve" => Eve,
        b"yoga" => Yoga,
        b"easter" => Hol(H::Easter),
        b"eid" | b"eidul" | b"eidal" => Hol(H::Eid),
        b"fitr" => Hol(H::Fitr),
        b"adha" | b"azha" | b"zuha" => Hol(H::Adha),
        b"election" => Hol(H::Election),
        b"new" => Hol(H::New),
        b"halloween" => Hol(H::Halloween),
        b"valentine" => Hol(H::Valentine),
        b"once" | b"twice" => Once,
        b"times" => Times,
        b"per" => PerWord,
        b"period" => Period,
        b"long" => Long,
        b"old" => Old,
        b"will" | b"ll" | b"shall" | b"plans" | b"plan" | b"planned" | b"planning" | b"would"
        | b"going" | b"scheduled" | b"expected" | b"expects" | b"intends" | b"upcoming" => Fut,
        b"said" | b"told" | b"met" | b"was" | b"were" | b"had" | b"did" | b"made" | b"began"
        | b"held" | b"took" | b"gave" | b"came" | b"went" | b"saw" | b"sent" | b"left"
        | b"fell" | b"rose" | b"won" | b"lost" | b"struck" | b"spoke" | b"says" | b"brought"
        | b"bought" | b"sold" | b"became" => PastVerb,
        b"right" => Right,
        b"near" => Near,
        b"in" | b"on" | b"since" | b"by" | b"through" | b"throughout" | b"during" | b"before"
        | b"after" | b"from" | b"to" | b"between" | b"for" | b"within" | b"over" | b"into"
        | b"until" | b"till" | b"around" | b"circa" => Prep,
        b"nowadays" => Nowadays,
        b"these" => These,
        b"full" | b"entire" | b"whole" => Full,
        b"time" => Time,
        b"prior" => Prior,
        b"comparable" | b"corresponding" | b"year-ago" => Same2,
        b"ad" => Ad,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_match() {
        for w in lexicon() {
            assert_ne!(lookup_slow(w.as_bytes()), Lex::None, "{w}");
            assert_eq!(lookup(w.as_bytes()), lookup_slow(w.as_bytes()), "{w}");
            assert_eq!(
                lookup(w.to_ascii_uppercase().as_bytes()),
                lookup_slow(w.as_bytes()),
                "{w}"
            );
        }
        assert_eq!(lookup(b"government"), Lex::None);
        assert_eq!(lookup(b"Augusta"), Lex::None);
    }
}

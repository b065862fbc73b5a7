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

/// The lexicon: every trigger word (lowercase ASCII, at most 13 bytes) and its class.
/// The one source of the word table with the month and weekday names, which come from
/// `khabar_core::date` (the page segmenter's datelines use them too); add a word here and
/// nowhere else.
const LEXICON: &[(&str, Lex)] = {
    use self::Hol as H;
    use self::Tod as T;
    use self::Unit as U;
    use Lex::*;
    &[
        ("seconds", Unit(U::Second, true)),
        ("secs", Unit(U::Second, true)),
        ("minute", Unit(U::Minute, false)),
        ("min", Unit(U::Minute, false)),
        ("minutes", Unit(U::Minute, true)),
        ("mins", Unit(U::Minute, true)),
        ("hour", Unit(U::Hour, false)),
        ("hr", Unit(U::Hour, false)),
        ("hours", Unit(U::Hour, true)),
        ("hrs", Unit(U::Hour, true)),
        ("day", Unit(U::Day, false)),
        ("days", Unit(U::Day, true)),
        ("week", Unit(U::Week, false)),
        ("weeks", Unit(U::Week, true)),
        ("weekend", Unit(U::Weekend, false)),
        ("weekends", Unit(U::Weekend, true)),
        ("month", Unit(U::Month, false)),
        ("months", Unit(U::Month, true)),
        ("quarter", Unit(U::Quarter, false)),
        ("quarters", Unit(U::Quarter, true)),
        ("year", Unit(U::Year, false)),
        ("yr", Unit(U::Year, false)),
        ("years", Unit(U::Year, true)),
        ("yrs", Unit(U::Year, true)),
        ("decade", Unit(U::Decade, false)),
        ("decades", Unit(U::Decade, true)),
        ("century", Unit(U::Century, false)),
        ("centuries", Unit(U::Century, true)),
        ("one", Num(1)),
        ("two", Num(2)),
        ("three", Num(3)),
        ("four", Num(4)),
        ("five", Num(5)),
        ("six", Num(6)),
        ("seven", Num(7)),
        ("eight", Num(8)),
        ("nine", Num(9)),
        ("ten", Num(10)),
        ("eleven", Num(11)),
        ("twelve", Num(12)),
        ("thirteen", Num(13)),
        ("fourteen", Num(14)),
        ("fifteen", Num(15)),
        ("sixteen", Num(16)),
        ("seventeen", Num(17)),
        ("eighteen", Num(18)),
        ("nineteen", Num(19)),
        ("twenty", Num(20)),
        ("thirty", Num(30)),
        ("forty", Num(40)),
        ("fifty", Num(50)),
        ("sixty", Num(60)),
        ("seventy", Num(70)),
        ("eighty", Num(80)),
        ("ninety", Num(90)),
        ("a", A),
        ("an", A),
        ("first", Ord(1)),
        ("second", Ord(2)),
        ("third", Ord(3)),
        ("fourth", Ord(4)),
        ("fifth", Ord(5)),
        ("sixth", Ord(6)),
        ("seventh", Ord(7)),
        ("eighth", Ord(8)),
        ("ninth", Ord(9)),
        ("tenth", Ord(10)),
        ("eleventh", Ord(11)),
        ("twelfth", Ord(12)),
        ("spring", Season(1)),
        ("summer", Season(2)),
        ("fall", Season(3)),
        ("autumn", Season(3)),
        ("winter", Season(4)),
        ("morning", Tod(T::Morning, false)),
        ("mornings", Tod(T::Morning, true)),
        ("afternoon", Tod(T::Afternoon, false)),
        ("afternoons", Tod(T::Afternoon, true)),
        ("evening", Tod(T::Evening, false)),
        ("evenings", Tod(T::Evening, true)),
        ("night", Tod(T::Night, false)),
        ("nights", Tod(T::Night, true)),
        ("today", Today),
        ("yesterday", Yesterday),
        ("tomorrow", Tomorrow),
        ("tonight", Tonight),
        ("now", Now),
        ("last", Last),
        ("next", Next),
        ("this", This),
        ("past", Past),
        ("previous", Previous),
        ("preceding", Previous),
        ("coming", Coming),
        ("following", Coming),
        ("ago", Ago),
        ("earlier", Earlier),
        ("later", Later),
        ("early", Early),
        ("late", Late),
        ("mid", Mid),
        ("the", The),
        ("recent", Recent),
        ("recently", Recently),
        ("current", Current),
        ("currently", Currently),
        ("future", Future),
        ("soon", Soon),
        ("fiscal", Fiscal),
        ("fy", Fiscal),
        ("q", QLetter),
        ("h", QLetter),
        ("every", Every),
        ("each", Each),
        ("hourly", Per(U::Hour)),
        ("daily", Per(U::Day)),
        ("weekly", Per(U::Week)),
        ("monthly", Per(U::Month)),
        ("annually", Per(U::Year)),
        ("yearly", Per(U::Year)),
        ("about", Approx),
        ("nearly", Approx),
        ("almost", Approx),
        ("roughly", Approx),
        ("approximately", Approx),
        ("some", Approx),
        ("more", More),
        ("less", Less),
        ("fewer", Less),
        ("up", Up),
        ("than", Than),
        ("at", At),
        ("least", Least),
        ("most", Least),
        ("end", End),
        ("beginning", Beginning),
        ("start", Beginning),
        ("middle", Middle),
        ("same", Same),
        ("that", That),
        ("half", Half),
        ("few", Few),
        ("several", Several),
        ("many", Several),
        ("couple", Couple),
        ("dozen", Dozen),
        ("hundred", Hundred),
        ("thousand", Thousand),
        ("latest", Latest),
        ("of", Of),
        ("and", And),
        ("noon", Noon),
        ("midday", Noon),
        ("midnight", Midnight),
        ("christmas", Christmas),
        ("thanksgiving", Thanksgiving),
        ("eve", Eve),
        ("yoga", Yoga),
        ("easter", Hol(H::Easter)),
        ("eid", Hol(H::Eid)),
        ("eidul", Hol(H::Eid)),
        ("eidal", Hol(H::Eid)),
        ("fitr", Hol(H::Fitr)),
        ("adha", Hol(H::Adha)),
        ("azha", Hol(H::Adha)),
        ("zuha", Hol(H::Adha)),
        ("election", Hol(H::Election)),
        ("new", Hol(H::New)),
        ("halloween", Hol(H::Halloween)),
        ("valentine", Hol(H::Valentine)),
        ("once", Once),
        ("twice", Once),
        ("times", Times),
        ("per", PerWord),
        ("period", Period),
        ("long", Long),
        ("old", Old),
        ("will", Fut),
        ("ll", Fut),
        ("shall", Fut),
        ("plans", Fut),
        ("plan", Fut),
        ("planned", Fut),
        ("planning", Fut),
        ("would", Fut),
        ("going", Fut),
        ("scheduled", Fut),
        ("expected", Fut),
        ("expects", Fut),
        ("intends", Fut),
        ("upcoming", Fut),
        ("said", PastVerb),
        ("told", PastVerb),
        ("met", PastVerb),
        ("was", PastVerb),
        ("were", PastVerb),
        ("had", PastVerb),
        ("did", PastVerb),
        ("made", PastVerb),
        ("began", PastVerb),
        ("held", PastVerb),
        ("took", PastVerb),
        ("gave", PastVerb),
        ("came", PastVerb),
        ("went", PastVerb),
        ("saw", PastVerb),
        ("sent", PastVerb),
        ("left", PastVerb),
        ("fell", PastVerb),
        ("rose", PastVerb),
        ("won", PastVerb),
        ("lost", PastVerb),
        ("struck", PastVerb),
        ("spoke", PastVerb),
        ("says", PastVerb),
        ("brought", PastVerb),
        ("bought", PastVerb),
        ("sold", PastVerb),
        ("became", PastVerb),
        ("right", Right),
        ("near", Near),
        ("in", Prep),
        ("on", Prep),
        ("since", Prep),
        ("by", Prep),
        ("through", Prep),
        ("throughout", Prep),
        ("during", Prep),
        ("before", Prep),
        ("after", Prep),
        ("from", Prep),
        ("to", Prep),
        ("between", Prep),
        ("for", Prep),
        ("within", Prep),
        ("over", Prep),
        ("into", Prep),
        ("until", Prep),
        ("till", Prep),
        ("around", Prep),
        ("circa", Prep),
        ("nowadays", Nowadays),
        ("these", These),
        ("full", Full),
        ("entire", Full),
        ("whole", Full),
        ("time", Time),
        ("prior", Prior),
        ("comparable", Same2),
        ("corresponding", Same2),
        ("year-ago", Same2),
        ("ad", Ad),
    ]
};

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
        // Month names and their abbreviations (`jan`, `sept`), from the one month table.
        let months = khabar_core::date::MONTHS
            .iter()
            .flat_map(|m| [&m[..], &m[..3]]);
        let months = months.chain(["sept"]).filter_map(|w| {
            let m = khabar_core::date::month_from_name(w.as_bytes())?;
            Some((
                w,
                if m.abbreviated {
                    Lex::MonthAbbr(m.month)
                } else {
                    Lex::Month(m.month)
                },
            ))
        });
        // Weekday names and their plurals (`mondays`), from the one weekday table. The
        // plurals are built once and live as long as the table.
        let weekdays = khabar_core::date::WEEKDAYS
            .iter()
            .zip(1u8..)
            .flat_map(|(&d, n)| {
                let plural: &'static str = Box::leak(format!("{d}s").into_boxed_str());
                [(d, Lex::Weekday(n)), (plural, Lex::WeekdayPl(n))]
            });
        let mut seen_may = false;
        for (w, lex) in LEXICON.iter().copied().chain(months).chain(weekdays) {
            // `may` is its own abbreviation.
            if w == "may" {
                if seen_may {
                    continue;
                }
                seen_may = true;
            }
            let h = w.bytes().fold(FNV0, fnv_step) as usize;
            let mut k = h % SLOTS;
            while !slots[k].0.is_empty() {
                k = (k + 1) % SLOTS;
            }
            slots[k] = (w.as_bytes(), lex);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_the_lexicon() {
        let mut seen = std::collections::HashSet::new();
        for &(w, lex) in LEXICON {
            assert!(seen.insert(w), "{w} twice in LEXICON");
            assert!(
                w.len() <= 13 && !w.bytes().any(|b| b.is_ascii_uppercase()),
                "{w}"
            );
            assert_ne!(lex, Lex::None, "{w}");
            assert_eq!(lookup(w.as_bytes()), lex, "{w}");
            assert_eq!(lookup(w.to_ascii_uppercase().as_bytes()), lex, "{w}");
        }
        assert_eq!(lookup(b"May"), Lex::Month(5));
        assert_eq!(lookup(b"september"), Lex::Month(9));
        assert_eq!(lookup(b"SEPT"), Lex::MonthAbbr(9));
        assert_eq!(lookup(b"mar"), Lex::MonthAbbr(3));
        assert_eq!(lookup(b"Monday"), Lex::Weekday(1));
        assert_eq!(lookup(b"SUNDAYS"), Lex::WeekdayPl(7));
        assert_eq!(lookup(b"mon"), Lex::None);
        assert_eq!(lookup(b"government"), Lex::None);
        assert_eq!(lookup(b"Augusta"), Lex::None);
    }
}

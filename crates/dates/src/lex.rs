//! The tokenizer and the trigger lexicon.
//!
//! One pass over the bytes produces a flat vector of tokens (words, numbers and punctuation).
//! Every word is read eight bytes at a time and looked up once in the lexicon, keyed by its
//! own lowercased bytes, so the grammar only ever compares small enums.

#[cfg(any(doc, test))]
use khabar_core::lines::is_hard_wrapped;
use khabar_core::lines::{next_line_blank, WRAP_MIN};
use khabar_core::swar::{self, HIGH, ONES};

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
#[derive(Clone, Copy, Debug, Eq)]
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
    /// A cardinal number word (at most ninety).
    Num(u8),
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
    /// An era after a year: `AD`, `CE`.
    Ad,
    /// An era before Christ: `BC`, `BCE`.
    Bc,
}

/// The grammar compares classes at every turn, mostly with a constant: inlined, that is one
/// comparison of the tags.
impl PartialEq for Lex {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        use Lex::*;
        if std::mem::discriminant(self) != std::mem::discriminant(other) {
            return false;
        }
        match (*self, *other) {
            (Month(a), Month(b))
            | (MonthAbbr(a), MonthAbbr(b))
            | (Weekday(a), Weekday(b))
            | (WeekdayPl(a), WeekdayPl(b))
            | (Num(a), Num(b))
            | (Ord(a), Ord(b))
            | (Season(a), Season(b)) => a == b,
            (Unit(a, x), Unit(b, y)) => a == b && x == y,
            (Tod(a, x), Tod(b, y)) => a == b && x == y,
            (Per(a), Per(b)) => a == b,
            (Hol(a), Hol(b)) => a == b,
            // The same tag and no payload.
            _ => true,
        }
    }
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
    /// The first word of `Ash Wednesday`.
    Ash,
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
}

/// Appends the tokens of `text` to `out`, and to `starts` the index of every token that
/// may start a time expression ([`crate::scan::may_start`]), so the scan visits only those;
/// `wrapped` is [`is_hard_wrapped`] of `text`.
pub(crate) fn tokenize(text: &str, wrapped: bool, out: &mut Vec<Tok>, starts: &mut Vec<u32>) {
    let b = text.as_bytes();
    let n = b.len();
    let table = table();
    out.reserve(n / 5);
    let mut i = 0;
    let mut line_start = 0;
    while i < n {
        let c = b[i];
        let class = CLASS[c as usize];
        if class == LETTER {
            // Words one space apart are read in this inner loop, until a byte after a space
            // is no letter.
            while let Some((j, lex, start, cap)) = word(table, b, i) {
                // Most words are outside the lexicon and start nothing.
                if start {
                    starts.push(out.len() as u32);
                }
                out.push(Tok {
                    s: i as u32,
                    e: j as u32,
                    kind: Kind::Word,
                    lex,
                    num: 0,
                    nd: 0,
                    cap,
                });
                // The space after a word is skipped here, not by another turn of the loop.
                if b.get(j) == Some(&b' ') {
                    i = j + 1;
                } else {
                    i = j;
                    break;
                }
            }
        } else if class == DIGIT {
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
            // Every number may start one.
            starts.push(out.len() as u32);
            out.push(Tok {
                s: i as u32,
                e: j as u32,
                kind: Kind::Num,
                lex: Lex::None,
                num: v as u32,
                nd,
                cap: false,
            });
            i = if b.get(j) == Some(&b' ') { j + 1 } else { j };
        } else if class == SPACE {
            i += 1;
        } else if c == b'\n' && wrapped && soft_newline(b, line_start, i) {
            // A hard-wrapped line (`set March\n26 as the record date`): the newline is a space.
            i += 1;
            line_start = i;
        } else if class == PUNCT {
            if c == b'\n' {
                line_start = i + 1;
            }
            // Of the punctuation only an apostrophe starts one (`the '60s`).
            if c == b'\'' {
                starts.push(out.len() as u32);
            }
            out.push(Tok {
                s: i as u32,
                e: i as u32 + 1,
                kind: Kind::Punct,
                lex: Lex::None,
                num: c as u32,
                nd: 0,
                cap: false,
            });
            // A space after punctuation is skipped here too.
            i = if b.get(i + 1) == Some(&b' ') {
                i + 2
            } else {
                i + 1
            };
        } else {
            i = other_char(b, i, out, starts);
        }
    }
}

/// The character at byte `i` of `b`, not ASCII (a rare case, kept out of the loop): a
/// token of its own, read as the ASCII punctuation it stands for (curly apostrophes,
/// dashes), or nothing for a wide space. Returns the start of the next character.
#[cold]
#[inline(never)]
fn other_char(b: &[u8], i: usize, out: &mut Vec<Tok>, starts: &mut Vec<u32>) -> usize {
    let n = b.len();
    let len = match b[i] {
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
        if p == b'\'' {
            starts.push(out.len() as u32);
        }
        out.push(Tok {
            s: i as u32,
            e: j as u32,
            kind,
            lex: Lex::None,
            num: p as u32,
            nd: 0,
            cap: false,
        });
    }
    j
}

/// Byte classes of the tokenizer's dispatch: [`CLASS`].
const PUNCT: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
/// A space, a tab or a carriage return.
const SPACE: u8 = 3;
/// A byte of a multi-byte character.
const HIGH_BYTE: u8 = 4;

/// The class of every byte; the newline is [`PUNCT`] (a token unless it only wraps a line).
static CLASS: [u8; 256] = {
    let mut t = [PUNCT; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphabetic() {
            LETTER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b' ' || b == b'\t' || b == b'\r' {
            SPACE
        } else if b >= 128 {
            HIGH_BYTE
        } else {
            PUNCT
        };
        c += 1;
    }
    t
};

/// The bit that makes an ASCII letter lowercase, in every byte.
const CASE: u64 = 0x20 * ONES;

/// The ASCII letters among the eight bytes of `v`: the high bit of each byte that is one.
#[inline]
fn letters(v: u64) -> u64 {
    // Folded to lowercase, a byte is a letter when it lies in `a..=z`.
    swar::range_bytes(v | CASE, b'a', b'z')
}

/// For a word of `n` letters (fewer than sixteen), the masks of its bytes among the first
/// eight bytes and among the next eight: `MASKS[n]`.
const MASKS: [(u64, u64); 16] = {
    let mut m = [(0, 0); 16];
    let mut n = 1;
    while n < 16 {
        m[n] = if n < 8 {
            ((1 << (8 * n)) - 1, 0)
        } else {
            (u64::MAX, (1 << (8 * (n - 8))) - 1)
        };
        n += 1;
    }
    m
};

/// How many of the eight bytes of `v`, from the first, are ASCII letters.
#[inline]
fn letter_run(v: u64) -> usize {
    ((!letters(v) & HIGH).trailing_zeros() / 8) as usize
}

/// The ASCII word starting at byte `i` of `b`, if that byte is a letter: its end, its class,
/// whether it may start a time expression ([`crate::scan::word_may_start`]) and whether it
/// starts with an uppercase letter. The word is read sixteen bytes at a time
/// (bytes past the text read as zero, no letter): a word of up to fifteen letters is its
/// own key in the lexicon, in two integers, with no byte looked at one at a time.
#[inline]
fn word(table: &Table, b: &[u8], i: usize) -> Option<(usize, Lex, bool, bool)> {
    let (v0, v1) = if let Some(c) = b[i..].first_chunk::<16>() {
        let (lo, hi) = c.split_at(8);
        (
            u64::from_le_bytes(lo.try_into().unwrap_or_default()),
            u64::from_le_bytes(hi.try_into().unwrap_or_default()),
        )
    } else {
        let mut pad = [0u8; 16];
        let rest = &b[i..];
        pad[..rest.len()].copy_from_slice(rest);
        (swar::load(&pad, 0), swar::load(&pad, 8))
    };
    // The first byte is a letter, uppercase when its case bit is clear.
    let cap = v0 & 0x20 == 0;
    let n0 = letter_run(v0);
    if n0 == 0 {
        return None;
    }
    let len = if n0 < 8 { n0 } else { 8 + letter_run(v1) };
    if len == 16 {
        // Sixteen letters or more: no trigger word.
        let mut j = i + 16;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        return Some((j, Lex::None, false, cap));
    }
    let (lex, start) = table.get(v0, v1, len);
    Some((i + len, lex, start, cap))
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
        ("thirteenth", Ord(13)),
        ("fourteenth", Ord(14)),
        ("fifteenth", Ord(15)),
        ("sixteenth", Ord(16)),
        ("seventeenth", Ord(17)),
        ("eighteenth", Ord(18)),
        ("nineteenth", Ord(19)),
        ("twentieth", Ord(20)),
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
        ("ash", Hol(H::Ash)),
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
        ("ce", Ad),
        ("bc", Bc),
        ("bce", Bc),
    ]
};

/// The longest word in the lexicon, in bytes.
const MAX_WORD: usize = 13;

/// The lexicon as a table from lowercase words to their class, built once. A word is its own
/// key: its bytes, little-endian, in two integers (the rest zero). The words are grouped by
/// their first two letters and their length ([`Table::group`]), and a direct index of one
/// byte a group gives the words of each, so a lookup is one load for most words (no word of
/// the lexicon has their letters and length) and a compare of two integers per word of the
/// group for the others.
struct Table {
    /// The words, group after group.
    words: Box<[Entry]>,
    /// For every group, its number among the groups that hold words, from 1; 0 for a group
    /// with no word.
    ids: Box<[u8; GROUPS]>,
    /// The index in `words` of the first word of the group numbered `n`: `firsts[n]`.
    firsts: Box<[u16; 256]>,
}

/// A word of the lexicon in the [`Table`].
#[derive(Clone, Copy)]
struct Entry {
    /// The word's first eight bytes and the next eight (zero past its end).
    lo: u64,
    hi: u64,
    lex: Lex,
    /// [`crate::scan::word_may_start`] of the word, asked once here rather than of every
    /// word read.
    start: bool,
    /// The word is the last of its group.
    last: bool,
}

/// The number of groups: 32 by 32 by 16 ([`Table::group`]).
const GROUPS: usize = 1 << 14;

impl Table {
    /// The group of a word of `len` letters (below sixteen) whose first eight bytes are
    /// `v`: five low bits of each of its first two bytes, and its length. The second byte of
    /// a one-letter word is the one after it, not a letter: such a word is in the 32 groups of
    /// its letter and length one.
    #[inline]
    fn group(v: u64, len: usize) -> usize {
        ((v as usize & 31) << 9) | (((v >> 8) as usize & 31) << 4) | (len & 15)
    }

    /// The class of the word of `len` letters (below sixteen) whose bytes are `(v0, v1)`,
    /// little-endian, followed by any bytes, and whether it may start a time expression.
    #[inline]
    fn get(&self, v0: u64, v1: u64, len: usize) -> (Lex, bool) {
        // Most words are turned away by their first two letters and length.
        let id = self.ids[Self::group(v0, len)] as usize;
        if id == 0 {
            return (Lex::None, false);
        }
        // The key: the word's bytes lowercased, the rest zero.
        let (m0, m1) = MASKS[len & 15];
        let (lo, hi) = ((v0 | CASE) & m0, (v1 | CASE) & m1);
        let mut k = self.firsts[id] as usize;
        while let Some(e) = self.words.get(k) {
            if e.lo == lo && e.hi == hi {
                return (e.lex, e.start);
            }
            if e.last {
                break;
            }
            k += 1;
        }
        (Lex::None, false)
    }
}

/// The key of a lowercase word of at most sixteen bytes.
fn key(w: &[u8]) -> (u64, u64) {
    let mut pad = [0u8; 16];
    pad[..w.len()].copy_from_slice(w);
    let (lo, hi) = pad.split_at(8);
    (swar::load(lo, 0), swar::load(hi, 0))
}

/// Every word of the lexicon, lowercase, with its class: [`LEXICON`], the month names and
/// abbreviations and the weekday names and plurals.
pub(crate) fn entries() -> impl Iterator<Item = (&'static str, Lex)> {
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
    LEXICON
        .iter()
        .copied()
        .chain(months)
        .chain(weekdays)
        .filter(move |&(w, _)| {
            // `may` is its own abbreviation.
            if w == "may" {
                if seen_may {
                    return false;
                }
                seen_may = true;
            }
            true
        })
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        // Every word with its group, in the order of the groups.
        let mut grouped: Vec<(usize, Entry)> = entries()
            .map(|(w, lex)| {
                debug_assert!(w.len() <= MAX_WORD, "{w}");
                let (lo, hi) = key(w.as_bytes());
                let start = crate::scan::word_may_start(lex, w.len());
                let e = Entry {
                    lo,
                    hi,
                    lex,
                    start,
                    last: false,
                };
                (Table::group(lo, w.len()), e)
            })
            .collect();
        grouped.sort_by_key(|&(g, _)| g);
        let mut ids = Box::new([0u8; GROUPS]);
        let mut firsts = Box::new([0u16; 256]);
        let mut words = Vec::with_capacity(grouped.len());
        let mut id = 0u8;
        for (k, &(g, mut word)) in grouped.iter().enumerate() {
            if k == 0 || grouped[k - 1].0 != g {
                // The first word of its group.
                id = id.checked_add(1).expect("fewer than 256 groups");
                firsts[id as usize] = u16::try_from(k).expect("fewer than 65,536 words");
                if g & 15 == 1 {
                    // A one-letter word, whatever the byte after it.
                    for second in 0..32 {
                        ids[g | second << 4] = id;
                    }
                } else {
                    ids[g] = id;
                }
            }
            word.last = grouped.get(k + 1).is_none_or(|&(next, _)| next != g);
            words.push(word);
        }
        Table {
            words: words.into_boxed_slice(),
            ids,
            firsts,
        }
    })
}

/// The lexical class of an ASCII word.
#[cfg(test)]
fn lookup(w: &[u8]) -> Lex {
    if w.len() > MAX_WORD {
        return Lex::None;
    }
    let (lo, hi) = key(w);
    table().get(lo, hi, w.len()).0
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
                w.len() <= MAX_WORD && !w.bytes().any(|b| b.is_ascii_uppercase()),
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

    #[test]
    fn classes_are_equal_when_they_print_the_same() {
        let mut classes: Vec<Lex> = entries().map(|(_, lex)| lex).collect();
        classes.extend([Lex::None, Lex::Num(0), Lex::Unit(Unit::Day, false)]);
        for a in &classes {
            for b in &classes {
                assert_eq!(a == b, format!("{a:?}") == format!("{b:?}"), "{a:?} {b:?}");
            }
        }
    }

    /// The words of `text` read one byte at a time: span and class.
    fn plain_words(text: &str) -> Vec<(usize, usize, Lex)> {
        let b = text.as_bytes();
        let mut words = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < b.len() && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            let w = &b[i..j];
            let lex = entries()
                .find(|(e, _)| e.as_bytes().eq_ignore_ascii_case(w))
                .map_or(Lex::None, |(_, lex)| lex);
            words.push((i, j, lex));
            i = j;
        }
        words
    }

    fn words(text: &str) -> Vec<(usize, usize, Lex)> {
        let mut toks = Vec::new();
        tokenize(text, is_hard_wrapped(text), &mut toks, &mut Vec::new());
        toks.iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| (t.s as usize, t.e as usize, t.lex))
            .collect()
    }

    #[test]
    fn words_read_eight_bytes_at_a_time() {
        for text in [
            "",
            "a",
            "May",
            "in MAY 1987, SEPTEMBER",
            "Thanksgiving thanksgivings THANKSGIVINGx",
            "approximately approximatelyy corresponding",
            "abcdefghijklmno abcdefghijklmnop abcdefghijklmnopqrstuvwxyz end",
            "[today]`yesterday`@tomorrow{now}",
            "Jan\u{e9}uary mars\u{2019}s week-ago year-ago",
            "MONDAYS mondays Mondays",
            "a,Q3 h. A\nan-b a1 q",
        ] {
            assert_eq!(words(text), plain_words(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_as_byte_by_byte(
            text in "([a-zA-Z]{0,18}|[@\\[`{0-9 ,.\n-]|\u{e9}|\u{2019}|today|March|YEARS|sept){0,12}",
        ) {
            proptest::prop_assert_eq!(words(&text), plain_words(&text));
        }
    }
}

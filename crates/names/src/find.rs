//! The rules: words, runs of capitalised words, their types, and document-level groups.

use khabar_core::swar::{self, HIGH, ONES};
use khabar_core::wordset;
use khabar_core::{
    chars::{is_apostrophe, is_word_char},
    Span,
};

use crate::words::{
    CALENDAR_W, CONNECTOR, ENGLISH, EVENT, FUNCTION, GIVEN, GIVEN_CENSUS, GIVEN_CORE, INTERJECTION,
    LOC_BEFORE_W, LOC_FIRST_W, LOC_LAST_W, LOC_OF_W, OF_HEAD, ORG_FIRST_W, ORG_LAST_W,
    PERSON_AFTER_W, TITLE,
};
use crate::{Group, Name, NameFinder, NameType, Scratch};

/// The shape of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Upper-case first letter and some lower-case letter: `Qazi`, `McDonald`.
    Cap,
    /// Two letters or more, all capitals: `CRA`, `NASA`.
    Caps,
    /// One capital followed by a period: `J.`
    Initial,
    /// Lower-case first letter.
    Lower,
    /// Anything else: digits, `I`, `A`.
    Other,
    /// Words without capitals (see [`gap_after`]) that stand for one entry, none of them
    /// next to a word that may start a name: no rule reads them one by one.
    Gap,
}

/// One word of the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    start: u32,
    end: u32,
    shape: Shape,
    /// What stands between the previous word and this one lets a name go on: spaces, one
    /// line break, the period of an initial or a title (`J. Smith`, `Mr. Qazi`), `&`.
    joins: bool,
    /// The first word of a sentence.
    sent: bool,
    /// Right after an opening bracket.
    paren: bool,
}

/// A candidate name: words `first..=last`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cand {
    first: u32,
    last: u32,
    ty: NameType,
    /// How sure the type is: 3 from a title or a head word, 2 from the words after it or a
    /// given name, 1 by default.
    strength: u8,
    /// Kept only when the document names it elsewhere.
    weak: bool,
    /// An organisation of several words whose last word is `Inc`, `Corp`, `Ltd`, `Group`
    /// or the like: the document may name it without that word.
    company: bool,
    /// An acronym in brackets right after candidate `acronym_of`.
    acronym_of: u32,
    group: u32,
}

const NONE: u32 = u32::MAX;

/// The lower-case form of `w`: `w` itself when it has no capitals, else written into `buf`.
fn lower<'a>(w: &'a str, buf: &'a mut String) -> &'a str {
    if !w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        return w;
    }
    buf.clear();
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(w.chars().flat_map(char::to_lowercase));
    }
    buf
}

/// A hash of the lower-case characters of `s`, with every white space a space: an ASCII
/// text is read eight bytes at a time, any other one character by character (FNV-1a), so
/// that two texts hash alike when they agree in lower case, and an ASCII text never hashes
/// like a text with other characters but by chance.
fn hash_lower(s: &str) -> u64 {
    // ASCII (no byte with its high bit set) is found out while hashing, not in a pass of
    // its own.
    let b = s.as_bytes();
    let mut h = (b.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let v = swar::load(chunk, 0);
        if v & HIGH != 0 {
            return hash_lower_chars(s);
        }
        h = fold(h ^ lower_spaced(v));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let v = wordset::short_word(rest);
        if v & HIGH != 0 {
            return hash_lower_chars(s);
        }
        h = fold(h ^ lower_spaced(v));
    }
    h
}

/// [`hash_lower`] of a text that is not ASCII: character by character.
#[inline(never)]
fn hash_lower_chars(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = if c.is_whitespace() { ' ' } else { c };
        for b in (c as u32).to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Eight ASCII bytes in lower case, each ASCII white space (`\t`, `\n`, form feed, `\r`,
/// space) a space.
#[inline]
fn lower_spaced(v: u64) -> u64 {
    let v = v | swar::range_bytes(v, b'A', b'Z') >> 2;
    let space = swar::range_bytes(v, b'\t', b'\r') & !swar::eq_bytes(v, 0x0b);
    let bytes = (space >> 7).wrapping_mul(0xff);
    (v & !bytes) | (space >> 7).wrapping_mul(u64::from(b' '))
}

/// Mixes `x` into 64 bits: a multiplication folded onto itself, after a constant that
/// keeps 0 from mapping to 0.
#[inline]
fn fold(x: u64) -> u64 {
    let m = u128::from(x ^ 0x1656_67b1_9e37_79f9) * u128::from(0xc2b2_ae3d_27d4_eb4fu64);
    (m as u64) ^ ((m >> 64) as u64)
}

/// The weight of an ASCII byte in a word's letter counts: 1 for a lower-case letter,
/// `1 << 32` for an upper-case one, 0 for a digit or `_`; [`NOT_WORD`] for a byte that is
/// no word character (as [`is_word_char`] has it). A word's bytes add up to its lower-case
/// count in the low half and its upper-case count in the high half (a text has fewer than
/// 2^32 bytes, so neither half overflows).
const ASCII_WEIGHT: [u64; 128] = {
    let mut t = [NOT_WORD; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_lowercase() {
            LOWER_ONE
        } else if b.is_ascii_uppercase() {
            UPPER_ONE
        } else if b.is_ascii_digit() || b == b'_' {
            0
        } else {
            NOT_WORD
        };
        i += 1;
    }
    t
};
const NOT_WORD: u64 = u64::MAX;
const LOWER_ONE: u64 = 1;
const UPPER_ONE: u64 = 1 << 32;

/// A class of [`BYTE_CLASS`]: an ASCII word character (as [`is_word_char`] has it).
const WORD: u8 = 1;
/// A class of [`BYTE_CLASS`]: a byte that may be part of a word, an ASCII word character,
/// a hyphen or an apostrophe.
const IN_WORD: u8 = 2;
/// A class of [`BYTE_CLASS`]: a byte that is not ASCII.
const NON_ASCII: u8 = 4;

/// The classes of each byte, one load per byte for the loops that step over the text a
/// byte at a time.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = if ASCII_WEIGHT[i] != NOT_WORD {
            WORD | IN_WORD
        } else if i as u8 == b'-' || i as u8 == b'\'' {
            IN_WORD
        } else {
            0
        };
        i += 1;
    }
    t
};

/// The classes of byte `x` ([`WORD`], [`IN_WORD`], [`NON_ASCII`]).
#[inline]
fn class(x: u8) -> u8 {
    BYTE_CLASS[usize::from(x)]
}

/// The length in bytes of the longest connector (`della`) and of the longest other small
/// word of a title line (`with`, `from`): a longer lower-case word is none of them.
const LONGEST_SMALL: usize = 5;

/// Lines shorter than this (in bytes) end where they end: headings, bylines, datelines.
const SHORT_LINE: usize = 50;

/// Eight bytes of `chunk` (which has at least eight) read together: how many of them, from
/// the first, are ASCII word characters, and the sum of their [`ASCII_WEIGHT`]s.
#[inline]
fn ascii_run(chunk: &[u8]) -> (usize, u64) {
    let v = swar::load(chunk, 0);
    let lower = swar::range_bytes(v, b'a', b'z');
    let upper = swar::range_bytes(v, b'A', b'Z');
    let digit = swar::range_bytes(v, b'0', b'9');
    let underscore = swar::eq_bytes(v, b'_');
    let stop = !(lower | upper | digit | underscore) & HIGH;
    let n = (stop.trailing_zeros() / 8) as usize;
    let keep = if n == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    };
    // One per byte, summed in the top byte by the multiplication.
    let count = |m: u64| ((m & keep) >> 7).wrapping_mul(ONES) >> 56;
    (n, count(lower) * LOWER_ONE + count(upper) * UPPER_ONE)
}

/// The character starting at byte `i` of `text` (`i` on a char boundary).
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&x) if x < 0x80 => Some(char::from(x)),
        Some(_) => text[i..].chars().next(),
        None => None,
    }
}

/// Whether word `w` has a capital right after a small letter (`PhD`, `e-Go`): the word
/// characters are read in order, the hyphens and apostrophes inside the word are skipped,
/// and a word character that is no letter leaves the letter before it in place if it is
/// not ASCII.
fn inner_capital(w: &str) -> bool {
    let mut prev_lower = false;
    for c in w.chars() {
        if c.is_ascii() {
            let t = ASCII_WEIGHT[c as usize];
            if t == NOT_WORD {
                continue;
            }
            if prev_lower && t == UPPER_ONE {
                return true;
            }
            prev_lower = t == LOWER_ONE;
        } else if c.is_alphabetic() {
            if prev_lower && c.is_uppercase() {
                return true;
            }
            prev_lower = c.is_lowercase();
        }
    }
    false
}

/// Where the word starting at byte `i` of `b` ends, when it is a plain lower-case ASCII
/// word: lower-case ASCII letters up to the end of the text or a byte that is no word
/// character, nor a hyphen or an apostrophe that could go on inside a word. `None` for any
/// other word, which [`read_word`] reads.
#[inline]
fn lower_word_end(b: &[u8], mut i: usize) -> Option<usize> {
    if !b[i].is_ascii_lowercase() {
        return None;
    }
    while let Some(chunk) = b.get(i..i + 8) {
        let lower = swar::range_bytes(swar::load(chunk, 0), b'a', b'z');
        let n = ((!lower & HIGH).trailing_zeros() / 8) as usize;
        i += n;
        if n < 8 {
            return lower_word_ends_at(b, i);
        }
    }
    while b.get(i).is_some_and(u8::is_ascii_lowercase) {
        i += 1;
    }
    lower_word_ends_at(b, i)
}

/// Where the word starting at byte `i` of `b` ends, when it starts with an ASCII digit and
/// is made of ASCII word characters up to a byte that ends it for sure (as in
/// [`lower_word_end`]): such a word is of the shape `Other` whatever its letters.
#[inline]
fn digit_word_end(b: &[u8], mut i: usize) -> Option<usize> {
    if !b[i].is_ascii_digit() {
        return None;
    }
    loop {
        let Some(chunk) = b.get(i..i + 8) else {
            while b
                .get(i)
                .is_some_and(|&x| x < 0x80 && ASCII_WEIGHT[usize::from(x)] != NOT_WORD)
            {
                i += 1;
            }
            return lower_word_ends_at(b, i);
        };
        let (n, _) = ascii_run(chunk);
        i += n;
        if n < 8 {
            return lower_word_ends_at(b, i);
        }
    }
}

/// Where the word starting at byte `i` of `b` ends and its shape, when it starts with an
/// ASCII capital, is made of ASCII letters up to a byte that ends it for sure (as in
/// [`lower_word_end`]), and is no two-letter abbreviation (`Ph.`, `Mr.`), whose shape
/// needs a lookup: the letters are counted eight bytes at a time. `None` for any other
/// word, which [`read_word`] reads.
#[inline]
fn cap_word(b: &[u8], mut i: usize) -> Option<(usize, Shape)> {
    if !b[i].is_ascii_uppercase() {
        return None;
    }
    let (mut lowers, mut uppers) = (0u64, 0u64);
    // A capital right after a small letter; the small letter that ends the chunk before,
    // as the high bit of byte 0.
    let (mut inner, mut carry) = (false, 0u64);
    loop {
        let chunk = b.get(i..i + 8)?;
        let v = swar::load(chunk, 0);
        let lower = swar::range_bytes(v, b'a', b'z');
        let upper = swar::range_bytes(v, b'A', b'Z');
        let n = ((!(lower | upper) & HIGH).trailing_zeros() / 8) as usize;
        let keep = if n == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        let (lower, upper) = (lower & keep, upper & keep);
        // One per byte, summed in the top byte by the multiplication.
        let count = |m: u64| (m >> 7).wrapping_mul(ONES) >> 56;
        lowers += count(lower);
        uppers += count(upper);
        inner |= ((lower << 8) | carry) & upper != 0;
        carry = lower >> 56;
        i += n;
        if n < 8 {
            break;
        }
    }
    let end = lower_word_ends_at(b, i)?;
    let letters = lowers + uppers;
    let dot = b.get(end) == Some(&b'.');
    let shape = if lowers == 0 {
        match (letters, dot) {
            (1, true) => Shape::Initial,
            (1, false) => Shape::Other,
            _ => Shape::Caps,
        }
    } else if letters == 2 && lowers == 1 && dot {
        return None;
    } else if (letters <= 4 && inner)
        || (lowers == 1 && letters >= 3 && b[end - 1] == b's' && uppers + 1 == letters)
    {
        // `PhD`, `CoM`, `LLMs`, as in `read_word`.
        Shape::Other
    } else {
        Shape::Cap
    };
    Some((end, shape))
}

/// `Some(i)` when byte `i` of `b` (or the end of the text) ends a word for sure.
#[inline]
fn lower_word_ends_at(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i) {
        None => Some(i),
        Some(&x) if class(x) & (IN_WORD | NON_ASCII) == 0 => Some(i),
        _ => None,
    }
}

/// Reads the word starting at byte `start` of `text` with its first character `c`: where
/// it ends and its shape. Kept out of line: the fast paths of [`word_at`] read most words.
#[inline(never)]
fn read_word(
    f: &NameFinder,
    text: &str,
    start: usize,
    c: char,
    lower_buf: &mut String,
) -> (usize, Shape) {
    let b = text.as_bytes();
    let mut i = start;
    let (mut upper_first, digit_first) = if c.is_ascii() {
        (c.is_ascii_uppercase(), c.is_ascii_digit())
    } else {
        (c.is_uppercase(), c.is_numeric())
    };
    // Lower-case letters in the low half, capitals in the high half (ASCII), and the
    // letters, capitals and small letters among the other characters.
    let mut ascii = 0u64;
    let (mut other_letters, mut other_uppers, mut other_lowers) = (0u32, 0u32, 0u32);
    let mut contraction = false;
    loop {
        // A run of word characters: ASCII eight bytes at a time, then through a table.
        while i < b.len() {
            if let Some(chunk) = b.get(i..i + 8) {
                let (n, weight) = ascii_run(chunk);
                ascii += weight;
                i += n;
                if n == 8 {
                    continue;
                }
                if b[i] < 0x80 {
                    break;
                }
            }
            let x = b[i];
            if x < 0x80 {
                let w = ASCII_WEIGHT[usize::from(x)];
                if w == NOT_WORD {
                    break;
                }
                ascii += w;
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            if !is_word_char(c) {
                break;
            }
            if c.is_alphabetic() {
                other_letters += 1;
                other_uppers += u32::from(c.is_uppercase());
                other_lowers += u32::from(c.is_lowercase());
            }
            i += c.len_utf8();
        }
        // An inner hyphen or apostrophe between word characters goes on (`Bailey-Ross`,
        // `O'Brien`), a possessive `'s` does not.
        if b.get(i)
            .is_some_and(|&x| x < 0x80 && x != b'-' && x != b'\'')
        {
            break;
        }
        let Some(c) = char_at(text, i) else {
            break;
        };
        if c != '-' && !is_apostrophe(c) {
            break;
        }
        let after = &text[i + c.len_utf8()..];
        let Some(n) = char_at(after, 0) else { break };
        if !is_word_char(n) {
            break;
        }
        if is_apostrophe(c) {
            // A clitic ends the word: a possessive stays outside it, and a verb
            // (`I'm`, `Don't`, `You're`) makes it no name.
            let rest = after
                .char_indices()
                .find(|&(_, x)| !is_word_char(x))
                .map_or(after, |(k, _)| &after[..k]);
            if matches!(rest, "s" | "S") {
                break;
            }
            if matches!(
                rest,
                "m" | "ve" | "ll" | "re" | "d" | "t" | "M" | "VE" | "LL" | "RE" | "D" | "T"
            ) {
                contraction = true;
            }
        }
        i += c.len_utf8();
    }
    let end = i;
    let lowers = (ascii as u32) + other_lowers;
    let uppers = ((ascii >> 32) as u32) + other_uppers;
    let letters = (ascii as u32) + ((ascii >> 32) as u32) + other_letters;
    let dot = b.get(end) == Some(&b'.');
    upper_first &= !digit_first;
    // `PhD`, `CoM`, `LLMs`: short words with inner capitals, plural acronyms.
    let odd_caps = (letters <= 4 && uppers > 0 && lowers > 0 && inner_capital(&text[start..end]))
        || (lowers == 1 && letters >= 3 && b[end - 1] == b's' && uppers + 1 == letters);
    // `Ph.`, `Th.`: a two-letter abbreviation that is no title.
    let short_abbrev = dot && letters == 2 && lowers == 1 && upper_first && {
        !f.is(lower(&text[start..end], lower_buf), TITLE)
    };
    let shape = if contraction || odd_caps || short_abbrev {
        Shape::Other
    } else if !upper_first {
        if digit_first || lowers == 0 {
            Shape::Other
        } else {
            Shape::Lower
        }
    } else if lowers > 0 {
        Shape::Cap
    } else if letters == 1 {
        if dot {
            Shape::Initial
        } else {
            Shape::Other
        }
    } else if uppers == letters {
        Shape::Caps
    } else {
        Shape::Other
    };
    (end, shape)
}

/// Whether byte `x` is an ASCII word character.
#[inline]
fn ascii_word(x: u8) -> bool {
    class(x) & WORD != 0
}

/// Whether byte `x` may be part of a word: an ASCII word character, a hyphen or an
/// apostrophe.
#[inline]
fn in_word(x: u8) -> bool {
    class(x) & IN_WORD != 0
}

/// From `i` back to `lo` (`lo <= i`) over the bytes of `b` for which `p` holds: the start
/// of that stretch of bytes.
#[inline]
fn back_while(b: &[u8], lo: usize, mut i: usize, p: impl Fn(u8) -> bool) -> usize {
    while i > lo && p(b[i - 1]) {
        i -= 1;
    }
    i
}

/// After a word that ends at byte `e` of `b` and can start no name: the words that follow
/// it up to the next capital or non-ASCII byte, but the last one or two, which stay words
/// of their own. None of these words can start a name (a name starts with a capital), and
/// none is next to a word that can, so no rule reads them one by one: they stand for one
/// entry, and the scanner steps over them eight bytes at a time. `Some((from, to,
/// resume))`: the first one's start, the last one's end, and where the scanner goes on;
/// and `stop`, where that capital or non-ASCII byte is (or the end of the text).
///
/// After a word that ends at `e2`, from `resume` (or from `e`, when there is no gap) up to
/// `stop`, there is no gap: the same `stop` is met, and the words kept before it are the
/// same ones, cut at `e2`; so the scanner need not ask again for those words.
///
/// The words kept are the ones of the stretch of word characters, hyphens and apostrophes
/// that holds the capital (`McDonald`, `e-Go`, `x-ray's Qazi`: a word may go on through
/// them) and of the stretch before it: all of them whole words, since a word never goes
/// on through any other ASCII byte.
#[inline]
fn gap_after(b: &[u8], e: usize) -> (Option<(usize, usize, usize)>, usize) {
    let mut r = e;
    loop {
        let Some(chunk) = b.get(r..r + 8) else {
            while r < b.len() && b[r] < 0x80 && !b[r].is_ascii_uppercase() {
                r += 1;
            }
            break;
        };
        let v = swar::load(chunk, 0);
        let stop = swar::range_bytes(v, b'A', b'Z') | (v & HIGH);
        if stop != 0 {
            r += (stop.trailing_zeros() / 8) as usize;
            break;
        }
        r += 8;
    }
    // At the end of the text, the last word is kept alone.
    let bound = if r == b.len() {
        r
    } else {
        back_while(b, e, r, in_word)
    };
    let kept = back_while(b, e, back_while(b, e, bound, |x| !ascii_word(x)), in_word);
    let to = back_while(b, e, kept, |x| !ascii_word(x));
    if to == e {
        return (None, r);
    }
    // `to` ends a word, so a word character is found.
    let gap = b[e..to]
        .iter()
        .position(|&x| ascii_word(x))
        .map(|k| (e + k, to, kept));
    (gap, r)
}

/// The next word at or after byte `i` of `text`: its start and first character.
#[inline]
fn next_word(text: &str, mut i: usize) -> Option<(usize, char)> {
    let b = text.as_bytes();
    while i < b.len() {
        let x = class(b[i]);
        if x & NON_ASCII == 0 {
            if x & WORD == 0 {
                i += 1;
                continue;
            }
            return Some((i, char::from(b[i])));
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if is_word_char(c) {
            return Some((i, c));
        }
        i += c.len_utf8();
    }
    None
}

/// Reads the word starting at byte `start` of `text` (its first character `c`): where it
/// ends and its shape. Most words are plain lower-case ASCII words ended by a space or a
/// punctuation mark: their shape needs no letter counts.
#[inline]
fn word_at(
    f: &NameFinder,
    text: &str,
    start: usize,
    c: char,
    lower_buf: &mut String,
) -> (usize, Shape) {
    let b = text.as_bytes();
    match lower_word_end(b, start) {
        Some(end) => (end, Shape::Lower),
        None => match digit_word_end(b, start) {
            Some(end) => (end, Shape::Other),
            None => match cap_word(b, start) {
                Some(word) => word,
                None => read_word(f, text, start, c, lower_buf),
            },
        },
    }
}

/// Reads the words of `text` into `s.words`; with `gaps`, the words that no rule reads
/// one by one stand for one entry (see [`gap_after`]).
fn scan(f: &NameFinder, text: &str, s: &mut Scratch, gaps: bool) {
    let b = text.as_bytes();
    let mut i = 0;
    let mut prev_end = 0usize;
    // The words that end in this range have no gap after them (see [`gap_after`]); no
    // word ends at byte 0.
    let mut no_gap = 0..=0usize;
    while let Some((start, c)) = next_word(text, i) {
        let (end, shape) = word_at(f, text, start, c, &mut s.lower);
        i = end;
        let sep = &b[prev_end..start];
        let mut newlines = 0;
        let mut joins = !s.words.is_empty();
        let mut sent = s.words.is_empty();
        let mut paren = false;
        if !(sep.len() == 1 && sep[0] == b' ') {
            // The period after an initial or a short title does not end the sentence.
            let abbrev_dot = sep.first() == Some(&b'.')
                && s.words.last().is_some_and(|p| {
                    p.shape == Shape::Initial
                        || (p.shape == Shape::Cap
                            && p.end - p.start <= 4
                            && f.is(
                                lower(&text[p.start as usize..p.end as usize], &mut s.lower),
                                TITLE,
                            ))
                });
            // A line break goes on with the line before only in hard-wrapped text, where
            // that line is long; after a short line (a heading, a byline) a new sentence
            // starts.
            let mut k = 0;
            while k < sep.len() {
                let x = sep[k];
                if x < 0x80 {
                    match x {
                        b' ' | b'\t' | b'\r' => {}
                        b'\n' => {
                            // The line before is short when it starts, after another line
                            // break or at the start of the text, fewer than `SHORT_LINE`
                            // bytes before this one.
                            let nl = prev_end + k;
                            let short_line = nl < SHORT_LINE
                                || memchr::memchr(b'\n', &b[nl - SHORT_LINE..nl]).is_some();
                            newlines += 1;
                            if newlines >= 2 || (newlines == 1 && short_line) {
                                joins = false;
                                sent = true;
                            }
                        }
                        b'.' if k == 0 && abbrev_dot => {}
                        b'&' => {}
                        b'.' | b'!' | b'?' | b':' | b';' | b'|' => {
                            joins = false;
                            sent = true;
                        }
                        b'(' | b'[' => {
                            joins = false;
                            paren = true;
                        }
                        _ => joins = false,
                    }
                    k += 1;
                    continue;
                }
                let c = text[prev_end + k..].chars().next().unwrap_or(' ');
                match c {
                    '\u{a0}' => {}
                    '\u{2022}' => {
                        joins = false;
                        sent = true;
                    }
                    _ => joins = false,
                }
                k += c.len_utf8();
            }
            paren = paren && text[prev_end..start].trim_end().ends_with(['(', '[']);
        }
        s.words.push(Word {
            start: start as u32,
            end: end as u32,
            shape,
            joins,
            sent,
            paren,
        });
        prev_end = end;
        if gaps
            && !matches!(shape, Shape::Cap | Shape::Caps | Shape::Initial)
            && !no_gap.contains(&end)
        {
            let (gap, stop) = gap_after(b, end);
            no_gap = gap.map_or(end, |(_, _, resume)| resume)..=stop;
            if let Some((from, to, resume)) = gap {
                s.words.push(Word {
                    start: from as u32,
                    end: to as u32,
                    shape: Shape::Gap,
                    joins: false,
                    sent: false,
                    paren: false,
                });
                prev_end = to;
                i = resume;
            }
        }
    }
}

/// Whether the line of `text` around word `k` of `words` is in title case (a headline):
/// three words or more, none of them lower case but connectors and a few small words. Runs
/// on such a line are kept only when the document names them elsewhere. The line's words
/// are read from `words` (the words of the scan), but for the ones that a gap stands for.
/// The answer for the last line asked is kept in `cache`: (the line's start, its end, the
/// answer); the lines before it are not read again, so that asking in text order reads the
/// text once.
fn title_line(
    f: &NameFinder,
    text: &str,
    words: &[Word],
    k: usize,
    cache: &mut Option<(usize, usize, bool)>,
    lower_buf: &mut String,
) -> bool {
    let b = text.as_bytes();
    let at = words[k].start as usize;
    let lo = match *cache {
        Some((from, to, title)) if (from..to).contains(&at) => return title,
        Some((_, to, _)) if to <= at => to,
        _ => 0,
    };
    let from = memchr::memrchr(b'\n', &b[lo..at]).map_or(lo, |k| lo + k + 1);
    let to = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |k| at + k);
    // The number of words of the line, or `None` when one of them is lower case and no
    // small word. A word never goes on through a line break, so the first entry that ends
    // after the line's start is the line's first word or a gap with the first words: it is
    // found from word `k` back (once per line, the answer being kept).
    let mut count = || {
        let mut n = 0;
        let mut first = k;
        while first > 0 && words[first - 1].end as usize > from {
            first -= 1;
        }
        for w in &words[first..] {
            let (start, end) = (w.start as usize, w.end as usize);
            if start >= to {
                break;
            }
            if w.shape == Shape::Gap {
                n += line_words(f, text, start.max(from), end.min(to), lower_buf)?;
            } else if w.shape == Shape::Lower && !small_word(f, &text[start..end]) {
                return None;
            } else {
                n += 1;
            }
        }
        Some(n)
    };
    let title = count().is_some_and(|n| n >= 3);
    *cache = Some((from, to, title));
    title
}

/// Whether a lower-case word may stand in a title-case line: a connector, or one of a few
/// other small words.
fn small_word(f: &NameFinder, t: &str) -> bool {
    t.len() <= LONGEST_SMALL
        && (f.is(t, CONNECTOR)
            || matches!(
                t,
                "a" | "an" | "to" | "in" | "on" | "at" | "and" | "or" | "with" | "from" | "by"
            ))
}

/// The number of words that start in bytes `from..to` of `text` (`from` at a word's start
/// or between words), each read anew, or `None` when one of them is lower case and no
/// small word (see [`title_line`]).
fn line_words(
    f: &NameFinder,
    text: &str,
    from: usize,
    to: usize,
    lower_buf: &mut String,
) -> Option<usize> {
    let mut n = 0;
    let mut i = from;
    while let Some((start, c)) = next_word(text, i).filter(|&(start, _)| start < to) {
        let (end, shape) = word_at(f, text, start, c, lower_buf);
        if shape == Shape::Lower && !small_word(f, &text[start..end]) {
            return None;
        }
        n += 1;
        i = end;
    }
    Some(n)
}

pub(crate) fn find(f: &NameFinder, text: &str, s: &mut Scratch) {
    find_in(f, text, s, true);
}

/// [`find`], with gaps (see [`gap_after`]) or reading every word.
fn find_in(f: &NameFinder, text: &str, s: &mut Scratch, gaps: bool) {
    s.words.clear();
    s.cands.clear();
    s.names.clear();
    s.groups.clear();
    s.by_text.clear();
    s.by_part.clear();
    if u32::try_from(text.len()).is_err() {
        return;
    }
    s.title = None;
    s.ascii = text.is_ascii();
    scan(f, text, s, gaps);
    candidates(f, text, s);
    group(f, text, s);
}

/// The text of word `i`.
fn wtext<'t>(text: &'t str, words: &[Word], i: usize) -> &'t str {
    &text[words[i].start as usize..words[i].end as usize]
}

/// Runs of capitalised words, trimmed and typed, into `s.cands`.
fn candidates(f: &NameFinder, text: &str, s: &mut Scratch) {
    let n = s.words.len();
    let mut i = 0;
    while i < n {
        // Most entries start no run and are no acronym: lower-case words, gaps, numbers.
        if matches!(s.words[i].shape, Shape::Lower | Shape::Gap | Shape::Other) {
            i += 1;
            continue;
        }
        let w = s.words[i];
        let starts = match w.shape {
            Shape::Cap | Shape::Initial => true,
            // An acronym starts a run only when a capitalised word follows (`BBC News`).
            Shape::Caps => i + 1 < n && s.words[i + 1].joins && s.words[i + 1].shape == Shape::Cap,
            _ => false,
        };
        if !starts {
            if w.shape == Shape::Caps && (2..=6).contains(&(w.end - w.start)) {
                // A bare acronym: kept when it is defined in brackets after a name, or the
                // document defines it elsewhere.
                let prev = s.cands.last().copied();
                let defined = w.paren
                    && prev.is_some_and(|p| p.last as usize + 1 == i)
                    && !s.words[i..]
                        .get(1)
                        .is_some_and(|x| x.joins && x.shape == Shape::Cap);
                s.cands.push(Cand {
                    first: i as u32,
                    last: i as u32,
                    ty: NameType::Org,
                    strength: 1,
                    weak: true,
                    company: false,
                    acronym_of: if defined {
                        (s.cands.len() - 1) as u32
                    } else {
                        NONE
                    },
                    group: NONE,
                });
            }
            i += 1;
            continue;
        }
        // Extend: capitalised words, initials, acronyms, and connectors between them.
        let mut j = i;
        while j + 1 < n {
            let x = s.words[j + 1];
            if !x.joins {
                break;
            }
            match x.shape {
                Shape::Cap | Shape::Initial | Shape::Caps => j += 1,
                Shape::Lower => {
                    // One or two connectors and the capitalised word after them (`of the
                    // Levant`): the shapes of the words are asked first, the word lists
                    // only when a capitalised word follows.
                    let joined = |k: usize, ok: fn(Shape) -> bool| {
                        k < n && s.words[k].joins && ok(s.words[k].shape)
                    };
                    let capital = |x: Shape| matches!(x, Shape::Cap | Shape::Caps);
                    let k = if joined(j + 2, capital) {
                        j + 1
                    } else if joined(j + 2, |x| x == Shape::Lower)
                        && joined(j + 3, capital)
                        && f.is(wtext(text, &s.words, j + 2), CONNECTOR)
                    {
                        j + 2
                    } else {
                        break;
                    };
                    let t = wtext(text, &s.words, j + 1);
                    let ok_conn = f.is(t, CONNECTOR)
                        && (t != "the" || wtext(text, &s.words, j) == "of")
                        && (t != "of" || of_goes_on(f, text, s, i, j));
                    if ok_conn {
                        j = k + 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let next = j + 1;
        add_run(f, text, s, i, j);
        i = next;
    }
}

/// Whether a run of words `a..=b` goes on through the `of` after it: when its last word is
/// a head word (`University of Kent`, `Gulf of Aden`, `Municipality of Livorno`), or it is
/// one word that is no ordinary English word (`Hilary of Poitiers`). A person's name (`Jann
/// Wenner of Rolling Stone`) or an ordinary word (`Members of Congress`, `One of Gordon`)
/// ends there.
fn of_goes_on(f: &NameFinder, text: &str, s: &mut Scratch, a: usize, b: usize) -> bool {
    let l = lower(wtext(text, &s.words, b), &mut s.lower);
    let x = f.flags(l);
    if x & OF_HEAD != 0 {
        return true;
    }
    a == b && (x & ENGLISH == 0 || x & GIVEN_CORE != 0)
}

/// `w` in lower case but for its ASCII capitals, which the comparisons made on it fold
/// ([`ends_with_folded`], `eq_ignore_ascii_case`, [`NameFinder::is_folded`]): `w` itself
/// when it is ASCII, with no copy; any other word lower-cased into `buf` (its lower-case
/// form has no ASCII capitals). With `ascii`, the whole document is ASCII
/// (`Scratch::ascii`): `w` is not read.
#[inline]
fn folded<'a>(w: &'a str, ascii: bool, buf: &'a mut String) -> &'a str {
    if ascii || w.is_ascii() {
        w
    } else {
        lower(w, buf)
    }
}

/// Whether `l` ends with `suffix` (lower case), ASCII capitals of `l` folded.
#[inline]
fn ends_with_folded(l: &str, suffix: &str) -> bool {
    l.len() >= suffix.len()
        && l.as_bytes()[l.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// A word of a run is an ordinary English word and no given name of `khabar_core::words`
/// (a flag of [`RunWords`] besides those of the word lists).
const COMMON: u32 = 1 << 31;

/// The words `a..=b` of a run, each looked up in the lists once, in lower case: an ASCII
/// word with its capitals folded as it is looked up, with no copy (most words of a run are
/// never wanted in lower case again); any other word lower-cased first.
struct RunWords<'s> {
    first: usize,
    /// Per word: its flags in the word lists (and [`COMMON`]).
    flags: &'s [u32],
}

impl<'s> RunWords<'s> {
    fn read(
        f: &NameFinder,
        text: &str,
        words: &[Word],
        run: std::ops::RangeInclusive<usize>,
        ascii: bool,
        buf: &mut String,
        out: &'s mut Vec<u32>,
    ) -> RunWords<'s> {
        out.clear();
        let a = *run.start();
        for k in run {
            let mut flags = f.folded_flags(folded(wtext(text, words, k), ascii, buf));
            if flags & (ENGLISH | GIVEN_CORE) == ENGLISH {
                flags |= COMMON;
            }
            out.push(flags);
        }
        RunWords {
            first: a,
            flags: out,
        }
    }

    fn is(&self, k: usize, flag: u32) -> bool {
        self.flags[k - self.first] & flag != 0
    }
}

/// Trims and types the run of words `a..=b` and adds it to `s.cands`.
fn add_run(f: &NameFinder, text: &str, s: &mut Scratch, mut a: usize, mut b: usize) {
    let words = &s.words;
    let buf = &mut s.run_lower;
    let ascii = s.ascii;
    let run = RunWords::read(f, text, words, a..=b, ascii, buf, &mut s.run_words);
    let mut person_cue = false;
    // The word before the run, and its flags in the hand-written lists, looked up once:
    // only a lower-case word (or a gap) can be in them, all of their words being in lower
    // case.
    let before = (a > 0 && words[a].joins).then(|| a - 1);
    let before_flags = before
        .filter(|&p| matches!(words[p].shape, Shape::Lower | Shape::Gap))
        .map_or(0, |p| f.small_flags(wtext(text, words, p)));
    // A lower-case title before the run (`spokesperson Farida Qazi`).
    if before.is_some_and(|p| words[p].shape == Shape::Lower) && before_flags & TITLE != 0 {
        person_cue = true;
    }
    // A sentence's first word that is an ordinary English word (`When`, `The`), unless a
    // connector follows it (`University of Kent`).
    let first_common = |a: usize| run.is(a, COMMON | INTERJECTION);
    if words[a].sent
        && a < b
        && words[a].shape == Shape::Cap
        && words[a + 1].shape != Shape::Lower
        && first_common(a)
        && !run.is(a, TITLE)
    {
        a += 1;
    } else if words[a].sent && a == b && words[a].shape == Shape::Cap && first_common(a) {
        return;
    }
    // Titles (`President`, `Mr.`, `Dr.`, `Sub-Inspector`) and a leading `The`; not in an
    // organisation's name (`General Motors Corp`, `Royal Bank`).
    let org_head = run.is(b, ORG_LAST_W);
    while a < b {
        let l = folded(wtext(text, words, a), ascii, buf);
        let title = run.is(a, TITLE)
            || l.rsplit_once('-')
                .is_some_and(|(_, last_part)| f.is_folded(last_part, TITLE));
        if !org_head && title {
            person_cue = true;
            a += 1;
        } else if l.eq_ignore_ascii_case("the") {
            a += 1;
        } else {
            break;
        }
    }
    // A title inside the run (`Treasury Secretary James Baker`, `Judiciary Chair Jerry
    // Nadler`): the person is the name after it, of capitalised words and initials only.
    if !org_head && !run.is(b, LOC_LAST_W) {
        let mut titled = |k: usize| {
            run.is(k, TITLE) && {
                let l = folded(wtext(text, words, k), ascii, buf);
                !["st", "saint", "jr"]
                    .iter()
                    .any(|t| l.eq_ignore_ascii_case(t))
            }
        };
        if let Some(k) = (a + 1..b).rev().find(|&k| titled(k)) {
            let name_only =
                (k + 1..=b).all(|x| matches!(words[x].shape, Shape::Cap | Shape::Initial));
            if name_only && b - k <= 3 {
                person_cue = true;
                a = k + 1;
            }
        }
    }
    // Dates and capitalised function words at either end (`Monday`, `March`, `Australia
    // On`, `While Poisson`): a name neither starts nor ends with one.
    let edge =
        |k: usize| run.is(k, CALENDAR_W) || (words[k].shape == Shape::Cap && run.is(k, FUNCTION));
    while a <= b && edge(a) {
        a += 1;
    }
    while b > a && edge(b) {
        b -= 1;
    }
    // An office, not a name (`Minister for Parliamentary Affairs`).
    if a > b || matches!(words[a].shape, Shape::Lower) || words[b].shape == Shape::Initial {
        return;
    }
    if words[b].shape == Shape::Lower {
        return;
    }
    // An event, a prize or a work named after someone or somewhere (`Vietnam War`,
    // `Pritzker Architecture Prize`, `Cannes Film Festival`): no person, organisation or
    // place; a place of the gazetteer inside it stays.
    if a < b && run.is(b, EVENT) {
        return;
    }
    if a == b && words[a].shape != Shape::Cap {
        if words[a].shape == Shape::Caps {
            // An acronym: a name only when the document defines it.
            s.cands.push(Cand {
                first: a as u32,
                last: a as u32,
                ty: NameType::Org,
                strength: 1,
                weak: true,
                company: false,
                acronym_of: NONE,
                group: NONE,
            });
        }
        return;
    }
    if a == b {
        let l = folded(wtext(text, words, a), ascii, buf);
        // A title alone, a language or nationality adjective (`English`, `Japanese`), the
        // plural of an English word (`Skittles`): no name.
        let plural_of_word = l.len() > 3
            && ends_with_folded(l, "s")
            && (f.is_folded(&l[..l.len() - 1], ENGLISH)
                || (ends_with_folded(l, "es") && f.is_folded(&l[..l.len() - 2], ENGLISH)));
        if run.is(a, TITLE | INTERJECTION | ORG_LAST_W | LOC_LAST_W)
            || ((ends_with_folded(l, "ish") || ends_with_folded(l, "ese")) && l.len() > 5)
            || plural_of_word
        {
            return;
        }
    }
    let len = b - a + 1;
    let last_w = wtext(text, words, b);
    let has_conn = (a..=b).any(|k| words[k].shape == Shape::Lower);
    let after = (b + 1 < s.words.len() && s.words[b + 1].joins).then(|| b + 1);
    let after_l = after.map(|k| wtext(text, words, k));
    let before_l = before.map(|k| wtext(text, words, k));
    let (ty, strength) = if person_cue {
        (NameType::Person, 3)
    } else if len >= 2 && run.is(b, ORG_LAST_W) {
        (NameType::Org, 3)
    } else if (len >= 2 && run.is(b, LOC_LAST_W))
        || (len >= 3 && run.is(a, LOC_OF_W) && words[a + 1].shape == Shape::Lower)
    {
        (NameType::Loc, 3)
    } else if len >= 3 && run.is(a, ORG_FIRST_W) && words[a + 1].shape == Shape::Lower {
        (NameType::Org, 3)
    } else if len >= 2 && run.is(a, LOC_FIRST_W) {
        (NameType::Loc, 3)
    } else if after_l.is_some_and(|t| f.is(t, PERSON_AFTER_W))
        || ((2..=3).contains(&len) && !has_conn && {
            // A given name of the census list only before a word that is no ordinary
            // English word (not `Merrill Lynch`): it lists many surnames and firms' names.
            run.is(a, GIVEN_CORE) || (run.is(a, GIVEN_CENSUS) && !run.is(b, COMMON))
        })
        || cited(text, words, a, b)
        || (len == 1
            && run.is(a, GIVEN)
            && before_l.is_none_or(|t| {
                matches!(t, "at" | "from" | "to" | "via") || before_flags & LOC_BEFORE_W == 0
            }))
    {
        (NameType::Person, 2)
    } else if place_suffix(folded(last_w, ascii, buf)) {
        (NameType::Loc, 2)
    } else if camel_case(wtext(text, words, a)) {
        (NameType::Org, 2)
    } else if before_flags & LOC_BEFORE_W != 0 {
        // `in`, `near`: a place; `at`, `from`, `to`: a place more often than not.
        let strong = before_l.is_some_and(|t| !matches!(t, "at" | "from" | "to" | "via"));
        (NameType::Loc, if strong { 2 } else { 1 })
    } else if has_conn
        || len >= 4
        || before_l == Some("the")
        || (len >= 2 && !run.is(a, GIVEN_CORE) && {
            // A name of several words with an ordinary English word in it (`Barstool
            // Sports`, `Red Cross`) is seldom a person's.
            (a..=b).any(|k| words[k].shape == Shape::Cap && run.is(k, COMMON))
        })
    {
        (NameType::Org, 1)
    } else {
        (NameType::Person, 1)
    };
    // Ordinary English words only (`Civil War`, `Eye Tracking`), or a headline: kept only
    // when the document names it elsewhere; a head word or a title makes it a name.
    let all_common = (a..=b).all(|k| words[k].shape == Shape::Lower || run.is(k, COMMON));
    // A single word that starts a sentence (`Yeah`, `Um`) is a name only when the document
    // names it elsewhere, a verb of saying follows, or it is a given name.
    let lone_first = len == 1 && words[a].sent && strength < 2 && !run.is(a, GIVEN);
    let weak = strength < 3
        && (all_common || lone_first || title_line(f, text, words, a, &mut s.title, &mut s.lower));
    // Its last word read here, not again when grouping.
    let company = ty == NameType::Org && a < b && {
        let l = folded(last_w, ascii, buf);
        [
            "inc",
            "corp",
            "co",
            "ltd",
            "llc",
            "plc",
            "ag",
            "nv",
            "sa",
            "corporation",
            "company",
            "group",
        ]
        .iter()
        .any(|t| l.eq_ignore_ascii_case(t))
    };
    s.cands.push(Cand {
        first: a as u32,
        last: b as u32,
        ty,
        strength,
        weak,
        company,
        acronym_of: NONE,
        group: NONE,
    });
}

/// Whether the word `a` is cited as an author is, with the year of the work after it
/// (`Quilis (1999)`, `(Quilis 1999)`, `(Quilis, 1999a)`, `Quilis et al.`), alone or in a
/// list of authors (`(Li, Polat, & Bavelier, 2010)`, `Marsden and Mackey (2014)`).
fn cited(text: &str, words: &[Word], a: usize, b: usize) -> bool {
    if a != b {
        return false;
    }
    let year = |x: &[u8]| {
        x.len() >= 4
            && matches!(x[0], b'1' | b'2')
            && x[1..4].iter().all(u8::is_ascii_digit)
            && !x.get(4).is_some_and(u8::is_ascii_digit)
    };
    // In brackets: an opening bracket before the word on its line, and no closing one
    // (asked only of a word that a year follows).
    let in_brackets = || {
        let head = &text.as_bytes()[..words[a].start as usize];
        head.iter()
            .rev()
            .take(200)
            .find(|&&x| matches!(x, b'(' | b')' | b'\n'))
            == Some(&b'(')
    };
    let mut rest = &text.as_bytes()[words[b].end as usize..];
    for _ in 0..8 {
        if rest.starts_with(b" et al") || rest.strip_prefix(b" (").is_some_and(year) {
            return true;
        }
        if let Some(r) = rest.strip_prefix(b", ").or_else(|| rest.strip_prefix(b" ")) {
            if year(r) {
                return in_brackets();
            }
        }
        // The next author.
        let Some(r) = [&b", & "[..], b", and ", b" & ", b" and ", b", "]
            .iter()
            .find_map(|p| rest.strip_prefix(*p))
        else {
            return false;
        };
        let n = r
            .iter()
            .position(|&x| !(x.is_ascii_alphabetic() || x == b'-' || x >= 0x80))
            .unwrap_or(r.len());
        if n < 2 || !r[0].is_ascii_uppercase() {
            return false;
        }
        rest = &r[n..];
    }
    false
}

/// Whether a word in lower case but for its ASCII capitals ([`folded`]) ends like a place
/// name: `-land`, `-shire`, `-burg`, `-borg`, `-ville`, `-stan` (`Scotland`,
/// `Aberdeenshire`, `Svendborg`).
fn place_suffix(l: &str) -> bool {
    l.len() > 6
        && ["land", "shire", "burg", "borg", "ville", "stan"]
            .iter()
            .any(|s| ends_with_folded(l, s))
}

/// Whether a word has a capital inside it after a small letter (`LibriVox`, `OpenAI`),
/// as product and company names do, unlike the surnames `McDonald` or `DeVos`.
fn camel_case(w: &str) -> bool {
    let b = w.as_bytes();
    // The inner capital first: most words have none, and need no test of their prefix.
    let inner = b
        .windows(2)
        .skip(1)
        .any(|x| x[0].is_ascii_lowercase() && x[1].is_ascii_uppercase());
    inner
        && ![
            "Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "O",
        ]
        .iter()
        .any(|p| w.starts_with(p) && b.get(p.len()).is_some_and(u8::is_ascii_uppercase))
}

/// Groups the candidates of the document and writes `s.names` and `s.groups`.
fn group(f: &NameFinder, text: &str, s: &mut Scratch) {
    let span = |s: &Scratch, c: &Cand| {
        Span::new(
            s.words[c.first as usize].start as usize,
            s.words[c.last as usize].end as usize,
        )
    };
    let new_group = |s: &mut Scratch, c: &Cand| -> u32 {
        let g = s.groups.len() as u32;
        s.groups.push(Group {
            canonical: span(s, c),
            name_type: c.ty,
            mentions: 0,
        });
        g
    };
    // Pass 1: names of several words, and the acronyms defined after them.
    for k in 0..s.cands.len() {
        let c = s.cands[k];
        if c.acronym_of != NONE {
            let g = s.cands[c.acronym_of as usize].group;
            if g != NONE {
                s.cands[k].group = g;
                s.cands[k].weak = false;
                let h = hash_lower(&text[span(s, &c)]);
                s.by_text.entry(h).or_insert(g);
            }
            continue;
        }
        if c.weak || c.first == c.last {
            continue;
        }
        let h = hash_lower(&text[span(s, &c)]);
        let g = match s.by_text.get(&h) {
            Some(&g) => g,
            None => {
                let g = new_group(s, &c);
                s.by_text.insert(h, g);
                g
            }
        };
        s.cands[k].group = g;
        // A company without its `Inc`, `Corp` or `Ltd` (`Chrysler` after `Chrysler Corp`).
        if c.company {
            let head = Span::new(
                s.words[c.first as usize].start as usize,
                s.words[c.last as usize - 1].end as usize,
            );
            let h = hash_lower(&text[head]);
            s.by_text.entry(h).or_insert(g);
        }
        if c.ty == NameType::Person {
            for w in [c.first, c.last] {
                let w = s.words[w as usize];
                if w.shape != Shape::Cap {
                    continue;
                }
                let h = hash_lower(&text[w.start as usize..w.end as usize]);
                let e = s.by_part.entry(h).or_insert(g);
                if *e != g {
                    // The part of two people: no bare mention is either.
                    *e = NONE;
                }
            }
        }
    }
    // Pass 2: single words and weak runs join a name of the document, or stand alone;
    // the sure ones first, so that a weak mention can join a later sure one.
    for round in [false, true] {
        for k in 0..s.cands.len() {
            let c = s.cands[k];
            if c.group != NONE || c.acronym_of != NONE || c.weak != round {
                continue;
            }
            let h = hash_lower(&text[span(s, &c)]);
            let g = if let Some(&g) = s.by_text.get(&h) {
                g
            } else if let Some(&g) = (c.first == c.last).then(|| s.by_part.get(&h)).flatten() {
                if g == NONE {
                    continue;
                }
                g
            } else if c.weak {
                // A word of a headline run that the document names (`Qazi Wins the Vote`);
                // a run of one word was looked up above.
                if c.first == c.last {
                    continue;
                }
                let part = (c.first..=c.last).find_map(|w| {
                    let x = s.words[w as usize];
                    let h = hash_lower(&text[x.start as usize..x.end as usize]);
                    let g = s.by_text.get(&h).or_else(|| s.by_part.get(&h))?;
                    (*g != NONE && x.shape == Shape::Cap).then_some((w, *g))
                });
                let Some((w, g)) = part else { continue };
                s.cands[k].first = w;
                s.cands[k].last = w;
                g
            } else {
                let g = new_group(s, &c);
                s.by_text.insert(h, g);
                g
            };
            s.cands[k].group = g;
        }
    }
    // Group types: the surest mention's, the first of them on a tie; canonical: the
    // longest mention, the first of them on a tie.
    // Per group (a buffer of the scratch): how sure its type is, whether a mention has several
    // words, whether it is left out, and its number in the order of first mentions.
    let mut per_group = std::mem::take(&mut s.per_group);
    per_group.clear();
    per_group.resize(s.groups.len(), (0, false, false, NONE));
    let mut order = std::mem::take(&mut s.order);
    order.clear();
    for c in &s.cands {
        if c.group == NONE {
            continue;
        }
        let g = c.group as usize;
        let sp = span(s, c);
        let grp = &mut s.groups[g];
        grp.mentions += 1;
        if c.strength > per_group[g].0 {
            per_group[g].0 = c.strength;
            grp.name_type = c.ty;
        }
        per_group[g].1 |= c.last > c.first;
        if sp.len() > grp.canonical.len() {
            grp.canonical = sp;
        }
    }
    // A person of one word that nothing in the document shows to be one (no title, no
    // verb of saying, no fuller name, no citation, no given name) is left out: such a
    // word is more often a product, a people or a term (`Polaroids`, `Olmec`, `Ouija`).
    for (g, grp) in s.groups.iter().enumerate() {
        let x = &mut per_group[g];
        x.2 = grp.name_type == NameType::Person
            && (x.0, x.1) == (1, false)
            && !f.given_name(lower(&text[grp.canonical], &mut s.lower));
    }
    // Renumber groups in the order of their first mention.
    for c in &s.cands {
        if c.group == NONE || per_group[c.group as usize].2 {
            continue;
        }
        let g = c.group as usize;
        if per_group[g].3 == NONE {
            per_group[g].3 = order.len() as u32;
            order.push(s.groups[g]);
        }
        let remap = per_group[g].3;
        s.names.push(Name {
            span: span(s, c),
            name_type: order[remap as usize].name_type,
            group: remap,
        });
    }
    // The groups renumbered; the old ones' buffer is kept for the next document.
    std::mem::swap(&mut s.groups, &mut order);
    s.order = order;
    s.per_group = per_group;
}

#[cfg(test)]
mod scan_tests {
    use super::*;

    /// Words for random texts: names, titles, connectors, cues, words of odd shapes.
    const TEST_WORDS: &[&str] = &[
        "Qazi",
        "Farida",
        "Mr.",
        "Ms.",
        "J.",
        "R.",
        "the",
        "The",
        "of",
        "de",
        "and",
        "said",
        "in",
        "near",
        "at",
        "spokesperson",
        "President",
        "Party",
        "University",
        "River",
        "Bank",
        "BBC",
        "(BBC)",
        "NASA",
        "Inc",
        "Corp",
        "2010",
        "(1999)",
        "et",
        "al.",
        "42nd",
        "don't",
        "e-Go",
        "x-ray",
        "McDonald",
        "PhD",
        "I",
        "A",
        "a",
        "minister",
        "talks",
        "cat's",
        "Qazi's",
        "Qazi’s",
        "École",
        "café",
        "When",
        "Monday",
        "War",
        "Lynch",
        "Merrill",
        "iPhone",
        "it",
        "with",
        "from",
        "on",
        "Yeah",
        "&",
        "-",
        "of the",
        "Ph.",
    ];

    /// What stands between the words of a random text.
    const TEST_SEPS: &[&str] = &[
        " ",
        " ",
        " ",
        " ",
        ", ",
        ". ",
        "\n",
        "\n\n",
        " (",
        ") ",
        "; ",
        " - ",
        "'",
        "-",
        "\u{a0}",
        " “",
        "” ",
        ": ",
        "\n    ",
        " the minister said that the talks would go on for a long while after ",
    ];

    /// Random texts of up to `n` words of [`TEST_WORDS`], each followed by one of
    /// [`TEST_SEPS`].
    fn test_text(n: usize) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::{collection::vec, sample::select, strategy::Strategy};
        (vec(select(TEST_WORDS), 0..n), vec(select(TEST_SEPS), n)).prop_map(|(words, seps)| {
            let mut text = String::new();
            for (w, sep) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(sep);
            }
            text
        })
    }

    fn words(text: &str) -> Vec<(&str, Shape, bool, bool)> {
        let f = NameFinder::new();
        let mut s = Scratch::default();
        scan(&f, text, &mut s, true);
        s.words
            .iter()
            .map(|w| {
                (
                    &text[w.start as usize..w.end as usize],
                    w.shape,
                    w.joins,
                    w.sent,
                )
            })
            .collect()
    }

    #[test]
    fn shapes() {
        use Shape::*;
        let text =
            "PhD CoM LLMs Ph. J. O'Brien don't Bailey-Ross e-Go NASA 42nd ÉCOLE école Ǆemal Qazi’s";
        let shapes: Vec<(&str, Shape)> = words(text).iter().map(|w| (w.0, w.1)).collect();
        assert_eq!(
            shapes,
            [
                ("PhD", Other),
                ("CoM", Other),
                ("LLMs", Other),
                ("Ph", Other),
                ("J", Initial),
                ("O'Brien", Cap),
                ("don't", Other),
                ("Bailey-Ross", Cap),
                ("e-Go", Other),
                ("NASA", Caps),
                ("42nd", Other),
                ("ÉCOLE", Caps),
                ("école", Lower),
                ("Ǆemal", Cap),
                ("Qazi", Cap),
                ("s", Lower),
            ]
        );
        assert!(inner_capital("McDonald") && inner_capital("e-Go") && !inner_capital("Qazi"));
    }

    #[test]
    fn hashes_in_lower_case() {
        assert_eq!(hash_lower("Farida\tQAZI"), hash_lower("farida qazi"));
        assert_eq!(
            hash_lower("Awami Workers\nParty"),
            hash_lower("awami workers party")
        );
        assert_ne!(hash_lower("Qazi"), hash_lower("Qazi "));
        assert_ne!(hash_lower("a\u{b}b"), hash_lower("a b"));
        assert_ne!(
            hash_lower("Awami Workers Party"),
            hash_lower("Awami Workers Parti")
        );
        assert_eq!(hash_lower("ÉCOLE Qazi"), hash_lower("école\u{a0}qazi"));
        for x in 0..0x80u8 {
            let want = if x.is_ascii_whitespace() {
                b' '
            } else {
                x.to_ascii_lowercase()
            };
            let v = u64::from_le_bytes([x, b'a', x, b'Q', 0, x, b'\n', x]);
            let w = u64::from_le_bytes([want, b'a', want, b'q', 0, want, b' ', want]);
            assert_eq!(lower_spaced(v), w, "{x}");
        }
    }

    #[test]
    fn byte_classes() {
        for x in 0..=255u8 {
            let word = x.is_ascii() && is_word_char(char::from(x));
            assert_eq!(ascii_word(x), word, "{x}");
            assert_eq!(in_word(x), word || x == b'-' || x == b'\'', "{x}");
            assert_eq!(class(x) & NON_ASCII != 0, !x.is_ascii(), "{x}");
        }
    }

    #[test]
    fn longest_small_word() {
        let longest = crate::words::CONNECTORS
            .split_ascii_whitespace()
            .map(str::len)
            .max();
        assert_eq!(longest, Some(LONGEST_SMALL));
    }

    #[test]
    fn plain_lower_words() {
        let end = |t: &str| lower_word_end(t.as_bytes(), 0);
        assert_eq!(end("the cat"), Some(3));
        assert_eq!(end("internationalisation."), Some(20));
        assert_eq!(end("abcdefgh"), Some(8));
        assert_eq!(end("ab,"), Some(2));
        for t in [
            "don't",
            "e-Go",
            "abcdefghé",
            "abC",
            "ab_c",
            "ab1",
            "cat’s",
            "x-",
            "Cat",
        ] {
            assert_eq!(end(t), None, "{t}");
        }
    }

    #[test]
    fn gaps_after_words() {
        fn gap(t: &str, e: usize) -> Option<(&str, &str)> {
            gap_after(t.as_bytes(), e)
                .0
                .map(|(a, b, r)| (&t[a..b], &t[r..]))
        }
        assert_eq!(
            gap("the cat sat on the mat.", 3),
            Some(("cat sat on the", "mat."))
        );
        assert_eq!(
            gap("the cat, sat on e-Go", 3),
            Some(("cat, sat", "on e-Go"))
        );
        assert_eq!(
            gap("the cat sat\non the mat", 3),
            Some(("cat sat\non the", "mat"))
        );
        assert_eq!(gap("the cat sat Qazi", 3), Some(("cat", "sat Qazi")));
        assert_eq!(gap("the cat Qazi", 3), None);
        assert_eq!(gap("the cat sat on Qazi", 3), Some(("cat sat", "on Qazi")));
        assert_eq!(gap("the. cat sat on", 3), Some(("cat sat", "on")));
        assert_eq!(
            gap("the 42 cats' x-ray's McDonald", 3),
            Some(("42 cats", "x-ray's McDonald"))
        );
        assert_eq!(gap("the cat café", 3), None);
        assert_eq!(gap("the cat sat café", 3), Some(("cat", "sat café")));
        assert_eq!(gap("the - cat", 3), None);
    }

    #[test]
    fn gaps_stand_for_words() {
        // Words next to a word that can start a name stay; the ones between stand for one
        // entry.
        let w =
            words("the minister said that the talks with Qazi would go on for 2 weeks.\nThe end");
        let texts: Vec<&str> = w.iter().map(|x| x.0).collect();
        assert_eq!(
            texts,
            [
                "the",
                "minister said that the talks",
                "with",
                "Qazi",
                "would",
                "go on for 2",
                "weeks",
                "The",
                "end",
            ]
        );
        assert_eq!(w[1].1, Shape::Gap);
    }

    proptest::proptest! {
        /// The fast path for words that start with a digit agrees with the full reading.
        #[test]
        fn digit_words_read_alike(t in "[0-9][a-zA-Z0-9_' .,é’-]{0,20}") {
            let f = NameFinder::new();
            if let Some(end) = digit_word_end(t.as_bytes(), 0) {
                let c = char::from(t.as_bytes()[0]);
                proptest::prop_assert_eq!(read_word(&f, &t, 0, c, &mut String::new()), (end, Shape::Other));
            }
        }

        /// The fast path for words of ASCII letters that start with a capital agrees with
        /// the full reading.
        #[test]
        fn cap_words_read_alike(t in "[A-Z][a-zA-Z]{0,10}[a-zA-Z0-9_' .,é’-]{0,12}") {
            let f = NameFinder::new();
            if let Some(word) = cap_word(t.as_bytes(), 0) {
                let c = char::from(t.as_bytes()[0]);
                proptest::prop_assert_eq!(read_word(&f, &t, 0, c, &mut String::new()), word);
            }
        }

        /// After a word with a gap (from where the scanner goes on) or with none (from the
        /// word's end) up to the gap's stop, no word has a gap: the scanner does not ask.
        #[test]
        fn no_gap_before_the_same_stop(t in "[a-zA-Z0-9 .,'\n(é-]{0,40}", e in 0usize..40) {
            let b = t.as_bytes();
            let e = e.min(b.len());
            let (gap, stop) = gap_after(b, e);
            let from = gap.map_or(e, |(_, _, resume)| resume);
            for e2 in from..=stop {
                proptest::prop_assert_eq!(gap_after(b, e2), (None, stop), "{:?} {} {}", t, e, e2);
            }
        }

        /// A line's words read from the scan's words (and gaps) are the words read anew.
        #[test]
        fn title_lines_read_alike(
            text in test_text(30),
        ) {
            let f = NameFinder::new();
            let mut s = Scratch::default();
            scan(&f, &text, &mut s, true);
            let mut cache = None;
            for (k, w) in s.words.clone().into_iter().enumerate() {
                let at = w.start as usize;
                let line = text[..at].rfind('\n').map_or(0, |k| k + 1);
                let end = text[at..].find('\n').map_or(text.len(), |k| at + k);
                let want = line_words(&f, &text, line, end, &mut String::new())
                    .is_some_and(|n| n >= 3);
                let got = title_line(&f, &text, &s.words, k, &mut cache, &mut String::new());
                proptest::prop_assert_eq!(got, want, "{:?} at {}", text, at);
            }
        }

        /// The names found with gaps are the names found reading every word.
        #[test]
        fn gaps_change_nothing(
            text in test_text(40),
        ) {
            let f = NameFinder::new();
            let read = |gaps: bool| {
                let mut s = Scratch::default();
                find_in(&f, &text, &mut s, gaps);
                (s.names.clone(), s.groups.clone())
            };
            proptest::prop_assert_eq!(read(true), read(false), "{:?}", text);
        }

        /// The fast path for plain lower-case words agrees with the full reading.
        #[test]
        fn plain_lower_words_read_alike(t in "[a-z][a-zA-Z0-9_' .,é’-]{0,20}") {
            let f = NameFinder::new();
            if let Some(end) = lower_word_end(t.as_bytes(), 0) {
                let c = char::from(t.as_bytes()[0]);
                proptest::prop_assert_eq!(read_word(&f, &t, 0, c, &mut String::new()), (end, Shape::Lower));
            }
        }
    }

    #[test]
    fn separators() {
        // A title's period joins; a sentence's period and a line break after a short line
        // do not; a line break after a long line (hard-wrapped text) does.
        let long = "The minister said the talks would go on for another week at least in";
        let text = format!("Mr. Qazi left. Then Ahmed\nNext. {long}\nKarachi today.");
        let w = words(&text);
        let find = |t: &str| *w.iter().find(|x| x.0 == t).unwrap();
        assert!(find("Qazi").2);
        assert_eq!((find("Then").2, find("Then").3), (false, true));
        assert_eq!((find("Next").2, find("Next").3), (false, true));
        assert_eq!((find("Karachi").2, find("Karachi").3), (true, false));
    }
}

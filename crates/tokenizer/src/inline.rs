//! Sentence ends inside a line that carry no final punctuation: a caption number
//! (`Figure 2.4 Troops patrol ...`), a dateline run into a headline (`... jirga resumes
//! Monday, March 6, 2023 The ...`), a caption credit (`... at the crossing Image: Khalid
//! Khan.`), a footnote number after a sentence (`in May. 7 But the truce`), an utterance
//! broken off by a dash (`we were going to the — Do you want tea?`), and a letter's
//! closing before the signature (`Best regards, Amina Khan`).
//!
//! Every check looks ahead on a copy of the scanner and is reached only from a cheap
//! first-byte or kind test, so the common token pays nothing.

use crate::abbrev;
use crate::scan::{Raw, Scanner};
use crate::TokenKind;

#[inline]
fn text_of<'t>(text: &'t str, t: &Raw) -> &'t str {
    &text[t.start..t.end]
}

/// Whether `t` starts with an uppercase letter.
#[inline]
pub(crate) fn starts_upper(text: &str, t: &Raw) -> bool {
    let b = text.as_bytes()[t.start];
    if b.is_ascii() {
        b.is_ascii_uppercase()
    } else {
        text[t.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// Whether `t` is a word starting with a lowercase ASCII letter that has a capital inside
/// before any hyphen (`iPhone`, `eBay`, `YouTube`, not `anti-American`): a name, which
/// starts a sentence like a capitalised word.
#[inline]
pub(crate) fn is_camel_name(text: &str, t: &Raw) -> bool {
    t.kind == TokenKind::Word
        && text.as_bytes()[t.start..t.end]
            .iter()
            .skip(1)
            .take_while(|b| b.is_ascii_alphanumeric())
            .any(u8::is_ascii_uppercase)
}

/// `label` is the first token of a line. When it labels a caption with a number and a
/// capitalised word or a bracket follows on the same line (`Figure 2.4 Troops patrol ...`,
/// `Figure 1.2 (credit: ...)`), returns the end of the number, where the caption's label
/// sentence ends.
#[inline(never)]
pub(crate) fn caption_end(mut sc: Scanner<'_>, text: &str, label: &Raw) -> Option<usize> {
    let word = match label.kind {
        TokenKind::Word => text_of(text, label),
        TokenKind::Abbreviation => &text[label.start..label.end - 1],
        _ => return None,
    };
    if !abbrev::is_caption_label(word) {
        return None;
    }
    let n = sc.next_raw()?;
    if n.kind != TokenKind::Number || n.newlines != 0 || n.start == label.end {
        return None;
    }
    let w = sc.next_raw()?;
    let title = match w.kind {
        TokenKind::Word | TokenKind::Abbreviation => starts_upper(text, &w),
        TokenKind::Punct => text.as_bytes()[w.start] == b'(',
        _ => false,
    };
    (w.newlines == 0 && w.start > n.end && title).then_some(n.end)
}

/// After a sentence end: whether `t` is a bare footnote number (one or two digits) followed
/// on the same line by a typical sentence starter (`in May. 7 But the truce ...`), so that it
/// closes the sentence before it.
#[inline(never)]
pub(crate) fn is_footnote(mut sc: Scanner<'_>, text: &str, t: &Raw) -> bool {
    if t.kind != TokenKind::Number
        || t.newlines != 0
        || t.end - t.start > 2
        || !text.as_bytes()[t.start..t.end]
            .iter()
            .all(u8::is_ascii_digit)
    {
        return false;
    }
    match sc.next_raw() {
        Some(v) => {
            v.newlines == 0
                && v.start > t.end
                && v.kind == TokenKind::Word
                && abbrev::is_starter(text_of(text, &v))
        }
        None => false,
    }
}

/// Whether `t` is a spaced dash (`—`, `–`, `--`, `-`) after which a broken-off utterance
/// gives way to a new sentence: a cut-off word (`— Th- that's`) or a typical sentence
/// starter follows on the same line (`I` left out, as it mostly restarts the same
/// sentence) that does not repeat the first word of the sentence (`You can't — You can't
/// go`). The caller checks that the sentence so far has a lowercase word, which rules out
/// datelines (`PESHAWAR, Pakistan — The ...`) and headings.
#[inline(never)]
pub(crate) fn dash_ends(
    mut sc: Scanner<'_>,
    text: &str,
    t: &Raw,
    prev: &Raw,
    first_word: &str,
) -> bool {
    if t.newlines != 0
        || t.start == prev.end
        || !matches!(prev.kind, TokenKind::Word | TokenKind::Clitic)
        || !matches!(text_of(text, t), "\u{2014}" | "\u{2013}" | "--" | "-")
    {
        return false;
    }
    match sc.next_raw() {
        Some(v) => {
            let w = text_of(text, &v);
            v.newlines == 0
                && v.start > t.end
                && v.kind == TokenKind::Word
                && ((w != "I" && w != first_word && abbrev::is_starter(w)) || is_cut_off(text, &v))
        }
        None => false,
    }
}

/// Whether `t` is a capitalised word cut off by a hyphen (`Th-`, `A-`), which restarts an
/// utterance.
#[inline]
fn is_cut_off(text: &str, t: &Raw) -> bool {
    let b = text.as_bytes();
    (2..=4).contains(&(t.end - t.start)) && b[t.end - 1] == b'-' && b[t.start].is_ascii_uppercase()
}

/// A cheap test before [`dateline`]: whether `t` has the length and last letter of a
/// weekday name.
#[inline(always)]
pub(crate) fn may_be_weekday(text: &str, t: &Raw) -> bool {
    (6..=9).contains(&(t.end - t.start)) && text.as_bytes()[t.end - 1] == b'y'
}

/// When `t` starts a dateline `Monday, March 6, 2023` (weekday, month, day, year, with
/// commas), returns the end of the year and what follows it.
#[inline(never)]
pub(crate) fn dateline(mut sc: Scanner<'_>, text: &str, t: &Raw) -> Option<(usize, Follow)> {
    if !abbrev::is_weekday(text_of(text, t)) {
        return None;
    }
    let comma = |r: &Raw, prev_end: usize| {
        r.start == prev_end && r.newlines == 0 && text_of(text, r) == ","
    };
    let c1 = sc.next_raw()?;
    if !comma(&c1, t.end) {
        return None;
    }
    let month = sc.next_raw()?;
    let name = match month.kind {
        TokenKind::Word => text_of(text, &month),
        TokenKind::Abbreviation => &text[month.start..month.end - 1],
        _ => return None,
    };
    if month.newlines != 0 || !abbrev::is_month(name) {
        return None;
    }
    let day = sc.next_raw()?;
    if day.kind != TokenKind::Number || day.newlines != 0 || day.end - day.start > 4 {
        return None;
    }
    let c2 = sc.next_raw()?;
    if !comma(&c2, day.end) {
        return None;
    }
    let year = sc.next_raw()?;
    if year.kind != TokenKind::Number
        || year.newlines != 0
        || year.end - year.start != 4
        || !text.as_bytes()[year.start..year.end]
            .iter()
            .all(u8::is_ascii_digit)
    {
        return None;
    }
    let after = match sc.next_raw() {
        None => Follow::LineEnd,
        Some(w) if w.newlines > 0 => Follow::LineEnd,
        Some(w) if w.kind == TokenKind::Word && starts_upper(text, &w) => Follow::Capital,
        Some(_) => Follow::Other,
    };
    Some((year.end, after))
}

/// What follows a dateline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Follow {
    /// A line break or the end of the text.
    LineEnd,
    /// A capitalised word on the same line (after a time stamp: any word): the dateline
    /// ends a sentence.
    Capital,
    /// Anything else (`, without a deal`): the date is part of a running sentence.
    Other,
}

/// Whether a dateline can start a sentence after `prev` on the same line: after a word that
/// cannot introduce a date (`... jirga resumes in Bannu Monday, March 6, 2023`, but not
/// `on Monday, March 6`), or after a closing quote.
pub(crate) fn dateline_starts(text: &str, prev: &Raw) -> bool {
    match prev.kind {
        TokenKind::Word => {
            let w = text_of(text, prev);
            !abbrev::is_function_word(w)
                && !abbrev::is_date_preposition(w)
                && !abbrev::is_speech_verb(w)
        }
        TokenKind::Email | TokenKind::Handle => true,
        TokenKind::Punct => {
            matches!(w_first(text, prev), b'"' | b'\'' | b')' | b'>')
                || matches!(text_of(text, prev), "\u{201D}" | "\u{2019}")
        }
        _ => false,
    }
}

/// A cheap test before [`timestamp`]: whether `t` is a number of 6 to 10 bytes with a
/// slash in its second or third byte (`8/9/01`, `08/16/2000`).
#[inline(always)]
pub(crate) fn may_be_numeric_date(text: &str, t: &Raw) -> bool {
    let b = text.as_bytes();
    t.kind == TokenKind::Number
        && (6..=10).contains(&(t.end - t.start))
        && (b[t.start + 1] == b'/' || b[t.start + 2] == b'/')
}

/// When `t` starts an email-style time stamp `08/16/2000 03:14 PM` (a numeric date, a
/// time, `AM` or `PM`), returns the end of `AM`/`PM` and what follows it: a time stamp
/// between a sender's name and the message ends a sentence before any word.
#[inline(never)]
pub(crate) fn timestamp(mut sc: Scanner<'_>, text: &str, t: &Raw) -> Option<(usize, Follow)> {
    let b = &text.as_bytes()[t.start..t.end];
    if t.kind != TokenKind::Number
        || b.len() > 10
        || b.iter().filter(|&&c| c == b'/').count() != 2
        || !b.iter().all(|c| c.is_ascii_digit() || *c == b'/')
    {
        return None;
    }
    let time = sc.next_raw()?;
    let tb = &text.as_bytes()[time.start..time.end];
    if time.kind != TokenKind::Number
        || time.newlines != 0
        || !tb.contains(&b':')
        || !tb.iter().all(|c| c.is_ascii_digit() || *c == b':')
    {
        return None;
    }
    let ampm = sc.next_raw()?;
    if ampm.newlines != 0
        || !matches!(
            text_of(text, &ampm),
            "AM" | "PM" | "am" | "pm" | "a.m." | "p.m." | "A.M." | "P.M."
        )
    {
        return None;
    }
    let after = match sc.next_raw() {
        None => Follow::LineEnd,
        Some(w) if w.newlines > 0 => Follow::LineEnd,
        Some(w) if matches!(w_first(text, &w), b',' | b';' | b':' | b'.' | b')') => Follow::Other,
        Some(_) => Follow::Capital,
    };
    Some((ampm.end, after))
}

#[inline]
fn w_first(text: &str, t: &Raw) -> u8 {
    text.as_bytes()[t.start]
}

/// Whether `t` is a caption credit label glued to a colon (`Image:`, `Photo:`) after a
/// word, number or closing bracket on the same line, starting a sentence.
#[inline]
pub(crate) fn field_starts(text: &str, t: &Raw, prev: &Raw) -> bool {
    t.kind == TokenKind::Word
        && t.newlines == 0
        && text.as_bytes().get(t.end) == Some(&b':')
        && abbrev::is_field_label(text_of(text, t))
        && match prev.kind {
            TokenKind::Word
            | TokenKind::Number
            | TokenKind::Abbreviation
            | TokenKind::Url
            | TokenKind::Email => true,
            TokenKind::Punct => matches!(w_first(text, prev), b')' | b'"'),
            _ => false,
        }
}

/// Whether the comma `t` closes a letter's valediction (`Regards,`, `Best regards,`,
/// `Thank you,`) that makes up its sentence so far (`words` tokens from byte `opening`)
/// and is followed by a signature of one to three capitalised words ending the line.
#[inline(never)]
pub(crate) fn valediction_ends(
    mut sc: Scanner<'_>,
    text: &str,
    t: &Raw,
    prev: &Raw,
    opening: usize,
    words: usize,
) -> bool {
    if !(1..=2).contains(&words) || t.start != prev.end || text_of(text, t) != "," {
        return false;
    }
    if !abbrev::is_valediction(&text[opening..prev.end]) {
        return false;
    }
    for n in 0..4 {
        match sc.next_raw() {
            None => return n > 0,
            Some(w) if w.newlines > 0 => return n > 0,
            Some(w) => {
                if n == 3
                    || !matches!(w.kind, TokenKind::Word | TokenKind::Abbreviation)
                    || !starts_upper(text, &w)
                {
                    return false;
                }
            }
        }
    }
    false
}

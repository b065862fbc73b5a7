//! The byte-level scanner: one token at a time, ASCII fast path, char decoding only for
//! non-ASCII bytes.

use khabar_core::chars::{is_combining_mark, is_word_char};

use crate::abbrev;
use crate::TokenKind;

/// Byte classes of the 256-entry table.
const SP: u8 = 0; // space, tab, vertical tab, form feed
const NL: u8 = 1; // '\n'
const CR: u8 = 2; // '\r'
const LO: u8 = 3; // a-z
const UP: u8 = 4; // A-Z
const DI: u8 = 5; // 0-9
const US: u8 = 6; // '_' (a word character)
const PU: u8 = 7; // other ASCII punctuation and symbols
const CT: u8 = 8; // other ASCII control characters
const HI: u8 = 9; // a byte of a multi-byte UTF-8 sequence

static CLASS: [u8; 256] = build_table();

const fn build_table() -> [u8; 256] {
    let mut t = [HI; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = match b {
            b' ' | b'\t' | 0x0B | 0x0C => SP,
            b'\n' => NL,
            b'\r' => CR,
            b'a'..=b'z' => LO,
            b'A'..=b'Z' => UP,
            b'0'..=b'9' => DI,
            b'_' => US,
            0x21..=0x7E => PU,
            _ => CT,
        };
        i += 1;
    }
    t
}

#[inline(always)]
fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

#[inline(always)]
fn is_ascii_word(c: u8) -> bool {
    matches!(c, LO | UP | DI | US)
}

/// The end of the run of bytes from `i` (at most `b.len()`) that `is_in` accepts; sixteen
/// bytes at a time when there are, which the compiler unrolls.
#[inline(always)]
fn run(b: &[u8], mut i: usize, is_in: impl Fn(u8) -> bool) -> usize {
    while i + 16 <= b.len() {
        if let Some(k) = b[i..i + 16].iter().position(|&c| !is_in(c)) {
            return i + k;
        }
        i += 16;
    }
    while i < b.len() && is_in(b[i]) {
        i += 1;
    }
    i
}

/// Whether `c` separates tokens without being one.
#[inline]
pub(crate) fn is_space_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{00AD}')
}

/// A token found by the scanner, with the newlines of the whitespace before it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Raw {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Line breaks in the whitespace between the previous token and this one (saturating).
    pub newlines: u8,
}

/// The scanner. Cheap to copy, so the sentence splitter can look ahead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scanner<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Scanner<'t> {
    pub(crate) fn new(text: &'t str) -> Scanner<'t> {
        Scanner { text, pos: 0 }
    }

    /// A scanner from byte `pos` of `text` (a char boundary).
    #[cfg(test)]
    pub(crate) fn at(text: &'t str, pos: usize) -> Scanner<'t> {
        Scanner { text, pos }
    }

    /// Where the scanner is.
    #[cfg(test)]
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    #[inline]
    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    #[inline]
    fn byte(&self, i: usize) -> u8 {
        *self.bytes().get(i).unwrap_or(&b' ')
    }

    /// The char starting at byte `i` (which must be a char boundary), `None` at the end.
    #[inline]
    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// The char ending at byte `i`, `None` at the start.
    #[inline]
    fn char_before(&self, i: usize) -> Option<char> {
        self.text.get(..i).and_then(|s| s.chars().next_back())
    }

    /// Whether a word character starts at byte `i`.
    #[inline]
    fn word_at(&self, i: usize) -> bool {
        let b = self.byte(i);
        match class(b) {
            HI => self.char_at(i).is_some_and(is_word_char),
            c => i < self.text.len() && is_ascii_word(c),
        }
    }

    /// The end of the run of word characters starting at `i`.
    #[inline(always)]
    fn word_run(&self, mut i: usize) -> usize {
        let bytes = self.bytes();
        loop {
            i = run(bytes, i, |c| is_ascii_word(class(c)));
            if i < bytes.len() && bytes[i] >= 0x80 {
                // U+2010..U+203F (dashes, quotes, ellipsis) are never word chars.
                if bytes[i] == 0xE2 && self.byte(i + 1) == 0x80 && self.byte(i + 2) >= 0x90 {
                    return i;
                }
                match self.char_at(i) {
                    Some(c) if is_word_char(c) => i += c.len_utf8(),
                    _ => return i,
                }
            } else {
                return i;
            }
        }
    }

    /// The length of the apostrophe at `i`, or 0.
    #[inline]
    fn apostrophe_len(&self, i: usize) -> usize {
        match self.byte(i) {
            b'\'' => 1,
            0xE2 if self.byte(i + 1) == 0x80 && matches!(self.byte(i + 2), 0x98 | 0x99) => 3,
            0xCA if self.byte(i + 1) == 0xBC => 2,
            _ => 0,
        }
    }

    /// The length of an intra-word hyphen at `i` (`-`, U+2010, U+2011), or 0.
    #[inline]
    fn hyphen_len(&self, i: usize) -> usize {
        match self.byte(i) {
            b'-' => 1,
            0xE2 if self.byte(i + 1) == 0x80 && matches!(self.byte(i + 2), 0x90 | 0x91) => 3,
            _ => 0,
        }
    }

    /// If a clitic (`s m d re ve ll`, any case) follows the apostrophe ending at `i`,
    /// the end of the clitic.
    #[inline]
    fn clitic_after(&self, i: usize) -> Option<usize> {
        let end = self.word_run(i);
        let w = &self.bytes()[i..end];
        let ok = match w.len() {
            1 => matches!(w[0] | 0x20, b's' | b'm' | b'd'),
            2 => {
                let (a, b) = (w[0] | 0x20, w[1] | 0x20);
                matches!((a, b), (b'r', b'e') | (b'v', b'e') | (b'l', b'l'))
            }
            _ => false,
        };
        ok.then_some(end)
    }

    /// Skips whitespace; returns the number of line breaks skipped.
    #[inline(always)]
    fn skip_space(&mut self) -> u8 {
        let bytes = self.bytes();
        let mut nl: u8 = 0;
        let mut i = self.pos;
        // Fast path: one space before an ASCII letter or digit.
        if let [b' ', c, ..] = bytes[i.min(bytes.len())..] {
            if is_ascii_word(class(c)) {
                self.pos = i + 1;
                return 0;
            }
        }
        while i < bytes.len() {
            match class(bytes[i]) {
                SP => i += 1,
                NL => {
                    nl = nl.saturating_add(1);
                    i += 1;
                }
                CR => {
                    if self.byte(i + 1) != b'\n' {
                        nl = nl.saturating_add(1);
                    }
                    i += 1;
                }
                HI => match self.char_at(i) {
                    Some(c) if is_space_char(c) => {
                        match c {
                            '\u{2029}' => nl = nl.saturating_add(2),
                            '\u{2028}' | '\u{85}' => nl = nl.saturating_add(1),
                            _ => {}
                        }
                        i += c.len_utf8();
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        self.pos = i;
        nl
    }

    /// The next token when it is a plain word or number: after one space or one line break,
    /// an ASCII lower-case letter and more ASCII letters; or, after one space only, an ASCII
    /// capital and more ASCII letters (not six to nine of them ending in `y`, which may be a
    /// weekday opening a dateline), or digits with dots between them (`12`, `6.7`); up to a
    /// blank, a line break, a comma (not after a number) or the end of the text. That is the
    /// token [`Scanner::next_raw`] returns there (a [`TokenKind::Word`] or
    /// [`TokenKind::Number`]), found without its general checks; `None` (and nothing read)
    /// for any other token. Capitalised words and numbers on the same line never start a
    /// sentence unless they are a weekday, a numeric date or a field label before a colon,
    /// so the splitter only pushes them; see [`Tokenizer::segment`](crate::Tokenizer::segment).
    #[inline(always)]
    pub(crate) fn plain_word(&mut self) -> Option<Raw> {
        let b = self.bytes();
        let start = self.pos + 1;
        let newlines = match b.get(self.pos) {
            Some(b' ') => 0,
            Some(b'\n') => 1,
            _ => return None,
        };
        let first = *b.get(start)?;
        let letters = |i: usize| run(b, i, |c| c.is_ascii_alphabetic());
        let digits = |mut i: usize| {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            i
        };
        let (end, kind) = if first.is_ascii_lowercase() {
            (
                run(b, start + 1, |c| c.is_ascii_lowercase()),
                TokenKind::Word,
            )
        } else if newlines != 0 {
            return None;
        } else if first.is_ascii_uppercase() {
            let end = letters(start + 1);
            if (6..=9).contains(&(end - start)) && b[end - 1] == b'y' {
                return None;
            }
            (end, TokenKind::Word)
        } else if first.is_ascii_digit() {
            let mut end = digits(start + 1);
            while b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end = digits(end + 2);
            }
            if b.get(end) == Some(&b',') {
                return None;
            }
            (end, TokenKind::Number)
        } else {
            return None;
        };
        if end < b.len() && class(b[end]) > CR && b[end] != b',' {
            return None;
        }
        self.pos = end;
        Some(Raw {
            start,
            end,
            kind,
            newlines,
        })
    }

    /// The next token when it is a comma glued to the last one and not followed by another:
    /// the token [`Scanner::next_raw`] returns there; `None` (and nothing read) otherwise.
    #[inline(always)]
    pub(crate) fn lone_comma(&mut self) -> Option<Raw> {
        let b = self.bytes();
        let start = self.pos;
        if b.get(start) != Some(&b',') || b.get(start + 1) == Some(&b',') {
            return None;
        }
        self.pos = start + 1;
        Some(Raw {
            start,
            end: start + 1,
            kind: TokenKind::Punct,
            newlines: 0,
        })
    }

    /// The next token.
    #[inline(always)]
    pub(crate) fn next_raw(&mut self) -> Option<Raw> {
        let first = self.pos == 0;
        let newlines = self.skip_space();
        let start = self.pos;
        let line_start = newlines > 0 || first;
        if start >= self.text.len() {
            return None;
        }
        let b = self.bytes()[start];
        let (end, kind) = match class(b) {
            LO | UP | DI | US => self.scan_word(start, line_start),
            PU => self.scan_punct(start),
            CT => (start + 1, TokenKind::Symbol),
            _ => {
                let c = self.char_at(start).unwrap_or(' ');
                // U+2010..U+203F (dashes, quotes, ellipsis) are never word chars.
                let fast_punct = matches!(c, '\u{2010}'..='\u{203F}');
                if !fast_punct && is_word_char(c) {
                    self.scan_word(start, line_start)
                } else {
                    self.scan_other(start, c)
                }
            }
        };
        debug_assert!(end > start);
        self.pos = end;
        Some(Raw {
            start,
            end,
            kind,
            newlines,
        })
    }

    /// A token starting with a word character.
    #[inline(always)]
    fn scan_word(&self, start: usize, line_start: bool) -> (usize, TokenKind) {
        let head = (self.byte(start) | 0x20, self.byte(start + 1) | 0x20);
        if matches!(head, (b'h' | b'f', b't') | (b'w', b'w')) {
            if let Some(end) = self.url_at(start) {
                return (end, TokenKind::Url);
            }
        }
        let digit_first = class(self.byte(start)) == DI;
        let kind = if digit_first {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        // `seg` is the start of the current dot-separated segment.
        let mut seg = start;
        let mut internal_dot = false;
        let mut pos = self.word_run(start);
        loop {
            let b = self.byte(pos);
            // Fast exit: most words end at a space or line break.
            if pos >= self.text.len() || class(b) <= CR {
                break;
            }
            // Apostrophes: clitics split off, other apostrophes stay inside the word.
            let alen = self.apostrophe_len(pos);
            if alen > 0 {
                let after = pos + alen;
                if !self.word_at(after) {
                    break;
                }
                let run = self.word_run(after);
                let is_t = run == after + 1 && (self.byte(after) | 0x20) == b't';
                if is_t && (self.byte(pos - 1) | 0x20) == b'n' {
                    if pos - 1 > start {
                        // "don't" -> "do" + "n't"
                        return (pos - 1, kind);
                    }
                    return (run, TokenKind::Clitic);
                }
                if self.clitic_after(after).is_some() {
                    break;
                }
                pos = run;
                continue;
            }
            let hlen = self.hyphen_len(pos);
            if hlen > 0 {
                if self.word_at(pos + hlen) {
                    seg = pos + hlen;
                    pos = self.word_run(seg);
                    continue;
                }
                // A hanging hyphen stays with its word ("pre- and post-war", a cut-off
                // "re- —"), unless it starts a dash ("word--").
                let after = pos + hlen;
                if self.hyphen_len(after) == 0 {
                    return (after, kind);
                }
                break;
            }
            match b {
                b'.' | b'+' if self.word_at(pos + 1) => {
                    if let Some(end) = self.email_from(start) {
                        return (end, TokenKind::Email);
                    }
                    if b == b'+' {
                        break;
                    }
                    let n = self.byte(pos + 1);
                    let seg_digits = self.all_digits(seg, pos);
                    if class(n) == DI && pos + 1 < self.text.len() && self.last_is_digit(pos) {
                        pos = self.word_run(pos + 1);
                        continue;
                    }
                    if matches!(class(n), LO | UP) && pos + 1 < self.text.len() && !seg_digits {
                        let next_end = self.word_run(pos + 1);
                        let cur_len = pos - seg;
                        let next_len = next_end - (pos + 1);
                        if (cur_len <= 2 && next_len <= 2) || class(n) == LO {
                            internal_dot = true;
                            seg = pos + 1;
                            pos = next_end;
                            continue;
                        }
                        break;
                    }
                    if self.absorbs_period(start, seg, pos, internal_dot) {
                        return (pos + 1, TokenKind::Abbreviation);
                    }
                    break;
                }
                b'.' => {
                    // A final period: part of the token for abbreviations.
                    if self.absorbs_period(start, seg, pos, internal_dot) {
                        let h = self.hyphen_len(pos + 1);
                        if h > 0 && self.word_at(pos + 1 + h) {
                            // "U.S.-led", "U.N.-brokered"
                            seg = pos + 1 + h;
                            pos = self.word_run(seg);
                            internal_dot = false;
                            continue;
                        }
                        return (pos + 1, TokenKind::Abbreviation);
                    }
                    // A list or section number at the start of a line: "2.", "2.1.".
                    if line_start
                        && digit_first
                        && pos - start <= 6
                        && self.bytes()[start..pos]
                            .iter()
                            .all(|b| b.is_ascii_digit() || *b == b'.')
                        && matches!(class(self.byte(pos + 1)), SP | NL | CR)
                    {
                        return (pos + 1, TokenKind::Number);
                    }
                    break;
                }
                b',' => {
                    if self.all_digits(seg, pos)
                        && pos - seg <= 3
                        && self.is_digit(pos + 1)
                        && self.is_digit(pos + 2)
                        && self.is_digit(pos + 3)
                        && !self.is_digit(pos + 4)
                    {
                        // "1,000", "2,500,000", "50,000th"
                        seg = pos + 1;
                        pos = self.word_run(pos + 1);
                        continue;
                    }
                    break;
                }
                b'&' => {
                    // "AT&T", "S&P", "Q&A", "PG&E"
                    let run = self.word_run(pos + 1);
                    let caps = |a: usize, b: usize| {
                        b > a && b - a <= 3 && self.bytes()[a..b].iter().all(u8::is_ascii_uppercase)
                    };
                    if caps(seg, pos) && caps(pos + 1, run) {
                        pos = run;
                        continue;
                    }
                    break;
                }
                b':' | b'/' => {
                    if self.last_is_digit(pos) && self.is_digit(pos + 1) && digit_first {
                        seg = pos + 1;
                        pos = self.word_run(seg);
                        continue;
                    }
                    break;
                }
                b'@' => {
                    if let Some(end) = self.domain(pos + 1) {
                        return (end, TokenKind::Email);
                    }
                    break;
                }
                _ => break,
            }
        }
        (pos, kind)
    }

    #[inline]
    fn is_digit(&self, i: usize) -> bool {
        i < self.text.len() && class(self.byte(i)) == DI
    }

    #[inline]
    fn last_is_digit(&self, pos: usize) -> bool {
        pos > 0 && class(self.byte(pos - 1)) == DI
    }

    fn all_digits(&self, from: usize, to: usize) -> bool {
        to > from && self.bytes()[from..to].iter().all(|b| b.is_ascii_digit())
    }

    /// Whether the period at `dot` ends the abbreviation `text[start..dot]`.
    fn absorbs_period(&self, start: usize, seg: usize, dot: usize, internal_dot: bool) -> bool {
        let word = &self.text[start..dot];
        if internal_dot {
            // "U.S.", "e.g.", "Ph.D.", "a.m." but not "example.com."
            let last = &self.bytes()[seg..dot];
            return last.len() <= 2 && last.iter().all(|b| b.is_ascii_alphabetic());
        }
        if word.len() == 1 {
            // An initial ("John F. Kennedy"), unless the letter ends a sentence ("from A to
            // B. I knew", "minus x.").
            return matches!(class(word.as_bytes()[0]), UP | LO) && self.initial_follows(dot + 1);
        }
        match abbrev::lookup(word) {
            Some(abbrev::Class::BeforeNumber) => self.digit_follows(dot + 1),
            Some(_) => true,
            None => false,
        }
    }

    /// Whether what follows a one-letter abbreviation at `i` continues its sentence: on the
    /// same line, not a closing quote or bracket, not a typical sentence starter.
    fn initial_follows(&self, mut i: usize) -> bool {
        while self.byte(i) == b' ' && i < self.text.len() {
            i += 1;
        }
        if i >= self.text.len() {
            return false;
        }
        match class(self.byte(i)) {
            NL | CR => false,
            UP => !abbrev::is_starter(&self.text[i..self.word_run(i)]),
            PU => !matches!(self.byte(i), b'"' | b'\'' | b')' | b']'),
            HI => !matches!(self.char_at(i), Some('\u{201D}' | '\u{2019}')),
            _ => true,
        }
    }

    /// Whether a digit follows after optional spaces at `i`.
    fn digit_follows(&self, mut i: usize) -> bool {
        while self.byte(i) == b' ' && i < self.text.len() {
            i += 1;
        }
        self.is_digit(i)
    }

    /// An email address whose local part starts at `start` and may hold `.`, `+`, `-`,
    /// `_` or `%`: its end.
    fn email_from(&self, start: usize) -> Option<usize> {
        let bytes = self.bytes();
        let mut i = start;
        while i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric()
                || matches!(bytes[i], b'.' | b'+' | b'-' | b'_' | b'%'))
        {
            i += 1;
        }
        if self.byte(i) != b'@' || i >= bytes.len() || bytes[i - 1] == b'.' {
            return None;
        }
        let end = self.domain(i + 1)?;
        bytes[i + 1..end].contains(&b'.').then_some(end)
    }

    /// An email or user@host domain starting at `i` (after the `@`): its end.
    fn domain(&self, i: usize) -> Option<usize> {
        if !self.word_at(i) {
            return None;
        }
        let mut end = self.word_run(i);
        loop {
            let b = self.byte(end);
            if (b == b'.' || b == b'-') && end < self.text.len() && self.word_at(end + 1) {
                end = self.word_run(end + 1);
            } else {
                return Some(end);
            }
        }
    }

    /// A URL starting at `i` (`http://`, `https://`, `ftp://`, `www.`): its end.
    fn url_at(&self, i: usize) -> Option<usize> {
        let rest = &self.bytes()[i..];
        let head = rest.get(..4)?;
        let head = [head[0] | 0x20, head[1] | 0x20, head[2] | 0x20, head[3]];
        let scheme = match &head {
            [b'h', b't', b't', b'p' | b'P'] => {
                let colon = if rest.get(4).is_some_and(|b| b | 0x20 == b's') {
                    5
                } else {
                    4
                };
                rest.get(colon..colon + 3) == Some(b"://")
            }
            [b'f', b't', b'p', b':'] => rest.get(3..6) == Some(b"://"),
            _ => false,
        };
        let www = head == *b"www." && rest.get(4).is_some_and(|b| b.is_ascii_alphanumeric());
        if !scheme && !www {
            return None;
        }
        let mut end = i;
        let bytes = self.bytes();
        while end < bytes.len() {
            let b = bytes[end];
            if b <= b' '
                || matches!(
                    b,
                    b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
                )
            {
                break;
            }
            if b >= 0x80 {
                match self.char_at(end) {
                    Some(c) if is_word_char(c) => end += c.len_utf8(),
                    _ => break,
                }
                continue;
            }
            end += 1;
        }
        // Trailing punctuation belongs to the sentence, a closing bracket only when unmatched.
        loop {
            let b = bytes[end - 1];
            let strip = match b {
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' => true,
                b')' => {
                    let s = &bytes[i..end];
                    s.iter().filter(|&&c| c == b'(').count()
                        < s.iter().filter(|&&c| c == b')').count()
                }
                b']' => {
                    let s = &bytes[i..end];
                    s.iter().filter(|&&c| c == b'[').count()
                        < s.iter().filter(|&&c| c == b']').count()
                }
                _ => false,
            };
            if strip && end - 1 > i {
                end -= 1;
            } else {
                break;
            }
        }
        (end > i + 4).then_some(end)
    }

    /// A token starting with ASCII punctuation.
    fn scan_punct(&self, start: usize) -> (usize, TokenKind) {
        let b = self.byte(start);
        let next = self.byte(start + 1);
        let has_next = start + 1 < self.text.len();
        match b {
            b'\'' => return self.scan_apostrophe(start, 1),
            b'#' if has_next
                && is_ascii_word(class(next))
                && self.bytes()[start + 1..self.word_run(start + 1)]
                    .iter()
                    .any(u8::is_ascii_alphabetic) =>
            {
                return (self.word_run(start + 1), TokenKind::Hashtag);
            }
            b'@' if has_next
                && is_ascii_word(class(next))
                && !self.char_before(start).is_some_and(is_word_char) =>
            {
                let mut end = start + 1;
                while end < self.text.len() && is_ascii_word(class(self.byte(end))) {
                    end += 1;
                }
                return (end, TokenKind::Handle);
            }
            b'.' if self.is_digit(start + 1)
                && !self.char_before(start).is_some_and(is_word_char) =>
            {
                // A decimal without its zero: ".5", ".265".
                return (self.word_run(start + 1), TokenKind::Number);
            }
            b':' | b';' | b'=' | b'^' | b'<' => {
                if let Some(end) = self.emoticon(start) {
                    return (end, TokenKind::Emoticon);
                }
            }
            _ => {}
        }
        let mut end = start + 1;
        match b {
            b'(' | b')' | b'[' | b']' | b'{' | b'}' => {}
            b'!' | b'?' => {
                while matches!(self.byte(end), b'!' | b'?') && end < self.text.len() {
                    end += 1;
                }
            }
            _ => {
                while self.byte(end) == b && end < self.text.len() {
                    end += 1;
                }
            }
        }
        let kind = if matches!(
            b,
            b'$' | b'+' | b'<' | b'=' | b'>' | b'^' | b'`' | b'|' | b'~'
        ) {
            TokenKind::Symbol
        } else {
            TokenKind::Punct
        };
        (end, kind)
    }

    /// An emoticon such as `:)`, `;-)`, `:D`, `^_^`, `<3` at `start`, when followed by a
    /// non-word character.
    fn emoticon(&self, start: usize) -> Option<usize> {
        let bytes = &self.bytes()[start..];
        let len = match bytes {
            [b'^', b'_', b'^', ..] => 3,
            [b'<', b'3', ..] => 2,
            [b':' | b';' | b'=', b'-' | b'\'', b')' | b'(' | b'D' | b'P' | b'p', ..] => 3,
            [b':' | b';' | b'=', b')' | b'(' | b'D' | b'P' | b'p', ..] => 2,
            _ => return None,
        };
        let after = start + len;
        let before_ok = start == 0 || !self.char_before(start).is_some_and(is_word_char);
        let after_ok = after >= self.text.len() || class(self.byte(after)) <= CR;
        (before_ok && after_ok).then_some(after)
    }

    /// A token starting with an apostrophe of `alen` bytes: a clitic (`'s`), a year (`'71`)
    /// or the apostrophe alone.
    fn scan_apostrophe(&self, start: usize, alen: usize) -> (usize, TokenKind) {
        let after = start + alen;
        // After a word, or after an abbreviation's period ("U.S.’s").
        let glued = match self.char_before(start) {
            Some('.') => start >= 2 && self.char_before(start - 1).is_some_and(is_word_char),
            c => c.is_some_and(is_word_char),
        };
        if glued {
            if let Some(end) = self.clitic_after(after) {
                return (end, TokenKind::Clitic);
            }
        } else if self.is_digit(after) && self.is_digit(after + 1) {
            return (self.word_run(after), TokenKind::Number);
        } else if alen == 1 || self.char_at(start) == Some('\u{2019}') {
            // Informal elisions: 'em, 'cause, 'til.
            let end = self.word_run(after);
            let w = &self.bytes()[after..end];
            let elided = matches!(
                w,
                b"em"
                    | b"cause"
                    | b"cos"
                    | b"cuz"
                    | b"til"
                    | b"tis"
                    | b"twas"
                    | b"bout"
                    | b"Cause"
                    | b"Til"
                    | b"Tis"
                    | b"Twas"
            );
            if elided {
                return (end, TokenKind::Word);
            }
        }
        let mut end = after;
        if alen == 1 {
            while self.byte(end) == b'\'' && end < self.text.len() {
                end += 1;
            }
        }
        (end, TokenKind::Punct)
    }

    /// A token starting with a non-ASCII char `c` that is not a word character.
    fn scan_other(&self, start: usize, c: char) -> (usize, TokenKind) {
        if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}') {
            return self.scan_apostrophe(start, c.len_utf8());
        }
        let mut end = start + c.len_utf8();
        let punct = is_punct(c);
        if punct {
            // Runs of one dash or ellipsis char are one token: "——", "……".
            if matches!(c, '\u{2012}'..='\u{2015}' | '\u{2026}') {
                while self.char_at(end) == Some(c) {
                    end += c.len_utf8();
                }
            }
            return (end, TokenKind::Punct);
        }
        // Symbols and emoji: keep variation selectors, skin tones, keycaps and zero-width
        // joined sequences together.
        loop {
            match self.char_at(end) {
                Some(d)
                    if matches!(d, '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{20E3}')
                        || (is_combining_mark(d) && d != '\u{200C}' && d != '\u{200D}') =>
                {
                    end += d.len_utf8();
                }
                Some('\u{200D}') => match self.char_at(end + 3) {
                    Some(e) if !is_word_char(e) && !is_space_char(e) && !is_punct(e) => {
                        end += 3 + e.len_utf8();
                    }
                    _ => break,
                },
                Some(d) if is_regional(c) && is_regional(d) && end == start + 4 => end += 4,
                _ => break,
            }
        }
        (end, TokenKind::Symbol)
    }
}

fn is_regional(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Whether a non-ASCII char is punctuation (general punctuation, CJK punctuation, Latin-1
/// punctuation, Arabic and Devanagari punctuation, fullwidth forms).
pub(crate) fn is_punct(c: char) -> bool {
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{06D4}' | '\u{0964}' | '\u{0965}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{2E00}'..='\u{2E4F}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF3D}'
        | '\u{FF5B}'..='\u{FF65}')
}

//! Byte scans of one line: words, runs of digits, table gaps.
//!
//! Every line of a page is read by these, so they read a machine word of the line at a
//! time (bitwise, no SIMD) and fall back to one byte at a time only near the line's end
//! or on a rare byte.

use khabar_core::swar::{eq_bytes, load, range_bytes, zero_bytes, HIGH, LOW7, ONES};

/// The high bit of each byte of `v` that is an ASCII digit.
#[inline]
fn digit_bytes(v: u64) -> u64 {
    range_bytes(v, b'0', b'9')
}

/// The bytes that separate words: space, tab and `0xA0` (the tail of a no-break space).
#[inline]
fn blank(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == 0xA0
}

/// The high bit of each byte of `v` that is a space or `0xA0` (equal to `0x20` in their
/// seven low bits).
#[inline]
fn space_or_a0_bytes(v: u64) -> u64 {
    zero_bytes((v & LOW7) ^ (u64::from(b' ') * ONES))
}

/// Whether the eight bytes of `v` are all printable ASCII or DEL (`0x20..=0x7F`).
#[inline]
fn printable_ascii(v: u64) -> bool {
    // A byte below `0x80` plus `0x60` reaches `0x80` from `0x20` on, without carrying into
    // the next byte; a byte from `0x80` on fails the `!v` test (whatever it carried).
    (v.wrapping_add(0x60 * ONES) & !v & HIGH) == HIGH
}

/// The high bit of each space among eight bytes that are all in `0x20..=0x7F`
/// ([`printable_ascii`]): the bytes below `0x21`.
#[inline]
fn spaces_in_printable(v: u64) -> u64 {
    !v.wrapping_add(0x5F * ONES) & HIGH
}

/// How many of eight bytes start a word after them ([`count_words`]'s rule): those that are
/// blank (their high bits set in `m`) before a byte that is not (`next_blank`: the byte
/// after the eight).
#[inline]
fn starts_in(m: u64, next_blank: bool) -> usize {
    let next = (m >> 8) | (u64::from(next_blank) << 63);
    let starts = m & !next;
    // One per start, summed in the top byte by the multiplication.
    ((starts >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// The bytes of `b` from `i` (one to seven) as a word, the bytes after the end zero: in a
/// line of eight bytes or more, its last eight bytes shifted, without a copy.
#[inline]
fn zero_padded_tail(b: &[u8], i: usize) -> u64 {
    let n = b.len() - i;
    debug_assert!((1..8).contains(&n));
    if b.len() >= 8 {
        load(b, b.len() - 8) >> (8 * (8 - n))
    } else {
        let mut last = [0u8; 8];
        last[..n].copy_from_slice(&b[i..]);
        u64::from_le_bytes(last)
    }
}

/// Words in `s` (runs of non-blank bytes), counted up to `max`: the rules only ask about
/// a few words, and a long line is not read to its end.
/// A `0xA0` byte ends a word only as the tail of a no-break space (C2 A0), common in
/// scraped pages, or at the very start ("à" is C3 A0); any `0xA0` counts as blank before
/// a word.
pub(crate) fn count_words(s: &str, max: usize) -> usize {
    let b = s.as_bytes();
    let mut n = usize::from(b.first().is_some_and(|&c| !blank(c)));
    // A word starts at `i + 1` when byte `i` separates words and byte `i + 1` is not blank.
    let starts_at = |i: usize| {
        let c = b[i];
        let sep = c == b' ' || c == b'\t' || (c == 0xA0 && (i == 0 || b[i - 1] == 0xC2));
        sep && !blank(b[i + 1])
    };
    let mut i = 0;
    // Bytes `i..i + 8` and the byte after them.
    while i + 9 <= b.len() {
        let v = load(b, i);
        if printable_ascii(v) {
            // Most words of text: the only blank is the space.
            n += starts_in(spaces_in_printable(v), blank(b[i + 8]));
        } else {
            let sp = space_or_a0_bytes(v);
            if sp & v != 0 {
                // A `0xA0`: byte by byte.
                n += (i..i + 8).filter(|&k| starts_at(k)).count();
            } else {
                n += starts_in(sp | eq_bytes(v, b'\t'), blank(b[i + 8]));
            }
        }
        if n >= max {
            return max;
        }
        i += 8;
    }
    // The last bytes (one to eight), padded with spaces: blank, so no word starts at or
    // after the end.
    if i + 1 < b.len() {
        let mut last = [b' '; 8];
        last[..b.len() - i].copy_from_slice(&b[i..]);
        let v = u64::from_le_bytes(last);
        let sp = space_or_a0_bytes(v);
        if sp & v != 0 {
            n += (i..b.len() - 1).filter(|&k| starts_at(k)).count();
        } else {
            n += starts_in(sp | eq_bytes(v, b'\t'), true);
        }
    }
    n.min(max)
}

/// Whether `b` holds a run of at least four ASCII digits.
///
/// Reads eight bytes at a time, none twice: a word without a digit (most of them) costs
/// one test; a word with one is read together with the word before it, so that a run
/// crossing from one into the other is seen.
pub(crate) fn has_four_digits(b: &[u8]) -> bool {
    // Runs of four in the sixteen bytes of the word before (low) and this word (high):
    // a run inside the word before was seen with it, one ending past this word is seen
    // with the next.
    #[inline]
    fn run4(prev: u64, m: u64) -> bool {
        let x = (u128::from(m) << 64) | u128::from(prev);
        x & (x >> 8) & (x >> 16) & (x >> 24) != 0
    }
    let mut prev = 0u64;
    let mut i = 0;
    while i + 8 <= b.len() {
        let m = digit_bytes(load(b, i));
        if m != 0 && run4(prev, m) {
            return true;
        }
        prev = m;
        i += 8;
    }
    // The last bytes, padded with bytes that are not digits.
    if i < b.len() {
        let m = digit_bytes(zero_padded_tail(b, i));
        return m != 0 && run4(prev, m);
    }
    false
}

/// The searcher for the gaps of [`is_table_row`]: three spaces.
pub(crate) fn gap_finder() -> &'static memchr::memmem::Finder<'static> {
    static GAP: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    GAP.get_or_init(|| memchr::memmem::Finder::new("   "))
}

/// A table row: a tab, or a gap of three blanks or more between two cells.
pub(crate) fn is_table_row(s: &str) -> bool {
    // Searched with SIMD, which a paragraph read as one line (hard-wrapped prose) repays:
    // two blanks in a row are rare in prose.
    let b = s.as_bytes();
    gap_finder().find(b).is_some() || memchr::memchr(b'\t', b).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definitions, one byte at a time.
    fn count_words_slow(s: &str, max: usize) -> usize {
        let b = s.as_bytes();
        let mut n = usize::from(b.first().is_some_and(|&c| !blank(c)));
        for i in 0..b.len().saturating_sub(1) {
            let c = b[i];
            let sep = c == b' ' || c == b'\t' || (c == 0xA0 && (i == 0 || b[i - 1] == 0xC2));
            if sep && !blank(b[i + 1]) {
                n += 1;
            }
        }
        n.min(max)
    }

    fn has_four_digits_slow(b: &[u8]) -> bool {
        b.windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
    }

    fn is_table_row_slow(s: &str) -> bool {
        s.contains("   ") || s.contains('\t')
    }

    #[test]
    fn examples() {
        assert_eq!(count_words("", 22), 0);
        assert_eq!(count_words("one", 22), 1);
        assert_eq!(count_words("  two words here  ", 22), 3);
        assert_eq!(count_words("  two words here  ", 2), 2);
        assert_eq!(count_words("a\u{a0}b c", 22), 3);
        assert_eq!(count_words("d\u{e0}ta vu", 22), 2);
        assert_eq!(count_words(&"w ".repeat(40), 22), 22);
        assert_eq!(count_words(&"w ".repeat(40), 30), 30);
        assert!(has_four_digits(b"in 1987"));
        assert!(has_four_digits(b"1987 and more text after it"));
        assert!(!has_four_digits(b"3.5 mln, 155,221 bags of 60 kilos"));
        assert!(has_four_digits(b"cumulative total for the season of 12345"));
        assert!(is_table_row("Net   1.5   2.0"));
        assert!(is_table_row("Net\t1.5"));
        assert!(!is_table_row(
            "Net  1.5 2.0 and a long line of text after it"
        ));
        assert!(is_table_row("a long line of text and a gap at its end   x"));
    }

    #[test]
    fn printable_words() {
        let bytes: Vec<u8> = (0..=255u8).chain(*b" a b  ").collect();
        for w in bytes.windows(8) {
            let v = load(w, 0);
            let printable = w.iter().all(|c| (0x20..=0x7F).contains(c));
            assert_eq!(printable_ascii(v), printable, "{w:?}");
            if printable {
                for (k, &c) in w.iter().enumerate() {
                    let bit = spaces_in_printable(v) >> (8 * k + 7) & 1 == 1;
                    assert_eq!(bit, c == b' ', "{w:?}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn count_words_as_defined(s in "[ \t\u{a0}\u{e0}a1]{0,40}", max in 0usize..30) {
            prop_assert_eq!(count_words(&s, max), count_words_slow(&s, max));
        }

        #[test]
        fn count_words_any_text(s in "\\PC{0,60}", max in 0usize..30) {
            prop_assert_eq!(count_words(&s, max), count_words_slow(&s, max));
        }

        #[test]
        fn digit_runs_as_defined(s in "[0-9a\u{e9} :/]{0,60}") {
            prop_assert_eq!(has_four_digits(s.as_bytes()), has_four_digits_slow(s.as_bytes()));
        }

        #[test]
        fn table_rows_as_defined(s in "[ \tabc\u{a0}]{0,90}") {
            prop_assert_eq!(is_table_row(&s), is_table_row_slow(&s));
        }
    }
}

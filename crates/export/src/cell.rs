//! How one cell is written: quoting, the formula guard, truncation, numbers.
//!
//! Every function here appends to a caller-owned byte buffer and allocates nothing.

use khabar_core::swar;
use memchr::memchr;

/// Excel's limit on the characters of one cell, in UTF-16 code units.
pub const EXCEL_CELL_LIMIT: usize = 32_767;

/// Excel's rows per sheet minus the header row: the most data rows one CSV part holds.
pub const EXCEL_DATA_ROWS: u64 = 1_048_575;

/// What ends a text cell cut at the cell limit. It counts towards the limit.
pub const TRUNCATION_MARKER: &str = "…[truncated]";

/// The marker's length in UTF-16 code units.
const MARKER_UNITS: usize = 12;

/// How text cells are written, fixed for a whole table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CellFormat {
    /// Put the formula guard before risky text cells.
    pub guard: bool,
    /// Cut text cells longer than this many UTF-16 code units (`usize::MAX`: never).
    pub limit: usize,
}

/// Whether a text cell gets the formula guard: it starts with `=`, `+`, `-`, `@`, tab or
/// CR (OWASP), or with the apostrophe itself, so that removing exactly one leading
/// apostrophe from a guarded table always gives back the text.
#[inline]
pub fn needs_guard(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\'')
    )
}

/// Undoes the guard: the text of a cell read back from a guarded (non-plain) table.
pub fn unguard(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// Length of `s` in UTF-16 code units (what Excel counts).
#[inline]
pub fn utf16_len(s: &str) -> usize {
    // A UTF-16 code unit never takes fewer than one UTF-8 byte: only long strings need the count.
    s.chars().map(char::len_utf16).sum()
}

/// The longest prefix of `s`, on a char boundary, of at most `units` UTF-16 code units.
fn prefix_units(s: &str, units: usize) -> &str {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        n += c.len_utf16();
        if n > units {
            return &s[..i];
        }
    }
    s
}

/// The text a cell holds once the guard and truncation apply: `(guarded, body, truncated)`.
/// The cell is `'` (when guarded), then `body`, then [`TRUNCATION_MARKER`] (when truncated).
#[inline]
pub(crate) fn shape(s: &str, fmt: CellFormat) -> (bool, &str, bool) {
    let guarded = fmt.guard && needs_guard(s);
    let room = fmt.limit.saturating_sub(guarded as usize);
    if s.len() <= room || utf16_len(s) <= room {
        return (guarded, s, false);
    }
    (
        guarded,
        prefix_units(s, room.saturating_sub(MARKER_UNITS)),
        true,
    )
}

/// What a text cell holds once the guard and truncation apply, as an owned string (for
/// tests and tools; the writer never builds it).
pub fn cell_text(s: &str, guard: bool, limit: usize) -> String {
    let (g, body, cut) = shape(s, CellFormat { guard, limit });
    let mut out = String::with_capacity(body.len() + 16);
    if g {
        out.push('\'');
    }
    out.push_str(body);
    if cut {
        out.push_str(TRUNCATION_MARKER);
    }
    out
}

/// Appends `s` between double quotes, doubling the quotes inside.
#[inline]
pub(crate) fn push_quoted_body(buf: &mut Vec<u8>, s: &[u8]) {
    // Most cells are an id, a type or a name of a few words without a quote: eight bytes
    // at a time, with no call to a search routine.
    if s.len() <= 32 && !has_quote(s) {
        buf.extend_from_slice(s);
    } else {
        push_doubling_quotes(buf, s);
    }
}

/// [`push_quoted_body`] for a long cell or one with quotes.
#[inline(never)]
fn push_doubling_quotes(buf: &mut Vec<u8>, mut s: &[u8]) {
    while let Some(i) = memchr(b'"', s) {
        buf.extend_from_slice(&s[..=i]);
        buf.push(b'"');
        s = &s[i + 1..];
    }
    buf.extend_from_slice(s);
}

/// Whether `s` holds a double quote, read eight bytes at a time (for short cells): the last
/// eight bytes (or four) overlap the ones before, so no byte is tested on its own but in
/// a cell of fewer than four.
#[inline]
fn has_quote(s: &[u8]) -> bool {
    let n = s.len();
    let word = |i: usize| u32::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3]]);
    let v = if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if swar::eq_bytes(swar::load(s, i), b'"') != 0 {
                return true;
            }
            i += 8;
        }
        swar::load(s, n - 8)
    } else if n >= 4 {
        u64::from(word(0)) | u64::from(word(n - 4)) << 32
    } else {
        // Zero bytes past the end, which are no quote.
        s.iter()
            .enumerate()
            .fold(0, |v, (k, &c)| v | u64::from(c) << (8 * k))
    };
    swar::eq_bytes(v, b'"') != 0
}

/// Appends a quoted text cell.
#[inline]
pub(crate) fn push_text(buf: &mut Vec<u8>, s: &str, fmt: CellFormat) {
    let guarded = fmt.guard && needs_guard(s);
    // No longer in bytes than the limit, the cell is never cut (a UTF-16 code unit takes at
    // least one UTF-8 byte): what [`shape`] finds, without its other cases.
    if s.len() > fmt.limit.saturating_sub(guarded as usize) {
        return push_long_text(buf, s, fmt);
    }
    if s.len() <= SHORT && push_short_cell(buf, s.as_bytes(), guarded) {
        return;
    }
    buf.reserve(s.len() + 3);
    buf.push(b'"');
    if guarded {
        buf.push(b'\'');
    }
    push_quoted_body(buf, s.as_bytes());
    buf.push(b'"');
}

/// The longest cell [`push_short_cell`] writes.
const SHORT: usize = 32;
const _: () = assert!(SHORT == 32, "push_short_cell copies four words at the most");

/// Writes a text cell of at most [`SHORT`] bytes without a quote, as [`push_text`] does:
/// put together in a word array (the text copied eight bytes at a time, and looked at for
/// quotes on the way), appended whole and cut back to its length, with no call to a copy
/// routine. Writes nothing and returns `false` when the text holds a quote.
#[inline]
fn push_short_cell(buf: &mut Vec<u8>, s: &[u8], guarded: bool) -> bool {
    let n = s.len();
    let mut cell = [0u8; SHORT + 16];
    cell[0] = b'"';
    // Overwritten by the text when the cell has no guard.
    cell[1] = b'\'';
    let o = 1 + guarded as usize;
    let mut quotes = 0;
    let mut put = |at: usize, w: u64| {
        quotes |= swar::eq_bytes(w, b'"');
        cell[o + at..o + at + 8].copy_from_slice(&w.to_le_bytes());
    };
    if n >= 8 {
        // Unrolled (a loop becomes a call to a copy routine): the words at 0, 8 and 16 that
        // end before the last eight bytes, then those, over the ones before.
        put(0, swar::load(s, 0));
        if n > 16 {
            put(8, swar::load(s, 8));
        }
        if n > 24 {
            put(16, swar::load(s, 16));
        }
        put(n - 8, swar::load(s, n - 8));
    } else if n >= 4 {
        // Two words of four, the second over the first; zero bytes past the end.
        let word = |i: usize| u64::from(u32::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3]]));
        put(0, word(0) | word(n - 4) << (8 * (n - 4)));
    } else {
        // Zero bytes past the end, which are no quote, overwritten by the closing one.
        let w = s
            .iter()
            .enumerate()
            .fold(0, |w, (k, &c)| w | u64::from(c) << (8 * k));
        put(0, w);
    }
    if quotes != 0 {
        return false;
    }
    cell[o + n] = b'"';
    let end = buf.len() + o + n + 1;
    buf.extend_from_slice(&cell);
    buf.truncate(end);
    true
}

/// [`push_text`] for a cell that may be cut.
#[cold]
#[inline(never)]
fn push_long_text(buf: &mut Vec<u8>, s: &str, fmt: CellFormat) {
    let (guarded, body, cut) = shape(s, fmt);
    buf.reserve(body.len() + 3);
    buf.push(b'"');
    if guarded {
        buf.push(b'\'');
    }
    push_quoted_body(buf, body.as_bytes());
    if cut {
        buf.extend_from_slice(TRUNCATION_MARKER.as_bytes());
    }
    buf.push(b'"');
}

/// "00" to "99", for [`push_u64`].
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Appends the decimal digits of `n`.
#[inline]
pub(crate) fn push_u64(buf: &mut Vec<u8>, n: u64) {
    if n < 10 {
        // Most counts, articles and sentences of a row.
        buf.push(b'0' + n as u8);
        return;
    }
    if n < 100_000_000 {
        // Byte offsets and most other numbers: their digits gathered in one word, the
        // first digit lowest, appended as eight bytes and cut back to their number (no
        // call to a copy routine for a few bytes).
        let (mut n, mut digits, mut len) = (n, 0u64, 0);
        while n > 0 {
            digits = digits << 8 | (b'0' + (n % 10) as u8) as u64;
            n /= 10;
            len += 1;
        }
        let end = buf.len() + len;
        buf.extend_from_slice(&digits.to_le_bytes());
        buf.truncate(end);
        return;
    }
    push_long_u64(buf, n);
}

/// [`push_u64`] for numbers of nine digits and more.
#[inline(never)]
fn push_long_u64(buf: &mut Vec<u8>, mut n: u64) {
    // Two digits at a time.
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    while n >= 10 {
        let d = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        tmp[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    }
    if n > 0 || i == tmp.len() {
        i -= 1;
        tmp[i] = b'0' + n as u8;
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Writes the sentence `s` on one line into `out`: runs of whitespace (newlines, tabs,
/// no-break spaces) become one space, and the text is cut after `max_chars` characters
/// with `…` (the ellipsis included in the count).
pub(crate) fn one_line_into(out: &mut String, s: &str, max_chars: usize) {
    out.clear();
    if s.is_ascii() {
        return ascii_one_line_into(out, s, max_chars);
    }
    let mut chars = 0;
    for (k, word) in s.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += if word.is_ascii() {
            word.len()
        } else {
            word.chars().count()
        };
        if chars > max_chars {
            break;
        }
    }
    if chars > max_chars {
        // Keep `max_chars - 1` characters, then the ellipsis.
        let keep = max_chars.saturating_sub(1);
        let cut = out.char_indices().nth(keep).map_or(out.len(), |(i, _)| i);
        out.truncate(cut);
        out.truncate(out.trim_end().len());
        out.push('…');
    }
}

/// [`one_line_into`] for ASCII text (characters are bytes there): copies runs of words
/// joined by single spaces whole, and reads no further than the cut (give or take eight
/// bytes).
fn ascii_one_line_into(out: &mut String, s: &str, max_chars: usize) {
    let b = s.as_bytes();
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let mut i = 0;
    while i < b.len() && ws(b[i]) {
        i += 1;
    }
    // `b[start..i]` is a run of words with single spaces, copied when it ends.
    let mut start = i;
    while i < b.len() {
        if out.len() + (i - start) > max_chars {
            break;
        }
        if i + 9 <= b.len() {
            // Eight bytes at a time: on to the first that is a line break, a tab (or another
            // control space) or a space before white space, if any.
            let v = swar::load(b, i);
            let space = swar::eq_bytes(v, b' ');
            let control = swar::range_bytes(v, b'\t', b'\r');
            let next_ws = ((space | control) >> 8) | if ws(b[i + 8]) { 1 << 63 } else { 0 };
            let hit = control | (space & next_ws);
            if hit == 0 {
                i += 8;
                continue;
            }
            i += (hit.trailing_zeros() / 8) as usize;
        } else {
            let c = b[i];
            if !ws(c) || (c == b' ' && b.get(i + 1).is_some_and(|&n| !ws(n))) {
                i += 1;
                continue;
            }
        }
        // `b[i]` starts white space to write as one space (or none at the end).
        out.push_str(&s[start..i]);
        while i < b.len() && ws(b[i]) {
            i += 1;
        }
        if i < b.len() {
            out.push(' ');
        }
        start = i;
    }
    out.push_str(&s[start..i]);
    if out.len() > max_chars {
        out.truncate(max_chars.saturating_sub(1));
        out.truncate(out.trim_end().len());
        out.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, guard: bool, limit: usize, expected: &str, csv: &str) {
        assert_eq!(
            cell_text(input, guard, limit),
            expected,
            "cell of {input:?}"
        );
        let mut buf = Vec::new();
        push_text(&mut buf, input, CellFormat { guard, limit });
        assert_eq!(std::str::from_utf8(&buf).unwrap(), csv, "csv of {input:?}");
        assert!(utf16_len(&cell_text(input, guard, limit)) <= limit);
    }

    #[test]
    fn guard_truncate_quote() {
        let l = EXCEL_CELL_LIMIT;
        check("plain", true, l, "plain", "\"plain\"");
        check("", true, l, "", "\"\"");
        check("2014", true, l, "2014", "\"2014\"");
        check("007", true, l, "007", "\"007\"");
        check(
            "=HYPERLINK(\"x\")",
            true,
            l,
            "'=HYPERLINK(\"x\")",
            "\"'=HYPERLINK(\"\"x\"\")\"",
        );
        check("=1+1", false, l, "=1+1", "\"=1+1\"");
        check("+92 300", true, l, "'+92 300", "\"'+92 300\"");
        check("-1", true, l, "'-1", "\"'-1\"");
        check("@user", true, l, "'@user", "\"'@user\"");
        check("\tx", true, l, "'\tx", "\"'\tx\"");
        check("\rx", true, l, "'\rx", "\"'\rx\"");
        check("'quoted'", true, l, "''quoted'", "\"''quoted'\"");
        check(" =1", true, l, " =1", "\" =1\"");
        check("a=1", true, l, "a=1", "\"a=1\"");
        check(
            "say \"hi\"\nbye",
            true,
            l,
            "say \"hi\"\nbye",
            "\"say \"\"hi\"\"\nbye\"",
        );
        check("اردو", true, l, "اردو", "\"اردو\"");
        check(
            "abcdefghijklmnopqrst",
            true,
            15,
            "abc…[truncated]",
            "\"abc…[truncated]\"",
        );
        check(
            "=bcdefghijklmnopqrst",
            true,
            15,
            "'=b…[truncated]",
            "\"'=b…[truncated]\"",
        );
        check(
            "abcdefghijklmnop",
            true,
            16,
            "abcdefghijklmnop",
            "\"abcdefghijklmnop\"",
        );
        check(
            "ab😀defghijklmnopq",
            true,
            15,
            "ab…[truncated]",
            "\"ab…[truncated]\"",
        );
        check(
            "éééééééééééééééééé",
            true,
            15,
            "ééé…[truncated]",
            "\"ééé…[truncated]\"",
        );
        check("x", true, 5, "x", "\"x\"");
        check(
            "xxxxxxxxxxxxxx",
            true,
            12,
            "…[truncated]",
            "\"…[truncated]\"",
        );
    }

    #[test]
    fn long_cells() {
        let s = "ب".repeat(40_000);
        let c = cell_text(&s, true, EXCEL_CELL_LIMIT);
        assert_eq!(utf16_len(&c), EXCEL_CELL_LIMIT);
        assert!(c.ends_with(TRUNCATION_MARKER));
        let s = "ب".repeat(EXCEL_CELL_LIMIT);
        assert_eq!(cell_text(&s, true, EXCEL_CELL_LIMIT), s);
        let s = format!("={}", "x".repeat(EXCEL_CELL_LIMIT - 1));
        let c = cell_text(&s, true, EXCEL_CELL_LIMIT);
        assert!(c.starts_with("'=") && c.ends_with(TRUNCATION_MARKER));
        assert_eq!(utf16_len(&c), EXCEL_CELL_LIMIT);
    }

    #[test]
    fn numbers() {
        for n in [0, 7, 10, 1_048_575, u64::MAX] {
            let mut b = Vec::new();
            push_u64(&mut b, n);
            assert_eq!(b, n.to_string().as_bytes());
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_one_line_matches_unicode_rules(s in "[ a-c\t\n\r\x0b\x0c]{0,60}", max in 2usize..50) {
            let mut fast = String::new();
            one_line_into(&mut fast, &s, max);
            let words: Vec<&str> = s.split_whitespace().collect();
            let full = words.join(" ");
            let want = if full.chars().count() <= max {
                full
            } else {
                let mut w: String = full.chars().take(max - 1).collect();
                w.truncate(w.trim_end().len());
                w + "…"
            };
            proptest::prop_assert_eq!(fast, want);
        }

        #[test]
        fn ascii_one_line_of_words_matches_unicode_rules(s in "([a-e]{1,10}[ \t\n\r]{1,3}){0,40}", max in 2usize..320) {
            let mut fast = String::new();
            one_line_into(&mut fast, &s, max);
            let mut slow = String::new();
            // The rules for any text, on the same words.
            one_line_into(&mut slow, &format!("{s}\u{a0}"), max);
            proptest::prop_assert_eq!(fast, slow);
        }

        #[test]
        fn numbers_are_their_decimal_digits(n in proptest::prop_oneof![0u64..1000, 0u64..200_000_000, proptest::num::u64::ANY]) {
            let mut buf = b"x".to_vec();
            push_u64(&mut buf, n);
            let want = format!("x{n}");
            proptest::prop_assert_eq!(buf, want.into_bytes());
        }

        #[test]
        fn text_cells_are_their_text_quoted(s in "[a=\"é'\u{2019} ]{0,40}", guard: bool) {
            let mut buf = b"x".to_vec();
            push_text(&mut buf, &s, CellFormat { guard, limit: EXCEL_CELL_LIMIT });
            let text = cell_text(&s, guard, EXCEL_CELL_LIMIT).replace('"', "\"\"");
            proptest::prop_assert_eq!(buf, format!("x\"{text}\"").into_bytes());
        }

        #[test]
        fn quoted_bodies_double_every_quote(s in "[a\"é\u{2019}]{0,48}") {
            proptest::prop_assert_eq!(has_quote(s.as_bytes()), s.contains('"'));
            let mut buf = Vec::new();
            push_quoted_body(&mut buf, s.as_bytes());
            proptest::prop_assert_eq!(buf, s.replace('"', "\"\"").into_bytes());
        }
    }

    #[test]
    fn one_line() {
        let mut out = String::new();
        for (input, max, expected) in [
            ("a  b\n\tc", 300, "a b c"),
            ("  lead\r\ntrail  ", 300, "lead trail"),
            ("abcdef", 6, "abcdef"),
            ("abcdefg", 6, "abcde…"),
            ("ab cd ef", 6, "ab cd…"),
            ("ab cdef", 3, "ab…"),
            ("ابجدهو", 4, "ابج…"),
            ("", 5, ""),
        ] {
            one_line_into(&mut out, input, max);
            assert_eq!(out, expected, "{input:?} {max}");
            assert!(out.chars().count() <= max);
        }
    }
}

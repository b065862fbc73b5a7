//! The one month table and the one parser of written-out calendar dates, shared by the
//! page segmenter (datelines) and the date normalizer (its lexer's month words).
//!
//! - [`month_from_name`]: `January`, `jan`, `Sept` -> the month number and whether the
//!   name was abbreviated.
//! - [`literal_at`]: a calendar date written out at a byte offset: `2021-11-08`,
//!   `8 November 2021`, `08 Jan. 2023`, `November 8, 2021`, `Nov. 8 2021`,
//!   `January 9th, 2023`.
//! - [`parse_literal`]: the same for a whole string.
//!
//! ```
//! use khabar_core::date::{month_from_name, parse_literal, MonthName};
//!
//! assert_eq!(month_from_name(b"Sept"), Some(MonthName { month: 9, abbreviated: true }));
//! assert_eq!(parse_literal("8 January 2023"), Some((2023, 1, 8)));
//! assert_eq!(parse_literal("January 8, 2023"), Some((2023, 1, 8)));
//! assert_eq!(parse_literal("2023-01-08"), Some((2023, 1, 8)));
//! assert_eq!(parse_literal("February 30, 2023"), None);
//! ```

/// A calendar date: year, month (1-12) and day (1-31), checked against the calendar.
pub type Ymd = (u16, u8, u8);

/// The English month names, in order.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The abbreviations of the month names that [`month_from_name`] knows (`may` is a full
/// name).
pub const MONTH_ABBREVIATIONS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// The English names of the days of the week, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The day of the week a word names in full, in any ASCII case: Monday = 1.
pub fn weekday_from_name(word: &[u8]) -> Option<u8> {
    let i = WEEKDAYS
        .iter()
        .position(|d| d.as_bytes().eq_ignore_ascii_case(word))?;
    Some(i as u8 + 1)
}

/// A month named by a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthName {
    /// The month, from 1.
    pub month: u8,
    /// Whether the word was an abbreviation (`Jan`, `Sept`) rather than the full name
    /// (`May` is a full name).
    pub abbreviated: bool,
}

/// The month a word names, in any ASCII case: a full name, a three-letter abbreviation or
/// `Sept`. A trailing period is not part of the word.
pub fn month_from_name(word: &[u8]) -> Option<MonthName> {
    if word.len() < 3 || word.len() > 9 {
        return None;
    }
    let mut buf = [0u8; 9];
    for (b, w) in buf.iter_mut().zip(word) {
        *b = w.to_ascii_lowercase();
    }
    let w = &buf[..word.len()];
    for (i, m) in MONTHS.iter().enumerate() {
        let m = m.as_bytes();
        let month = i as u8 + 1;
        if w == m {
            return Some(MonthName {
                month,
                abbreviated: false,
            });
        }
        if (w.len() == 3 && m.starts_with(w)) || (w == b"sept" && month == 9) {
            return Some(MonthName {
                month,
                abbreviated: true,
            });
        }
    }
    None
}

/// A calendar date written out starting exactly at byte `i` of `b`, and the byte where it
/// ends: `2021-11-08`, `8 November 2021`, `08 Jan. 2023`, `November 8, 2021`,
/// `Nov. 8 2021`, `January 9th, 2023`. Years run from 1900 to 2100. What follows the date
/// is not looked at.
pub fn literal_at(b: &[u8], i: usize) -> Option<(usize, Ymd)> {
    let first = *b.get(i)?;
    if first.is_ascii_digit() {
        if let Some((y, j)) = year(b, i) {
            // ISO: YYYY-MM-DD
            if b.get(j) == Some(&b'-') {
                let (m, k) = digits(b, j + 1, 2, 2)?;
                if b.get(k) != Some(&b'-') || !(1..=12).contains(&m) {
                    return None;
                }
                let (d, e) = digits(b, k + 1, 2, 2)?;
                return Some((e, valid(y, m as u8, d)?));
            }
            return None;
        }
        // D Month YYYY
        let (d, j) = digits(b, i, 1, 2)?;
        let j = ordinal(b, j);
        let j = gap(b, j, true)?;
        let k = letters(b, j);
        let m = month_from_name(&b[j..k])?.month;
        let k = gap(b, k, true)?;
        let (y, e) = year(b, k)?;
        return Some((e, valid(y, m, d)?));
    }
    // Month D, YYYY (a month name starts with one of these letters)
    if !matches!(
        first | 0x20,
        b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
    ) {
        return None;
    }
    let k = letters(b, i);
    let m = month_from_name(&b[i..k])?.month;
    let k = gap(b, k, true)?;
    let (d, j) = digits(b, k, 1, 2)?;
    let j = ordinal(b, j);
    let j = gap(b, j, true)?;
    let (y, e) = year(b, j)?;
    Some((e, valid(y, m, d)?))
}

/// The calendar date `s` writes out, all of it (surrounding whitespace aside), in one of
/// the forms of [`literal_at`].
pub fn parse_literal(s: &str) -> Option<Ymd> {
    let s = s.trim();
    match literal_at(s.as_bytes(), 0)? {
        (end, ymd) if end == s.len() => Some(ymd),
        _ => None,
    }
}

/// A run of `min` to `max` ASCII digits at `i` not followed by another digit: its value and
/// end.
fn digits(b: &[u8], i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v = 0u32;
    while j < b.len() && j - i < max && b[j].is_ascii_digit() {
        v = v * 10 + u32::from(b[j] - b'0');
        j += 1;
    }
    if j - i < min || (j < b.len() && b[j].is_ascii_digit()) {
        return None;
    }
    Some((v, j))
}

fn letters(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    j
}

/// Skips an English ordinal suffix (`st`, `nd`, `rd`, `th`).
fn ordinal(b: &[u8], i: usize) -> usize {
    let j = letters(b, i);
    match b[i..j].to_ascii_lowercase().as_slice() {
        b"st" | b"nd" | b"rd" | b"th" => j,
        _ => i,
    }
}

/// Skips spaces, and at most one comma or period before them.
fn gap(b: &[u8], mut i: usize, need_space: bool) -> Option<usize> {
    let s = i;
    let mut punct = false;
    let mut space = false;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => space = true,
            // A no-break space.
            0xC2 if b.get(i + 1) == Some(&0xA0) => {
                space = true;
                i += 1;
            }
            b',' | b'.' if !punct && !space => punct = true,
            _ => break,
        }
        i += 1;
    }
    if i == s || (need_space && !space && !punct) {
        return None;
    }
    Some(i)
}

fn year(b: &[u8], i: usize) -> Option<(u16, usize)> {
    let (y, j) = digits(b, i, 4, 4)?;
    ((1900..=2100).contains(&y)).then_some((y as u16, j))
}

/// `(y, m, d)` when day `d` exists in that month.
fn valid(y: u16, m: u8, d: u32) -> Option<Ymd> {
    let days = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d).then_some((y, m, d as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        #[track_caller]
        fn check(word: &str, want: Option<(u8, bool)>) {
            let got = month_from_name(word.as_bytes()).map(|m| (m.month, m.abbreviated));
            assert_eq!(got, want, "{word}");
        }
        check("January", Some((1, false)));
        check("MAY", Some((5, false)));
        check("may", Some((5, false)));
        check("jan", Some((1, true)));
        check("Sept", Some((9, true)));
        check("sep", Some((9, true)));
        check("September", Some((9, false)));
        check("ja", None);
        check("janu", None);
        check("Mayday", None);
        check("decembers", None);
        for a in MONTH_ABBREVIATIONS {
            assert!(
                month_from_name(a.as_bytes()).is_some_and(|m| m.abbreviated),
                "{a}"
            );
        }
        assert_eq!(weekday_from_name(b"Sunday"), Some(7));
        assert_eq!(weekday_from_name(b"MONDAY"), Some(1));
        assert_eq!(weekday_from_name(b"mon"), None);
    }

    #[test]
    fn literals() {
        #[track_caller]
        fn check(s: &str, want: Option<Ymd>) {
            assert_eq!(parse_literal(s), want, "{s}");
        }
        check("2021-11-08", Some((2021, 11, 8)));
        check(" 8 November 2021 ", Some((2021, 11, 8)));
        check("08 Jan. 2023", Some((2023, 1, 8)));
        check("November 8, 2021", Some((2021, 11, 8)));
        check("Nov. 8 2021", Some((2021, 11, 8)));
        check("January 9th, 2023", Some((2023, 1, 9)));
        check("29 February 2024", Some((2024, 2, 29)));
        check("29 February 2023", None);
        check("2021-13-08", None);
        check("1850-01-01", None);
        check("November 2021", None);
        check("8 November 2021 at noon", None);
    }
}

//! Calendar dates written out in datelines, and location datelines ("KABUL:").
//!
//! The dates themselves are parsed by [`khabar_core::date`], the parser the date
//! normalizer shares; this module only finds where in a line one starts.

use khabar_core::date;

use crate::bytes::has_four_digits;

/// A calendar date found in a line: where it is and what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) ymd: date::Ymd,
}

/// The first calendar date in `line`, on word boundaries.
pub(crate) fn find_date(line: &str) -> Option<FoundDate> {
    let b = line.as_bytes();
    // Every form holds a four-digit year: most lines have no run of four digits, and are
    // passed over without looking for month names at each word.
    if !has_four_digits(b) {
        return None;
    }
    // Nor does one start after the last four digits.
    let last = b
        .windows(4)
        .rposition(|w| w.iter().all(u8::is_ascii_digit))?;
    let mut i = 0;
    while i <= last {
        let c = b[i];
        let starts_word = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if starts_word && c.is_ascii_alphanumeric() {
            if let Some((end, ymd)) = date::literal_at(b, i) {
                let iso_time =
                    b.get(end) == Some(&b'T') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
                if end == b.len() || !b[end].is_ascii_alphanumeric() || iso_time {
                    return Some(FoundDate { start: i, end, ymd });
                }
            }
        }
        i += 1;
    }
    None
}

/// Whether `w` names a day of the week, in full or as a three-letter abbreviation.
pub(crate) fn is_weekday(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    if w.len() < 3 || !w.is_ascii() {
        return false;
    }
    date::WEEKDAYS.iter().any(|d| {
        d.len() >= w.len()
            && d[..w.len()].eq_ignore_ascii_case(w)
            && (w.len() == 3 || w.len() == d.len())
    })
}

/// A location dateline opening a body paragraph: `KABUL:`, `PESHAWAR (Reuters) -`,
/// `DERA ISMAIL KHAN:`, `ISLAMABAD, Nov 8 (APP) —`. Returns the byte range of the place.
pub(crate) fn location(line: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    // The place: upper-case words of letters, `.`, `'` or `-`, separated by single spaces.
    let mut i = 0;
    let mut letters = 0;
    let mut end = 0;
    while i < b.len() && i < 40 {
        let c = b[i];
        if c.is_ascii_uppercase() {
            letters += 1;
            end = i + 1;
        } else if c == b'.' || c == b'\'' || c == b'-' {
            if letters == 0 {
                return None;
            }
        } else if c == b' ' {
            if b.get(i + 1).is_none_or(|n| !n.is_ascii_uppercase()) {
                break;
            }
            // "DERA ISMAIL KHAN" but not "KABUL The": the next word must be all capitals.
            let w = &b[i + 1..];
            let wl = w.iter().take_while(|c| c.is_ascii_alphabetic()).count();
            if w[..wl].iter().any(|c| c.is_ascii_lowercase()) {
                break;
            }
        } else {
            break;
        }
        i += 1;
    }
    if letters < 3 || end == 0 {
        return None;
    }
    let mut j = end;
    // Optional ", Afghanistan" / ", Nov 8" and " (Reuters)".
    if b.get(j) == Some(&b',') {
        let rest = &line[j + 1..];
        let stop = rest
            .find([':', '(', '\u{2014}', '\u{2013}'])
            .unwrap_or(rest.len())
            .min(rest.find(" - ").unwrap_or(rest.len()))
            .min(rest.find(" --").unwrap_or(rest.len()));
        let words = rest[..stop].split_whitespace().count();
        if stop > 30 || words == 0 || words > 4 {
            return None;
        }
        j = j + 1 + stop;
        // A trailing " -" before the agency or the dash separator.
        while line[..j].ends_with(' ') {
            j -= 1;
        }
        if line[..j].ends_with(" -") {
            j -= 2;
        }
    }
    let rest = line[j..].trim_start();
    let rest = if let Some(r) = rest.strip_prefix('(') {
        let close = r.find(')')?;
        if close > 24 || close == 0 {
            return None;
        }
        r[close + 1..].trim_start()
    } else {
        rest
    };
    let sep = rest.starts_with(':')
        || rest.starts_with("- ")
        || rest.starts_with("--")
        || rest.starts_with('\u{2014}')
        || rest.starts_with('\u{2013}');
    sep.then_some((0, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(line: &str, expected: Option<(&str, (u16, u8, u8))>) {
        let got = find_date(line).map(|d| (&line[d.start..d.end], d.ymd));
        assert_eq!(got, expected, "{line:?}");
    }

    #[test]
    fn dates() {
        check(
            "Updated 08 January 2023",
            Some(("08 January 2023", (2023, 1, 8))),
        );
        check(
            "Published November 8, 2021 05:00am",
            Some(("November 8, 2021", (2021, 11, 8))),
        );
        check("Nov. 8, 2021", Some(("Nov. 8, 2021", (2021, 11, 8))));
        check("Nov 8 2021", Some(("Nov 8 2021", (2021, 11, 8))));
        check("2021-11-08T10:00:00Z", Some(("2021-11-08", (2021, 11, 8))));
        check(
            "January 9th, 2023",
            Some(("January 9th, 2023", (2023, 1, 9))),
        );
        check(
            "Monday, 9 Jan 2023 | 10:45 AM",
            Some(("9 Jan 2023", (2023, 1, 9))),
        );
        check("Sept. 30, 2022", Some(("Sept. 30, 2022", (2022, 9, 30))));
        check(
            "Updated\u{a0}08\u{a0}January\u{a0}2023",
            Some(("08\u{a0}January\u{a0}2023", (2023, 1, 8))),
        );
        check("February 30, 2022", None);
        check("May 2022", None);
        check("on 8 May", None);
        check("12345 March 2021", None);
        check("Marching 8, 2021", None);
        check("2021-13-01", None);
    }

    #[track_caller]
    fn check_loc(line: &str, expected: Option<&str>) {
        assert_eq!(
            location(line).map(|(s, e)| &line[s..e]),
            expected,
            "{line:?}"
        );
    }

    #[test]
    fn locations() {
        check_loc("KABUL: The Taliban said", Some("KABUL"));
        check_loc("PESHAWAR (Reuters) - Militants attacked", Some("PESHAWAR"));
        check_loc("DERA ISMAIL KHAN: Police said", Some("DERA ISMAIL KHAN"));
        check_loc(
            "ISLAMABAD, Nov 8 (APP) \u{2014} The government",
            Some("ISLAMABAD"),
        );
        check_loc("KABUL, Afghanistan \u{2014} The Taliban", Some("KABUL"));
        check_loc("PESHAWAR, Nov 8 - The Taliban", Some("PESHAWAR"));
        check_loc("KABUL -- The Taliban", Some("KABUL"));
        check_loc("KABUL, the capital, is cold and the Taliban said", None);
        check_loc("TTP: a history", Some("TTP"));
        check_loc("The TTP said", None);
        check_loc("KP police said", None);
        check_loc("NEW DELHI The minister", None);
    }
}

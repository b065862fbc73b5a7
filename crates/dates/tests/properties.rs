//! Property tests: any text with any anchor gives well-formed matches, and never panics.

use khabar_dates::{Date, DateNormalizer};
use proptest::prelude::*;

fn anchor() -> impl Strategy<Value = Option<Date>> {
    prop::option::of(
        (1900i16..2100, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap()),
    )
}

/// Text made of date-like pieces, so the grammars are exercised, not only the tokenizer.
fn datey() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "last", "next", "this", "the", "past", "Friday", "May", "March", "Dec.", "19", "2022", "-",
        "/", ",", ".", "'", "year", "years", "weeks", "ago", "earlier", "a", "two", "twenty",
        "nineteen", "ninety", "quarter", "third", "mid", "early", "late", "p.m.", "9:09", "EDT",
        "every", "Monday", "night", "fiscal", "1990s", "century", "20th", "s", "and", "half", "—",
        "é", "\n", "  ", "now", "recent", "14", "$", "%", "of", "that", "same", "day",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

fn check(text: &str, anchor: Option<Date>) {
    let dates = DateNormalizer::builder().build();
    let mut prev = 0;
    for m in dates.find_iter(text, anchor) {
        let (s, e) = (m.span.start as usize, m.span.end as usize);
        assert!(
            prev <= s && s < e && e <= text.len(),
            "bad span {s}..{e} after {prev} in {text:?}"
        );
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(!m.value.is_empty());
        prev = e;
    }
    let _ = dates.parse_date(text);
}

proptest! {
    #[test]
    fn any_text(text in any::<String>(), anchor in anchor()) {
        check(&text, anchor);
    }

    #[test]
    fn date_like_text(text in datey(), anchor in anchor()) {
        check(&text, anchor);
    }

    #[test]
    fn glued_date_like_text(text in datey(), anchor in anchor()) {
        check(&text.replace(' ', ""), anchor);
    }
}

/// Inputs the fuzzer found: amounts too large for the arithmetic of durations.
#[test]
fn huge_amounts() {
    let anchor = Date::new(2022, 12, 19).ok();
    for text in [
        "88277776878.8days,88s",
        "Pak ke banni 3gofur33333333333333333333333333333333333.333333p haveeers",
        "4294967295.9 years and a half",
        "4294967295 and a half years, 99999999999 1/2 hours",
        "3..5 years, 12.x months",
    ] {
        check(text, anchor);
        check(text, None);
    }
}

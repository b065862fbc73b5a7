//! Fuzzes `khabar-dates`: any UTF-8 input with any anchor must give in-bounds, char-boundary,
//! ordered, non-overlapping spans with non-empty values, and `parse_date` must never panic.
//!
//!     cd fuzz && cargo fuzz run dates
#![no_main]

use khabar_dates::{Date, DateNormalizer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (anchor, rest) = match data.split_first() {
        Some((&b, rest)) => (b, rest),
        None => return,
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let anchor = (anchor != 0).then(|| Date::constant(1990, 1, 1) + jiff::Span::new().days(anchor as i64 * 97));
    let dates = DateNormalizer::builder().build();
    let mut prev = 0;
    for m in dates.find_iter(text, anchor) {
        let (s, e) = (m.span.start as usize, m.span.end as usize);
        assert!(prev <= s && s < e && e <= text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(!m.value.is_empty());
        prev = e;
    }
    let _ = dates.parse_date(text);
});

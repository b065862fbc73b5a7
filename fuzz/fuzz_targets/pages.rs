//! Fuzzes `khabar-pages`: any UTF-8 page must give articles and boilerplate zones that are
//! in bounds, on char boundaries, ordered and non-overlapping, and never panic.
//!
//!     cd fuzz && cargo fuzz run pages
#![no_main]

use khabar_pages::PageSegmenter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let page = PageSegmenter::new().segment(text);
    let ok = |s: khabar_core::Span| {
        s.start <= s.end
            && s.end as usize <= text.len()
            && text.is_char_boundary(s.start as usize)
            && text.is_char_boundary(s.end as usize)
    };
    let mut prev = 0;
    for a in &page.articles {
        assert!(ok(a.span) && a.span.start >= prev);
        prev = a.span.end;
        for s in [a.headline, a.dateline, a.location].into_iter().flatten() {
            assert!(ok(s) && a.span.contains(s));
        }
    }
    let mut prev = 0;
    for z in &page.boilerplate {
        assert!(ok(*z) && z.start >= prev && !z.is_empty());
        prev = z.end;
    }
    assert_eq!(page.articles.is_empty(), text.trim().is_empty());
});

//! Fuzzes `khabar-tokenizer`: any UTF-8 input must give in-bounds, char-boundary, ordered,
//! non-overlapping token spans, sentences made of whole tokens, and never panic.
//!
//!     cd fuzz && cargo fuzz run tokenizer
#![no_main]

use khabar_tokenizer::{Segmentation, Tokenizer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tok = Tokenizer::new();
    let mut seg = Segmentation::default();
    tok.segment(text, &mut seg);
    let mut prev = 0;
    for t in &seg.tokens {
        let (s, e) = (t.span.start as usize, t.span.end as usize);
        assert!(prev <= s && s < e && e <= text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        prev = e;
    }
    assert!(tok
        .tokens(text)
        .map(|t| t.span)
        .eq(seg.tokens.iter().map(|t| t.span)));
    let mut prev = 0;
    for s in &seg.sentences {
        assert!(prev <= s.start as usize && s.start < s.end && s.end as usize <= text.len());
        assert!(seg.tokens.iter().any(|t| t.span.start == s.start));
        assert!(seg.tokens.iter().any(|t| t.span.end == s.end));
        assert!(seg.paragraphs.iter().any(|p| p.contains(*s)));
        prev = s.end as usize;
    }
});

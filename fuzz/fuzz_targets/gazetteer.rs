//! Fuzzes `khabar-gazetteer`: the first line of the input is read as a gazetteer of any
//! format (errors are fine), the rest is matched with it and with the default gazetteer;
//! spans must be in bounds, on char and word boundaries, ordered and non-overlapping, and
//! nothing may panic.
//!
//!     cd fuzz && cargo fuzz run gazetteer
#![no_main]

use std::sync::OnceLock;

use khabar_gazetteer::{Gazetteer, GazetteerFormat};
use libfuzzer_sys::fuzz_target;

fn check(g: &Gazetteer, text: &str) {
    let mut prev = 0;
    for m in g.find_iter(text) {
        let (s, e) = (m.span.start as usize, m.span.end as usize);
        assert!(prev <= s && s < e && e <= text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(khabar_core::chars::is_word_boundary(text, s) && khabar_core::chars::is_word_boundary(text, e));
        assert!(!m.entries.is_empty() && m.entries.windows(2).all(|w| w[0] < w[1]));
        prev = e;
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    static DEFAULT: OnceLock<Gazetteer> = OnceLock::new();
    let default = DEFAULT.get_or_init(|| Gazetteer::builder().add_default().build().unwrap());
    let (gaz, text) = input.split_once("\n\n").unwrap_or(("", input));
    check(default, text);
    let mut b = Gazetteer::builder();
    if b.add_reader(gaz.as_bytes(), "fuzz", GazetteerFormat::Auto).is_ok() {
        if let Ok(g) = b.build() {
            check(&g, text);
        }
    }
});

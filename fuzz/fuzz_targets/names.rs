//! Fuzzes `khabar-names`: any UTF-8 input; names must be in bounds, on char boundaries,
//! ordered and non-overlapping, each in a group whose canonical span is in bounds, and
//! nothing may panic.
//!
//!     cd fuzz && cargo fuzz run names
#![no_main]

use std::sync::OnceLock;

use khabar_names::{NameFinder, Scratch};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    static FINDER: OnceLock<NameFinder> = OnceLock::new();
    let finder = FINDER.get_or_init(NameFinder::new);
    let mut s = Scratch::default();
    let found = finder.find(text, &mut s);
    let mut prev = 0;
    for n in found.names() {
        let (a, b) = (n.span.start as usize, n.span.end as usize);
        assert!(prev <= a && a < b && b <= text.len());
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        let g = found.groups()[n.group as usize];
        assert!(text.get(g.canonical.range()).is_some() && g.mentions > 0);
        prev = b;
    }
});

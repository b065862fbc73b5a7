//! Finds the time expressions of every text of a file of NUL-separated texts, for
//! instruction counting; prints their number and a digest of them all, which changes when any
//! span, type, value, rule or resolution step does:
//!
//!     valgrind --tool=callgrind target/release/examples/dates-corpus texts.txt0 [ANCHOR]
use std::hash::{DefaultHasher, Hash, Hasher};

use khabar_dates::{Date, DateNormalizer, Scratch, Story};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dates = DateNormalizer::builder().build();
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: dates-corpus FILE [ANCHOR]")?;
    let anchor: Option<Date> = std::env::args().nth(2).map(|a| a.parse()).transpose()?;
    let all = std::fs::read_to_string(path)?;
    let mut scratch = Scratch::default();
    let mut digest = DefaultHasher::new();
    let mut found = 0;
    for text in all.split('\0') {
        let mut story = Story::default();
        for m in dates.find_iter_in_story(text, anchor, &mut scratch, &mut story) {
            found += 1;
            (m.span.start, m.span.end, m.timex_type.as_str()).hash(&mut digest);
            (m.value, m.rule, m.resolution).hash(&mut digest);
        }
    }
    println!("{found} expressions, digest {:016x}", digest.finish());
    Ok(())
}

//! Prints the time expressions of standard input: `find [ANCHOR] < text`.

use std::io::Read;

use khabar_dates::{Date, DateNormalizer};

fn main() {
    let anchor: Option<Date> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("UTF-8 input");
    let dates = DateNormalizer::builder().build();
    for m in dates.find_iter(&text, anchor) {
        println!(
            "{}\t{}\t{}\t{}\t{}/{}",
            m.span.start,
            m.timex_type.as_str(),
            m.value,
            &text[m.span.range()],
            m.rule,
            m.resolution
        );
    }
}

//! The corpus readers never panic, whatever the bytes: every format, a small document limit.
#![no_main]

use khabar_pipeline::read::{Input, InputFormat, InputReader, Item};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [InputFormat::Txt, InputFormat::Jsonl, InputFormat::Csv] {
        let input = Input {
            path: "fuzz".into(),
            txt_id: "fuzz".into(),
            format,
        };
        let bytes = data.to_vec();
        for item in InputReader::from_reader(input, Box::new(std::io::Cursor::new(bytes)), 4096) {
            match item {
                Item::Article(a) => {
                    assert!(a.text.len() <= 4096 * 4 || format == InputFormat::Csv);
                    assert!(!a.id.is_empty() || format == InputFormat::Txt);
                }
                Item::Skip(s) => assert!(s.location.starts_with("fuzz")),
            }
        }
    }
});

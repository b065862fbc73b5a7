//! The readers never panic and never lose track of lines, whatever the bytes (the fuzz
//! target `fuzz/fuzz_targets/readers.rs` does the same at length).

use khabar_pipeline::read::{Input, InputFormat, InputReader, Item};
use proptest::prelude::*;

fn read(bytes: &[u8], format: InputFormat, max: usize) -> Vec<Item> {
    let input = Input {
        path: "mem".into(),
        txt_id: "mem".into(),
        format,
    };
    InputReader::from_reader(input, Box::new(std::io::Cursor::new(bytes.to_vec())), max).collect()
}

/// Bytes that look a little like JSONL or CSV: braces, quotes, commas, newlines, UTF-8 and not.
fn corpus_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"{\"id\":\"x\",\"text\":\"Kabul\"}".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\"".to_vec()),
        Just(b",".to_vec()),
        Just(b"id,text\n".to_vec()),
        Just("é“”".as_bytes().to_vec()),
        Just(vec![0xff, 0xfe]),
        Just(vec![0]),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn readers_never_panic(bytes in corpus_bytes(), max in 1usize..64) {
        for format in [InputFormat::Txt, InputFormat::Jsonl, InputFormat::Csv] {
            for item in read(&bytes, format, max) {
                if let Item::Skip(s) = item {
                    prop_assert!(s.location.starts_with("mem"));
                }
            }
        }
    }

    #[test]
    fn every_jsonl_line_is_an_article_or_a_skip(lines in proptest::collection::vec("[a-z{}\":, ]{0,12}", 0..20)) {
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let items = read(body.as_bytes(), InputFormat::Jsonl, 1 << 20);
        let non_blank = lines.iter().filter(|l| !l.trim().is_empty()).count();
        prop_assert_eq!(items.len(), non_blank);
    }
}

//! Reads JSONL documents (`{"id", "text"}`) on stdin and writes their token and sentence
//! spans as JSONL (`{"id", "tokens", "sentences"}`), like `khabar tokenize` but with no
//! other khabar crate involved.
//!
//!     cargo run --release -p khabar-tokenizer --example tokenize-jsonl < docs.jsonl

use std::io::{self, BufRead, Write};

use khabar_tokenizer::{Segmentation, Tokenizer};

fn main() -> io::Result<()> {
    let tok = Tokenizer::new();
    let mut seg = Segmentation::default();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = doc["text"].as_str().unwrap_or("");
        tok.segment(text, &mut seg);
        let spans =
            |v: &[khabar_core::Span]| v.iter().map(|s| [s.start, s.end]).collect::<Vec<_>>();
        let tokens: Vec<_> = seg
            .tokens
            .iter()
            .map(|t| [t.span.start, t.span.end])
            .collect();
        let rec = serde_json::json!({
            "id": doc["id"],
            "tokens": tokens,
            "sentences": spans(&seg.sentences),
        });
        writeln!(out, "{rec}")?;
    }
    out.flush()
}

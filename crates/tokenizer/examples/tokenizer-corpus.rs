//! Segments every text of a file of NUL-separated texts, for instruction counting:
//!
//!     valgrind --tool=callgrind target/release/examples/tokenizer-corpus texts.txt0
use khabar_tokenizer::{Segmentation, Tokenizer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tok = Tokenizer::new();
    let mut seg = Segmentation::default();
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: tokenizer-corpus FILE")?;
    let all = std::fs::read_to_string(path)?;
    let (mut tokens, mut sentences) = (0, 0);
    for text in all.split('\0') {
        tok.segment(text, &mut seg);
        tokens += seg.tokens.len();
        sentences += seg.sentences.len() + seg.paragraphs.len();
    }
    println!("{tokens} tokens, {sentences} sentences and paragraphs");
    Ok(())
}

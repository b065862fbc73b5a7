//! Throughput of the tokenizer on news text: `segment` (tokens, sentences and paragraphs
//! in one pass) and the lazy `tokens` iterator.
//!
//!     cargo bench -p khabar-tokenizer

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use khabar_tokenizer::{Segmentation, Tokenizer};

/// A news article written for this bench (South Asia security news, with abbreviations,
/// clitics, quotes, numbers, a URL, an email and Urdu script).
const ARTICLE: &str = include_str!("../../../fixtures/tokenizer/news.txt");
const COPIES: usize = 64;
const TOKENS: usize = 699;
const SENTENCES: usize = 37;

fn corpus() -> String {
    let mut text = String::with_capacity((ARTICLE.len() + 2) * COPIES);
    for _ in 0..COPIES {
        text.push_str(ARTICLE);
        text.push_str("\n\n");
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let tok = Tokenizer::new();
    let mut group = c.benchmark_group("tokenizer");
    group.throughput(Throughput::Bytes(text.len() as u64));
    let mut seg = Segmentation::default();
    group.bench_function("segment", |b| {
        b.iter(|| {
            tok.segment(black_box(&text), &mut seg);
            assert_eq!(seg.tokens.len(), TOKENS * COPIES);
            assert_eq!(seg.sentences.len(), SENTENCES * COPIES);
        })
    });
    group.bench_function("tokens", |b| {
        b.iter(|| {
            let n = tok.tokens(black_box(&text)).count();
            assert_eq!(n, TOKENS * COPIES);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

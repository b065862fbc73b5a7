//! Throughput of `DateNormalizer::find_iter` on news-like text (written for this bench).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_dates::{Date, DateNormalizer};

const NEWS: &str = include_str!("news.txt");
const COPIES: usize = 200;
/// Time expressions in one copy of `news.txt` with the anchor 2021-11-08.
const PER_COPY: usize = 58;

fn bench(c: &mut Criterion) {
    let text = NEWS.repeat(COPIES);
    let dates = DateNormalizer::builder().build();
    let dct: Date = "2021-11-08".parse().unwrap();
    // A broken normalizer must not post a fast time: the count is checked in the loop.
    assert_eq!(dates.find_iter(NEWS, Some(dct)).count(), PER_COPY);
    let expected = PER_COPY * COPIES;
    let mut group = c.benchmark_group("dates");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("find_iter", |b| {
        b.iter(|| {
            let n = dates.find_iter(&text, Some(dct)).count();
            assert_eq!(n, expected);
        })
    });
    group.bench_function("find_iter_no_anchor", |b| {
        b.iter(|| {
            let n = dates.find_iter(&text, None).count();
            assert!(n > 0);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

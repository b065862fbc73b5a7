//! Throughput of `PageSegmenter::segment` on the sample corpus pages.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_pages::PageSegmenter;

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/corpus exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable fixture"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let pages = corpus();
    let bytes: usize = pages.iter().map(String::len).sum();
    let seg = PageSegmenter::new();
    // The sample corpus: 20 pages, two of them with two articles, and 67 boilerplate zones.
    let count = |p: &String| {
        let page = seg.segment(p);
        (page.articles.len(), page.zones.len())
    };
    let expected = (22, 67);
    let mut g = c.benchmark_group("pages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("segment", |b| {
        b.iter(|| {
            let n = pages
                .iter()
                .map(count)
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            assert_eq!(n, expected);
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The names step alone on the fixture corpus, in MB/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_names::{NameFinder, Scratch};

fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("utf-8 fixture"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let finder = NameFinder::new();
    let mut s = Scratch::default();
    let expected = finder.find(&text, &mut s).names().len();
    assert!(expected > 50, "{expected} names in the fixture corpus");
    let mut g = c.benchmark_group("names");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("find", |b| {
        b.iter(|| {
            let n = finder.find(&text, &mut s).names().len();
            assert_eq!(n, expected);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

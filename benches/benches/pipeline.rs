//! End to end: read, analyse and write all tables, with 1 thread and every thread.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_pipeline::{Config, EngineConfig};

/// The allocator of the `khabar` binary, so that the bench measures what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ARTICLES: usize = 2000;

fn corpus() -> (PathBuf, u64) {
    let dir = std::env::temp_dir().join(format!("khabar-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jsonl = khabar_benches::synthetic_jsonl(ARTICLES, 42);
    let text_bytes: u64 = jsonl
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .len() as u64
        })
        .sum();
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    (path, text_bytes)
}

fn end_to_end(c: &mut Criterion) {
    let (input, bytes) = corpus();
    let out = input.with_file_name("out");
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    for threads in [1, all] {
        let config = Config {
            inputs: vec![input.clone()],
            out: out.clone(),
            engine: EngineConfig::default(),
            threads: Some(threads),
            ..Config::default()
        };
        group.bench_function(format!("run/{threads}-threads"), |b| {
            b.iter(|| {
                let s = khabar_pipeline::run(&config, |s| panic!("skip {s:?}")).unwrap();
                assert_eq!(s.documents, ARTICLES as u64);
                s
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(input.parent().unwrap());
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);

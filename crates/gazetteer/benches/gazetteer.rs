//! Matching throughput with a generated 130,000-name gazetteer over generated news-like
//! text (no shared data), and the build time of that gazetteer and of the default one.
//!
//!     cargo bench -p khabar-gazetteer

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_gazetteer::{Gazetteer, Scratch};

#[path = "../examples/common/mod.rs"]
mod common;
use common::Lcg;

const FILLER: &[&str] = &[
    "the",
    "officials",
    "said",
    "on",
    "a",
    "meeting",
    "in",
    "of",
    "talks",
    "were",
    "held",
    "after",
    "attack",
    "and",
    "security",
    "forces",
    "reported",
    "that",
    "government",
    "would",
    "continue",
    "with",
    "police",
    "district",
    "province",
    "near",
    "border",
    "week",
    "last",
    "statement",
    "group",
    "people",
    "killed",
    "wounded",
    "army",
];

/// A capitalised made-up word of two or three syllables, e.g. `Khaneilst`.
fn word(r: &mut Lcg) -> String {
    let mut w = String::new();
    common::word(r, &mut w);
    w
}

/// A TSV gazetteer of `n` names (a quarter of them two words) and the names.
fn gazetteer(n: usize) -> (String, Vec<String>) {
    let mut r = Lcg(7);
    let mut tsv = String::from("id\tname\ttype\taliases\tcountry_code\n");
    let mut names = Vec::with_capacity(n);
    for i in 0..n {
        let name = if i % 4 == 0 {
            format!("{} {}", word(&mut r), word(&mut r))
        } else {
            word(&mut r)
        };
        tsv.push_str(&format!("g{i}\t{name}\tLOC\t\tXX\n"));
        names.push(name);
    }
    (tsv, names)
}

/// About `bytes` of text: filler sentences with a gazetteer name every ~12 words, and the
/// number of names inserted.
fn text(names: &[String], bytes: usize) -> (String, usize) {
    let mut r = Lcg(11);
    let mut t = String::with_capacity(bytes + 200);
    let mut count = 0;
    while t.len() < bytes {
        t.push_str("The");
        for k in 0..12 + r.next(10) {
            t.push(' ');
            if k == 5 {
                t.push_str(&names[r.next(names.len())]);
                count += 1;
            } else {
                t.push_str(FILLER[r.next(FILLER.len())]);
            }
        }
        t.push_str(if r.next(5) == 0 { ".\n\n" } else { ". " });
    }
    (t, count)
}

fn bench(c: &mut Criterion) {
    let (tsv, names) = gazetteer(130_000);
    let gaz = Gazetteer::builder()
        .add_table(tsv.as_bytes(), "generated.tsv")
        .unwrap()
        .build()
        .unwrap();
    let (text, count) = text(&names, 4_000_000);
    // Generated names may repeat or be prefixes of others; what matters is that the count
    // is fixed, so check it once against the number inserted and then in the loop.
    let expected = gaz.find_iter(&text).count();
    assert!(
        expected >= count * 99 / 100 && expected <= count,
        "{expected} matches for {count} names"
    );

    let default_len = Gazetteer::builder().add_default().build().unwrap().len();

    let mut g = c.benchmark_group("gazetteer");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("find_iter/130k-generated", |b| {
        let mut scratch = Scratch::new();
        b.iter(|| {
            let n = gaz.find_iter_with(black_box(&text), &mut scratch).count();
            assert_eq!(n, expected);
        })
    });
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("build/130k-generated", |b| {
        b.iter(|| {
            let gz = Gazetteer::builder()
                .add_table(tsv.as_bytes(), "generated.tsv")
                .unwrap()
                .build()
                .unwrap();
            assert_eq!(gz.len(), 130_000);
        })
    });
    g.throughput(Throughput::Elements(default_len as u64));
    g.bench_function("build/default", |b| {
        b.iter(|| {
            let gz = Gazetteer::builder().add_default().build().unwrap();
            assert_eq!(gz.len(), default_len);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

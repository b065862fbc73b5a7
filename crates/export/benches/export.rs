//! Export throughput: synthetic document records encoded as spreadsheet-safe CSV by a
//! [`CsvExporter::discard`] exporter (everything encoded, nothing written), reported in MB/s
//! of CSV produced.

use std::{hint::black_box, sync::Arc};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_core::{
    Article, ArticleRecord, DateMention, DctSource, DocumentRecord, EntityMention, Span, TimexType,
};
use khabar_export::{CsvExporter, ExportOptions};

const NAMES: &[(&str, &str, &str)] = &[
    (
        "Tehreek-e-Taliban Pakistan",
        "ORG",
        "Tehreek-e-Taliban Pakistan",
    ),
    ("Khyber Pakhtunkhwa", "LOC", "Khyber Pakhtunkhwa"),
    ("Kabul", "LOC", "Kabul"),
    ("Pakistani", "NORP", "Pakistanis"),
    ("Mufti Noor Wali Mehsud", "PERSON", "Noor Wali Mehsud"),
    ("Islamabad", "LOC", "Islamabad"),
];

/// A page of `n` sentences, each naming two entities and one date.
fn record(doc: usize, n: usize) -> DocumentRecord {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut entities = Vec::new();
    let mut dates = Vec::new();
    for s in 0..n {
        let start = text.len();
        let (a, b) = (
            NAMES[(doc + s) % NAMES.len()],
            NAMES[(doc + 2 * s + 1) % NAMES.len()],
        );
        text.push_str("Officials said \"talks\" between ");
        let ea = text.len();
        text.push_str(a.0);
        text.push_str(" and ");
        let eb = text.len();
        text.push_str(b.0);
        text.push_str(" resumed on ");
        let d = text.len();
        text.push_str("19 December 2022");
        text.push_str(", according to a statement.\n");
        let sent = s as u32;
        for (pos, (name, ty, canon)) in [(ea, a), (eb, b)] {
            entities.push(EntityMention {
                span: Span::new(pos, pos + name.len()),
                article: 1,
                sentence: sent,
                entity_type: Arc::from(ty),
                entity_id: Arc::from(format!("Q{}", canon.len())),
                canonical: Arc::from(canon),
                match_kind: "exact",
                alias: None,
                ambiguous: false,
                in_boilerplate: false,
            });
        }
        dates.push(DateMention {
            span: Span::new(d, d + 16),
            article: 1,
            sentence: sent,
            timex_type: TimexType::Date,
            value: "2022-12-19".into(),
            anchor: "2022-12-20".into(),
            in_boilerplate: false,
            rule: "month",
            resolution: "",
        });
        sentences.push(Span::new(start, text.len()));
    }
    let len = text.len();
    DocumentRecord {
        article: Article {
            id: format!("{doc:05}"),
            title: Some(if doc % 7 == 0 {
                "=HYPERLINK(\"x\")".into()
            } else {
                "TTP talks resume in Kabul".into()
            }),
            url: Some(format!("https://news.example/{doc}")),
            source: Some("example".into()),
            text,
            ..Article::default()
        },
        articles: vec![ArticleRecord {
            index: 1,
            span: Span::new(0, len),
            title: Some("TTP talks resume in Kabul".into()),
            dct: Some("2022-12-20".into()),
            dct_source: DctSource::Metadata,
            chars: len as u64,
            tokens: 20 * n as u64,
            sentences: n as u64,
            entities: 2 * n as u64,
            dates: n as u64,
            ..ArticleRecord::default()
        }],
        sentences,
        entities,
        dates,
        tokens: 20 * n as u64,
        ..DocumentRecord::default()
    }
}

fn export(recs: &[DocumentRecord]) -> u64 {
    let mut ex = CsvExporter::discard(&ExportOptions::default()).unwrap();
    for r in recs {
        ex.write(r).unwrap();
    }
    let s = ex.finish(&serde_json::json!({})).unwrap();
    s.files
        .iter()
        .filter(|f| f.file.ends_with(".csv"))
        .map(|f| f.bytes)
        .sum()
}

/// Nanoseconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn bench(c: &mut Criterion) {
    let recs: Vec<DocumentRecord> = (0..500).map(|i| record(i, 12)).collect();
    let bytes = export(&recs);
    assert!(bytes > 1_000_000, "{bytes}");
    let mut g = c.benchmark_group("export");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("csv", |b| {
        b.iter(|| assert_eq!(export(black_box(&recs)), bytes))
    });
    // The same work timed in CPU time of this thread, which a loaded machine (other builds on
    // the same cores) does not inflate; wall time where the kernel does not report it.
    g.bench_function("csv-cpu-time", |b| {
        b.iter_custom(|iters| {
            let (t0, w0) = (thread_cpu_ns(), std::time::Instant::now());
            for _ in 0..iters {
                assert_eq!(export(black_box(&recs)), bytes);
            }
            match (t0, thread_cpu_ns()) {
                (Some(a), Some(b)) => std::time::Duration::from_nanos(b - a),
                _ => w0.elapsed(),
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Output order is input order: the same corpus gives byte-identical tables whatever the
//! thread count and batch size.

mod common;

use std::{collections::BTreeMap, path::Path};

use common::TempDir;
use khabar_pipeline::{Config, RunSummary};

/// Every file of an output folder except the run manifest (it holds timings and threads).
fn tables(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        if name != "run.json" {
            out.insert(name, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn run(
    corpus: &TempDir,
    out: &Path,
    threads: usize,
    batch_size: usize,
    in_flight: usize,
) -> RunSummary {
    let mut inputs = vec![corpus.path().to_path_buf()];
    inputs.push(common::fixture_corpus());
    let config = Config {
        inputs,
        out: out.to_path_buf(),
        threads: Some(threads),
        batch_size,
        max_in_flight_bytes: in_flight,
        export: khabar_pipeline::ExportOptions {
            jsonl: true,
            xlsx: true,
            ..Default::default()
        },
        ..Config::default()
    };
    khabar_pipeline::run(&config, |s| panic!("unexpected skip {s:?}")).unwrap()
}

#[test]
fn one_and_four_threads_write_the_same_bytes() {
    let corpus = TempDir::new("det-corpus");
    common::write_corpus(&corpus, 300);
    let out = TempDir::new("det-out");
    let a = run(&corpus, &out.path().join("t1"), 1, 256, 32 << 20);
    let b = run(&corpus, &out.path().join("t4"), 4, 7, 32 << 20);
    // One batch in flight at a time: slower, the same bytes.
    let c = run(&corpus, &out.path().join("t2"), 2, 3, 1);
    assert_eq!(
        tables(&out.path().join("t1")),
        tables(&out.path().join("t2"))
    );
    assert_eq!(c.documents, a.documents);
    assert!(a.documents >= 300, "{a:?}");
    assert!(a.entities > 0 && a.dates > 0, "{a:?}");
    assert_eq!(
        (a.documents, a.entities, a.dates, a.tokens),
        (b.documents, b.entities, b.dates, b.tokens)
    );
    assert_eq!((a.threads, b.threads), (1, 4));
    let (ta, tb) = (
        tables(&out.path().join("t1")),
        tables(&out.path().join("t4")),
    );
    assert!(
        ta.contains_key("documents.csv")
            && ta.contains_key("documents.jsonl")
            && ta.contains_key("tables.xlsx"),
        "{:?}",
        ta.keys()
    );
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ta {
        assert!(bytes == &tb[name], "{name} differs between 1 and 4 threads");
    }
}

#[test]
fn documents_come_out_in_input_order() {
    let corpus = TempDir::new("order-corpus");
    let mut jsonl = String::new();
    for i in 0..500 {
        jsonl.push_str(
            &serde_json::json!({"id": format!("d{i:03}"), "text": common::article(i)}).to_string(),
        );
        jsonl.push('\n');
    }
    corpus.write("x.jsonl", jsonl.as_bytes());
    let out = TempDir::new("order-out");
    let config = Config {
        inputs: vec![corpus.path().join("x.jsonl")],
        out: out.path().to_path_buf(),
        threads: Some(3),
        batch_size: 5,
        export: khabar_pipeline::ExportOptions {
            plain: true,
            ..Default::default()
        },
        ..Config::default()
    };
    khabar_pipeline::run(&config, |_| {}).unwrap();
    let docs = std::fs::read_to_string(out.path().join("documents.csv")).unwrap();
    let ids: Vec<&str> = docs
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().trim_matches('"'))
        .collect();
    let want: Vec<String> = (0..500).map(|i| format!("d{i:03}")).collect();
    assert_eq!(ids, want);
}

//! Discovered names: `--no-discovery` gives the tables of khabar before discovery, and
//! `discovered.tsv` reads back as a gazetteer.

mod common;

use std::path::Path;

use common::TempDir;
use khabar_pipeline::{Config, EngineConfig};

fn run(out: &Path, engine: EngineConfig) {
    let config = Config {
        inputs: vec![common::fixture_corpus()],
        out: out.to_path_buf(),
        threads: Some(2),
        engine,
        ..Config::default()
    };
    khabar_pipeline::run(&config, |s| panic!("unexpected skip {s:?}")).unwrap();
}

/// The header and rows of a CSV table.
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn no_discovery_keeps_the_old_tables() {
    let dir = TempDir::new("discovery");
    let (on, off) = (dir.path().join("on"), dir.path().join("off"));
    run(&on, EngineConfig::default());
    run(
        &off,
        EngineConfig {
            no_discovery: true,
            ..EngineConfig::default()
        },
    );
    assert!(!off.join("discovered.tsv").exists());
    let (h_off, e_off) = table(&off.join("entities.csv"));
    let (h_on, e_on) = table(&on.join("entities.csv"));
    assert_eq!(h_off, khabar_pipeline::ENTITY_COLUMNS);
    assert_eq!(h_on, khabar_pipeline::ENTITY_COLUMNS_DISCOVERY);
    // Every column of the tables without discovery, in the same order, and `alias`.
    let same: Vec<usize> = h_off
        .iter()
        .map(|h| h_on.iter().position(|g| g == h).unwrap())
        .collect();
    assert!(same.is_sorted());
    // The gazetteer rows are the same, less the alias, but for places held whole in a
    // longer discovered name (`Upper Kurram`); discovered rows come on top.
    let m = h_on.iter().position(|h| h == "match").unwrap();
    let (disc, gaz): (Vec<_>, Vec<_>) = e_on.iter().partition(|r| r[m] == "discovered");
    assert!(disc.len() >= 10, "{} discovered mentions", disc.len());
    let gaz_cut: Vec<Vec<String>> = gaz
        .iter()
        .map(|r| same.iter().map(|&i| r[i].clone()).collect())
        .collect();
    let col = |h: &str| h_off.iter().position(|g| g == h).unwrap();
    let (doc, start, end, ty, id) = (
        col("doc_id"),
        col("byte_start"),
        col("byte_end"),
        col("type"),
        col("entity_id"),
    );
    let on_col = |h: &str| h_on.iter().position(|g| g == h).unwrap();
    let num = |r: &[String], i: usize| r[i].parse::<u32>().unwrap();
    let held = |r: &Vec<String>| {
        disc.iter().any(|d| {
            d[on_col("doc_id")] == r[doc]
                && num(d, on_col("byte_start")) <= num(r, start)
                && num(r, end) <= num(d, on_col("byte_end"))
        })
    };
    let mut given_way = std::collections::BTreeSet::new();
    let mut rest = gaz_cut.iter().peekable();
    for r in &e_off {
        if rest.next_if_eq(&r).is_none() {
            assert!(r[ty] == "LOC" && held(r), "{r:?} missing with discovery");
            given_way.insert(r[id].clone());
        }
    }
    assert!(rest.next().is_none());
    assert!(given_way.len() <= 2, "{given_way:?}");
    let alias = h_on.iter().position(|h| h == "alias").unwrap();
    for r in &disc {
        assert_eq!(r[alias], "", "{r:?}");
        assert!(r[h_on.iter().position(|h| h == "entity_id").unwrap()].starts_with("discovered:"));
    }
    for r in gaz.iter().filter(|r| r[m] != "partial") {
        assert!(!r[alias].is_empty(), "{r:?}");
    }
    // The summary: the old rows, and a source column (before the place columns both have).
    let (s_off_h, mut s_off) = table(&off.join("entities_summary.csv"));
    let (s_on_h, s_on) = table(&on.join("entities_summary.csv"));
    assert_eq!(s_off_h, khabar_pipeline::SUMMARY_COLUMNS);
    let src = s_on_h.iter().position(|h| h == "source").unwrap();
    let same: Vec<usize> = s_off_h
        .iter()
        .map(|h| s_on_h.iter().position(|g| g == h).unwrap())
        .collect();
    let s_id = s_off_h.iter().position(|h| h == "entity_id").unwrap();
    let mut s_gaz: Vec<Vec<String>> = s_on
        .iter()
        .filter(|r| r[src] == "gazetteer")
        .map(|r| same.iter().map(|&i| r[i].clone()).collect())
        .filter(|r: &Vec<String>| !given_way.contains(&r[s_id]))
        .collect();
    s_off.retain(|r| !given_way.contains(&r[s_id]));
    s_gaz.sort();
    s_off.sort();
    assert_eq!(s_gaz, s_off);
    assert!(s_on.iter().any(|r| r[src] == "discovered"));
    assert_eq!(
        std::fs::read(on.join("dates.csv")).unwrap(),
        std::fs::read(off.join("dates.csv")).unwrap()
    );
}

#[test]
fn discovered_names_read_back_as_a_gazetteer() {
    let dir = TempDir::new("discovered-tsv");
    let first = dir.path().join("first");
    run(&first, EngineConfig::default());
    let tsv = first.join("discovered.tsv");
    let data = std::fs::read_to_string(&tsv).unwrap();
    let mut lines = data.lines();
    assert_eq!(lines.next(), Some("id\tname\ttype\taliases"));
    let ids: Vec<&str> = lines.map(|l| l.split('\t').next().unwrap()).collect();
    assert!(ids.len() >= 5, "{} discovered names", ids.len());
    // Most mentioned first, as in the summary.
    let (h, summary) = table(&first.join("entities_summary.csv"));
    let src = h.iter().position(|h| h == "source").unwrap();
    let in_summary: Vec<&str> = summary
        .iter()
        .filter(|r| r[src] == "discovered")
        .map(|r| r[6].as_str())
        .collect();
    assert_eq!(ids, in_summary);
    // Passed back with --gazetteer, every discovered name is a gazetteer match.
    let second = dir.path().join("second");
    run(
        &second,
        EngineConfig {
            gazetteers: vec![tsv],
            no_discovery: true,
            ..EngineConfig::default()
        },
    );
    let (h, rows) = table(&second.join("entities.csv"));
    let id = h.iter().position(|x| x == "entity_id").unwrap();
    let found: std::collections::HashSet<&str> =
        rows.iter().flat_map(|r| r[id].split('|')).collect();
    let missing: Vec<&&str> = ids.iter().filter(|i| !found.contains(**i)).collect();
    assert!(missing.is_empty(), "not found again: {missing:?}");
}

//! Matching throughput on a JSONL corpus (one `{"text": ...}` per line) with a gazetteer
//! file (any format [`GazetteerFormat::Auto`] reads), on one thread.
//!
//!     cargo run --release -p khabar-gazetteer --example match_corpus -- CORPUS.jsonl GAZ.tsv [--no-default] [--no-translit] [--show-variants N] [--dump FILE] [--one-doc MB]
//!
//! Prints build time, MB/s of text (the `text` fields only, 10^6 bytes), match counts by
//! kind, and with `--show-variants` the first N variant matches with their entries, to
//! judge the precision of the transliteration key.

use std::time::Instant;

/// CPU seconds (user + system) of this process so far, from `/proc/self/stat` (Linux);
/// the machine may be shared, so CPU time is the fairer single-core figure.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit(") ").next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|u| u.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

use khabar_gazetteer::{Gazetteer, GazetteerFormat, MatchKind, Scratch};

mod common;
use common::peak_mb;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let show: usize = args
        .iter()
        .position(|a| a == "--show-variants")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(0), |n| n.parse())?;
    let pos: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|&(i, a)| {
            !a.starts_with("--")
                && a.parse::<usize>().is_err()
                && (i == 0 || !matches!(args[i - 1].as_str(), "--dump" | "--one-doc"))
        })
        .map(|(_, a)| a)
        .collect();
    let (corpus, gaz_path) = match pos.as_slice() {
        [c, g, ..] => (c.as_str(), Some(g.as_str())),
        [c] => (c.as_str(), None),
        _ => return Err("usage: match_corpus CORPUS.jsonl [GAZETTEER] [options]".into()),
    };
    let texts: Vec<String> = std::fs::read_to_string(corpus)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            v["text"].as_str().unwrap_or("").to_string()
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();

    let t0 = Instant::now();
    let mut b = Gazetteer::builder();
    b.transliteration(!flag("--no-translit"));
    if !flag("--no-default") {
        b.add_default();
    }
    if let Some(p) = gaz_path {
        b.add_reader(
            std::io::BufReader::new(std::fs::File::open(p)?),
            p,
            GazetteerFormat::Auto,
        )?;
    }
    let gaz = b.build()?;
    let build = t0.elapsed().as_secs_f64();

    let mut scratch = Scratch::new();
    // `--one-doc MB`: the texts joined by spaces, repeated into one single-line document of
    // MB megabytes, to measure the peak memory of matching one big text.
    if let Some(i) = args.iter().position(|a| a == "--one-doc") {
        let mb: usize = args[i + 1].parse()?;
        let mut doc = String::with_capacity(mb * 1_000_000 + 100_000);
        'fill: loop {
            for t in &texts {
                doc.extend(t.chars().map(|c| if c == '\n' { ' ' } else { c }));
                doc.push(' ');
                if doc.len() >= mb * 1_000_000 {
                    break 'fill;
                }
            }
        }
        drop(texts);
        let before = peak_mb();
        let t1 = Instant::now();
        let n = gaz.find_iter_with(&doc, &mut scratch).count();
        println!(
            "one_doc_mb={:.1} matches={n} seconds={:.2} peak_rss_mb_before={before:.0} peak_rss_mb_after={:.0}",
            doc.len() as f64 / 1e6,
            t1.elapsed().as_secs_f64(),
            peak_mb()
        );
        return Ok(());
    }
    let mut counts = [0usize; 4];
    let mut shown = 0;
    // `--dump FILE`: every match as `doc start end kind entry-ids`, to diff two versions.
    let mut dump = match args.iter().position(|a| a == "--dump") {
        Some(i) => Some(std::io::BufWriter::new(std::fs::File::create(
            &args[i + 1],
        )?)),
        None => None,
    };
    let t1 = Instant::now();
    let c1 = cpu_seconds();
    if flag("--fold-only") {
        for text in &texts {
            let _keyed = gaz.find_iter_with(text, &mut scratch);
        }
        let secs = t1.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - c1;
        println!(
            "fold only: seconds={secs:.3} mb_per_s={:.1} cpu_mb_per_s={:.1}",
            bytes as f64 / 1e6 / secs,
            bytes as f64 / 1e6 / cpu
        );
        return Ok(());
    }
    for (d, text) in texts.iter().enumerate() {
        for m in gaz.find_iter_with(text, &mut scratch) {
            if let Some(w) = dump.as_mut() {
                use std::io::Write;
                let ids: Vec<&str> = m.entries.iter().map(|&e| &*gaz.entry(e).id).collect();
                writeln!(
                    w,
                    "{d}\t{}\t{}\t{}\t{}",
                    m.span.start,
                    m.span.end,
                    m.kind.as_str(),
                    ids.join("|")
                )?;
            }
            let k = match m.kind {
                MatchKind::Exact => 0,
                MatchKind::Folded => 1,
                MatchKind::Variant => 2,
                _ => 3,
            };
            counts[k] += 1;
            if m.kind == MatchKind::Variant && shown < show {
                shown += 1;
                let names: Vec<&str> = m
                    .entries
                    .iter()
                    .map(|&e| &*gaz.entry(e).canonical)
                    .collect();
                println!("variant\t{:?}\t{}", &text.as_str()[m.span], names.join("|"));
            }
        }
    }
    let secs = t1.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c1;
    println!(
        "cpu_seconds={cpu:.2} cpu_mb_per_s={:.1}",
        bytes as f64 / 1e6 / cpu
    );
    println!(
        "entries={} warnings={} automaton_mb={:.1} build_s={build:.2} docs={} mb={:.2} seconds={secs:.3} mb_per_s={:.1} \
         matches={} exact={} folded={} variant={} other={}",
        gaz.len(),
        gaz.warnings().len(),
        gaz.automaton_memory() as f64 / 1e6,
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        counts.iter().sum::<usize>(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
    );
    Ok(())
}

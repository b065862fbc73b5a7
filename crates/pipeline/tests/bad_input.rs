//! Bad input never stops or corrupts a run: each case is read, counted and reported.

mod common;

use common::TempDir;
use khabar_pipeline::{Config, EngineConfig, Error, RunSummary};

/// A small gazetteer so the cases need not build the default one.
const GAZ: &str = "id\tname\ttype\taliases\nPK\tPakistan\tLOC\t\nKBL\tKabul\tLOC\t\n";

fn config(dir: &TempDir, inputs: Vec<std::path::PathBuf>) -> Config {
    let gaz = dir.write("gaz.tsv", GAZ.as_bytes());
    Config {
        inputs,
        out: dir.path().join("out"),
        engine: EngineConfig {
            gazetteers: vec![gaz],
            no_default_gazetteer: true,
            ..EngineConfig::default()
        },
        threads: Some(2),
        export: khabar_pipeline::ExportOptions {
            plain: true,
            ..Default::default()
        },
        ..Config::default()
    }
}

/// What a case must give.
struct Want {
    documents: u64,
    skipped: u64,
    /// Substrings of the skips' `location: reason`, in order.
    skips: &'static [&'static str],
    /// A substring of documents.csv (the `status` column, say).
    documents_csv: &'static str,
}

fn check(name: &str, files: &[(&str, &[u8])], want: Want) {
    let dir = TempDir::new(&format!("bad-{name}"));
    let inputs = files
        .iter()
        .map(|(rel, bytes)| dir.write(&format!("in/{rel}"), bytes))
        .collect();
    let mut seen = Vec::new();
    let s: RunSummary = khabar_pipeline::run(&config(&dir, inputs), |s| {
        seen.push(format!("{}: {}", s.location, s.reason))
    })
    .unwrap_or_else(|e| panic!("{name}: run failed: {e}"));
    assert_eq!(
        (s.documents, s.skipped),
        (want.documents, want.skipped),
        "{name}: {seen:?}"
    );
    assert_eq!(seen.len() as u64, s.skipped, "{name}");
    assert_eq!(seen.len(), want.skips.len(), "{name}: {seen:?}");
    for (got, w) in seen.iter().zip(want.skips) {
        assert!(got.contains(w), "{name}: skip {got:?} lacks {w:?}");
    }
    let docs = std::fs::read_to_string(dir.path().join("out/documents.csv")).unwrap();
    assert!(
        docs.contains(want.documents_csv),
        "{name}: documents.csv lacks {:?}:\n{docs}",
        want.documents_csv
    );
    assert!(
        dir.path().join("out/run.json").exists(),
        "{name}: no manifest"
    );
    assert_eq!(s.is_clean(), want.skipped == 0 && s.errors == 0, "{name}");
}

#[test]
fn bad_inputs() {
    let w = |documents, skipped, skips, documents_csv| Want {
        documents,
        skipped,
        skips,
        documents_csv,
    };
    check(
        "lossy-utf8",
        &[("a.txt", b"Kabul \xff\xfe said\n")],
        w(1, 0, &[], "lossy-utf8"),
    );
    check("empty-txt", &[("a.txt", b"")], w(1, 0, &[], "empty"));
    check("empty-jsonl", &[("a.jsonl", b"")], w(0, 0, &[], "doc_id"));
    check(
        "blank-lines",
        &[("a.jsonl", b"\n\n  \n{\"id\":\"x\",\"text\":\"Kabul\"}\n\n")],
        w(1, 0, &[], "\"x\""),
    );
    check(
        "binary-txt",
        &[("a.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00")],
        w(0, 1, &["a.txt: binary file"], "doc_id"),
    );
    check(
        "binary-jsonl",
        &[("a.jsonl", b"\x1f\x8b\x08\x00\x00\x00\x00\x00")],
        w(0, 1, &["a.jsonl: binary file"], "doc_id"),
    );
    check(
        "malformed-json",
        &[(
            "a.jsonl",
            b"{\"id\":\"1\",\"text\":\"Kabul\"}\n{\"id\":\"2\",\"text\":\n{\"id\":\"3\",\"text\":\"Pakistan\"}\n",
        )],
        w(2, 1, &["a.jsonl:2: malformed JSON"], "\"3\""),
    );
    check(
        "missing-text",
        &[(
            "a.jsonl",
            b"{\"id\":\"1\",\"title\":\"no body\"}\n{\"id\":\"2\",\"maintext\":\"Kabul\"}\n",
        )],
        w(1, 1, &["a.jsonl:1: missing `text` field"], "\"2\""),
    );
    check(
        "text-not-string",
        &[("a.jsonl", b"{\"id\":\"1\",\"text\":42}\n")],
        w(0, 1, &["a.jsonl:1: malformed JSON"], "doc_id"),
    );
    check(
        "csv-bad-row",
        &[("a.csv", b"id,text\n1,Kabul\n2,\"unclosed\n")],
        w(2, 0, &[], "\"1\""), // an unclosed quote runs to the end of the file: one long field, not an error
    );
    check(
        "csv-no-text-column",
        &[("a.csv", b"id,body\n1,Kabul\n")],
        w(0, 1, &["a.csv:1: CSV header has no `text`"], "doc_id"),
    );
    check(
        "csv-lossy",
        &[("a.csv", b"id,text\n1,Kabul \xff\n")],
        w(1, 0, &[], "lossy-utf8"),
    );
    check(
        "duplicate-ids",
        &[(
            "a.jsonl",
            b"{\"id\":\"x\",\"text\":\"Kabul\"}\n{\"id\":\"x\",\"text\":\"Pakistan\"}\n",
        )],
        w(2, 0, &[], "duplicate-id"),
    );
    check(
        "unknown-type",
        &[("a.pdf", b"%PDF-1.4")],
        w(0, 1, &["a.pdf: unknown input type"], "doc_id"),
    );
    check(
        "bad-gzip",
        &[
            ("a.jsonl.gz", b"\x1f\x8b not really gzip at all"),
            ("b.jsonl", b"{\"id\":\"ok\",\"text\":\"Kabul\"}\n"),
        ],
        w(1, 1, &["a.jsonl.gz"], "\"ok\""),
    );
}

#[test]
fn a_missing_input_fails_before_any_table_is_written() {
    let dir = TempDir::new("missing");
    let ok = dir.write("in/ok.txt", b"Kabul");
    let r = khabar_pipeline::run(
        &config(&dir, vec![dir.path().join("nope.jsonl"), ok]),
        |_| {},
    );
    assert!(
        matches!(&r, Err(Error::Input { path, .. }) if path.ends_with("nope.jsonl")),
        "{r:?}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_output_folder_inside_the_input_is_never_read() {
    let dir = TempDir::new("out-in-in");
    dir.write("in/a.txt", b"Kabul talks resumed on 3 May 2021.");
    let input = dir.path().join("in");
    let mut cfg = config(&dir, vec![input.clone()]);
    cfg.out = input.join("tables");
    for _ in 0..2 {
        let s = khabar_pipeline::run(&cfg, |_| {}).unwrap();
        assert_eq!((s.documents, s.skipped), (1, 0));
    }
    // Nor the tables of an earlier run written elsewhere in the input folder.
    cfg.out = dir.path().join("out");
    let s = khabar_pipeline::run(&cfg, |_| {}).unwrap();
    assert_eq!((s.documents, s.skipped), (1, 0));
}

#[test]
fn csv_inputs_with_semicolons_or_tabs_and_crlf_lines() {
    for (name, bytes, status) in [
        (
            "semi.csv",
            &b"id;text\r\na;Kabul on Monday.\r\nb;\r\n"[..],
            "empty",
        ),
        (
            "tab.csv",
            &b"id\ttext\na\tKabul on Monday.\nb\t \n"[..],
            "empty",
        ),
        (
            "comma.csv",
            &b"id,text\na,\"Kabul; on Monday.\"\nb,\"\"\n"[..],
            "empty",
        ),
    ] {
        let dir = TempDir::new(&format!("delim-{name}"));
        let p = dir.write(&format!("in/{name}"), bytes);
        let s = khabar_pipeline::run(&config(&dir, vec![p]), |_| {}).unwrap();
        assert_eq!((s.documents, s.skipped), (2, 0), "{name}");
        let docs = std::fs::read_to_string(dir.path().join("out/documents.csv")).unwrap();
        let rows: Vec<&str> = docs.lines().collect();
        assert!(
            rows[1].starts_with("\"a\",")
                && rows[1].contains(",\"undated: 1 of 1 articles without a date"),
            "{name}: {docs}"
        );
        assert!(
            rows[2].starts_with("\"b\",") && rows[2].contains(status),
            "{name}: {docs}"
        );
    }
    // --input-delimiter overrides the sniffing (which picks `;` here).
    let dir = TempDir::new("delim-given");
    let p = dir.write("in/x.csv", b"id|text|note;a;b\na|Kabul|x;y;z\n");
    let mut cfg = config(&dir, vec![p]);
    cfg.input_delimiter = Some(b'|');
    khabar_pipeline::run(&cfg, |_| {}).unwrap();
    let docs = std::fs::read_to_string(dir.path().join("out/documents.csv")).unwrap();
    assert!(
        docs.lines().nth(1).unwrap().starts_with("\"a\",1,"),
        "{docs}"
    );
    // A bad row of a CRLF file is reported at its own line.
    let dir = TempDir::new("crlf-lines");
    let p = dir.write(
        "in/c.jsonl",
        b"{\"id\":\"a\",\"text\":\"Kabul\"}\r\n{\"id\":\"b\",\"text\":\"Kabul\"}\r\nnot json\r\n",
    );
    let q = dir.write(
        "in/d.csv",
        b"id,text\r\na,\"Kabul\r\nKabul\"\r\nb,Kabul\r\n\"c,Kabul\r\n",
    );
    let mut seen = Vec::new();
    khabar_pipeline::run(&config(&dir, vec![p, q]), |s| seen.push(s.location.clone())).unwrap();
    assert!(seen[0].ends_with("c.jsonl:3"), "{seen:?}");
    let docs = std::fs::read_to_string(dir.path().join("out/documents.csv")).unwrap();
    assert!(seen[1].ends_with("d.csv:5"), "{seen:?}\n{docs}");
}

/// Whether this process can read a file that has no read permission (it can as root).
fn permissions_bind(dir: &TempDir) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.write("probe", b"x");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(&p).is_err()
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("unreadable");
    if !permissions_bind(&dir) {
        eprintln!("skipped: permissions do not bind this user (root?)");
        return;
    }
    let f = dir.write("in/a/secret.txt", b"Kabul");
    dir.write("in/b/ok.txt", b"Kabul");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::create_dir_all(dir.path().join("in/c")).unwrap();
    std::fs::set_permissions(
        dir.path().join("in/c"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let mut seen = Vec::new();
    let s = khabar_pipeline::run(&config(&dir, vec![dir.path().join("in")]), |s| {
        seen.push(s.clone())
    })
    .unwrap();
    std::fs::set_permissions(
        dir.path().join("in/c"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    assert_eq!((s.documents, s.skipped), (1, 2), "{seen:?}");
}

#[test]
fn a_huge_single_line_is_read_or_skipped_within_the_limit() {
    let dir = TempDir::new("huge");
    let mut line = String::from("{\"id\":\"big\",\"text\":\"");
    while line.len() < 3 << 20 {
        line.push_str("Kabul said nothing new today. ");
    }
    line.push_str("\"}\n{\"id\":\"after\",\"text\":\"Pakistan\"}\n");
    let p = dir.write("in/a.jsonl", line.as_bytes());
    let txt = dir.write("in/b.txt", &line.as_bytes()[..3 << 20]);
    // Within the limit: analysed.
    let s = khabar_pipeline::run(&config(&dir, vec![p.clone(), txt.clone()]), |s| {
        panic!("{s:?}")
    })
    .unwrap();
    assert_eq!(s.documents, 3);
    assert!(s.entities > 50_000, "{s:?}");
    // Over it: skipped, the next line still read.
    let cfg = Config {
        max_document_bytes: 1 << 20,
        ..config(&dir, vec![p, txt])
    };
    let mut seen = Vec::new();
    let s = khabar_pipeline::run(&cfg, |s| seen.push(s.clone())).unwrap();
    assert_eq!((s.documents, s.skipped), (1, 2), "{seen:?}");
    assert!(
        seen[0].location.ends_with("a.jsonl:1") && seen[0].reason.contains("longer than"),
        "{seen:?}"
    );
    assert!(
        seen[1].location.ends_with("b.txt") && seen[1].reason.contains("larger than"),
        "{seen:?}"
    );
}

#[test]
fn an_unwritable_output_fails_before_any_work() {
    let dir = TempDir::new("unwritable");
    let file = dir.write("not-a-folder", b"x");
    let input = dir.write("in/a.txt", b"Kabul");
    let cfg = Config {
        out: file.join("out"),
        ..config(&dir, vec![input])
    };
    let mut skips = 0;
    match khabar_pipeline::run(&cfg, |_| skips += 1) {
        Err(Error::Output { path, .. }) => assert!(path.contains("not-a-folder")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        skips, 0,
        "inputs were looked at before the output was checked"
    );
}

#[test]
fn a_cancelled_run_leaves_no_tables() {
    let dir = TempDir::new("cancel");
    let p = dir.write("in/a.jsonl", b"{\"id\":\"1\",\"text\":\"Kabul\"}\n");
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let cfg = Config {
        cancel: Some(flag),
        ..config(&dir, vec![p])
    };
    assert!(matches!(
        khabar_pipeline::run(&cfg, |_| {}),
        Err(Error::Interrupted)
    ));
    let left: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn gzipped_inputs_are_read() {
    use std::io::Write;
    let dir = TempDir::new("gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"{\"id\":\"z\",\"text\":\"Kabul and Pakistan\"}\n")
        .unwrap();
    let p = dir.write("in/a.jsonl.gz", &gz.finish().unwrap());
    let s = khabar_pipeline::run(&config(&dir, vec![p]), |s| panic!("{s:?}")).unwrap();
    assert_eq!((s.documents, s.entities), (1, 2));
}

#[test]
fn every_page_is_dated_or_counted_as_undated() {
    let dir = TempDir::new("dct-sources");
    let text = b"Talks resumed in Kabul on Monday.";
    dir.write("in/2021/11/04/a.txt", text);
    dir.write("in/2021-11-05_b.txt", text);
    dir.write("in/20211106-c.txt", text);
    dir.write("in/d.txt", text);
    dir.write("in/e.txt", text);
    dir.write(
        "in/f.jsonl",
        br#"{"id":"f","text":"Talks resumed in Kabul on Monday.","url":"https://news.example/2021/11/08/talks"}"#,
    );
    let dates = dir.write("dates.csv", b"path,date\nd.txt,2021-11-07\n");
    let mut cfg = config(&dir, vec![dir.path().join("in")]);
    cfg.engine.dates = Some(dates);
    let s = khabar_pipeline::run(&cfg, |_| {}).unwrap();
    assert_eq!((s.documents, s.undated_articles), (6, 1));
    let docs = std::fs::read_to_string(dir.path().join("out/documents.csv")).unwrap();
    let got: Vec<(String, String, String)> = docs
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let t = |s: &str| s.trim_matches('"').to_string();
            (t(f[0]), t(f[3]), t(f[4]))
        })
        .collect();
    let want = [
        ("2021/11/04/a.txt", "2021-11-04", "path"),
        ("2021-11-05_b.txt", "2021-11-05", "filename"),
        ("20211106-c.txt", "2021-11-06", "filename"),
        ("d.txt", "2021-11-07", "sidecar"),
        ("e.txt", "", "none"),
        ("f", "2021-11-08", "url"),
    ];
    let got: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(got, want);
    assert!(docs.contains("\"undated: 1 of 1 articles without a date"));
    // "on Monday" resolves against the date found in the path.
    let dates = std::fs::read_to_string(dir.path().join("out/dates.csv")).unwrap();
    assert!(
        dates.contains("\"2021/11/04/a.txt\",1,0,") && dates.contains("\"2021-11-01\""),
        "{dates}"
    );
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/run.json")).unwrap()).unwrap();
    assert_eq!(run["counts"]["undated_articles"], 1);
    // A bad row of the table stops the run before any work.
    let bad = dir.write("bad.csv", b"path,date\nd.txt,soon\n");
    cfg.engine.dates = Some(bad);
    assert!(matches!(
        khabar_pipeline::run(&cfg, |_| {}),
        Err(Error::Dates(m)) if m.contains("row 2")
    ));
}

#[test]
fn places_carry_their_country_and_coordinates() {
    let dir = TempDir::new("places");
    let gaz = dir.write(
        "geo.tsv",
        b"id\tname\ttype\taliases\tcountry_code\tlat\tlon\nKBL\tKabul\tLOC\t\tAF\t34.52813\t69.17233\nTTP\tTTP\tORG\t\t\t\t\n",
    );
    let p = dir.write("in/a.txt", b"The TTP met in Kabul.");
    let mut cfg = config(&dir, vec![p]);
    cfg.engine.gazetteers = vec![gaz];
    khabar_pipeline::run(&cfg, |_| {}).unwrap();
    let s = std::fs::read_to_string(dir.path().join("out/entities_summary.csv")).unwrap();
    assert!(
        s.contains("\"KBL\",\"gazetteer\",\"AF\",34.52813,69.17233\n"),
        "{s}"
    );
    assert!(s.contains("\"TTP\",\"gazetteer\",\"\",\"\",\"\"\n"), "{s}");
}

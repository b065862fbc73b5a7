//! End-to-end tests of the exporter: files on disk, read back with `csv::Reader`.

use std::{
    fs,
    path::{Path, PathBuf},
    sync::Arc,
};

use khabar_core::{
    Article, ArticleRecord, DateMention, DctSource, DocumentRecord, EntityMention, Span, TimexType,
};
use khabar_export::{
    cell_text, unguard, CsvExporter, ExportOptions, DATE_COLUMNS, DOCUMENT_COLUMNS, ENTITY_COLUMNS,
    EXCEL_CELL_LIMIT, SUMMARY_COLUMNS, TIMELINE_COLUMNS, TRUNCATION_MARKER,
};
use proptest::prelude::*;

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p =
            std::env::temp_dir().join(format!("khabar-export-{tag}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn entity(text: &str, needle: &str, sentence: u32, canonical: &str, boiler: bool) -> EntityMention {
    let start = text.find(needle).expect("needle in text");
    EntityMention {
        span: Span::new(start, start + needle.len()),
        article: 1,
        sentence,
        entity_type: Arc::from("LOC"),
        entity_id: Arc::from(format!("id:{canonical}")),
        canonical: Arc::from(canonical),
        match_kind: "exact",
        alias: None,
        ambiguous: false,
        in_boilerplate: boiler,
    }
}

fn date(text: &str, needle: &str, sentence: u32, value: &str) -> DateMention {
    let start = text.find(needle).expect("needle in text");
    DateMention {
        span: Span::new(start, start + needle.len()),
        article: 1,
        sentence,
        timex_type: TimexType::Date,
        value: value.into(),
        anchor: "2022-12-19".into(),
        in_boilerplate: false,
        rule: "month",
        resolution: "anchor-year",
    }
}

/// A document whose id, title, url and source are `cell` and whose text mentions
/// Kabul and Peshawar with two dates.
fn record(id: &str, title: &str) -> DocumentRecord {
    let text =
        "Talks began in Kabul on Monday.\nPeshawar  and Kabul\treacted on 3 May 2021.".to_string();
    let s0 = Span::new(0, 31);
    let s1 = Span::new(32, text.len());
    let entities = vec![
        entity(&text, "Kabul", 0, "Kabul", false),
        entity(&text, "Peshawar", 1, "Peshawar", false),
        EntityMention {
            span: Span::new(
                text.rfind("Kabul").unwrap(),
                text.rfind("Kabul").unwrap() + 5,
            ),
            ..entity(&text, "Kabul", 1, "Kabul", false)
        },
    ];
    let dates = vec![
        date(&text, "Monday", 0, "2022-12-19"),
        date(&text, "3 May 2021", 1, "2021-05-03"),
    ];
    DocumentRecord {
        article: Article {
            id: id.into(),
            title: Some(title.into()),
            url: Some(title.into()),
            source: Some(title.into()),
            text: text.clone(),
            ..Article::default()
        },
        articles: vec![ArticleRecord {
            index: 1,
            span: Span::new(0, text.len()),
            title: Some(title.into()),
            dct: Some("2022-12-19".into()),
            dct_source: DctSource::Metadata,
            chars: text.chars().count() as u64,
            tokens: 14,
            sentences: 2,
            entities: 3,
            dates: 2,
            ..ArticleRecord::default()
        }],
        sentences: vec![s0, s1],
        entities,
        dates,
        tokens: 14,
        ..DocumentRecord::default()
    }
}

fn read_table(path: &Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = fs::read(path).unwrap();
    let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(body);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn export(
    dir: &Path,
    options: &ExportOptions,
    recs: &[DocumentRecord],
) -> khabar_export::ExportSummary {
    let mut ex = CsvExporter::create(dir, options).unwrap();
    for r in recs {
        ex.write(r).unwrap();
    }
    ex.finish(&serde_json::json!({ "inputs": ["test"] }))
        .unwrap()
}

fn final_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn spreadsheet_layout() {
    let dir = TempDir::new("layout");
    let recs = [
        record("007", "=HYPERLINK(\"http://x\",\"y\")"),
        record("2014", "+92 300 \"quoted\"\nline"),
    ];
    let s = export(&dir.0, &ExportOptions::default(), &recs);
    assert_eq!(
        (
            s.documents,
            s.entities,
            s.dates,
            s.timeline,
            s.entities_summary
        ),
        (2, 6, 4, 4, 2)
    );
    assert_eq!(
        final_files(&dir.0),
        [
            "dates.csv",
            "documents.csv",
            "entities.csv",
            "entities_summary.csv",
            "run.json",
            "timeline.csv"
        ]
    );
    let raw = fs::read(dir.0.join("documents.csv")).unwrap();
    assert!(raw.starts_with("\u{FEFF}\"doc_id\",\"article\",".as_bytes()));
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.contains("\r\n\"007\",1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"2022-12-19\",\"metadata\",74,14,2,3,2,\"ok\",\"\",0,"));
    assert!(raw.contains("\r\n\"2014\",1,\"'+92 300 \"\"quoted\"\"\nline\","));
    for (name, cols) in [
        ("documents.csv", DOCUMENT_COLUMNS),
        ("entities.csv", ENTITY_COLUMNS),
        ("dates.csv", DATE_COLUMNS),
        ("timeline.csv", TIMELINE_COLUMNS),
        ("entities_summary.csv", SUMMARY_COLUMNS),
    ] {
        let (header, rows) = read_table(&dir.0.join(name), b',');
        assert_eq!(header, cols, "{name}");
        assert!(rows.iter().all(|r| r.len() == cols.len()), "{name}");
    }
    // In date order, then input order (document, article, sentence).
    let (_, rows) = read_table(&dir.0.join("timeline.csv"), b',');
    let keys: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("2021-05-03", "007", "1"),
            ("2021-05-03", "2014", "1"),
            ("2022-12-19", "007", "0"),
            ("2022-12-19", "2014", "0"),
        ]
    );
    assert_eq!(
        rows[2],
        [
            "2022-12-19",
            "007",
            "1",
            "0",
            "Kabul",
            "Talks began in Kabul on Monday."
        ]
    );
    assert_eq!(
        rows[0],
        [
            "2021-05-03",
            "007",
            "1",
            "1",
            "Kabul; Peshawar",
            "Peshawar and Kabul reacted on 3 May 2021."
        ]
    );
    let (_, rows) = read_table(&dir.0.join("entities_summary.csv"), b',');
    assert_eq!(
        rows[0],
        [
            "Kabul",
            "LOC",
            "2",
            "4",
            "2021-05-03",
            "2022-12-19",
            "id:Kabul",
            "",
            "",
            ""
        ]
    );
    assert_eq!(
        rows[1],
        [
            "Peshawar",
            "LOC",
            "2",
            "2",
            "2021-05-03",
            "2021-05-03",
            "id:Peshawar",
            "",
            "",
            ""
        ]
    );
    let run: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.0.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["inputs"][0], "test");
    assert_eq!(run["tables"][1]["file"], "entities.csv");
    assert_eq!(run["tables"][1]["rows"], 6);
}

#[test]
fn plain_and_delimiter() {
    let dir = TempDir::new("plain");
    let opts = ExportOptions {
        plain: true,
        delimiter: b';',
        ..ExportOptions::default()
    };
    export(&dir.0, &opts, &[record("-1", "=1+1; x")]);
    let raw = fs::read_to_string(dir.0.join("documents.csv")).unwrap();
    assert!(raw.starts_with("\"doc_id\";\"article\";"));
    assert!(!raw.contains('\r'));
    assert!(raw.contains("\n\"-1\";1;\"=1+1; x\";"));
    let (_, rows) = read_table(&dir.0.join("documents.csv"), b';');
    assert_eq!(rows[0][2], "=1+1; x");
}

#[test]
fn bad_delimiter() {
    let opts = ExportOptions {
        delimiter: b'"',
        ..ExportOptions::default()
    };
    let err = CsvExporter::discard(&opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid csv delimiter '\"': use one ASCII character other than a quote, CR or LF"
    );
}

#[test]
fn jsonl_keeps_full_text() {
    let dir = TempDir::new("jsonl");
    let long = format!("=x{}", "ب".repeat(40_000));
    let opts = ExportOptions {
        jsonl: true,
        ..ExportOptions::default()
    };
    let s = export(&dir.0, &opts, &[record("007", &long), record("8", "t")]);
    assert_eq!(s.jsonl_documents, 2);
    let text = fs::read_to_string(dir.0.join("documents.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let d = &lines[0];
    assert_eq!(d["doc_id"], "007");
    assert_eq!(d["status"], "ok");
    assert_eq!(d["articles"][0]["title"].as_str().unwrap(), long);
    assert_eq!(d["entities"][1]["text"], "Peshawar");
    assert_eq!(d["entities"][1]["byte_start"], 32);
    assert_eq!(d["dates"][1]["value"], "2021-05-03");
    assert_eq!(d["dates"][1]["text"], "3 May 2021");
    let (_, rows) = read_table(&dir.0.join("documents.csv"), b',');
    assert_eq!(rows[0][2], cell_text(&long, true, EXCEL_CELL_LIMIT));
    assert!(rows[0][2].ends_with(TRUNCATION_MARKER));
    assert_eq!(rows[0][2].encode_utf16().count(), EXCEL_CELL_LIMIT);
}

#[test]
fn jsonl_only() {
    let dir = TempDir::new("jsonl-only");
    let opts = ExportOptions {
        csv: false,
        jsonl: true,
        ..ExportOptions::default()
    };
    export(&dir.0, &opts, &[record("1", "t")]);
    assert_eq!(final_files(&dir.0), ["documents.jsonl", "run.json"]);
}

#[test]
fn shards_past_the_row_limit() {
    let dir = TempDir::new("shards");
    let opts = ExportOptions {
        rows_per_part: 4,
        ..ExportOptions::default()
    };
    let recs: Vec<_> = (0..5).map(|i| record(&format!("{i:03}"), "t")).collect();
    let s = export(&dir.0, &opts, &recs);
    // 15 entity rows in parts of 4; 5 documents; 10 dates; 10 timeline rows.
    assert_eq!(s.entities, 15);
    let sharded = s.sharded();
    assert_eq!(
        sharded[0],
        ("documents", vec!["documents.csv", "documents.part2.csv"])
    );
    assert_eq!(
        sharded[1].1,
        [
            "entities.csv",
            "entities.part2.csv",
            "entities.part3.csv",
            "entities.part4.csv"
        ]
    );
    let mut all = Vec::new();
    for f in &sharded[1].1 {
        let (header, rows) = read_table(&dir.0.join(f), b',');
        assert_eq!(header, ENTITY_COLUMNS);
        assert!(rows.len() <= 4);
        all.extend(rows);
    }
    assert_eq!(all.len(), 15);
    assert_eq!(all[14][0], "004");
    // A later, smaller run removes the parts the earlier one left.
    export(&dir.0, &ExportOptions::default(), &recs[..1]);
    assert!(!dir.0.join("entities.part2.csv").exists());
    assert!(!dir.0.join("entities.part4.csv").exists());
}

#[test]
fn abort_and_drop_leave_no_table() {
    for how in ["abort", "drop", "error"] {
        let dir = TempDir::new(how);
        let mut ex = CsvExporter::create(
            &dir.0,
            &ExportOptions {
                jsonl: true,
                xlsx: true,
                ..ExportOptions::default()
            },
        )
        .unwrap();
        ex.write(&record("1", "t")).unwrap();
        assert!(final_files(&dir.0)
            .iter()
            .all(|f| f.starts_with('.') && f.ends_with(".partial")));
        match how {
            "abort" => ex.abort(),
            "drop" => drop(ex),
            _ => {
                // The folder vanishes under the exporter: finish fails.
                fs::remove_dir_all(&dir.0).unwrap();
                assert!(ex.finish(&serde_json::json!({})).is_err());
                fs::create_dir_all(&dir.0).unwrap();
            }
        }
        assert_eq!(final_files(&dir.0), Vec::<String>::new(), "{how}");
    }
}

#[test]
fn failed_rename_leaves_only_complete_tables() {
    let dir = TempDir::new("blocked");
    fs::create_dir_all(dir.0.join("dates.csv").join("blocker")).unwrap();
    let mut ex = CsvExporter::create(&dir.0, &ExportOptions::default()).unwrap();
    ex.write(&record("1", "t")).unwrap();
    let err = ex.finish(&serde_json::json!({})).unwrap_err();
    assert!(err.to_string().starts_with("writing "), "{err}");
    // Tables renamed before the failure are complete; the rest and run.json are absent.
    assert_eq!(
        final_files(&dir.0),
        ["dates.csv", "documents.csv", "entities.csv"]
    );
    assert!(dir.0.join("dates.csv").is_dir());
    let (_, rows) = read_table(&dir.0.join("entities.csv"), b',');
    assert_eq!(rows.len(), 3);
}

#[test]
fn failed_finish_keeps_old_manifest_away() {
    // A run that fails after an earlier complete run leaves no run.json vouching for a mix.
    let dir = TempDir::new("old");
    export(&dir.0, &ExportOptions::default(), &[record("1", "t")]);
    let ex = CsvExporter::create(&dir.0, &ExportOptions::default()).unwrap();
    ex.abort();
    assert!(
        dir.0.join("run.json").exists(),
        "an aborted run leaves the previous run alone"
    );
    assert_eq!(final_files(&dir.0).len(), 6);
}

#[test]
fn discard_counts_bytes() {
    let dir = TempDir::new("discard");
    let recs = [record("007", "x"), record("=1", "y")];
    let on_disk = export(&dir.0, &ExportOptions::default(), &recs);
    let mut ex = CsvExporter::discard(&ExportOptions::default()).unwrap();
    for r in &recs {
        ex.write(r).unwrap();
    }
    let dry = ex
        .finish(&serde_json::json!({ "inputs": ["test"] }))
        .unwrap();
    assert_eq!(dry, on_disk);
    let size = |f: &str| fs::metadata(dir.0.join(f)).unwrap().len();
    assert!(dry.files.iter().all(|f| f.bytes == size(&f.file)));
}

fn round_trip(cells: &[String], opts: &ExportOptions) {
    let dir = TempDir::new("prop");
    let recs: Vec<_> = cells.iter().map(|c| record(c, c)).collect();
    export(&dir.0, opts, &recs);
    let (_, rows) = read_table(&dir.0.join("documents.csv"), opts.delimiter);
    assert_eq!(rows.len(), cells.len());
    for (row, c) in rows.iter().zip(cells) {
        for &col in &[0, 2, 13, 14] {
            let got = &row[col];
            if opts.plain {
                assert_eq!(got, c);
            } else {
                let want = cell_text(c, true, opts.cell_limit);
                assert_eq!(got, &want);
                if khabar_export::utf16_len(c) + khabar_export::needs_guard(c) as usize
                    <= opts.cell_limit
                {
                    assert_eq!(unguard(got), c);
                } else {
                    assert!(c.starts_with(unguard(got).strip_suffix(TRUNCATION_MARKER).unwrap()));
                }
                assert!(got.encode_utf16().count() <= opts.cell_limit);
                assert!(!matches!(
                    got.as_bytes().first(),
                    Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                ));
            }
        }
        assert_eq!(row[1], "1");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn round_trips_any_text(cells in proptest::collection::vec("\\PC*|[=+\\-@\t\r\n\"';, ]{0,6}[0-9a-z\"]{0,4}", 1..6)) {
        round_trip(&cells, &ExportOptions::default());
        round_trip(&cells, &ExportOptions { plain: true, ..ExportOptions::default() });
        round_trip(&cells, &ExportOptions { delimiter: b';', cell_limit: 20, ..ExportOptions::default() });
    }

    #[test]
    fn round_trips_any_unicode(cells in proptest::collection::vec(any::<String>(), 1..4)) {
        round_trip(&cells, &ExportOptions { cell_limit: 24, ..ExportOptions::default() });
        round_trip(&cells, &ExportOptions { plain: true, delimiter: b'\t', ..ExportOptions::default() });
    }
}

#[test]
fn default_parts_hold_excel_rows() {
    // 256 documents of 4,096 entity rows: 1,048,576 rows, one past what a sheet holds.
    let mut rec = record("1", "t");
    let e = rec.entities[0].clone();
    rec.entities = vec![e; 4096];
    let mut ex = CsvExporter::discard(&ExportOptions::default()).unwrap();
    for _ in 0..256 {
        ex.write(&rec).unwrap();
    }
    let s = ex.finish(&serde_json::json!({})).unwrap();
    let parts: Vec<(&str, u64)> = s
        .files
        .iter()
        .filter(|f| f.table == "entities")
        .map(|f| (f.file.as_str(), f.rows))
        .collect();
    assert_eq!(
        parts,
        [("entities.csv", 1_048_575), ("entities.part2.csv", 1)]
    );
    assert_eq!(
        s.sharded(),
        [("entities", vec!["entities.csv", "entities.part2.csv"])]
    );
}

/// The sheets of a workbook in order: (name, sheet XML).
fn workbook_sheets(path: &Path) -> Vec<(String, String)> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let book = read("xl/workbook.xml");
    let names: Vec<String> = book
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, read(&format!("xl/worksheets/sheet{}.xml", i + 1))))
        .collect()
}

#[test]
fn workbook_cells_are_typed_and_never_formulas() {
    let dir = TempDir::new("xlsx");
    let opts = ExportOptions {
        xlsx: true,
        rows_per_part: 4,
        ..ExportOptions::default()
    };
    let recs = [
        record("007", "=HYPERLINK(\"http://x\",\"y\")"),
        record("2014", "true"),
    ];
    let s = export(&dir.0, &opts, &recs);
    assert_eq!((s.documents, s.entities, s.timeline), (2, 6, 4));
    // The sheets waited in temporary files, gone now.
    let files = final_files(&dir.0);
    assert!(!files.iter().any(|f| f.starts_with('.')), "{files:?}");
    let sheets = workbook_sheets(&dir.0.join("tables.xlsx"));
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "documents",
            "entities",
            "entities 2",
            "dates",
            "timeline",
            "entities_summary"
        ]
    );
    let docs = &sheets[0].1;
    // Ids and text are strings, whatever they look like; counts are numbers; a complete
    // date is a date cell (2022-12-19 is day 44914 of Excel's calendar).
    assert!(
        docs.contains(r#"<c r="A2" t="inlineStr"><is><t>007</t></is></c>"#),
        "{docs}"
    );
    assert!(docs.contains(r#"<c r="A3" t="inlineStr"><is><t>2014</t></is></c>"#));
    assert!(docs.contains(r#"<c r="C3" t="inlineStr"><is><t>true</t></is></c>"#));
    assert!(docs.contains(r#"<c r="B2"><v>1</v></c>"#));
    assert!(docs.contains("<v>44914</v>"));
    assert!(
        docs.contains(r#"<t>=HYPERLINK("http://x","y")</t>"#),
        "{docs}"
    );
    assert!(docs.contains(r#"<pane ySplit="1""#) && docs.contains("<autoFilter ref=\"A1:"));
    // Four rows per sheet here: six entities continue on a second sheet with its header.
    assert!(sheets[2].1.contains(r#"<c r="A1" "#) && sheets[2].1.contains(r#"r="A3""#));
    assert!(!sheets[2].1.contains(r#"r="A4""#));
    for (name, xml) in &sheets {
        assert!(!xml.contains("<f>"), "formula in {name}");
    }
}

#[test]
fn the_same_records_give_the_same_workbook_bytes() {
    let opts = ExportOptions {
        xlsx: true,
        ..ExportOptions::default()
    };
    let recs = [record("007", "Talks in Kabul")];
    let (a, b) = (TempDir::new("xlsx-a"), TempDir::new("xlsx-b"));
    export(&a.0, &opts, &recs);
    export(&b.0, &opts, &recs);
    let book = |d: &TempDir| fs::read(d.0.join("tables.xlsx")).unwrap();
    assert!(book(&a) == book(&b), "workbooks differ");
    // No clock time in the document properties.
    use std::io::Read;
    let mut z = zip::ZipArchive::new(fs::File::open(a.0.join("tables.xlsx")).unwrap()).unwrap();
    let mut core = String::new();
    z.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(core.contains(">1980-01-01T00:00:00Z<"), "{core}");
}

#[test]
fn files_of_other_formats_are_removed() {
    let dir = TempDir::new("stale");
    fs::create_dir_all(&dir.0).unwrap();
    fs::write(dir.0.join("documents.jsonl"), "{}\n").unwrap();
    fs::write(dir.0.join("tables.xlsx"), "old").unwrap();
    fs::write(dir.0.join("notes.txt"), "mine").unwrap();
    export(&dir.0, &ExportOptions::default(), &[record("1", "t")]);
    let files = final_files(&dir.0);
    assert!(
        !files
            .iter()
            .any(|f| f == "documents.jsonl" || f == "tables.xlsx"),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f == "notes.txt"));
    let opts = ExportOptions {
        csv: false,
        jsonl: true,
        ..ExportOptions::default()
    };
    export(&dir.0, &opts, &[record("1", "t")]);
    assert_eq!(
        final_files(&dir.0),
        ["documents.jsonl", "notes.txt", "run.json"]
    );
}

/// Finishes the export of `record("1", "t")` and checks that Kabul has its place and
/// Peshawar none; gives `entities_summary.csv`.
fn finish_with_kabul_placed(ex: CsvExporter, dir: &Path) -> String {
    ex.finish(&serde_json::json!({})).unwrap();
    let raw = fs::read_to_string(dir.join("entities_summary.csv")).unwrap();
    assert!(
        raw.contains(",\"id:Kabul\",\"AF\",34.52813,69.17233\r\n"),
        "{raw}"
    );
    assert!(raw.contains(",\"id:Peshawar\",\"\",\"\",\"\"\r\n"), "{raw}");
    raw
}

#[test]
fn summary_says_where_places_are() {
    let dir = TempDir::new("places");
    let mut ex = CsvExporter::create(&dir.0, &ExportOptions::default()).unwrap();
    ex.write(&record("1", "t")).unwrap();
    ex.add_places(&|id: &str| {
        (id == "id:Kabul").then(|| khabar_export::Place {
            country_code: Some("AF".into()),
            lat: Some(34.52813),
            lon: Some(69.17233),
        })
    });
    finish_with_kabul_placed(ex, &dir.0);
    let (header, _) = read_table(&dir.0.join("entities_summary.csv"), b',');
    assert_eq!(header[header.len() - 3..], ["country_code", "lat", "lon"]);
}

#[test]
fn places_set_one_by_one_reach_only_the_entities_met() {
    let dir = TempDir::new("set-place");
    let mut ex = CsvExporter::create(&dir.0, &ExportOptions::default()).unwrap();
    ex.write(&record("1", "t")).unwrap();
    let kabul = |lat| khabar_export::Place {
        country_code: Some("AF".into()),
        lat: Some(lat),
        lon: Some(69.17233),
    };
    ex.set_place("id:Herat", || panic!("an entity the run never met"));
    ex.set_place("id:Kabul", || kabul(1.0));
    // A later entry of the same id wins, as in a map built in entry order.
    ex.set_place("id:Kabul", || kabul(34.52813));
    let raw = finish_with_kabul_placed(ex, &dir.0);
    assert!(!raw.contains("Herat"), "{raw}");
}

#[test]
fn zones_and_the_dateline_are_not_timeline_events() {
    let dir = TempDir::new("zones");
    let text = "Updated 08 January 2023\nTalks in Kabul on 7 January 2023.\nALSO READ: Kabul on 1 May 2022";
    let line = Span::new(0, 23);
    let teaser = Span::new(text.find("ALSO").unwrap(), text.len());
    let body = Span::new(24, teaser.start as usize - 1);
    let mut teaser_kabul = entity(text, "Kabul on 1", 2, "Kabul", true);
    let at = teaser_kabul.span.start as usize;
    teaser_kabul.span = Span::new(at, at + 5);
    let mut in_teaser = date(text, "1 May 2022", 2, "2022-05-01");
    in_teaser.in_boilerplate = true;
    let rec = DocumentRecord {
        article: Article {
            id: "z".into(),
            text: text.into(),
            ..Article::default()
        },
        articles: vec![ArticleRecord {
            index: 1,
            span: Span::new(0, text.len()),
            dateline: Some(line),
            ..ArticleRecord::default()
        }],
        sentences: vec![line, body, teaser],
        boilerplate: vec![teaser],
        boilerplate_kinds: vec!["link"],
        entities: vec![entity(text, "Kabul", 1, "Kabul", false), teaser_kabul],
        dates: vec![
            date(text, "08 January 2023", 0, "2023-01-08"),
            date(text, "7 January 2023", 1, "2023-01-07"),
            in_teaser,
        ],
        ..DocumentRecord::default()
    };
    export(&dir.0, &ExportOptions::default(), &[rec]);
    let last = |name: &str| -> Vec<String> {
        let (h, rows) = read_table(&dir.0.join(name), b',');
        assert_eq!(h.last().map(String::as_str), Some("zone"));
        rows.iter().map(|r| r.last().unwrap().clone()).collect()
    };
    assert_eq!(last("entities.csv"), ["body", "link"]);
    assert_eq!(last("dates.csv"), ["dateline", "body", "link"]);
    // The page's own date is its DCT, not an event: one timeline row.
    let (_, rows) = read_table(&dir.0.join("timeline.csv"), b',');
    let dates: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(dates, ["2023-01-07"]);
}

/// Every file of a finished export folder, by name, but the manifest (which says when).
fn folder_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    final_files(dir)
        .into_iter()
        .filter(|f| f != "run.json")
        .map(|f| {
            let bytes = fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn rows_encoded_on_other_threads_write_the_same_files() {
    use khabar_core::Diagnostic;
    let mut recs: Vec<DocumentRecord> = (0..7)
        .map(|i| record(&format!("{i:03}"), if i % 3 == 0 { "=t" } else { "t" }))
        .collect();
    // A sentence with two dates: two timeline rows share its cells.
    let text = recs[2].article.text.clone();
    recs[2].dates.push(date(&text, "May", 1, "2021-05"));
    recs[4].entities[0].match_kind = "discovered";
    for opts in [
        ExportOptions::default(),
        ExportOptions {
            plain: true,
            delimiter: b';',
            discovery: true,
            ..ExportOptions::default()
        },
        ExportOptions {
            jsonl: true,
            xlsx: true,
            rows_per_part: 4,
            ..ExportOptions::default()
        },
        ExportOptions {
            rows_per_part: 2,
            discovery: true,
            ..ExportOptions::default()
        },
        ExportOptions {
            csv: false,
            jsonl: true,
            ..ExportOptions::default()
        },
    ] {
        let (a, b) = (TempDir::new("enc-a"), TempDir::new("enc-b"));
        let mut dup = recs.clone();
        dup[5]
            .diagnostics
            .push(Diagnostic::warning("duplicate-id", "again"));
        export(&a.0, &opts, &dup);
        let mut ex = CsvExporter::create(&b.0, &opts).unwrap();
        // Encoded on two threads, last first; a diagnostic added after the encoding.
        let rows: Vec<_> = std::thread::scope(|s| {
            let halves = recs.split_at(3);
            let enc = |recs: &[DocumentRecord]| {
                let mut e = ex.encoder();
                recs.iter().rev().map(|r| e.encode(r)).collect::<Vec<_>>()
            };
            let h = s.spawn(move || enc(halves.1));
            let mut head = enc(halves.0);
            head.reverse();
            let mut tail = h.join().unwrap();
            tail.reverse();
            head.extend(tail);
            head
        });
        let mut recs = recs.clone();
        recs[5]
            .diagnostics
            .push(Diagnostic::warning("duplicate-id", "again"));
        assert!(!rows[5].is_for(&recs[5]) && rows[4].is_for(&recs[4]));
        // The record is given only when needed, or when it changed.
        for (k, (r, rows)) in recs.iter().zip(&rows).enumerate() {
            let rec = (ex.needs_records() || k == 5).then_some(r);
            ex.write_encoded(rec, rows).unwrap();
        }
        ex.finish(&serde_json::json!({ "inputs": ["test"] }))
            .unwrap();
        let (fa, fb) = (folder_bytes(&a.0), folder_bytes(&b.0));
        assert!(!fa.is_empty());
        assert_eq!(fa, fb, "{opts:?}");
    }
}

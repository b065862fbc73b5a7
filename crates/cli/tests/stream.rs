//! `khabar stream` as a pipe stage: the binary on stdin and stdout.

use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

/// Runs `khabar stream ARGS` with `input` on stdin.
fn stream(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("stream")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("khabar runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    // A writer thread, so that a child that stops reading early cannot dead-lock the test.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn article(i: usize) -> String {
    let places = ["Peshawar", "Kabul", "Islamabad", "Quetta", "Lahore"];
    format!(
        "{{\"id\": \"doc-{i}\", \"date\": \"2022-12-{:02}\", \"text\": \"Officials in {} met envoys from Afghanistan on 1{} December 2022. Talks resumed in Pakistan.\"}}\n",
        1 + i % 28,
        places[i % places.len()],
        i % 10
    )
}

fn corpus(n: usize) -> String {
    (0..n).map(article).collect()
}

/// Every stdout line, parsed.
fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {l}"))
        })
        .collect()
}

/// The `doc_id` of each record, `!LINE` for an error record.
fn ids(out: &Output) -> Vec<String> {
    records(out)
        .iter()
        .map(|r| match r.get("error") {
            Some(_) => format!("!{}", r["line"]),
            None => r["doc_id"].as_str().unwrap().to_string(),
        })
        .collect()
}

#[test]
fn one_record_per_line_in_input_order() {
    let out = stream(&["--threads", "2", "--batch-size", "4"], &corpus(30));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want: Vec<String> = (0..30).map(|i| format!("doc-{i}")).collect();
    assert_eq!(ids(&out), want);
    let first = &records(&out)[0];
    assert_eq!(first["date"], "2022-12-01");
    assert_eq!(first["articles"][0]["dct"], "2022-12-01");
    let ents: Vec<&str> = first["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(
        ents.contains(&"Afghanistan") && ents.contains(&"Pakistan"),
        "{ents:?}"
    );
    for e in first["entities"].as_array().unwrap() {
        for k in [
            "byte_start",
            "byte_end",
            "text",
            "type",
            "entity_id",
            "canonical",
            "match",
            "in_boilerplate",
            "alias",
            "zone",
            "sentence",
            "article",
        ] {
            assert!(e.get(k).is_some(), "entity without {k}: {e}");
        }
    }
    assert!(first["dates"].is_array());
    for d in first["dates"].as_array().unwrap() {
        assert!(d["rule"].is_string(), "date without rule: {d}");
    }
}

#[test]
fn threads_do_not_change_the_bytes() {
    let input = corpus(25);
    let one = stream(&["--threads", "1", "--batch-size", "3"], &input);
    let two = stream(&["--threads", "2", "--batch-size", "3"], &input);
    let big = stream(&["--threads", "2", "--batch-size", "1000"], &input);
    assert!(one.status.success() && two.status.success() && big.status.success());
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, big.stdout);
}

#[test]
fn skip_writes_error_records_in_place() {
    let input = format!(
        "{}{{not json\n{}\n{{\"id\": \"no-text\"}}\n{}",
        article(0),
        article(1),
        article(2)
    );
    let out = stream(&["--on-error", "skip", "--batch-size", "2"], &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ids(&out), ["doc-0", "!2", "doc-1", "!5", "doc-2"]);
    let recs = records(&out);
    assert_eq!(recs[1]["id"], serde_json::Value::Null);
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("malformed JSON"));
    assert_eq!(recs[3]["id"], "no-text");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>:2") && stderr.contains("<stdin>:5"),
        "{stderr}"
    );
}

#[test]
fn fail_stops_after_writing_what_came_before() {
    let input = format!(
        "{}{}{{\"id\": \"x\", \"text\": \n{}",
        article(0),
        article(1),
        article(2)
    );
    let out = stream(&["--batch-size", "1", "--threads", "2"], &input);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(ids(&out), ["doc-0", "doc-1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>:3") && stderr.contains("malformed JSON"),
        "{stderr}"
    );

    let out = stream(
        &["--on-error", "fail"],
        &format!("{}{{\"id\": \"no-text\"}}\n", article(0)),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(ids(&out), ["doc-0"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing `text`"));
}

#[test]
fn cannot_start() {
    let out = stream(&["--gazetteer", "/nonexistent/names.csv"], &corpus(2));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = stream(&["--batch-size", "0"], &corpus(2));
    assert_eq!(out.status.code(), Some(2));
    let out = stream(&["--reference-date", "yesterday"], &corpus(2));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn empty_input_and_blank_lines() {
    let out = stream(&[], "");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let out = stream(&[], &format!("\n{}\n   \n{}", article(0), article(1)));
    assert!(out.status.success());
    assert_eq!(ids(&out), ["doc-0", "doc-1"]);
}

/// A stream record and the `documents.jsonl` line of `khabar run --format jsonl` for the
/// same document are the same bytes.
#[test]
fn stream_records_are_documents_jsonl_lines() {
    let dir = std::env::temp_dir().join(format!("khabar-stream-vs-run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // A page with two articles, a record with a title and no date, a bad date and invalid
    // text, beside the plain articles.
    let mut input = corpus(12);
    input.push_str(concat!(
        r#"{"id": "page", "title": "Digest", "text": "Talks Resume in Kabul\nUpdated 08 January 2023\n\n"#,
        r#"PESHAWAR: Talks resumed on Monday.\n\nFloods Hit Quetta\nPublished November 8, 2021\n\n"#,
        r#"QUETTA: Floods hit the city on Tuesday.\n"}"#,
        "\n",
        r#"{"id": "untitled", "date": "not a date", "url": "https://example.invalid/a", "text": "Lahore, 3 May."}"#,
        "\n",
    ));
    let corpus_path = dir.join("corpus.jsonl");
    std::fs::write(&corpus_path, &input).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args([
            "run",
            "--format",
            "jsonl",
            "--quiet",
            "--threads",
            "2",
            "--out",
        ])
        .arg(dir.join("out"))
        .arg("-")
        .stdin(std::fs::File::open(&corpus_path).unwrap())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines = std::fs::read(dir.join("out/documents.jsonl")).unwrap();
    let out = stream(&["--threads", "2", "--batch-size", "5", "--quiet"], &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(records(&out).len(), 14);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(lines).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

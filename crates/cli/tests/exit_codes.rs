//! The documented exit codes of `khabar run`, checked by running the binary.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("khabar-cli-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const GAZ: &[u8] = b"id\tname\ttype\taliases\nKBL\tKabul\tLOC\t\n";

fn khabar(dir: &TempDir, args: &[&str]) -> Output {
    let gaz = dir.write("gaz.tsv", GAZ);
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("run")
        .args(args)
        .arg("--no-default-gazetteer")
        .arg("--gazetteer")
        .arg(gaz)
        .output()
        .unwrap()
}

fn check(name: &str, files: &[(&str, &[u8])], extra: &[&str], code: i32, stderr_has: &str) {
    let dir = TempDir::new(name);
    for (rel, bytes) in files {
        dir.write(rel, bytes);
    }
    let out = dir.0.join("out");
    let mut args: Vec<String> = files
        .iter()
        .map(|(rel, _)| dir.0.join(rel).display().to_string())
        .collect();
    if !extra.contains(&"--out") {
        args.extend(["--out".to_string(), out.display().to_string()]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = khabar(&dir, &args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{name}: {stderr}");
    assert!(
        stderr.contains(stderr_has),
        "{name}: stderr lacks {stderr_has:?}:\n{stderr}"
    );
}

#[test]
fn exit_codes() {
    let good: &[u8] = b"{\"id\":\"1\",\"text\":\"Kabul on Monday.\"}\n";
    check("clean", &[("a.jsonl", good)], &[], 0, "1 documents");
    check("quiet", &[("a.jsonl", good)], &["--quiet"], 0, "");
    check(
        "skipped-line",
        &[("a.jsonl", b"{\"id\":\"1\",\"text\":\"Kabul\"}\n{oops\n")],
        &[],
        1,
        "a.jsonl:2: malformed JSON",
    );
    let big = format!(
        "{{\"id\":\"2\",\"text\":\"{}\"}}\n",
        "Kabul. ".repeat(160_000)
    );
    check(
        "document-over-the-limit",
        &[("a.jsonl", good), ("b.jsonl", big.as_bytes())],
        &["--max-document-mb", "1"],
        1,
        "b.jsonl:1: line longer than the 1048576-byte document limit",
    );
    check(
        "missing-input",
        &[("a.jsonl", good), ("b.txt", b"")],
        &["nope.jsonl"],
        2,
        "input nope.jsonl: No such file",
    );
    check(
        "bad-flag",
        &[("a.jsonl", good)],
        &["--threads", "many"],
        2,
        "invalid value",
    );
    check(
        "bad-delimiter",
        &[("a.jsonl", good)],
        &["--delimiter", "ab"],
        2,
        "not one ASCII character",
    );
    check(
        "bad-reference-date",
        &[("a.jsonl", good)],
        &["--reference-date", "yesterday"],
        2,
        "reference date",
    );
    check(
        "unwritable-out",
        &[("a.jsonl", good), ("file", b"x")],
        &["--out", "/dev/null/sub"],
        2,
        "not writable",
    );
}

#[test]
fn formats_and_delimiters() {
    let dir = TempDir::new("formats");
    let input = dir.write("a.jsonl", b"{\"id\":\"1\",\"text\":\"Kabul on Monday.\"}\n");
    let out = dir.0.join("out");
    let o = khabar(
        &dir,
        &[
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "both",
            "--csv-plain",
            "--delimiter",
            "tab",
            "--quiet",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stderr.is_empty(),
        "--quiet printed {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let docs = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(
        docs.starts_with("\"doc_id\"\t") || docs.starts_with("doc_id\t"),
        "{docs}"
    );
    assert!(out.join("documents.jsonl").exists());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["documents"], 1, "{manifest}");
    // A list of formats; the jsonl of the run before is not left beside the new tables.
    let o = khabar(
        &dir,
        &[
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "csv,xlsx",
            "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(out.join("tables.xlsx").exists() && out.join("timeline.csv").exists());
    assert!(!out.join("documents.jsonl").exists());
    let o = khabar(
        &dir,
        &[
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(!out.join("tables.xlsx").exists());
}

fn wait_for(path: &Path, what: impl Fn(&Path) -> bool) {
    let until = Instant::now() + Duration::from_secs(60);
    while !what(path) {
        assert!(
            Instant::now() < until,
            "timed out waiting on {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_130_and_removes_partial_tables() {
    let dir = TempDir::new("sigint");
    let out = dir.0.join("out");
    let gaz = dir.write("gaz.tsv", GAZ);
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["run", "-", "--no-default-gazetteer", "--gazetteer"])
        .arg(gaz)
        .arg("--out")
        .arg(&out)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..1000 {
        writeln!(stdin, "{{\"id\":\"{i}\",\"text\":\"Kabul on Monday.\"}}").unwrap();
    }
    stdin.flush().unwrap();
    // The run is under way once its temporary tables exist; stdin stays open, so it waits.
    wait_for(&out, |p| {
        std::fs::read_dir(p).is_ok_and(|mut d| d.next().is_some())
    });
    std::thread::sleep(Duration::from_millis(300));
    let st = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).unwrap();
        s
    });
    let until = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > until {
            child.kill().unwrap();
            panic!("khabar did not stop within 30 s of SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(stdin);
    let stderr = reader.join().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "tables left after Ctrl-C: {left:?}");
}

/// A gazetteer with a bad row stops the run with status 2, and the message names the file
/// and the line, from the error's source chain.
#[test]
fn bad_gazetteer_names_file_and_line() {
    let dir = TempDir::new("bad-gazetteer");
    let input = dir.write("a.jsonl", b"{\"id\":\"1\",\"text\":\"Kabul on Monday.\"}\n");
    let bad = dir.write(
        "bad.tsv",
        b"id\tname\ttype\taliases\nKBL\tKabul\tLOC\t\nPSH\t\tLOC\t\n",
    );
    let out = dir.0.join("out");
    let o = khabar(
        &dir,
        &[
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--gazetteer",
            bad.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:3: empty name", bad.display())),
        "{stderr}"
    );
    assert!(!out.join("entities.csv").exists());
}

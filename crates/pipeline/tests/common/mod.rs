//! Helpers shared by the integration tests: temporary folders and a synthetic corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A folder under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "khabar-pipeline-test-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PLACES: &[&str] = &[
    "Pakistan",
    "Afghanistan",
    "Kabul",
    "Islamabad",
    "Peshawar",
    "Quetta",
    "Swat",
    "Karachi",
];
const WHEN: &[&str] = &[
    "on Monday",
    "last week",
    "on 12 March 2022",
    "in November 2021",
    "two days ago",
    "yesterday",
];

/// A deterministic article text, `n` picks the words.
pub fn article(n: usize) -> String {
    let p = |k: usize| PLACES[(n * 7 + k * 3) % PLACES.len()];
    let w = |k: usize| WHEN[(n * 5 + k) % WHEN.len()];
    format!(
        "Officials in {} said {} that talks with the banned group would go on.\n\n\
         A spokesman in {} told reporters the cease-fire, agreed {}, was holding “for now”.\n\
         Security forces in {} reported {} incidents {}.",
        p(0),
        w(0),
        p(1),
        w(1),
        p(2),
        n % 13,
        w(2)
    )
}

/// Writes a mixed corpus of `n` documents (JSONL, CSV and `.txt` pages) under `dir`.
pub fn write_corpus(dir: &TempDir, n: usize) {
    let mut jsonl = String::new();
    let mut csv = String::from("id,title,date,text\n");
    for i in 0..n {
        let text = article(i);
        match i % 3 {
            0 => {
                let rec = serde_json::json!({"id": format!("j{i}"), "title": format!("Report {i}"), "date": format!("2022-0{}-1{}", 1 + i % 9, i % 10), "text": text});
                jsonl.push_str(&rec.to_string());
                jsonl.push('\n');
            }
            1 => csv.push_str(&format!(
                "c{i},Report {i},2023-01-0{},\"{}\"\n",
                1 + i % 9,
                text.replace('"', "\"\"")
            )),
            _ => {
                dir.write(
                    &format!("pages/{:04}.txt", i),
                    format!("Updated 08 January 2023\n\n{text}").as_bytes(),
                );
            }
        }
    }
    dir.write("a.jsonl", jsonl.as_bytes());
    dir.write("b.csv", csv.as_bytes());
}

/// The fixture corpus of the repository.
///
/// # Panics
///
/// When `fixtures/corpus` is missing or empty: a test must not pass on less than it says.
#[track_caller]
pub fn fixture_corpus() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus");
    let has_files = std::fs::read_dir(&p)
        .unwrap_or_else(|e| panic!("fixture folder {} is missing: {e}", p.display()))
        .next()
        .is_some();
    assert!(has_files, "fixture folder {} is empty", p.display());
    p
}

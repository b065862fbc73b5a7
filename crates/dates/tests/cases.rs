//! Data-driven cases: `tests/cases.tsv` (one sentence of our own per case) and the golden
//! dates of `fixtures/corpus/` in `fixtures/dates/corpus.expected`.
//!
//! After a reviewed change, `UPDATE_EXPECT=1 cargo test -p khabar-dates --test cases`
//! rewrites the expected columns; the diff then shows every value that moved.

use std::{collections::BTreeSet, fmt::Write as _, path::Path};

use khabar_dates::{Date, DateMatch, DateNormalizer};

const HEADER: &str = "# text\tdct\textent\ttype\tvalue\trule";

fn update() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

/// Compares `actual` with the file at `path`, or rewrites the file under `UPDATE_EXPECT`.
#[track_caller]
fn check_file(path: &Path, actual: &str) {
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return;
    }
    if update() {
        std::fs::write(path, actual).expect("writing the expected file");
        return;
    }
    let mut diff = String::new();
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    for l in e.iter().filter(|l| !a.contains(l)) {
        let _ = writeln!(diff, "- {l}");
    }
    for l in a.iter().filter(|l| !e.contains(l)) {
        let _ = writeln!(diff, "+ {l}");
    }
    panic!(
        "{} is out of date (rerun with UPDATE_EXPECT=1 after review):\n{diff}",
        path.display()
    );
}

fn rule(m: &DateMatch) -> String {
    if m.resolution.is_empty() {
        m.rule.to_string()
    } else {
        format!("{}/{}", m.rule, m.resolution)
    }
}

/// The cases of `tests/cases.tsv`: comment lines, then (text, dct) in file order.
fn cases(file: &str) -> Vec<(Vec<&str>, &str, &str)> {
    let mut out: Vec<(Vec<&str>, &str, &str)> = Vec::new();
    let mut comments = Vec::new();
    for line in file.lines() {
        if line == HEADER {
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            comments.push(line);
            continue;
        }
        let mut cols = line.split('\t');
        let text = cols.next().unwrap_or_default();
        let dct = cols.next().unwrap_or("-");
        match out.last() {
            Some((_, t, d)) if *t == text && *d == dct && comments.is_empty() => {}
            _ => out.push((std::mem::take(&mut comments), text, dct)),
        }
    }
    out
}

#[test]
fn cases_tsv() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases.tsv");
    let file = std::fs::read_to_string(&path).expect("tests/cases.tsv");
    let dates = DateNormalizer::builder().build();
    let mut actual = format!("{HEADER}\n");
    let mut seen = BTreeSet::new();
    for (comments, text, dct) in cases(&file) {
        for c in comments {
            actual.push_str(c);
            actual.push('\n');
        }
        let anchor: Option<Date> = (dct != "-").then(|| dct.parse().expect("dct YYYY-MM-DD"));
        let found: Vec<DateMatch> = dates.find_iter(text, anchor).collect();
        if found.is_empty() {
            let _ = writeln!(actual, "{text}\t{dct}\t\t\t\t");
        }
        for m in &found {
            seen.insert(m.rule);
            seen.insert(m.resolution);
            let _ = writeln!(
                actual,
                "{text}\t{dct}\t{}\t{}\t{}\t{}",
                &text[m.span],
                m.timex_type.as_str(),
                m.value,
                rule(m)
            );
        }
    }
    check_file(&path, &actual);
    // Every rule of the grammar and every resolution step has a case of its own: the rules
    // named where the grammar builds a candidate from a value, and every step the resolver
    // names (its lowercase string literals outside its unit tests).
    let scan = include_str!("../src/scan.rs");
    let resolve = include_str!("../src/resolve.rs");
    let resolve = &resolve[..resolve.find("#[cfg(test)]").unwrap_or(resolve.len())];
    let mut missing = Vec::new();
    let mut names = Vec::new();
    for pat in ["cand(\"", "cand_y(\""] {
        for (at, _) in scan.match_indices(pat) {
            let rest = &scan[at + pat.len()..];
            names.push(&rest[..rest.find('"').unwrap_or(0)]);
        }
    }
    let code: String = resolve
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    let mut quoted = code.split('"');
    quoted.next();
    while let Some(lit) = quoted.next() {
        let step = !lit.is_empty()
            && lit
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if step {
            names.push(lit);
        }
        quoted.next();
    }
    for name in names {
        if !seen.contains(name) && !missing.contains(&name) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a case in cases.tsv: {missing:?}"
    );
}

/// The anchor of a fixture page: its first full date (the dateline), read without one.
fn page_anchor(dates: &DateNormalizer, text: &str) -> Option<Date> {
    dates
        .find_iter(text, None)
        .find_map(|m| m.value.parse::<Date>().ok())
}

#[test]
fn corpus_golden() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<_> = std::fs::read_dir(root.join("fixtures/corpus"))
        .expect("fixtures/corpus")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let dates = DateNormalizer::builder().build();
    let mut actual = String::from("# file\tanchor\tstart\tend\ttype\tvalue\trule\ttext\n");
    for f in &files {
        let text = std::fs::read_to_string(f).expect("fixture text");
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let anchor = page_anchor(&dates, &text);
        let a = anchor.map_or("-".to_string(), |d| d.to_string());
        for m in dates.find_iter(&text, anchor) {
            let _ = writeln!(
                actual,
                "{name}\t{a}\t{}\t{}\t{}\t{}\t{}\t{}",
                m.span.start,
                m.span.end,
                m.timex_type.as_str(),
                m.value,
                rule(&m),
                text.as_str()[m.span].replace(['\n', '\t'], " ")
            );
        }
    }
    check_file(&root.join("fixtures/dates/corpus.expected"), &actual);
}

#[test]
fn find_iter_with_reuses_buffers() {
    let dates = DateNormalizer::builder().build();
    let mut scratch = khabar_dates::Scratch::default();
    let dct: Date = "2022-12-19".parse().expect("date");
    for text in [
        "The council met on Friday.",
        "Talks resumed last month, two weeks after the vote on March 3.",
        "",
    ] {
        let a: Vec<DateMatch> = dates.find_iter(text, Some(dct)).collect();
        let b: Vec<DateMatch> = dates
            .find_iter_with(text, Some(dct), &mut scratch)
            .collect();
        assert_eq!(a, b, "{text}");
    }
}

#[test]
fn story_runs_across_pieces() {
    let dates = DateNormalizer::builder().build();
    let mut scratch = khabar_dates::Scratch::default();
    let dct: Date = "2022-12-19".parse().expect("date");
    let mut story = khabar_dates::Story::default();
    let values = |text: &str, story: &mut khabar_dates::Story, s: &mut khabar_dates::Scratch| {
        dates
            .find_iter_in_story(text, Some(dct), s, story)
            .map(|m| m.value)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        values(
            "The plant opened on June 5, 2015.",
            &mut story,
            &mut scratch
        ),
        ["2015-06-05"]
    );
    // A piece after a boilerplate zone still knows the year and the day.
    assert_eq!(
        values(
            "Later that year it closed. The same day, workers left.",
            &mut story,
            &mut scratch
        ),
        ["2015", "2015-06-05"]
    );
    // A new story knows nothing.
    let mut fresh = khabar_dates::Story::default();
    assert_eq!(
        values("The same day, workers left.", &mut fresh, &mut scratch),
        ["XXXX-XX-XX"]
    );
}

/// Without an anchor, an expression is still reported, with an underspecified value: never
/// dropped (it may be read shorter, as `Eid` alone in `the day after Eid`, whose day is
/// unknown).
#[test]
fn without_an_anchor_nothing_is_dropped() {
    let dates = DateNormalizer::builder().build();
    let dct: Date = "2022-05-10".parse().expect("date");
    for text in [
        "The same day, workers left.",
        "The next day, workers left.",
        "The next morning, workers left.",
        "Workers left last week.",
        "Workers left the following month.",
        "Workers left on Friday.",
        "Workers left Tuesday (November 9).",
        "Workers left on June 21.",
        "Workers left three days ago.",
        "Workers left on Christmas.",
        "Workers left on Easter.",
        "Workers left last year.",
        "Workers left in the third quarter.",
        "Workers left the day after Eid.",
        "Workers left in the week of March 6.",
        "Workers left at 10 p.m. Wednesday.",
        "Workers left in the early morning.",
        "Profit rose from the year-ago quarter.",
    ] {
        let anchored: Vec<DateMatch> = dates.find_iter(text, Some(dct)).collect();
        let bare: Vec<DateMatch> = dates.find_iter(text, None).collect();
        assert!(!anchored.is_empty(), "{text}");
        for a in &anchored {
            let found = bare
                .iter()
                .find(|b| b.span.start < a.span.end && a.span.start < b.span.end);
            let Some(b) = found else {
                panic!("{text}: {:?} dropped without an anchor", &text[a.span]);
            };
            assert!(
                b.value.contains('X'),
                "{text}: {:?} valued {} without an anchor",
                &text[b.span],
                b.value
            );
        }
    }
}

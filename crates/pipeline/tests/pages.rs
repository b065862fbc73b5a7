//! Articles whole: a headline shown again under its dateline is one article, a record's own
//! title is kept beside the headline found in the text, and a line shown twice is counted
//! once in every table.

mod common;

use std::path::Path;

use common::TempDir;
use khabar_pipeline::{Config, EngineConfig};

/// A small gazetteer so the test need not build the default one.
const GAZ: &str =
    "id\tname\ttype\taliases\nPK\tPakistan\tLOC\t\nKBL\tKabul\tLOC\t\nBNU\tBannu\tLOC\t\n";

/// The header and rows of a CSV table, as maps from column to value.
fn table(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            header
                .iter()
                .cloned()
                .zip(x.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// A run of `input` with the small gazetteer alone, no discovery, plain CSV tables and
/// `documents.jsonl`, on two threads, into `out/` of `dir`.
fn config(dir: &TempDir, input: std::path::PathBuf) -> Config {
    let gaz = dir.write("gaz.tsv", GAZ.as_bytes());
    Config {
        inputs: vec![input],
        out: dir.path().join("out"),
        engine: EngineConfig {
            gazetteers: vec![gaz],
            no_default_gazetteer: true,
            no_discovery: true,
            ..EngineConfig::default()
        },
        threads: Some(2),
        export: khabar_pipeline::ExportOptions {
            plain: true,
            jsonl: true,
            ..Default::default()
        },
        ..Config::default()
    }
}

#[test]
fn a_headline_shown_twice_and_a_caption_shown_twice_count_once() {
    let dir = TempDir::new("articles-whole");
    let page = "Skip to content\n\n\
        Pakistan extends ceasefire talks in Kabul\n\n\
        Elders wait outside a meeting hall in Bannu on September 22. PHOTO: FILE\n\n\
        Updated 08 January 2023\n\n\
        Pakistan extends ceasefire talks in Kabul\n\n\
        PESHAWAR: Pakistan and the banned group agreed on Sunday to extend their talks in Kabul, officials said.\n\n\
        Elders wait outside a meeting hall in Bannu on September 22. PHOTO: FILE\n\n\
        The next round will be held in Kabul on January 15.\n";
    let records = [
        serde_json::json!({"id": "feed", "title": "Feed title: talks go on", "text": page}),
        serde_json::json!({"id": "bare", "text": page}),
    ];
    let jsonl: String = records.iter().map(|r| format!("{r}\n")).collect();
    let input = dir.write("in/pages.jsonl", jsonl.as_bytes());
    let config = config(&dir, input);
    let s = khabar_pipeline::run(&config, |_| {}).unwrap();
    let out = dir.path().join("out");

    // One article per page, dated by its dateline; the record's title is kept, the
    // headline found in the text has its own column.
    let docs = table(&out.join("documents.csv"));
    let got: Vec<(&str, &str, &str, &str, &str, &str)> = docs
        .iter()
        .map(|r| {
            (
                r["doc_id"].as_str(),
                r["article"].as_str(),
                r["title"].as_str(),
                r["headline"].as_str(),
                r["dct"].as_str(),
                r["entities"].as_str(),
            )
        })
        .collect();
    let head = "Pakistan extends ceasefire talks in Kabul";
    assert_eq!(
        got,
        [
            (
                "feed",
                "1",
                "Feed title: talks go on",
                head,
                "2023-01-08",
                "6"
            ),
            ("bare", "1", head, head, "2023-01-08", "6")
        ]
    );

    // Every mention is reported; those in the lines shown again are zone `repeat`, not
    // boilerplate.
    let ents = table(&out.join("entities.csv"));
    let zones = |doc: &str| -> Vec<(String, String)> {
        ents.iter()
            .filter(|r| r["doc_id"] == doc)
            .map(|r| (r["text"].clone(), r["zone"].clone()))
            .collect()
    };
    let want: Vec<(String, String)> = [
        ("Pakistan", "body"),
        ("Kabul", "body"),
        ("Bannu", "body"),
        ("Pakistan", "repeat"),
        ("Kabul", "repeat"),
        ("Pakistan", "body"),
        ("Kabul", "body"),
        ("Bannu", "repeat"),
        ("Kabul", "body"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let zones_of = zones;
    assert_eq!(zones_of("feed"), want);
    assert!(ents.iter().all(|r| r["in_boilerplate"] == "false"));
    let dates = table(&out.join("dates.csv"));
    let sept: Vec<(&str, &str)> = dates
        .iter()
        .filter(|r| r["doc_id"] == "feed" && r["text"] == "September 22")
        .map(|r| (r["value"].as_str(), r["zone"].as_str()))
        .collect();
    assert_eq!(sept, [("2022-09-22", "body"), ("2022-09-22", "repeat")]);

    // Counted once: the summary, the timeline and the run's counts.
    let summary = table(&out.join("entities_summary.csv"));
    let mentions: Vec<(&str, &str)> = summary
        .iter()
        .map(|r| (r["canonical"].as_str(), r["mentions"].as_str()))
        .collect();
    assert_eq!(
        mentions,
        [("Kabul", "6"), ("Pakistan", "4"), ("Bannu", "2")]
    );
    let timeline = table(&out.join("timeline.csv"));
    let rows: Vec<(&str, &str)> = timeline
        .iter()
        .map(|r| (r["date"].as_str(), r["doc_id"].as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("2022-09-22", "feed"),
            ("2022-09-22", "bare"),
            ("2023-01-08", "feed"),
            ("2023-01-08", "bare"),
            ("2023-01-15", "feed"),
            ("2023-01-15", "bare"),
        ]
    );
    assert_eq!((s.repeats, s.repeated_mentions), (4, 8));
    // The JSON records say the same.
    let lines = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["title"], "Feed title: talks go on");
    assert_eq!(first["articles"][0]["headline"], head);
    let zones: Vec<(&str, &str)> = first["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["text"].as_str().unwrap(), e["zone"].as_str().unwrap()))
        .collect();
    let csv_zones = zones_of("feed");
    assert_eq!(
        zones,
        csv_zones
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect::<Vec<_>>()
    );
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["counts"]["repeats"], 4);
    assert_eq!(run["counts"]["repeated_mentions"], 8);
}

#[test]
fn a_record_title_names_its_first_article_only() {
    let dir = TempDir::new("articles-titles");
    let page = "Police chief visits Bannu after attack\n\
        Published November 8, 2021\n\n\
        BANNU: The provincial police chief visited Bannu on Tuesday after an attack on a police station.\n\n\
        He met the families of the policemen and announced compensation for them.\n\n\
        Traders protest power cuts in Peshawar\n\
        Published November 9, 2021\n\n\
        PESHAWAR: Traders in Peshawar protested against long power cuts on Wednesday and blocked a road.\n\n\
        They said the cuts had ruined their business in the winter season.\n";
    let records = [
        serde_json::json!({"id": "digest", "title": "Frontier digest, 9 November", "text": page}),
        serde_json::json!({"id": "untitled", "text": page}),
    ];
    let jsonl: String = records.iter().map(|r| format!("{r}\n")).collect();
    let input = dir.write("in/pages.jsonl", jsonl.as_bytes());
    let gaz = dir.write("gaz.tsv", GAZ.as_bytes());
    let config = Config {
        inputs: vec![input],
        out: dir.path().join("out"),
        engine: EngineConfig {
            gazetteers: vec![gaz],
            no_default_gazetteer: true,
            ..EngineConfig::default()
        },
        threads: Some(1),
        ..Config::default()
    };
    let s = khabar_pipeline::run(&config, |_| {}).unwrap();
    assert_eq!((s.articles, s.repeats), (4, 0));
    let docs = table(&dir.path().join("out/documents.csv"));
    let got: Vec<[&str; 4]> = docs
        .iter()
        .map(|r| {
            [
                r["doc_id"].as_str(),
                r["title"].as_str(),
                r["headline"].as_str(),
                r["dct"].as_str(),
            ]
        })
        .collect();
    let (one, two) = (
        "Police chief visits Bannu after attack",
        "Traders protest power cuts in Peshawar",
    );
    assert_eq!(
        got,
        [
            ["digest", "Frontier digest, 9 November", one, "2021-11-08"],
            ["digest", two, two, "2021-11-09"],
            ["untitled", one, one, "2021-11-08"],
            ["untitled", two, two, "2021-11-09"],
        ]
    );
}

#[test]
fn the_publication_date_written_again_under_the_byline_is_no_event() {
    let dir = TempDir::new("articles-second-dateline");
    let page = "Talks with the banned group on hold in Bannu\n\n\
        Updated 19 December 2022\n\
        STAFF REPORTER\n\n\
        December 19, 2022 18:44\n\n\
        BANNU: The talks were put on hold on Monday after an attack in Bannu on December 17, officials said.\n\n\
        A meeting set for December 19, 2022 was called off.\n";
    let input = dir.write("in/page.txt", page.as_bytes());
    let config = Config {
        threads: Some(1),
        ..config(&dir, input)
    };
    khabar_pipeline::run(&config, |_| {}).unwrap();
    let out = dir.path().join("out");
    let dates = table(&out.join("dates.csv"));
    let zones: Vec<(&str, &str, &str)> = dates
        .iter()
        .map(|r| {
            (
                r["text"].as_str(),
                r["zone"].as_str(),
                r["in_boilerplate"].as_str(),
            )
        })
        .collect();
    // The dateline, and the same day with its clock time on a line of its own under the
    // byline, are the DCT; the same day written in a sentence of the body is an event.
    assert_eq!(
        zones,
        [
            ("19 December 2022", "dateline", "false"),
            ("December 19, 2022", "dateline", "false"),
            ("18:44", "dateline", "false"),
            ("Monday", "body", "false"),
            ("December 17", "body", "false"),
            ("December 19, 2022", "body", "false"),
        ]
    );
    let timeline = table(&out.join("timeline.csv"));
    let days: Vec<&str> = timeline.iter().map(|r| r["date"].as_str()).collect();
    assert_eq!(days, ["2022-12-17", "2022-12-19", "2022-12-19"]);
    let json = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    let rec: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(rec["dates"][2]["zone"], "dateline");
}

#[test]
fn the_story_runs_across_a_boilerplate_line_inside_the_article() {
    let dir = TempDir::new("articles-story-across-boilerplate");
    let page = "Plant in Bannu closes after heavy losses\n\n\
        Updated 19 December 2022\n\n\
        BANNU: The plant opened on June 5, 2015, with a thousand workers, officials said.\n\n\
        ALSO READ: Polio drive resumes in 2019\n\n\
        Later that year it was sold to a group from Kabul. The same day, its workers struck.\n";
    let input = dir.write("in/page.txt", page.as_bytes());
    let config = Config {
        threads: Some(1),
        ..config(&dir, input)
    };
    khabar_pipeline::run(&config, |_| {}).unwrap();
    let dates = table(&dir.path().join("out").join("dates.csv"));
    let got: Vec<(&str, &str, &str)> = dates
        .iter()
        .map(|r| {
            (
                r["text"].as_str(),
                r["value"].as_str(),
                r["in_boilerplate"].as_str(),
            )
        })
        .collect();
    // `that year` and `the same day` after the link to another story refer to the body's
    // date before it: the year of the link's own text is not the story's.
    assert_eq!(
        got,
        [
            ("19 December 2022", "2022-12-19", "false"),
            ("June 5, 2015", "2015-06-05", "false"),
            ("2019", "2019", "true"),
            ("Later that year", "2015", "false"),
            ("The same day", "2015-06-05", "false"),
        ]
    );
}

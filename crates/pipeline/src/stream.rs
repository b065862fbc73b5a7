//! `khabar stream`: JSONL articles in, one JSONL record per article out, for pipe stages.
//!
//! This is the shape Spark's `RDD.pipe`, Hadoop Streaming, Ray and Dask expect of a program
//! they run over a partition: records on stdin, records on stdout in the same order, logs
//! only on stderr, memory bounded whatever the partition size, and a non-zero exit status
//! when the task must fail.
//!
//! - [`StreamConfig`]: the engine, the threads, the batch limits and the [`OnError`] policy.
//! - [`stream`]: the runner of `khabar run` (reader, batches, pool, guarded analysis, in
//!   input order) with stdout as its sink: each batch is written and flushed before the
//!   next; the analysers are built once.
//! - [`khabar_export::write_json_record`]: a document's record, the bytes of its line in
//!   `documents.jsonl`; [`write_bad_record`]: the record of a bad input line.
//!
//! Input records have the fields of `khabar run` JSONL: `id`, `text` (or `maintext`),
//! `title`, `date` (or `date_publish`), `url`, `source`. Blank lines are not records and
//! give no output line.
//!
//! # Example
//!
//! ```
//! use khabar_pipeline::stream::{stream, StreamConfig};
//!
//! let input = br#"{"id": "a1", "text": "Pakistan said on Monday.", "date": "2022-12-19"}"#;
//! let mut out = Vec::new();
//! let summary = stream(&StreamConfig::default(), &input[..], &mut out, |_| {}).unwrap();
//! assert_eq!(summary.documents, 1);
//! let rec: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! assert_eq!(rec["doc_id"], "a1");
//! assert_eq!(rec["date"], "2022-12-19");
//! assert!(rec["entities"].as_array().unwrap().iter().any(|e| e["text"] == "Pakistan"));
//! assert!(rec["dates"].is_array());
//! ```

use std::{
    io::{self, BufRead, Write},
    time::Instant,
};

use khabar_core::DocumentRecord;
use serde::Serialize;

use crate::{
    read::{Input, InputFormat, InputReader, Skip},
    runner::{Plan, Runner, Sink, Source},
    EngineConfig, Error, RunSummary,
};

/// What to do with a record that cannot be analysed (malformed JSON, no `text`, too long).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnError {
    /// Write what came before, report the record on stderr and stop with
    /// [`Error::BadRecord`]: the engine running the stage fails the task.
    #[default]
    Fail,
    /// Write an error record `{"id", "line", "error"}` in its place and go on.
    Skip,
}

/// Everything a stream needs.
#[derive(Clone, Debug)]
pub struct StreamConfig {
    /// How to build the analysers.
    pub engine: EngineConfig,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Records per batch, at most.
    pub batch_size: usize,
    /// Bytes of input per batch, at most (a single larger record makes a batch of its own).
    pub batch_bytes: usize,
    /// Longest input line; longer ones are bad records.
    pub max_document_bytes: usize,
    /// What to do with bad records.
    pub on_error: OnError,
}

impl Default for StreamConfig {
    fn default() -> StreamConfig {
        StreamConfig {
            engine: EngineConfig::default(),
            threads: None,
            batch_size: 256,
            batch_bytes: 4 << 20,
            max_document_bytes: crate::read::DEFAULT_MAX_DOCUMENT_BYTES,
            on_error: OnError::Fail,
        }
    }
}

/// Reads JSONL articles from `input` and writes one JSONL record per article to `output`,
/// in input order, a batch at a time, each batch flushed. `on_bad` is called for every bad
/// record (after the records before it were written), whatever the [`OnError`] policy.
///
/// Stops with [`Error::BadRecord`] at the first bad record under [`OnError::Fail`], and with
/// [`Error::Write`] when `output` fails (a closed pipe, a full disk).
pub fn stream<R, W>(
    config: &StreamConfig,
    input: R,
    output: W,
    mut on_bad: impl FnMut(&Skip),
) -> Result<RunSummary, Error>
where
    R: BufRead + Send + 'static,
    W: Write,
{
    let started = Instant::now();
    let runner = Runner::new(Plan {
        engine: config.engine.clone(),
        threads: config.threads,
        batch_size: config.batch_size,
        batch_bytes: config.batch_bytes,
        max_in_flight_bytes: crate::Config::default().max_in_flight_bytes,
        progress: false,
        cancel: None,
        exiting: false,
    })?;
    let stdin = Input {
        path: "-".into(),
        txt_id: "-".into(),
        format: InputFormat::Jsonl,
    };
    let reader = InputReader::from_reader(stdin, Box::new(input), config.max_document_bytes);
    let source = Source {
        readers: vec![reader],
        total: None,
        read: Default::default(),
    };
    let mut sink = JsonLines {
        out: io::BufWriter::with_capacity(1 << 16, output),
        on_error: config.on_error,
    };
    let mut summary = RunSummary::default();
    let ran = runner.run(source, &mut sink, &mut on_bad, &mut summary);
    // What came before a failure is written.
    sink.out.flush().map_err(Error::Write)?;
    ran?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The sink of a stream: one JSON line per record, flushed after each batch.
struct JsonLines<W: Write> {
    out: io::BufWriter<W>,
    on_error: OnError,
}

impl<W: Write> Sink for JsonLines<W> {
    fn encoder(&self) -> Option<khabar_export::RowEncoder> {
        khabar_export::RowEncoder::with_options(&khabar_export::ExportOptions {
            csv: false,
            jsonl: true,
            ..khabar_export::ExportOptions::default()
        })
        .ok()
    }

    fn needs_records(&self) -> bool {
        false
    }

    fn record(
        &mut self,
        rec: Option<&DocumentRecord>,
        rows: Option<&khabar_export::EncodedRows>,
    ) -> Result<(), Error> {
        match (rows, rec) {
            (Some(r), rec) if rec.is_none_or(|rec| r.is_for(rec)) => {
                self.out.write_all(r.json_line()).map_err(Error::Write)
            }
            (_, Some(rec)) => {
                khabar_export::write_json_record(&mut self.out, rec).map_err(Error::Write)
            }
            (_, None) => Err(Error::Threads("a record came without its line".into())),
        }
    }

    fn skip(&mut self, skip: &Skip) -> Result<(), Error> {
        match self.on_error {
            OnError::Skip => write_bad_record(&mut self.out, skip).map_err(Error::Write),
            OnError::Fail => Err(Error::BadRecord(skip.clone())),
        }
    }

    fn batch_done(&mut self) -> Result<(), Error> {
        self.out.flush().map_err(Error::Write)
    }
}

/// Writes the record that stands for a bad input line: `{"id", "line", "error"}`, with
/// `id` null when it could not be read.
pub fn write_bad_record<W: Write>(w: &mut W, bad: &Skip) -> io::Result<()> {
    #[derive(Serialize)]
    struct Bad<'a> {
        id: Option<&'a str>,
        line: Option<u64>,
        error: &'a str,
    }
    serde_json::to_writer(
        &mut *w,
        &Bad {
            id: bad.id.as_deref(),
            line: bad.line,
            error: &bad.reason,
        },
    )?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Streams `input` and returns, per output line, the `id` (or `!` and the `line` of an
    /// error record), or the error that stopped the stream.
    #[track_caller]
    fn check(
        input: &str,
        on_error: OnError,
        threads: usize,
        expected: &[&str],
        fails_at: Option<u64>,
    ) {
        let config = StreamConfig {
            threads: Some(threads),
            batch_size: 2,
            on_error,
            ..StreamConfig::default()
        };
        let mut out = Vec::new();
        let mut bad = Vec::new();
        let input = io::Cursor::new(input.as_bytes().to_vec());
        let r = stream(&config, input, &mut out, |b| bad.push(b.line.unwrap()));
        let got: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                match v.get("error") {
                    Some(_) => format!("!{}", v["line"]),
                    None => v["doc_id"].as_str().unwrap().to_string(),
                }
            })
            .collect();
        assert_eq!(got, expected);
        match (r, fails_at) {
            (Ok(_), None) => {}
            (Err(Error::BadRecord(b)), Some(n)) => {
                assert_eq!(b.line, Some(n));
                assert_eq!(bad, vec![n]);
            }
            (r, f) => panic!("expected failure at {f:?}, got {r:?}"),
        }
    }

    #[test]
    fn records() {
        use OnError::{Fail, Skip};
        let good = "{\"id\":\"a\",\"text\":\"Pakistan.\"}\n{\"id\":\"b\",\"text\":\"Kabul.\"}\n{\"id\":\"c\",\"text\":\"\"}\n";
        check(good, Fail, 1, &["a", "b", "c"], None);
        check(good, Fail, 2, &["a", "b", "c"], None);
        check("", Fail, 1, &[], None);
        check("\n  \n", Fail, 1, &[], None);
        check("{\"text\":\"x\"}", Fail, 1, &["<stdin>:1"], None);
        check("{\"id\":7,\"maintext\":\"x\"}", Fail, 1, &["7"], None);
        check(
            "{\"id\":\"a\",\"text\":\"x\"}\n{bad\n{\"id\":\"c\",\"text\":\"x\"}\n",
            Skip,
            2,
            &["a", "!2", "c"],
            None,
        );
        check(
            "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":\"x\"}\n",
            Skip,
            1,
            &["a", "!2", "c"],
            None,
        );
        check(
            "{\"id\":\"a\",\"text\":\"x\"}\n\n{bad\n{\"id\":\"c\",\"text\":\"x\"}\n",
            Fail,
            2,
            &["a"],
            Some(3),
        );
        check("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"x\"}\n{\"id\":\"c\",\"text\":\"x\"}\n[1]\n", Fail, 2, &["a", "b", "c"], Some(4));
        check(
            "[1]\n{\"id\":\"b\",\"text\":\"x\"}\n",
            Fail,
            1,
            &[],
            Some(1),
        );
    }

    #[test]
    fn too_long_line_is_a_bad_record() {
        let config = StreamConfig {
            max_document_bytes: 40,
            on_error: OnError::Skip,
            ..StreamConfig::default()
        };
        let input = format!(
            "{{\"id\":\"a\",\"text\":\"{}\"}}\n{{\"id\":\"b\",\"text\":\"x\"}}\n",
            "y".repeat(100)
        );
        let mut out = Vec::new();
        stream(
            &config,
            io::Cursor::new(input.into_bytes()),
            &mut out,
            |_| {},
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].contains("\"line\":1") && lines[0].contains("40-byte document limit"),
            "{}",
            lines[0]
        );
        assert!(lines[1].starts_with("{\"doc_id\":\"b\""));
    }

    #[test]
    fn spans_index_the_text() {
        let input = "{\"id\":\"a\",\"text\":\"Ẓ Pakistan and Kabul, 19 December 2022.\",\"date\":\"2022-12-20\"}\n";
        let mut out = Vec::new();
        stream(&StreamConfig::default(), input.as_bytes(), &mut out, |_| {}).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let text = "Ẓ Pakistan and Kabul, 19 December 2022.";
        for m in v["entities"]
            .as_array()
            .unwrap()
            .iter()
            .chain(v["dates"].as_array().unwrap())
        {
            let (s, e) = (
                m["byte_start"].as_u64().unwrap() as usize,
                m["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], m["text"]);
        }
        assert_eq!(v["date"], "2022-12-20");
        assert_eq!(v["articles"][0]["dct"], "2022-12-20");
    }
}

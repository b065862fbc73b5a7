//! `khabar stream`: JSONL articles in, one JSONL record per article out, for pipe stages.
//!
//! This is the shape Spark's `RDD.pipe`, Hadoop Streaming, Ray and Dask expect of a program
//! they run over a partition: records on stdin, records on stdout in the same order, logs
//! only on stderr, memory bounded whatever the partition size, and a non-zero exit status
//! when the task must fail.
//!
//! - [`StreamConfig`]: the engine, the threads, the batch limits and the [`OnError`] policy.
//! - [`stream`]: reads a batch, analyses it in parallel (rayon, input order kept), writes
//!   it, flushes, and goes on to the next batch; the analysers are built once.
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
    time::{Duration, Instant},
};

use khabar_core::{Article, Diagnostic, DocumentRecord};
use rayon::prelude::*;
use serde::Serialize;

use crate::{Engine, EngineConfig, Scratch};

/// What to do with a record that cannot be analysed (malformed JSON, no `text`, too long).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnError {
    /// Write what came before, report the record on stderr and stop with
    /// [`StreamError::BadRecord`]: the engine running the stage fails the task.
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

/// An input line that could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRecord {
    /// The line number on stdin, from 1.
    pub line: u64,
    /// The record's `id`, when it could be read.
    pub id: Option<String>,
    /// Why the record is bad.
    pub reason: String,
}

impl std::fmt::Display for BadRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<stdin>:{}: ", self.line)?;
        if let Some(id) = &self.id {
            write!(f, "record {id:?}: ")?;
        }
        f.write_str(&self.reason)
    }
}

/// Why a stream stopped.
///
/// A type of its own (not [`crate::Error`]) because a stream has failure modes a run does
/// not: a bad record under [`OnError::Fail`] and a closed stdout.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The analysers or the thread pool could not be built; nothing was read.
    #[error(transparent)]
    Build(#[from] crate::Error),
    /// A bad record under [`OnError::Fail`]; every record before it was written.
    #[error("bad record at {0}")]
    BadRecord(BadRecord),
    /// Reading the input failed after `line` lines.
    #[error("reading line {line}: {err}")]
    Read {
        /// The last line read in full.
        line: u64,
        /// The error.
        err: io::Error,
    },
    /// Writing the output failed (a closed pipe, a full disk).
    #[error("writing output: {0}")]
    Write(io::Error),
}

/// What a stream did.
#[derive(Clone, Debug, Default)]
pub struct StreamSummary {
    /// Input lines read, blank ones included.
    pub lines: u64,
    /// Documents analysed (records written, error records left out).
    pub documents: u64,
    /// Documents with an error diagnostic (their record is written, with a `status`).
    pub errors: u64,
    /// Bad records (error records written under [`OnError::Skip`]).
    pub bad_records: u64,
    /// Entity mentions written.
    pub entities: u64,
    /// Time expressions written.
    pub dates: u64,
    /// Bytes of document text analysed.
    pub bytes: u64,
    /// Batches.
    pub batches: u64,
    /// Time spent building the analysers.
    pub build_time: Duration,
    /// Wall time.
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
}

impl StreamSummary {
    /// Throughput in MB (10^6 bytes) of text per second.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// One input line, ready for a worker.
enum Slot {
    Doc(Article),
    Bad(BadRecord),
}

/// One output line.
enum Out {
    Doc(Box<DocumentRecord>),
    Bad(BadRecord),
}

/// Reads JSONL articles from `input` and writes one JSONL record per article to `output`,
/// in input order, a batch at a time. `on_bad` is called for every bad record as it is met
/// (after the records before it were written), whatever the [`OnError`] policy.
pub fn stream<R: BufRead, W: Write>(
    config: &StreamConfig,
    mut input: R,
    output: W,
    mut on_bad: impl FnMut(&BadRecord),
) -> Result<StreamSummary, StreamError> {
    let started = Instant::now();
    let threads = config
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("khabar-stream-{i}"))
        .build()
        .map_err(|e| crate::Error::Threads(e.to_string()))?;
    let engine = Engine::build(&config.engine)?;
    let mut summary = StreamSummary {
        build_time: started.elapsed(),
        threads,
        ..StreamSummary::default()
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, output);
    let batch_size = config.batch_size.max(1);
    let batch_bytes = config.batch_bytes.max(1);
    let mut buf = Vec::new();
    let mut batch: Vec<Slot> = Vec::with_capacity(batch_size);
    let mut eof = false;
    while !eof {
        let mut bytes = 0usize;
        let mut failed = None;
        while batch.len() < batch_size && bytes < batch_bytes {
            buf.clear();
            let n = read_line_capped(&mut input, &mut buf, config.max_document_bytes).map_err(
                |err| StreamError::Read {
                    line: summary.lines,
                    err,
                },
            )?;
            if n == 0 {
                eof = true;
                break;
            }
            summary.lines += 1;
            bytes += buf.len();
            match parse_line(&mut buf, summary.lines, config.max_document_bytes) {
                None => {}
                Some(Ok(a)) => batch.push(Slot::Doc(a)),
                Some(Err(bad)) if config.on_error == OnError::Skip => {
                    on_bad(&bad);
                    batch.push(Slot::Bad(bad));
                }
                Some(Err(bad)) => {
                    failed = Some(bad);
                    eof = true;
                    break;
                }
            }
        }
        if !batch.is_empty() {
            summary.batches += 1;
            let engine = &engine;
            let records: Vec<Out> = pool.install(|| {
                batch
                    .par_drain(..)
                    .map_init(Scratch::default, |scratch, slot| match slot {
                        Slot::Doc(a) => process_guarded(engine, a, scratch),
                        Slot::Bad(b) => Out::Bad(b),
                    })
                    .collect()
            });
            for r in &records {
                match r {
                    Out::Doc(rec) => {
                        summary.documents += 1;
                        summary.entities += rec.entities.len() as u64;
                        summary.dates += rec.dates.len() as u64;
                        summary.bytes += rec.article.text.len() as u64;
                        if rec.has_errors() {
                            summary.errors += 1;
                        }
                        khabar_export::write_json_record(&mut out, rec)
                            .map_err(StreamError::Write)?;
                    }
                    Out::Bad(b) => {
                        summary.bad_records += 1;
                        write_bad_record(&mut out, b).map_err(StreamError::Write)?;
                    }
                }
            }
            out.flush().map_err(StreamError::Write)?;
        }
        if let Some(bad) = failed {
            out.flush().map_err(StreamError::Write)?;
            on_bad(&bad);
            return Err(StreamError::BadRecord(bad));
        }
    }
    out.flush().map_err(StreamError::Write)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// [`Engine::process`], turning a panic on a strange document into an error record.
fn process_guarded(engine: &Engine, article: Article, scratch: &mut Scratch) -> Out {
    let id = article.id.clone();
    let line = article
        .origin
        .rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine.process(article, scratch)
    })) {
        Ok(r) => Out::Doc(Box::new(r)),
        Err(p) => {
            *scratch = Scratch::default();
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Out::Bad(BadRecord {
                line,
                id: Some(id),
                reason: format!("analysis failed: {msg}"),
            })
        }
    }
}

/// Reads one line (up to and including `\n`) into `buf`, keeping at most `max + 1` bytes of
/// it (the rest of a longer line is read and dropped). Returns the bytes consumed.
fn read_line_capped(rdr: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let avail = match rdr.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(total);
        }
        let (done, used) = match memchr_newline(avail) {
            Some(i) => (true, i + 1),
            None => (false, avail.len()),
        };
        if buf.len() <= max {
            let room = (max + 1 - buf.len()).min(used);
            buf.extend_from_slice(&avail[..room]);
        }
        rdr.consume(used);
        total += used;
        if done {
            return Ok(total);
        }
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Turns line `n` into an article: `None` for a blank line, `Err` for a bad record.
fn parse_line(buf: &mut Vec<u8>, n: u64, max: usize) -> Option<Result<Article, BadRecord>> {
    if buf.len() > max {
        buf.clear();
        buf.shrink_to(1 << 16);
        return Some(Err(BadRecord {
            line: n,
            id: None,
            reason: format!("line longer than the {max}-byte limit"),
        }));
    }
    let mut diagnostics = Vec::new();
    let line = match std::str::from_utf8(buf) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let at = e.valid_up_to();
            diagnostics.push(Diagnostic::warning(
                "lossy-utf8",
                format!("invalid UTF-8 from byte {at}, replaced with U+FFFD (offsets index the decoded text)"),
            ));
            String::from_utf8_lossy(buf)
        }
    };
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    let raw: crate::read::RawRecord = match serde_json::from_str(t) {
        Ok(r) => r,
        Err(e) => {
            return Some(Err(BadRecord {
                line: n,
                id: None,
                reason: format!("malformed JSON: {e}"),
            }))
        }
    };
    let origin = format!("<stdin>:{n}");
    Some(
        raw.into_article(origin, diagnostics)
            .map_err(|(id, reason)| BadRecord {
                line: n,
                id: Some(id),
                reason,
            }),
    )
}

/// Writes the record that stands for a bad input line: `{"id", "line", "error"}`, with
/// `id` null when it could not be read.
pub fn write_bad_record<W: Write>(w: &mut W, bad: &BadRecord) -> io::Result<()> {
    #[derive(Serialize)]
    struct Bad<'a> {
        id: Option<&'a str>,
        line: u64,
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
        let r = stream(&config, input.as_bytes(), &mut out, |b| bad.push(b.line));
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
            (Err(StreamError::BadRecord(b)), Some(n)) => {
                assert_eq!(b.line, n);
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
        stream(&config, input.as_bytes(), &mut out, |_| {}).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].contains("\"line\":1") && lines[0].contains("40-byte limit"),
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

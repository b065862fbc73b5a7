//! Corpus readers and the parallel khabar pipeline.
//!
//! This is the only khabar crate that knows about files, threads and batches. A [`run`] and
//! a [`stream::stream`] go through one runner, three stages joined by bounded channels, so
//! memory does not grow with the corpus; they differ only in where the records go:
//!
//! 1. a reader thread ([`read`]) reads the inputs in order into batches (at most
//!    [`Config::batch_size`] documents or [`Config::batch_bytes`] of text), skipping bad
//!    files, lines and rows with their location and reason;
//! 2. an analyser thread runs each batch on a rayon pool (`map_init` with one [`Scratch`] per
//!    worker) and collects the records in input order;
//! 3. the calling thread hands the records, in input order, to the exporter (the tables of
//!    a run) or to stdout (the JSON lines of a stream), so the output is byte-identical for
//!    any thread count, and shows progress. The workers encode each record's rows (the
//!    sink's `RowEncoder`), so that this thread only copies bytes.
//!
//! The analysers are built once per run ([`Engine::build`]) and shared by reference.
//!
//! - [`Config`]: everything a run needs, as plain owned data.
//! - [`run`]: one whole run, from inputs to tables, returning a [`RunSummary`].
//! - [`Engine`]: the analysers, usable on single documents without files or threads.
//!
//! # Example
//!
//! ```
//! use khabar_pipeline::{Engine, EngineConfig, Scratch};
//! use khabar_core::Article;
//!
//! let engine = Engine::build(&EngineConfig::default()).unwrap();
//! let doc = Article { id: "a1".into(), text: "Pakistan said on Monday.".into(), ..Article::default() };
//! let rec = engine.process(doc, &mut Scratch::default());
//! assert!(rec.entities.iter().any(|e| &rec.article.text.as_str()[e.span] == "Pakistan"));
//! ```
#![deny(missing_docs)]

pub mod anchor;
mod engine;
mod progress;
pub mod read;
mod runner;
pub mod stream;

use std::{
    path::PathBuf,
    sync::{
        atomic::{AtomicBool, AtomicU64},
        Arc,
    },
    time::{Duration, Instant},
};

pub use engine::{Engine, Scratch};
use khabar_core::DocumentRecord;
pub use khabar_export::{
    ExportOptions, ExportSummary, ENTITY_COLUMNS, ENTITY_COLUMNS_DISCOVERY, SUMMARY_COLUMNS,
    SUMMARY_COLUMNS_DISCOVERY,
};
use read::Skip;

/// Errors that stop a run before or while it writes its tables.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gazetteer could not be read or built.
    #[error("loading gazetteer {path}")]
    Gazetteer {
        /// The gazetteer file (`<all>` when the gazetteers together fail to build).
        path: String,
        /// What went wrong, with the gazetteer's file and line for a bad row.
        #[source]
        source: khabar_gazetteer::BuildError,
    },
    /// An input file or folder does not exist or cannot be read; nothing was written.
    #[error("input {path}: {msg}")]
    Input {
        /// The input as given.
        path: String,
        /// What went wrong.
        msg: String,
    },
    /// The `--dates` table cannot be read or has a row whose date is not a date.
    #[error("dates table {0}")]
    Dates(String),
    /// The reference date is not a date.
    #[error("reference date {0:?} is not a YYYY-MM-DD date")]
    ReferenceDate(String),
    /// The thread pool could not be built.
    #[error("thread pool: {0}")]
    Threads(String),
    /// The output folder cannot be created or written to; nothing was read.
    #[error("output folder {path} is not writable: {msg}")]
    Output {
        /// The folder.
        path: String,
        /// What went wrong.
        msg: String,
    },
    /// The tables could not be written.
    #[error(transparent)]
    Export(#[from] khabar_export::Error),
    /// The run was cancelled (Ctrl-C); partial tables were removed.
    #[error("interrupted")]
    Interrupted,
    /// A bad input record stopped a stream under [`stream::OnError::Fail`]; every record
    /// before it was written.
    #[error("bad record at {0}")]
    BadRecord(read::Skip),
    /// Writing a stream's output failed (a closed pipe, a full disk).
    #[error("writing output")]
    Write(#[source] std::io::Error),
}

/// What the analysers are built from.
#[derive(Clone, Debug, Default)]
pub struct EngineConfig {
    /// Gazetteer files (CSV/TSV with a header).
    pub gazetteers: Vec<PathBuf>,
    /// Leave out the built-in default gazetteer.
    pub no_default_gazetteer: bool,
    /// Anchor for articles with no DCT, `YYYY-MM-DD`.
    pub reference_date: Option<String>,
    /// The `--dates` table: `path,date` rows dating pages that carry no date of their own.
    pub dates: Option<PathBuf>,
    /// Entity type given to the names of gazetteer files that are plain lists (one name per
    /// line); `None` keeps the gazetteer's default.
    pub list_type: Option<String>,
    /// Do not look for names outside the gazetteers: the tables are then exactly those of
    /// khabar before discovery (no `alias` or `source` column, no `discovered.tsv`).
    pub no_discovery: bool,
}

impl Engine {
    /// Builds every analyser once.
    pub fn build(config: &EngineConfig) -> Result<Engine, Error> {
        let reference_date = reference_date(config)?;
        let table = date_table(config)?;
        let gazetteer = build_gazetteer(config)?;
        let (tokenizer, dates, pages) = text_analysers();
        let engine = Engine::with_discovery(
            tokenizer,
            gazetteer,
            dates,
            pages,
            reference_date,
            !config.no_discovery,
        );
        Ok(engine.with_date_table(table))
    }
}

/// The analysers that need no gazetteer, built in a moment.
pub(crate) fn text_analysers() -> (
    khabar_tokenizer::Tokenizer,
    khabar_dates::DateNormalizer,
    khabar_pages::PageSegmenter,
) {
    (
        khabar_tokenizer::Tokenizer::new(),
        khabar_dates::DateNormalizer::builder().build(),
        khabar_pages::PageSegmenter::new(),
    )
}

/// The `--reference-date`, parsed.
pub(crate) fn reference_date(config: &EngineConfig) -> Result<Option<khabar_dates::Date>, Error> {
    match &config.reference_date {
        None => Ok(None),
        Some(s) => s
            .trim()
            .parse::<khabar_dates::Date>()
            .map(Some)
            .map_err(|_| Error::ReferenceDate(s.clone())),
    }
}

/// The `--dates` table, read.
pub(crate) fn date_table(config: &EngineConfig) -> Result<Arc<anchor::DateTable>, Error> {
    let Some(p) = &config.dates else {
        return Ok(Arc::default());
    };
    let name = p.display().to_string();
    let text = std::fs::read_to_string(p).map_err(|e| Error::Dates(format!("{name}: {e}")))?;
    anchor::DateTable::parse(&text, &name)
        .map(Arc::new)
        .map_err(Error::Dates)
}

/// Loads and builds the gazetteers: the slow part of the start-up, which [`run`] does on a
/// thread of its own while the first batches are read and analysed.
pub(crate) fn build_gazetteer(config: &EngineConfig) -> Result<khabar_gazetteer::Gazetteer, Error> {
    // The English word list, which the case rules of the names ask, is built once per
    // process (about 17 M instructions, and the rayon workers keying the names would wait
    // for it): build it on the pool while this thread reads the gazetteer files.
    rayon::spawn(|| {
        khabar_core::words::is_english_word("");
    });
    let mut gb = khabar_gazetteer::Gazetteer::builder();
    if let Some(t) = &config.list_type {
        gb.list_type(t);
    }
    if !config.no_default_gazetteer {
        gb.add_default();
    }
    for p in &config.gazetteers {
        let path = p.display().to_string();
        let f = std::fs::File::open(p).map_err(|e| gazetteer_unreadable(p, e))?;
        gb.add_reader(
            std::io::BufReader::new(f),
            &path,
            khabar_gazetteer::GazetteerFormat::Auto,
        )
        .map_err(|source| Error::Gazetteer {
            path: path.clone(),
            source,
        })?;
    }
    gb.build().map_err(|source| Error::Gazetteer {
        path: "<all>".into(),
        source,
    })
}

/// The error for a gazetteer file that cannot be opened.
pub(crate) fn gazetteer_unreadable(p: &std::path::Path, err: std::io::Error) -> Error {
    let path = p.display().to_string();
    Error::Gazetteer {
        source: khabar_gazetteer::BuildError::Io {
            source_name: path.clone(),
            err,
        },
        path,
    }
}

/// Everything a run needs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Files and folders to read; `-` is JSONL on stdin.
    pub inputs: Vec<PathBuf>,
    /// The output folder.
    pub out: PathBuf,
    /// How to build the analysers.
    pub engine: EngineConfig,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Documents per batch, at most.
    pub batch_size: usize,
    /// Bytes of text per batch, at most (a single larger document makes a batch of its own).
    pub batch_bytes: usize,
    /// Bytes of text read but not yet written, at most; a larger document goes through alone.
    pub max_in_flight_bytes: usize,
    /// Field delimiter of CSV inputs; `None` sniffs it from each file's header line.
    pub input_delimiter: Option<u8>,
    /// Largest document read (a `.txt` file, a JSONL line, a CSV row); larger ones are skipped.
    pub max_document_bytes: usize,
    /// What tables to write and how.
    pub export: khabar_export::ExportOptions,
    /// Show progress on stderr: a bar on a terminal, a plain line every few seconds otherwise.
    pub progress: bool,
    /// Set it (from a Ctrl-C handler, say) to stop the run: reading stops, partial tables are
    /// removed and [`run`] returns [`Error::Interrupted`].
    pub cancel: Option<Arc<AtomicBool>>,
    /// The process exits right after the run: the analysers (megabytes of automata and
    /// tables) are left for the system to reclaim at exit rather than freed on a thread
    /// beside the last writes. Off by default, for callers that run again.
    pub exiting: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            inputs: Vec::new(),
            out: PathBuf::from("out"),
            engine: EngineConfig::default(),
            threads: None,
            batch_size: 256,
            batch_bytes: 4 << 20,
            max_in_flight_bytes: 32 << 20,
            max_document_bytes: read::DEFAULT_MAX_DOCUMENT_BYTES,
            input_delimiter: None,
            export: khabar_export::ExportOptions::default(),
            progress: false,
            cancel: None,
            exiting: false,
        }
    }
}

/// How many skips a [`RunSummary`] (and the run manifest) keeps with their reasons; the
/// rest are only counted.
pub const MAX_KEPT_SKIPS: usize = 1000;

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct RunSummary {
    /// Documents analysed.
    pub documents: u64,
    /// Articles found in them.
    pub articles: u64,
    /// Tokens.
    pub tokens: u64,
    /// Entity mentions.
    pub entities: u64,
    /// Time expressions.
    pub dates: u64,
    /// Articles with no date to anchor their relative dates (`dct_source` `none`).
    pub undated_articles: u64,
    /// Lines shown again in their article (a headline under its dateline, a caption shown
    /// twice): what they hold is reported with zone `repeat` and counted once.
    pub repeats: u64,
    /// Entity and date mentions in those lines.
    pub repeated_mentions: u64,
    /// Documents with warnings.
    pub warnings: u64,
    /// Documents with errors.
    pub errors: u64,
    /// Documents whose id an earlier document already had.
    pub duplicate_ids: u64,
    /// Files, lines and rows skipped.
    pub skipped: u64,
    /// The first [`MAX_KEPT_SKIPS`] skips, with reasons.
    pub skips: Vec<Skip>,
    /// Bytes of document text analysed.
    pub bytes: u64,
    /// Bytes read from the inputs (compressed bytes for `.gz`).
    pub input_bytes: u64,
    /// Time spent building the analysers.
    pub build_time: Duration,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
    /// Rows written per table.
    pub export: khabar_export::ExportSummary,
    /// Warnings of the gazetteer build (duplicate or conflicting entries, dropped names).
    pub gazetteer_warnings: Vec<String>,
}

impl RunSummary {
    /// Throughput over the whole run, in MB (10^6 bytes) of text per second.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Whether every input was read and every document analysed.
    pub fn is_clean(&self) -> bool {
        self.skipped == 0 && self.errors == 0
    }

    pub(crate) fn skip(&mut self, s: Skip) {
        self.skipped += 1;
        if self.skips.len() < MAX_KEPT_SKIPS {
            self.skips.push(s);
        }
    }

    /// Adds what one document counted.
    pub(crate) fn count(&mut self, c: &DocCounts) {
        self.documents += 1;
        self.articles += c.articles;
        self.undated_articles += c.undated_articles;
        self.repeats += c.repeats;
        self.repeated_mentions += c.repeated_mentions;
        self.tokens += c.tokens;
        self.entities += c.entities;
        self.dates += c.dates;
        self.bytes += c.bytes;
        if c.errors {
            self.errors += 1;
        } else if c.warnings {
            self.warnings += 1;
        }
    }
}

/// What one document adds to a [`RunSummary`], counted on the worker that analysed it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DocCounts {
    articles: u64,
    undated_articles: u64,
    repeats: u64,
    repeated_mentions: u64,
    tokens: u64,
    entities: u64,
    dates: u64,
    bytes: u64,
    errors: bool,
    warnings: bool,
}

impl DocCounts {
    pub(crate) fn of(r: &DocumentRecord) -> DocCounts {
        let repeated_mentions = if r.repeats.is_empty() {
            0
        } else {
            let spans = r.entities.iter().map(|e| e.span);
            spans
                .chain(r.dates.iter().map(|d| d.span))
                .filter(|&s| r.in_repeat(s))
                .count() as u64
        };
        DocCounts {
            articles: r.articles.len() as u64,
            undated_articles: r
                .articles
                .iter()
                .filter(|a| a.dct_source == khabar_core::DctSource::None)
                .count() as u64,
            repeats: r.repeats.len() as u64,
            repeated_mentions,
            tokens: r.tokens,
            entities: r.entities.len() as u64,
            dates: r.dates.len() as u64,
            bytes: r.article.text.len() as u64,
            errors: r.has_errors(),
            warnings: r.article.diagnostics.len() + r.diagnostics.len() > 0,
        }
    }
}

/// Runs the pipeline: reads every input, analyses in parallel batches, writes the tables.
///
/// `on_skip` is called for every input or record that is skipped, as it happens.
pub fn run(config: &Config, mut on_skip: impl FnMut(&Skip)) -> Result<RunSummary, Error> {
    run_with(config, &mut on_skip)
}

/// Checks that `out` can be created and written to, before any work.
fn check_output(out: &std::path::Path) -> Result<(), Error> {
    let err = |e: std::io::Error| Error::Output {
        path: out.display().to_string(),
        msg: e.to_string(),
    };
    std::fs::create_dir_all(out).map_err(err)?;
    let probe = out.join(format!(".khabar-probe-{}", std::process::id()));
    std::fs::File::create(&probe).map_err(err)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// [`run`] with a `dyn` callback.
fn run_with(config: &Config, on_skip: &mut dyn FnMut(&Skip)) -> Result<RunSummary, Error> {
    let started = Instant::now();
    // A mistyped input stops the run before any table is written.
    for p in config.inputs.iter().filter(|p| p.as_os_str() != "-") {
        std::fs::metadata(p).map_err(|e| Error::Input {
            path: p.display().to_string(),
            msg: e.to_string(),
        })?;
    }
    check_output(&config.out)?;
    let runner = runner::Runner::new(runner::Plan {
        engine: config.engine.clone(),
        threads: config.threads,
        batch_size: config.batch_size,
        batch_bytes: config.batch_bytes,
        max_in_flight_bytes: config.max_in_flight_bytes,
        progress: config.progress,
        cancel: config.cancel.clone(),
        exiting: config.exiting,
    })?;
    let export = khabar_export::ExportOptions {
        discovery: !config.engine.no_discovery,
        exiting: config.exiting,
        ..config.export.clone()
    };
    let mut exporter = khabar_export::CsvExporter::create(&config.out, &export)?;
    let mut summary = RunSummary::default();
    if runner::cancelled(&config.cancel) {
        exporter.abort();
        return Err(Error::Interrupted);
    }
    let mut skips = Vec::new();
    let inputs = read::discover_except(&config.inputs, Some(&config.out), &mut skips);
    for s in skips {
        on_skip(&s);
        summary.skip(s);
    }
    let total: Option<u64> = inputs
        .iter()
        .map(|i| {
            if i.path.as_os_str() == "-" {
                None
            } else {
                std::fs::metadata(&i.path).ok().map(|m| m.len())
            }
        })
        .sum();
    let read = Arc::new(AtomicU64::new(0));
    let readers = inputs
        .into_iter()
        .map(|i| {
            read::InputReader::new(i, read.clone(), config.max_document_bytes)
                .with_delimiter(config.input_delimiter)
        })
        .collect();
    let source = runner::Source {
        readers,
        total,
        read: read.clone(),
    };
    let ran = runner.run(source, &mut exporter, on_skip, &mut summary);
    summary.input_bytes = read.load(std::sync::atomic::Ordering::Relaxed);
    if let Err(e) = ran {
        exporter.abort();
        return Err(e);
    }
    summary.elapsed = started.elapsed();
    let manifest = manifest(config, &summary);
    summary.export = exporter.finish(&manifest)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The run manifest handed to the exporter (`run.json`).
fn manifest(config: &Config, s: &RunSummary) -> serde_json::Value {
    let secs = s.elapsed.as_secs_f64();
    serde_json::json!({
        "tool": "khabar",
        "version": env!("CARGO_PKG_VERSION"),
        "inputs": config.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "options": {
            "out": config.out.display().to_string(),
            "gazetteers": config.engine.gazetteers.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "default_gazetteer": !config.engine.no_default_gazetteer,
            "list_type": config.engine.list_type,
            "reference_date": config.engine.reference_date,
            "dates": config.engine.dates.as_ref().map(|p| p.display().to_string()),
            "threads": config.threads,
            "batch_size": config.batch_size,
            "batch_bytes": config.batch_bytes,
            "max_in_flight_bytes": config.max_in_flight_bytes,
            "max_document_bytes": config.max_document_bytes,
            "csv": config.export.csv,
            "jsonl": config.export.jsonl,
            "xlsx": config.export.xlsx,
            "plain": config.export.plain,
            "delimiter": (config.export.delimiter as char).to_string(),
        },
        "threads": s.threads,
        "counts": {
            "documents": s.documents,
            "articles": s.articles,
            "undated_articles": s.undated_articles,
            "repeats": s.repeats,
            "repeated_mentions": s.repeated_mentions,
            "tokens": s.tokens,
            "entities": s.entities,
            "dates": s.dates,
            "warnings": s.warnings,
            "errors": s.errors,
            "duplicate_ids": s.duplicate_ids,
            "skipped": s.skipped,
            "text_bytes": s.bytes,
            "input_bytes": s.input_bytes,
        },
        "skips": s.skips.iter().map(|k| serde_json::json!({"location": k.location, "reason": k.reason})).collect::<Vec<_>>(),
        "skips_not_listed": s.skipped.saturating_sub(s.skips.len() as u64),
        "gazetteer_warnings": s.gazetteer_warnings.len(),
        "gazetteer_warnings_first": s.gazetteer_warnings.iter().take(MAX_KEPT_SKIPS).collect::<Vec<_>>(),
        "timings": {
            "build_s": s.build_time.as_secs_f64(),
            "elapsed_s": secs,
            "mb_per_s": s.mb_per_s(),
        },
    })
}

//! Corpus readers and the parallel khabar pipeline.
//!
//! This is the only khabar crate that knows about files, threads and batches. A [`run`]
//! streams the corpus through three stages joined by bounded channels, so its memory does
//! not grow with the corpus:
//!
//! 1. a reader thread ([`read`]) reads the inputs in order into batches (at most
//!    [`Config::batch_size`] documents or [`Config::batch_bytes`] of text), skipping bad
//!    files, lines and rows with their location and reason;
//! 2. an analyser thread runs each batch on a rayon pool (`map_init` with one [`Scratch`] per
//!    worker) and collects the records in input order;
//! 3. the calling thread writes the records with the exporter, in input order, so the tables
//!    are byte-identical for any thread count, and shows progress.
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
pub mod stream;

use std::{
    collections::{HashSet, VecDeque},
    hash::{Hash, Hasher},
    path::PathBuf,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        mpsc, Arc,
    },
    time::{Duration, Instant},
};

pub use engine::{Engine, Scratch};
use khabar_core::{Article, Diagnostic, DocumentRecord};
pub use khabar_export::{ExportOptions, ExportSummary};
use rayon::prelude::*;
use read::{Item, Skip};

/// Errors that stop a run before or while it writes its tables.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gazetteer could not be read or built.
    #[error("gazetteer {path}: {msg}")]
    Gazetteer {
        /// The gazetteer file (or `default`).
        path: String,
        /// What went wrong.
        msg: String,
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
}

impl Engine {
    /// Builds every analyser once.
    pub fn build(config: &EngineConfig) -> Result<Engine, Error> {
        let reference_date = reference_date(config)?;
        let table = date_table(config)?;
        let gazetteer = build_gazetteer(config)?;
        let (tokenizer, dates, pages) = text_analysers();
        Ok(Engine::new(tokenizer, gazetteer, dates, pages, reference_date).with_date_table(table))
    }
}

/// The analysers that need no gazetteer, built in a moment.
fn text_analysers() -> (
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
fn reference_date(config: &EngineConfig) -> Result<Option<khabar_dates::Date>, Error> {
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
fn date_table(config: &EngineConfig) -> Result<Arc<anchor::DateTable>, Error> {
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
fn build_gazetteer(config: &EngineConfig) -> Result<khabar_gazetteer::Gazetteer, Error> {
    let mut gb = khabar_gazetteer::Gazetteer::builder();
    if let Some(t) = &config.list_type {
        gb.list_type(t);
    }
    if !config.no_default_gazetteer {
        gb.add_default();
    }
    for p in &config.gazetteers {
        let path = p.display().to_string();
        let f = std::fs::File::open(p).map_err(|e| Error::Gazetteer {
            path: path.clone(),
            msg: e.to_string(),
        })?;
        gb.add_reader(
            std::io::BufReader::new(f),
            &path,
            khabar_gazetteer::GazetteerFormat::Auto,
        )
        .map_err(|e| Error::Gazetteer {
            path: path.clone(),
            msg: e.to_string(),
        })?;
    }
    gb.build().map_err(|e| Error::Gazetteer {
        path: "<all>".into(),
        msg: e.to_string(),
    })
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
    /// Largest document read (a `.txt` file, a JSONL line, a CSV row); larger ones are skipped.
    pub max_document_bytes: usize,
    /// What tables to write and how.
    pub export: khabar_export::ExportOptions,
    /// Show progress on stderr: a bar on a terminal, a plain line every few seconds otherwise.
    pub progress: bool,
    /// Set it (from a Ctrl-C handler, say) to stop the run: reading stops, partial tables are
    /// removed and [`run`] returns [`Error::Interrupted`].
    pub cancel: Option<Arc<AtomicBool>>,
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
            export: khabar_export::ExportOptions::default(),
            progress: false,
            cancel: None,
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

    fn skip(&mut self, s: Skip) {
        self.skipped += 1;
        if self.skips.len() < MAX_KEPT_SKIPS {
            self.skips.push(s);
        }
    }

    fn count(&mut self, r: &DocumentRecord) {
        self.documents += 1;
        self.articles += r.articles.len() as u64;
        self.undated_articles += r
            .articles
            .iter()
            .filter(|a| a.dct_source == khabar_core::DctSource::None)
            .count() as u64;
        self.tokens += r.tokens;
        self.entities += r.entities.len() as u64;
        self.dates += r.dates.len() as u64;
        self.bytes += r.article.text.len() as u64;
        if r.has_errors() {
            self.errors += 1;
        } else if r.article.diagnostics.len() + r.diagnostics.len() > 0 {
            self.warnings += 1;
        }
    }
}

/// Runs the pipeline: reads every input, analyses in parallel batches, writes the tables.
///
/// `on_skip` is called for every input or record that is skipped, as it happens.
pub fn run(config: &Config, mut on_skip: impl FnMut(&Skip)) -> Result<RunSummary, Error> {
    run_with(config, &mut on_skip)
}

/// A batch of documents in input order, with the skips met while reading it.
struct Batch<T> {
    docs: Vec<T>,
    skips: Vec<Skip>,
    /// Bytes of text in `docs`, held from [`Credits`] until the batch is written.
    bytes: u64,
}

/// A budget of text bytes in flight between the reader and the writer: with the bounded
/// channels it keeps memory independent of the corpus, and lets a huge document through
/// only alone.
struct Credits {
    state: std::sync::Mutex<(u64, bool)>,
    freed: std::sync::Condvar,
    budget: u64,
}

impl Credits {
    /// Waits until `n` bytes fit (or nothing is in flight); `false` when the run is over.
    fn acquire(&self, n: u64, cancel: &Option<Arc<AtomicBool>>) -> bool {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !st.1 && st.0 > 0 && st.0 + n > self.budget {
            if cancelled(cancel) {
                return false;
            }
            st = self
                .freed
                .wait_timeout(st, TICK)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        st.0 += n;
        !st.1
    }

    fn release(&self, n: u64) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.0 = st.0.saturating_sub(n);
        self.freed.notify_all();
    }

    /// Wakes and stops the reader for good (the writer is gone).
    fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.freed.notify_all();
    }
}

fn cancelled(flag: &Option<Arc<AtomicBool>>) -> bool {
    flag.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
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

/// What the reader and the gazetteer builder send to the analyser.
enum Msg {
    /// The next batch of documents, in input order.
    Batch(Batch<Article>),
    /// The gazetteer, once built, and how long that took.
    Gazetteer(Box<Result<khabar_gazetteer::Gazetteer, Error>>, Duration),
}

/// A batch that came before the gazetteer was ready.
enum Pending {
    /// Not analysed yet (one thread: the workers wait for the gazetteer).
    Raw(Batch<Article>),
    /// Analysed but for the gazetteer mentions.
    Text(Batch<DocumentRecord>),
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
    let threads = config
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("khabar-worker-{i}"))
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    let reference_date = reference_date(&config.engine)?;
    let table = date_table(&config.engine)?;
    // A gazetteer file that cannot be opened stops the run before any work; one that cannot
    // be parsed stops it as soon as its build fails.
    for p in &config.engine.gazetteers {
        std::fs::File::open(p).map_err(|e| Error::Gazetteer {
            path: p.display().to_string(),
            msg: e.to_string(),
        })?;
    }
    let mut exporter = khabar_export::CsvExporter::create(&config.out, &config.export)?;
    let mut summary = RunSummary {
        threads,
        ..RunSummary::default()
    };

    if cancelled(&config.cancel) {
        abort(exporter);
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
    let read_bytes = Arc::new(AtomicU64::new(0));
    let mut progress = progress::Progress::new(config.progress, total, read_bytes.clone());
    let cancel = &config.cancel;
    let batch_size = config.batch_size.max(1);
    let batch_bytes = config.batch_bytes.max(1);
    let max_bytes = config.max_document_bytes;
    let pool = &pool;

    let (doc_tx, doc_rx) = mpsc::sync_channel::<Msg>(2);
    let (rec_tx, rec_rx) = mpsc::sync_channel::<Batch<DocumentRecord>>(2);
    // The gazetteer is built on a thread of its own: the reader fills the queue meanwhile,
    // and with two threads or more the workers analyse the first batches (tokens, pages,
    // dates), which then wait for their gazetteer mentions.
    {
        let tx = doc_tx.clone();
        let engine_config = config.engine.clone();
        std::thread::Builder::new()
            .name("khabar-gazetteer".into())
            .spawn(move || {
                let t = Instant::now();
                let g = build_gazetteer(&engine_config);
                let _ = tx.send(Msg::Gazetteer(Box::new(g), t.elapsed()));
            })
            .map_err(|e| Error::Threads(e.to_string()))?;
    }
    // Reader: sequential, fills batches by count and bytes, blocks while two wait. It owns
    // everything it uses, so a cancelled run need not wait for it (it may sit in a read of
    // stdin); it stops at its next document or when the channel closes.
    let credits = Arc::new(Credits {
        state: std::sync::Mutex::new((0, false)),
        freed: std::sync::Condvar::new(),
        budget: config.max_in_flight_bytes.max(1) as u64,
    });
    let reader = {
        let counter = read_bytes.clone();
        let credits = credits.clone();
        let cancel = cancel.clone();
        std::thread::Builder::new()
            .name("khabar-reader".into())
            .spawn(move || {
                read_batches(
                    inputs,
                    &counter,
                    &cancel,
                    &credits,
                    doc_tx,
                    batch_size,
                    batch_bytes,
                    max_bytes,
                )
            })
            .map_err(|e| Error::Threads(e.to_string()))?
    };
    let (tokenizer, dates, pages) = text_analysers();
    let early = threads > 1;
    let (written, analysed) = std::thread::scope(|scope| {
        // Analyser: each batch in parallel on the pool, collected in input order. It returns
        // the engine, or `None` when the run was cancelled or the writer stopped.
        let analyser = scope.spawn(move || -> Result<Option<(Engine, Duration)>, Error> {
            let mut parts = Some((tokenizer, dates, pages));
            let mut engine: Option<(Engine, Duration)> = None;
            let mut pending: VecDeque<Pending> = VecDeque::new();
            loop {
                let msg = match doc_rx.recv_timeout(TICK) {
                    Ok(m) => m,
                    Err(mpsc::RecvTimeoutError::Timeout) if !cancelled(cancel) => continue,
                    Err(mpsc::RecvTimeoutError::Timeout) => return Ok(None),
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                };
                if cancelled(cancel) {
                    return Ok(None);
                }
                match (msg, &engine) {
                    (Msg::Gazetteer(g, took), _) => {
                        let g = (*g)?;
                        let Some((tokenizer, dates, pages)) = parts.take() else {
                            continue;
                        };
                        let e = Engine::new(tokenizer, g, dates, pages, reference_date)
                            .with_date_table(table.clone());
                        while let Some(p) = pending.pop_front() {
                            let out = match p {
                                Pending::Raw(b) => analyse_batch(pool, &e, b),
                                Pending::Text(b) => finish_batch(pool, &e, b),
                            };
                            if rec_tx.send(out).is_err() {
                                return Ok(None);
                            }
                        }
                        engine = Some((e, took));
                    }
                    (Msg::Batch(b), Some((e, _))) => {
                        if rec_tx.send(analyse_batch(pool, e, b)).is_err() {
                            return Ok(None);
                        }
                    }
                    (Msg::Batch(b), None) => match &parts {
                        Some((tokenizer, dates, pages)) if early => {
                            let text = engine::TextAnalysers {
                                tokenizer,
                                dates,
                                pages,
                                reference_date,
                                date_table: &table,
                            };
                            pending.push_back(Pending::Text(text_batch(pool, text, b)));
                        }
                        _ => pending.push_back(Pending::Raw(b)),
                    },
                }
            }
            match engine {
                Some(e) => Ok(Some(e)),
                None => Err(Error::Threads("the gazetteer thread panicked".into())),
            }
        });
        // Writer: this thread, in input order. It owns the receiving end, so that an
        // analyser blocked on a full channel wakes up when the writer stops on an error.
        let write = || -> Result<(), Error> {
            let rec_rx = rec_rx;
            let mut seen: HashSet<u64> = HashSet::new();
            loop {
                if cancelled(cancel) {
                    return Err(Error::Interrupted);
                }
                let Batch { docs, skips, bytes } = match rec_rx.recv_timeout(TICK) {
                    Ok(b) => b,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        progress.update(summary.documents, summary.bytes);
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                };
                for s in skips {
                    progress.suspend(|| on_skip(&s));
                    summary.skip(s);
                }
                for mut r in docs {
                    if !seen.insert(id_hash(&r.article.id)) {
                        summary.duplicate_ids += 1;
                        r.diagnostics.push(Diagnostic::warning(
                            "duplicate-id",
                            "an earlier document has the same doc_id",
                        ));
                    }
                    summary.count(&r);
                    exporter.write(&r)?;
                }
                credits.release(bytes);
                progress.update(summary.documents, summary.bytes);
            }
            // The analyser also stops on cancel, closing the channel: that is no end of input.
            if cancelled(cancel) {
                return Err(Error::Interrupted);
            }
            Ok(())
        };
        let written = write();
        let analysed = analyser
            .join()
            .unwrap_or_else(|_| Err(Error::Threads("the analyser thread panicked".into())));
        (written, analysed)
    });
    credits.close();
    summary.input_bytes = read_bytes.load(Ordering::Relaxed);
    progress.finish();
    // An analyser error (a gazetteer that failed to build) explains an early end of the
    // records, so it comes first.
    let written = match analysed {
        Err(e) => Err(e),
        Ok(None) => written.and(Err(if cancelled(cancel) {
            Error::Interrupted
        } else {
            Error::Threads("the analyser stopped early".into())
        })),
        Ok(Some((engine, took))) => {
            summary.build_time = took;
            summary.gazetteer_warnings = engine
                .gazetteer
                .warnings()
                .iter()
                .map(|w| w.to_string())
                .collect();
            // Freeing the automata takes a while: let it happen beside the last writes.
            let _ = std::thread::Builder::new()
                .name("khabar-drop".into())
                .spawn(move || drop(engine));
            written
        }
    };
    let written = written.and_then(|()| {
        // Every batch arrived, so the reader has finished: a panic there must not pass for
        // the end of the corpus.
        reader
            .join()
            .map_err(|_| Error::Threads("the reader thread panicked".into()))
    });
    if let Err(e) = written {
        abort(exporter);
        return Err(e);
    }
    summary.elapsed = started.elapsed();
    let manifest = manifest(config, &summary);
    summary.export = exporter.finish(&manifest)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Maps the documents of a batch in parallel on `pool`, in input order, with one
/// [`Scratch`] per worker; the skips and byte credits go along unchanged.
fn par_batch<T: Send, U: Send>(
    pool: &rayon::ThreadPool,
    b: Batch<T>,
    f: impl Fn(&mut Scratch, T) -> U + Sync + Send,
) -> Batch<U> {
    let Batch { docs, skips, bytes } = b;
    let docs = pool.install(|| {
        docs.into_par_iter()
            .map_init(Scratch::default, &f)
            .collect()
    });
    Batch { docs, skips, bytes }
}

/// Analyses a batch in parallel, in input order.
fn analyse_batch(
    pool: &rayon::ThreadPool,
    engine: &Engine,
    b: Batch<Article>,
) -> Batch<DocumentRecord> {
    par_batch(pool, b, |s, a| process_guarded(engine, a, s))
}

/// The first half of [`analyse_batch`]: everything but the gazetteer mentions.
fn text_batch(
    pool: &rayon::ThreadPool,
    text: engine::TextAnalysers<'_>,
    b: Batch<Article>,
) -> Batch<DocumentRecord> {
    par_batch(pool, b, |s, a| {
        let keep = meta(&a);
        guarded(keep, s, |s| text.analyse(a, s))
    })
}

/// The second half of [`analyse_batch`]: the gazetteer mentions of records from [`text_batch`].
fn finish_batch(
    pool: &rayon::ThreadPool,
    engine: &Engine,
    b: Batch<DocumentRecord>,
) -> Batch<DocumentRecord> {
    par_batch(pool, b, |s, mut r| {
        let keep = meta(&r.article);
        guarded(keep, s, |s| {
            engine.add_entities(&mut r, s);
            r
        })
    })
}

/// How often waiting threads look at the cancel flag and the progress display.
const TICK: Duration = Duration::from_millis(100);

/// The reader thread: every input in order, in batches.
#[allow(clippy::too_many_arguments)]
fn read_batches(
    inputs: Vec<read::Input>,
    counter: &Arc<AtomicU64>,
    cancel: &Option<Arc<AtomicBool>>,
    credits: &Credits,
    tx: mpsc::SyncSender<Msg>,
    batch_size: usize,
    batch_bytes: usize,
    max_bytes: usize,
) {
    let new_batch = || Batch {
        docs: Vec::with_capacity(batch_size),
        skips: Vec::new(),
        bytes: 0,
    };
    let mut batch = new_batch();
    for input in inputs {
        for item in read::InputReader::new(input, counter.clone(), max_bytes) {
            if cancelled(cancel) {
                return;
            }
            match item {
                Item::Article(a) => {
                    batch.bytes += a.text.len() as u64;
                    batch.docs.push(a);
                }
                Item::Skip(s) => batch.skips.push(s),
            }
            let full = batch.docs.len() >= batch_size
                || batch.bytes >= batch_bytes as u64
                || batch.skips.len() >= batch_size;
            if full
                && (!credits.acquire(batch.bytes, cancel)
                    || tx
                        .send(Msg::Batch(std::mem::replace(&mut batch, new_batch())))
                        .is_err())
            {
                return;
            }
        }
    }
    if (!batch.docs.is_empty() || !batch.skips.is_empty()) && credits.acquire(batch.bytes, cancel) {
        let _ = tx.send(Msg::Batch(batch));
    }
}

/// Removes the partial tables of a failed or cancelled run.
fn abort(exporter: khabar_export::CsvExporter) {
    exporter.abort();
}

/// [`Engine::process`], turning a panic on a strange document into an error record so that
/// one document never stops a run.
fn process_guarded(engine: &Engine, article: Article, scratch: &mut Scratch) -> DocumentRecord {
    let keep = meta(&article);
    guarded(keep, scratch, |s| engine.process(article, s))
}

/// What an error record keeps of its document: id, origin, url and source.
fn meta(article: &Article) -> Article {
    Article {
        id: article.id.clone(),
        origin: article.origin.clone(),
        url: article.url.clone(),
        source: article.source.clone(),
        ..Article::default()
    }
}

/// Runs `f`, turning a panic into an error record for the document `keep`.
fn guarded(
    keep: Article,
    scratch: &mut Scratch,
    f: impl FnOnce(&mut Scratch) -> DocumentRecord,
) -> DocumentRecord {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut *scratch))) {
        Ok(r) => r,
        Err(p) => {
            *scratch = Scratch::default();
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let mut rec = DocumentRecord {
                article: keep,
                ..DocumentRecord::default()
            };
            rec.diagnostics.push(Diagnostic::error(
                "internal",
                format!("analysis failed, document left out: {msg}"),
            ));
            rec.articles.push(khabar_core::ArticleRecord {
                index: 1,
                ..Default::default()
            });
            rec
        }
    }
}

fn id_hash(id: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
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

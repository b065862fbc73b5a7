//! Corpus readers and the parallel khabar pipeline.
//!
//! This is the only khabar crate that knows about files, threads and batches. It reads a
//! corpus ([`read`]), builds the analysers once ([`Engine`]), analyses batches of documents
//! in parallel with rayon while keeping input order, and hands each batch to the exporter.
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
//! assert!(rec.entities.iter().any(|e| &rec.article.text[e.span] == "Pakistan"));
//! ```
#![deny(missing_docs)]

mod engine;
pub mod read;

use std::{
    path::PathBuf,
    time::{Duration, Instant},
};

pub use engine::{Engine, Scratch};
use khabar_core::{Article, DocumentRecord};
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
    /// The reference date is not a date.
    #[error("reference date {0:?} is not a YYYY-MM-DD date")]
    ReferenceDate(String),
    /// The thread pool could not be built.
    #[error("thread pool: {0}")]
    Threads(String),
    /// The tables could not be written.
    #[error(transparent)]
    Export(#[from] khabar_export::Error),
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
}

impl Engine {
    /// Builds every analyser once.
    pub fn build(config: &EngineConfig) -> Result<Engine, Error> {
        let mut gb = khabar_gazetteer::Gazetteer::builder();
        if !config.no_default_gazetteer {
            gb.add_default();
        }
        for p in &config.gazetteers {
            let path = p.display().to_string();
            let f = std::fs::File::open(p).map_err(|e| Error::Gazetteer { path: path.clone(), msg: e.to_string() })?;
            gb.add_table(std::io::BufReader::new(f), &path)
                .map_err(|e| Error::Gazetteer { path: path.clone(), msg: e.to_string() })?;
        }
        let gazetteer = gb.build().map_err(|e| Error::Gazetteer { path: "<all>".into(), msg: e.to_string() })?;
        let dates = khabar_dates::DateNormalizer::builder().build();
        let reference_date = match &config.reference_date {
            None => None,
            Some(s) => Some(s.trim().parse::<khabar_dates::Date>().map_err(|_| Error::ReferenceDate(s.clone()))?),
        };
        Ok(Engine::new(
            khabar_tokenizer::Tokenizer::new(),
            gazetteer,
            dates,
            khabar_pages::PageSegmenter::new(),
            reference_date,
        ))
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
    /// Documents per batch.
    pub batch_size: usize,
    /// What tables to write and how.
    pub export: khabar_export::ExportOptions,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            inputs: Vec::new(),
            out: PathBuf::from("out"),
            engine: EngineConfig::default(),
            threads: None,
            batch_size: 256,
            export: khabar_export::ExportOptions::default(),
        }
    }
}

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
    /// Documents with warnings.
    pub warnings: u64,
    /// Documents with errors.
    pub errors: u64,
    /// Inputs skipped, with reasons.
    pub skips: Vec<Skip>,
    /// Bytes of document text analysed.
    pub bytes: u64,
    /// Time spent building the analysers.
    pub build_time: Duration,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
}

impl RunSummary {
    /// Throughput over the whole run, in MB (10^6 bytes) of text per second.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Whether every input was read and every document analysed.
    pub fn is_clean(&self) -> bool {
        self.skips.is_empty() && self.errors == 0
    }
}

/// Runs the pipeline: reads every input, analyses in parallel batches, writes the tables.
///
/// `on_skip` is called for every input or record that is skipped, as it happens.
pub fn run(config: &Config, mut on_skip: impl FnMut(&Skip)) -> Result<RunSummary, Error> {
    let started = Instant::now();
    let threads = config.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| Error::Threads(e.to_string()))?;
    let mut exporter = khabar_export::CsvExporter::create(&config.out, &config.export)?;
    let engine = Engine::build(&config.engine)?;
    let mut summary = RunSummary { build_time: started.elapsed(), threads, ..RunSummary::default() };

    let mut skips = Vec::new();
    let inputs = read::discover(&config.inputs, &mut skips);
    for s in &skips {
        on_skip(s);
    }
    summary.skips.append(&mut skips);
    let batch_size = config.batch_size.max(1);
    let mut batch: Vec<Article> = Vec::with_capacity(batch_size);
    let mut flush = |batch: &mut Vec<Article>, summary: &mut RunSummary| -> Result<(), Error> {
        let docs: Vec<Article> = std::mem::take(batch);
        let records: Vec<DocumentRecord> = pool.install(|| {
            docs.into_par_iter().map_init(Scratch::default, |scratch, a| engine.process(a, scratch)).collect()
        });
        for r in &records {
            summary.documents += 1;
            summary.articles += r.articles.len() as u64;
            summary.tokens += r.tokens;
            summary.entities += r.entities.len() as u64;
            summary.dates += r.dates.len() as u64;
            summary.bytes += r.article.text.len() as u64;
            if r.has_errors() {
                summary.errors += 1;
            } else if r.article.diagnostics.len() + r.diagnostics.len() > 0 {
                summary.warnings += 1;
            }
            exporter.write(r)?;
        }
        Ok(())
    };
    for input in inputs {
        for item in read::InputReader::new(input) {
            match item {
                Item::Article(a) => {
                    batch.push(a);
                    if batch.len() >= batch_size {
                        flush(&mut batch, &mut summary)?;
                    }
                }
                Item::Skip(s) => {
                    on_skip(&s);
                    summary.skips.push(s);
                }
            }
        }
    }
    flush(&mut batch, &mut summary)?;
    exporter.finish(&serde_json::json!({}))?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

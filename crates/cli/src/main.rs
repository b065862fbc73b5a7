//! `khabar`: thin command-line glue over `khabar-pipeline`.
//!
//! Exit status: 0 when every input was read and every document analysed; 1 when some input
//! or record was skipped or a document had an error (reasons on stderr and in
//! `documents.csv` `status`); 2 when the run could not start or its tables could not be
//! written (bad flag, unreadable gazetteer, output folder not writable); 130 when
//! interrupted by Ctrl-C (partial tables removed).

use std::{
    io::{self, BufRead, Write},
    path::PathBuf,
    process::ExitCode,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
};

mod stream;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc for the binary only; the libraries stay allocator-agnostic.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Who, where and when from batches of scraped news articles.
#[derive(Parser, Debug)]
#[command(name = "khabar", version, about)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Analyse a corpus and write the tables (documents, entities, dates, timeline).
    Run(RunArgs),
    /// Tokenize JSONL `{id, text}` from stdin into JSONL `{id, tokens, sentences}` on stdout.
    Tokenize,
    /// Analyse JSONL articles from stdin into one JSONL record per article on stdout, in input
    /// order: a pipe stage for Spark, Hadoop Streaming, Ray or Dask.
    Stream(stream::StreamArgs),
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// Files or folders (`*.txt`, `*.jsonl`, `*.csv`, each also `.gz`), or `-` for JSONL on stdin.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    #[command(flatten)]
    engine: EngineArgs,
    /// Worker threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Output formats, comma-separated: `csv` (the tables), `jsonl` (`documents.jsonl`),
    /// `xlsx` (the workbook `tables.xlsx`, a sheet per table), `both` (csv and jsonl).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "csv")]
    format: Vec<Format>,
    /// Plain CSV for programs: no BOM, no spreadsheet formula guard, `\n` line ends.
    #[arg(long)]
    csv_plain: bool,
    /// CSV field delimiter: one ASCII character, or `tab`.
    #[arg(long, value_name = "CHAR", default_value = ",", value_parser = parse_delimiter)]
    delimiter: u8,
    /// Field delimiter of CSV inputs: one ASCII character, or `tab` (default: the one of
    /// `,` `;` tab `|` that occurs most in each file's header line).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    input_delimiter: Option<u8>,
    /// Documents per batch (memory use grows with it).
    #[arg(long, value_name = "N", default_value_t = 256, hide = true)]
    batch_size: usize,
    /// Largest document read, in MiB (a `.txt` file, a JSONL line, a CSV row); larger ones are
    /// skipped and reported. Peak memory is about six times the largest document.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_DOCUMENT_MIB,
          value_parser = clap::value_parser!(u64).range(1..=4095))]
    max_document_mb: u64,
    /// Print nothing but errors: no progress, no summary, no skip messages.
    #[arg(long, short)]
    quiet: bool,
}

/// The analyser options `khabar run` and `khabar stream` share.
#[derive(clap::Args, Debug)]
pub(crate) struct EngineArgs {
    /// Gazetteer file (CSV/TSV table with a header, plain list of names, or GeoNames dump); repeat for several.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub(crate) gazetteers: Vec<PathBuf>,
    /// Entity type of the names in gazetteer files that are plain lists (one name per line).
    #[arg(long, value_name = "TYPE")]
    pub(crate) list_type: Option<String>,
    /// Leave out the built-in default gazetteer.
    #[arg(long)]
    pub(crate) no_default_gazetteer: bool,
    /// Anchor date (YYYY-MM-DD) for articles with no date of their own, nor one in a
    /// `--dates` table, file name, path or url.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) reference_date: Option<String>,
    /// Table of publication dates for pages that carry none: `path,date` rows (path as the
    /// doc_id, the file as given, or its file name).
    #[arg(long, value_name = "FILE")]
    pub(crate) dates: Option<PathBuf>,
    /// Find only gazetteer names: no discovered names, and the tables of khabar before discovery (no `alias` or `source` column, no discovered.tsv).
    #[arg(long)]
    pub(crate) no_discovery: bool,
}

impl EngineArgs {
    /// The pipeline's engine configuration.
    pub(crate) fn into_config(self) -> khabar_pipeline::EngineConfig {
        khabar_pipeline::EngineConfig {
            gazetteers: self.gazetteers,
            no_default_gazetteer: self.no_default_gazetteer,
            reference_date: self.reference_date,
            dates: self.dates,
            list_type: self.list_type,
            no_discovery: self.no_discovery,
        }
    }
}

/// Default of `--max-document-mb`.
pub(crate) const DEFAULT_MAX_DOCUMENT_MIB: u64 =
    (khabar_pipeline::read::DEFAULT_MAX_DOCUMENT_BYTES >> 20) as u64;

/// `--max-document-mb` in bytes.
pub(crate) fn mib_to_bytes(mib: u64) -> usize {
    usize::try_from(mib << 20).unwrap_or(usize::MAX)
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" && s != "\r" => {
            Ok(s.as_bytes()[0])
        }
        _ => Err(format!("{s:?} is not one ASCII character (or `tab`)")),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Jsonl,
    Xlsx,
    Both,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Run(args) => run(args),
        Cmd::Tokenize => tokenize(),
        Cmd::Stream(args) => stream::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("khabar: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// How many skip messages are printed before the rest are only counted.
const SKIP_MESSAGES: u64 = 100;

fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = cancel.clone();
        // Ctrl-C, SIGTERM and SIGHUP stop the run cleanly; a second one ends the process at once.
        let installed = ctrlc::set_handler(move || {
            if cancel.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("khabar: interrupted, stopping (Ctrl-C again to quit at once)");
        });
        if let Err(e) = installed {
            eprintln!("khabar: warning: no Ctrl-C handler: {e}");
        }
    }
    let has = |f: Format| args.format.contains(&f);
    let config = khabar_pipeline::Config {
        inputs: args.inputs,
        out: args.out.clone(),
        engine: args.engine.into_config(),
        threads: args.threads,
        batch_size: args.batch_size,
        max_document_bytes: mib_to_bytes(args.max_document_mb),
        input_delimiter: args.input_delimiter,
        export: khabar_pipeline::ExportOptions {
            csv: has(Format::Csv) || has(Format::Both),
            jsonl: has(Format::Jsonl) || has(Format::Both),
            xlsx: has(Format::Xlsx),
            plain: args.csv_plain,
            delimiter: args.delimiter,
            ..khabar_pipeline::ExportOptions::default()
        },
        progress: !args.quiet,
        cancel: Some(cancel),
        // `run` is the last thing this process does.
        exiting: true,
        ..khabar_pipeline::Config::default()
    };
    let quiet = args.quiet;
    let mut shown = 0u64;
    let result = khabar_pipeline::run(&config, |s| {
        shown += 1;
        if quiet {
        } else if shown <= SKIP_MESSAGES {
            eprintln!("khabar: skipped {}: {}", s.location, s.reason);
        } else if shown == SKIP_MESSAGES + 1 {
            eprintln!("khabar: more skips not shown (all are counted; the first ones are listed in run.json)");
        }
    });
    let summary = match result {
        Ok(s) => s,
        Err(khabar_pipeline::Error::Interrupted) => {
            eprintln!(
                "khabar: interrupted; no tables written to {}",
                args.out.display()
            );
            return Ok(ExitCode::from(130));
        }
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("run into {}", args.out.display())))
        }
    };
    if !quiet {
        eprintln!(
            "khabar: {} documents, {} articles ({} undated), {} entities, {} dates ({} in {} repeated lines, counted once); {} with warnings, {} with errors, {} duplicate ids, {} skipped",
            summary.documents,
            summary.articles,
            summary.undated_articles,
            summary.entities,
            summary.dates,
            summary.repeated_mentions,
            summary.repeats,
            summary.warnings,
            summary.errors,
            summary.duplicate_ids,
            summary.skipped,
        );
        eprintln!(
            "khabar: {:.2} MB of text in {:.2}s = {:.2} MB/s on {} threads (build {:.2}s) -> {}",
            summary.bytes as f64 / 1e6,
            summary.elapsed.as_secs_f64(),
            summary.mb_per_s(),
            summary.threads,
            summary.build_time.as_secs_f64(),
            args.out.display(),
        );
        if let Some(first) = summary.gazetteer_warnings.first() {
            eprintln!(
                "khabar: gazetteer: {} warnings (listed in run.json), the first: {first}",
                summary.gazetteer_warnings.len()
            );
        }
        for (table, files) in summary.export.sharded() {
            eprintln!(
                "khabar: {table} split into {} parts for spreadsheets: {}",
                files.len(),
                files.join(", ")
            );
        }
    }
    Ok(if summary.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[derive(serde::Deserialize)]
struct TokenizeIn {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
}

#[derive(serde::Serialize)]
struct TokenizeOut<'a> {
    id: &'a serde_json::Value,
    tokens: Vec<[u32; 2]>,
    sentences: Vec<[u32; 2]>,
}

fn tokenize() -> anyhow::Result<ExitCode> {
    let tok = khabar_tokenizer::Tokenizer::new();
    let mut seg = khabar_tokenizer::Segmentation::default();
    let stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut bad = 0u64;
    for (n, line) in stdin.lines().enumerate() {
        let line = line.with_context(|| format!("reading stdin line {}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: TokenizeIn = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("khabar: skipped <stdin>:{}: malformed JSON: {e}", n + 1);
                bad += 1;
                continue;
            }
        };
        tok.segment(&rec.text, &mut seg);
        let o = TokenizeOut {
            id: &rec.id,
            tokens: seg
                .tokens
                .iter()
                .map(|t| [t.span.start, t.span.end])
                .collect(),
            sentences: seg.sentences.iter().map(|s| [s.start, s.end]).collect(),
        };
        serde_json::to_writer(&mut out, &o)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

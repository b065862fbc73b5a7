//! `khabar`: thin command-line glue over `khabar-pipeline`.
//!
//! Exit status: 0 when every input was read and every document analysed; 1 when some input
//! or record was skipped or a document had an error (reasons on stderr and in
//! `documents.csv` `status`); 2 when the run could not start or its tables could not be
//! written (bad flag, unreadable gazetteer, output folder not writable).

use std::{
    io::{self, BufRead, Write},
    path::PathBuf,
    process::ExitCode,
};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

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
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// Files or folders (`*.txt`, `*.jsonl`, `*.csv`, each also `.gz`), or `-` for JSONL on stdin.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Gazetteer file (CSV/TSV with a header); repeat for several.
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<PathBuf>,
    /// Leave out the built-in default gazetteer.
    #[arg(long)]
    no_default_gazetteer: bool,
    /// Anchor date (YYYY-MM-DD) for articles with no date of their own.
    #[arg(long, value_name = "YYYY-MM-DD")]
    reference_date: Option<String>,
    /// Worker threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Csv,
    Jsonl,
    Both,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Run(args) => run(args),
        Cmd::Tokenize => tokenize(),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("khabar: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let _ = args.format;
    let config = khabar_pipeline::Config {
        inputs: args.inputs,
        out: args.out.clone(),
        engine: khabar_pipeline::EngineConfig {
            gazetteers: args.gazetteers,
            no_default_gazetteer: args.no_default_gazetteer,
            reference_date: args.reference_date,
        },
        threads: args.threads,
        ..khabar_pipeline::Config::default()
    };
    let summary = khabar_pipeline::run(&config, |s| eprintln!("khabar: skipped {}: {}", s.location, s.reason))
        .with_context(|| format!("run into {}", args.out.display()))?;
    if !args.quiet {
        eprintln!(
            "khabar: {} documents, {} articles, {} tokens, {} entities, {} dates; {} with warnings, {} with errors, {} skipped; {:.1} MB in {:.2}s = {:.1} MB/s on {} threads -> {}",
            summary.documents,
            summary.articles,
            summary.tokens,
            summary.entities,
            summary.dates,
            summary.warnings,
            summary.errors,
            summary.skips.len(),
            summary.bytes as f64 / 1e6,
            summary.elapsed.as_secs_f64(),
            summary.mb_per_s(),
            summary.threads,
            args.out.display(),
        );
    }
    Ok(if summary.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(1) })
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
            tokens: seg.tokens.iter().map(|t| [t.span.start, t.span.end]).collect(),
            sentences: seg.sentences.iter().map(|s| [s.start, s.end]).collect(),
        };
        serde_json::to_writer(&mut out, &o)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if bad == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

//! `khabar stream`: JSONL articles on stdin, JSONL records on stdout, for Spark's
//! `RDD.pipe`, Hadoop Streaming, Ray and Dask.
//!
//! Exit status: 0 when every record was written (under `--on-error skip` bad records count
//! as written: they come out as error records); 1 when a bad record stopped the stream under
//! `--on-error fail` (every record before it was written; a read error on stdin is a bad
//! record too); 2 when the stream could not start (bad flag, unreadable gazetteer) or could
//! not write stdout.

use std::{
    io::{self, IsTerminal},
    process::ExitCode,
};

use clap::ValueEnum;
use khabar_pipeline::stream::{OnError, StreamConfig};

/// Arguments of `khabar stream`.
#[derive(clap::Args, Debug)]
pub struct StreamArgs {
    #[command(flatten)]
    engine: crate::EngineArgs,
    /// Worker threads (default: every core; under Spark or Hadoop, the cores of one task).
    #[arg(long)]
    threads: Option<usize>,
    /// Records read, analysed and written at a time: memory is bounded by one batch.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    batch_size: u64,
    /// Largest record read, in MiB; a larger line is a bad record (see `--on-error`).
    #[arg(long, value_name = "MIB", default_value_t = crate::DEFAULT_MAX_DOCUMENT_MIB,
          value_parser = clap::value_parser!(u64).range(1..=4095))]
    max_document_mb: u64,
    /// What to do with a bad record (malformed JSON, no `text`): `fail` stops with exit
    /// status 1 after writing the records before it; `skip` writes `{"id", "line", "error"}`
    /// in its place and goes on.
    #[arg(long, value_enum, default_value_t = OnErrorArg::Fail)]
    on_error: OnErrorArg,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OnErrorArg {
    Fail,
    Skip,
}

/// Runs `khabar stream`.
pub fn run(args: StreamArgs) -> anyhow::Result<ExitCode> {
    let engine = args.engine.into_config();
    let config = StreamConfig {
        engine,
        threads: args.threads,
        batch_size: usize::try_from(args.batch_size).unwrap_or(usize::MAX),
        max_document_bytes: crate::mib_to_bytes(args.max_document_mb),
        on_error: match args.on_error {
            OnErrorArg::Fail => OnError::Fail,
            OnErrorArg::Skip => OnError::Skip,
        },
        ..StreamConfig::default()
    };
    if io::stdin().is_terminal() && !args.quiet {
        eprintln!("khabar stream: reading JSONL articles from stdin (Ctrl-D to end)");
    }
    let fail = config.on_error == OnError::Fail;
    let stdin = io::BufReader::with_capacity(1 << 16, io::stdin());
    let result = khabar_pipeline::stream::stream(&config, stdin, io::stdout().lock(), |bad| {
        if fail {
            eprintln!("khabar: error: bad record at {bad}");
        } else {
            eprintln!("khabar: skipped {bad}");
        }
    });
    match result {
        Ok(s) => {
            if !args.quiet {
                eprintln!(
                    "khabar stream: {} documents ({} with errors), {} bad records, {} entities, {} dates; {:.1} MB in {:.2}s = {:.1} MB/s on {} threads",
                    s.documents,
                    s.errors,
                    s.skipped,
                    s.entities,
                    s.dates,
                    s.bytes as f64 / 1e6,
                    s.elapsed.as_secs_f64(),
                    s.mb_per_s(),
                    s.threads,
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        // Already reported by the callback, with its line number.
        Err(khabar_pipeline::Error::BadRecord(_)) => Ok(ExitCode::from(1)),
        Err(e) => Err(e.into()),
    }
}

//! Progress on stderr: an indicatif bar on a terminal, a plain line every few seconds
//! otherwise, nothing when switched off.

use std::{
    io::IsTerminal,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the plain progress line is printed.
const LINE_EVERY: Duration = Duration::from_secs(5);

enum Mode {
    Off,
    Bar(ProgressBar),
    Lines { last: Instant },
}

pub(crate) struct Progress {
    mode: Mode,
    started: Instant,
    total: Option<u64>,
    read: Arc<AtomicU64>,
}

impl Progress {
    /// `total` is the input size in raw bytes when known; `read` counts raw bytes read.
    pub(crate) fn new(on: bool, total: Option<u64>, read: Arc<AtomicU64>) -> Progress {
        let started = Instant::now();
        let mode = if !on {
            Mode::Off
        } else if std::io::stderr().is_terminal() {
            let bar = match total {
                Some(t) => {
                    let bar = ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr());
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ETA {eta} {msg}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                    );
                    bar
                }
                None => {
                    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{spinner} {elapsed_precise} {bytes} read {msg}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    bar
                }
            };
            bar.enable_steady_tick(Duration::from_millis(200));
            Mode::Bar(bar)
        } else {
            Mode::Lines { last: started }
        };
        Progress {
            mode,
            started,
            total,
            read,
        }
    }

    /// Runs `f` (which prints to stderr) without garbling the bar.
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.mode {
            Mode::Bar(bar) => bar.suspend(f),
            _ => f(),
        }
    }

    /// Reports documents written and text bytes analysed so far.
    pub(crate) fn update(&mut self, documents: u64, text_bytes: u64) {
        let read = self.read.load(Ordering::Relaxed);
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let mbs = text_bytes as f64 / 1e6 / secs;
        match &mut self.mode {
            Mode::Off => {}
            Mode::Bar(bar) => {
                bar.set_position(read);
                bar.set_message(format!("{documents} docs, {mbs:.1} MB/s"));
            }
            Mode::Lines { last } => {
                if last.elapsed() < LINE_EVERY {
                    return;
                }
                *last = Instant::now();
                let mut line = format!(
                    "khabar: {documents} documents, {:.1} MB of text, {mbs:.1} MB/s, {:.0}s",
                    text_bytes as f64 / 1e6,
                    secs
                );
                if let Some(t) = self.total.filter(|&t| t > 0 && read > 0) {
                    let frac = (read as f64 / t as f64).min(1.0);
                    let eta = secs * (1.0 - frac) / frac;
                    line.push_str(&format!(", {:.0}% read, ETA {eta:.0}s", frac * 100.0));
                }
                eprintln!("{line}");
            }
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&mut self) {
        if let Mode::Bar(bar) = &self.mode {
            bar.finish_and_clear();
        }
        self.mode = Mode::Off;
    }
}

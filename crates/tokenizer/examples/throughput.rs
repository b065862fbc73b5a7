//! Prints the single-thread throughput of `Tokenizer::segment` on the bench article,
//! measured in CPU time of this process (robust on a busy machine).
//!
//!     cargo run --release -p khabar-tokenizer --example throughput [ROUNDS]
//!
//! A small ROUNDS (such as 2) suits instruction counting under `valgrind --tool=callgrind`.

use std::time::Instant;

use khabar_tokenizer::{Segmentation, Tokenizer};

fn cpu_seconds() -> f64 {
    // utime + stime of this process from /proc, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn main() {
    let article = include_str!("../../../fixtures/tokenizer/news.txt");
    let text = [article; 256].join("\n\n");
    let tok = Tokenizer::new();
    let mut seg = Segmentation::default();
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let (c0, w0) = (cpu_seconds(), Instant::now());
    let mut n = 0;
    for _ in 0..rounds {
        tok.segment(&text, &mut seg);
        n += seg.tokens.len() + seg.sentences.len();
    }
    let (cpu, wall) = (cpu_seconds() - c0, w0.elapsed().as_secs_f64());
    let mb = (text.len() * rounds) as f64 / 1e6;
    println!(
        "segment: {:.0} MB/s CPU time, {:.0} MB/s wall ({n} items)",
        mb / cpu,
        mb / wall
    );
    let (c0, w0) = (cpu_seconds(), Instant::now());
    let mut n = 0;
    for _ in 0..rounds {
        n += tok.tokens(&text).count();
    }
    let (cpu, wall) = (cpu_seconds() - c0, w0.elapsed().as_secs_f64());
    println!(
        "tokens: {:.0} MB/s CPU time, {:.0} MB/s wall ({n} tokens)",
        mb / cpu,
        mb / wall
    );
}

//! `gen-corpus --articles N [--seed S] [--out FILE]`: a synthetic JSONL corpus for scale runs
//! (stdout when no `--out`). Run it as `cargo xtask gen-corpus`.

use std::io::Write;

fn main() {
    let mut articles: usize = 10_000;
    let mut seed: u64 = 42;
    let mut out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--articles" => {
                articles = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--articles takes a number"))
            }
            "--seed" => {
                seed = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--seed takes a number"))
            }
            "--out" => out = Some(value()),
            _ => usage(&format!("unknown argument {a:?}")),
        }
    }
    let mut w: Box<dyn Write> = match &out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).unwrap_or_else(|e| usage(&format!("{p}: {e}"))),
        )),
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            usage("refusing to write a corpus to the terminal: give --out FILE or redirect stdout")
        }
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    // In chunks, so that a corpus of any size needs little memory.
    let mut bytes = 0usize;
    let mut rng = khabar_benches::Rng::new(seed);
    for start in (0..articles).step_by(1000) {
        let n = (articles - start).min(1000);
        let chunk = khabar_benches::synthetic_jsonl_from(start, n, &mut rng);
        bytes += chunk.len();
        w.write_all(chunk.as_bytes())
            .unwrap_or_else(|e| usage(&format!("write: {e}")));
    }
    w.flush().unwrap_or_else(|e| usage(&format!("write: {e}")));
    if let Some(p) = out {
        eprintln!(
            "gen-corpus: {articles} articles, {:.1} MB -> {p}",
            bytes as f64 / 1e6
        );
    }
}

fn usage(msg: &str) -> ! {
    eprintln!("gen-corpus: {msg}\nusage: gen-corpus --articles N [--seed S] [--out FILE]");
    std::process::exit(2)
}

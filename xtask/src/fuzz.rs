//! `cargo xtask fuzz`: builds the libFuzzer targets in `fuzz/` with the stable toolchain and
//! runs each for a time budget.
//!
//! cargo-fuzz needs a nightly compiler for its sanitizer flags; the coverage instrumentation
//! that libFuzzer needs (`sancov-module` with inline 8-bit counters, the PC table and compare
//! tracing) is available on stable, so this command passes those flags itself. There is no
//! AddressSanitizer: the targets are safe Rust, and what they look for is panics, failed
//! assertions on span invariants, timeouts and runaway memory.
//!
//! Layout (all git-ignored): `fuzz/target/` build output, `fuzz/corpus/<target>/` the growing
//! corpus (seeded from `fixtures/` on first use), `fuzz/artifacts/<target>/` inputs that
//! crashed, each reproducible with `fuzz/target/<triple>/release/<target> <file>`.

use std::{
    env, fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context};

use crate::root;

/// The targets in `fuzz/Cargo.toml`.
const TARGETS: &[&str] = &[
    "tokenizer",
    "dates",
    "pages",
    "gazetteer",
    "names",
    "readers",
];

/// Instrumentation flags, the ones cargo-fuzz passes minus the sanitizer.
const RUSTFLAGS: &str = "-Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    --cfg fuzzing -Cdebug-assertions -Coverflow-checks";

pub fn fuzz(args: &[String]) -> anyhow::Result<()> {
    let mut seconds = 60u64;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                let v = it.next().context("--seconds needs a value")?;
                seconds = v.parse().with_context(|| format!("--seconds {v:?}"))?;
            }
            t if TARGETS.contains(&t) => targets.push(t),
            other => bail!("unknown fuzz target or flag {other:?} (targets: {TARGETS:?})"),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let fuzz_dir = root().join("fuzz");
    let triple = host_triple()?;
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // `--target` keeps the flags away from build scripts and proc macros, which must not be
    // instrumented (they would not link against libFuzzer).
    let mut build = Command::new(&cargo);
    build
        .args(["build", "--release", "--target", &triple])
        .current_dir(&fuzz_dir)
        .env("RUSTFLAGS", RUSTFLAGS)
        .env("CARGO_TARGET_DIR", fuzz_dir.join("target"));
    for t in &targets {
        build.args(["--bin", t]);
    }
    let status = build.status().context("building the fuzz targets")?;
    if !status.success() {
        bail!("building the fuzz targets failed ({status})");
    }
    let bin_dir = fuzz_dir.join("target").join(&triple).join("release");
    let mut failed = Vec::new();
    for t in &targets {
        let corpus = fuzz_dir.join("corpus").join(t);
        let artifacts = fuzz_dir.join("artifacts").join(t);
        fs::create_dir_all(&artifacts)?;
        if !corpus.exists() {
            seed_corpus(t, &corpus)?;
        }
        eprintln!("fuzz {t}: {seconds} s");
        let status = Command::new(bin_dir.join(t))
            .arg(&corpus)
            .arg(format!("-max_total_time={seconds}"))
            .arg("-max_len=65536")
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .status()
            .with_context(|| format!("running fuzz target {t}"))?;
        if !status.success() {
            failed.push(*t);
        }
    }
    if !failed.is_empty() {
        bail!(
            "fuzz targets failed: {failed:?}; crashing inputs are in fuzz/artifacts/<target>/ \
             (reproduce: {}/<target> <file>)",
            bin_dir.display()
        );
    }
    eprintln!(
        "fuzz: {} target(s), {seconds} s each, no failure",
        targets.len()
    );
    Ok(())
}

/// The compiler's host triple (`rustc -vV`).
fn host_triple() -> anyhow::Result<String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV printed no host line")
}

/// Seeds a new corpus folder with the project's own fixtures: pages for the text targets,
/// the corpus files (all formats) for the readers.
fn seed_corpus(target: &str, corpus: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(corpus)?;
    let fixtures = root().join("fixtures");
    let mut sources: Vec<PathBuf> = Vec::new();
    for dir in ["corpus", "pages"] {
        let Ok(entries) = fs::read_dir(fixtures.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            let wanted = match target {
                "readers" => matches!(ext, "jsonl" | "csv" | "txt"),
                _ => ext == "txt",
            };
            if wanted {
                sources.push(p);
            }
        }
    }
    sources.sort();
    for (i, src) in sources.iter().enumerate() {
        let mut bytes = fs::read(src).with_context(|| format!("reading {}", src.display()))?;
        if target == "dates" {
            // The first byte picks the anchor date.
            bytes.insert(0, 1 + (i % 200) as u8);
        }
        bytes.truncate(65536);
        fs::write(corpus.join(format!("seed-{i:03}")), bytes)?;
    }
    Ok(())
}

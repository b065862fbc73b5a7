//! `cargo xtask bench [--peers]` and `cargo xtask gen-corpus`.
//!
//! `bench` runs every criterion bench of the workspace. `bench --peers` runs the Python peers
//! of `../shared/eval/speed/` and the release `khabar` (whole process, 1 and 2 threads, the
//! 130k GeoNames gazetteer plus the default) on the same corpus and prints MB/s side by side.

use std::{
    env,
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{bail, Context};

use crate::{cargo, khabar_bin, root};

pub fn bench(args: &[String]) -> anyhow::Result<()> {
    if args.iter().any(|a| a == "--peers") {
        return peers(args);
    }
    let mut a = vec!["bench", "--workspace"];
    a.extend(args.iter().map(String::as_str));
    cargo(&a)
}

/// `gen-corpus --articles N [--seed S] [--out FILE]`: a synthetic JSONL corpus.
pub fn gen_corpus(args: &[String]) -> anyhow::Result<()> {
    let mut a = vec![
        "run",
        "--release",
        "--quiet",
        "-p",
        "khabar-benches",
        "--bin",
        "gen-corpus",
        "--",
    ];
    a.extend(args.iter().map(String::as_str));
    cargo(&a)
}

/// One timed process: wall seconds and max RSS in MB (when `/usr/bin/time` is there).
struct Timed {
    secs: f64,
    rss_mb: Option<f64>,
    stdout: String,
}

fn timed(cmd: &mut Command) -> anyhow::Result<Timed> {
    let time = Path::new("/usr/bin/time");
    let report = env::temp_dir().join(format!("xtask-time-{}", std::process::id()));
    let mut c = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%e %M")
            .arg("-o")
            .arg(&report)
            .arg(cmd.get_program())
            .args(cmd.get_args());
        c
    } else {
        let mut c = Command::new(cmd.get_program());
        c.args(cmd.get_args());
        c
    };
    let started = Instant::now();
    let out = c
        .output()
        .with_context(|| format!("running {:?}", cmd.get_program()))?;
    let secs = started.elapsed().as_secs_f64();
    if !out.status.success() {
        bail!(
            "{:?} failed ({}): {}",
            cmd.get_program(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (secs, rss_mb) = match std::fs::read_to_string(&report) {
        Ok(r) => {
            let mut f = r.split_whitespace();
            let e = f.next().and_then(|s| s.parse().ok()).unwrap_or(secs);
            (
                e,
                f.next()
                    .and_then(|s| s.parse::<f64>().ok())
                    .map(|kb| kb / 1024.0),
            )
        }
        Err(_) => (secs, None),
    };
    let _ = std::fs::remove_file(&report);
    Ok(Timed {
        secs,
        rss_mb,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    })
}

/// The number after `"key":` in a JSON text (enough for the run manifest).
fn json_number(json: &str, key: &str) -> Option<f64> {
    let at = json.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = json[at..].trim_start().strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// `key=value` from a peer's output line.
fn field(line: &str, key: &str) -> Option<f64> {
    line.split_whitespace()
        .find_map(|f| f.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Row {
    tool: String,
    threads: usize,
    whole: f64,
    in_loop: Option<f64>,
    rss_mb: Option<f64>,
    note: String,
}

fn value_of(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn peers(args: &[String]) -> anyhow::Result<()> {
    let Some(speed) = root()
        .parent()
        .map(|p| p.join("shared/eval/speed"))
        .filter(|p| p.is_dir())
    else {
        println!("xtask bench --peers: ../shared/eval/speed is not here (a user's clone has none); nothing to compare");
        return Ok(());
    };
    let runs: usize = value_of(args, "--runs")
        .map(|r| r.parse())
        .transpose()?
        .unwrap_or(3)
        .max(1);
    let corpus = value_of(args, "--corpus")
        .map(PathBuf::from)
        .unwrap_or_else(|| speed.join("reuters21578.jsonl"));
    let gazetteer = speed.join("geonames-130k.tsv");
    let names = speed.join("geonames-130k-names.tsv");

    let bin = khabar_bin()?;
    let out = root().join("target").join("bench-peers-out");
    let mut rows = Vec::new();
    let mut text_mb = None;
    for threads in [1usize, 2] {
        let mut cmd = Command::new(&bin);
        cmd.arg("run")
            .arg(&corpus)
            .arg("--gazetteer")
            .arg(&gazetteer)
            .arg("--threads")
            .arg(threads.to_string());
        cmd.arg("--quiet").arg("--out").arg(&out);
        let _ = timed(&mut cmd); // warm-up: page cache
        let (mut whole, mut in_loop, mut rss, mut builds) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            let t = timed(&mut cmd)?;
            let manifest = std::fs::read_to_string(out.join("run.json"))
                .context("khabar wrote no run.json")?;
            let mb =
                json_number(&manifest, "text_bytes").context("run.json has no text_bytes")? / 1e6;
            let elapsed = json_number(&manifest, "elapsed_s").unwrap_or(t.secs);
            let build = json_number(&manifest, "build_s").unwrap_or(0.0);
            text_mb = Some(mb);
            whole.push(mb / t.secs);
            in_loop.push(mb / (elapsed - build).max(1e-9));
            builds.push(build);
            rss.extend(t.rss_mb);
        }
        let (lo, hi) = (
            whole.iter().cloned().fold(f64::MAX, f64::min),
            whole.iter().cloned().fold(0.0, f64::max),
        );
        rows.push(Row {
            tool: "khabar".into(),
            threads,
            whole: median(whole),
            in_loop: Some(median(in_loop)),
            rss_mb: rss.into_iter().reduce(f64::max),
            note: format!(
                "median of {runs}, range {lo:.1}-{hi:.1}; build {:.2}s",
                median(builds)
            ),
        });
    }

    match peer_python(&speed) {
        Err(e) => println!("xtask bench --peers: no Python peers ({e:#}); khabar alone below"),
        Ok(py) => {
            let peers: &[(&str, &str, bool, &[&str])] = &[
                ("spaCy tokenizer", "peer_spacy_tokenizer.py", false, &[]),
                (
                    "spaCy PhraseMatcher",
                    "peer_spacy_phrasematcher.py",
                    true,
                    &[],
                ),
                ("flashtext", "peer_flashtext.py", true, &[]),
                ("pyahocorasick", "peer_pyahocorasick.py", true, &[]),
                (
                    "dateparser (200 articles)",
                    "peer_dateparser.py",
                    false,
                    &["--limit", "200"],
                ),
            ];
            for (name, script, gaz, extra) in peers {
                let mut cmd = Command::new(&py);
                cmd.arg(speed.join(script))
                    .arg("--corpus")
                    .arg(&corpus)
                    .args(*extra);
                if *gaz {
                    cmd.arg("--gazetteer").arg(&names);
                }
                match timed(&mut cmd) {
                    Err(e) => println!("xtask bench --peers: {name}: {e:#}"),
                    Ok(t) => {
                        let line = t
                            .stdout
                            .lines()
                            .find(|l| l.starts_with("peer="))
                            .unwrap_or("")
                            .to_string();
                        let mb = field(&line, "mb").unwrap_or(0.0);
                        rows.push(Row {
                            tool: name.to_string(),
                            threads: 1,
                            whole: mb / t.secs,
                            in_loop: field(&line, "mb_per_s"),
                            rss_mb: t.rss_mb,
                            note: format!(
                                "one run; build {:.2}s",
                                field(&line, "build_s").unwrap_or(0.0)
                            ),
                        });
                    }
                }
            }
        }
    }

    let k1 = rows
        .iter()
        .find(|r| r.tool == "khabar" && r.threads == 1)
        .map_or(0.0, |r| r.whole);
    let k2 = rows
        .iter()
        .find(|r| r.tool == "khabar" && r.threads == 2)
        .map_or(0.0, |r| r.whole);
    println!(
        "\ncorpus {} ({:.2} MB of text), gazetteer geonames-130k (+ default for khabar)\n",
        corpus.display(),
        text_mb.unwrap_or(0.0)
    );
    println!(
        "{:<28} {:>3} {:>11} {:>12} {:>9} {:>12} {:>12}  note",
        "tool", "thr", "whole MB/s", "in-loop MB/s", "RSS MB", "khabar1/this", "khabar2/this"
    );
    for r in &rows {
        let opt = |v: Option<f64>, p: usize| v.map_or("-".to_string(), |v| format!("{v:.p$}"));
        println!(
            "{:<28} {:>3} {:>11.2} {:>12} {:>9} {:>12.1} {:>12.1}  {}",
            r.tool,
            r.threads,
            r.whole,
            opt(r.in_loop, 2),
            opt(r.rss_mb, 0),
            k1 / r.whole.max(1e-9),
            k2 / r.whole.max(1e-9),
            r.note
        );
    }
    if k1 > 0.0 {
        println!(
            "\nparallel efficiency (khabar 2 threads / 1 thread, whole process): {:.2}x",
            k2 / k1
        );
    }
    Ok(())
}

/// The Python of `target/peers-venv`, made with the speed kit's requirements when missing.
fn peer_python(speed: &Path) -> anyhow::Result<PathBuf> {
    let venv = root().join("target").join("peers-venv");
    let py = venv.join("bin").join("python");
    let ready = venv.join(".requirements-installed");
    if !ready.exists() {
        println!("xtask bench --peers: setting up {} (once)", venv.display());
        let st = Command::new("python3")
            .arg("-m")
            .arg("venv")
            .arg(&venv)
            .status()
            .context("python3 -m venv")?;
        if !st.success() {
            bail!("python3 -m venv failed");
        }
        let st = Command::new(&py)
            .args(["-m", "pip", "install", "--quiet", "-r"])
            .arg(speed.join("requirements.txt"))
            .status()
            .context("pip install")?;
        if !st.success() {
            bail!("pip install -r requirements.txt failed");
        }
        std::fs::write(&ready, "")?;
    }
    Ok(py)
}

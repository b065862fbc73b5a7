//! `cargo xtask spark-test`: `khabar stream` as a stage of a local[2] PySpark job.
//!
//! Installs PySpark into `<target>/spark-venv` when it is not there (`python3 -m venv`, then
//! `pip install pyspark`; Java 17 must be on PATH), writes a few hundred deterministic
//! fixture articles, takes `khabar run --format jsonl` on them as the reference, and runs
//! `examples/spark/spark_test.py`, which pipes the corpus through `khabar stream` over
//! several partitions and compares. Says "skipped" and succeeds when PySpark or Java cannot
//! be had. `--debug` uses the debug binary instead of building a release one (for CI, where
//! `cargo test` has just built it); `--partitions N` sets the number of input partitions.

use std::{
    env,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::Instant,
};

use anyhow::{bail, Context};

/// Articles in the fixture corpus.
const ARTICLES: usize = 400;

pub(crate) fn spark_test(args: &[String]) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut partitions = 4;
    let mut debug = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--partitions" => {
                partitions = it.next().context("--partitions needs a number")?.parse()?
            }
            "--debug" => debug = true,
            other => bail!("spark-test: unknown argument {other:?} (--partitions N, --debug)"),
        }
    }
    if !works(Command::new("java").arg("-version")) {
        println!("spark-test: skipped (no java on PATH; PySpark needs Java 17)");
        return Ok(());
    }
    let target = target_dir();
    let t = Instant::now();
    let Some(python) = pyspark_python(&target.join("spark-venv"))? else {
        return Ok(());
    };
    let venv_time = t.elapsed();

    let t = Instant::now();
    let bin = if debug {
        debug_bin()?
    } else {
        crate::khabar_bin()?
    };
    let build_time = t.elapsed();

    let work = target.join("spark-test");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("clearing {}", work.display()))?;
    }
    fs::create_dir_all(&work)?;
    let corpus = work.join("corpus.jsonl");
    let bad = work.join("bad.jsonl");
    let lines = fixture_corpus(ARTICLES);
    fs::write(&corpus, lines.concat())?;
    let mut bad_lines = lines[..40].to_vec();
    bad_lines.insert(25, "{\"id\": \"broken\", \"text\": \"never closed\n".into());
    fs::write(&bad, bad_lines.concat())?;

    let t = Instant::now();
    let reference = reference(&bin, &corpus, &work)?;
    let reference_time = t.elapsed();

    let t = Instant::now();
    let script = crate::root()
        .join("examples")
        .join("spark")
        .join("spark_test.py");
    let status = Command::new(&python)
        .arg(&script)
        .arg("--khabar")
        .arg(&bin)
        .arg("--corpus")
        .arg(&corpus)
        .arg("--bad")
        .arg(&bad)
        .arg("--reference")
        .arg(&reference)
        .arg("--work")
        .arg(&work)
        .arg("--partitions")
        .arg(partitions.to_string())
        .status()
        .with_context(|| format!("running {}", script.display()))?;
    let spark_time = t.elapsed();
    println!(
        "spark-test: timings: pyspark venv {:.1}s, khabar build {:.1}s, reference run {:.1}s, spark jobs {:.1}s, total {:.1}s",
        venv_time.as_secs_f64(),
        build_time.as_secs_f64(),
        reference_time.as_secs_f64(),
        spark_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    if !status.success() {
        bail!("spark-test failed ({status})");
    }
    Ok(())
}

/// Builds the debug binary (which `cargo test` has built already) and returns its path.
fn debug_bin() -> anyhow::Result<PathBuf> {
    crate::cargo(&["build", "--quiet", "-p", "khabar"])?;
    Ok(target_dir()
        .join("debug")
        .join(format!("khabar{}", env::consts::EXE_SUFFIX)))
}

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"))
}

fn works(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The venv's python with pyspark importable, installing it when needed; `None` (after
/// saying "skipped") when it cannot be installed.
fn pyspark_python(venv: &Path) -> anyhow::Result<Option<PathBuf>> {
    let python = venv.join("bin").join("python");
    if works(Command::new(&python).args(["-c", "import pyspark"])) {
        return Ok(Some(python));
    }
    println!("spark-test: installing PySpark into {}", venv.display());
    let t = Instant::now();
    let ok = Command::new("python3")
        .arg("-m")
        .arg("venv")
        .arg(venv)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "pyspark"])
            .status()
            .is_ok_and(|s| s.success())
        && works(Command::new(&python).args(["-c", "import pyspark"]));
    if !ok {
        println!(
            "spark-test: skipped (PySpark could not be installed into {})",
            venv.display()
        );
        let _ = fs::remove_dir_all(venv);
        return Ok(None);
    }
    println!(
        "spark-test: PySpark installed in {:.1}s",
        t.elapsed().as_secs_f64()
    );
    Ok(Some(python))
}

/// `khabar run --format jsonl` on the corpus; returns its `documents.jsonl`.
fn reference(bin: &Path, corpus: &Path, work: &Path) -> anyhow::Result<PathBuf> {
    let out = work.join("run");
    let status = Command::new(bin)
        .arg("run")
        .arg(corpus)
        .args(["--format", "jsonl", "--quiet", "--out"])
        .arg(&out)
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    let docs = out.join("documents.jsonl");
    if !status.success() || !docs.is_file() {
        bail!(
            "khabar run --format jsonl failed ({status}) or wrote no {}",
            docs.display()
        );
    }
    Ok(docs)
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `n` deterministic JSONL articles (each line ends with `\n`), written from templates: place
/// and country names, dates in several forms, metadata dates in both field spellings, some
/// records with `maintext`, some without a date, quotes, non-ASCII text and multi-paragraph
/// pages.
pub(crate) fn fixture_corpus(n: usize) -> Vec<String> {
    const PLACES: &[&str] = &[
        "Peshawar",
        "Kabul",
        "Islamabad",
        "Lahore",
        "Quetta",
        "Karachi",
        "Kandahar",
        "Rawalpindi",
        "Jalalabad",
        "Herat",
        "Multan",
        "Delhi",
    ];
    const COUNTRIES: &[&str] = &[
        "Pakistan",
        "Afghanistan",
        "India",
        "Iran",
        "China",
        "Qatar",
        "the United States",
    ];
    const NORP: &[&str] = &["Pakistani", "Afghan", "Indian", "Chinese", "American"];
    const MONTHS: &[&str] = &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DAYS: &[&str] = &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const OPENERS: &[&str] = &[
        "Officials in {P} said on {D} that talks with {C} would resume next week.",
        "{N} negotiators met their counterparts from {C} in {P} on {DATE}.",
        "A cease-fire announced on {DATE} held for a month, a spokesman in {P} said.",
        "Security forces in {P} reported two attacks last year and one on {D}.",
        "The delegation travelled from {P} to {P2} in {MONTH} {YEAR}, three days after the meeting.",
        "\u{201C}We are ready to talk,\u{201D} an official told reporters in {P} on {D}.",
        "{C} and {C2} agreed on {DATE} to reopen the crossing near {P}.",
    ];
    const FOLLOWERS: &[&str] = &[
        "The previous round, held in {MONTH} {YEAR}, ended without agreement.",
        "Residents of {P} said the roads had been closed since {DATE}.",
        "A {N} official, speaking on condition of anonymity, said a second meeting was planned for {D}.",
        "The talks in {P2} lasted 14 years in all, according to one estimate.",
        "Markets in {P} reopened on {DATE} after the announcement by {C}.",
        "Prices rose by 10% in \"several\" districts of {P} \u{2014} پشاور \u{2014} the report said.",
    ];
    let mut rng = Lcg(0x6b68_6162_6172);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let year = 2020 + rng.next(4);
        let month = 1 + rng.next(12);
        let day = 1 + rng.next(28);
        let date = format!("{day} {} {year}", MONTHS[month - 1]);
        let fill = |t: &str, rng: &mut Lcg| -> String {
            t.replace("{P2}", rng.pick(PLACES))
                .replace("{P}", rng.pick(PLACES))
                .replace("{C2}", rng.pick(COUNTRIES))
                .replace("{C}", rng.pick(COUNTRIES))
                .replace("{N}", rng.pick(NORP))
                .replace("{DATE}", &date)
                .replace("{D}", rng.pick(DAYS))
                .replace("{MONTH}", rng.pick(MONTHS))
                .replace("{YEAR}", &(2015 + rng.next(8)).to_string())
        };
        let mut text = fill(rng.pick(OPENERS), &mut rng);
        for _ in 0..1 + rng.next(4) {
            text.push(if rng.next(3) == 0 { '\n' } else { ' ' });
            let f = rng.pick(FOLLOWERS);
            text.push_str(&fill(f, &mut rng));
        }
        let title = fill("Talks in {P} resume", &mut rng);
        let (text_key, date) = match i % 5 {
            0 => (
                "maintext",
                Some((
                    "date_publish",
                    format!("{year}-{month:02}-{day:02}T08:30:00Z"),
                )),
            ),
            1 => ("text", None),
            _ => (
                "text",
                Some(("date", format!("{year}-{month:02}-{day:02}"))),
            ),
        };
        let mut line = format!(
            "{{\"id\": {}, \"title\": {}",
            json_str(&format!("spark-{i:04}")),
            json_str(&title)
        );
        if let Some((k, v)) = date {
            let _ = write!(line, ", \"{k}\": {}", json_str(&v));
        }
        let _ = writeln!(
            line,
            ", \"source\": \"fixture\", \"{text_key}\": {}}}",
            json_str(&text)
        );
        out.push(line);
    }
    out
}

/// A fixed-seed linear congruential generator: the same fixtures on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, m: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % m
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next(from.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_deterministic_lines() {
        let a = fixture_corpus(50);
        assert_eq!(a, fixture_corpus(50));
        assert_eq!(a.len(), 50);
        for l in &a {
            assert!(l.ends_with("}\n") && l.matches('\n').count() == 1, "{l}");
        }
        assert_eq!(json_str("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}

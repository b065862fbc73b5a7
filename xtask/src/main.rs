//! Development tasks for khabar, run as `cargo xtask <command>`.
//!
//! Needs nothing but `cargo` and `rustc`. Commands:
//!
//! - `run [ARGS]`: builds `khabar` optimised and runs `khabar run ARGS` (default: the sample
//!   corpus in `fixtures/corpus/` into `./out/`).
//! - `eval`: runs the yardsticks in `../shared/eval` when that folder is there.
//! - `bench`: runs the criterion benches; `bench --peers` compares with the Python peers.
//! - `gen-corpus --articles N`: writes a synthetic JSONL corpus for scale runs.
//! - `ci`: formatting check, clippy with `-D warnings`, the test suite.
//! - `fuzz [TARGET...] [--seconds N]`: the libFuzzer targets in `fuzz/`, on stable.

use std::{
    env,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context};

mod bench;
mod fuzz;
mod spark;
mod spreadsheet;

const HELP: &str = "\
cargo xtask <command>

commands:
  run [ARGS]   build khabar in release mode and run `khabar run ARGS`
               (no input given: fixtures/corpus/ into ./out/)
  eval [SET]   run the yardsticks in ../shared/eval (seeds, dates, tokens; default all)
  bench        run the criterion benches of every crate and the end-to-end bench
  bench --peers [--runs N] [--corpus FILE]
               khabar (release, 1 and 2 threads) against the Python peers of
               ../shared/eval/speed on the same corpus and gazetteer, MB/s side by side
  gen-corpus --articles N [--seed S] [--out FILE]  (no --out: stdout, never a terminal)
               write a synthetic JSONL corpus (same seed, same bytes) for scale runs
  ci           cargo fmt --check, clippy -D warnings, cargo test --workspace
  spark-test   khabar stream under a local[2] PySpark job (installs PySpark into
               target/spark-venv; says skipped when it cannot; --debug: debug binary)
  spreadsheet-check [OUT_DIR]  open the CSV tables (default: khabar run on
               fixtures/export/hostile.jsonl) in headless LibreOffice, fail on any changed cell
  fuzz [TARGET...] [--seconds N]
               build the libFuzzer targets in fuzz/ on the stable toolchain and run
               each for N seconds (default 60; targets: tokenizer dates pages gazetteer
               names readers); crashing inputs go to fuzz/artifacts/TARGET/
  help         this text
";

fn main() -> anyhow::Result<()> {
    let mut args = env::args().skip(1);
    let cmd = args.next().unwrap_or_else(|| "help".into());
    let rest: Vec<String> = args.collect();
    match cmd.as_str() {
        "run" => run(&rest),
        "eval" => eval(&rest),
        "bench" => bench::bench(&rest),
        "gen-corpus" => bench::gen_corpus(&rest),
        "ci" => ci(),
        "spark-test" => spark::spark_test(&rest),
        "fuzz" => fuzz::fuzz(&rest),
        "spreadsheet-check" => spreadsheet::check(&rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{HELP}"),
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn cargo(args: &[&str]) -> anyhow::Result<()> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("running {cargo}"))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Builds the release binary and returns its path.
fn khabar_bin() -> anyhow::Result<PathBuf> {
    cargo(&["build", "--release", "--quiet", "-p", "khabar"])?;
    let target = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    Ok(target
        .join("release")
        .join(format!("khabar{}", env::consts::EXE_SUFFIX)))
}

fn run(args: &[String]) -> anyhow::Result<()> {
    let bin = khabar_bin()?;
    let mut cmd = Command::new(&bin);
    cmd.arg("run");
    let has_input = !flag_values_only(args);
    if !has_input {
        cmd.arg(root().join("fixtures").join("corpus"));
    }
    cmd.args(args);
    let status = cmd
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    if !status.success() {
        bail!("khabar run exited with {status}");
    }
    Ok(())
}

/// Whether every non-flag argument is the value of a preceding `--flag VALUE`.
fn flag_values_only(args: &[String]) -> bool {
    // Every `khabar run` flag takes a value but these; a new value flag needs no change here.
    const SWITCHES: &[&str] = &[
        "--csv-plain",
        "--quiet",
        "-q",
        "--no-default-gazetteer",
        "--help",
        "-h",
        "--version",
        "-V",
    ];
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-" || !a.starts_with('-') {
            return false;
        }
        i += if SWITCHES.contains(&a.as_str()) || a.contains('=') || !a.starts_with("--") {
            1
        } else {
            2
        };
    }
    true
}

fn ci() -> anyhow::Result<()> {
    cargo(&["fmt", "--all", "--", "--check"])?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&["test", "--workspace"])
}

fn eval(args: &[String]) -> anyhow::Result<()> {
    let shared = root().parent().map(|p| p.join("shared").join("eval"));
    let Some(eval) = shared.filter(|p| p.is_dir()) else {
        println!(
            "xtask eval: ../shared/eval is not here (a user's clone has none); nothing to score"
        );
        return Ok(());
    };
    let bin = khabar_bin()?;
    let want = |s: &str| args.is_empty() || args.iter().any(|a| a == s);
    let tmp = env::temp_dir().join("khabar-eval");
    let py = |script: &Path, a: &[&Path]| -> anyhow::Result<()> {
        let st = Command::new("python3")
            .arg(script)
            .args(a)
            .status()
            .context("running python3")?;
        if !st.success() {
            bail!("{} failed", script.display());
        }
        Ok(())
    };
    if want("seeds") {
        let out = tmp.join("seeds");
        let st = Command::new(&bin)
            .arg("run")
            .arg(eval.join("seeds/seeds-dev.jsonl"))
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .status()?;
        println!("== seeds (khabar exit {st})");
        py(
            &eval.join("seeds/score.py"),
            &[&eval.join("seeds/seeds-dev.gold.jsonl"), &out],
        )?;
    }
    if want("dates") {
        dates_table(&eval.join("dates"), &bin, &tmp)?;
    }
    if want("tokens") {
        for set in ["gum-dev", "ewt-dev"] {
            let gold = eval.join(format!("tokens/{set}.jsonl"));
            let sys = tmp.join(format!("{set}.sys.jsonl"));
            std::fs::create_dir_all(&tmp)?;
            let st = Command::new(&bin)
                .arg("tokenize")
                .stdin(std::fs::File::open(&gold)?)
                .stdout(std::fs::File::create(&sys)?)
                .status()?;
            println!("== tokens {set} (khabar exit {st})");
            py(&eval.join("tokens/score.py"), &[&gold, &sys])?;
        }
    }
    Ok(())
}

/// Scores khabar and HeidelTime (its output is kept beside the sets) on te3-train, its
/// TimeBank and AQUAINT halves, and meantime-dev, and prints them side by side.
/// A change that lifts one set and lowers another fits an annotation, not English.
fn dates_table(dir: &Path, bin: &Path, tmp: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(tmp)?;
    // The sets: (name, gold file, HeidelTime's output, TE3 source to keep).
    let sets = [
        ("te3-train", "te3-train", None),
        ("  TimeBank", "te3-train", Some("TimeBank")),
        ("  AQUAINT", "te3-train", Some("AQUAINT")),
        ("meantime-dev", "meantime-dev", None),
    ];
    println!("== dates: F1 (value accuracy on matched timexes)");
    println!(
        "{:<14} {:>7} | {:>7} {:>7} {:>14} | {:>7} {:>7} {:>14}",
        "set",
        "timexes",
        "strict",
        "relaxed",
        "khabar value",
        "strict",
        "relaxed",
        "HeidelTime val"
    );
    for (name, file, source) in sets {
        let keep = |l: &&str| source.is_none_or(|s| l.contains(&format!("\"source\": \"{s}\"")));
        let all = std::fs::read_to_string(dir.join(format!("{file}.jsonl")))?;
        let part = name.trim();
        let gold = tmp.join(format!("{part}.gold.jsonl"));
        let lines: Vec<&str> = all.lines().filter(keep).collect();
        let ids: Vec<String> = lines.iter().filter_map(|l| json_str(l, "id")).collect();
        std::fs::write(&gold, lines.join("\n") + "\n")?;
        let out = tmp.join(format!("dates-{part}"));
        let st = Command::new(bin)
            .arg("run")
            .arg(&gold)
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .status()?;
        if !st.success() {
            bail!("khabar run on {} failed: {st}", gold.display());
        }
        let k = score(dir, &gold, &out, &tmp.join(format!("{part}.khabar.json")))?;
        let peer = dir.join(format!("heideltime.{file}.jsonl"));
        let h = if peer.is_file() {
            let hall = std::fs::read_to_string(&peer)?;
            let hpart: Vec<&str> = hall
                .lines()
                .filter(|l| json_str(l, "id").is_some_and(|id| ids.contains(&id)))
                .collect();
            let hfile = tmp.join(format!("{part}.heideltime.jsonl"));
            std::fs::write(&hfile, hpart.join("\n") + "\n")?;
            Some(score(
                dir,
                &gold,
                &hfile,
                &tmp.join(format!("{part}.heideltime.json")),
            )?)
        } else {
            None
        };
        let cell = |m: &Metrics| {
            format!(
                "{:>7.2} {:>7.2} {:>6.2} ({:>4.1})",
                m.strict, m.relaxed, m.value, m.value_acc
            )
        };
        println!(
            "{name:<14} {:>7} | {} | {}",
            k.gold,
            cell(&k),
            h.as_ref().map_or("-".into(), cell)
        );
    }
    Ok(())
}

/// The figures of one `score.py --json` run, in percent.
struct Metrics {
    gold: u64,
    strict: f64,
    relaxed: f64,
    value: f64,
    value_acc: f64,
}

fn score(dir: &Path, gold: &Path, system: &Path, json: &Path) -> anyhow::Result<Metrics> {
    let st = Command::new("python3")
        .arg(dir.join("score.py"))
        .arg(gold)
        .arg(system)
        .arg("--json")
        .arg(json)
        .stdout(std::process::Stdio::null())
        .status()
        .context("running python3")?;
    if !st.success() {
        bail!("score.py {} {} failed", gold.display(), system.display());
    }
    let m = std::fs::read_to_string(json)?;
    let num = |k: &str| -> anyhow::Result<f64> {
        let pat = format!("\"{k}\":");
        let at = m
            .find(&pat)
            .with_context(|| format!("{k} missing in {}", json.display()))?;
        let rest = m[at + pat.len()..].trim_start();
        let end = rest.find([',', '\n', '}']).unwrap_or(rest.len());
        Ok(rest[..end].trim().parse()?)
    };
    Ok(Metrics {
        gold: num("gold")? as u64,
        strict: 100.0 * num("strict_F1")?,
        relaxed: 100.0 * num("relaxed_F1")?,
        value: 100.0 * num("value_F1")?,
        value_acc: 100.0 * num("value_acc")?,
    })
}

/// The string value of a top-level `"key": "..."` in one JSON line (no escapes in ids).
fn json_str(line: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\": \"");
    let at = line.find(&pat)? + pat.len();
    let end = line[at..].find('"')?;
    Some(line[at..at + end].to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn flags_and_inputs() {
        let v = |s: &str| -> Vec<String> { s.split_whitespace().map(String::from).collect() };
        for (args, only_flags) in [
            ("--max-document-mb 200", true),
            ("--max-document-mb 200 corpus/", false),
            ("--out o --format csv,xlsx -q", true),
            ("--csv-plain corpus/", false),
            ("--threads=2 -", false),
            ("--dates dates.csv --input-delimiter ;", true),
            ("", true),
        ] {
            assert_eq!(super::flag_values_only(&v(args)), only_flags, "{args}");
        }
    }
}

//! Build time and peak memory of a large generated gazetteer.
//!
//!     cargo run --release -p khabar-gazetteer --example build_big -- [N=1000000]
//!
//! Generates N made-up names (a quarter of them two words) as a TSV table in memory, then
//! reads and builds it, and prints the seconds and the peak resident memory (`VmHWM`, Linux)
//! before and after.

use std::time::Instant;

use khabar_gazetteer::Gazetteer;

mod common;
use common::{peak_mb, word, Lcg};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |a| a.parse())?;
    let mut r = Lcg(3);
    let mut tsv = String::from("id\tname\ttype\taliases\n");
    for i in 0..n {
        tsv.push_str(&format!("g{i}\t"));
        word(&mut r, &mut tsv);
        if i % 4 == 0 {
            tsv.push(' ');
            word(&mut r, &mut tsv);
        }
        tsv.push_str("\tLOC\t\n");
    }
    let before = peak_mb();
    let t = Instant::now();
    let mut b = Gazetteer::builder();
    b.add_table(tsv.as_bytes(), "generated.tsv")?;
    let read = t.elapsed().as_secs_f64();
    drop(tsv);
    let gaz = b.build()?;
    let total = t.elapsed().as_secs_f64();
    println!(
        "names={n} entries={} read_s={read:.2} build_s={:.2} total_s={total:.2} automaton_mb={:.0} peak_rss_mb_before={before:.0} peak_rss_mb_after={:.0}",
        gaz.len(),
        total - read,
        gaz.automaton_memory() as f64 / 1e6,
        peak_mb()
    );
    Ok(())
}

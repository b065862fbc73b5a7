//! Shared by the examples and the criterion bench (`#[path]`-included): a deterministic
//! generator of made-up names and the process's peak memory.
#![allow(dead_code)] // each includer uses its own part

/// A deterministic pseudo-random generator (64-bit LCG).
pub struct Lcg(pub u64);

impl Lcg {
    /// A number in `0..n`.
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

pub const ONSETS: &[&str] = &[
    "b", "d", "g", "h", "j", "k", "kh", "l", "m", "n", "p", "q", "r", "s", "sh", "t", "v", "z",
];
pub const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "aa", "ei", "ou"];
pub const CODAS: &[&str] = &["", "", "n", "r", "l", "m", "st", "d"];

/// Appends a capitalised made-up word of two or three syllables (e.g. `Khaneilst`).
pub fn word(r: &mut Lcg, out: &mut String) {
    let start = out.len();
    for _ in 0..2 + r.next(2) {
        out.push_str(ONSETS[r.next(ONSETS.len())]);
        out.push_str(VOWELS[r.next(VOWELS.len())]);
        out.push_str(CODAS[r.next(CODAS.len())]);
    }
    out[start..start + 1].make_ascii_uppercase();
}

/// Peak resident memory of this process so far, in MB (`VmHWM`, Linux; 0 elsewhere).
pub fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

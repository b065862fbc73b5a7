//! End-to-end benchmarks of the khabar pipeline, and the synthetic corpus they run on.
//!
//! The corpus is made from templates with a fixed seed, so every run measures the same
//! bytes; `cargo xtask gen-corpus` writes the same kind of corpus for scale runs.
//!
//! # Example
//!
//! ```
//! let corpus = khabar_benches::synthetic_jsonl(3, 7);
//! assert_eq!(corpus.lines().count(), 3);
//! assert!(corpus.contains("\"text\""));
//! ```
#![deny(missing_docs)]

/// A small deterministic generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next_u64() % items.len() as u64) as usize]
    }
}

const PLACES: &[&str] = &[
    "Pakistan",
    "Afghanistan",
    "Kabul",
    "Islamabad",
    "Peshawar",
    "Quetta",
    "Swat",
    "Karachi",
    "Lahore",
    "Khost",
    "North Waziristan",
    "Bajaur",
    "Kandahar",
    "Rawalpindi",
    "Kunar",
    "Dera Ismail Khan",
];
const ACTORS: &[&str] = &[
    "the Tehreek-e-Taliban Pakistan",
    "the TTP",
    "the Afghan Taliban",
    "the army",
    "the interior ministry",
    "a tribal jirga",
    "the provincial government",
    "police officials",
    "the foreign office",
];
const WHEN: &[&str] = &[
    "on Monday",
    "last week",
    "on 12 March 2022",
    "in November 2021",
    "two days ago",
    "yesterday",
    "on June 3",
    "earlier this month",
    "since 2007",
    "for 14 years",
    "every Friday",
    "at 9am on Tuesday",
];
const VERBS: &[&str] = &[
    "said",
    "announced",
    "denied",
    "confirmed",
    "told reporters",
    "warned",
    "claimed",
    "rejected reports",
];
const THINGS: &[&str] = &[
    "that talks would resume",
    "that the cease-fire was holding",
    "an attack on a checkpost",
    "the release of prisoners",
    "a new round of negotiations",
    "that three soldiers were killed",
    "the extension of the truce",
    "that the border crossing was closed",
];

/// One synthetic news article of about `sentences` sentences.
pub fn article(rng: &mut Rng, sentences: usize) -> String {
    let mut s = String::new();
    for i in 0..sentences {
        if i > 0 {
            s.push_str(if i % 4 == 0 { "\n\n" } else { " " });
        }
        let (a, v, t, p, w) = (
            rng.pick(ACTORS),
            rng.pick(VERBS),
            rng.pick(THINGS),
            rng.pick(PLACES),
            rng.pick(WHEN),
        );
        match rng.next_u64() % 3 {
            0 => s.push_str(&format!("In {p}, {a} {v} {t} {w}.")),
            1 => s.push_str(&format!(
                "“We have nothing to add,” a spokesman for {a} in {p} said {w}."
            )),
            _ => {
                let mut c = a.chars();
                let cap: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                s.push_str(&format!("{cap} {v} {t} in {p} {w}."));
            }
        }
    }
    s
}

/// A JSONL corpus of `n` articles (`id`, `title`, `date`, `text`), the same for the same seed.
pub fn synthetic_jsonl(n: usize, seed: u64) -> String {
    synthetic_jsonl_from(0, n, &mut Rng::new(seed))
}

/// Articles `first..first + n` of a synthetic corpus drawn from `rng` (call it in order, in
/// chunks, to write a corpus of any size with little memory).
pub fn synthetic_jsonl_from(first: usize, n: usize, rng: &mut Rng) -> String {
    let mut out = String::new();
    for i in first..first + n {
        let sentences = 6 + (rng.next_u64() % 30) as usize;
        let text = article(rng, sentences);
        let date = format!(
            "20{:02}-{:02}-{:02}",
            21 + i % 3,
            1 + rng.next_u64() % 12,
            1 + rng.next_u64() % 28
        );
        let rec = serde_json::json!({
            "id": format!("gen-{i}"),
            "title": format!("{} {}", rng.pick(PLACES), rng.pick(VERBS)),
            "date": date,
            "text": text,
        });
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    out
}

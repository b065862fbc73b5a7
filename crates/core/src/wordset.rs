//! [`WordSet`]: a set of static words for lookups per word of running text.
//!
//! A general hash set hashes every byte of the word and compares the candidates with a
//! call to `memcmp`; the word lists of khabar are looked up millions of times per corpus,
//! mostly with words they lack. A `WordSet` hashes the first and last eight bytes and the
//! length (four and a few for shorter words), keeps the full hash beside each slot, and
//! compares bytes only when the hashes agree, which is nearly always a hit.

/// A set of `&'static str`, built once, looked up with [`WordSet::contains`].
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    /// Open addressing, linear probing, at most half full: the hash of a word and its
    /// index in `words` plus one (0: empty slot).
    slots: Box<[(u64, u32)]>,
    words: Vec<&'static str>,
    /// `slots.len() - 1` (a power of two less one).
    mask: usize,
}

impl WordSet {
    /// The set of `words` (duplicates are kept once).
    pub fn new(words: impl IntoIterator<Item = &'static str>) -> WordSet {
        let mut set = WordSet::default();
        let words: Vec<&'static str> = words.into_iter().collect();
        let size = (words.len() * 2).max(8).next_power_of_two();
        set.slots = vec![(0, 0); size].into_boxed_slice();
        set.mask = size - 1;
        for w in words {
            let h = hash(w.as_bytes());
            let mut i = slot(h, set.mask);
            loop {
                let (sh, k) = set.slots[i];
                if k == 0 {
                    set.words.push(w);
                    set.slots[i] = (h, set.words.len() as u32);
                    break;
                }
                if sh == h && set.words[k as usize - 1] == w {
                    break;
                }
                i = (i + 1) & set.mask;
            }
        }
        set
    }

    /// Whether `word` is in the set (bytes compared as they are: no case folding).
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let h = hash(word.as_bytes());
        let mut i = slot(h, self.mask);
        loop {
            let (sh, k) = self.slots[i];
            if k == 0 {
                return false;
            }
            if sh == h && self.words[k as usize - 1] == word {
                return true;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the set has no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl FromIterator<&'static str> for WordSet {
    fn from_iter<I: IntoIterator<Item = &'static str>>(iter: I) -> WordSet {
        WordSet::new(iter)
    }
}

/// The slot of hash `h`: its high bits, which the multiplication mixed best.
#[inline]
fn slot(h: u64, mask: usize) -> usize {
    (h >> 40) as usize & mask
}

/// A hash of the first and last eight bytes of `b` and its length.
#[inline]
fn hash(b: &[u8]) -> u64 {
    let n = b.len();
    let (x, y) = if let (Some(head), Some(tail)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (u64::from_le_bytes(*head), u64::from_le_bytes(*tail))
    } else if let (Some(head), Some(tail)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        (
            u64::from(u32::from_le_bytes(*head)),
            u64::from(u32::from_le_bytes(*tail)),
        )
    } else if n > 0 {
        (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        )
    } else {
        (0, 0)
    };
    let m = u128::from(x ^ 0x9e37_79b9_7f4a_7c15)
        * u128::from(y ^ (n as u64).wrapping_mul(0xc2b2_ae3d_27d4_eb4f) ^ 0x1656_67b1_9e37_79f9);
    (m as u64) ^ ((m >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let words = [
            "a",
            "an",
            "the",
            "of",
            "and",
            "spokesperson",
            "sub-inspector",
            "ministry",
            "internationalisation",
            "internationalization",
            "é",
            "",
        ];
        let set = WordSet::new(words.iter().copied().chain(["the", "of"]));
        assert_eq!(set.len(), words.len());
        for w in words {
            assert!(set.contains(w), "{w:?}");
        }
        for w in [
            "A",
            "The",
            "th",
            "thee",
            "ministr",
            "internationalisations",
            "e",
            "ab",
            " ",
        ] {
            assert!(!set.contains(w), "{w:?}");
        }
        assert!(!WordSet::default().contains("a"));
        assert!(WordSet::new([]).is_empty());
    }

    #[test]
    fn every_short_word() {
        // Every word of up to five letters over `abc`, and every word of up to twenty
        // letters `a`: every other one in the set.
        let mut all: Vec<String> = vec![String::new()];
        for len in 1..=5 {
            let mut w = vec![b'a'; len];
            loop {
                all.push(String::from_utf8(w.clone()).unwrap_or_default());
                let Some(k) = w.iter().rposition(|&c| c != b'c') else {
                    break;
                };
                w[k] += 1;
                w[k + 1..].fill(b'a');
            }
        }
        all.extend((6..=20).map(|n| "a".repeat(n)));
        let all: Vec<&'static str> = all
            .into_iter()
            .map(|w| &*Box::leak(w.into_boxed_str()))
            .collect();
        let set = WordSet::new(all.iter().step_by(2).copied());
        assert_eq!(set.len(), all.len().div_ceil(2));
        for (k, w) in all.iter().enumerate() {
            assert_eq!(set.contains(w), k % 2 == 0, "{w:?}");
        }
    }
}

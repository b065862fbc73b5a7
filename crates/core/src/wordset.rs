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
        self.index(word).is_some()
    }

    /// The index of `word` among the distinct words, in the order they were given.
    #[inline]
    fn index(&self, word: &str) -> Option<usize> {
        if self.words.is_empty() {
            return None;
        }
        let h = hash(word.as_bytes());
        let mut i = slot(h, self.mask);
        loop {
            let (sh, k) = self.slots[i];
            if k == 0 {
                return None;
            }
            if sh == h && self.words[k as usize - 1] == word {
                return Some(k as usize - 1);
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

/// Bit flags of static words: the union of several word lists, so that one lookup per word
/// answers for every list (a [`WordSet`] per list would hash the word once per list).
#[derive(Clone, Debug, Default)]
pub struct WordFlags {
    set: WordSet,
    /// Per distinct word of `set`, in its order: the flags of every list that holds it.
    flags: Vec<u32>,
}

impl WordFlags {
    /// The words of `lists`, each with the flags of the lists it is in (a word given with
    /// several flags keeps them all).
    pub fn new(lists: impl IntoIterator<Item = (&'static str, u32)>) -> WordFlags {
        let pairs: Vec<(&'static str, u32)> = lists.into_iter().collect();
        let set = WordSet::new(pairs.iter().map(|p| p.0));
        let mut flags = vec![0; set.len()];
        for (w, f) in pairs {
            if let Some(i) = set.index(w) {
                flags[i] |= f;
            }
        }
        WordFlags { set, flags }
    }

    /// The flags of `word` (bytes compared as they are), 0 for a word of no list.
    #[inline]
    pub fn get(&self, word: &str) -> u32 {
        self.set.index(word).map_or(0, |i| self.flags[i])
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether there is no word.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
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
        let flags = WordFlags::new(words.iter().map(|&w| (w, 1)).chain([("the", 2), ("x", 4)]));
        assert_eq!(flags.len(), words.len() + 1);
        assert_eq!(
            (flags.get("the"), flags.get("of"), flags.get("x")),
            (3, 1, 4)
        );
        assert_eq!((flags.get("The"), flags.get("y")), (0, 0));
        assert_eq!(WordFlags::default().get("a"), 0);
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

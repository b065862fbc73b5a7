//! [`WordSet`]: a set of static words for lookups per word of running text.
//!
//! A general hash set hashes every byte of the word and compares the candidates with a
//! call to `memcmp`; the word lists of khabar are looked up millions of times per corpus,
//! mostly with words they lack. A `WordSet` keeps a word of up to eight bytes in its slot
//! itself, as one integer: such a lookup reads one slot (one cache line) and compares two
//! integers, with no other memory touched. A longer word hashes its first and last eight
//! bytes and its length, keeps that hash in its slot, and is compared byte by byte only
//! when the hashes agree, which is nearly always a hit.

/// One slot of the table.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// A word of up to eight bytes: its bytes, little-endian, zero-padded; a longer one: its
    /// hash.
    key: u64,
    /// The word's length in bytes.
    len: u32,
    /// The word's index in `words` plus one; 0: empty slot.
    index: u32,
}

/// A set of `&'static str`, built once, looked up with [`WordSet::contains`].
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    /// Open addressing, linear probing, at most half full.
    slots: Box<[Slot]>,
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
        set.slots = vec![Slot::default(); size].into_boxed_slice();
        set.mask = size - 1;
        for w in words {
            // A text of 4 GiB or more is no word of a list.
            let Ok(len) = u32::try_from(w.len()) else {
                continue;
            };
            let (key, h) = key(w.as_bytes());
            let mut i = slot(h, set.mask);
            loop {
                let sl = set.slots[i];
                if sl.index == 0 {
                    set.words.push(w);
                    set.slots[i] = Slot {
                        key,
                        len,
                        index: set.words.len() as u32,
                    };
                    break;
                }
                if sl.key == key && sl.len == len && set.words[sl.index as usize - 1] == w {
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
        let b = word.as_bytes();
        let (key, h) = key(b);
        let n = b.len();
        let mut i = slot(h, self.mask);
        loop {
            let sl = self.slots[i];
            if sl.index == 0 {
                return None;
            }
            if sl.key == key && sl.len as usize == n {
                let k = sl.index as usize - 1;
                // A short word is its key; a long one is compared.
                if n <= 8 || self.words[k] == word {
                    return Some(k);
                }
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

/// The key of word `b` in its slot and the hash that places it: a word of up to eight
/// bytes is its own key; a longer one is keyed by its hash.
#[inline]
fn key(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    if n <= 8 {
        let mut w = [0u8; 8];
        w[..n].copy_from_slice(b);
        let x = u64::from_le_bytes(w);
        return (x, mix(x, n as u64));
    }
    let h = hash(b);
    (h, h)
}

/// Mixes `x` and `y` into 64 bits (a folded multiplication).
#[inline]
fn mix(x: u64, y: u64) -> u64 {
    let m = u128::from(x ^ 0x9e37_79b9_7f4a_7c15)
        * u128::from(y.wrapping_mul(0xc2b2_ae3d_27d4_eb4f) ^ 0x1656_67b1_9e37_79f9);
    (m as u64) ^ ((m >> 64) as u64)
}

/// A hash of the first and last eight bytes of `b` (which has more than eight) and its
/// length.
#[inline]
fn hash(b: &[u8]) -> u64 {
    let n = b.len();
    let (x, y) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => (0, 0),
    };
    mix(x, y ^ (n as u64).wrapping_mul(0xff51_afd7_ed55_8ccd))
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
            "a\0",
            "the\0",
            "\0",
            "ministryy",
            "spokespersoN",
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

//! [`WordSet`] and [`WordFlags`]: sets of static words for lookups per word of running text.
//!
//! A general hash set hashes every byte of the word and compares the candidates with a
//! call to `memcmp`; the word lists of khabar are looked up millions of times per corpus,
//! mostly with words they lack. Here a word of up to seven bytes is kept in its slot
//! itself, as one integer with its length: such a lookup reads one slot and compares two
//! integers, with no other memory touched. A longer word hashes its first and last eight
//! bytes and its length, keeps that hash in its slot, and is compared byte by byte only
//! when the hashes agree, which is nearly always a hit. A [`WordFlags`] keeps each word's
//! flags in its slot too. [`WordFlags::get_ascii_lowercase`] looks a word up in ASCII
//! lower case, folding its capitals as it hashes and compares, with no copy.

use crate::swar;

/// One slot of the table.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// A word of up to seven bytes: its bytes, little-endian, and its length in the top
    /// byte; a longer one: its hash with the top byte `0xff`.
    key: u64,
    /// The word's index in `words` plus one; 0: empty slot.
    index: u32,
    /// The word's flags ([`WordFlags`]; 0 in a [`WordSet`]).
    flags: u32,
}

/// The open-addressed table of [`WordSet`] and [`WordFlags`].
#[derive(Clone, Debug, Default)]
struct Table {
    /// Linear probing, at most half full.
    slots: Box<[Slot]>,
    words: Vec<&'static str>,
    /// `slots.len() - 1` (a power of two less one).
    mask: usize,
}

impl Table {
    /// The table of `words`, each with its flags: a word given several times keeps the
    /// union of its flags. Words past the first `u32::MAX - 1` distinct ones are left out.
    fn new(words: impl IntoIterator<Item = (&'static str, u32)>) -> Table {
        let mut t = Table::default();
        let words: Vec<(&'static str, u32)> = words.into_iter().collect();
        let size = (words.len() * 2).max(8).next_power_of_two();
        t.slots = vec![Slot::default(); size].into_boxed_slice();
        t.mask = size - 1;
        // Grown once (a list of 40k words: 0.6 MB, not twice that touched while doubling).
        t.words = Vec::with_capacity(words.len());
        for (w, flags) in words {
            let (key, h) = key(w.as_bytes(), false);
            let mut i = slot(h, t.mask);
            loop {
                let sl = &mut t.slots[i];
                if sl.index == 0 {
                    let Ok(index) = u32::try_from(t.words.len() + 1) else {
                        break;
                    };
                    if index == u32::MAX {
                        break;
                    }
                    t.words.push(w);
                    *sl = Slot { key, index, flags };
                    break;
                }
                if sl.key == key && t.words[sl.index as usize - 1] == w {
                    sl.flags |= flags;
                    break;
                }
                i = (i + 1) & t.mask;
            }
        }
        t
    }

    /// The slot of `word`, or with `fold` of its ASCII lower-case form (`word` read as
    /// it is, each ASCII capital taken for its small letter while hashing and comparing).
    /// Always inline: the callers look words up in loops, and the compiler, left to
    /// itself, called it from the name finder's (about 18 M more instructions on
    /// Reuters-21578).
    #[inline(always)]
    fn get(&self, word: &str, fold: bool) -> Option<&Slot> {
        if self.words.is_empty() {
            return None;
        }
        let b = word.as_bytes();
        let (key, h) = key(b, fold);
        let mut i = slot(h, self.mask);
        loop {
            let sl = &self.slots[i];
            if sl.index == 0 {
                return None;
            }
            // A short word is its key; a long one is compared.
            if sl.key == key && (b.len() < 8 || same(self.words[sl.index as usize - 1], b, fold)) {
                return Some(sl);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A set of `&'static str`, built once, looked up with [`WordSet::contains`].
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    table: Table,
}

impl WordSet {
    /// The set of `words` (duplicates are kept once).
    pub fn new(words: impl IntoIterator<Item = &'static str>) -> WordSet {
        WordSet {
            table: Table::new(words.into_iter().map(|w| (w, 0))),
        }
    }

    /// Whether `word` is in the set (bytes compared as they are: no case folding).
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.table.get(word, false).is_some()
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.table.words.len()
    }

    /// The words, each once, in the order they were first given.
    pub fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.table.words.iter().copied()
    }

    /// Whether the set has no word.
    pub fn is_empty(&self) -> bool {
        self.table.words.is_empty()
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
    table: Table,
}

impl WordFlags {
    /// The words of `lists`, each with the flags of the lists it is in (a word given with
    /// several flags keeps them all).
    pub fn new(lists: impl IntoIterator<Item = (&'static str, u32)>) -> WordFlags {
        WordFlags {
            table: Table::new(lists),
        }
    }

    /// The flags of `word` (bytes compared as they are), 0 for a word of no list.
    #[inline]
    pub fn get(&self, word: &str) -> u32 {
        self.table.get(word, false).map_or(0, |s| s.flags)
    }

    /// The flags of the ASCII lower-case form of `word` (`word.to_ascii_lowercase()`),
    /// with no copy: the capitals are folded while hashing and comparing. Other characters
    /// are compared as they are, so a caller that wants the full Unicode lower case of a
    /// word that is not ASCII lower-cases it first and calls [`WordFlags::get`].
    #[inline]
    pub fn get_ascii_lowercase(&self, word: &str) -> u32 {
        self.table.get(word, true).map_or(0, |s| s.flags)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.table.words.len()
    }

    /// Whether there is no word.
    pub fn is_empty(&self) -> bool {
        self.table.words.is_empty()
    }
}

/// The slot of hash `h`: its high bits, which the multiplication mixed best.
#[inline]
fn slot(h: u64, mask: usize) -> usize {
    (h >> 40) as usize & mask
}

/// The key of word `b` in its slot and the hash that places it: a word of up to seven
/// bytes is its own key, with its length in the top byte; a longer one is keyed by its
/// hash with the top byte `0xff`. With `fold`, the key of its ASCII lower-case form.
#[inline]
fn key(b: &[u8], fold: bool) -> (u64, u64) {
    let n = b.len();
    if n < 8 {
        let x = fold_case(short_word(b), fold) | (n as u64) << 56;
        return (x, mix(x, 0));
    }
    let h = hash(b, fold);
    (h | 0xff << 56, h)
}

/// Eight bytes with, if `fold`, each ASCII capital made its small letter.
#[inline]
fn fold_case(v: u64, fold: bool) -> u64 {
    if fold {
        v | swar::range_bytes(v, b'A', b'Z') >> 2
    } else {
        v
    }
}

/// Whether `word` of the table is `b`, or with `fold` the ASCII lower-case form of `b`.
#[inline]
fn same(word: &str, b: &[u8], fold: bool) -> bool {
    if fold {
        word.len() == b.len()
            && word
                .bytes()
                .zip(b)
                .all(|(x, &y)| x == y.to_ascii_lowercase())
    } else {
        word.as_bytes() == b
    }
}

/// The bytes of `b` (fewer than eight) as a little-endian integer, the rest zero: read as
/// two overlapping halves, which agree where they overlap, with no copy of a variable length.
#[inline]
pub fn short_word(b: &[u8]) -> u64 {
    let n = b.len();
    if let (Some(head), Some(tail)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*tail)) << (8 * (n - 4))
    } else if let (Some(head), Some(tail)) = (b.first_chunk::<2>(), b.last_chunk::<2>()) {
        u64::from(u16::from_le_bytes(*head)) | u64::from(u16::from_le_bytes(*tail)) << (8 * (n - 2))
    } else {
        b.first().map_or(0, |&x| u64::from(x))
    }
}

/// Mixes `x` and `y` into 64 bits (a folded multiplication).
#[inline]
fn mix(x: u64, y: u64) -> u64 {
    let m = u128::from(x ^ 0x9e37_79b9_7f4a_7c15)
        * u128::from(y.wrapping_mul(0xc2b2_ae3d_27d4_eb4f) ^ 0x1656_67b1_9e37_79f9);
    (m as u64) ^ ((m >> 64) as u64)
}

/// A hash of the first and last eight bytes of `b` (which has more than eight), with
/// `fold` in ASCII lower case, and its length.
#[inline]
fn hash(b: &[u8], fold: bool) -> u64 {
    let n = b.len();
    let (x, y) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (
            fold_case(u64::from_le_bytes(*head), fold),
            fold_case(u64::from_le_bytes(*tail), fold),
        ),
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
        assert!(set.words().eq(words.iter().copied()));
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

    /// A table of lower-case words, short and long, a word with a capital and one that
    /// is not ASCII, each with its own flag.
    fn folding_table() -> (Vec<&'static str>, WordFlags) {
        let words = vec![
            "a",
            "the",
            "qazi",
            "spokesperson",
            "sub-inspector",
            "internationalisation",
            "Kent",
            "école",
            "mr.",
        ];
        let flags = WordFlags::new(words.iter().enumerate().map(|(k, &w)| (w, 1 << k)));
        (words, flags)
    }

    #[test]
    fn ascii_lowercase_lookups() {
        let (_, flags) = folding_table();
        for (w, want) in [
            ("THE", 2),
            ("The", 2),
            ("the", 2),
            ("QaZi", 4),
            ("Spokesperson", 8),
            ("SUB-INSPECTOR", 16),
            ("InternationalisatioN", 32),
            // The table's word has a capital: its lower-case form is another word.
            ("Kent", 0),
            ("KENT", 0),
            ("kent", 0),
            ("École", 0),
            ("éCOLE", 128),
            ("MR.", 256),
            ("A", 1),
            ("", 0),
            ("TH", 0),
            ("Internationalisations", 0),
        ] {
            assert_eq!(flags.get_ascii_lowercase(w), want, "{w:?}");
        }
        assert_eq!(WordFlags::default().get_ascii_lowercase("A"), 0);
    }

    proptest::proptest! {
        /// A lookup in ASCII lower case finds what a lookup of the lower-cased copy finds.
        #[test]
        fn ascii_lowercase_is_lookup_of_lowercase(
            k in 0usize..9,
            caps in proptest::collection::vec(proptest::bool::ANY, 0..24),
            w in "[a-zA-Z .é-]{0,24}",
        ) {
            let (words, flags) = folding_table();
            // A word of the table with some letters made capitals, or any word.
            let mut v: Vec<char> = words[k].chars().collect();
            for (c, &up) in v.iter_mut().zip(&caps) {
                if up {
                    *c = c.to_ascii_uppercase();
                }
            }
            let v: String = v.into_iter().collect();
            for x in [&v, &w] {
                proptest::prop_assert_eq!(
                    flags.get_ascii_lowercase(x),
                    flags.get(&x.to_ascii_lowercase()),
                    "{:?}", x
                );
            }
        }
    }

    #[test]
    fn short_words_read_whole() {
        let b = b"abcdefg";
        for n in 0..8 {
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&b[..n]);
            assert_eq!(short_word(&b[..n]), u64::from_le_bytes(w), "{n}");
        }
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

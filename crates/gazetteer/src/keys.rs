//! The table of folded names and their word prefixes: keys in one buffer, an
//! open-addressing index over them, and a hash computed word by word.
//!
//! The matcher walks the key text one token after the other from a token that may start a
//! name; [`hash_word`] extends the hash of the words so far by the next one, so a longer
//! prefix costs the hash of one more word, not of the whole prefix again.
//! The slots are at most 60% full; they keep 32 bits of the hash: the key bytes are compared only when they agree, in
//! practice only on a hit.
//! A lookup first asks a filter of those 32 bits (two bits of one 64-bit word, about 8 bits a
//! key): with a large gazetteer the slots are megabytes that a walk meets at random, and
//! most words of a text start no name, so the filter, small enough to stay in cache, turns
//! most of them away before the slot is read.

/// The hash of no word: the seed of [`hash_word`].
pub(crate) const SEED: u64 = 0;

const K: u64 = 0x517c_c1b7_2722_0a95;

/// The hash of a key whose words so far hash to `h`, extended by `word` (FxHash of its
/// bytes, eight at a time, then of its length, so word boundaries count).
#[inline]
pub(crate) fn hash_word(mut h: u64, word: &[u8]) -> u64 {
    let mut chunks = word.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut x = 0u64;
        for (i, &b) in rest.iter().enumerate() {
            x |= u64::from(b) << (8 * i);
        }
        h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    }
    (h.rotate_left(5) ^ word.len() as u64).wrapping_mul(K)
}

/// The hash of a folded key (words separated by single spaces), as [`hash_word`] builds
/// it word by word.
pub(crate) fn hash_key(key: &[u8]) -> u64 {
    key.split(|&b| b == b' ').fold(SEED, hash_word)
}

/// A slot: `len == EMPTY` when free.
#[derive(Clone, Copy, Debug)]
struct Slot {
    tag: u32,
    at: u32,
    len: u32,
    val: u32,
}

const EMPTY: u32 = u32::MAX;

const FREE: Slot = Slot {
    tag: 0,
    at: 0,
    len: EMPTY,
    val: 0,
};

/// Byte keys to `u32` values, probed with a hash from [`hash_key`] / [`hash_word`].
#[derive(Clone, Debug)]
pub(crate) struct KeyTable {
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`.
    shift: u32,
    keys: Vec<u8>,
    len: usize,
    /// The filter of the keys' tags: four bits a slot.
    filter: Bloom,
}

/// A set of hashes that may answer yes wrongly but never no wrongly: two bits of one
/// 64-bit word a hash (one cache line a question), in a power of two of words.
#[derive(Clone, Debug)]
pub(crate) struct Bloom {
    words: Vec<u64>,
    /// `64 - log2(words.len())`.
    shift: u32,
}

impl Bloom {
    /// An empty filter of about `bits` bits (at least 128).
    pub(crate) fn new(bits: usize) -> Bloom {
        let words = (bits / 64).max(2).next_power_of_two();
        Bloom {
            words: vec![0; words],
            shift: 64 - words.trailing_zeros(),
        }
    }

    /// The word and the two bits of hash `h`.
    #[inline]
    fn bits(&self, h: u64) -> (usize, u64) {
        let m = h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (
            (m >> self.shift) as usize,
            1 << (m & 63) | 1 << ((m >> 6) & 63),
        )
    }

    /// Adds hash `h`.
    #[inline]
    pub(crate) fn insert(&mut self, h: u64) {
        let (w, bits) = self.bits(h);
        self.words[w] |= bits;
    }

    /// Whether `h` may have been added.
    #[inline]
    pub(crate) fn may_hold(&self, h: u64) -> bool {
        let (w, bits) = self.bits(h);
        self.words[w] & bits == bits
    }

    /// Bytes held.
    pub(crate) fn memory(&self) -> usize {
        self.words.capacity() * 8
    }
}

#[inline]
fn tag(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

impl KeyTable {
    /// An empty table with room for `n` keys of `bytes` bytes in all.
    pub(crate) fn with_capacity(n: usize, bytes: usize) -> KeyTable {
        let slots = (n.max(4) * 5 / 3).next_power_of_two();
        KeyTable {
            slots: vec![FREE; slots],
            shift: 64 - slots.trailing_zeros(),
            keys: Vec::with_capacity(bytes),
            len: 0,
            filter: Bloom::new(slots * 4),
        }
    }

    /// Whether the filter lets a key with hash `h` through.
    #[inline]
    fn may_hold(&self, h: u64) -> bool {
        self.filter.may_hold(u64::from(tag(h)))
    }

    #[inline]
    fn home(&self, h: u64) -> usize {
        (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The value of `key`, whose hash is `h`.
    #[inline]
    pub(crate) fn get(&self, h: u64, key: &[u8]) -> Option<u32> {
        if !self.may_hold(h) {
            return None;
        }
        self.probe(h, key).ok()
    }

    /// The value of `key` (hash `h`), or the empty slot where it would go.
    #[inline]
    fn probe(&self, h: u64, key: &[u8]) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let t = tag(h);
        let mut i = self.home(h);
        loop {
            let s = self.slots[i];
            if s.len == EMPTY {
                return Err(i);
            }
            if s.tag == t && s.len as usize == key.len() && same(&self.keys[s.at as usize..], key) {
                return Ok(s.val);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of `key` (hash `h`), inserting `val` first when it is not there.
    pub(crate) fn get_or_insert(&mut self, h: u64, key: &[u8], val: u32) -> u32 {
        if (self.len + 1) * 5 > self.slots.len() * 3 {
            self.grow();
        }
        let i = match self.probe(h, key) {
            Ok(found) => return found,
            Err(empty) => empty,
        };
        self.slots[i] = Slot {
            tag: tag(h),
            at: self.keys.len() as u32,
            len: key.len() as u32,
            val,
        };
        self.keys.extend_from_slice(key);
        self.len += 1;
        self.filter.insert(u64::from(tag(h)));
        val
    }

    /// The value of the key stored at `at..at + len` of the key buffer (a prefix of a key
    /// there, hash `h`), inserting `val` first when it is not there: the new slot points at
    /// those bytes, no copy.
    pub(crate) fn get_or_insert_stored(&mut self, h: u64, at: u32, len: u32, val: u32) -> u32 {
        if (self.len + 1) * 5 > self.slots.len() * 3 {
            self.grow();
        }
        let key = &self.keys[at as usize..(at + len) as usize];
        let i = match self.probe(h, key) {
            Ok(found) => return found,
            Err(empty) => empty,
        };
        self.slots[i] = Slot {
            tag: tag(h),
            at,
            len,
            val,
        };
        self.len += 1;
        self.filter.insert(u64::from(tag(h)));
        val
    }

    /// Where the next key inserted goes in the key buffer.
    pub(crate) fn next_key_at(&self) -> u32 {
        self.keys.len() as u32
    }

    /// The `len` bytes at `at` of the key buffer.
    #[inline]
    pub(crate) fn key(&self, at: u32, len: u32) -> &[u8] {
        &self.keys[at as usize..(at + len) as usize]
    }

    /// Twice the slots; every key hashed again from its bytes; a filter twice the size.
    fn grow(&mut self) {
        let bigger = vec![FREE; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        self.shift -= 1;
        self.filter = Bloom::new(self.slots.len() * 4);
        let mask = self.slots.len() - 1;
        for s in old.into_iter().filter(|s| s.len != EMPTY) {
            let key = &self.keys[s.at as usize..(s.at + s.len) as usize];
            let mut i = self.home(hash_key(key));
            while self.slots[i].len != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
            self.filter.insert(u64::from(s.tag));
        }
    }

    /// Number of keys.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Bytes held.
    pub(crate) fn memory(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.keys.capacity()
            + self.filter.memory()
    }
}

/// Whether `stored` starts with `key` (whose length the caller checked against the stored
/// one): keys are short, so eight bytes at a time inline rather than a call to `memcmp`.
#[inline]
fn same(stored: &[u8], key: &[u8]) -> bool {
    let Some(stored) = stored.get(..key.len()) else {
        return false;
    };
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("8 bytes"));
    let mut a = stored.chunks_exact(8);
    let mut b = key.chunks_exact(8);
    for (x, y) in (&mut a).zip(&mut b) {
        if word(x) != word(y) {
            return false;
        }
    }
    a.remainder().iter().zip(b.remainder()).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_by_word_is_whole_key() {
        let key = b"new york city of the united states";
        let mut h = SEED;
        for w in key.split(|&b| b == b' ') {
            h = hash_word(h, w);
        }
        assert_eq!(h, hash_key(key));
        // Word boundaries count.
        assert_ne!(hash_key(b"ab c"), hash_key(b"a bc"));
    }

    #[test]
    fn table() {
        let mut t = KeyTable::with_capacity(1, 0);
        let keys: Vec<String> = (0..1000).map(|i| format!("k{i} w{}", i % 7)).collect();
        for (i, k) in keys.iter().enumerate() {
            let k = k.as_bytes();
            assert_eq!(t.get_or_insert(hash_key(k), k, i as u32), i as u32);
        }
        for (i, k) in keys.iter().enumerate() {
            let k = k.as_bytes();
            assert_eq!(t.get(hash_key(k), k), Some(i as u32));
            assert_eq!(t.get_or_insert(hash_key(k), k, 5000), i as u32);
        }
        assert_eq!(t.len(), 1000);
        assert_eq!(t.get(hash_key(b"k1 w2"), b"k1 w2"), None);
        assert_eq!(t.get(hash_key(b""), b""), None);
    }

    #[test]
    fn filter_turns_most_absent_keys_away() {
        let mut t = KeyTable::with_capacity(1, 0);
        for i in 0..20_000 {
            let k = format!("name{i} of{}", i % 13);
            t.get_or_insert(hash_key(k.as_bytes()), k.as_bytes(), i);
        }
        let absent: Vec<u64> = (0..20_000)
            .map(|i| hash_key(format!("word{i}").as_bytes()))
            .collect();
        let through = absent.iter().filter(|&&h| t.may_hold(h)).count();
        assert!(
            through < absent.len() / 10,
            "{through} of 20000 let through"
        );
        // Never a key that is there.
        for i in 0..20_000 {
            let k = format!("name{i} of{}", i % 13);
            assert!(t.may_hold(hash_key(k.as_bytes())));
        }
    }
}

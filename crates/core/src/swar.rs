//! Eight bytes read as one `u64` and tested together (SIMD within a register).
//!
//! Every byte class comes back as a mask with the high bit of each byte that is in it set,
//! exactly: no carry crosses from one byte into the next, so a mask may be read past its
//! first hit. The word scanners of the tokenizer's neighbours (names, dates, pages, export)
//! share these.

/// `0x01` in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;
/// The seven low bits of every byte.
pub const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// Eight bytes of `b` from `i` (`b` has at least `i + 8` bytes), the first byte lowest.
#[inline]
pub fn load(b: &[u8], i: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(v)
}

/// The high bit of each byte of `v` that is zero.
#[inline]
pub fn zero_bytes(v: u64) -> u64 {
    !(((v & LOW7) + LOW7) | v) & HIGH
}

/// The high bit of each byte of `v` that equals `c`.
#[inline]
pub fn eq_bytes(v: u64, c: u8) -> u64 {
    zero_bytes(v ^ (u64::from(c) * ONES))
}

/// The high bit of each byte of `v` in `lo..=hi` (both ASCII, `lo <= hi`).
#[inline]
pub fn range_bytes(v: u64, lo: u8, hi: u8) -> u64 {
    // Seven low bits of each byte plus `0x80 - c` never carry out of the byte.
    let x = v & LOW7;
    let at_least = |c: u8| (x + u64::from(0x80 - c) * ONES) & HIGH;
    at_least(lo) & !at_least(hi + 1) & !v & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_match_byte_tests() {
        let bytes: Vec<u8> = (0..=255u8).chain([b'a', b'z', b'_', 0x80, b'Z']).collect();
        for w in bytes.windows(8) {
            let v = load(w, 0);
            for (k, &c) in w.iter().enumerate() {
                let bit = |m: u64| m >> (8 * k + 7) & 1 == 1;
                assert_eq!(bit(zero_bytes(v)), c == 0, "{w:?}");
                assert_eq!(bit(eq_bytes(v, b'_')), c == b'_', "{w:?}");
                assert_eq!(
                    bit(range_bytes(v, b'a', b'z')),
                    c.is_ascii_lowercase(),
                    "{w:?}"
                );
                assert_eq!(bit(range_bytes(v, b'0', b'9')), c.is_ascii_digit(), "{w:?}");
            }
        }
    }
}

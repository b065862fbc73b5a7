//! The character classes every khabar crate agrees on.
//!
//! A *word character* is a letter, a digit, a combining mark or a connector such as `_`.
//! Apostrophes, hyphens and every kind of dash or quote are **not** word characters: the
//! tokenizer splits on them and the gazetteer treats them as boundaries, so `TTP’s` matches
//! the entry `TTP` while `Tankers` never matches the entry `Tank`.

/// Whether `c` is a word character (see the module docs).
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether `c` is a combining mark that continues the word it follows (diacritics written as
/// separate code points, Devanagari and Arabic vowel signs, zero-width joiners).
#[inline]
pub fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957
        | 0x0962..=0x0963 | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D
        | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether `c` is an apostrophe: `'`, `’` (U+2019), `ʼ` (U+02BC) or `‘` (U+2018, often
/// typed by mistake for the apostrophe).
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}')
}

/// Whether `c` is a hyphen or dash of any width.
#[inline]
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Whether byte offset `pos` of `text` is a word boundary: the characters on its two sides
/// are not both word characters. The start and end of the text are boundaries.
///
/// # Panics
///
/// Panics when `pos` is not on a char boundary of `text`.
#[inline]
pub fn is_word_boundary(text: &str, pos: usize) -> bool {
    let before = text[..pos].chars().next_back();
    let after = text[pos..].chars().next();
    match (before, after) {
        (Some(b), Some(a)) => !(is_word_char(b) && is_word_char(a)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for c in ['a', 'Z', '9', '_', 'ü', 'ط', 'क', '\u{0301}'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in [' ', '-', '’', '\'', '.', '“', '\u{2014}'] {
            assert!(!is_word_char(c), "{c:?}");
        }
        assert!(is_apostrophe('’') && is_dash('—'));
    }

    #[test]
    fn boundaries() {
        let t = "TTP’s Tankers";
        assert!(is_word_boundary(t, 0));
        assert!(is_word_boundary(t, 3));
        assert!(!is_word_boundary(t, 2));
        assert!(!is_word_boundary(t, 13));
        assert!(is_word_boundary(t, t.len()));
    }
}

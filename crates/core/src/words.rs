//! Word lists every khabar crate agrees on: common English words and common given names.
//!
//! [`is_english_word`] answers from the lower-case words of SCOWL's small American English
//! list (the words a spell checker knows at size 35); [`is_given_name`] from a short
//! hand-written list. The gazetteer uses them to keep bulk-loaded place names such as
//! `Okay` (Les Cayes), `March` or `George` from firing on ordinary words, and name finders
//! use them to tell a capitalised word at the start of a sentence from a name.
//! `data/README.md` records where the lists come from and their licences.

use std::sync::OnceLock;

use crate::wordset::WordSet;

const ENGLISH_WORDS: &str = include_str!("../data/english-words.txt");
const GIVEN_NAMES: &str = include_str!("../data/given-names.txt");

fn set(list: &'static str) -> WordSet {
    // Collected first: splitting the text is dearer than copying its words to count them.
    words(list).collect()
}

/// The words of a list file: whitespace-separated, `#` lines left out.
fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_ascii_whitespace)
}

/// The set of [`is_english_word`], built once.
fn english_set() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| set(ENGLISH_WORDS))
}

/// The set of [`is_given_name`], built once.
fn given_set() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| set(GIVEN_NAMES))
}

/// The names [`is_given_name`] knows, each once, for a caller that merges them into a
/// lookup of its own ([`crate::wordset::WordFlags`]): read from the set, not parsed again.
pub fn given_names() -> impl Iterator<Item = &'static str> + Clone {
    given_set().words()
}

/// The words [`is_english_word`] knows, each once, for a caller that merges them into a
/// lookup of its own ([`crate::wordset::WordFlags`]): read from the set, not parsed again.
pub fn english_words() -> impl Iterator<Item = &'static str> + Clone {
    english_set().words()
}

/// Whether `word`, written in lower case, is a common English word (`okay`, `march`,
/// `university`; not `paris`). Words with capitals or non-ASCII letters never are.
pub fn is_english_word(word: &str) -> bool {
    english_set().contains(word)
}

/// Whether `word`, written in lower case, is a common given name (`george`, `farida`).
pub fn is_given_name(word: &str) -> bool {
    given_set().contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        for (w, english, given) in [
            ("okay", true, false),
            ("march", true, false),
            ("university", true, false),
            ("the", true, false),
            ("paris", false, false),
            ("george", false, true),
            ("Okay", false, false),
            ("farida", false, true),
            ("", false, false),
        ] {
            assert_eq!(
                (is_english_word(w), is_given_name(w)),
                (english, given),
                "{w}"
            );
        }
        assert!(given_names().all(is_given_name));
        assert!(english_words().all(is_english_word));
        // Every word of the lists, each once.
        for (list, all) in [
            (GIVEN_NAMES, given_names().collect::<Vec<_>>()),
            (ENGLISH_WORDS, english_words().collect()),
        ] {
            let mut want: Vec<&str> = words(list).collect();
            want.sort_unstable();
            want.dedup();
            let mut got = all.clone();
            got.sort_unstable();
            assert_eq!(got, want);
        }
    }
}

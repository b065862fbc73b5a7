//! Finds the names of people, organisations and places in English text without a list of
//! them: the names no gazetteer knows.
//!
//! - [`NameFinder`] holds the word lists of the rules; build it once and share it.
//! - [`NameFinder::find`] reads one document and returns [`Found`]: every [`Name`] (a
//!   [`Span`] of the text, a [`NameType`] and a group) and every [`Group`] (the mentions of
//!   one entity in the document, with the span of its canonical mention).
//! - [`Scratch`] holds the buffers of one search; reuse it from one document to the next.
//!
//! The rules read runs of capitalised words (`Farida Qazi`, `University of Kent`), drop a
//! sentence's first word when it is an ordinary English word (`The`, `When`), and type a
//! run by its title (`Ms.`, `spokesperson`, `President`; inside it, `Finance Minister
//! Roger Douglas` is a person), its last or first word (`Party`, `Ministry`, `River`,
//! `Hotel`, `Mount`; a run ending in `War`, `Prize` or `Festival` names no person,
//! organisation or place), the words around it (`said`, `in`, `near`), and its shape. Then the whole document is read again: a bare `Qazi` or `Ms. Qazi`
//! after (or before) `Farida Qazi` is one entity with it, and an acronym in brackets after
//! a name is that name. A single word that would be a person only by default, with no
//! title, verb of saying, fuller name, citation (`Quilis (1999)`) or given name anywhere in
//! the document, is left out. The result is a whole-document list rather than an iterator
//! because grouping needs the whole document.
//!
//! Word lists: `khabar_core::words` (SCOWL's common English words, given names), the
//! given names of the US Census 1990 (`data/census-given-names.txt`) and the hand-written
//! lists of `words.rs`; `data/README.md` records their sources.
//!
//! ```
//! use khabar_names::{NameFinder, NameType, Scratch};
//!
//! let finder = NameFinder::new();
//! let text = "Farida Qazi, a spokesperson for the Awami Workers Party, spoke in Larkana. \
//!             Ms. Qazi said the party would march.";
//! let mut scratch = Scratch::default();
//! let found = finder.find(text, &mut scratch);
//! let names: Vec<(&str, NameType, &str)> = found
//!     .names()
//!     .iter()
//!     .map(|n| (&text[n.span], n.name_type, &text[found.groups()[n.group as usize].canonical]))
//!     .collect();
//! assert_eq!(names, [
//!     ("Farida Qazi", NameType::Person, "Farida Qazi"),
//!     ("Awami Workers Party", NameType::Org, "Awami Workers Party"),
//!     ("Larkana", NameType::Loc, "Larkana"),
//!     ("Qazi", NameType::Person, "Farida Qazi"),
//! ]);
//! ```
#![deny(missing_docs)]

mod find;
mod words;

use khabar_core::{fxhash::FxHashMap, wordset::WordFlags};

use khabar_core::Span;

/// The type of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameType {
    /// A person.
    Person,
    /// An organisation.
    Org,
    /// A place.
    Loc,
}

impl NameType {
    /// `PERSON`, `ORG` or `LOC`.
    pub fn as_str(self) -> &'static str {
        match self {
            NameType::Person => "PERSON",
            NameType::Org => "ORG",
            NameType::Loc => "LOC",
        }
    }
}

/// One mention of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    /// Where it is in the text (without title or possessive `'s`).
    pub span: Span,
    /// Its type (the type of its group).
    pub name_type: NameType,
    /// Index of its group in [`Found::groups`].
    pub group: u32,
}

/// The mentions of one entity in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    /// The span of its canonical mention: its longest, first.
    pub canonical: Span,
    /// Its type.
    pub name_type: NameType,
    /// Number of mentions.
    pub mentions: u32,
}

/// The names of one document; see [`NameFinder::find`].
#[derive(Debug)]
pub struct Found<'s> {
    s: &'s Scratch,
}

impl Found<'_> {
    /// The mentions, in text order; they never overlap.
    pub fn names(&self) -> &[Name] {
        &self.s.names
    }

    /// The groups, in the order of their first mention.
    pub fn groups(&self) -> &[Group] {
        &self.s.groups
    }
}

/// Buffers for one document, reused from one to the next.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    words: Vec<find::Word>,
    cands: Vec<find::Cand>,
    names: Vec<Name>,
    groups: Vec<Group>,
    /// Group of a whole name, by hash of its lower-case text.
    by_text: FxHashMap<u64, u32>,
    /// Group of a part (first or last word) of a person's name, by hash.
    by_part: FxHashMap<u64, u32>,
    lower: String,
    /// Whether the document is ASCII (one pass over it): then no word of a run is asked
    /// whether it is.
    ascii: bool,
    /// The lower-case form of a word of the run `add_run` reads, when it is wanted.
    run_lower: String,
    /// Per word of that run: its flags.
    run_words: Vec<u32>,
    /// The last line asked whether it is in title case: its start, its end, and the answer.
    title: Option<(usize, usize, bool)>,
    /// Per group while grouping: how sure its type is, whether a mention has several
    /// words, whether it is left out, and its new number.
    per_group: Vec<(u8, bool, bool, u32)>,
    /// The groups in the order of their first mention, while grouping.
    order: Vec<Group>,
}

/// Finds names; see the crate docs.
#[derive(Clone, Debug)]
pub struct NameFinder {
    /// Every word list of the rules (`words.rs`, the given names of the US Census and of
    /// `khabar_core::words`, the common English words of `khabar_core::words`): a word's
    /// flags say which lists hold it, so that one lookup answers for all of them.
    lex: WordFlags,
    /// The hand-written lists alone: a table small enough to stay in the cache, for the
    /// questions that no list of names or English words answers.
    small: WordFlags,
}

impl Default for NameFinder {
    fn default() -> NameFinder {
        NameFinder::new()
    }
}

impl NameFinder {
    /// Builds the word lists.
    pub fn new() -> NameFinder {
        NameFinder {
            lex: words::lexicon(true),
            small: words::lexicon(false),
        }
    }

    /// The flags of `word` (as written) in the word lists: `words::TITLE` and the like.
    #[inline]
    pub(crate) fn flags(&self, word: &str) -> u32 {
        self.lex.get(word)
    }

    /// The flags of `word` with its ASCII capitals folded, with no copy.
    #[inline]
    pub(crate) fn folded_flags(&self, word: &str) -> u32 {
        self.lex.get_ascii_lowercase(word)
    }

    /// The flags of `word` (as written) in the hand-written lists alone: no flag of
    /// `words::NAME_LISTS`.
    #[inline]
    pub(crate) fn small_flags(&self, word: &str) -> u32 {
        self.small.get(word)
    }

    /// The smallest table that holds the lists of `flags`.
    #[inline]
    fn table(&self, flags: u32) -> &WordFlags {
        if flags & words::NAME_LISTS == 0 {
            &self.small
        } else {
            &self.lex
        }
    }

    /// Whether `word` (as written) is in one of the lists of `flags`.
    #[inline]
    pub(crate) fn is(&self, word: &str, flags: u32) -> bool {
        self.table(flags).get(word) & flags != 0
    }

    /// Whether `word`, with its ASCII capitals folded, is in one of the lists of `flags`.
    #[inline]
    pub(crate) fn is_folded(&self, word: &str, flags: u32) -> bool {
        self.table(flags).get_ascii_lowercase(word) & flags != 0
    }

    /// Whether `word`, in lower case, is a given name: of the hand-written list of
    /// `khabar-core` or of the US Census list.
    pub(crate) fn given_name(&self, word: &str) -> bool {
        self.is(word, words::GIVEN)
    }

    /// The names in `text`, grouped by entity.
    pub fn find<'s>(&self, text: &str, scratch: &'s mut Scratch) -> Found<'s> {
        find::find(self, text, scratch);
        Found { s: scratch }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<NameFinder>();
}

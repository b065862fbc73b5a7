//! Gazetteer matcher on aho-corasick.
//!
//! PROVISIONAL SKELETON: the public API below is the contract the pipeline uses; the
//! implementation is being replaced by the full matcher (issue 4).
#![deny(missing_docs)]

use std::{io::Read, sync::Arc};

use aho_corasick::{AhoCorasick, MatchKind as AcMatchKind};
use khabar_core::{chars::is_word_boundary, Span};

/// Errors while building a gazetteer.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A bad row in a gazetteer file.
    BadRow {
        /// Source name given to the loader.
        source: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// An I/O error while reading a source.
    Io {
        /// Source name given to the loader.
        source: String,
        /// The error.
        err: std::io::Error,
    },
    /// The automaton could not be built.
    Automaton(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::BadRow { source, line, reason } => write!(f, "{source}:{line}: {reason}"),
            BuildError::Io { source, err } => write!(f, "reading {source}: {err}"),
            BuildError::Automaton(m) => write!(f, "building the automaton: {m}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// The embedded default gazetteer files.
const DEFAULT_FILES: [(&str, &str); 5] = [
    ("default/countries.tsv", include_str!("../data/countries.tsv")),
    ("default/south_asia_places.tsv", include_str!("../data/south_asia_places.tsv")),
    ("default/organisations.tsv", include_str!("../data/organisations.tsv")),
    ("default/people.tsv", include_str!("../data/people.tsv")),
    ("default/world_cities.tsv", include_str!("../data/world_cities.tsv")),
];

/// One gazetteer entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stable id.
    pub id: Arc<str>,
    /// Canonical name.
    pub canonical: Arc<str>,
    /// Entity type.
    pub entity_type: Arc<str>,
    /// Other names.
    pub aliases: Vec<String>,
}

/// Index of an entry in a [`Gazetteer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub u32);

/// How a surface text met its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Exactly as listed.
    Exact,
    /// After case, diacritic and punctuation folding.
    Folded,
    /// Through the transliteration key.
    Variant,
}

impl MatchKind {
    /// `exact`, `folded` or `variant`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Folded => "folded",
            MatchKind::Variant => "variant",
        }
    }
}

/// A match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GazMatch {
    /// Span in the text.
    pub span: Span,
    /// The entries the name belongs to (more than one when ambiguous), sorted.
    pub entries: Vec<EntryId>,
    /// How it matched.
    pub kind: MatchKind,
}

/// Builder of a [`Gazetteer`].
#[derive(Clone, Debug, Default)]
pub struct GazetteerBuilder {
    entries: Vec<Entry>,
}

impl GazetteerBuilder {
    /// An empty builder.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Adds the built-in default gazetteer.
    pub fn add_default(&mut self) -> &mut Self {
        for (name, data) in DEFAULT_FILES {
            self.add_table(data.as_bytes(), name).expect("the embedded default gazetteer is valid");
        }
        self
    }

    /// Reads a CSV/TSV gazetteer with a header (`id, name, type, aliases`).
    pub fn add_table<R: Read>(&mut self, rdr: R, source: &str) -> Result<&mut Self, BuildError> {
        let mut s = String::new();
        let mut rdr = rdr;
        rdr.read_to_string(&mut s).map_err(|err| BuildError::Io { source: source.to_string(), err })?;
        let delim = if s.lines().next().unwrap_or("").contains('\t') { '\t' } else { ',' };
        for (i, line) in s.lines().enumerate().skip(1) {
            let f: Vec<&str> = line.split(delim).collect();
            if f.len() < 3 {
                return Err(BuildError::BadRow { source: source.into(), line: i + 1, reason: "fewer than 3 fields".into() });
            }
            let aliases = f.get(3).map(|a| a.split('|').filter(|a| !a.is_empty()).map(String::from).collect()).unwrap_or_default();
            self.entries.push(Entry { id: f[0].into(), canonical: f[1].into(), entity_type: f[2].into(), aliases });
        }
        Ok(self)
    }

    /// Builds the matcher.
    pub fn build(&self) -> Result<Gazetteer, BuildError> {
        let mut pats = Vec::new();
        let mut owner = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            for n in std::iter::once(&*e.canonical).chain(e.aliases.iter().map(|s| s.as_str())) {
                pats.push(n.to_string());
                owner.push(EntryId(i as u32));
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(AcMatchKind::LeftmostLongest)
            .build(&pats)
            .map_err(|e| BuildError::Automaton(e.to_string()))?;
        Ok(Gazetteer { entries: self.entries.clone(), ac, owner })
    }
}

/// The built matcher. `Send + Sync`; build once, share by reference.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    ac: AhoCorasick,
    owner: Vec<EntryId>,
}

impl Gazetteer {
    /// The builder.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }

    /// The entry behind an id.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.0 as usize]
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All matches in `text`, leftmost-longest, in text order.
    pub fn find_iter<'g, 't>(&'g self, text: &'t str) -> impl Iterator<Item = GazMatch> + 'g
    where
        't: 'g,
    {
        self.ac.find_iter(text).filter(move |m| is_word_boundary(text, m.start()) && is_word_boundary(text, m.end())).map(
            move |m| GazMatch {
                span: Span::new(m.start(), m.end()),
                entries: vec![self.owner[m.pattern().as_usize()]],
                kind: MatchKind::Exact,
            },
        )
    }
}

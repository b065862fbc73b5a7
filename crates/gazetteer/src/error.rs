//! Build errors and warnings.

use std::fmt;

/// An error while reading a gazetteer or building the matcher.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A source could not be read.
    #[error("gazetteer {source_name}: cannot read")]
    Io {
        /// The source name given to the loader.
        source_name: String,
        /// The error.
        #[source]
        err: std::io::Error,
    },
    /// A table has no usable header.
    #[error("gazetteer {source_name}: bad header: {reason}")]
    Header {
        /// The source name given to the loader.
        source_name: String,
        /// What is wrong.
        reason: String,
    },
    /// A bad row or line.
    #[error("gazetteer {source_name}:{line}: {reason}")]
    Row {
        /// The source name given to the loader.
        source_name: String,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// The automaton could not be built (too many or too long names).
    #[error("building the gazetteer automaton: {0}")]
    Automaton(String),
}

/// Something suspicious in the gazetteers, reported by [`crate::Gazetteer::warnings`]; the
/// build goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The same id twice with the same name and type: the second row is skipped.
    Duplicate {
        /// The id.
        id: String,
        /// Where the second row is (`source:line`).
        at: String,
        /// Where the first one is.
        first: String,
    },
    /// The same id twice with a different name or type: the second row is skipped.
    Conflict {
        /// The id.
        id: String,
        /// Where the second row is.
        at: String,
        /// Where the first one is.
        first: String,
        /// What differs.
        what: String,
    },
    /// A name that is never matched: empty after folding, or a bare title or name part of
    /// a person (`Khan`).
    NameDropped {
        /// The entry id.
        id: String,
        /// The name.
        name: String,
        /// Why.
        reason: &'static str,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Duplicate { id, at, first } => {
                write!(f, "{at}: duplicate entry {id} (first at {first}), skipped")
            }
            Warning::Conflict {
                id,
                at,
                first,
                what,
            } => {
                write!(
                    f,
                    "{at}: conflicting entry {id} ({what}; first at {first}), skipped"
                )
            }
            Warning::NameDropped { id, name, reason } => {
                write!(f, "entry {id}: name {name:?} is not matched: {reason}")
            }
        }
    }
}

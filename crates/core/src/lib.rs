//! Shared plain-data types of khabar.
//!
//! Every khabar crate speaks in these types, so the leaf crates (tokenizer, gazetteer,
//! dates, pages, export) never depend on one another.
//!
//! - [`Span`]: a half-open byte range into the **original** article text, always on
//!   UTF-8 char boundaries; `&text[span]` gives the surface string.
//! - [`chars`]: the one definition of a "word character", shared by the tokenizer and
//!   the gazetteer so that a gazetteer match never starts or ends inside a token.
//! - [`swar`]: eight bytes tested together, for the byte scanners of the leaf crates.
//! - [`fxhash`]: a fast hasher for maps and sets of short keys.
//! - [`words`]: common English words and given names, for case and name rules.
//! - [`date`]: the one month table and parser of written-out calendar dates (datelines,
//!   month words of the date lexer).
//! - [`Article`]: one input document as read from a corpus.
//! - [`DocumentRecord`] with [`ArticleRecord`], [`EntityMention`] and [`DateMention`]: what
//!   the pipeline produces for one document and the exporter writes.
//!
//! # Example
//!
//! ```
//! use khabar_core::Span;
//!
//! let text = "Tehreek-e-Taliban Pakistan (TTP) said on Monday";
//! let span = Span::new(28, 31);
//! assert_eq!(&text[span], "TTP");
//! assert_eq!(span.len(), 3);
//! ```
#![deny(missing_docs)]

pub mod chars;
pub mod date;
pub mod fxhash;
pub mod lines;
mod record;
mod span;
pub mod swar;
pub mod words;
pub mod wordset;

pub use record::{
    Article, ArticleRecord, DateMention, DctSource, Diagnostic, DocumentRecord, EntityMention,
    Severity, TimexType,
};
pub use span::Span;

//! Scraped news pages: article boundaries, datelines and boilerplate zones.
//!
//! PROVISIONAL SKELETON: the public API below is the contract the pipeline uses; the
//! implementation is being replaced by the full segmenter (issue 6).
#![deny(missing_docs)]

use khabar_core::Span;

/// One article found in a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleZone {
    /// The bytes the article covers (headline, dateline and body).
    pub span: Span,
    /// The headline, when one was found.
    pub headline: Option<Span>,
    /// The date part of the dateline ("08 January 2023" in "Updated 08 January 2023").
    pub dateline: Option<Span>,
    /// A location dateline ("KABUL" in "KABUL:"), noted but not a date.
    pub location: Option<Span>,
}

/// The layout of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// Articles in text order; never empty for a non-empty text.
    pub articles: Vec<ArticleZone>,
    /// Boilerplate zones in text order, not overlapping.
    pub boilerplate: Vec<Span>,
}

/// Splits pages into articles and boilerplate. `Send + Sync`; build once, share.
#[derive(Clone, Debug, Default)]
pub struct PageSegmenter {}

impl PageSegmenter {
    /// A segmenter with the built-in phrase lists.
    pub fn new() -> PageSegmenter {
        PageSegmenter {}
    }

    /// The layout of `text`.
    pub fn segment(&self, text: &str) -> Page {
        let start = text.len() - text.trim_start().len();
        let end = text.trim_end().len().max(start);
        let headline = text[start..end].lines().next().map(|l| Span::new(start, start + l.trim_end().len()));
        Page { articles: vec![ArticleZone { span: Span::new(start, end), headline, dateline: None, location: None }], boilerplate: vec![] }
    }
}

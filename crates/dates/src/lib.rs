//! TIMEX3 recognition and normalisation.
//!
//! PROVISIONAL SKELETON: the public API below is the contract the pipeline uses; the
//! implementation is being replaced by the full normalizer (issue 5).
#![deny(missing_docs)]

pub use jiff::civil::Date;
use khabar_core::{Span, TimexType};

/// A time expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMatch {
    /// Span in the text.
    pub span: Span,
    /// TIMEX3 type.
    pub timex_type: TimexType,
    /// TIMEX3 value.
    pub value: String,
}

/// Builder of a [`DateNormalizer`].
#[derive(Clone, Debug, Default)]
pub struct DateNormalizerBuilder {}

impl DateNormalizerBuilder {
    /// Builds the normalizer.
    pub fn build(&self) -> DateNormalizer {
        DateNormalizer {}
    }
}

/// Finds and normalises time expressions. `Send + Sync`; build once, share by reference.
#[derive(Clone, Debug)]
pub struct DateNormalizer {}

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
];

impl DateNormalizer {
    /// The builder.
    pub fn builder() -> DateNormalizerBuilder {
        DateNormalizerBuilder::default()
    }

    /// All time expressions of `text`, in text order, resolved against `anchor` (the document
    /// creation time) when given.
    pub fn find_iter<'n, 't>(&'n self, text: &'t str, anchor: Option<Date>) -> impl Iterator<Item = DateMatch> + 'n
    where
        't: 'n,
    {
        let _ = anchor;
        let mut out = Vec::new();
        for (i, _) in text.match_indices(|c: char| c.is_ascii_digit()) {
            if i > 0 && text.as_bytes()[i - 1].is_ascii_digit() {
                continue;
            }
            let rest = &text[i..];
            if rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && rest.as_bytes().get(4).is_none_or(|b| !b.is_ascii_alphanumeric())
                && (rest.starts_with("19") || rest.starts_with("20"))
            {
                out.push(DateMatch { span: Span::new(i, i + 4), timex_type: TimexType::Date, value: rest[..4].to_string() });
            }
        }
        out.into_iter()
    }

    /// Parses a whole string as one calendar date: ISO `2022-12-19`, RFC 3339 timestamps,
    /// `December 19, 2022`, `08 January 2023`. Used for metadata dates and datelines.
    pub fn parse_date(&self, text: &str) -> Option<Date> {
        let t = text.trim();
        if t.len() >= 10 {
            if let Ok(d) = t[..10].parse::<Date>() {
                return Some(d);
            }
        }
        let words: Vec<&str> = t.split(|c: char| c == ' ' || c == ',').filter(|w| !w.is_empty()).collect();
        let month = |w: &str| MONTHS.iter().position(|m| m.eq_ignore_ascii_case(w)).map(|p| p as i8 + 1);
        match words.as_slice() {
            [m, d, y] if month(m).is_some() => Date::new(y.parse().ok()?, month(m)?, d.parse().ok()?).ok(),
            [d, m, y] if month(m).is_some() => Date::new(y.parse().ok()?, month(m)?, d.parse().ok()?).ok(),
            _ => None,
        }
    }
}

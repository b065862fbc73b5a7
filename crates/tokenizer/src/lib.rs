//! News-grade English tokenizer and sentence splitter with byte spans.
//!
//! PROVISIONAL SKELETON: the public API below is the contract the pipeline uses; the
//! implementation is being replaced by the full tokenizer (issue 3).
#![deny(missing_docs)]

use khabar_core::Span;

/// The kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// Letters (and marks, digits inside words).
    Word,
    /// Digits, with separators.
    Number,
    /// Punctuation.
    Punct,
    /// Anything else.
    Symbol,
}

/// A token: a slice of the text with its span and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'t> {
    /// The token text, `&text[span]`.
    pub text: &'t str,
    /// Byte span in the text.
    pub span: Span,
    /// The kind.
    pub kind: TokenKind,
}

/// A token without its text, for storing in reusable buffers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenSpan {
    /// Byte span in the text.
    pub span: Span,
    /// The kind.
    pub kind: TokenKind,
}

/// Reusable output buffers of [`Tokenizer::segment`].
#[derive(Clone, Debug, Default)]
pub struct Segmentation {
    /// Tokens in text order.
    pub tokens: Vec<TokenSpan>,
    /// Sentences in text order; they never overlap and never cross a paragraph.
    pub sentences: Vec<Span>,
    /// Paragraphs (blocks separated by blank lines) in text order.
    pub paragraphs: Vec<Span>,
}

impl Segmentation {
    /// Empties the buffers, keeping their capacity.
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.sentences.clear();
        self.paragraphs.clear();
    }
}

/// The tokenizer. Cheap to clone, `Send + Sync`.
#[derive(Clone, Debug, Default)]
pub struct Tokenizer {}

impl Tokenizer {
    /// A tokenizer with the default configuration.
    pub fn new() -> Tokenizer {
        Tokenizer {}
    }

    /// Iterates over the tokens of `text`.
    pub fn tokens<'t>(&self, text: &'t str) -> Tokens<'t> {
        Tokens { text, pos: 0 }
    }

    /// Tokens, sentences and paragraphs of `text` in one pass, into reusable buffers.
    pub fn segment(&self, text: &str, out: &mut Segmentation) {
        out.clear();
        let mut sent_start: Option<usize> = None;
        for t in self.tokens(text) {
            out.tokens.push(TokenSpan { span: t.span, kind: t.kind });
            let s = *sent_start.get_or_insert(t.span.start as usize);
            if matches!(t.text, "." | "!" | "?") {
                out.sentences.push(Span::new(s, t.span.end as usize));
                sent_start = None;
            }
        }
        if let (Some(s), Some(last)) = (sent_start, out.tokens.last()) {
            out.sentences.push(Span::new(s, last.span.end as usize));
        }
        if !text.trim().is_empty() {
            out.paragraphs.push(Span::new(0, text.len()));
        }
    }
}

/// Iterator over tokens, from [`Tokenizer::tokens`].
#[derive(Debug)]
pub struct Tokens<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Iterator for Tokens<'t> {
    type Item = Token<'t>;

    fn next(&mut self) -> Option<Token<'t>> {
        let rest = &self.text[self.pos..];
        let skip = rest.len() - rest.trim_start().len();
        let start = self.pos + skip;
        let mut chars = self.text[start..].chars();
        let c = chars.next()?;
        let mut end = start + c.len_utf8();
        let kind = if khabar_core::chars::is_word_char(c) {
            for d in chars {
                if !khabar_core::chars::is_word_char(d) {
                    break;
                }
                end += d.len_utf8();
            }
            if c.is_ascii_digit() { TokenKind::Number } else { TokenKind::Word }
        } else if c.is_ascii_punctuation() {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        self.pos = end;
        Some(Token { text: &self.text[start..end], span: Span::new(start, end), kind })
    }
}

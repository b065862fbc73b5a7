//! News-grade English tokenizer and sentence splitter with byte spans.
//!
//! # Overview
//!
//! - [`Tokenizer`] (built with [`TokenizerBuilder`]) is the entry point. It is built once,
//!   is cheap to clone and is `Send + Sync`.
//! - [`Tokenizer::tokens`] lazily yields [`Token`]s: a `&str` slice of the text, its
//!   [`Span`] and its [`TokenKind`]. Nothing is allocated per token.
//! - [`Tokenizer::segment`] finds tokens, sentences and paragraphs in one pass, into the
//!   reusable buffers of a [`Segmentation`], which also maps a byte offset to its sentence
//!   ([`Segmentation::sentence_of`]).
//!
//! Every span is a half-open byte range into the original text, on char boundaries; tokens
//! are in text order and never overlap; whitespace is never part of a token.
//!
//! # Example
//!
//! ```
//! use khabar_tokenizer::{Segmentation, TokenKind, Tokenizer};
//!
//! let text = "Lt. Gen. Asim Munir met TTP’s envoys in the U.S. on Jan. 5. They didn't talk.";
//! let tok = Tokenizer::new();
//! let words: Vec<&str> = tok.tokens(text).map(|t| t.text).collect();
//! assert_eq!(&words[..4], ["Lt.", "Gen.", "Asim", "Munir"]);
//! assert!(words.contains(&"’s") && words.contains(&"U.S.") && words.contains(&"n't"));
//!
//! let mut seg = Segmentation::default();
//! tok.segment(text, &mut seg);
//! assert_eq!(seg.sentences.len(), 2);
//! assert_eq!(&text[seg.sentences[1]], "They didn't talk.");
//! let first = seg.tokens[0];
//! assert_eq!((&text[first.span], first.kind), ("Lt.", TokenKind::Abbreviation));
//! ```
//!
//! # Conventions
//!
//! Tokens follow the Penn Treebank habits news NLP tools expect, with these choices:
//!
//! - **Clitics** split off, with straight or curly apostrophes: `TTP’s` is `TTP` `’s`,
//!   `don't` is `do` `n't`, `I'm` is `I` `'m` ([`TokenKind::Clitic`]). A plural
//!   possessive apostrophe (`parents'`) is its own token. Other apostrophes stay inside the
//!   word: `O'Brien`, `Shi'ite`, `o'clock`; `'71` is a number.
//! - **Hyphenated words** stay whole: `Tehreek-e-Taliban`, `cease-fire`, `14-year`,
//!   `U.S.-led`, and a hanging hyphen stays with its word (`pre- and post-war`). Hyphens
//!   are not word characters ([`khabar_core::chars`]), so the word boundaries inside them
//!   remain visible to the gazetteer.
//! - **Abbreviations** keep their period ([`TokenKind::Abbreviation`]): titles (`Mr.`,
//!   `Lt.`), months, US states, `Inc.`, `Jr.`, `etc.`, single-letter initials (`M.`), and
//!   dotted forms (`U.S.`, `e.g.`, `a.m.`, `Ph.D.`); `No.` and `pp.` only before a number.
//!   A single letter ending a sentence (`from A to B.`) leaves its period alone.
//! - **Numbers** keep their separators: `1,000.5`, `10:30`, `9/11`, `21st`, `.5`; a list
//!   number at the start of a line keeps its period (`2.`, `2.1.`); `$` and `%` are
//!   separate tokens. Capitals joined by `&` are one word: `AT&T`, `Q&A`.
//! - **URLs, emails, hashtags, handles and emoticons** are single tokens of their own
//!   kinds; trailing sentence punctuation is left out of a URL.
//! - **Punctuation**: runs of one mark are one token (`...`, `--`, `——`, `''`, `?!`);
//!   brackets are always single tokens.
//! - Non-Latin scripts pass through: letters, digits and combining marks of any script are
//!   word characters.
//!
//! Sentences end at `.`, `?`, `!`, `…` (and runs of them; also `۔`, `؟`, `।`, `。`) and
//! at smileys (`:)`), unless the next word is lowercase or the next token is `,` `;` `:`;
//! after a bare `!` (`great! loved it`) a lowercase word starts a sentence too, and a
//! name with a capital inside (`eBay`, `iPhone`) counts as capitalised. Closing quotes and
//! brackets right after the mark, a footnote marker like `[3]`, and a bare footnote number
//! before a sentence starter (`in May. 7 But the truce`) stay in the sentence. A title
//! (`Mr.`, `Gen.`) never ends a sentence; `etc.` does before any capitalised word; another
//! abbreviation (`Inc.`, `U.S.`, `Jan.`, an initial) does only before a typical sentence
//! starter (`The`, `He`, `But`, `Okay`, ...). A blank line always ends the sentence and
//! the paragraph; a single line break ends a sentence when the next line starts with an
//! uppercase letter, a digit, a quote or a bracket (headlines, datelines, captions), except
//! after a line of wrap width in a hard-wrapped text ([`khabar_core::lines`]: wire copy,
//! e-mail), where it is a space; [`TokenizerBuilder::line_breaks_end_sentences`] turns the
//! rule off altogether.
//!
//! Some sentences end inside a line with no punctuation at all: a caption label and number
//! opening a line (`Figure 2.4 | Troops patrol ...`), a dateline run into a headline
//! (`... tribal elders | Monday, March 6, 2023 | The meeting ...`), a caption credit
//! (`... the crossing | Image: Khalid Khan.`), an email time stamp between the sender and
//! the message (`Amina Khan | 08/16/2022 03:14 PM | please call`), a letter's closing
//! (`Best regards, | Amina Khan`), and an utterance broken off by a spaced dash before a
//! sentence starter or a cut-off word (`we were going to the — | Do you want tea?`).
//! Colons, semicolons and other dashes never end a sentence. See `DESIGN.md` for the
//! details.
#![deny(missing_docs)]

mod abbrev;
mod inline;
mod scan;

use khabar_core::Span;

use scan::{Raw, Scanner};

/// The kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// Letters, marks and digits starting with a letter, hyphenated compounds, words with
    /// inner apostrophes (`O'Brien`).
    Word,
    /// A token starting with a digit: `1,000.5`, `10:30`, `21st`, `'71`.
    Number,
    /// Punctuation: `.`, `,`, `“`, `—`, `...`, `(`.
    Punct,
    /// Symbols and anything else: `$`, `+`, `=`, `©`, emoji, control characters.
    Symbol,
    /// A word with its period: `Mr.`, `U.S.`, `Jan.`, `e.g.`, `M.`.
    Abbreviation,
    /// A clitic split from its word: `’s`, `'re`, `n't`.
    Clitic,
    /// A URL: `https://example.org/a?b=c`, `www.example.org`.
    Url,
    /// An email address: `press@example.org`.
    Email,
    /// A hashtag: `#Peshawar`.
    Hashtag,
    /// A social media handle: `@ISPR_Official`.
    Handle,
    /// An emoticon: `:)`, `;-)`, `^_^`.
    Emoticon,
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
    /// Sentences in text order, from their first token to their last; they never overlap,
    /// never cross a paragraph, and every token lies in exactly one.
    pub sentences: Vec<Span>,
    /// Paragraphs (blocks separated by blank lines) in text order, from their first token
    /// to their last.
    pub paragraphs: Vec<Span>,
    /// Whether the text is hard-wrapped ([`khabar_core::lines::is_hard_wrapped`]), when the
    /// segmenter asked (line breaks end sentences), so that a caller need not ask again.
    pub hard_wrapped: Option<bool>,
}

impl Segmentation {
    /// Empties the buffers, keeping their capacity.
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.sentences.clear();
        self.paragraphs.clear();
        self.hard_wrapped = None;
    }

    /// The tokens lying inside `span` (a sentence, a paragraph, a match), by binary search.
    pub fn tokens_in(&self, span: Span) -> &[TokenSpan] {
        let lo = self.tokens.partition_point(|t| t.span.start < span.start);
        let hi = self.tokens.partition_point(|t| t.span.end <= span.end);
        &self.tokens[lo..hi.max(lo)]
    }

    /// Whether byte `offset` is a token boundary: the start or end of a token, or outside
    /// every token. A gazetteer or date match whose two ends pass this test never cuts a
    /// token in two.
    pub fn is_token_boundary(&self, offset: usize) -> bool {
        let i = self
            .tokens
            .partition_point(|t| (t.span.end as usize) <= offset);
        match self.tokens.get(i) {
            Some(t) => offset <= t.span.start as usize,
            None => true,
        }
    }

    /// The index of the sentence holding byte `offset`, or of the last sentence starting
    /// before it when `offset` falls between sentences; `None` before the first sentence.
    pub fn sentence_of(&self, offset: usize) -> Option<usize> {
        let n = self
            .sentences
            .partition_point(|s| s.start as usize <= offset);
        n.checked_sub(1)
    }
}

/// Configures and builds a [`Tokenizer`].
#[derive(Clone, Debug)]
pub struct TokenizerBuilder {
    line_breaks: bool,
}

impl Default for TokenizerBuilder {
    fn default() -> TokenizerBuilder {
        TokenizerBuilder::new()
    }
}

impl TokenizerBuilder {
    /// The default configuration.
    pub fn new() -> TokenizerBuilder {
        TokenizerBuilder { line_breaks: true }
    }

    /// Whether a single line break ends a sentence when the line has no final punctuation
    /// and the next line starts like a sentence (default `true`, right for scraped news
    /// with one paragraph, headline or caption per line; turn it off for hard-wrapped
    /// text).
    pub fn line_breaks_end_sentences(&mut self, yes: bool) -> &mut TokenizerBuilder {
        self.line_breaks = yes;
        self
    }

    /// Builds the tokenizer.
    pub fn build(&self) -> Tokenizer {
        Tokenizer {
            line_breaks: self.line_breaks,
        }
    }
}

/// The tokenizer. Cheap to clone, `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Tokenizer {
    line_breaks: bool,
}

impl Default for Tokenizer {
    fn default() -> Tokenizer {
        Tokenizer::new()
    }
}

/// What the last token means for a sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Term {
    /// Not a sentence end.
    No,
    /// `.`, `?`, `!`, `…`: a sentence end unless the next word continues it.
    Strong,
    /// An abbreviation: a sentence end only before a typical sentence starter.
    Weak,
    /// A sentence end whatever follows (after a caption number, a dateline, a footnote
    /// number, a broken-off utterance's dash or a valediction's comma).
    Hard,
}

impl Tokenizer {
    /// A tokenizer with the default configuration.
    pub fn new() -> Tokenizer {
        TokenizerBuilder::new().build()
    }

    /// A builder to configure a tokenizer.
    pub fn builder() -> TokenizerBuilder {
        TokenizerBuilder::new()
    }

    /// Iterates over the tokens of `text`.
    ///
    /// # Panics
    ///
    /// Panics when `text` is 4 GiB or longer (spans are `u32`).
    pub fn tokens<'t>(&self, text: &'t str) -> Tokens<'t> {
        assert_fits(text);
        Tokens {
            text,
            scanner: Scanner::new(text),
        }
    }

    /// Tokens, sentences and paragraphs of `text` in one pass, into reusable buffers
    /// (cleared first).
    ///
    /// # Panics
    ///
    /// Panics when `text` is 4 GiB or longer (spans are `u32`).
    pub fn segment(&self, text: &str, out: &mut Segmentation) {
        let wrapped = self.line_breaks && khabar_core::lines::is_hard_wrapped(text);
        self.segment_with::<true>(text, wrapped, out);
        out.hard_wrapped = self.line_breaks.then_some(wrapped);
    }

    /// [`Tokenizer::segment`] of a text whose layout the caller already knows:
    /// `hard_wrapped` must be what [`khabar_core::lines::is_hard_wrapped`] says of `text`
    /// (the page segmenter's `Page::hard_wrapped`), and is not computed again.
    ///
    /// # Panics
    ///
    /// Panics when `text` is 4 GiB or longer (spans are `u32`).
    pub fn segment_hard_wrapped(&self, text: &str, hard_wrapped: bool, out: &mut Segmentation) {
        debug_assert_eq!(hard_wrapped, khabar_core::lines::is_hard_wrapped(text));
        let wrapped = self.line_breaks && hard_wrapped;
        self.segment_with::<true>(text, wrapped, out);
        out.hard_wrapped = self.line_breaks.then_some(wrapped);
    }

    /// [`Tokenizer::segment`] of a text that is hard-wrapped or not (`wrapped`); with `FAST`
    /// off, every token takes the general path (the tests check that the short ways for
    /// plain words change nothing).
    #[inline(always)]
    fn segment_with<const FAST: bool>(&self, text: &str, wrapped: bool, out: &mut Segmentation) {
        out.clear();
        assert_fits(text);
        let mut sc = Scanner::new(text);
        let bytes = text.as_bytes();
        // In hard-wrapped text (wire copy, e-mail) a line break after a line of wrap width is
        // only a space; shorter lines still end where a sentence could.
        let wrapped = self.line_breaks && wrapped;
        let line_break_ends = |at: usize| self.line_breaks && !(wrapped && wrapped_line(bytes, at));
        // Start of the open sentence and paragraph, end of the last token.
        let mut sent: Option<usize> = None;
        let mut par: usize = 0;
        let mut last_end: usize = 0;
        let mut last_first: u8 = 0;
        let mut last_start: usize = 0;
        // The last token pushed by the main path, and the first word of the sentence.
        // (A symbol of no length before the first token.)
        let mut prev = Raw {
            start: 0,
            end: 0,
            kind: TokenKind::Symbol,
            newlines: 0,
        };
        let mut first_word: (usize, usize) = (0, 0);
        // Index in `out.tokens` of the first token of the open sentence.
        let mut first_token: usize = 0;
        // Whether the open sentence has a lowercase word (not a heading or dateline).
        let mut lower_seen = false;
        // A sentence ends after the token ending here (a caption number, a dateline).
        let mut break_after = usize::MAX;
        let mut term = Term::No;
        // Whether a closing quote followed the sentence-ending mark.
        let mut quoted = false;
        // Whether anything closed after the mark, and whether the mark is a `!` after a
        // word that is no name (`great! loved it`, but not `Yahoo! and`).
        let mut closed = false;
        let mut bang = false;
        while let Some(t) = sc.next_raw() {
            let first = bytes[t.start];
            if let Some(s) = sent {
                let glued = t.start == last_end;
                let split = if t.newlines >= 2 {
                    out.sentences.push(span(s, last_end));
                    out.paragraphs.push(span(par, last_end));
                    par = t.start;
                    sent = None;
                    false
                } else if term == Term::Hard {
                    true
                } else if term != Term::No {
                    let closing =
                        is_closing(text, &t) || (term == Term::Strong && is_note_number(text, &t));
                    if glued && closing {
                        push(&mut out.tokens, &t);
                        last_end = t.end;
                        // A quote closing after `?`, `!` or `…` may be followed by a
                        // speech tag ("“Why?” Mom asked.").
                        closed = true;
                        quoted |= t.kind == TokenKind::Punct
                            && !matches!(first, b')' | b']' | b'}')
                            && last_first != b'.';
                        continue;
                    }
                    if term == Term::Strong && first == b'[' && t.newlines == 0 {
                        if let Some((end, after)) = bracket_note(sc, text, t, &mut out.tokens) {
                            sc = after;
                            last_end = end;
                            continue;
                        }
                    }
                    if term == Term::Strong
                        && t.kind == TokenKind::Number
                        && inline::is_footnote(sc, text, &t)
                    {
                        // `in May. 7 But the truce`: the note number closes the sentence.
                        push(&mut out.tokens, &t);
                        last_end = t.end;
                        term = Term::Hard;
                        continue;
                    }
                    match term {
                        Term::Strong => {
                            (!continues(text, &t)
                                || (bang
                                    && !closed
                                    && t.kind == TokenKind::Word
                                    && first.is_ascii_lowercase()))
                                && terminal(text, &t) != Term::Strong
                                && !(quoted && speech_follows(sc, text, &t))
                        }
                        _ => {
                            is_starter(text, &t)
                                || (t.newlines == 1
                                    && line_break_ends(t.start)
                                    && starts_like_sentence(text, &t))
                                || (t.newlines == 0
                                    && (first.is_ascii_uppercase()
                                        || inline::may_be_numeric_date(text, &t))
                                    && starts_inline(sc, text, &t, &prev))
                        }
                    }
                } else {
                    (t.newlines == 1
                        && line_break_ends(t.start)
                        && starts_like_sentence(text, &t)
                        && !matches!(last_first, b',' | b';' | b'&')
                        && !abbrev::is_function_word(&text[last_start..last_end]))
                        || (t.newlines == 0
                            && (first.is_ascii_uppercase()
                                || inline::may_be_numeric_date(text, &t))
                            && starts_inline(sc, text, &t, &prev))
                };
                if split {
                    out.sentences.push(span(s, last_end));
                    sent = Some(t.start);
                    first_word = (t.start, t.end);
                    first_token = out.tokens.len();
                    lower_seen = false;
                }
            }
            if sent.is_none() {
                sent = Some(t.start);
                first_word = (t.start, t.end);
                first_token = out.tokens.len();
                lower_seen = false;
                if out.tokens.is_empty() {
                    par = t.start;
                }
            }
            out.tokens.push(TokenSpan {
                span: span(t.start, t.end),
                kind: t.kind,
            });
            term = terminal(text, &t);
            if t.end == break_after {
                term = Term::Hard;
                break_after = usize::MAX;
            }
            bang = false;
            match first {
                b'a'..=b'z' => lower_seen = true,
                b'A'..=b'Z' => {
                    let date = if t.kind == TokenKind::Word && inline::may_be_weekday(text, &t) {
                        inline::dateline(sc, text, &t)
                    } else {
                        None
                    };
                    if let Some((end, inline::Follow::Capital)) = date {
                        break_after = end;
                    } else if t.newlines > 0 || out.tokens.len() == 1 {
                        if let Some(end) = inline::caption_end(sc, text, &t) {
                            break_after = end;
                        }
                    }
                }
                b'0'..=b'9' if inline::may_be_numeric_date(text, &t) => {
                    if let Some((end, inline::Follow::Capital)) = inline::timestamp(sc, text, &t) {
                        break_after = end;
                    }
                }
                b',' if out.tokens.len() - first_token <= 3 => {
                    let words = out.tokens.len() - 1 - first_token;
                    if inline::valediction_ends(sc, text, &t, &prev, first_word.0, words) {
                        term = Term::Hard;
                    }
                }
                b'-' | 0xE2 if t.kind == TokenKind::Punct && lower_seen => {
                    let opening = &text[first_word.0..first_word.1];
                    if inline::dash_ends(sc, text, &t, &prev, opening) {
                        term = Term::Hard;
                    }
                }
                b'!' => bang = prev.kind == TokenKind::Word && !is_name(text, &prev),
                _ => {}
            }
            quoted = false;
            closed = false;
            last_end = t.end;
            last_first = first;
            last_start = t.start;
            prev = t;
            // Plain words (lower-case words, and capitalised words and plain numbers on the
            // same line: most tokens), and commas after the first tokens of a sentence (where
            // no valediction ends it), neither end nor start a sentence while no sentence end
            // is pending: the branches above would only push them.
            // The state of the last token is set once, from the last token of the run.
            if FAST && term == Term::No {
                let before = out.tokens.len();
                loop {
                    let w = match sc.plain_word() {
                        Some(w) => w,
                        None if out.tokens.len() - first_token >= 3 => match sc.lone_comma() {
                            Some(w) => w,
                            None => break,
                        },
                        None => break,
                    };
                    push(&mut out.tokens, &w);
                    if w.end == break_after {
                        term = Term::Hard;
                        break_after = usize::MAX;
                        break;
                    }
                }
                if out.tokens.len() > before {
                    lower_seen = lower_seen
                        || out.tokens[before..]
                            .iter()
                            .any(|t| bytes[t.span.start as usize].is_ascii_lowercase());
                    let w = out.tokens[out.tokens.len() - 1];
                    last_start = w.span.start as usize;
                    last_end = w.span.end as usize;
                    last_first = bytes[last_start];
                    prev = Raw {
                        start: last_start,
                        end: last_end,
                        kind: w.kind,
                        // A plain word follows one space or one line break.
                        newlines: u8::from(bytes[last_start - 1] == b'\n'),
                    };
                }
            }
        }
        if let Some(s) = sent {
            out.sentences.push(span(s, last_end));
            out.paragraphs.push(span(par, last_end));
        }
    }
}

/// Whether `t` starts a sentence inside a line although no punctuation came before: a
/// caption credit (`Image:`, `Photo:`), a dateline ending a headline's line or followed by
/// a capitalised word, or an email time stamp after the sender (`Amina Khan 08/16/2022
/// 03:14 PM`). The caller checks that `t` is on the line of `prev` and starts with a
/// capital or is a numeric date.
#[inline]
fn starts_inline(sc: Scanner<'_>, text: &str, t: &Raw, prev: &Raw) -> bool {
    if t.kind == TokenKind::Number {
        return inline::timestamp(sc, text, t).is_some_and(|(_, f)| f != inline::Follow::Other)
            && inline::dateline_starts(text, prev);
    }
    if t.kind != TokenKind::Word {
        return false;
    }
    let headline_date = inline::may_be_weekday(text, t)
        && inline::dateline(sc, text, t).is_some_and(|(_, f)| f != inline::Follow::Other);
    (headline_date && inline::dateline_starts(text, prev)) || inline::field_starts(text, t, prev)
}

/// A span of a text already checked to be shorter than 4 GiB, ordered by construction.
#[inline(always)]
fn span(start: usize, end: usize) -> Span {
    debug_assert!(start <= end && end <= u32::MAX as usize);
    Span {
        start: start as u32,
        end: end as u32,
    }
}

#[inline]
fn push(tokens: &mut Vec<TokenSpan>, r: &Raw) {
    tokens.push(TokenSpan {
        span: span(r.start, r.end),
        kind: r.kind,
    });
}

/// After a `[` following a sentence end: a short bracketed note (`[12]`, `[...]`,
/// `[citation needed]`) stays in the sentence. When one follows, pushes its tokens and
/// returns the end of the note and the scanner after it.
fn bracket_note<'t>(
    sc: Scanner<'t>,
    text: &str,
    open: Raw,
    tokens: &mut Vec<TokenSpan>,
) -> Option<(usize, Scanner<'t>)> {
    let mut look = sc;
    let mut inner = [open; 6];
    let first = look.next_raw()?;
    let b = text.as_bytes()[first.start];
    let ok = first.kind == TokenKind::Number
        || b.is_ascii_lowercase()
        || matches!(&text[first.start..first.end], "..." | "\u{2026}");
    if !ok || first.newlines != 0 {
        return None;
    }
    inner[0] = first;
    let mut n = 1;
    loop {
        let r = look.next_raw()?;
        if r.newlines != 0 || n == inner.len() {
            return None;
        }
        inner[n] = r;
        n += 1;
        if &text[r.start..r.end] == "]" {
            break;
        }
    }
    push(tokens, &open);
    for r in &inner[..n] {
        push(tokens, r);
    }
    Some((inner[n - 1].end, look))
}

/// Whether `t` is a note number glued to a sentence end (`innovation.23`).
#[inline]
fn is_note_number(text: &str, t: &Raw) -> bool {
    t.kind == TokenKind::Number
        && t.end - t.start <= 3
        && text.as_bytes()[t.start..t.end]
            .iter()
            .all(u8::is_ascii_digit)
}

/// Whether `t` and the token after it read like a speech tag after a quote: `“Why?” Mom
/// asked.`
fn speech_follows(mut sc: Scanner<'_>, text: &str, t: &Raw) -> bool {
    if t.kind != TokenKind::Word || !text.as_bytes()[t.start].is_ascii_uppercase() {
        return false;
    }
    match sc.next_raw() {
        Some(v) if v.newlines == 0 && v.kind == TokenKind::Word => {
            abbrev::is_speech_verb(&text[v.start..v.end])
        }
        _ => false,
    }
}

/// Whether the line that ends right before the token at `at` (after one line break) is as
/// long as a wrapped line.
#[inline]
fn wrapped_line(bytes: &[u8], at: usize) -> bool {
    let Some(nl) = memchr::memrchr(b'\n', &bytes[..at]) else {
        return false;
    };
    let start = memchr::memrchr(b'\n', &bytes[..nl]).map_or(0, |p| p + 1);
    nl - start >= khabar_core::lines::WRAP_MIN
}

/// Panics when spans into `text` would not fit in `u32`.
fn assert_fits(text: &str) {
    assert!(
        u32::try_from(text.len()).is_ok(),
        "text of {} bytes is too long (4 GiB or more)",
        text.len()
    );
}

/// What token `t` means for a sentence end.
#[inline(always)]
fn terminal(text: &str, t: &Raw) -> Term {
    match t.kind {
        TokenKind::Punct => {
            let s = &text.as_bytes()[t.start..t.end];
            let strong = match s[0] {
                b'.' | b'?' | b'!' => s.iter().all(|b| matches!(b, b'.' | b'?' | b'!')),
                0xE2 => s.chunks(3).all(|c| c == "\u{2026}".as_bytes()),
                // Full stops and question marks of other scripts: Arabic and Urdu, Devanagari,
                // CJK and fullwidth forms.
                0xD8 | 0xDB | 0xE0 | 0xE3 | 0xEF => matches!(
                    text[t.start..t.end].chars().next(),
                    Some(
                        '\u{061F}'
                            | '\u{06D4}'
                            | '\u{0964}'
                            | '\u{0965}'
                            | '\u{3002}'
                            | '\u{FF01}'
                            | '\u{FF1F}'
                            | '\u{FF0E}'
                    )
                ),
                _ => false,
            };
            if strong {
                Term::Strong
            } else {
                Term::No
            }
        }
        TokenKind::Abbreviation => {
            let s = &text[t.start..t.end - 1];
            if s == "etc" {
                // A list's end, mostly at a sentence end: `rifles, etc. Police said`.
                Term::Strong
            } else if abbrev::lookup(s) == Some(abbrev::Class::Title) {
                Term::No
            } else {
                Term::Weak
            }
        }
        // A smiley ends a sentence much like `!` does: `it went well :) We left`.
        // (`<3` is read as a word: `I <3 Lahore`.)
        TokenKind::Emoticon if text.as_bytes()[t.start] != b'<' => Term::Strong,
        _ => Term::No,
    }
}

/// Whether `t` is a closing quote or bracket.
#[inline]
fn is_closing(text: &str, t: &Raw) -> bool {
    if t.kind != TokenKind::Punct {
        return false;
    }
    match text.as_bytes()[t.start] {
        b'"' | b'\'' | b')' | b']' | b'}' => true,
        b if b >= 0x80 => matches!(
            text[t.start..].chars().next(),
            Some('\u{201D}' | '\u{2019}' | '\u{00BB}' | '\u{203A}' | '\u{201C}')
        ),
        _ => false,
    }
}

/// Whether `t` continues the sentence after a `.`, `?` or `!`: a lowercase word, or a
/// comma, semicolon or colon.
#[inline]
fn continues(text: &str, t: &Raw) -> bool {
    let b = text.as_bytes()[t.start];
    match b {
        b'a'..=b'z' => t.kind != TokenKind::Url && !inline::is_camel_name(text, t),
        b',' | b';' | b':' => true,
        b if b >= 0x80 => text[t.start..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase),
        _ => false,
    }
}

/// Whether `t` is written like a name: a capital, then a lowercase letter (`Yahoo`).
#[inline]
fn is_name(text: &str, t: &Raw) -> bool {
    let b = text.as_bytes();
    t.end - t.start >= 2 && b[t.start].is_ascii_uppercase() && !b[t.start + 1].is_ascii_uppercase()
}

/// Whether `t` is a word that typically starts a sentence.
#[inline]
fn is_starter(text: &str, t: &Raw) -> bool {
    t.kind == TokenKind::Word && abbrev::is_starter(&text[t.start..t.end])
}

/// Whether `t` can start a sentence after a line break: an uppercase letter, a digit, a
/// quote, a bracket or a bullet.
#[inline]
fn starts_like_sentence(text: &str, t: &Raw) -> bool {
    let b = text.as_bytes()[t.start];
    match b {
        b'A'..=b'Z' | b'0'..=b'9' | b'"' | b'\'' | b'(' | b'[' | b'*' | b'-' | b'#' | b'@' => true,
        b if b >= 0x80 => text[t.start..].chars().next().is_some_and(|c| {
            c.is_uppercase()
                || matches!(
                    c,
                    '\u{201C}' | '\u{2018}' | '\u{00AB}' | '\u{2022}' | '\u{2013}' | '\u{2014}'
                )
                || (c.is_alphabetic() && !c.is_lowercase())
        }),
        _ => false,
    }
}

/// Iterator over tokens, from [`Tokenizer::tokens`].
#[derive(Debug)]
pub struct Tokens<'t> {
    text: &'t str,
    scanner: Scanner<'t>,
}

impl<'t> Iterator for Tokens<'t> {
    type Item = Token<'t>;

    #[inline]
    fn next(&mut self) -> Option<Token<'t>> {
        let r = self.scanner.next_raw()?;
        Some(Token {
            text: &self.text[r.start..r.end],
            span: span(r.start, r.end),
            kind: r.kind,
        })
    }
}

impl std::iter::FusedIterator for Tokens<'_> {}

#[cfg(test)]
mod tests;

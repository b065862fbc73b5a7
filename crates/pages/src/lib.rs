//! Scraped news pages: article boundaries, datelines and boilerplate zones.
//!
//! A scraped page is rarely one clean article.
//! Navigation ("Accessibility links", "Short Url"), widgets ("2 mins read"), links to other
//! stories ("ALSO READ: ..."), teasers of unrelated stories ("Latest from", "Don't Miss")
//! and sometimes a second article sit around the body.
//! [`PageSegmenter::segment`] reads a page line by line and returns a [`Page`]: the
//! [`ArticleZone`]s (headline, dateline, location, span) and the boilerplate zones
//! ([`Zone`], with a [`ZoneKind`]).
//!
//! - [`PageSegmenter`]: built once (with [`PageSegmenterBuilder`] to add phrases), shared.
//! - [`Page`], [`ArticleZone`], [`Zone`]: the layout of one page, spans into its text.
//! - [`PhraseKind`], [`PhraseMatch`]: the vocabulary of the phrase lists.
//!
//! The rules are described in `crates/pages/DESIGN.md`; the built-in phrase list is
//! `crates/pages/data/phrases.txt` (one `KIND MATCH PHRASE` per line) and users add their
//! own with [`PageSegmenterBuilder::phrases`].
//!
//! # Example
//!
//! ```
//! use khabar_pages::{PageSegmenter, ZoneKind};
//!
//! let text = "Skip to content\n\nTTP Extends Ceasefire With Islamabad\nUpdated 08 January 2023\n\n\
//!             PESHAWAR: The banned Tehreek-e-Taliban Pakistan extended its truce on Sunday.\n\n\
//!             The group said talks would go on in Kabul.\n\nALSO READ: Polio drive resumes\n";
//! let page = PageSegmenter::new().segment(text);
//! let a = &page.articles[0];
//! assert_eq!(&text[a.headline.unwrap()], "TTP Extends Ceasefire With Islamabad");
//! assert_eq!(&text[a.dateline.unwrap()], "08 January 2023");
//! assert_eq!(a.date, Some((2023, 1, 8)));
//! assert_eq!(&text[a.location.unwrap()], "PESHAWAR");
//! assert!(text[a.span].ends_with("talks would go on in Kabul."));
//! assert_eq!(&text[page.zones[0].span], "Skip to content");
//! assert_eq!(page.zones[1].kind, ZoneKind::Link);
//! ```
#![deny(missing_docs)]

mod bytes;
mod dateline;
mod phrases;

use aho_corasick::AhoCorasick;
// The lines that count as cut at a wrap width: the bounds the dates lexer and the
// tokenizer use too.
use khabar_core::lines::{WRAP_MAX, WRAP_MIN};
use khabar_core::Span;

use bytes::{count_words, is_table_row};
use phrases::{fold, Phrase};
pub use phrases::{PhraseKind, PhraseMatch};

/// The built-in phrase list, `data/phrases.txt`.
pub const DEFAULT_PHRASES: &str = include_str!("../data/phrases.txt");

/// Errors from building a [`PageSegmenter`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A phrase list line is not `KIND MATCH PHRASE`.
    #[error("phrase list line {line}: {reason}: {text:?}")]
    BadPhrase {
        /// Line number, from 1.
        line: usize,
        /// The line as written.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// One article found in a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleZone {
    /// The bytes the article covers: from its headline or dateline (whichever comes first)
    /// to the end of its last body line. Boilerplate inside the body stays inside the span.
    pub span: Span,
    /// The headline, when one was found.
    pub headline: Option<Span>,
    /// The date part of the dateline ("08 January 2023" in "Updated 08 January 2023").
    pub dateline: Option<Span>,
    /// The calendar date the dateline spells, `(year, month, day)`.
    pub date: Option<(u16, u8, u8)>,
    /// A location dateline ("KABUL" in "KABUL:"), noted but not a date.
    pub location: Option<Span>,
}

/// What a boilerplate zone is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ZoneKind {
    /// Navigation, share and follow widgets, short menu lines.
    Nav,
    /// A link to another story ("ALSO READ: ...", "Next Story").
    Link,
    /// Teasers of other stories (titles and their first lines).
    Teaser,
    /// Photo and video credits.
    Credit,
    /// Reading time, counters.
    Meta,
    /// Print-edition notes, author bios, copyright lines.
    Footer,
    /// Cookie and consent banners.
    Cookie,
    /// Tag and topic lists.
    Tags,
    /// Lines before the first article's headline.
    Leading,
    /// Short lines after an article's last body paragraph.
    Trailing,
}

impl ZoneKind {
    /// The name used in golden files and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneKind::Nav => "nav",
            ZoneKind::Link => "link",
            ZoneKind::Teaser => "teaser",
            ZoneKind::Credit => "credit",
            ZoneKind::Meta => "meta",
            ZoneKind::Footer => "footer",
            ZoneKind::Cookie => "cookie",
            ZoneKind::Tags => "tags",
            ZoneKind::Leading => "leading",
            ZoneKind::Trailing => "trailing",
        }
    }

    fn of(kind: PhraseKind) -> ZoneKind {
        match kind {
            PhraseKind::Nav | PhraseKind::Dateline => ZoneKind::Nav,
            PhraseKind::Link | PhraseKind::Pair => ZoneKind::Link,
            PhraseKind::Block => ZoneKind::Teaser,
            PhraseKind::Credit => ZoneKind::Credit,
            PhraseKind::Meta => ZoneKind::Meta,
            PhraseKind::Footer => ZoneKind::Footer,
            PhraseKind::Cookie => ZoneKind::Cookie,
            PhraseKind::Tags => ZoneKind::Tags,
        }
    }
}

/// A boilerplate zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    /// The bytes of the zone (whole lines, or the credit group ending a line).
    pub span: Span,
    /// What the zone is.
    pub kind: ZoneKind,
}

/// The layout of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// Articles in text order, not overlapping; never empty for a text with a non-blank line.
    pub articles: Vec<ArticleZone>,
    /// Boilerplate zones in text order, not overlapping: the spans of [`Page::zones`].
    pub boilerplate: Vec<Span>,
    /// Boilerplate zones with their kinds.
    pub zones: Vec<Zone>,
    /// Lines of an article that show again a line above them in the same article (a
    /// headline under its dateline, a photo caption shown twice), in text order: article
    /// content, not boilerplate, but counted once.
    pub repeats: Vec<Span>,
    /// What [`khabar_core::lines::is_hard_wrapped`] says of the text, counted while its
    /// lines were read, so that the tokenizer need not read them again
    /// (`Tokenizer::segment_hard_wrapped`). The segmenter's own reading of a hard-wrapped
    /// layout, which joins the lines of a paragraph, asks more of the lines.
    pub hard_wrapped: bool,
}

/// Builds a [`PageSegmenter`] with extra phrases.
///
/// ```
/// use khabar_pages::{PageSegmenter, PhraseKind, PhraseMatch};
///
/// let seg = PageSegmenter::builder()
///     .phrases("nav line Khyber Mail App\nblock line From Our Network")?
///     .phrase(PhraseKind::Link, PhraseMatch::Prefix, "Must watch:")
///     .build();
/// let page = seg.segment("Khyber Mail App\n\nA headline\n\nThe body, in one sentence.\n");
/// assert_eq!(page.zones.len(), 1);
/// # Ok::<(), khabar_pages::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PageSegmenterBuilder {
    defaults: bool,
    extra: Vec<Phrase>,
}

impl Default for PageSegmenterBuilder {
    fn default() -> Self {
        PageSegmenterBuilder {
            defaults: true,
            extra: Vec::new(),
        }
    }
}

impl PageSegmenterBuilder {
    /// A builder with the built-in phrases.
    pub fn new() -> PageSegmenterBuilder {
        PageSegmenterBuilder::default()
    }

    /// Whether to start from the built-in list [`DEFAULT_PHRASES`] (default `true`).
    pub fn default_phrases(&mut self, yes: bool) -> &mut Self {
        self.defaults = yes;
        self
    }

    /// Adds a phrase list in the format of [`DEFAULT_PHRASES`]: `KIND MATCH PHRASE` per
    /// line, `#` comments.
    pub fn phrases(&mut self, list: &str) -> Result<&mut Self, Error> {
        phrases::parse_list(list, &mut self.extra)?;
        Ok(self)
    }

    /// Adds one phrase.
    pub fn phrase(&mut self, kind: PhraseKind, how: PhraseMatch, phrase: &str) -> &mut Self {
        if !phrase.trim().is_empty() {
            self.extra.push(Phrase::new(kind, how, phrase));
        }
        self
    }

    /// The segmenter.
    pub fn build(&self) -> PageSegmenter {
        let mut all = Vec::new();
        if self.defaults {
            phrases::parse_list(DEFAULT_PHRASES, &mut all)
                .expect("the built-in phrase list parses");
        }
        all.extend(self.extra.iter().cloned());
        let mut seg = PageSegmenter {
            buckets: vec![Bucket::default(); 129],
            contains: Vec::new(),
            contains_ac: None,
            line_pre: None,
            credit_words: None,
            contains_of: Vec::new(),
            paren: Vec::new(),
            dateline_words: Vec::new(),
            credits: Vec::new(),
        };
        for p in all {
            if (p.kind, p.how) == (PhraseKind::Credit, PhraseMatch::Prefix) {
                seg.credits.push(p.clone());
            }
            match (p.kind, p.how) {
                (PhraseKind::Dateline, _) => seg.dateline_words.push(p),
                (_, PhraseMatch::Contains) => seg.contains.push(p),
                (_, PhraseMatch::Paren) => seg.paren.push(p),
                _ if p.first() == '#' => {
                    for d in '0'..='9' {
                        seg.buckets[bucket(d)].phrases.push(p.clone());
                    }
                }
                _ => {
                    let b = bucket(p.first());
                    seg.buckets[b].phrases.push(p);
                }
            }
        }
        for (b, bucket) in seg.buckets.iter_mut().enumerate() {
            bucket.index(b < 128);
        }
        // `contains` phrases are searched with one automaton (a phrase with an apostrophe
        // is also searched with the curly one), in the text with its ASCII letters lowered
        // (the phrases are folded: that is an ASCII case-insensitive search), and only in
        // the lines where a SIMD searcher for the same phrases finds one.
        let mut pats = Vec::new();
        for (i, p) in seg.contains.iter().enumerate() {
            let pat: String = p.pat.iter().collect();
            if pat.contains('\'') {
                pats.push((pat.replace('\'', "\u{2019}"), i));
            }
            pats.push((pat, i));
        }
        seg.contains_of = pats.iter().map(|p| p.1).collect();
        let firsts: Vec<String> = seg
            .credits
            .iter()
            .map(|p| {
                p.pat
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect()
            })
            .collect();
        let mut quick: Vec<&str> = pats.iter().map(|p| p.0.as_str()).collect();
        if firsts.iter().all(|w: &String| !w.is_empty()) {
            seg.credit_words = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&firsts)
                .ok();
            if seg.credit_words.is_some() {
                quick.extend(firsts.iter().map(String::as_str));
            }
        }
        seg.contains_ac = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(pats.iter().map(|p| p.0.as_str()))
            .ok();
        seg.line_pre = prefilter(&quick);
        seg
    }
}

/// A SIMD searcher for lower-case `phrases`, when the machine has one and there are phrases.
fn prefilter<P: AsRef<[u8]>>(phrases: &[P]) -> Option<aho_corasick::packed::Searcher> {
    if phrases.is_empty() {
        return None;
    }
    aho_corasick::packed::Config::new()
        .builder()
        .extend(phrases)
        .build()
}

/// The starts of the matches of a [`prefilter`] in a lowered text, in text order.
type Found<'a> = std::iter::Peekable<
    std::iter::Map<aho_corasick::packed::FindIter<'a, 'a>, fn(aho_corasick::Match) -> usize>,
>;

fn found<'a>(
    pre: Option<&'a aho_corasick::packed::Searcher>,
    lower: &'a [u8],
) -> Option<Found<'a>> {
    let start: fn(aho_corasick::Match) -> usize = |m| m.start();
    pre.map(|pre| pre.find_iter(lower).map(start).peekable())
}

/// Whether a prefilter match starts in the line `start..end` (whose line break ends before
/// `next`), passing over the matches before `next`; `true` when there is no prefilter.
/// The phrases hold no line break, so a line holding one holds a match: a match overlapping
/// a phrase starts in the same line.
fn found_in(found: &mut Option<Found<'_>>, start: usize, next: usize) -> bool {
    let Some(found) = found else {
        return true;
    };
    let mut any = false;
    while let Some(at) = found.next_if(|&at| at < next) {
        any |= at >= start;
    }
    any
}

/// The line and prefix phrases whose first folded character is one ASCII character, or
/// any character beyond ASCII.
#[derive(Clone, Debug)]
struct Bucket {
    /// In the order they are tried.
    phrases: Vec<Phrase>,
    /// For each ASCII second byte of a line (lowered): its list in `lists`.
    by_second: [u8; 128],
    /// Lists of phrases, in order: first those that may match a line with any second byte
    /// that no phrase opens with, then for each second byte (lowered) that a phrase opens
    /// with, those that may match a line with it.
    lists: Vec<Box<[u32]>>,
}

impl Default for Bucket {
    fn default() -> Self {
        Bucket {
            phrases: Vec::new(),
            by_second: [0; 128],
            lists: vec![Box::default()],
        }
    }
}

impl Bucket {
    /// Builds the index on the second byte (for an ASCII first character, `ascii`).
    fn index(&mut self, ascii: bool) {
        // The second byte of a phrase's line, when it must be that ASCII byte (in either
        // case): `Phrase::may_match` turns down the lines with any other.
        let second = |p: &Phrase| {
            p.head()
                .get(1)
                .copied()
                .filter(|&c| ascii && c != b' ' && c.is_ascii())
        };
        let mut seconds: Vec<u8> = self.phrases.iter().filter_map(second).collect();
        seconds.sort_unstable();
        seconds.dedup();
        let list = |want: Option<u8>| -> Box<[u32]> {
            (0..self.phrases.len())
                .filter(|&k| second(&self.phrases[k]).is_none_or(|c| Some(c) == want))
                .map(|k| k as u32)
                .collect()
        };
        self.lists = vec![list(None)];
        self.by_second = [0; 128];
        for c in seconds {
            // At most 128 lists after the first: each fits in a byte.
            self.by_second[usize::from(c)] = self.lists.len() as u8;
            self.lists.push(list(Some(c)));
        }
    }

    /// The phrases that may match `line` (whose first character is of this bucket).
    fn candidates(&self, line: &[u8]) -> &[u32] {
        let list = match line.get(1) {
            Some(&c) if c < 0x80 => self.by_second[usize::from(c.to_ascii_lowercase())],
            _ => 0,
        };
        &self.lists[usize::from(list)]
    }
}

fn bucket(c: char) -> usize {
    if c.is_ascii() {
        c as usize
    } else {
        128
    }
}

/// Splits pages into articles and boilerplate zones. `Send + Sync`; build once, share.
#[derive(Clone, Debug)]
pub struct PageSegmenter {
    /// Line and prefix phrases by first folded character (ASCII, then one bucket for the rest).
    buckets: Vec<Bucket>,
    contains: Vec<Phrase>,
    contains_ac: Option<AhoCorasick>,
    /// The `contains` phrases and, when there are [`PageSegmenter::credit_words`], the
    /// first words of credits, in one SIMD searcher (none when the machine has no SIMD):
    /// the lines where it finds none hold neither.
    line_pre: Option<aho_corasick::packed::Searcher>,
    /// The first words of [`PageSegmenter::credits`] (ASCII case folded), a quick test
    /// before looking for a credit closing a line; `None`: look in every line.
    credit_words: Option<AhoCorasick>,
    /// Index in `contains` of each automaton pattern.
    contains_of: Vec<usize>,
    paren: Vec<Phrase>,
    dateline_words: Vec<Phrase>,
    /// The `credit` prefix phrases, also looked for after a caption ([`PageSegmenter::trailing_credit`]).
    credits: Vec<Phrase>,
}

impl Default for PageSegmenter {
    fn default() -> Self {
        PageSegmenter::new()
    }
}

/// What a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Blank,
    /// Matched a boilerplate phrase; the zone starts this many bytes into the line.
    Phrase(PhraseKind, u32),
    /// A dateline: the date's byte range within the line, and its value.
    Date(u32, u32, (u16, u8, u8)),
    /// Title-like: short, no sentence punctuation at the end.
    Title,
    /// Prose: long, or ending with sentence punctuation.
    Prose,
    /// Title or prose, not told apart yet: a line of hard-wrapped text may end up inside a
    /// paragraph, where that does not matter. [`PageSegmenter::lines`] settles the lines
    /// that stand alone ([`settle`]); no line leaves it in this class.
    Text,
}

#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    class: Class,
    /// Whether the line is the lines of a hard-wrapped paragraph joined ([`merged`]).
    joined: bool,
    /// Ends with sentence punctuation (possibly inside closing quotes): told when the line
    /// is settled ([`settle`]) or merged ([`merged`]), `false` before.
    terminal: bool,
    /// Opens with "By " (a byline).
    byline: bool,
    /// Byte offset of a credit group closing the line ("(Photo: AFP)").
    credit: Option<u32>,
    /// The blanks (spaces and tabs) before the line's first character.
    indent: u32,
}

impl Line {
    fn is_prose(&self) -> bool {
        self.class == Class::Prose
    }
    fn is_title(&self) -> bool {
        self.class == Class::Title
    }
    fn is_short(&self, text: &str) -> bool {
        self.class == Class::Title && self.end - self.start <= 30 && !self.has_words(text, 4)
    }
    /// The words of the line ([`count_words`]; of each of its lines, when it is the lines of
    /// a paragraph joined), counted up to `max`: the rules ask for a few at the most, and
    /// most lines are never asked.
    fn words(&self, text: &str, max: usize) -> usize {
        let s = &text[self.start..self.end];
        if !self.joined {
            return count_words(s, max);
        }
        // Its lines, trimmed again as `PageSegmenter::lines` trimmed them.
        let mut n = 0;
        let mut from = 0;
        loop {
            let to = memchr::memchr(b'\n', &s.as_bytes()[from..]).map_or(s.len(), |i| from + i);
            let (lead, len) = trim(&s[from..to]);
            n += count_words(&s[from + lead..from + lead + len], max - n);
            if n == max || to == s.len() {
                return n;
            }
            from = to + 1;
        }
    }
    /// Whether the line holds `n` words or more.
    fn has_words(&self, text: &str, n: usize) -> bool {
        self.words(text, n) == n
    }
    fn is_date(&self) -> bool {
        matches!(self.class, Class::Date(..))
    }
    /// The class the line has once settled ([`settle`]), without settling it.
    fn settled_class(&self, text: &str) -> Class {
        match self.class {
            Class::Text => text_class(&text[self.start..self.end]),
            c => c,
        }
    }
    /// A line with most long words capitalised ("Pakistan’s TTP Dilemma"); asked only of
    /// the few titles around a dateline.
    fn title_case(&self, text: &str) -> bool {
        title_case(&text[self.start..self.end])
    }
    /// A line holding a sentence break ("... has failed. What now?"): a standfirst.
    fn sentences(&self, text: &str) -> bool {
        has_sentence_break(&text[self.start..self.end])
    }
    /// A line that can be skipped between a headline and its dateline: a phrase line that
    /// is not a teaser heading.
    fn is_skippable_phrase(&self) -> bool {
        matches!(self.class, Class::Phrase(k, _) if !matches!(k, PhraseKind::Block | PhraseKind::Pair | PhraseKind::Link))
    }
}

/// An article start found while scanning: its first line, headline line, dateline line and
/// the first line after its header.
#[derive(Clone, Copy, Debug)]
struct Start {
    first: usize,
    head: Option<usize>,
    date: Option<usize>,
    body: usize,
}

/// The line marks: none, or the zone kind and the byte offset in the line where it starts.
type Mark = Option<(ZoneKind, usize)>;

impl PageSegmenter {
    /// A segmenter with the built-in phrase list.
    pub fn new() -> PageSegmenter {
        PageSegmenterBuilder::new().build()
    }

    /// A builder, to add phrases.
    pub fn builder() -> PageSegmenterBuilder {
        PageSegmenterBuilder::new()
    }

    /// The phrase a line matches, with the offset where its zone starts.
    fn phrase(&self, line: &str, contains: Option<PhraseKind>) -> Option<(PhraseKind, usize)> {
        let first = line.chars().next().map(fold)?;
        let bytes = line.as_bytes();
        let bucket = &self.buckets[bucket(first)];
        let word = phrases::line_word(bytes);
        for &k in bucket.candidates(bytes) {
            let p = &bucket.phrases[k as usize];
            if !p.may_open(word) || !p.may_match(bytes) {
                continue;
            }
            if let Some(at) = p.matches(line) {
                return Some((p.kind, at));
            }
        }
        if line.ends_with(')') {
            for p in &self.paren {
                if let Some(at) = p.matches(line) {
                    return Some((p.kind, at));
                }
            }
        }
        contains.filter(|_| line.len() <= 400).map(|k| (k, 0))
    }

    /// Whether the text before a date in a line is a dateline opener: nothing, a weekday,
    /// a dateline word ("Updated"), or a short byline ending with a separator or a
    /// dateline word ("By Tahir Khan | Published").
    fn dateline_prefix(&self, before: &str) -> bool {
        let is_sep = |c: char| {
            c.is_whitespace()
                || matches!(c, ',' | ':' | '|' | '\u{2022}' | '\u{00B7}' | '/')
                || khabar_core::chars::is_dash(c)
        };
        let mut rest = before.trim_end_matches(is_sep);
        if let Some(last) = rest.rsplit(|c: char| c.is_whitespace()).next() {
            if dateline::is_weekday(last.trim_end_matches(',')) {
                rest = rest[..rest.len() - last.len()].trim_end_matches(is_sep);
            }
        }
        if rest.is_empty() {
            return true;
        }
        let had_sep = rest.len() < before.trim_end().len()
            && before.trim_end().ends_with([
                '|', '/', '\u{2022}', '\u{00B7}', '-', '\u{2014}', '\u{2013}',
            ]);
        // A dateline word at the end of `rest`: try each word start.
        let mut opener = false;
        for (i, _) in rest
            .char_indices()
            .filter(|&(i, _)| i == 0 || rest[..i].ends_with(char::is_whitespace))
        {
            let tail = &rest[i..];
            if self.dateline_words.iter().any(|p| {
                p.match_start(tail)
                    .is_some_and(|n| tail[n..].trim_matches(is_sep).is_empty())
            }) {
                opener = true;
                rest = rest[..i].trim_end_matches(is_sep);
                break;
            }
        }
        if rest.is_empty() {
            return opener;
        }
        let words = rest.split_whitespace().count();
        words <= 8 && !rest.ends_with('.') && (opener || had_sep)
    }

    /// A credit written after a caption without brackets, closing its line ("... in Chitral.
    /// PHOTO: REUTERS", "... Photo: AFP", "... - File photo"): a `credit` prefix phrase after
    /// a sentence end or a separator, or written in capitals, followed by at most four words.
    /// Returns where the credit starts.
    fn trailing_credit(&self, s: &str, words: bool) -> Option<usize> {
        if s.len() > 400 || !words {
            return None;
        }
        if let Some(ac) = &self.credit_words {
            // The credit starts in the last six words: a first word of a credit phrase in the
            // last 160 bytes, or no credit.
            let mut from = s.len().saturating_sub(160);
            while !s.is_char_boundary(from) {
                from -= 1;
            }
            if !ac.is_match(&s[from..]) {
                return None;
            }
        }
        // The starts of the last six words, right to left, without a pass over the line.
        let mut end = s.len();
        for _ in 0..6 {
            let space = s[..end].rfind(' ')?;
            end = space;
            let (before, tail) = (s[..space].trim_end(), &s[space + 1..]);
            if tail.is_empty() || tail.starts_with(' ') {
                continue;
            }
            if !before.contains(' ') {
                return None;
            }
            let first = tail.split(' ').next().unwrap_or("");
            let letters = || first.chars().filter(|c| c.is_alphabetic());
            let capitals = letters().count() >= 4 && letters().all(char::is_uppercase);
            let after_break = before.ends_with([
                '.', '!', '?', '"', '\u{201D}', '\u{2019}', ')', '|', '-', '\u{2013}', '\u{2014}',
                '\u{2022}', '/',
            ]);
            if !(capitals || after_break) {
                continue;
            }
            let found = self
                .credits
                .iter()
                .find_map(|p| p.match_start(tail).filter(|_| p.matches(tail) == Some(0)));
            if let Some(n) = found {
                if count_words(&tail[n..], 5) <= 4 {
                    return Some(space + 1);
                }
            }
        }
        None
    }

    /// Classifies the line `start..end` of `text`; `contains` is the kind of a `contains`
    /// phrase found in it.
    /// `credit_words` is whether a first word of a credit phrase may be in it.
    fn classify(
        &self,
        text: &str,
        start: usize,
        end: usize,
        contains: Option<PhraseKind>,
        credit_words: bool,
    ) -> Line {
        let s = &text[start..end];
        let byline = s.len() > 3 && s.as_bytes()[..3].eq_ignore_ascii_case(b"by ");
        let mut line = Line {
            start,
            end,
            class: Class::Blank,
            joined: false,
            terminal: false,
            byline,
            credit: None,
            indent: 0,
        };
        if s.is_empty() {
            return line;
        }
        if let Some((kind, at)) = self.phrase(s, contains) {
            if at == 0 {
                line.class = Class::Phrase(kind, 0);
                return line;
            }
            // A credit closing a caption: the caption keeps its class, the credit is a zone.
            line.credit = Some(at as u32);
        } else if let Some(at) = self.trailing_credit(s, credit_words) {
            line.credit = Some(at as u32);
        }
        // Every date ends with a digit: in a line ending with a full stop, the text after
        // the date would end with it, which a dateline allows only after "a.m."/"p.m.".
        let full_stop = s.ends_with('.') && !s.ends_with("m.");
        if s.len() <= 160 && !full_stop {
            if let Some(d) = dateline::find_date(s) {
                let after = &s[d.end..];
                let after_ok = after.split_whitespace().count() <= 8
                    && (!after.trim_end().ends_with('.') || after.trim_end().ends_with("m."));
                if count_words(s, 21) <= 20 && after_ok && self.dateline_prefix(&s[..d.start]) {
                    line.class = Class::Date(d.start as u32, d.end as u32, d.ymd);
                    return line;
                }
            }
        }
        // Title or prose: told apart by `settle`, for the lines that stand alone.
        line.class = Class::Text;
        line
    }

    /// The logical lines of `text`, whether it is hard-wrapped (as the segmenter reads its
    /// layout), and what [`khabar_core::lines::is_hard_wrapped`] says of it.
    fn lines(&self, text: &str) -> (Vec<Line>, bool, bool) {
        // About one line for each 32 bytes (news lines are longer), without a pass over the
        // text to count them.
        let mut out = Vec::with_capacity(text.len() / 32 + 1);
        let mut pos = 0;
        let (mut nonblank, mut long) = (0usize, 0usize);
        // `contains` phrases and the first words of credits: the text lowered, and the
        // lines where the prefilter finds one of either (one pass over the whole text; every
        // line when there is no prefilter). No phrase holds a line break, so the automaton's
        // first match in a line is its first in the text.
        let lower = text.as_bytes().to_ascii_lowercase();
        let mut line_found = found(self.line_pre.as_ref(), &lower);
        let bytes = text.as_bytes();
        let mut wrap_count = khabar_core::lines::WrapCount::default();
        for raw in split_lines(text) {
            let (lead, len) = trim(raw);
            let start = pos + lead;
            let end = start + len;
            let next = pos + raw.len();
            // A match of one list may hide an overlapping match of the other: a line with
            // either is a candidate for both.
            let candidate = found_in(&mut line_found, start, next);
            let credit_words = candidate || self.credit_words.is_none();
            // `phrase` reads the kind in lines of at most 400 bytes.
            let contains = match &self.contains_ac {
                Some(ac) if candidate && end - start <= 400 => ac
                    .find(&lower[start..end])
                    .map(|m| self.contains[self.contains_of[m.pattern().as_usize()]].kind),
                _ => None,
            };
            let mut line = self.classify(text, start, end, contains, credit_words);
            line.indent = bytes[pos..start]
                .iter()
                .rev()
                .take_while(|&&c| c == b' ' || c == b'\t')
                .count() as u32;
            // `is_hard_wrapped` trims ASCII blanks but the vertical tab (this trims more):
            // the same line when only spaces and tabs open it and nothing closes it.
            let ended = raw.ends_with('\n');
            let body = &bytes[pos..pos + raw.len() - usize::from(ended)];
            let core_line = if lead == line.indent as usize && lead + len == body.len() {
                &bytes[start..end]
            } else {
                body.trim_ascii()
            };
            // A line with a character that is not blank holds a byte that is not a space,
            // a tab or a carriage return.
            let blank = || len == 0 && body.iter().all(|&c| matches!(c, b' ' | b'\t' | b'\r'));
            wrap_count.trimmed_line(core_line, blank, ended);
            out.push(line);
            // Non-blank lines, and those longer than a wrap width.
            nonblank += usize::from(end > start);
            long += usize::from(end - start > WRAP_MAX);
            pos += raw.len();
        }
        // Hard-wrapped text (wire copy, newsletters): the lines of one paragraph become one
        // logical line, classified as a whole.
        // Elsewhere every line stands alone.
        let wrap = Wrap::of(text, &out, nonblank, long);
        match wrap {
            Some(layout) => layout.merge(text, &mut out),
            None => out.iter_mut().for_each(|l| settle(text, l)),
        }
        // Hard-wrapped prose: a title-like line that runs on into the next line, which
        // starts in lower case ("... said on Monday that it would\nextend the truce."), is
        // prose. From the bottom up, so that a paragraph wrapped over many lines is prose.
        for i in (0..out.len().saturating_sub(1)).rev() {
            let (l, n) = (out[i], out[i + 1]);
            let runs_on = n.class == Class::Prose || n.class == Class::Title;
            if l.class == Class::Title
                && runs_on
                && !n.byline
                && ends_open(&text[l.start..l.end])
                && starts_lower(&text[n.start..n.end], false)
            {
                out[i].class = Class::Prose;
            }
        }
        (out, wrap.is_some(), wrap_count.is_hard_wrapped())
    }

    /// The layout of `text`.
    pub fn segment(&self, text: &str) -> Page {
        let (lines, wrapped, hard_wrapped) = self.lines(text);
        let starts = find_starts(text, &lines, wrapped);
        let mut marks: Vec<Mark> = vec![None; lines.len()];
        let mut page = Page {
            hard_wrapped,
            ..Page::default()
        };
        if starts.is_empty() {
            return page;
        }
        // Before the first article: everything is boilerplate.
        for (i, l) in lines.iter().enumerate().take(starts[0].first) {
            if l.class != Class::Blank {
                marks[i] = Some((phrase_zone(l).unwrap_or(ZoneKind::Leading), phrase_at(l)));
            }
        }
        for (k, st) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(lines.len(), |n| n.first);
            mark_region(text, &lines, st, end, wrapped, &mut marks);
            // The article: from its first line to its last unmarked non-blank line.
            let last = (st.first..end)
                .rev()
                .find(|&i| lines[i].class != Class::Blank && marks[i].is_none())
                .unwrap_or(st.first);
            // A location dateline opens one of the first three body lines (a byline may
            // come first).
            let location = (st.body..end)
                .filter(|&i| {
                    (lines[i].is_prose() || lines[i].is_title())
                        && marks[i].is_none()
                        && Some(i) != st.head
                })
                .take(3)
                .find_map(|i| {
                    dateline::location(&text[lines[i].start..lines[i].end])
                        .map(|(s, e)| Span::new(lines[i].start + s, lines[i].start + e))
                });
            let (dateline, date) = match st.date.map(|d| (d, lines[d].class)) {
                Some((d, Class::Date(s, e, ymd))) => (
                    Some(Span::new(
                        lines[d].start + s as usize,
                        lines[d].start + e as usize,
                    )),
                    Some(ymd),
                ),
                _ => (None, None),
            };
            page.articles.push(ArticleZone {
                span: Span::new(
                    lines[st.first].start,
                    lines[last].end.max(lines[st.first].end),
                ),
                headline: st.head.map(|h| Span::new(lines[h].start, lines[h].end)),
                dateline,
                date,
                location,
            });
        }
        let mut cands = Vec::with_capacity(lines.len());
        for (k, st) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(lines.len(), |n| n.first);
            find_repeats(text, &lines, st, end, &marks, &mut cands, &mut page.repeats);
        }
        // Zones: marked lines, merged with the next one of the same kind when only
        // whitespace separates them.
        for (i, m) in marks.iter().enumerate() {
            let Some((kind, at)) =
                m.or_else(|| lines[i].credit.map(|at| (ZoneKind::Credit, at as usize)))
            else {
                continue;
            };
            let span = Span::new(lines[i].start + at, lines[i].end);
            if let Some(last) = page.zones.last_mut() {
                if last.kind == kind
                    && at == 0
                    && text[last.span.end as usize..span.start as usize]
                        .trim()
                        .is_empty()
                {
                    last.span.end = span.end;
                    continue;
                }
            }
            page.zones.push(Zone { span, kind });
        }
        page.boilerplate = page.zones.iter().map(|z| z.span).collect();
        page
    }
}

/// The layout of a hard-wrapped text: its wrap width and whether it opens paragraphs
/// with an indent (Reuters indents every paragraph but the first by four spaces).
#[derive(Clone, Copy, Debug)]
struct Wrap {
    /// The longest line of at most [`WRAP_MAX`] bytes, with its indent.
    width: usize,
    indented: bool,
}

impl Wrap {
    /// The layout of `text` when it is hard-wrapped: at most one line in ten longer than
    /// [`WRAP_MAX`] bytes, and either three lines (and a quarter of all, or two and a third
    /// of those with a non-blank line under them: a paragraph's last line is never cut)
    /// cut at a wrap width (30 to 90 bytes, no final `.`, `!`, `?` or `:`, a line
    /// after them) or one
    /// such line running on into a line that starts in lower case or with a digit or ending
    /// with a word such as "the" or "of", or two
    /// lines indented under the line above them (plain-text paragraphs and tables; one in
    /// a text of three lines, or one opening a paragraph in a text with a cut line).
    /// Pages with a paragraph per line have long lines and are never hard-wrapped.
    /// `n` is the number of non-blank lines, `long` of those longer than [`WRAP_MAX`].
    fn of(text: &str, lines: &[Line], n: usize, long: usize) -> Option<Wrap> {
        // Most pages have long lines: their count settles it.
        if long * 10 > n.max(10) {
            return None;
        }
        let (mut cut, mut runs_on) = (0usize, false);
        // Lines with a non-blank line under them: only those can be cut.
        let mut inner = 0usize;
        let (mut width, mut indented, mut indents) = (0, false, 0usize);
        for (i, l) in lines.iter().enumerate() {
            let len = l.end - l.start;
            if l.class == Class::Blank || len > WRAP_MAX {
                continue;
            }
            let ind = l.indent as usize;
            width = width.max(len + ind);
            let Some(next) = lines.get(i + 1).filter(|n| n.class != Class::Blank) else {
                continue;
            };
            inner += 1;
            let next_ind = next.indent as usize;
            indented |= (2..=8).contains(&next_ind) && ind == 0;
            indents += usize::from((1..=8).contains(&next_ind));
            // The last byte: these are ASCII, and no other character ends with their byte.
            let last = text.as_bytes()[l.end - 1];
            if len >= WRAP_MIN && !matches!(last, b'.' | b'!' | b'?' | b':') {
                cut += 1;
                // One such line is enough.
                let s = &text[l.start..l.end];
                runs_on = runs_on
                    || ends_with_function_word(s)
                    || (ends_open(s) && starts_lower(&text[next.start..next.end], true));
            }
        }
        let cut_enough = (cut >= 3 && cut * 4 >= n) || (cut >= 2 && cut * 3 >= inner);
        let indents_enough = indents >= 2 || (indents == 1 && n <= 3) || (indented && cut >= 1);
        (cut_enough || runs_on || indents_enough).then_some(Wrap { width, indented })
    }

    /// Whether line `b` continues the paragraph of line `a` right above it: `b` is not
    /// indented more than `a` (nor at all when paragraphs open with an indent), and `a` was
    /// cut at the wrap width (the first word of `b` would not fit after it), or runs on into
    /// a lower-case word or a digit, or ends with a word such as "the" or "of", or `b` is
    /// unindented in a text whose paragraphs open with an indent. [`Wrap::merge`] also
    /// keeps table rows apart.
    fn joins(&self, text: &str, a: &Line, b: &Line) -> bool {
        let prose_like = |l: &Line| matches!(l.class, Class::Title | Class::Prose | Class::Text);
        // A phrase line inside a paragraph ("...cts a\nshare.") joins only the line it runs
        // on from, cut at the wrap width or running into its lower-case start.
        let phrase = matches!(b.class, Class::Phrase(..));
        if !(prose_like(a) || a.is_date()) || !(prose_like(b) || b.is_date() || phrase) {
            return false;
        }
        if a.credit.is_some() || b.byline {
            return false;
        }
        let (ia, ib) = (a.indent as usize, b.indent as usize);
        if ib > ia || (self.indented && ib > 0) {
            return false;
        }
        let (sa, sb) = (&text[a.start..a.end], &text[b.start..b.end]);
        let runs_on = ends_open(sa) && starts_lower(sb, true);
        let cut = || {
            (WRAP_MIN..=WRAP_MAX).contains(&sa.len())
                && ia + sa.len() + 1 + first_word(sb) > self.width
        };
        if phrase {
            runs_on || (cut() && ends_open(sa))
        } else if a.is_date() {
            // A dateline line stays one unless it sits inside a paragraph: the line above
            // is cut at the wrap width in mid-sentence, or the line itself runs on.
            runs_on || ends_with_function_word(sa)
        } else if b.is_date() {
            // Under a title (a headline over its dateline) only in mid-phrase: the title
            // ends with a comma, a word such as "of" or a lower-case word (and is not in
            // title case), or the date line runs on in lower case itself.
            let lower_end = |s: &str| s.ends_with(|c: char| c.is_lowercase());
            let mid = a.settled_class(text) == Class::Prose
                || ends_with_function_word(sa)
                || sa.ends_with(',')
                || (lower_end(sa) && !title_case(sa))
                || lower_end(sb);
            cut() && !ends_terminal(sa) && mid
        } else {
            runs_on
                || cut()
                || ends_with_function_word(sa)
                || (self.indented && sa.len() >= WRAP_MIN / 2)
        }
    }

    /// Replaces each run of lines that [`Wrap::joins`] links, none of them a table row, by
    /// one logical line over their bytes, in place, and settles the lines left alone.
    fn merge(&self, text: &str, lines: &mut Vec<Line>) {
        let mut w = 0;
        let mut r = 0;
        let mut rows = TableRows::new(text);
        while r < lines.len() {
            let mut last = r;
            // Whether `lines[last]` is a table row, once asked.
            let mut table = None;
            while last + 1 < lines.len() && self.joins(text, &lines[last], &lines[last + 1]) {
                let (a, b) = (&lines[last], &lines[last + 1]);
                let a_table = table.unwrap_or_else(|| rows.is_row(a));
                let b_table = rows.is_row(b);
                if a_table || b_table {
                    break;
                }
                table = Some(b_table);
                last += 1;
            }
            lines[w] = if last > r {
                merged(text, &lines[r..=last])
            } else {
                let mut line = lines[r];
                settle(text, &mut line);
                line
            };
            w += 1;
            r = last + 1;
        }
        lines.truncate(w);
    }
}

/// One logical line over the lines of a wrapped paragraph: prose, unless it is short and
/// ends without sentence punctuation (a headline wrapped over two lines).
fn merged(text: &str, run: &[Line]) -> Line {
    let (first, last) = (run[0], run[run.len() - 1]);
    let mut line = Line {
        start: first.start,
        end: last.end,
        class: Class::Prose,
        joined: true,
        terminal: ends_terminal(&text[last.start..last.end]),
        byline: first.byline,
        credit: last.credit.map(|at| (last.start - first.start) as u32 + at),
        indent: first.indent,
    };
    if line.end - line.start <= 140
        && !ends_sentence(&text[last.start..last.end])
        && !line.has_words(text, 16)
    {
        line.class = Class::Title;
    }
    line
}

/// Tells whether a line that stands alone is terminal ([`ends_terminal`]) and the class of
/// a [`Class::Text`] one ([`text_class`]).
fn settle(text: &str, l: &mut Line) {
    let s = &text[l.start..l.end];
    l.terminal = ends_terminal(s);
    if l.class == Class::Text {
        l.class = text_class(s);
    }
}

/// The class of a title or prose line `s`: a title when it is short (at most 15 words and
/// 140 bytes), holds a letter and does not end with sentence punctuation
/// ([`ends_sentence`]), else prose.
fn text_class(s: &str) -> Class {
    if s.len() <= 140
        && !ends_sentence(s)
        && s.chars().any(char::is_alphabetic)
        && count_words(s, 16) <= 15
    {
        Class::Title
    } else {
        Class::Prose
    }
}

/// Whether `s` ends with `.`, `!`, `;`, `:`, `,` or `…`, closing quotes and brackets
/// ignored.
fn ends_sentence(s: &str) -> bool {
    without_closers(s).ends_with(['.', '!', ';', ':', ',', '\u{2026}'])
}

/// Whether `s` ends with sentence punctuation, `.`, `!`, `?`, `;` or `…`, closing quotes and
/// brackets ignored ([`Line::terminal`]).
fn ends_terminal(s: &str) -> bool {
    without_closers(s).ends_with(['.', '!', '?', '\u{2026}', ';'])
}

/// `s` without the closing quotes, brackets and stars at its end.
fn without_closers(s: &str) -> &str {
    s.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']', '*'])
}

/// Which lines of a text are table rows ([`is_table_row`]), asked of lines in text order:
/// the gaps and tabs of the whole text, found in one pass each.
struct TableRows<'a> {
    gaps: std::iter::Peekable<memchr::memmem::FindIter<'a, 'static>>,
    tabs: std::iter::Peekable<memchr::Memchr<'a>>,
}

impl<'a> TableRows<'a> {
    fn new(text: &'a str) -> TableRows<'a> {
        let b = text.as_bytes();
        TableRows {
            gaps: bytes::gap_finder().find_iter(b).peekable(),
            tabs: memchr::memchr_iter(b'\t', b).peekable(),
        }
    }

    /// Whether line `l`, a line of the text (trimmed, so that no gap found before it
    /// reaches into it), after the lines already asked, is a table row.
    fn is_row(&mut self, l: &Line) -> bool {
        while self.gaps.next_if(|&at| at < l.start).is_some() {}
        while self.tabs.next_if(|&at| at < l.start).is_some() {}
        self.gaps.peek().is_some_and(|&at| at + 3 <= l.end)
            || self.tabs.peek().is_some_and(|&at| at < l.end)
    }
}

/// The offset of the first non-blank character of `line` (its `\n` included) and the
/// length of the line without its surrounding blanks (`str::trim`).
fn trim(line: &str) -> (usize, usize) {
    let b = line.as_bytes();
    // Most lines: spaces, if any, then printable ASCII at both ends of the line.
    let graphic = |c: u8| c.wrapping_sub(0x21) < 0x5E;
    let body = b.strip_suffix(b"\n").unwrap_or(b);
    let spaces = body.iter().take_while(|&&c| c == b' ').count();
    if let (Some(&first), Some(&last)) = (body.get(spaces), body.last()) {
        if graphic(first) && graphic(last) {
            return (spaces, body.len() - spaces);
        }
    }
    let ascii_blank = |c: u8| matches!(c, b'\t'..=b'\r' | b' ');
    let lead = b.iter().position(|&c| !ascii_blank(c)).unwrap_or(b.len());
    if lead == b.len() {
        return (0, 0);
    }
    let lead = if b[lead] < 0x80 {
        lead
    } else {
        line.len() - line.trim_start().len()
    };
    let rest = &b[lead..];
    let end = rest
        .iter()
        .rposition(|&c| !ascii_blank(c))
        .map_or(0, |i| i + 1);
    let len = if end > 0 && rest[end - 1] < 0x80 {
        end
    } else {
        line[lead..].trim_end().len()
    };
    if len == 0 {
        return (0, 0);
    }
    (lead, len)
}

/// Whether a line ends open: with a letter, a digit or a comma.
fn ends_open(s: &str) -> bool {
    match s.as_bytes().last() {
        Some(&c) if c < 0x80 => c.is_ascii_alphanumeric() || c == b',',
        _ => s.ends_with(char::is_alphanumeric),
    }
}

/// Whether `s` starts with a lower-case letter, or with a digit when `digit`.
fn starts_lower(s: &str, digit: bool) -> bool {
    match s.as_bytes().first() {
        Some(&c) if c < 0x80 => c.is_ascii_lowercase() || (digit && c.is_ascii_digit()),
        _ => s.starts_with(char::is_lowercase),
    }
}

/// The length of the first word of `s`: up to its first blank.
fn first_word(s: &str) -> usize {
    for (i, &c) in s.as_bytes().iter().enumerate() {
        if c >= 0x80 {
            return i + s[i..].find(char::is_whitespace).unwrap_or(s.len() - i);
        }
        if matches!(c, b'\t'..=b'\r' | b' ') {
            return i;
        }
    }
    s.len()
}

/// Whether a line ends with a word that never ends a sentence or a headline ("the", "of",
/// "and"): it was cut in the middle of a sentence.
fn ends_with_function_word(s: &str) -> bool {
    // The word after the last space, when it is no longer than five bytes (the longest of
    // these words): a space in the last six bytes, or none in a line of six at most.
    let b = s.as_bytes();
    let tail = &b[b.len().saturating_sub(6)..];
    let last = match tail.iter().rposition(|&c| c == b' ') {
        Some(i) => &tail[i + 1..],
        None if b.len() <= 6 => b,
        None => return false,
    };
    FUNCTION_WORDS.iter().any(|w| w.as_bytes() == last)
}

/// The words of [`ends_with_function_word`].
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "its", "of", "on", "or", "the",
    "their", "to", "with",
];

/// The lines of `text`, each with its `\n` (as `str::split_inclusive`, with memchr).
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = ends.next().map_or(text.len(), |i| i + 1);
        let line = &text[pos..end];
        pos = end;
        Some(line)
    })
}

/// Whether most words of four letters or more start with a capital.
fn title_case(s: &str) -> bool {
    let (mut long, mut caps) = (0, 0);
    for w in s.split_whitespace() {
        let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        if w.chars().take_while(|c| c.is_alphabetic()).count() >= 4 {
            long += 1;
            caps += usize::from(w.starts_with(char::is_uppercase));
        }
    }
    long == 0 || caps * 4 >= long * 3
}

/// Whether `s` has a sentence break inside: a lower-case letter, `.`, `?` or `!`, a
/// space and a capital ("failed. What now?"), not "U.S. Talks".
fn has_sentence_break(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(4).any(|w| {
        w[0].is_ascii_lowercase()
            && matches!(w[1], b'.' | b'?' | b'!')
            && w[2] == b' '
            && w[3].is_ascii_uppercase()
    })
}

fn phrase_zone(l: &Line) -> Option<ZoneKind> {
    match l.class {
        Class::Phrase(k, _) => Some(ZoneKind::of(k)),
        _ => None,
    }
}

fn phrase_at(l: &Line) -> usize {
    match l.class {
        Class::Phrase(_, at) => at as usize,
        _ => 0,
    }
}

/// The next non-blank line after `i` that is not a skippable phrase line, within `limit`
/// non-blank lines.
fn next_significant(lines: &[Line], i: usize, limit: usize) -> Option<usize> {
    let mut seen = 0;
    for (j, l) in lines.iter().enumerate().skip(i + 1) {
        if l.class == Class::Blank {
            continue;
        }
        if l.is_skippable_phrase() {
            seen += 1;
            if seen > limit {
                return None;
            }
            continue;
        }
        return Some(j);
    }
    None
}

/// Headline-dateline pairs (in either order), then the first article when the page has no
/// such pair before its first prose line; a later pair starts a new article only when at
/// least two prose lines follow it (teasers of other stories have one).
fn find_starts(text: &str, lines: &[Line], wrapped: bool) -> Vec<Start> {
    let mut cands: Vec<Start> = Vec::new();
    let head_ok = |l: &Line| l.is_title() && !l.byline && l.has_words(text, 2);
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].is_date() {
            i += 1;
            continue;
        }
        let floor = cands.last().map_or(0, |c| c.body);
        // A headline shown again under its dateline, a photo caption between the first
        // headline and the dateline ("Headline / caption / Updated ... / Headline / body"):
        // one article from the first headline, the second one a repeat.
        if let Some((h, n)) = repeated_headline(text, lines, i, floor) {
            cands.push(Start {
                first: h,
                head: Some(h),
                date: Some(i),
                body: n + 1,
            });
            i = n + 1;
            continue;
        }
        // Back from the dateline, over blank lines, widgets and at most two byline lines
        // ("By Staff Reporter", "Web Desk", "Kabul, Afghanistan"): the nearest title of four
        // words or more, else the nearest of two or more.
        let mut titles = Vec::new();
        let mut j = i;
        while j > floor && titles.len() < 3 {
            j -= 1;
            let l = &lines[j];
            if l.class == Class::Blank || l.is_skippable_phrase() {
                continue;
            }
            if !l.is_title() {
                break;
            }
            titles.push(j);
        }
        let head = titles
            .iter()
            .find(|&&t| {
                head_ok(&lines[t]) && lines[t].has_words(text, 4) && !lines[t].sentences(text)
            })
            .or_else(|| {
                titles
                    .iter()
                    .find(|&&t| head_ok(&lines[t]) && !lines[t].sentences(text))
            })
            .or_else(|| titles.iter().find(|&&t| head_ok(&lines[t])))
            .copied()
            .map(|h| {
                // A long sentence-case line right under a title-case headline of three words
                // or more is a standfirst.
                let above = (0..h).rev().find(|&j| lines[j].class != Class::Blank);
                match above {
                    Some(p)
                        if !lines[h].title_case(text)
                            && titles.contains(&p)
                            && head_ok(&lines[p])
                            && lines[p].title_case(text)
                            && lines[p].has_words(text, 3)
                            && lines[h].words(text, 22) >= lines[p].words(text, 22) + 4 =>
                    {
                        p
                    }
                    _ => h,
                }
            });
        if let Some(h) = head {
            cands.push(Start {
                first: h,
                head: Some(h),
                date: Some(i),
                body: i + 1,
            });
            i += 1;
            continue;
        }
        // Or a dateline over its headline.
        if let Some(n) = next_significant(lines, i, 3) {
            let then_date = next_significant(lines, n, 3).is_some_and(|m| lines[m].is_date());
            if head_ok(&lines[n]) && !then_date {
                cands.push(Start {
                    first: i,
                    head: Some(n),
                    date: Some(i),
                    body: n + 1,
                });
                i = n + 1;
                continue;
            }
        }
        i += 1;
    }
    let first_prose = lines.iter().position(Line::is_prose);
    // Keep a candidate when enough prose follows it before the next one.
    // A pair with no prose before the next one is part of the same header (a second
    // dateline under a byline): merge them.
    let mut merged: Vec<Start> = Vec::with_capacity(cands.len());
    for c in cands {
        match merged.last_mut() {
            Some(m) if !(m.body..c.first).any(|j| lines[j].is_prose()) => m.body = c.body,
            _ => merged.push(c),
        }
    }
    let cands = merged;
    let mut starts: Vec<Start> = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let next = cands.get(k + 1).map_or(lines.len(), |n| n.first);
        let prose = (c.body..next).filter(|&j| lines[j].is_prose()).count();
        // The first article: no prose above its header (a caption inside its header, between
        // a headline and its repeat, is its own).
        let first = starts.is_empty() && first_prose.is_some_and(|p| p >= c.first);
        // One paragraph is enough for the first article, or for a later one when it is a
        // long, finished paragraph (teasers are short or cut off).
        let long =
            |j: usize| lines[j].is_prose() && lines[j].terminal && lines[j].has_words(text, 22);
        let in_block = || {
            (0..c.first)
                .rev()
                .take_while(|&j| !long(j))
                .any(|j| matches!(lines[j].class, Class::Phrase(PhraseKind::Block, _)))
        };
        let one_long = || (c.body..next).any(long) && !in_block();
        if prose >= 2 || (prose == 1 && (first || one_long())) {
            starts.push(*c);
        }
    }
    // The first article when no pair opens the page before its first prose line.
    let implicit_needed = match (starts.first(), first_prose) {
        (None, _) => true,
        (Some(s), Some(p)) => p < s.first,
        (Some(_), None) => false,
    };
    if implicit_needed {
        let stop = first_prose.unwrap_or(lines.len());
        let limit = starts.first().map_or(stop, |s| s.first.min(stop));
        // In hard-wrapped text a headline stands apart (a title-like line between others is
        // a table row or a cut line): a blank line or a dateline follows it,
        // a blank line or the top of the text before it, and the text after it does not
        // run on in lower case.
        let apart = |j: usize| {
            let runs_on = || {
                lines[j + 1..]
                    .iter()
                    .find(|n| n.class != Class::Blank)
                    .is_some_and(|n| text[n.start..n.end].starts_with(char::is_lowercase))
            };
            !wrapped
                || (lines
                    .get(j + 1)
                    .is_some_and(|n| n.class == Class::Blank || n.is_date())
                    && (j == 0 || lines[j - 1].class == Class::Blank)
                    && !runs_on())
        };
        let head = (0..limit)
            .rev()
            .find(|&j| lines[j].is_title() && lines[j].has_words(text, 2) && apart(j));
        // The same headline shown a few lines above (over a photo caption): the article
        // starts at the first one, the second is a repeat.
        let shown_first = head.and_then(|h| earlier_same_title(text, lines, h, h, 0));
        // Its dateline: the first one after the headline, before the second prose line (a
        // standfirst may sit between the headline and the dateline).
        let date = head.and_then(|h| {
            let mut prose = 0;
            (h + 1..starts.first().map_or(lines.len(), |s| s.first)).find(|&j| {
                prose += usize::from(lines[j].is_prose());
                prose <= 1 && lines[j].is_date()
            })
        });
        // Hard-wrapped text without a headline starts at its first line that is not a
        // phrase (its tables are body).
        let top = || {
            (0..limit)
                .filter(|_| wrapped)
                .find(|&j| !matches!(lines[j].class, Class::Blank | Class::Phrase(..)))
        };
        let head = shown_first.or(head);
        let first = head
            .or_else(|| (0..limit).find(|&j| lines[j].is_date()))
            .or_else(top)
            .or(first_prose)
            .or_else(|| lines.iter().position(Line::is_title));
        if let Some(first) = first {
            let body = date.or(head).map_or(first, |h| h + 1);
            starts.insert(
                0,
                Start {
                    first,
                    head,
                    date,
                    body,
                },
            );
        } else if let Some(first) = lines.iter().position(|l| l.class != Class::Blank) {
            // Nothing but boilerplate phrases: one article over the whole page.
            starts.insert(
                0,
                Start {
                    first,
                    head: None,
                    date: None,
                    body: first,
                },
            );
        }
    }
    starts
}

/// The lines of a headline shown twice around dateline `i` ("Headline / photo caption /
/// Updated 08 January 2023 / Headline / body"): the first headline, above the dateline and
/// after line `floor`, and its repeat, a title among the five non-blank lines after the
/// dateline and before any prose (a byline or a second dateline may come between).
fn repeated_headline(text: &str, lines: &[Line], i: usize, floor: usize) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (n, l) in lines.iter().enumerate().skip(i + 1) {
        match l.class {
            Class::Blank => continue,
            Class::Prose => return None,
            Class::Title if !l.byline && l.has_words(text, 2) => {
                if let Some(h) = earlier_same_title(text, lines, n, i, floor) {
                    return Some((h, n));
                }
            }
            _ => {}
        }
        seen += 1;
        if seen >= 5 {
            return None;
        }
    }
    None
}

/// A title line with the words of line `of`, at most six non-blank lines above line `below`
/// and at or after line `floor`, with no dateline or teaser heading between.
fn earlier_same_title(
    text: &str,
    lines: &[Line],
    of: usize,
    below: usize,
    floor: usize,
) -> Option<usize> {
    let mut seen = 0;
    for j in (floor..below).rev() {
        let l = &lines[j];
        match l.class {
            Class::Blank => continue,
            Class::Date(..)
            | Class::Phrase(PhraseKind::Block | PhraseKind::Pair | PhraseKind::Link, _) => {
                return None
            }
            Class::Title if same_words(text, l, &lines[of]) => return Some(j),
            _ => {}
        }
        seen += 1;
        if seen >= 6 {
            return None;
        }
    }
    None
}

/// Whether two lines hold the same words (runs of non-blank characters), whatever the
/// blanks between them.
fn same_words(text: &str, a: &Line, b: &Line) -> bool {
    text[a.start..a.end]
        .split_whitespace()
        .eq(text[b.start..b.end].split_whitespace())
}

/// How many printable ASCII bytes of a line, at its start and at its end, make the key
/// [`find_repeats`] sorts lines by: four are read faster than eight, and few more lines
/// that do not repeat one another share a key.
const KEY_BYTES: usize = 4;

/// A key of the words of `s`: lines with the same words (runs of non-blank characters,
/// whatever the blanks) have the same printable ASCII bytes in the same order (no blank is
/// one, and no byte of a character beyond ASCII is read), so the same first and last
/// [`KEY_BYTES`] of them, which make the key.
fn words_key(s: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let graphic = |c: u8| c.wrapping_sub(0x21) < 0x5E;
    let mut h = 0u64;
    let mut n = 0;
    for &c in s {
        if graphic(c) {
            h = (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(K);
            n += 1;
            if n == KEY_BYTES {
                break;
            }
        }
    }
    n = 0;
    for &c in s.iter().rev() {
        if graphic(c) {
            h = (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(K);
            n += 1;
            if n == KEY_BYTES {
                break;
            }
        }
    }
    h
}

/// Pushes to `out` the lines of the article region `st.first..end` that show again a line
/// above them in the region: its headline, or a line that is neither boilerplate nor a
/// table row and holds words with letters, four or more in prose and eight or more in a
/// title-like line (not the rows and headings of a wire table: "Shr nil vs nil" twice,
/// for the quarter and the year, says two things).
/// `cands` is scratch space.
fn find_repeats(
    text: &str,
    lines: &[Line],
    st: &Start,
    end: usize,
    marks: &[Mark],
    cands: &mut Vec<(u64, usize)>,
    out: &mut Vec<Span>,
) {
    // A line repeats a line above it when both qualify and hold the same words. Most lines
    // repeat nothing: they are sorted by a key of their words (equal for the same words),
    // and only those sharing a key with another are asked whether they qualify.
    let least = |l: &Line| if l.is_prose() { 4 } else { 8 };
    let qualifies = |l: &Line| {
        let s = &text[l.start..l.end];
        if !l.has_words(text, least(l)) {
            return false;
        }
        let worded = || {
            s.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .nth(least(l) - 1)
                .is_some()
        };
        !is_table_row(s) && worded()
    };
    cands.clear();
    let first_out = out.len();
    for i in st.first..end {
        let l = &lines[i];
        if !(l.is_prose() || l.is_title()) || marks[i].is_some() || Some(i) == st.date {
            continue;
        }
        if st
            .head
            .is_some_and(|h| h != i && same_words(text, &lines[h], l))
        {
            // The headline shown again: a repeat, whatever it holds.
            out.push(Span::new(l.start, l.end));
            continue;
        }
        cands.push((words_key(&text.as_bytes()[l.start..l.end]), i));
    }
    // In line order within a key.
    cands.sort_unstable();
    let mut g = 0;
    while g < cands.len() {
        let key = cands[g].0;
        let n = cands[g..].iter().take_while(|c| c.0 == key).count();
        if n > 1 {
            // The lines of the group that qualify, in line order, once asked.
            let mut kept: Vec<usize> = Vec::new();
            for &(_, i) in &cands[g..g + n] {
                let l = &lines[i];
                if !qualifies(l) {
                    continue;
                }
                if kept.iter().any(|&j| same_words(text, &lines[j], l)) {
                    out.push(Span::new(l.start, l.end));
                } else {
                    kept.push(i);
                }
            }
        }
        g += n;
    }
    out[first_out..].sort_unstable_by_key(|s| s.start);
}

/// Marks the boilerplate lines of one article's region (lines `st.first..end`).
fn mark_region(
    text: &str,
    lines: &[Line],
    st: &Start,
    end: usize,
    wrapped: bool,
    marks: &mut [Mark],
) {
    let header = |i: usize| Some(i) == st.head || Some(i) == st.date;
    let mut teaser = false;
    // Titles seen in the current teaser block.
    let mut titles = 0;
    let mut pair = false;
    let mut prev: Option<usize> = None; // previous non-blank line
    let body_from = st.body.max(st.first);
    for i in st.first..end {
        let l = &lines[i];
        if l.class == Class::Blank {
            continue;
        }
        let was_pair = std::mem::take(&mut pair);
        if header(i) {
            prev = Some(i);
            continue;
        }
        match l.class {
            Class::Phrase(k, at) => {
                marks[i] = Some((ZoneKind::of(k), at as usize));
                match k {
                    PhraseKind::Pair => pair = true,
                    PhraseKind::Block => {
                        teaser = true;
                        titles = 0;
                    }
                    _ => {}
                }
            }
            Class::Title | Class::Date(..) if was_pair || teaser => {
                marks[i] = Some((ZoneKind::Teaser, 0));
                titles += usize::from(teaser && l.is_title());
            }
            Class::Prose if teaser => {
                let after_title = prev.is_some_and(|p| {
                    (lines[p].is_title() || lines[p].is_date()) && marks[p].is_some()
                });
                let next = (i + 1..end).find(|&j| lines[j].class != Class::Blank);
                let next_is_body = next.is_some_and(|j| lines[j].is_prose() && lines[j].terminal);
                let next_is_title = next.is_some_and(|j| lines[j].is_title() || lines[j].is_date());
                // A finished paragraph under a teaser title is a teaser when another title
                // follows it, or when it is the last of a list of dated teasers; otherwise it
                // may be the body's last paragraph under a related link, and stays body.
                let under_date = prev.is_some_and(|p| lines[p].is_date());
                let listed = next_is_title || (titles >= 2 && under_date);
                if !l.terminal || (after_title && listed && !next_is_body) {
                    marks[i] = Some((ZoneKind::Teaser, 0));
                } else {
                    teaser = false;
                }
            }
            _ => {}
        }
        prev = Some(i);
    }
    // Runs of three or more short lines between the header and the body (widgets).
    let first_prose = (body_from..end).find(|&i| lines[i].is_prose() && marks[i].is_none());
    // The last body line: the last prose line that is finished, or that does not sit under
    // a headline-like title (a teaser of another story cut off after its title).
    let prev_line = |i: usize| {
        (body_from..i)
            .rev()
            .find(|&j| lines[j].class != Class::Blank)
    };
    let last_prose = (body_from..end).rev().find(|&i| {
        lines[i].is_prose()
            && marks[i].is_none()
            && (lines[i].terminal
                || !prev_line(i).is_some_and(|p| {
                    lines[p].is_title() && lines[p].has_words(text, 4) && !header(p)
                }))
    });
    if wrapped {
        // Hard-wrapped text has no menus or share bars; its short lines are table rows.
        return;
    }
    let mut i = body_from;
    while i < end {
        if !lines[i].is_short(text) || marks[i].is_some() || header(i) {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        while j < end
            && (lines[j].class == Class::Blank
                || (lines[j].is_short(text) && marks[j].is_none() && !header(j)))
        {
            if lines[j].class != Class::Blank {
                run.push(j);
            }
            j += 1;
        }
        if run.len() >= 3 && first_prose.is_none_or(|p| i < p) {
            for r in run {
                marks[r] = Some((ZoneKind::Nav, 0));
            }
        }
        i = j;
    }
    // After the last prose line: every other line is boilerplate, except a long title-like
    // line right after it (a last sentence that lost its full stop).
    if let Some(last) = last_prose {
        let next = (last + 1..end).find(|&j| lines[j].class != Class::Blank);
        let keep = next
            .filter(|&j| lines[j].is_title() && lines[j].has_words(text, 9) && marks[j].is_none());
        for j in last + 1..end {
            if Some(j) == keep {
                continue;
            }
            if lines[j].class != Class::Blank && marks[j].is_none() && !header(j) {
                marks[j] = Some((ZoneKind::Trailing, 0));
            }
        }
    }
}

#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::Span;

/// One input document as read from a corpus, before any analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// The document id: the JSONL/CSV `id`, `FILE:LINE` when absent, or the path of a
    /// `.txt` file relative to the input folder.
    pub id: String,
    /// The original text. Every span khabar reports indexes this string.
    pub text: String,
    /// Title from metadata, when the record had one.
    pub title: Option<String>,
    /// Publication date from metadata, as written (`YYYY-MM-DD` or RFC 3339).
    pub date: Option<String>,
    /// URL from metadata.
    pub url: Option<String>,
    /// Source or outlet name from metadata.
    pub source: Option<String>,
    /// Where the document came from, `FILE` or `FILE:LINE`, for messages.
    pub origin: String,
    /// Problems met while reading (lossy UTF-8 decoding, a bad date field, ...).
    pub diagnostics: Vec<Diagnostic>,
}

/// Where an article's document creation time (DCT) came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum DctSource {
    /// The `date` field of the input record.
    Metadata,
    /// A dateline found in the page ("Updated 08 January 2023").
    Dateline,
    /// The `--dates` table given on the command line (`path,date`).
    Sidecar,
    /// An ISO date in the page's file name (`2021-11-04_talks.txt`).
    FileName,
    /// `YYYY/MM/DD` folders on the page's path.
    Path,
    /// A date in the path of the record's `url` (`/2021/11/04/`).
    Url,
    /// The `--reference-date` given on the command line.
    Reference,
    /// No anchor: relative expressions stay underspecified.
    #[default]
    None,
}

impl DctSource {
    /// The name written in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            DctSource::Metadata => "metadata",
            DctSource::Dateline => "dateline",
            DctSource::Sidecar => "sidecar",
            DctSource::FileName => "filename",
            DctSource::Path => "path",
            DctSource::Url => "url",
            DctSource::Reference => "reference",
            DctSource::None => "none",
        }
    }
}

/// The TIMEX3 type of a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum TimexType {
    /// A calendar date or period: `2022-12-19`, `2021-11`, `PAST_REF`.
    Date,
    /// A time of day: `2022-12-19T09:09`.
    Time,
    /// A length of time: `P14Y`.
    Duration,
    /// A recurring time: `XXXX-WXX-1`.
    Set,
}

impl TimexType {
    /// The TIMEX3 name: `DATE`, `TIME`, `DURATION` or `SET`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Severity {
    /// Worth knowing; the document was processed in full.
    Warning,
    /// Part of the input could not be used.
    Error,
}

/// A problem with one document, kept with the document instead of failing the run.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// A short machine-readable code such as `lossy-utf8` or `bad-date`.
    pub code: &'static str,
    /// The human-readable message, lowercase, naming the bad value.
    pub message: String,
    /// Where in the text, when it applies.
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A warning with no span.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            span: None,
        }
    }

    /// An error with no span.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
        }
    }
}

/// One article found inside a document (a scraped page can hold several).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleRecord {
    /// Number of the article within its page, from 1.
    pub index: u32,
    /// The bytes of the page the article covers (headline, dateline and body).
    pub span: Span,
    /// The record's own title (metadata) for the first article of a page, else the
    /// headline found in the text.
    pub title: Option<String>,
    /// The headline found in the text, on one line, when there was one.
    pub headline: Option<String>,
    /// The document creation time, `YYYY-MM-DD`, when known.
    pub dct: Option<String>,
    /// Where the DCT came from.
    pub dct_source: DctSource,
    /// The dateline text as found in the page, when there was one.
    pub dateline: Option<Span>,
    /// Characters (Unicode scalar values) in the article.
    pub chars: u64,
    /// Tokens in the article.
    pub tokens: u64,
    /// Sentences in the article.
    pub sentences: u64,
    /// Entity mentions in the article.
    pub entities: u64,
    /// Time expressions in the article.
    pub dates: u64,
    /// Bytes of the article marked as boilerplate.
    pub boilerplate_bytes: u64,
}

/// One entity mention: a gazetteer match or a discovered name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMention {
    /// Where the mention is in the original text.
    pub span: Span,
    /// Number of the article (from 1) holding the mention.
    pub article: u32,
    /// Index (from 0) of the sentence holding the mention, over the whole document.
    pub sentence: u32,
    /// Entity type: PERSON, ORG, LOC, NORP or a gazetteer's own.
    pub entity_type: Arc<str>,
    /// The gazetteer entry id. Several ids joined by `|` when the name is ambiguous.
    pub entity_id: Arc<str>,
    /// The canonical name of the entry, which unifies all its spellings.
    pub canonical: Arc<str>,
    /// How the surface text met the entry: `exact`, `folded`, `variant`, `partial`, or
    /// `discovered` for a name found without a gazetteer.
    pub match_kind: &'static str,
    /// The gazetteer spelling (name or alias) that matched, when one did.
    pub alias: Option<Arc<str>>,
    /// Whether the name belongs to more than one entry.
    pub ambiguous: bool,
    /// Whether the mention lies in a boilerplate zone.
    pub in_boilerplate: bool,
}

/// One time expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Where the expression is in the original text.
    pub span: Span,
    /// Number of the article (from 1) holding the expression.
    pub article: u32,
    /// Index (from 0) of the sentence holding the expression, over the whole document.
    pub sentence: u32,
    /// The TIMEX3 type.
    pub timex_type: TimexType,
    /// The TIMEX3 value (`2022-12-19`, `P14Y`, `PAST_REF`, `XXXX-06-21`, ...).
    pub value: String,
    /// The anchor the value was resolved against (`YYYY-MM-DD`), empty when none.
    pub anchor: String,
    /// Whether the expression lies in a boilerplate zone.
    pub in_boilerplate: bool,
    /// The rule that read the expression (`month`, `weekday`, `duration`, ...).
    pub rule: &'static str,
    /// The resolution step that valued it (`past-by-tense`, `anchor-shift`, ...), empty
    /// when the value is as written.
    pub resolution: &'static str,
}

/// Everything khabar found in one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentRecord {
    /// The document as read.
    pub article: Article,
    /// The articles found in the page, in text order, numbered from 1.
    pub articles: Vec<ArticleRecord>,
    /// Sentence spans over the whole document, in text order.
    pub sentences: Vec<Span>,
    /// Boilerplate zones, in text order.
    pub boilerplate: Vec<Span>,
    /// Lines that show again a line above them in the same article (a headline under its
    /// dateline, a photo caption shown twice), in text order: what they hold is reported
    /// with zone `repeat` and counted once.
    pub repeats: Vec<Span>,
    /// The kind of each boilerplate zone (`nav`, `teaser`, `credit`, ...), parallel to
    /// `boilerplate`.
    pub boilerplate_kinds: Vec<&'static str>,
    /// Entity mentions, in text order.
    pub entities: Vec<EntityMention>,
    /// Time expressions, in text order.
    pub dates: Vec<DateMention>,
    /// Tokens in the whole document.
    pub tokens: u64,
    /// Problems met, including those from reading.
    pub diagnostics: Vec<Diagnostic>,
}

impl DocumentRecord {
    /// `ok`, or the diagnostics joined by `; ` as written in the `status` column.
    pub fn status(&self) -> String {
        let all = self.article.diagnostics.iter().chain(&self.diagnostics);
        let msgs: Vec<String> = all.map(|d| format!("{}: {}", d.code, d.message)).collect();
        if msgs.is_empty() {
            "ok".to_string()
        } else {
            msgs.join("; ")
        }
    }

    /// Whether `span` lies in a repeated line ([`DocumentRecord::repeats`]).
    pub fn in_repeat(&self, span: Span) -> bool {
        let i = self.repeats.partition_point(|r| r.end <= span.start);
        self.repeats.get(i).is_some_and(|r| r.overlaps(span))
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.article
            .diagnostics
            .iter()
            .chain(&self.diagnostics)
            .any(|d| d.severity == Severity::Error)
    }
}

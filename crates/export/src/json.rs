//! The JSON record of a document: a line of `documents.jsonl` and a record of
//! `khabar stream`, one serializer for both.
//!
//! Its articles, entities and dates are nested with the same fields as the CSV rows, full
//! text (never guarded, never cut). The records serialise straight from borrowed views of
//! the [`DocumentRecord`]: nothing is copied into intermediate vectors.

use std::io::{self, Write};

use khabar_core::{DocumentRecord, Span};
use serde::{ser::SerializeStruct, Serialize, Serializer};

/// Writes `rec` as one JSON line (its record and `\n`): `doc_id`, `status`, `title`, `date`,
/// `url`, `source`, `bytes`, `tokens`, then `articles`, `entities`, `dates` and
/// `diagnostics`, with the columns of `documents.csv`, `entities.csv` and `dates.csv`
/// (less `doc_id`) as fields.
///
/// Values are raw: no spreadsheet formula guard, no cut, booleans as JSON booleans. A line
/// of `documents.jsonl` and a record of `khabar stream` are this function's output.
///
/// ```
/// use khabar_core::{Article, DocumentRecord};
///
/// let rec = DocumentRecord {
///     article: Article { id: "a1".into(), text: "Kabul".into(), ..Article::default() },
///     ..DocumentRecord::default()
/// };
/// let mut line = Vec::new();
/// khabar_export::write_json_record(&mut line, &rec).unwrap();
/// assert!(line.starts_with(br#"{"doc_id":"a1","status":"ok","title":null"#));
/// assert!(line.ends_with(b"\n"));
/// ```
pub fn write_json_record<W: Write>(w: &mut W, rec: &DocumentRecord) -> io::Result<()> {
    write_with_status(w, rec, &rec.status())
}

/// [`write_json_record`] with the record's status already made.
pub(crate) fn write_with_status<W: Write>(
    w: &mut W,
    rec: &DocumentRecord,
    status: &str,
) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &JsonDocument { rec, status })?;
    w.write_all(b"\n")
}

/// A `DocumentRecord` seen as its JSONL line.
struct JsonDocument<'a> {
    rec: &'a DocumentRecord,
    status: &'a str,
}

fn slice(text: &str, span: Span) -> &str {
    text.get(span.range()).unwrap_or("")
}

impl Serialize for JsonDocument<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rec = self.rec;
        let a = &rec.article;
        let mut st = s.serialize_struct("Document", 12)?;
        st.serialize_field("doc_id", &a.id)?;
        st.serialize_field("status", self.status)?;
        st.serialize_field("title", &a.title)?;
        st.serialize_field("date", &a.date)?;
        st.serialize_field("url", &a.url)?;
        st.serialize_field("source", &a.source)?;
        st.serialize_field("bytes", &a.text.len())?;
        st.serialize_field("tokens", &rec.tokens)?;
        st.serialize_field("articles", &Articles(rec))?;
        st.serialize_field("entities", &Entities(rec))?;
        st.serialize_field("dates", &Dates(rec))?;
        st.serialize_field("diagnostics", &Diagnostics(rec))?;
        st.end()
    }
}

struct Articles<'a>(&'a DocumentRecord);
struct Entities<'a>(&'a DocumentRecord);
struct Dates<'a>(&'a DocumentRecord);
struct Diagnostics<'a>(&'a DocumentRecord);

impl Serialize for Articles<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.0.article.text.as_str();
        s.collect_seq(self.0.articles.iter().map(|a| Article { a, text }))
    }
}

struct Article<'a> {
    a: &'a khabar_core::ArticleRecord,
    text: &'a str,
}

impl Serialize for Article<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.a;
        let mut st = s.serialize_struct("Article", 15)?;
        st.serialize_field("article", &a.index)?;
        st.serialize_field("byte_start", &a.span.start)?;
        st.serialize_field("byte_end", &a.span.end)?;
        st.serialize_field("title", &a.title)?;
        st.serialize_field("dct", &a.dct)?;
        st.serialize_field("dct_source", a.dct_source.as_str())?;
        st.serialize_field("chars", &a.chars)?;
        st.serialize_field("tokens", &a.tokens)?;
        st.serialize_field("sentences", &a.sentences)?;
        st.serialize_field("entities", &a.entities)?;
        st.serialize_field("dates", &a.dates)?;
        st.serialize_field("dateline", &a.dateline.map(|d| slice(self.text, d)))?;
        st.serialize_field("dateline_start", &a.dateline.map(|d| d.start))?;
        st.serialize_field("boilerplate_bytes", &a.boilerplate_bytes)?;
        st.serialize_field("headline", &a.headline)?;
        st.end()
    }
}

impl Serialize for Entities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.0.article.text.as_str();
        let rec = self.0;
        s.collect_seq(rec.entities.iter().map(|e| Entity { e, text, rec }))
    }
}

struct Entity<'a> {
    e: &'a khabar_core::EntityMention,
    text: &'a str,
    rec: &'a DocumentRecord,
}

impl Serialize for Entity<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.e;
        let mut st = s.serialize_struct("Entity", 13)?;
        st.serialize_field("article", &e.article)?;
        st.serialize_field("sentence", &e.sentence)?;
        st.serialize_field("byte_start", &e.span.start)?;
        st.serialize_field("byte_end", &e.span.end)?;
        st.serialize_field("text", slice(self.text, e.span))?;
        st.serialize_field("type", &*e.entity_type)?;
        st.serialize_field("entity_id", &*e.entity_id)?;
        st.serialize_field("canonical", &*e.canonical)?;
        st.serialize_field("match", e.match_kind)?;
        st.serialize_field("in_boilerplate", &e.in_boilerplate)?;
        st.serialize_field("ambiguous", &e.ambiguous)?;
        st.serialize_field("alias", &e.alias.as_deref())?;
        st.serialize_field(
            "zone",
            crate::zone_of(self.rec, e.article, e.span, e.in_boilerplate),
        )?;
        st.end()
    }
}

impl Serialize for Dates<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.0.article.text.as_str();
        let rec = self.0;
        s.collect_seq(rec.dates.iter().map(|d| Date { d, text, rec }))
    }
}

struct Date<'a> {
    d: &'a khabar_core::DateMention,
    text: &'a str,
    rec: &'a DocumentRecord,
}

impl Serialize for Date<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let mut st = s.serialize_struct("Date", 11)?;
        st.serialize_field("article", &d.article)?;
        st.serialize_field("sentence", &d.sentence)?;
        st.serialize_field("byte_start", &d.span.start)?;
        st.serialize_field("byte_end", &d.span.end)?;
        st.serialize_field("text", slice(self.text, d.span))?;
        st.serialize_field("type", d.timex_type.as_str())?;
        st.serialize_field("value", &d.value)?;
        st.serialize_field("anchor", &d.anchor)?;
        st.serialize_field("in_boilerplate", &d.in_boilerplate)?;
        st.serialize_field("rule", &format_args!("{}", crate::RuleName(d)))?;
        st.serialize_field("zone", crate::date_zone(self.rec, d))?;
        st.end()
    }
}

impl Serialize for Diagnostics<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let all = self.0.article.diagnostics.iter().chain(&self.0.diagnostics);
        s.collect_seq(all.map(Diagnostic))
    }
}

struct Diagnostic<'a>(&'a khabar_core::Diagnostic);

impl Serialize for Diagnostic<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut st = s.serialize_struct("Diagnostic", 5)?;
        let severity = match d.severity {
            khabar_core::Severity::Warning => "warning",
            _ => "error",
        };
        st.serialize_field("severity", severity)?;
        st.serialize_field("code", d.code)?;
        st.serialize_field("message", &d.message)?;
        st.serialize_field("byte_start", &d.span.map(|s| s.start))?;
        st.serialize_field("byte_end", &d.span.map(|s| s.end))?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use khabar_core::{Article, DateMention, DocumentRecord, EntityMention, Span, TimexType};

    fn record() -> DocumentRecord {
        let text = "Kabul said on Monday.";
        let entity = |alias: Option<&str>| EntityMention {
            span: Span::new(0, 5),
            article: 1,
            sentence: 0,
            entity_type: Arc::from("LOC"),
            entity_id: Arc::from("LOC:kabul"),
            canonical: Arc::from("Kabul"),
            match_kind: "exact",
            alias: alias.map(Arc::from),
            ambiguous: false,
            in_boilerplate: false,
        };
        let date = |resolution| DateMention {
            span: Span::new(14, 20),
            article: 1,
            sentence: 0,
            timex_type: TimexType::Date,
            value: "2023-01-02".into(),
            anchor: "2023-01-08".into(),
            in_boilerplate: false,
            rule: "weekday",
            resolution,
        };
        DocumentRecord {
            article: Article {
                id: "a".into(),
                text: text.into(),
                ..Article::default()
            },
            entities: vec![entity(Some("Kabul")), entity(None)],
            dates: vec![date("past-by-tense"), date("")],
            ..DocumentRecord::default()
        }
    }

    #[test]
    fn entities_carry_alias_and_dates_carry_rule_as_in_the_csv() {
        let mut line = Vec::new();
        super::write_json_record(&mut line, &record()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["entities"][0]["alias"], "Kabul");
        assert!(v["entities"][1]["alias"].is_null());
        assert_eq!(v["dates"][0]["rule"], "weekday/past-by-tense");
        assert_eq!(v["dates"][1]["rule"], "weekday");
    }
}

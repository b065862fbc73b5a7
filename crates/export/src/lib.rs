//! Spreadsheet-safe CSV tables of khabar document records.
//!
//! PROVISIONAL: the column layout below is the contract; sharding, JSONL, the run manifest
//! and the summary table arrive with issue 7.
#![deny(missing_docs)]

use std::{
    fs::{self, File},
    io::{self, BufWriter, Write},
    path::{Path, PathBuf},
};

use khabar_core::{DocumentRecord, Span};

/// Columns of `documents.csv`.
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "doc_id", "article", "title", "dct", "dct_source", "chars", "tokens", "sentences", "entities", "dates",
    "status", "dateline", "boilerplate_bytes", "url", "source",
];
/// Columns of `entities.csv`.
pub const ENTITY_COLUMNS: &[&str] = &[
    "doc_id", "article", "sentence", "byte_start", "byte_end", "text", "type", "entity_id", "canonical", "match",
    "in_boilerplate", "ambiguous",
];
/// Columns of `dates.csv`.
pub const DATE_COLUMNS: &[&str] =
    &["doc_id", "article", "sentence", "byte_start", "byte_end", "text", "type", "value", "anchor", "in_boilerplate"];
/// Columns of `timeline.csv`.
pub const TIMELINE_COLUMNS: &[&str] = &["date", "doc_id", "article", "sentence", "entities", "snippet"];

/// Errors while writing tables.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An I/O error on a named file.
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        err: io::Error,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io { path, err } => write!(f, "writing {}: {err}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

struct Table {
    tmp: PathBuf,
    path: PathBuf,
    w: csv::Writer<BufWriter<File>>,
    rows: u64,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Table, Error> {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.partial"));
        let io = |err| Error::Io { path: tmp.clone(), err };
        let mut f = BufWriter::with_capacity(1 << 16, File::create(&tmp).map_err(io)?);
        f.write_all("\u{FEFF}".as_bytes()).map_err(io)?;
        let mut w = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::NonNumeric)
            .terminator(csv::Terminator::CRLF)
            .from_writer(f);
        w.write_record(header).map_err(|e| Error::Io { path: tmp.clone(), err: e.into() })?;
        Ok(Table { tmp, path, w, rows: 0 })
    }

    fn finish(self) -> Result<u64, Error> {
        let Table { tmp, path, w, rows } = self;
        let io = |err| Error::Io { path: tmp.clone(), err };
        let f = w.into_inner().map_err(|e| io(e.into_error()))?;
        f.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)?;
        fs::rename(&tmp, &path).map_err(|err| Error::Io { path: path.clone(), err })?;
        Ok(rows)
    }
}

/// Guards a text cell against formula injection (OWASP): a leading apostrophe before a cell
/// starting with `=`, `+`, `-`, `@`, tab or CR.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// What to write and how.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Write the CSV tables.
    pub csv: bool,
    /// Write `documents.jsonl` (one document per line, nested entities and dates).
    pub jsonl: bool,
    /// Plain CSV for programs: no BOM, no formula guard, `\n` line ends.
    pub plain: bool,
    /// Field delimiter of the CSV tables.
    pub delimiter: u8,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions { csv: true, jsonl: false, plain: false, delimiter: b',' }
    }
}

/// Rows written per table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Rows of `documents.csv`.
    pub documents: u64,
    /// Rows of `entities.csv`.
    pub entities: u64,
    /// Rows of `dates.csv`.
    pub dates: u64,
    /// Rows of `timeline.csv`.
    pub timeline: u64,
}

/// Writes the four CSV tables of a run into one folder. Files appear under their final
/// names only when [`CsvExporter::finish`] succeeds.
pub struct CsvExporter {
    documents: Table,
    entities: Table,
    dates: Table,
    timeline: Table,
    line: Vec<String>,
}

impl std::fmt::Debug for CsvExporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvExporter").field("dir", &self.documents.path.parent()).finish()
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl CsvExporter {
    /// Creates the folder if needed and opens the four tables.
    pub fn create(dir: &Path, options: &ExportOptions) -> Result<CsvExporter, Error> {
        let _ = options;
        fs::create_dir_all(dir).map_err(|err| Error::Io { path: dir.to_path_buf(), err })?;
        Ok(CsvExporter {
            documents: Table::create(dir, "documents.csv", DOCUMENT_COLUMNS)?,
            entities: Table::create(dir, "entities.csv", ENTITY_COLUMNS)?,
            dates: Table::create(dir, "dates.csv", DATE_COLUMNS)?,
            timeline: Table::create(dir, "timeline.csv", TIMELINE_COLUMNS)?,
            line: Vec::new(),
        })
    }

    /// Writes the rows of one document.
    pub fn write(&mut self, rec: &DocumentRecord) -> Result<(), Error> {
        let text = rec.article.text.as_str();
        let id = rec.article.id.as_str();
        let status = rec.status();
        for a in &rec.articles {
            let l = &mut self.line;
            l.clear();
            l.extend([
                guard(id).into_owned(),
                a.index.to_string(),
                guard(a.title.as_deref().unwrap_or("")).into_owned(),
                a.dct.clone().unwrap_or_default(),
                a.dct_source.as_str().to_string(),
                a.chars.to_string(),
                a.tokens.to_string(),
                a.sentences.to_string(),
                a.entities.to_string(),
                a.dates.to_string(),
                guard(&status).into_owned(),
                a.dateline.map(|s| guard(&text[s]).into_owned()).unwrap_or_default(),
                a.boilerplate_bytes.to_string(),
                guard(rec.article.url.as_deref().unwrap_or("")).into_owned(),
                guard(rec.article.source.as_deref().unwrap_or("")).into_owned(),
            ]);
            write_row(&mut self.documents, l)?;
        }
        for e in &rec.entities {
            let l = &mut self.line;
            l.clear();
            l.extend([
                guard(id).into_owned(),
                e.article.to_string(),
                e.sentence.to_string(),
                e.span.start.to_string(),
                e.span.end.to_string(),
                guard(&text[e.span]).into_owned(),
                e.entity_type.to_string(),
                guard(&e.entity_id).into_owned(),
                guard(&e.canonical).into_owned(),
                e.match_kind.to_string(),
                e.in_boilerplate.to_string(),
                e.ambiguous.to_string(),
            ]);
            write_row(&mut self.entities, l)?;
        }
        for d in &rec.dates {
            let l = &mut self.line;
            l.clear();
            l.extend([
                guard(id).into_owned(),
                d.article.to_string(),
                d.sentence.to_string(),
                d.span.start.to_string(),
                d.span.end.to_string(),
                guard(&text[d.span]).into_owned(),
                d.timex_type.as_str().to_string(),
                guard(&d.value).into_owned(),
                d.anchor.clone(),
                d.in_boilerplate.to_string(),
            ]);
            write_row(&mut self.dates, l)?;
        }
        self.write_timeline(rec)?;
        Ok(())
    }

    fn write_timeline(&mut self, rec: &DocumentRecord) -> Result<(), Error> {
        let text = rec.article.text.as_str();
        let mut i = 0;
        while i < rec.dates.len() {
            let sent = rec.dates[i].sentence;
            let mut j = i;
            while j < rec.dates.len() && rec.dates[j].sentence == sent {
                j += 1;
            }
            let mut values: Vec<&str> = rec.dates[i..j]
                .iter()
                .filter(|d| !d.in_boilerplate && is_resolved(d))
                .map(|d| d.value.as_str())
                .collect();
            values.dedup();
            if !values.is_empty() {
                let mut ents: Vec<&str> = rec
                    .entities
                    .iter()
                    .filter(|e| e.sentence == sent && !e.in_boilerplate)
                    .map(|e| &*e.canonical)
                    .collect();
                ents.sort_unstable();
                ents.dedup();
                let ents = ents.join("; ");
                let span = rec.sentences.get(sent as usize).copied().unwrap_or(Span::new(0, 0));
                let snippet = one_line(&text[span]);
                let article = rec.dates[i].article;
                for v in values {
                    let l = &mut self.line;
                    l.clear();
                    l.extend([
                        v.to_string(),
                        guard(&rec.article.id).into_owned(),
                        article.to_string(),
                        sent.to_string(),
                        guard(&ents).into_owned(),
                        guard(&snippet).into_owned(),
                    ]);
                    write_row(&mut self.timeline, l)?;
                }
            }
            i = j;
        }
        Ok(())
    }

    /// Flushes, syncs and renames every table to its final name, and writes the run
    /// manifest `run.json` from `manifest`.
    pub fn finish(self, manifest: &serde_json::Value) -> Result<ExportSummary, Error> {
        let _ = manifest;
        Ok(ExportSummary {
            documents: self.documents.finish()?,
            entities: self.entities.finish()?,
            dates: self.dates.finish()?,
            timeline: self.timeline.finish()?,
        })
    }
}

/// Whether a date value names a calendar day, month or year (what a timeline can place).
fn is_resolved(d: &khabar_core::DateMention) -> bool {
    matches!(d.timex_type, khabar_core::TimexType::Date | khabar_core::TimexType::Time)
        && d.value.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

fn write_row(t: &mut Table, fields: &[String]) -> Result<(), Error> {
    t.rows += 1;
    t.w.write_record(fields).map_err(|e| Error::Io { path: t.tmp.clone(), err: e.into() })
}

//! Spreadsheet-safe CSV and JSONL tables of khabar document records.
//!
//! - [`CsvExporter`] writes the tables of a run into one folder: `documents.csv`,
//!   `entities.csv`, `dates.csv`, `timeline.csv`, `entities_summary.csv`, optionally
//!   `documents.jsonl`, and the run manifest `run.json`.
//! - [`ExportOptions`] says which tables and how (spreadsheet-safe or plain CSV, delimiter).
//! - [`ExportSummary`] lists the files written, with their rows and parts.
//!
//! # What "spreadsheet-safe" means
//!
//! By default every CSV table is UTF-8 with a byte-order mark (Excel reads UTF-8 only
//! then), has CRLF line ends, and quotes **every** text cell, including text that looks
//! like a number (`007`, `2014`), while number columns are never quoted. A text cell that
//! starts with `=`, `+`, `-`, `@`, tab, CR or `'` gets one leading apostrophe (the OWASP
//! guard against formula injection; an apostrophe-led cell is always a guarded one, so
//! [`unguard`] gives the text back). A text cell longer than Excel's 32,767 UTF-16 units is
//! cut, still within the limit, and ends with [`TRUNCATION_MARKER`]; `documents.jsonl`
//! keeps the full text. A table past 1,048,575 data rows continues in `NAME.part2.csv`,
//! `NAME.part3.csv`, ..., each with its own header.
//!
//! With [`ExportOptions::xlsx`] the same tables are also sheets of one workbook,
//! `tables.xlsx` ([`WORKBOOK`]): text cells as strings (never formulas, no guard needed),
//! counts as numbers, complete `YYYY-MM-DD` dates as date cells, header frozen, autofilter.
//!
//! `timeline.csv` is written in date order, then input order: its rows are the one table
//! kept in memory until [`CsvExporter::finish`] (a few hundred bytes per dated sentence).
//! Files of formats a run does not write (an old `documents.jsonl` or workbook) are removed
//! when it finishes.
//!
//! [`ExportOptions::plain`] is for programs: no BOM, no guard, `\n`, no cut, no parts.
//!
//! Every file is written under a hidden temporary name in the output folder, synced, and
//! renamed only by [`CsvExporter::finish`]; [`CsvExporter::abort`], an error or a drop
//! without `finish` removes the temporaries, so a failed run never leaves a table that looks
//! complete. `run.json` is removed before the renames and written last, so when it is
//! there it describes the tables beside it.
//!
//! # Example
//!
//! ```
//! use khabar_core::{Article, ArticleRecord, DocumentRecord};
//! use khabar_export::{CsvExporter, ExportOptions};
//!
//! let dir = std::env::temp_dir().join(format!("khabar-export-doc-{}", std::process::id()));
//! let mut exporter = CsvExporter::create(&dir, &ExportOptions::default())?;
//! let rec = DocumentRecord {
//!     article: Article { id: "007".into(), text: "Talks resumed in Kabul.".into(), ..Article::default() },
//!     articles: vec![ArticleRecord { index: 1, title: Some("=HYPERLINK(\"x\")".into()), ..ArticleRecord::default() }],
//!     ..DocumentRecord::default()
//! };
//! exporter.write(&rec)?;
//! let summary = exporter.finish(&serde_json::json!({ "inputs": ["talks.jsonl"] }))?;
//! assert_eq!(summary.documents, 1);
//!
//! let csv = std::fs::read_to_string(dir.join("documents.csv"))?;
//! let row = csv.lines().nth(1).unwrap();
//! assert!(row.starts_with(r#""007",1,"'=HYPERLINK(""x"")","#));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod cell;
mod json;
mod summary;
mod table;
mod xlsx;

use std::{
    fs,
    path::{Path, PathBuf},
};

use khabar_core::{DateMention, DocumentRecord, Span};
use serde::Serialize;

use cell::CellFormat;
pub use cell::{
    cell_text, needs_guard, unguard, utf16_len, EXCEL_CELL_LIMIT, EXCEL_DATA_ROWS,
    TRUNCATION_MARKER,
};
pub use json::write_json_record;

pub use summary::Place;
use summary::{is_resolved, DateKey, EntityStats};
use table::{CsvFormat, Dest, Part, RowBuf, Rows, Table, Writeback};
pub use xlsx::WORKBOOK;
use xlsx::{Sheet, Xlsx};

/// Columns of `documents.csv`.
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "doc_id",
    "article",
    "title",
    "dct",
    "dct_source",
    "chars",
    "tokens",
    "sentences",
    "entities",
    "dates",
    "status",
    "dateline",
    "boilerplate_bytes",
    "url",
    "source",
    "headline",
];
/// Columns of `entities.csv`.
pub const ENTITY_COLUMNS: &[&str] = &[
    "doc_id",
    "article",
    "sentence",
    "byte_start",
    "byte_end",
    "text",
    "type",
    "entity_id",
    "canonical",
    "match",
    "in_boilerplate",
    "ambiguous",
    "zone",
];
/// Columns of `entities.csv` when names are discovered: [`ENTITY_COLUMNS`] and `alias`
/// (the gazetteer spelling that matched; empty for a discovered name).
pub const ENTITY_COLUMNS_DISCOVERY: &[&str] = &[
    "doc_id",
    "article",
    "sentence",
    "byte_start",
    "byte_end",
    "text",
    "type",
    "entity_id",
    "canonical",
    "match",
    "in_boilerplate",
    "ambiguous",
    "alias",
    "zone",
];
/// Columns of `dates.csv`.
pub const DATE_COLUMNS: &[&str] = &[
    "doc_id",
    "article",
    "sentence",
    "byte_start",
    "byte_end",
    "text",
    "type",
    "value",
    "anchor",
    "in_boilerplate",
    "rule",
    "zone",
];
/// Columns of `timeline.csv`.
pub const TIMELINE_COLUMNS: &[&str] = &[
    "date", "doc_id", "article", "sentence", "entities", "snippet",
];
/// Columns of `entities_summary.csv`.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "canonical",
    "type",
    "documents",
    "mentions",
    "first_date",
    "last_date",
    "entity_id",
    "country_code",
    "lat",
    "lon",
];

/// Columns of `entities_summary.csv` when names are discovered: [`SUMMARY_COLUMNS`] and
/// `source` (`gazetteer` or `discovered`).
pub const SUMMARY_COLUMNS_DISCOVERY: &[&str] = &[
    "canonical",
    "type",
    "documents",
    "mentions",
    "first_date",
    "last_date",
    "entity_id",
    "source",
    "country_code",
    "lat",
    "lon",
];

/// Name of the table of discovered names, in the gazetteer format (`id, name, type,
/// aliases`), written beside the tables when names are discovered.
pub const DISCOVERED: &str = "discovered.tsv";

/// Name of the run manifest written beside the tables.
pub const MANIFEST: &str = "run.json";

/// Errors while writing tables.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An I/O error on a named file.
    #[error("writing {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The workbook could not be written.
    #[error("writing workbook {}: {msg}", path.display())]
    Xlsx {
        /// The workbook file.
        path: PathBuf,
        /// What went wrong.
        msg: String,
    },
    /// A delimiter that cannot separate quoted CSV fields.
    #[error("invalid csv delimiter {0:?}: use one ASCII character other than a quote, CR or LF")]
    BadDelimiter(char),
}

/// What to write and how.
///
/// Build it with struct update syntax so new fields keep their defaults:
/// `ExportOptions { plain: true, ..ExportOptions::default() }`.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Write the CSV tables.
    pub csv: bool,
    /// Write `documents.jsonl` (one document per line, nested entities and dates).
    pub jsonl: bool,
    /// Write the workbook `tables.xlsx`: one sheet per table, typed cells.
    pub xlsx: bool,
    /// Plain CSV for programs: no BOM, no formula guard, `\n` line ends, no cell cut and no
    /// parts. Text cells are still quoted.
    pub plain: bool,
    /// Field delimiter of the CSV tables (`b','`, `b';'`, `b'\t'`, ...).
    pub delimiter: u8,
    /// Data rows per CSV part before `NAME.part2.csv` starts (spreadsheet mode only).
    pub rows_per_part: u64,
    /// Longest text cell, in UTF-16 code units, before it is cut (spreadsheet mode only).
    pub cell_limit: usize,
    /// Longest `timeline.csv` snippet, in characters, `…` included.
    pub snippet_chars: usize,
    /// The records hold discovered names: `entities.csv` gets an `alias` column,
    /// `entities_summary.csv` a `source` column, and [`DISCOVERED`] is written. Off, the
    /// tables are those of khabar before discovery, byte for byte.
    pub discovery: bool,
    /// The process exits right after [`CsvExporter::finish`]: the run's totals and timeline
    /// (megabytes of small allocations) are left for the system to reclaim rather than
    /// freed.
    pub exiting: bool,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            csv: true,
            jsonl: false,
            xlsx: false,
            plain: false,
            delimiter: b',',
            rows_per_part: EXCEL_DATA_ROWS,
            cell_limit: EXCEL_CELL_LIMIT,
            snippet_chars: 300,
            discovery: false,
            exiting: false,
        }
    }
}

impl ExportOptions {
    fn csv_format(&self) -> Result<CsvFormat, Error> {
        let d = self.delimiter;
        if !d.is_ascii() || matches!(d, b'"' | b'\r' | b'\n') {
            return Err(Error::BadDelimiter(d as char));
        }
        Ok(CsvFormat {
            bom: !self.plain,
            crlf: !self.plain,
            delimiter: d,
            cell: CellFormat {
                guard: !self.plain,
                limit: if self.plain {
                    usize::MAX
                } else {
                    self.cell_limit.max(16)
                },
            },
            rows_per_part: if self.plain {
                u64::MAX
            } else {
                self.rows_per_part.max(1)
            },
        })
    }
}

/// One file written by a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutputFile {
    /// The table: `documents`, `entities`, `dates`, `timeline`, `entities_summary`,
    /// `documents` again for `documents.jsonl`, or `run` for the manifest (last in
    /// [`ExportSummary::files`], absent from the manifest's own `tables` list).
    pub table: &'static str,
    /// File name in the output folder (`entities.part2.csv`).
    pub file: String,
    /// Part number, from 1.
    pub part: u32,
    /// Data rows (CSV rows without the header, or JSONL lines).
    pub rows: u64,
    /// Bytes of the file.
    pub bytes: u64,
}

/// What a finished export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Rows of `documents.csv`.
    pub documents: u64,
    /// Rows of `entities.csv`.
    pub entities: u64,
    /// Rows of `dates.csv`.
    pub dates: u64,
    /// Rows of `timeline.csv`.
    pub timeline: u64,
    /// Rows of `entities_summary.csv`.
    pub entities_summary: u64,
    /// Lines of `documents.jsonl`.
    pub jsonl_documents: u64,
    /// Every file written, in order, with `run.json` last.
    pub files: Vec<OutputFile>,
}

impl ExportSummary {
    /// Tables split into parts because they passed the row limit, with their files:
    /// `("entities", ["entities.csv", "entities.part2.csv"])`.
    pub fn sharded(&self) -> Vec<(&'static str, Vec<&str>)> {
        let mut out: Vec<(&'static str, Vec<&str>)> = Vec::new();
        for f in &self.files {
            match out.last_mut() {
                Some((t, files)) if *t == f.table && f.part > 1 => files.push(&f.file),
                _ => out.push((f.table, vec![&f.file])),
            }
        }
        out.retain(|(_, files)| files.len() > 1);
        out
    }

    /// Total bytes written.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// The four CSV tables fed by every record.
#[derive(Debug)]
struct CsvTables {
    documents: Table,
    entities: Table,
    dates: Table,
    timeline: Table,
}

/// The workbook and its sheets fed by every record.
#[derive(Debug)]
struct XlsxTables {
    book: Xlsx,
    documents: Sheet,
    entities: Sheet,
    dates: Sheet,
}

/// Bytes of one piece of [`Timeline`]'s store.
const TIMELINE_CHUNK: usize = 1 << 20;

/// The rows of `timeline.csv`, kept until the end of the run to be written in date order:
/// the one table held in memory, about the size of its file (a row's bytes and a key of 40
/// bytes).
///
/// Each row is encoded as it comes (by [`RowEncoder`]): sorted at the end, the rows are then
/// copied out, so that the end of the run (when the workers are done and the writer works
/// alone) does not encode them.
///
/// The store is a list of pieces of at least [`TIMELINE_CHUNK`] bytes, each filled up to
/// its first capacity and never grown (a row never spans two): the store is never copied
/// into a larger one, and no more memory is touched than it holds.
#[derive(Debug, Default)]
struct Timeline {
    chunks: Vec<Vec<u8>>,
    rows: Vec<TimelineRow>,
}

/// A row of `timeline.csv`: where it is in [`Timeline`]'s store, and its sort key.
///
/// In the store, a row is its date value as written, then its cells encoded for
/// `timeline.csv` (with their separators, no line end), then, when the workbook is written,
/// its fields for the sheet (see [`TimelineFields`]).
#[derive(Clone, Copy, Debug)]
struct TimelineRow {
    /// [`DateKey::rank`] of the date's key, 0 without one (the order of `Option<DateKey>`),
    /// high half first: no 16-byte alignment. A rank leaves its low [`ROW_BITS`] bits
    /// zero: once the row is in the run's [`Timeline`], they hold [`PARTIAL`] when its date
    /// is longer than its key, and its number there (input order).
    rank: [u64; 2],
    /// The piece of the store holding the row.
    chunk: u32,
    /// Bytes of the date value.
    date: u32,
    /// Where the row starts in its piece.
    at: u64,
    /// Bytes of the encoded cells, the date's first.
    cells: u64,
}

impl TimelineRow {
    /// Whether the date is its key, whole (`2022-12-19`, not `2022-12-19T09:09`): the length
    /// of the key is byte 10 of the rank.
    fn whole(&self) -> bool {
        let len = (self.rank[1] >> ROW_BITS) & 0xff;
        len != 0 && u64::from(self.date) == len
    }

    /// The rank, whether the date is longer than its key, and the row's number, in one:
    /// the order of the timeline but among dates longer than their (equal) key.
    fn order(&self) -> u128 {
        u128::from(self.rank[0]) << 64 | u128::from(self.rank[1])
    }

    /// The order without the row's number: equal for the rows of one key that are all
    /// whole, or all longer than it.
    fn group(&self) -> u128 {
        self.order() >> (ROW_BITS - 1)
    }

    /// Whether the date is longer than its key (or has none), once in the run's timeline.
    fn partial(&self) -> bool {
        self.rank[1] & PARTIAL != 0
    }
}

/// Bits of a [`TimelineRow`]'s rank below the date's key: the five bytes
/// [`DateKey::rank`] leaves zero.
const ROW_BITS: u32 = 40;

/// The bit of a [`TimelineRow`]'s rank that marks, once in the run's timeline, a date
/// longer than its key (`1987-W13` under `1987`), or without one: such rows come after the
/// whole ones of their key. The bits below it hold the row's number.
const PARTIAL: u64 = 1 << (ROW_BITS - 1);

/// The fields of a timeline row for the workbook's sheet, after its encoded cells in the
/// store: article and sentence (4 bytes each), the lengths of the id, the names and the
/// snippet (8 bytes each), then those three strings.
struct TimelineFields<'a> {
    id: &'a str,
    article: u32,
    sentence: u32,
    names: &'a str,
    snippet: &'a str,
}

impl Timeline {
    fn bytes(&self, r: &TimelineRow) -> &[u8] {
        let chunk = self
            .chunks
            .get(r.chunk as usize)
            .map_or(&[][..], |c| &c[..]);
        chunk.get(r.at as usize..).unwrap_or(&[])
    }

    /// The date value of a row.
    fn date(&self, r: &TimelineRow) -> &[u8] {
        self.bytes(r).get(..r.date as usize).unwrap_or(&[])
    }

    /// The encoded cells of a row, its date's first.
    fn cells(&self, r: &TimelineRow) -> &[u8] {
        let (from, to) = (r.date as usize, r.date as usize + r.cells as usize);
        self.bytes(r).get(from..to).unwrap_or(&[])
    }

    /// The fields of a row for the workbook (empty when they were not kept).
    fn fields(&self, r: &TimelineRow) -> TimelineFields<'_> {
        let b = self.bytes(r);
        let mut at = r.date as usize + r.cells as usize;
        let mut take = |n: usize| {
            let s = b.get(at..at + n).unwrap_or(&[]);
            at += n;
            s
        };
        let u32_at = |s: &[u8]| s.try_into().map_or(0, u32::from_le_bytes);
        let u64_at = |s: &[u8]| s.try_into().map_or(0, u64::from_le_bytes) as usize;
        let article = u32_at(take(4));
        let sentence = u32_at(take(4));
        let (id, names, snippet) = (u64_at(take(8)), u64_at(take(8)), u64_at(take(8)));
        let mut text = |n: usize| std::str::from_utf8(take(n)).unwrap_or("");
        TimelineFields {
            id: text(id),
            article,
            sentence,
            names: text(names),
            snippet: text(snippet),
        }
    }

    /// Adds the rows of `part`, a document's rows made by [`RowEncoder`] (in one piece).
    fn append(&mut self, part: &Timeline) {
        let Some(bytes) = part.chunks.first() else {
            return;
        };
        if part.rows.is_empty() {
            return;
        }
        match self.chunks.last() {
            Some(c) if c.capacity() - c.len() >= bytes.len() => {}
            _ => self
                .chunks
                .push(Vec::with_capacity(bytes.len().max(TIMELINE_CHUNK))),
        }
        let k = self.chunks.len() - 1;
        let chunk = &mut self.chunks[k];
        let base = chunk.len() as u64;
        chunk.extend_from_slice(bytes);
        let first = self.rows.len() as u64;
        assert!(
            first + (part.rows.len() as u64) < PARTIAL,
            "too many timeline rows"
        );
        self.rows
            .extend(part.rows.iter().zip(first..).map(|(r, n)| TimelineRow {
                rank: [
                    r.rank[0],
                    r.rank[1] | n | if r.whole() { 0 } else { PARTIAL },
                ],
                chunk: k as u32,
                at: r.at + base,
                ..*r
            }));
    }

    /// Empties a document's rows, keeping their buffers.
    fn clear(&mut self) {
        self.chunks.truncate(1);
        if let Some(c) = self.chunks.first_mut() {
            c.clear();
        }
        self.rows.clear();
    }

    /// Sorts by date (coarse dates before the finer ones they contain), keeping input order
    /// (document, article, sentence) among equal dates: the order rows were appended in,
    /// which their rank holds in its low bits. So the sort needs no stability (no buffer the
    /// size of the rows, a stable sort's), and rows compare as one number: the rank puts
    /// the rows whose date is its key (the most) first among those of their key, in input
    /// order, and only those whose date is longer (`1987-W13` under `1987`) or has no key
    /// are then ordered by their dates.
    fn sort(&mut self) {
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_unstable_by_key(TimelineRow::order);
        for run in rows.chunk_by_mut(|x, y| x.group() == y.group()) {
            if run[0].partial() {
                run.sort_unstable_by(|x, y| {
                    self.date(x)
                        .cmp(self.date(y))
                        .then(x.order().cmp(&y.order()))
                });
            }
        }
        self.rows = rows;
    }

    /// Writes the rows into `timeline.csv`, their cells as they were encoded.
    fn write_csv(&self, t: &mut Table) -> Result<(), Error> {
        for r in &self.rows {
            t.begin_row()?;
            t.raw(self.cells(r));
            t.end_row()?;
        }
        Ok(())
    }

    /// Writes the rows into a sheet of the workbook.
    fn write(&self, t: &mut impl Rows) -> Result<(), Error> {
        for r in &self.rows {
            let f = self.fields(r);
            t.begin_row()?;
            t.date(std::str::from_utf8(self.date(r)).unwrap_or(""));
            t.text(f.id);
            t.num(f.article.into());
            t.num(f.sentence.into());
            t.text(f.names);
            t.text(f.snippet);
            t.end_row()?;
        }
        Ok(())
    }
}

/// Reused buffers.
#[derive(Clone, Debug, Default)]
struct Scratch {
    /// The document id's cell, encoded for the CSV tables.
    id_cell: Vec<u8>,
    snippet: String,
    names: String,
    values: Vec<usize>,
    ents: Vec<usize>,
    /// The `rule` cell of a date row.
    rule: String,
}

/// Encodes the rows of a document for [`CsvExporter::write_encoded`], on any thread: the
/// rows of `documents.csv`, `entities.csv` and `dates.csv`, the line of `documents.jsonl`
/// and the rows of the timeline, so that the writer only copies bytes, in input order.
///
/// Get one from [`CsvExporter::encoder`]: it encodes for that exporter's options. It keeps
/// its buffers from document to document, so give each thread its own.
#[derive(Clone, Debug)]
pub struct RowEncoder {
    /// The format of the CSV tables, when they are written.
    csv: Option<CsvFormat>,
    jsonl: bool,
    discovery: bool,
    /// Whether the timeline is kept (for `timeline.csv` or the workbook).
    timeline: bool,
    /// Whether the timeline keeps its rows' fields for the workbook.
    strings: bool,
    snippet_chars: usize,
    scratch: Scratch,
}

/// A document's rows made by a [`RowEncoder`], for [`CsvExporter::write_encoded`].
#[derive(Debug, Default)]
pub struct EncodedRows {
    /// The rows of `documents.csv`, `entities.csv` and `dates.csv`, then the JSON line.
    bytes: Vec<u8>,
    /// Where each of the four ends in `bytes`.
    ends: [usize; 4],
    /// Rows of the three CSV tables.
    rows: [u64; 3],
    /// Where each of their rows ends in `bytes`, in order.
    row_ends: Vec<usize>,
    /// The document's timeline rows, in one piece.
    timeline: Timeline,
    /// What the document adds to `entities_summary.csv`.
    entities: summary::DocEntities,
    /// Diagnostics of the record when it was encoded, plus one (0: nothing encoded): a
    /// record that got one more since (a duplicate id) is encoded again.
    diagnostics: usize,
}

impl EncodedRows {
    /// An empty set of rows, to fill with [`RowEncoder::encode_into`].
    pub fn new() -> EncodedRows {
        EncodedRows::default()
    }

    /// Bytes held: what the writer will copy.
    pub fn len(&self) -> usize {
        self.bytes.len() + self.timeline.chunks.first().map_or(0, Vec::len)
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of memory held by the buffers, about: rows kept for reuse are worth it only
    /// when small.
    pub fn capacity(&self) -> usize {
        self.bytes.capacity()
            + self.row_ends.capacity() * std::mem::size_of::<usize>()
            + self.timeline.chunks.first().map_or(0, Vec::capacity)
            + self.timeline.rows.capacity() * std::mem::size_of::<TimelineRow>()
            + self.entities.capacity()
    }

    /// Whether these are the rows of `rec` as it is now: a record given a diagnostic since
    /// it was encoded (a duplicate id) has another status.
    pub fn is_for(&self, rec: &DocumentRecord) -> bool {
        self.diagnostics == diagnostics(rec)
    }

    /// The record's line of `documents.jsonl` (its [`write_json_record`]), when the encoder
    /// writes that table.
    pub fn json_line(&self) -> &[u8] {
        self.section(3)
    }

    fn section(&self, k: usize) -> &[u8] {
        let from = if k == 0 { 0 } else { self.ends[k - 1] };
        self.bytes.get(from..self.ends[k]).unwrap_or(&[])
    }
}

fn diagnostics(rec: &DocumentRecord) -> usize {
    rec.article.diagnostics.len() + rec.diagnostics.len() + 1
}

impl RowEncoder {
    /// An encoder for an exporter with these options, which writes no file: what
    /// [`CsvExporter::encoder`] gives an exporter created with them. (A stream encodes its
    /// JSON lines with `ExportOptions { csv: false, jsonl: true, .. }`.)
    pub fn with_options(options: &ExportOptions) -> Result<RowEncoder, Error> {
        let csv = if options.csv {
            Some(options.csv_format()?)
        } else {
            None
        };
        Ok(RowEncoder::new(options, csv))
    }

    fn new(options: &ExportOptions, csv: Option<CsvFormat>) -> RowEncoder {
        RowEncoder {
            csv,
            jsonl: options.jsonl,
            discovery: options.discovery,
            timeline: options.csv || options.xlsx,
            strings: options.xlsx,
            snippet_chars: options.snippet_chars.max(2),
            scratch: Scratch::default(),
        }
    }

    /// The rows of `rec`.
    pub fn encode(&mut self, rec: &DocumentRecord) -> EncodedRows {
        let mut out = EncodedRows::default();
        self.encode_into(rec, &mut out);
        out
    }

    /// The rows of `rec`, written over `out` (its buffers are kept).
    pub fn encode_into(&mut self, rec: &DocumentRecord, out: &mut EncodedRows) {
        out.bytes.clear();
        out.row_ends.clear();
        out.timeline.clear();
        out.rows = [0; 3];
        let status = rec.status();
        if let Some(format) = self.csv {
            let id_cell = &mut self.scratch.id_cell;
            table::encode_text(id_cell, &rec.article.id, format);
            let mut t = RowBuf::new(&mut out.bytes, &mut out.row_ends, format);
            // Writing into memory cannot fail.
            let _ = write_documents(&mut t, rec, &status, id_cell);
            out.rows[0] = t.rows;
            out.ends[0] = out.bytes.len();
            let mut t = RowBuf::new(&mut out.bytes, &mut out.row_ends, format);
            let _ = write_entities(&mut t, rec, self.discovery, id_cell);
            out.rows[1] = t.rows;
            out.ends[1] = out.bytes.len();
            let mut t = RowBuf::new(&mut out.bytes, &mut out.row_ends, format);
            let _ = write_dates(&mut t, rec, id_cell, &mut self.scratch.rule);
            out.rows[2] = t.rows;
            out.ends[2] = out.bytes.len();
        } else {
            out.ends[..3].fill(0);
        }
        if self.jsonl {
            let _ = json::write_with_status(&mut out.bytes, rec, &status);
        }
        out.ends[3] = out.bytes.len();
        if self.timeline {
            add_timeline(self, &mut out.timeline, rec);
            out.entities.make(rec);
        }
        out.diagnostics = diagnostics(rec);
    }
}

/// Writes the tables of a run into one folder. Files appear under their final names only
/// when [`CsvExporter::finish`] succeeds.
#[derive(Debug)]
pub struct CsvExporter {
    dir: Option<PathBuf>,
    options: ExportOptions,
    csv: Option<CsvTables>,
    xlsx: Option<XlsxTables>,
    jsonl: Option<Table>,
    timeline: Timeline,
    stats: EntityStats,
    /// Encodes the records given to [`write`](CsvExporter::write).
    encoder: RowEncoder,
    /// The rows of the last of them, their buffers kept.
    rows: EncodedRows,
}

/// Every table stem, for cleaning temporaries left by a killed run.
const STEMS: &[&str] = &[
    "documents",
    "entities",
    "dates",
    "timeline",
    "entities_summary",
    "discovered",
    "run",
    "tables",
];

impl CsvExporter {
    /// Creates the folder if needed and opens the tables under temporary names.
    pub fn create(dir: &Path, options: &ExportOptions) -> Result<CsvExporter, Error> {
        fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        remove_stale_temporaries(dir);
        CsvExporter::open(Some(dir.to_path_buf()), options)
    }

    /// An exporter that encodes everything and writes nothing: the summary counts the rows
    /// and bytes the files would have. For benchmarks and dry runs.
    pub fn discard(options: &ExportOptions) -> Result<CsvExporter, Error> {
        CsvExporter::open(None, options)
    }

    fn open(dir: Option<PathBuf>, options: &ExportOptions) -> Result<CsvExporter, Error> {
        let fmt = options.csv_format()?;
        let (entity_columns, _) = columns(options);
        let writeback = dir.as_ref().map(|_| Writeback::start()).unwrap_or_default();
        let dest = || {
            dir.as_ref()
                .map_or(Dest::Discard, |d| Dest::Dir(d.clone(), writeback.clone()))
        };
        let csv = if options.csv {
            let mut t = CsvTables {
                documents: Table::csv("documents", DOCUMENT_COLUMNS, fmt, dest()),
                entities: Table::csv("entities", entity_columns, fmt, dest()),
                dates: Table::csv("dates", DATE_COLUMNS, fmt, dest()),
                timeline: Table::csv("timeline", TIMELINE_COLUMNS, fmt, dest()),
            };
            t.documents.open()?;
            t.entities.open()?;
            t.dates.open()?;
            t.timeline.open()?;
            Some(t)
        } else {
            None
        };
        let jsonl = if options.jsonl {
            let mut t = Table::lines("documents", "jsonl", dest());
            t.open()?;
            Some(t)
        } else {
            None
        };
        let xlsx = if options.xlsx {
            let mut book = Xlsx::new(dir.clone(), options.cell_limit, options.rows_per_part)?;
            Some(XlsxTables {
                documents: book.sheet("documents", DOCUMENT_COLUMNS)?,
                entities: book.sheet("entities", entity_columns)?,
                dates: book.sheet("dates", DATE_COLUMNS)?,
                book,
            })
        } else {
            None
        };
        let encoder = RowEncoder::new(options, csv.as_ref().map(|t| t.documents.csv));
        Ok(CsvExporter {
            dir,
            options: options.clone(),
            csv,
            xlsx,
            timeline: Timeline::default(),
            jsonl,
            stats: EntityStats::default(),
            encoder,
            rows: EncodedRows::default(),
        })
    }

    /// An encoder of rows for this exporter, to make [`write_encoded`]'s rows on another
    /// thread.
    ///
    /// [`write_encoded`]: CsvExporter::write_encoded
    pub fn encoder(&self) -> RowEncoder {
        RowEncoder {
            scratch: Scratch::default(),
            ..self.encoder.clone()
        }
    }

    /// Writes the rows of one document.
    pub fn write(&mut self, rec: &DocumentRecord) -> Result<(), Error> {
        let mut rows = std::mem::take(&mut self.rows);
        self.encoder.encode_into(rec, &mut rows);
        let written = self.write_encoded(Some(rec), &rows);
        self.rows = rows;
        written
    }

    /// Whether [`write_encoded`](CsvExporter::write_encoded) needs the record beside its
    /// rows: for the workbook, whose sheets are written from the records.
    pub fn needs_records(&self) -> bool {
        self.xlsx.is_some()
    }

    /// Writes the rows of one document, `rows`, which an [`encoder`](CsvExporter::encoder)
    /// of this exporter made of `rec`: the same tables as [`write`](CsvExporter::write), but
    /// the rows are only copied. The record is needed only when the exporter
    /// [`needs_records`](CsvExporter::needs_records); when it is given and got a diagnostic
    /// since its rows were made (its status changed), they are made again.
    pub fn write_encoded(
        &mut self,
        rec: Option<&DocumentRecord>,
        rows: &EncodedRows,
    ) -> Result<(), Error> {
        if let Some(rec) = rec.filter(|rec| !rows.is_for(rec)) {
            return self.write(rec);
        }
        if let Some(t) = &mut self.csv {
            let tables = [&mut t.documents, &mut t.entities, &mut t.dates];
            let mut row = 0;
            for (k, table) in tables.into_iter().enumerate() {
                let n = rows.rows[k];
                if table.fits(n) {
                    table.append_rows(rows.section(k), n)?;
                    row += n as usize;
                    continue;
                }
                // A new part begins: row by row.
                for _ in 0..n {
                    let from = if row == 0 { 0 } else { rows.row_ends[row - 1] };
                    table.append_row(&rows.bytes[from..rows.row_ends[row]])?;
                    row += 1;
                }
            }
        }
        if let Some(x) = &mut self.xlsx {
            let Some(rec) = rec else {
                return Err(Error::Xlsx {
                    path: x.book.path(),
                    msg: "rows given without their record".into(),
                });
            };
            let status = rec.status();
            write_documents(&mut x.book.rows(&mut x.documents), rec, &status, &[])?;
            write_entities(
                &mut x.book.rows(&mut x.entities),
                rec,
                self.options.discovery,
                &[],
            )?;
            write_dates(
                &mut x.book.rows(&mut x.dates),
                rec,
                &[],
                &mut self.encoder.scratch.rule,
            )?;
        }
        if self.csv.is_some() || self.xlsx.is_some() {
            self.timeline.append(&rows.timeline);
            self.stats.merge(&rows.entities);
        }
        if let Some(t) = &mut self.jsonl {
            t.buf.extend_from_slice(rows.section(3));
            t.count_row();
            if t.buf.len() >= 1 << 16 {
                t.flush()?;
            }
        }
        Ok(())
    }

    /// Writes `entities_summary.csv`, syncs every table, renames them to their final names,
    /// and writes the run manifest `run.json`: the object `manifest` (or `{"run": manifest}`
    /// when it is not an object) with a `tables` list added (file, table, part, rows, bytes).
    pub fn finish(mut self, manifest: &serde_json::Value) -> Result<ExportSummary, Error> {
        let mut summary = ExportSummary::default();
        let mut tables: Vec<Table> = Vec::new();
        let (_, summary_columns) = columns(&self.options);
        let discovery = self.options.discovery;
        let dest = self.dir.as_ref().map_or(Dest::Discard, |d| {
            Dest::Dir(d.clone(), Writeback::default())
        });
        let stats = std::mem::take(&mut self.stats);
        let mut timeline = std::mem::take(&mut self.timeline);
        // The summary's rows, sorted once the timeline's thread has started.
        let mut rows_slot = None;
        let rows_slot = &mut rows_slot;
        // The end of a run is the one stretch where the writer works alone, so its parts go
        // side by side: the finished tables reach the disk, the timeline is sorted and
        // written, and the summary and `discovered.tsv` are written, each on a thread of
        // its own. Every table is synced before any final name changes.
        let mut csv = self.csv.take();
        let mut jsonl = self.jsonl.take();
        let need_timeline = csv.is_some() || self.xlsx.is_some();
        let csv_format = csv.as_ref().map(|t| t.documents.csv);
        let finished = std::thread::scope(|scope| {
            let (mut done, mut timeline_table) = match &mut csv {
                Some(t) => (
                    vec![&mut t.documents, &mut t.entities, &mut t.dates],
                    Some(&mut t.timeline),
                ),
                None => (Vec::new(), None),
            };
            done.extend(jsonl.as_mut());
            let synced = scope.spawn(move || done.into_iter().try_for_each(|t| t.sync()));
            let timeline = &mut timeline;
            let sorted = scope.spawn(move || -> Result<(), Error> {
                if need_timeline {
                    timeline.sort();
                }
                if let Some(t) = &mut timeline_table {
                    timeline.write_csv(t)?;
                    t.sync()?;
                }
                Ok(())
            });
            let rows = &*rows_slot.insert(stats.rows());
            let discovered = (csv_format.is_some() && discovery).then(|| {
                let dest = dest.clone();
                scope.spawn(move || -> Result<Table, Error> {
                    let mut d = Table::lines("discovered", "tsv", dest);
                    d.open()?;
                    EntityStats::write_discovered(rows, &mut d)?;
                    d.sync()?;
                    Ok(d)
                })
            });
            let summary_table = if let Some(fmt) = csv_format {
                let mut s = Table::csv("entities_summary", summary_columns, fmt, dest);
                let written = s
                    .open()
                    .and_then(|()| EntityStats::write(rows, &mut s, discovery))
                    .and_then(|()| s.sync());
                Some(written.map(|()| s))
            } else {
                None
            };
            let sorted = joined(sorted);
            let discovered = discovered.map(joined);
            let synced = joined(synced);
            sorted?;
            let summary_table = summary_table.transpose()?;
            let discovered = discovered.transpose()?;
            synced?;
            Ok::<_, Error>((summary_table, discovered, rows))
        });
        let (summary_table, discovered, rows) = finished?;
        if let (Some(t), Some(s)) = (csv, summary_table) {
            summary.documents = t.documents.rows;
            summary.entities = t.entities.rows;
            summary.dates = t.dates.rows;
            summary.timeline = t.timeline.rows;
            summary.entities_summary = s.rows;
            tables.extend([t.documents, t.entities, t.dates, t.timeline, s]);
            tables.extend(discovered);
        }
        if let Some(t) = jsonl {
            summary.jsonl_documents = t.rows;
            tables.push(t);
        }
        let xlsx = match self.xlsx.take() {
            Some(mut x) => {
                let mut timeline_sheet = x.book.sheet("timeline", TIMELINE_COLUMNS)?;
                timeline.write(&mut x.book.rows(&mut timeline_sheet))?;
                let mut s = x.book.sheet("entities_summary", summary_columns)?;
                EntityStats::write(rows, &mut x.book.rows(&mut s), discovery)?;
                summary.timeline = timeline_sheet.rows;
                summary.entities_summary = s.rows;
                summary.documents = x.documents.rows;
                summary.entities = x.entities.rows;
                summary.dates = x.dates.rows;
                Some((
                    x.book,
                    vec![x.documents, x.entities, x.dates, timeline_sheet, s],
                ))
            }
            None => None,
        };
        // Freeing the run's totals and timeline rows takes a while: not on the way out, and
        // not at all when the process exits next (the system reclaims them at once).
        if self.options.exiting {
            std::mem::forget((stats, timeline));
        } else {
            let _ = std::thread::Builder::new()
                .name("khabar-drop".into())
                .spawn(move || drop((stats, timeline)));
        }
        if let Some(dir) = &self.dir {
            match fs::remove_file(dir.join(MANIFEST)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::Io {
                        path: dir.join(MANIFEST),
                        source: e,
                    });
                }
                _ => {}
            }
        }
        for t in &mut tables {
            t.commit(&mut summary.files)?;
        }
        if let Some((book, sheets)) = xlsx {
            book.finish(sheets, &mut summary.files)?;
        }
        if let Some(dir) = &self.dir {
            remove_other_formats(dir, &self.options);
        }
        let mut run = match manifest {
            serde_json::Value::Object(m) => m.clone(),
            other => {
                let mut m = serde_json::Map::new();
                m.insert("run".into(), other.clone());
                m
            }
        };
        let files = serde_json::to_value(&summary.files).unwrap_or_default();
        run.insert("tables".into(), files);
        let mut bytes =
            serde_json::to_vec_pretty(&serde_json::Value::Object(run)).unwrap_or_default();
        bytes.push(b'\n');
        let len = bytes.len() as u64;
        if let Some(dir) = &self.dir {
            let mut part = Part::create(dir, MANIFEST, Writeback::default())?;
            part.write_all(&bytes)?;
            part.commit()?;
            sync_dir(dir);
        }
        summary.files.push(OutputFile {
            table: "run",
            file: MANIFEST.into(),
            part: 1,
            rows: 1,
            bytes: len,
        });
        Ok(summary)
    }

    /// Gives `entities_summary.csv` the country code and coordinates of entity `id`, when
    /// the run met it (`place` is called only then; a later call for the same id wins);
    /// call it before [`finish`](CsvExporter::finish). For a gazetteer of many places
    /// this is cheaper than [`add_places`](CsvExporter::add_places), which needs a
    /// lookup by id.
    pub fn set_place(&mut self, id: &str, place: impl FnOnce() -> Place) {
        self.stats.set_place(id, place);
    }

    /// Gives `entities_summary.csv` the country code and coordinates of the entities
    /// `place` knows (by entity id); call it before [`finish`](CsvExporter::finish).
    pub fn add_places(&mut self, place: &dyn Fn(&str) -> Option<Place>) {
        self.stats.add_places(place);
    }

    /// Stops the export and removes every temporary file: no table of this run appears under
    /// its final name. Dropping the exporter without [`finish`](CsvExporter::finish) does the same.
    pub fn abort(self) {
        drop(self);
    }
}

/// What a scoped thread returned; its panic goes on in the caller.
fn joined<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> T {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

fn sync_dir(dir: &Path) {
    // Makes the renames durable where the platform allows opening a folder.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes `.NAME.partial` files a killed run may have left.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(inner) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".partial"))
        else {
            continue;
        };
        if STEMS
            .iter()
            .any(|s| inner.strip_prefix(s).is_some_and(|r| r.starts_with('.')))
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Removes the files of formats this run did not write (a `documents.jsonl` or a workbook
/// of an earlier run), so that every table in the folder comes from the last run.
fn remove_other_formats(dir: &Path, options: &ExportOptions) {
    let mut stale: Vec<String> = Vec::new();
    if !options.csv {
        for stem in STEMS
            .iter()
            .filter(|s| !matches!(**s, "run" | "tables" | "discovered"))
        {
            stale.push(format!("{stem}.csv"));
            for n in 2.. {
                let part = format!("{stem}.part{n}.csv");
                if !dir.join(&part).exists() {
                    break;
                }
                stale.push(part);
            }
        }
    }
    if !options.jsonl {
        stale.push("documents.jsonl".into());
    }
    if !options.xlsx {
        stale.push(WORKBOOK.into());
    }
    if !options.discovery {
        stale.push(DISCOVERED.into());
    }
    for name in stale {
        let _ = fs::remove_file(dir.join(name));
    }
}

fn slice(text: &str, span: Span) -> &str {
    text.get(span.range()).unwrap_or("")
}

fn write_documents(
    t: &mut impl Rows,
    rec: &DocumentRecord,
    status: &str,
    id_cell: &[u8],
) -> Result<(), Error> {
    let text = rec.article.text.as_str();
    let id = rec.article.id.as_str();
    for a in &rec.articles {
        t.begin_row_with(id, id_cell)?;
        t.num(a.index.into());
        t.opt_text(a.title.as_deref());
        t.date(a.dct.as_deref().unwrap_or(""));
        t.text(a.dct_source.as_str());
        t.num(a.chars);
        t.num(a.tokens);
        t.num(a.sentences);
        t.num(a.entities);
        t.num(a.dates);
        t.text(status);
        t.opt_text(a.dateline.map(|s| slice(text, s)));
        t.num(a.boilerplate_bytes);
        t.opt_text(rec.article.url.as_deref());
        t.opt_text(rec.article.source.as_deref());
        t.opt_text(a.headline.as_deref());
        t.end_row()?;
    }
    Ok(())
}

/// The columns of `entities.csv` and `entities_summary.csv`.
fn columns(options: &ExportOptions) -> (&'static [&'static str], &'static [&'static str]) {
    if options.discovery {
        (ENTITY_COLUMNS_DISCOVERY, SUMMARY_COLUMNS_DISCOVERY)
    } else {
        (ENTITY_COLUMNS, SUMMARY_COLUMNS)
    }
}

fn write_entities(
    t: &mut impl Rows,
    rec: &DocumentRecord,
    alias: bool,
    id_cell: &[u8],
) -> Result<(), Error> {
    let text = rec.article.text.as_str();
    let id = rec.article.id.as_str();
    for e in &rec.entities {
        t.begin_row_with(id, id_cell)?;
        t.num(e.article.into());
        t.num(e.sentence.into());
        t.num(e.span.start.into());
        t.num(e.span.end.into());
        t.text(slice(text, e.span));
        t.text(&e.entity_type);
        t.text(&e.entity_id);
        t.text(&e.canonical);
        t.text(e.match_kind);
        t.bool(e.in_boilerplate);
        t.bool(e.ambiguous);
        if alias {
            t.text(e.alias.as_deref().unwrap_or(""));
        }
        t.text(zone_of(rec, e.article, e.span, e.in_boilerplate));
        t.end_row()?;
    }
    Ok(())
}

/// Where a mention lies: the kind of the boilerplate zone holding it (`nav`, `teaser`,
/// `credit`, ...), `dateline` in its article's own publication line, `repeat` in a line
/// shown again (counted once), else `body`.
fn zone_of(rec: &DocumentRecord, article: u32, span: Span, in_boilerplate: bool) -> &'static str {
    if in_boilerplate {
        let z = &rec.boilerplate;
        let i = z.partition_point(|z| z.end <= span.start);
        return match z.get(i) {
            Some(b) if b.overlaps(span) => rec.boilerplate_kinds.get(i).copied(),
            _ => None,
        }
        .unwrap_or("boilerplate");
    }
    if in_dateline(rec, article, span) {
        return "dateline";
    }
    if rec.in_repeat(span) {
        return "repeat";
    }
    "body"
}

/// The zone of a date: [`zone_of`], and `dateline` for the publication date written again
/// under the dateline ([`date_in_dateline`]).
pub(crate) fn date_zone(rec: &DocumentRecord, d: &DateMention) -> &'static str {
    if !d.in_boilerplate && date_in_dateline(rec, d) {
        return "dateline";
    }
    zone_of(rec, d.article, d.span, d.in_boilerplate)
}

/// Whether `span` lies in the dateline of article `article` (from 1): the article's own
/// publication date, its DCT, not an event of the timeline.
pub(crate) fn in_dateline(rec: &DocumentRecord, article: u32, span: Span) -> bool {
    article
        .checked_sub(1)
        .and_then(|k| rec.articles.get(k as usize))
        .and_then(|a| a.dateline)
        .is_some_and(|d| d.overlaps(span))
}

/// Whether date `d` is its article's publication date: in the dateline, or on a line of
/// its own that holds nothing but dates of that same day (a clock time too) and
/// separators, in the head of the article, at most four lines and 200 bytes under the
/// dateline (`Updated 19 December 2022` / a byline / `December 19, 2022 18:44`). Such a
/// date is the DCT written again, not an event of the timeline.
pub(crate) fn date_in_dateline(rec: &DocumentRecord, d: &DateMention) -> bool {
    if in_dateline(rec, d.article, d.span) {
        return true;
    }
    let Some(a) = d
        .article
        .checked_sub(1)
        .and_then(|k| rec.articles.get(k as usize))
    else {
        return false;
    };
    let (Some(dateline), Some(dct)) = (a.dateline, a.dct.as_deref()) else {
        return false;
    };
    if d.span.start < dateline.end || dct.len() != 10 || !d.value.starts_with(dct) {
        return false;
    }
    let text = rec.article.text.as_str();
    let (dateline_end, start) = (dateline.end as usize, d.span.start as usize);
    let Some(between) = text.get(dateline_end..start) else {
        return false;
    };
    let Some(nl) = between.rfind('\n') else {
        return false;
    };
    if between.len() > 200 || between.bytes().filter(|&b| b == b'\n').count() > 4 {
        return false;
    }
    let line_start = dateline_end + nl + 1;
    let line_end = text[start..].find('\n').map_or(text.len(), |k| start + k);
    let separators = |from: usize, to: usize| {
        text.get(from..to).is_some_and(|s| {
            s.bytes()
                .all(|b| b.is_ascii_whitespace() || b",|-/.".contains(&b))
        })
    };
    let mut at = line_start;
    for m in &rec.dates {
        let (ms, me) = (m.span.start as usize, m.span.end as usize);
        if ms < line_start || me > line_end {
            continue;
        }
        if !m.value.starts_with(dct) || !separators(at, ms) {
            return false;
        }
        at = me;
    }
    separators(at, line_end)
}

/// The `rule` of a date in `dates.csv` and the JSON records: the grammar rule, then `/` and
/// the resolution step when one valued it (`month-day/past-by-tense`).
pub(crate) struct RuleName<'a>(pub(crate) &'a DateMention);

impl std::fmt::Display for RuleName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        f.write_str(d.rule)?;
        if !d.resolution.is_empty() {
            write!(f, "/{}", d.resolution)?;
        }
        Ok(())
    }
}

/// `rule` is scratch space, kept from document to document so that it is not allocated
/// again for each.
fn write_dates(
    t: &mut impl Rows,
    rec: &DocumentRecord,
    id_cell: &[u8],
    rule: &mut String,
) -> Result<(), Error> {
    let text = rec.article.text.as_str();
    let id = rec.article.id.as_str();
    for d in &rec.dates {
        t.begin_row_with(id, id_cell)?;
        t.num(d.article.into());
        t.num(d.sentence.into());
        t.num(d.span.start.into());
        t.num(d.span.end.into());
        t.text(slice(text, d.span));
        t.text(d.timex_type.as_str());
        t.date(&d.value);
        t.date(&d.anchor);
        t.bool(d.in_boilerplate);
        // What `RuleName` writes, with no formatting machinery.
        rule.clear();
        rule.push_str(d.rule);
        if !d.resolution.is_empty() {
            rule.push('/');
            rule.push_str(d.resolution);
        }
        t.text(rule);
        t.text(date_zone(rec, d));
        t.end_row()?;
    }
    Ok(())
}

/// One row per sentence and distinct resolved date outside boilerplate and repeated lines,
/// with the sorted, distinct canonical names of the entities of that sentence (outside
/// boilerplate), into `t` (in one piece).
fn add_timeline(enc: &mut RowEncoder, t: &mut Timeline, rec: &DocumentRecord) {
    let sc = &mut enc.scratch;
    if t.chunks.is_empty() {
        t.chunks.push(Vec::new());
    }
    let data = &mut t.chunks[0];
    let text = rec.article.text.as_str();
    let dates = &rec.dates;
    let sorted_entities = rec.entities.is_sorted_by_key(|e| e.sentence);
    let mut i = 0;
    while i < dates.len() {
        let sent = dates[i].sentence;
        let mut j = i;
        while j < dates.len() && dates[j].sentence == sent {
            j += 1;
        }
        sc.values.clear();
        for k in i..j {
            let d = &dates[k];
            if !d.in_boilerplate
                && is_resolved(d)
                && !date_in_dateline(rec, d)
                && !rec.in_repeat(d.span)
                && !sc.values.iter().any(|&v| dates[v].value == d.value)
            {
                sc.values.push(k);
            }
        }
        if !sc.values.is_empty() {
            sc.ents.clear();
            let range = if sorted_entities {
                let lo = rec.entities.partition_point(|e| e.sentence < sent);
                let hi = rec.entities.partition_point(|e| e.sentence <= sent);
                lo..hi
            } else {
                0..rec.entities.len()
            };
            sc.ents.extend(
                range.filter(|&k| {
                    rec.entities[k].sentence == sent && !rec.entities[k].in_boilerplate
                }),
            );
            sc.ents.sort_unstable_by(|&a, &b| {
                rec.entities[a].canonical.cmp(&rec.entities[b].canonical)
            });
            sc.ents
                .dedup_by(|a, b| rec.entities[*a].canonical == rec.entities[*b].canonical);
            sc.names.clear();
            for (n, &k) in sc.ents.iter().enumerate() {
                if n > 0 {
                    sc.names.push_str("; ");
                }
                sc.names.push_str(&rec.entities[k].canonical);
            }
            let span = rec
                .sentences
                .get(sent as usize)
                .copied()
                .unwrap_or_default();
            cell::one_line_into(&mut sc.snippet, slice(text, span), enc.snippet_chars);
            let article = dates[i].article;
            // The first row's cells and fields, copied for the other dates of the sentence.
            let mut body = (0, 0);
            let mut cells = 0;
            for (n, &v) in sc.values.iter().enumerate() {
                let value = &dates[v].value;
                let at = data.len();
                data.extend_from_slice(value.as_bytes());
                let date_cell = data.len();
                if let Some(format) = enc.csv {
                    cell::push_text(data, value, format.cell);
                }
                let date_cell = data.len() - date_cell;
                if n == 0 {
                    let start = data.len();
                    if let Some(format) = enc.csv {
                        let mut c = table::Cells::new(data, format);
                        c.text(&rec.article.id);
                        c.num(article.into());
                        c.num(sent.into());
                        c.text(&sc.names);
                        c.text(&sc.snippet);
                    }
                    cells = data.len() - start;
                    if enc.strings {
                        data.extend_from_slice(&article.to_le_bytes());
                        data.extend_from_slice(&sent.to_le_bytes());
                        for s in [&rec.article.id, &sc.names, &sc.snippet] {
                            data.extend_from_slice(&(s.len() as u64).to_le_bytes());
                        }
                        for s in [&rec.article.id, &sc.names, &sc.snippet] {
                            data.extend_from_slice(s.as_bytes());
                        }
                    }
                    body = (start, data.len());
                } else {
                    data.extend_from_within(body.0..body.1);
                }
                let rank = DateKey::parse(value).map_or(0, |k| k.rank());
                t.rows.push(TimelineRow {
                    rank: [(rank >> 64) as u64, rank as u64],
                    chunk: 0,
                    date: value.len() as u32,
                    at: at as u64,
                    cells: (date_cell + cells) as u64,
                });
            }
        }
        i = j;
    }
}

#[cfg(test)]
fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<CsvExporter>();
    f::<RowEncoder>();
    f::<EncodedRows>();
    f::<ExportOptions>();
    f::<Error>();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The timeline's unstable sort gives the order of a stable one: among equal dates,
    /// the order the rows were appended in, across pieces of the store.
    #[test]
    fn timeline_sort_keeps_input_order_among_equal_dates() {
        let values = [
            "2021",
            "2021-05-03",
            "1999-12",
            "2021-05-03T09:00",
            "PAST_REF",
            "2021",
            "2021-W13",
            "18",
            "2021-W05",
        ];
        let mut all = Timeline::default();
        for doc in 0..3000usize {
            let mut part = Timeline {
                chunks: vec![Vec::new()],
                rows: Vec::new(),
            };
            for k in 0..1 + doc % 3 {
                let value = values[(doc * 7 + k) % values.len()];
                let data = &mut part.chunks[0];
                let at = data.len();
                data.extend_from_slice(value.as_bytes());
                // Cells of some length, so that the rows fill several pieces.
                data.extend(std::iter::repeat_n(b'x', 200 + doc % 50));
                let rank = DateKey::parse(value).map_or(0, |k| k.rank());
                part.rows.push(TimelineRow {
                    rank: [(rank >> 64) as u64, rank as u64],
                    chunk: 0,
                    date: value.len() as u32,
                    at: at as u64,
                    cells: (200 + doc % 50) as u64,
                });
            }
            all.append(&part);
        }
        assert!(all.chunks.len() > 1);
        let mut want = all.rows.clone();
        // Stable: among equal dates, the order of appending.
        let key = |r: &TimelineRow| r.order() >> ROW_BITS;
        want.sort_by(|x, y| {
            key(x)
                .cmp(&key(y))
                .then_with(|| all.date(x).cmp(all.date(y)))
        });
        all.sort();
        let place = |r: &TimelineRow| (r.chunk, r.at);
        assert!(all.rows.iter().map(place).eq(want.iter().map(place)));
    }
}

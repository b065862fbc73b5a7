//! `tables.xlsx`: every table of a run as a sheet of one workbook, with typed cells.
//!
//! Text (ids, names, snippets, `true`/`false`) is always a string cell, whatever it looks
//! like, so that `007` stays `007` and `=1+1` is never a formula; counts and offsets are
//! number cells; a date column holding a complete `YYYY-MM-DD` date (years 1900 to 9999) is
//! a date cell shown as `yyyy-mm-dd`, anything coarser (`2021-11`) stays text. The header
//! row is bold and frozen, every sheet has an autofilter, and columns get a width by kind.
//! A table past the row limit continues on a next sheet (`entities 2`, ...).
//!
//! The workbook's own parts (sheet list, styles, autofilter names, properties) are written
//! by `rust_xlsxwriter`. The sheets' cells are not: a sheet's XML is written here, row by
//! row, and deflated as it comes into a one-file zip waiting in the output folder (memory
//! does not grow with the table), so that the end of the run only copies compressed bytes.
//! Through `rust_xlsxwriter`'s constant-memory sheets the workbook cost 1.6 s of CPU more
//! than the CSV tables on Reuters-21578, most of it formatting each cell with `write!` into
//! a 172 MB temporary file and a serial deflate of it at the end.
//! [`Xlsx::finish`] assembles the workbook under `.tables.xlsx.partial` and renames it.

use std::{
    fs::{self, File},
    io::{BufWriter, Cursor, Seek, Write},
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use zip::{write::SimpleFileOptions, CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::{
    cell::{self, CellFormat},
    table::{temp_name, Rows},
    Error, OutputFile,
};

/// File name of the workbook in the output folder.
pub const WORKBOOK: &str = "tables.xlsx";

/// Deflate level of the workbook's parts: the fastest. On Reuters-21578 (2 threads) level 1
/// took 2.84 s of CPU for the run against 4.34 s at the default level 6, for a workbook of
/// 30.4 MB instead of 19.4 MB.
const ZIP_LEVEL: u8 = 1;

/// Excel's widest column, in characters.
const MAX_WIDTH: f64 = 60.0;

/// Style ids of the workbook's `styles.xml`, as `rust_xlsxwriter` numbers the formats the
/// skeleton uses (see [`Xlsx::skeleton`]): the bold header, then the date.
const HEADER_STYLE: &str = "1";
const DATE_STYLE: &str = "2";

/// Row XML waits in memory up to this size before it is deflated.
const FLUSH_BYTES: usize = 1 << 16;

/// Numbers the temporary sheet files of every workbook of this process.
static NEXT_PART: AtomicU64 = AtomicU64::new(0);

/// The workbook being written.
#[derive(Debug)]
pub(crate) struct Xlsx {
    dir: Option<PathBuf>,
    cell: CellFormat,
    rows_per_sheet: u32,
    /// Sheets started so far (the first one is the selected tab).
    started: usize,
}

/// One worksheet: its XML deflated into a one-file zip in a temporary file.
struct Part {
    path: PathBuf,
    zip: Option<ZipWriter<BufWriter<File>>>,
    /// Rows written, header included.
    rows: u32,
}

impl Drop for Part {
    fn drop(&mut self) {
        self.zip = None;
        let _ = fs::remove_file(&self.path);
    }
}

/// One table of the workbook, on one sheet or more.
pub(crate) struct Sheet {
    name: &'static str,
    header: &'static [&'static str],
    /// Full sheets, then the one being written (last).
    parts: Vec<Part>,
    /// Row XML not yet deflated.
    buf: Vec<u8>,
    /// Rows of the current sheet, header included.
    row: u32,
    col: u16,
    /// Data rows over all sheets.
    pub rows: u64,
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheet")
            .field("name", &self.name)
            .field("rows", &self.rows)
            .finish()
    }
}

fn xlsx_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Xlsx {
        path: path.to_path_buf(),
        msg: e.to_string(),
    }
}

fn zip_options() -> SimpleFileOptions {
    // The options `rust_xlsxwriter` gives the parts it writes.
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(ZIP_LEVEL.into()))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default())
}

impl Xlsx {
    pub fn new(dir: Option<PathBuf>, limit: usize, rows_per_sheet: u64) -> Result<Xlsx, Error> {
        Ok(Xlsx {
            dir,
            cell: CellFormat {
                guard: false,
                limit: limit.clamp(16, cell::EXCEL_CELL_LIMIT),
            },
            rows_per_sheet: rows_per_sheet.clamp(1, cell::EXCEL_DATA_ROWS) as u32,
            started: 0,
        })
    }

    pub(crate) fn path(&self) -> PathBuf {
        self.dir
            .as_ref()
            .map_or_else(|| PathBuf::from(WORKBOOK), |d| d.join(WORKBOOK))
    }

    /// A table with its header row written.
    pub fn sheet(
        &mut self,
        name: &'static str,
        header: &'static [&'static str],
    ) -> Result<Sheet, Error> {
        let mut s = Sheet {
            name,
            header,
            parts: Vec::new(),
            buf: Vec::with_capacity(FLUSH_BYTES + 4096),
            row: 0,
            col: 0,
            rows: 0,
        };
        self.new_part(&mut s)?;
        Ok(s)
    }

    /// Ends the current sheet of `s` (if any) and starts the next one with its header.
    fn new_part(&mut self, s: &mut Sheet) -> Result<(), Error> {
        self.end_part(s)?;
        let n = NEXT_PART.fetch_add(1, Ordering::Relaxed);
        let path = match &self.dir {
            Some(d) => d.join(temp_name(&format!("{WORKBOOK}.{n}"))),
            None => std::env::temp_dir().join(format!(
                "khabar-{}-{n}.{WORKBOOK}.partial",
                std::process::id()
            )),
        };
        let file = File::create(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let mut part = Part {
            path,
            zip: None,
            rows: 1,
        };
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 16, file));
        zip.start_file("sheet.xml", zip_options())
            .map_err(|e| xlsx_error(&part.path, e))?;
        part.zip = Some(zip);
        sheet_start(&mut s.buf, s.header, self.started == 0);
        self.started += 1;
        s.parts.push(part);
        s.row = 1;
        Ok(())
    }

    /// Writes the end of the current sheet of `s` and closes its file.
    fn end_part(&self, s: &mut Sheet) -> Result<(), Error> {
        let Some(part) = s.parts.last_mut() else {
            return Ok(());
        };
        let Some(mut zip) = part.zip.take() else {
            return Ok(());
        };
        part.rows = s.row;
        sheet_end(&mut s.buf, s.header.len(), s.row);
        let done = zip
            .write_all(&s.buf)
            .map_err(zip::result::ZipError::from)
            .and_then(|()| zip.finish())
            .and_then(|mut w| Ok(w.flush()?));
        s.buf.clear();
        done.map_err(|e| xlsx_error(&part.path, e))
    }

    /// Rows of `sheet` are written through the returned writer.
    pub fn rows<'a>(&'a mut self, sheet: &'a mut Sheet) -> SheetRows<'a> {
        SheetRows { xlsx: self, sheet }
    }

    /// The workbook without its sheets' cells: `rust_xlsxwriter` writes the sheet list,
    /// styles, autofilters and properties of the sheets `parts` (name, columns, rows).
    fn skeleton(parts: &[(String, usize, u32)]) -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        wb.set_zip_compression_level(ZIP_LEVEL);
        // A fixed creation time: the same tables give the same bytes, run after run.
        if let Ok(t) = ExcelDateTime::from_ymd(1980, 1, 1) {
            wb.set_properties(&DocProperties::new().set_creation_datetime(&t));
        }
        let header = Format::new().set_bold();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (i, (name, cols, rows)) in parts.iter().enumerate() {
            let ws = wb.add_worksheet();
            ws.set_name(name)?;
            if i == 0 {
                // The formats in the order of HEADER_STYLE and DATE_STYLE.
                ws.write_blank(0, 0, &header)?;
                ws.write_blank(1, 0, &date)?;
            }
            ws.autofilter(0, 0, rows.saturating_sub(1).max(1), *cols as u16 - 1)?;
        }
        wb.save_to_buffer()
    }

    /// Ends the sheets, writes the workbook under its temporary name and renames it (or, with
    /// no folder, only counts its bytes).
    pub fn finish(self, tables: Vec<Sheet>, files: &mut Vec<OutputFile>) -> Result<u64, Error> {
        let path = self.path();
        let err = |e: &dyn std::fmt::Display| xlsx_error(&path, e);
        let mut rows = 0;
        let mut names = Vec::new();
        let mut parts = Vec::new();
        for mut t in tables {
            self.end_part(&mut t)?;
            for (i, p) in t.parts.drain(..).enumerate() {
                let name = match i {
                    0 => t.name.to_string(),
                    _ => format!("{} {}", t.name, i + 1),
                };
                names.push((name, t.header.len(), p.rows));
                parts.push(p);
            }
            rows += t.rows;
        }
        let skeleton = Xlsx::skeleton(&names).map_err(|e| err(&e))?;
        let bytes = match &self.dir {
            Some(dir) => {
                let tmp = dir.join(temp_name(WORKBOOK));
                let out = File::create(&tmp).map_err(|source| Error::Io {
                    path: tmp.clone(),
                    source,
                })?;
                let written = assemble(&skeleton, &parts, BufWriter::with_capacity(1 << 16, out))
                    .map_err(|e| err(&e))
                    .and_then(|w| {
                        let f = w.into_inner().map_err(|e| err(&e))?;
                        f.sync_all()
                            .and_then(|()| f.metadata())
                            .map(|m| m.len())
                            .map_err(|source| Error::Io {
                                path: tmp.clone(),
                                source,
                            })
                    });
                let len = match written {
                    Ok(len) => len,
                    Err(e) => {
                        let _ = fs::remove_file(&tmp);
                        return Err(e);
                    }
                };
                fs::rename(&tmp, &path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                len
            }
            None => assemble(&skeleton, &parts, Cursor::new(Vec::new()))
                .map_err(|e| err(&e))?
                .get_ref()
                .len() as u64,
        };
        files.push(OutputFile {
            table: "workbook",
            file: WORKBOOK.into(),
            part: 1,
            rows,
            bytes,
        });
        Ok(rows)
    }
}

/// The workbook: the parts of `skeleton` in its order, with the sheets' XML taken from
/// `parts` (compressed bytes copied as they are).
fn assemble<W: Write + Seek>(skeleton: &[u8], parts: &[Part], out: W) -> zip::result::ZipResult<W> {
    let mut book = ZipArchive::new(Cursor::new(skeleton))?;
    let mut zip = ZipWriter::new(out);
    let mut sheets = parts.iter();
    for i in 0..book.len() {
        let f = book.by_index_raw(i)?;
        let name = f.name()?.to_string();
        if name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml") {
            let Some(p) = sheets.next() else {
                return Err(zip::result::ZipError::InvalidArchive(
                    "more sheets than parts".into(),
                ));
            };
            let mut a = ZipArchive::new(File::open(&p.path)?)?;
            zip.raw_copy_file_rename(a.by_index_raw(0)?, name)?;
        } else {
            zip.raw_copy_file(f)?;
        }
    }
    zip.finish()
}

/// Column width by column name: long text wide, numbers and dates narrow.
fn width(header: &str) -> f64 {
    let w: f64 = match header {
        "text" | "snippet" | "title" | "headline" | "entities" | "canonical" | "url"
        | "dateline" => 40.0,
        "doc_id" | "entity_id" | "source" | "status" => 24.0,
        "dct" | "date" | "value" | "anchor" | "first_date" | "last_date" => 12.0,
        "article" | "sentence" | "chars" | "tokens" | "sentences" | "entities_n" | "dates"
        | "documents" | "mentions" | "lat" | "lon" => 10.0,
        _ => (header.len() as f64 + 4.0).max(10.0),
    };
    w.min(MAX_WIDTH)
}

/// The width Excel stores for a column `w` characters wide (Calibri 11: 7 pixels a
/// character, 5 of padding, in 1/256ths), as `rust_xlsxwriter` writes it.
fn stored_width(w: f64) -> f64 {
    let pixels = (w * 7.0 + 0.5).floor() + 5.0;
    (pixels * 256.0 / 7.0).floor() / 256.0
}

/// Appends the column letters of `col` (0 is `A`).
fn push_col(buf: &mut Vec<u8>, col: u16) {
    let mut n = u32::from(col) + 1;
    let mut tmp = [0u8; 4];
    let mut i = tmp.len();
    while n > 0 {
        i -= 1;
        tmp[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Appends `<c r="B7"` for the cell at (0-based) `row`, `col`.
fn push_ref(buf: &mut Vec<u8>, row: u32, col: u16) {
    buf.extend_from_slice(b"<c r=\"");
    push_col(buf, col);
    cell::push_u64(buf, u64::from(row) + 1);
    buf.push(b'"');
}

/// The start of a sheet's XML, up to and with its header row.
fn sheet_start(buf: &mut Vec<u8>, header: &[&str], selected: bool) {
    buf.extend_from_slice(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView "#,
    );
    if selected {
        buf.extend_from_slice(br#"tabSelected="1" "#);
    }
    buf.extend_from_slice(
        br#"workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>"#,
    );
    // Neighbours of one width share a `<col>`, as `rust_xlsxwriter` writes them.
    let widths: Vec<f64> = header.iter().map(|h| stored_width(width(h))).collect();
    let mut c = 0;
    while c < widths.len() {
        let n = widths[c..].iter().take_while(|&&w| w == widths[c]).count();
        let _ = write!(
            buf,
            r#"<col min="{}" max="{}" width="{}" customWidth="1"/>"#,
            c + 1,
            c + n,
            widths[c]
        );
        c += n;
    }
    buf.extend_from_slice(br#"</cols><sheetData><row r="1">"#);
    for (c, h) in header.iter().enumerate() {
        push_ref(buf, 0, c as u16);
        buf.extend_from_slice(b" s=\"");
        buf.extend_from_slice(HEADER_STYLE.as_bytes());
        buf.push(b'"');
        push_inline(buf, h);
    }
    buf.extend_from_slice(b"</row>");
}

/// The end of a sheet's XML: the autofilter over its `rows` rows.
fn sheet_end(buf: &mut Vec<u8>, cols: usize, rows: u32) {
    buf.extend_from_slice(br#"</sheetData><autoFilter ref="A1:"#);
    push_col(buf, cols.saturating_sub(1) as u16);
    cell::push_u64(buf, u64::from(rows.max(2)));
    buf.extend_from_slice(
        br#""/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#,
    );
}

/// Appends ` t="inlineStr"><is><t>TEXT</t></is></c>` for the string `s` (the cell's `<c r=".."`
/// and style already written).
fn push_inline(buf: &mut Vec<u8>, s: &str) {
    push_inline_parts(buf, s, "");
}

fn push_inline_parts(buf: &mut Vec<u8>, s: &str, tail: &str) {
    let ws = |c: Option<char>| matches!(c, Some('\t' | '\n' | ' '));
    let last = if tail.is_empty() { s } else { tail };
    if ws(s.chars().next()) || ws(last.chars().next_back()) {
        buf.extend_from_slice(br#" t="inlineStr"><is><t xml:space="preserve">"#);
    } else {
        buf.extend_from_slice(br#" t="inlineStr"><is><t>"#);
    }
    push_escaped(buf, s);
    push_escaped(buf, tail);
    buf.extend_from_slice(b"</t></is></c>");
}

/// Appends `s` escaped as Excel reads cell text: `&`, `<`, `>` as entities, control
/// characters (but tab and line feed) and U+FFFE, U+FFFF as `_xHHHH_`, and the `_` of a
/// literal `_xHHHH_` as `_x005F_` (what `rust_xlsxwriter` does).
fn push_escaped(buf: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep: &[u8] = match c {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\t' | b'\n' => continue,
            0..=0x1f => {
                buf.extend_from_slice(&b[start..i]);
                let _ = write!(buf, "_x{c:04X}_");
                start = i + 1;
                continue;
            }
            b'_' if looks_escaped(&b[i..]) => b"_x005F_",
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => {
                buf.extend_from_slice(&b[start..i]);
                buf.extend_from_slice(if b[i + 2] == 0xBE {
                    b"_xFFFE_"
                } else {
                    b"_xFFFF_"
                });
                start = i + 3;
                continue;
            }
            _ => continue,
        };
        buf.extend_from_slice(&b[start..i]);
        buf.extend_from_slice(rep);
        start = i + 1;
    }
    if start < b.len() {
        buf.extend_from_slice(&b[start..]);
    }
}

/// `_xHHHH_` at the start of `b`.
#[cfg(test)]
fn is_escape(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// `_xHHHH` at the start of `b`, followed by what is or will be written as `_`: escaped,
/// Excel would read it as the character HHHH.
fn looks_escaped(b: &[u8]) -> bool {
    b.len() >= 7
        && b[1] == b'x'
        && b[2..6].iter().all(u8::is_ascii_hexdigit)
        && match b[6] {
            b'_' => true,
            b'\t' | b'\n' => false,
            c if c < 0x20 => true,
            0xEF => b.get(7) == Some(&0xBF) && matches!(b.get(8), Some(0xBE | 0xBF)),
            _ => false,
        }
}

/// A complete `YYYY-MM-DD` date Excel can hold (1900 to 9999).
fn full_date(s: &str) -> Option<ExcelDateTime> {
    let b = s.as_bytes();
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return None;
    }
    let year: u16 = s[0..4].parse().ok()?;
    let month: u8 = s[5..7].parse().ok()?;
    let day: u8 = s[8..10].parse().ok()?;
    if year < 1900 {
        return None;
    }
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// Writes the rows of one table into the workbook.
pub(crate) struct SheetRows<'a> {
    xlsx: &'a mut Xlsx,
    sheet: &'a mut Sheet,
}

impl SheetRows<'_> {
    /// Starts the next cell: `<c r="..."`.
    fn next_ref(&mut self) -> &mut Vec<u8> {
        let s = &mut *self.sheet;
        let col = s.col;
        s.col += 1;
        push_ref(&mut s.buf, s.row, col);
        &mut s.buf
    }

    fn number(&mut self, style: Option<&str>, v: impl FnOnce(&mut Vec<u8>)) {
        let buf = self.next_ref();
        if let Some(s) = style {
            buf.extend_from_slice(b" s=\"");
            buf.extend_from_slice(s.as_bytes());
            buf.push(b'"');
        }
        buf.extend_from_slice(b"><v>");
        v(buf);
        buf.extend_from_slice(b"</v></c>");
    }
}

impl Rows for SheetRows<'_> {
    fn begin_row(&mut self) -> Result<(), Error> {
        if self.sheet.row > self.xlsx.rows_per_sheet {
            self.xlsx.new_part(self.sheet)?;
        }
        self.sheet.col = 0;
        self.sheet.buf.extend_from_slice(b"<row r=\"");
        cell::push_u64(&mut self.sheet.buf, u64::from(self.sheet.row) + 1);
        self.sheet.buf.extend_from_slice(b"\">");
        Ok(())
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() {
            self.sheet.col += 1;
            return;
        }
        let fmt = self.xlsx.cell;
        let buf = self.next_ref();
        let (_, body, cut) = cell::shape(s, fmt);
        push_inline_parts(buf, body, if cut { cell::TRUNCATION_MARKER } else { "" });
    }

    fn num(&mut self, n: u64) {
        self.number(None, |b| cell::push_u64(b, n));
    }

    fn float(&mut self, x: f64) {
        if !x.is_finite() {
            // Excel has no NaN or infinity: the text, as `rust_xlsxwriter` writes it.
            let t = if x.is_nan() {
                "NAN"
            } else if x > 0.0 {
                "INF"
            } else {
                "-INF"
            };
            return self.text(t);
        }
        self.number(None, |b| {
            let _ = write!(b, "{x}");
        });
    }

    fn date(&mut self, s: &str) {
        match full_date(s) {
            Some(d) => {
                let serial = d.to_excel();
                self.number(Some(DATE_STYLE), |b| {
                    let _ = write!(b, "{serial}");
                })
            }
            None => self.text(s),
        }
    }

    fn end_row(&mut self) -> Result<(), Error> {
        let s = &mut *self.sheet;
        s.buf.extend_from_slice(b"</row>");
        s.row += 1;
        s.rows += 1;
        if s.buf.len() >= FLUSH_BYTES {
            let part = s.parts.last_mut();
            if let Some(Part {
                zip: Some(zip),
                path,
                ..
            }) = part
            {
                if let Err(e) = zip.write_all(&s.buf) {
                    let e = Error::Io {
                        path: path.clone(),
                        source: e,
                    };
                    s.buf.clear();
                    return Err(e);
                }
            }
            s.buf.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Read;

    /// Cell text as Excel reads it back: entities, then each `_xHHHH_` as its character.
    fn unescape(x: &str) -> String {
        let x = x
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let mut out = String::new();
        let mut rest = x.as_str();
        while let Some(i) = rest.find("_x") {
            out.push_str(&rest[..i]);
            let b = &rest.as_bytes()[i..];
            if is_escape(b) {
                let code = u32::from_str_radix(&rest[i + 2..i + 6], 16).unwrap();
                out.push(char::from_u32(code).unwrap());
                rest = &rest[i + 7..];
            } else {
                out.push_str("_x");
                rest = &rest[i + 2..];
            }
        }
        out.push_str(rest);
        out
    }

    fn escaped(s: &str) -> String {
        let mut buf = Vec::new();
        push_escaped(&mut buf, s);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn text_is_escaped_as_excel_reads_it() {
        assert_eq!(
            escaped("a&b<c>d\u{1}e\r_x0041_ \u{FFFE}\tg\n_x12_"),
            "a&amp;b&lt;c&gt;d_x0001_e_x000D__x005F_x0041_ _xFFFE_\tg\n_x12_"
        );
        // A control character right after `_xHHHH` is escaped with a `_` of its own.
        assert_eq!(escaped("_x1234\u{1}"), "_x005F_x1234_x0001_");
        assert_eq!(escaped("plain"), "plain");
    }

    proptest! {
        #[test]
        fn escaped_text_reads_back_whole(s in "([a-z_xF0-9&<>\t\n\r\u{0}-\u{1f}\u{fffe}\u{ffff}é]|_x[0-9A-Fa-f]{4}_){0,12}") {
            let x = escaped(&s);
            prop_assert!(!x.bytes().any(|c| c < 0x20 && c != b'\t' && c != b'\n'), "{:?}", x);
            prop_assert!(!x.contains('<') && !x.contains('>'));
            prop_assert_eq!(unescape(&x), s);
        }
    }

    #[test]
    fn column_letters() {
        for (c, name) in [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")] {
            let mut buf = Vec::new();
            push_col(&mut buf, c);
            assert_eq!(buf, name.as_bytes(), "{c}");
        }
    }

    #[test]
    fn widths_are_stored_as_excel_does() {
        assert_eq!(stored_width(40.0), 40.7109375);
        assert_eq!(stored_width(10.0), 10.7109375);
    }

    /// The style ids written in the sheets are those of the skeleton's `styles.xml`.
    #[test]
    fn skeleton_styles_are_the_header_and_the_date() {
        let book = Xlsx::skeleton(&[("documents".into(), 3, 5), ("dates".into(), 2, 1)]).unwrap();
        let mut z = ZipArchive::new(Cursor::new(book)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let sheet = read("xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(&format!(r#"<c r="A1" s="{HEADER_STYLE}"/>"#)),
            "{sheet}"
        );
        assert!(
            sheet.contains(&format!(r#"<c r="A2" s="{DATE_STYLE}"/>"#)),
            "{sheet}"
        );
        let styles = read("xl/styles.xml");
        assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
        let xfs = &styles[styles.find("<cellXfs").unwrap()..];
        let xf: Vec<&str> = xfs.split("<xf ").skip(1).collect();
        assert!(xf[1].contains(r#"fontId="1""#), "{styles}");
        assert!(xf[2].contains(r#"numFmtId="164""#), "{styles}");
        assert!(styles.contains("<b/>"));
        let wb = read("xl/workbook.xml");
        assert!(
            wb.contains("documents!$A$1:$C$5") && wb.contains("dates!$A$1:$B$2"),
            "{wb}"
        );
    }

    #[test]
    fn full_dates() {
        for (s, ok) in [
            ("2021-11-04", true),
            ("1900-01-01", true),
            ("2021-02-30", false),
            ("2021-11", false),
            ("1899-12-31", false),
            ("2021-11-04T10:00", false),
            ("20211104", false),
            ("XXXX-11-04", false),
            ("", false),
        ] {
            assert_eq!(full_date(s).is_some(), ok, "{s}");
        }
    }
}

//! `tables.xlsx`: every table of a run as a sheet of one workbook, with typed cells.
//!
//! Text (ids, names, snippets, `true`/`false`) is always a string cell, whatever it looks
//! like, so that `007` stays `007` and `=1+1` is never a formula; counts and offsets are
//! number cells; a date column holding a complete `YYYY-MM-DD` date (years 1900 to 9999) is
//! a date cell shown as `yyyy-mm-dd`, anything coarser (`2021-11`) stays text. The header
//! row is bold and frozen, every sheet has an autofilter, and columns get a width by kind.
//! A table past the row limit continues on a next sheet (`entities 2`, ...).
//!
//! The sheets are written row by row into temporary files in the output folder
//! (constant-memory mode), so the workbook takes no more memory than the CSV tables; the
//! workbook is assembled by [`Xlsx::finish`] under `.tables.xlsx.partial` and renamed.

use std::{
    fs,
    io::{Cursor, Write},
    path::{Path, PathBuf},
};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::{
    cell::{self, CellFormat},
    table::{temp_name, Rows},
    Error, OutputFile,
};

/// File name of the workbook in the output folder.
pub const WORKBOOK: &str = "tables.xlsx";

/// Deflate level of the workbook's parts: the fastest (see [`Xlsx::new`]).
const ZIP_LEVEL: u8 = 1;

/// Excel's widest column, in characters.
const MAX_WIDTH: f64 = 60.0;

/// The workbook being written.
pub(crate) struct Xlsx {
    wb: Workbook,
    dir: Option<PathBuf>,
    date: Format,
    header: Format,
    cell: CellFormat,
    rows_per_sheet: u32,
}

impl std::fmt::Debug for Xlsx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Xlsx").field("dir", &self.dir).finish()
    }
}

/// One table of the workbook, on one sheet or more.
pub(crate) struct Sheet {
    name: &'static str,
    header: &'static [&'static str],
    /// Full sheets, then the one being written (last).
    sheets: Vec<Worksheet>,
    /// Rows of the current sheet, header included.
    row: u32,
    col: u16,
    /// Data rows over all sheets.
    pub rows: u64,
    error: Option<XlsxError>,
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheet")
            .field("name", &self.name)
            .field("rows", &self.rows)
            .finish()
    }
}

fn xlsx_error(path: &Path, e: XlsxError) -> Error {
    Error::Xlsx {
        path: path.to_path_buf(),
        msg: e.to_string(),
    }
}

impl Xlsx {
    pub fn new(dir: Option<PathBuf>, limit: usize, rows_per_sheet: u64) -> Result<Xlsx, Error> {
        let mut wb = Workbook::new();
        // Deflate is the writer's serial tail; on Reuters-21578 (2 threads) level 1 takes
        // 2.84 s of CPU for the run against 4.34 s at the default level 6, for a workbook
        // of 30.4 MB instead of 19.4 MB.
        wb.set_zip_compression_level(ZIP_LEVEL);
        // A fixed creation time: the same tables give the same bytes, run after run.
        if let Ok(t) = ExcelDateTime::from_ymd(1980, 1, 1) {
            wb.set_properties(&DocProperties::new().set_creation_datetime(&t));
        }
        if let Some(d) = &dir {
            // Sheets wait in the output folder, not in a temp folder that may be memory.
            wb.set_tempdir(d).map_err(|e| xlsx_error(d, e))?;
        }
        Ok(Xlsx {
            wb,
            dir,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            header: Format::new().set_bold(),
            cell: CellFormat {
                guard: false,
                limit: limit.clamp(16, cell::EXCEL_CELL_LIMIT),
            },
            rows_per_sheet: rows_per_sheet.clamp(1, cell::EXCEL_DATA_ROWS) as u32,
        })
    }

    fn path(&self) -> PathBuf {
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
            sheets: Vec::new(),
            row: 0,
            col: 0,
            rows: 0,
            error: None,
        };
        self.new_sheet(&mut s)
            .map_err(|e| xlsx_error(&self.path(), e))?;
        Ok(s)
    }

    fn new_sheet(&mut self, s: &mut Sheet) -> Result<(), XlsxError> {
        let mut ws = self.wb.new_worksheet_with_constant_memory()?;
        let n = s.sheets.len() + 1;
        if n == 1 {
            ws.set_name(s.name)?;
        } else {
            ws.set_name(format!("{} {n}", s.name))?;
        }
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &self.header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        s.sheets.push(ws);
        s.row = 1;
        Ok(())
    }

    /// Rows of `sheet` are written through the returned writer.
    pub fn rows<'a>(&'a mut self, sheet: &'a mut Sheet) -> SheetRows<'a> {
        SheetRows { xlsx: self, sheet }
    }

    /// Adds the sheets in order, writes the workbook under its temporary name and renames it
    /// (or, with no folder, only counts its bytes).
    pub fn finish(mut self, tables: Vec<Sheet>, files: &mut Vec<OutputFile>) -> Result<u64, Error> {
        let path = self.path();
        let err = |e| xlsx_error(&path, e);
        let mut rows = 0;
        for mut t in tables {
            if let Some(e) = t.error.take() {
                return Err(err(e));
            }
            let last = t.sheets.len().saturating_sub(1);
            for (i, mut ws) in t.sheets.drain(..).enumerate() {
                let n = if i == last {
                    t.row
                } else {
                    self.rows_per_sheet + 1
                };
                // Widths are set last: a sheet with column settings looks them up (SipHash)
                // twice for every cell written, 0.2 s of 3.0 s of CPU on Reuters-21578;
                // the column list is only written out when the workbook is saved.
                for (c, h) in t.header.iter().enumerate() {
                    ws.set_column_width(c as u16, width(h)).map_err(err)?;
                }
                ws.autofilter(0, 0, n.saturating_sub(1).max(1), t.header.len() as u16 - 1)
                    .map_err(err)?;
                self.wb.push_worksheet(ws);
            }
            rows += t.rows;
        }
        let bytes = match &self.dir {
            Some(dir) => {
                let tmp = dir.join(temp_name(WORKBOOK));
                self.wb.save(&tmp).map_err(err)?;
                let f = fs::File::open(&tmp).and_then(|f| {
                    f.sync_all()?;
                    f.metadata()
                });
                let len = match f {
                    Ok(m) => m.len(),
                    Err(source) => {
                        let _ = fs::remove_file(&tmp);
                        return Err(Error::Io { path: tmp, source });
                    }
                };
                fs::rename(&tmp, &path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                len
            }
            None => {
                let mut buf = Cursor::new(Vec::new());
                self.wb.save_to_writer(&mut buf).map_err(err)?;
                buf.flush().ok();
                buf.get_ref().len() as u64
            }
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
    fn cell(&mut self, f: impl FnOnce(&mut Worksheet, u32, u16, &Xlsx) -> Result<(), XlsxError>) {
        let s = &mut *self.sheet;
        let col = s.col;
        s.col += 1;
        if s.error.is_some() {
            return;
        }
        let Some(ws) = s.sheets.last_mut() else {
            return;
        };
        if let Err(e) = f(ws, s.row, col, self.xlsx) {
            s.error = Some(e);
        }
    }
}

impl Rows for SheetRows<'_> {
    fn begin_row(&mut self) -> Result<(), Error> {
        if self.sheet.row > self.xlsx.rows_per_sheet {
            if let Err(e) = self.xlsx.new_sheet(self.sheet) {
                return Err(xlsx_error(&self.xlsx.path(), e));
            }
        }
        self.sheet.col = 0;
        Ok(())
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() {
            self.sheet.col += 1;
            return;
        }
        self.cell(|ws, r, c, x| {
            let (_, body, cut) = cell::shape(s, x.cell);
            if cut {
                let mut t = String::with_capacity(body.len() + 16);
                t.push_str(body);
                t.push_str(cell::TRUNCATION_MARKER);
                ws.write_string(r, c, t)?;
            } else {
                ws.write_string(r, c, body)?;
            }
            Ok(())
        });
    }

    fn num(&mut self, n: u64) {
        self.cell(|ws, r, c, _| ws.write_number(r, c, n as f64).map(|_| ()));
    }

    fn float(&mut self, x: f64) {
        self.cell(|ws, r, c, _| ws.write_number(r, c, x).map(|_| ()));
    }

    fn date(&mut self, s: &str) {
        match full_date(s) {
            Some(d) => {
                self.cell(|ws, r, c, x| ws.write_date_with_format(r, c, &d, &x.date).map(|_| ()))
            }
            None => self.text(s),
        }
    }

    fn end_row(&mut self) -> Result<(), Error> {
        if let Some(e) = self.sheet.error.take() {
            return Err(xlsx_error(&self.xlsx.path(), e));
        }
        self.sheet.row += 1;
        self.sheet.rows += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

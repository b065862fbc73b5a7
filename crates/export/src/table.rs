//! One output table: rows encoded into a reused buffer, written to a temporary file in the
//! output folder, split into numbered parts past the row limit, renamed on commit.

use std::{
    fs::{self, File},
    io::Write,
    path::{Path, PathBuf},
    sync::mpsc,
};

use crate::{
    cell::{self, CellFormat},
    Error, OutputFile,
};

/// Bytes buffered before they go to the file.
const FLUSH_AT: usize = 1 << 16;

/// Bytes written to a file before they are handed to the disk early (see [`Writeback`]).
const WRITEBACK_EVERY: u64 = 2 << 20;

/// Hands the data written so far to the disk while the run goes on, on a thread of its own,
/// so that the sync of every table at the end of a run (before the renames) finds little
/// left to write: a run writes tables several times the size of its text, and syncing them
/// all only at the end left the processors idle while the disk caught up.
///
/// The writer never waits for it: a file is passed on only when the thread is free.
#[derive(Clone, Debug, Default)]
pub(crate) struct Writeback(Option<mpsc::SyncSender<File>>);

impl Writeback {
    /// Starts the thread; without it (it could not be started) data goes to the disk at the
    /// end, as it would anyway.
    pub fn start() -> Writeback {
        let (tx, rx) = mpsc::sync_channel::<File>(1);
        let started = std::thread::Builder::new()
            .name("khabar-writeback".into())
            .spawn(move || {
                for f in rx {
                    // Only a head start: the sync at the end reports any error.
                    let _ = f.sync_data();
                }
            });
        Writeback(started.ok().map(|_| tx))
    }

    /// Syncs the data of `file` written so far on the thread, unless it is busy.
    fn pass(&self, file: &File) {
        if let Some(tx) = &self.0 {
            if let Ok(f) = file.try_clone() {
                let _ = tx.try_send(f);
            }
        }
    }
}

/// How a CSV table is laid out, fixed for a run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CsvFormat {
    pub bom: bool,
    pub crlf: bool,
    pub delimiter: u8,
    pub cell: CellFormat,
    pub rows_per_part: u64,
}

/// Where the rows of a table go, cell by cell: a CSV [`Table`] or a sheet of the workbook.
pub(crate) trait Rows {
    /// Starts a data row.
    fn begin_row(&mut self) -> Result<(), Error>;
    /// A text cell.
    fn text(&mut self, s: &str);
    /// A number cell.
    fn num(&mut self, n: u64);
    /// A number cell with a fraction (coordinates).
    fn float(&mut self, x: f64);
    /// A date column: a date cell when `s` is a complete `YYYY-MM-DD` date and the format
    /// has date cells, else text.
    fn date(&mut self, s: &str);
    /// Ends a data row.
    fn end_row(&mut self) -> Result<(), Error>;
    /// Starts a data row whose first cell is the text `s`, which `cell` holds as
    /// [`Table::text`] encodes it (see [`encode_text`]): a document's id, the first cell of
    /// each of its rows, is encoded once.
    fn begin_row_with(&mut self, s: &str, cell: &[u8]) -> Result<(), Error> {
        let _ = cell;
        self.begin_row()?;
        self.text(s);
        Ok(())
    }
    /// A text cell that is either `s` or empty.
    fn opt_text(&mut self, s: Option<&str>) {
        self.text(s.unwrap_or(""));
    }
    /// A boolean, written as the text `true` or `false`.
    fn bool(&mut self, b: bool) {
        self.text(if b { "true" } else { "false" });
    }
}

impl Rows for Table {
    #[inline]
    fn begin_row(&mut self) -> Result<(), Error> {
        Table::begin_row(self)
    }
    #[inline]
    fn text(&mut self, s: &str) {
        Table::text(self, s)
    }
    #[inline]
    fn num(&mut self, n: u64) {
        Table::num(self, n)
    }
    #[inline]
    fn date(&mut self, s: &str) {
        Table::text(self, s)
    }
    #[inline]
    fn bool(&mut self, b: bool) {
        self.sep();
        push_bool(&mut self.buf, self.csv.cell, b);
    }
    fn float(&mut self, x: f64) {
        self.sep();
        push_float(&mut self.buf, x);
    }
    #[inline]
    fn end_row(&mut self) -> Result<(), Error> {
        Table::end_row(self)
    }
    #[inline]
    fn begin_row_with(&mut self, _: &str, cell: &[u8]) -> Result<(), Error> {
        Table::begin_row(self)?;
        self.first = false;
        self.buf.extend_from_slice(cell);
        Ok(())
    }
}

/// A boolean cell (after its separator): what [`cell::push_text`] writes for the words
/// `true` and `false`, which need no guard and, but under a tiny limit, no cut.
#[inline]
fn push_bool(buf: &mut Vec<u8>, format: CellFormat, b: bool) {
    if format.limit < 5 {
        return cell::push_text(buf, if b { "true" } else { "false" }, format);
    }
    buf.extend_from_slice(if b { b"\"true\"" } else { b"\"false\"" });
}

/// A number cell with a fraction (after its separator).
fn push_float(buf: &mut Vec<u8>, x: f64) {
    use std::io::Write;
    let _ = write!(buf, "{x}");
}

/// Rows encoded into a buffer of their own exactly as a [`Table`] of this format encodes
/// them (no header, no parts): a document's rows made ahead on any thread, which
/// [`Table::append_rows`] then copies in.
pub(crate) struct RowBuf<'a> {
    buf: &'a mut Vec<u8>,
    csv: CsvFormat,
    first: bool,
    /// Rows ended so far.
    pub rows: u64,
    /// Where each row ends in the buffer.
    ends: &'a mut Vec<usize>,
}

impl<'a> RowBuf<'a> {
    /// Rows into `buf`, noting where each ends in `ends`.
    pub fn new(buf: &'a mut Vec<u8>, ends: &'a mut Vec<usize>, csv: CsvFormat) -> RowBuf<'a> {
        RowBuf {
            buf,
            csv,
            first: true,
            rows: 0,
            ends,
        }
    }

    #[inline]
    fn sep(&mut self) {
        if !self.first {
            self.buf.push(self.csv.delimiter);
        }
        self.first = false;
    }
}

impl Rows for RowBuf<'_> {
    #[inline]
    fn begin_row(&mut self) -> Result<(), Error> {
        self.first = true;
        Ok(())
    }
    #[inline]
    fn text(&mut self, s: &str) {
        self.sep();
        cell::push_text(self.buf, s, self.csv.cell);
    }
    #[inline]
    fn num(&mut self, n: u64) {
        self.sep();
        cell::push_u64(self.buf, n);
    }
    #[inline]
    fn date(&mut self, s: &str) {
        self.text(s)
    }
    #[inline]
    fn bool(&mut self, b: bool) {
        self.sep();
        push_bool(self.buf, self.csv.cell, b);
    }
    fn float(&mut self, x: f64) {
        self.sep();
        push_float(self.buf, x);
    }
    #[inline]
    fn end_row(&mut self) -> Result<(), Error> {
        if self.csv.crlf {
            self.buf.push(b'\r');
        }
        self.buf.push(b'\n');
        self.rows += 1;
        self.ends.push(self.buf.len());
        Ok(())
    }
    #[inline]
    fn begin_row_with(&mut self, _: &str, cell: &[u8]) -> Result<(), Error> {
        self.first = false;
        self.buf.extend_from_slice(cell);
        Ok(())
    }
}

/// Writes over `out` the text cell `s` as a CSV table of this format writes it, for
/// [`Rows::begin_row_with`].
pub(crate) fn encode_text(out: &mut Vec<u8>, s: &str, format: CsvFormat) {
    out.clear();
    cell::push_text(out, s, format.cell);
}

/// Cells encoded as a [`Table`] of this format writes them after the first cell of a row
/// (each after its separator), into a buffer of their own: for [`Table::raw`].
pub(crate) struct Cells<'a> {
    buf: &'a mut Vec<u8>,
    format: CsvFormat,
}

impl Cells<'_> {
    pub fn new(buf: &mut Vec<u8>, format: CsvFormat) -> Cells<'_> {
        Cells { buf, format }
    }

    /// A text cell, as [`Table::text`] writes it.
    pub fn text(&mut self, s: &str) {
        self.buf.push(self.format.delimiter);
        cell::push_text(self.buf, s, self.format.cell);
    }

    /// A number cell, as [`Table::num`] writes it.
    pub fn num(&mut self, n: u64) {
        self.buf.push(self.format.delimiter);
        cell::push_u64(self.buf, n);
    }
}

/// A file being written under a temporary name. Dropping it before [`Part::commit`] removes
/// the temporary, so no half-written file ever sits under a final name.
#[derive(Debug)]
pub(crate) struct Part {
    pub tmp: PathBuf,
    pub path: PathBuf,
    file: Option<File>,
    pub rows: u64,
    pub bytes: u64,
    committed: bool,
    writeback: Writeback,
    /// Bytes written since the data was last handed to [`Writeback`].
    unsynced: u64,
}

impl Part {
    pub fn create(dir: &Path, name: &str, writeback: Writeback) -> Result<Part, Error> {
        let path = dir.join(name);
        let tmp = dir.join(temp_name(name));
        let file = File::create(&tmp).map_err(|source| Error::Io {
            path: tmp.clone(),
            source,
        })?;
        Ok(Part {
            tmp,
            path,
            file: Some(file),
            rows: 0,
            bytes: 0,
            committed: false,
            writeback,
            unsynced: 0,
        })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.bytes += bytes.len() as u64;
        if let Some(f) = &mut self.file {
            f.write_all(bytes).map_err(|source| Error::Io {
                path: self.tmp.clone(),
                source,
            })?;
            self.unsynced += bytes.len() as u64;
            if self.unsynced >= WRITEBACK_EVERY {
                self.unsynced = 0;
                self.writeback.pass(f);
            }
        }
        Ok(())
    }

    /// Flushes the file to disk and closes it (still under its temporary name).
    pub fn sync(&mut self) -> Result<(), Error> {
        if let Some(f) = self.file.take() {
            f.sync_all().map_err(|source| Error::Io {
                path: self.tmp.clone(),
                source,
            })?;
        }
        Ok(())
    }

    /// Renames the synced temporary to its final name.
    pub fn commit(&mut self) -> Result<(), Error> {
        self.sync()?;
        fs::rename(&self.tmp, &self.path).map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Part {
    fn drop(&mut self) {
        if !self.committed {
            drop(self.file.take());
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// The temporary name of an output file: hidden, in the same folder (so the rename is
/// atomic), and never matching a table's final name.
pub(crate) fn temp_name(name: &str) -> String {
    format!(".{name}.partial")
}

/// What a table is written into.
#[derive(Clone, Debug)]
pub(crate) enum Dest {
    /// Files in this folder, handed to the disk as they grow.
    Dir(PathBuf, Writeback),
    /// Nowhere: only bytes and rows are counted (benches, dry runs).
    Discard,
}

/// A table in one or more parts.
#[derive(Debug)]
pub(crate) struct Table {
    /// File stem: `entities` gives `entities.csv`, `entities.part2.csv`, ...
    pub stem: &'static str,
    /// File extension without the dot.
    ext: &'static str,
    header: &'static [&'static str],
    pub csv: CsvFormat,
    dest: Dest,
    /// Encoded bytes not yet written to the current part.
    pub buf: Vec<u8>,
    /// Finished parts and the current one (last).
    parts: Vec<Part>,
    /// Data rows over all parts.
    pub rows: u64,
    /// Whether the next field is the first of its row.
    first: bool,
    /// Bytes written to discarded parts, by part.
    discarded: Vec<(u64, u64)>,
}

impl Table {
    /// A CSV table with a header row.
    pub fn csv(
        stem: &'static str,
        header: &'static [&'static str],
        csv: CsvFormat,
        dest: Dest,
    ) -> Table {
        Table {
            stem,
            ext: "csv",
            header,
            csv,
            dest,
            buf: Vec::with_capacity(FLUSH_AT * 2),
            parts: Vec::new(),
            rows: 0,
            first: true,
            discarded: Vec::new(),
        }
    }

    /// A file of lines without a header (JSONL).
    pub fn lines(stem: &'static str, ext: &'static str, dest: Dest) -> Table {
        let csv = CsvFormat {
            bom: false,
            crlf: false,
            delimiter: b',',
            cell: CellFormat {
                guard: false,
                limit: usize::MAX,
            },
            rows_per_part: u64::MAX,
        };
        Table {
            stem,
            ext,
            header: &[],
            csv,
            dest,
            buf: Vec::with_capacity(FLUSH_AT * 2),
            parts: Vec::new(),
            rows: 0,
            first: true,
            discarded: Vec::new(),
        }
    }

    fn part_name(&self, n: usize) -> String {
        if n == 1 {
            format!("{}.{}", self.stem, self.ext)
        } else {
            format!("{}.part{n}.{}", self.stem, self.ext)
        }
    }

    fn part_count(&self) -> usize {
        match self.dest {
            Dest::Dir(..) => self.parts.len(),
            Dest::Discard => self.discarded.len(),
        }
    }

    /// Opens the first part (so that an empty table still gets its header).
    pub fn open(&mut self) -> Result<(), Error> {
        self.new_part()
    }

    fn new_part(&mut self) -> Result<(), Error> {
        self.flush()?;
        let n = self.part_count() + 1;
        match &self.dest {
            Dest::Dir(dir, writeback) => {
                let part = Part::create(dir, &self.part_name(n), writeback.clone())?;
                self.parts.push(part);
            }
            Dest::Discard => self.discarded.push((0, 0)),
        }
        if self.csv.bom {
            self.buf.extend_from_slice("\u{FEFF}".as_bytes());
        }
        if !self.header.is_empty() {
            for (i, h) in self.header.iter().enumerate() {
                if i > 0 {
                    self.buf.push(self.csv.delimiter);
                }
                self.buf.push(b'"');
                cell::push_quoted_body(&mut self.buf, h.as_bytes());
                self.buf.push(b'"');
            }
            self.end_line();
        }
        Ok(())
    }

    fn end_line(&mut self) {
        if self.csv.crlf {
            self.buf.push(b'\r');
        }
        self.buf.push(b'\n');
    }

    /// Starts a data row, opening a new part first when the current one is full.
    #[inline]
    pub fn begin_row(&mut self) -> Result<(), Error> {
        let in_part = match self.dest {
            Dest::Dir(..) => self.parts.last().map_or(0, |p| p.rows),
            Dest::Discard => self.discarded.last().map_or(0, |p| p.0),
        };
        if in_part >= self.csv.rows_per_part {
            self.new_part()?;
        }
        self.first = true;
        Ok(())
    }

    #[inline]
    pub(crate) fn sep(&mut self) {
        if !self.first {
            self.buf.push(self.csv.delimiter);
        }
        self.first = false;
    }

    /// A text cell: quoted, guarded, cut at the cell limit.
    #[inline]
    pub fn text(&mut self, s: &str) {
        self.sep();
        cell::push_text(&mut self.buf, s, self.csv.cell);
    }

    /// A number cell, never quoted.
    #[inline]
    pub fn num(&mut self, n: u64) {
        self.sep();
        cell::push_u64(&mut self.buf, n);
    }

    /// Cells already encoded as this table encodes them, with their separators (those
    /// [`Cells`] makes follow a first cell).
    pub fn raw(&mut self, cells: &[u8]) {
        self.first = false;
        self.buf.extend_from_slice(cells);
    }

    /// Ends a data row.
    #[inline]
    pub fn end_row(&mut self) -> Result<(), Error> {
        self.end_line();
        self.count_row();
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Whether `rows` more rows fit in the current part (so that [`append_rows`]
    /// writes what a row at a time would).
    ///
    /// [`append_rows`]: Table::append_rows
    pub fn fits(&self, rows: u64) -> bool {
        let in_part = match self.dest {
            Dest::Dir(..) => self.parts.last().map_or(0, |p| p.rows),
            Dest::Discard => self.discarded.last().map_or(0, |p| p.0),
        };
        rows == 0 || in_part.saturating_add(rows) <= self.csv.rows_per_part
    }

    /// Appends `rows` whole rows encoded by a [`RowBuf`] of this table's format; the caller
    /// checked that they [`fit`](Table::fits).
    pub fn append_rows(&mut self, bytes: &[u8], rows: u64) -> Result<(), Error> {
        self.buf.extend_from_slice(bytes);
        self.count_rows(rows);
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Appends one whole row encoded by a [`RowBuf`] of this table's format, opening a new
    /// part first when the current one is full.
    pub fn append_row(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.begin_row()?;
        self.buf.extend_from_slice(bytes);
        self.count_rows(1);
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    fn count_rows(&mut self, n: u64) {
        self.rows += n;
        match self.dest {
            Dest::Dir(..) => {
                if let Some(p) = self.parts.last_mut() {
                    p.rows += n;
                }
            }
            Dest::Discard => {
                if let Some(p) = self.discarded.last_mut() {
                    p.0 += n;
                }
            }
        }
    }

    /// Counts a row written straight into `buf` (a JSONL line).
    pub fn count_row(&mut self) {
        self.count_rows(1);
    }

    /// Writes the buffer to the current part.
    pub fn flush(&mut self) -> Result<(), Error> {
        if self.buf.is_empty() {
            return Ok(());
        }
        match self.dest {
            Dest::Dir(..) => {
                if let Some(p) = self.parts.last_mut() {
                    p.write_all(&self.buf)?;
                }
            }
            Dest::Discard => {
                if let Some(p) = self.discarded.last_mut() {
                    p.1 += self.buf.len() as u64;
                }
            }
        }
        self.buf.clear();
        Ok(())
    }

    /// Flushes and syncs every part, still under temporary names.
    pub fn sync(&mut self) -> Result<(), Error> {
        self.flush()?;
        for p in &mut self.parts {
            p.sync()?;
        }
        Ok(())
    }

    /// Renames every part to its final name and describes them.
    pub fn commit(&mut self, files: &mut Vec<OutputFile>) -> Result<(), Error> {
        self.sync()?;
        for (i, p) in self.parts.iter_mut().enumerate() {
            p.commit()?;
            let file = p
                .path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(OutputFile {
                table: self.stem,
                file,
                part: i as u32 + 1,
                rows: p.rows,
                bytes: p.bytes,
            });
        }
        for (i, &(rows, bytes)) in self.discarded.iter().enumerate() {
            files.push(OutputFile {
                table: self.stem,
                file: self.part_name(i + 1),
                part: i as u32 + 1,
                rows,
                bytes,
            });
        }
        if let Dest::Dir(dir, _) = &self.dest {
            // Parts left by an earlier, bigger run would look like part of this one.
            let mut n = self.parts.len() + 1;
            loop {
                let stale = dir.join(self.part_name(n));
                if n > 1 && fs::remove_file(&stale).is_err() {
                    break;
                }
                n += 1;
            }
        }
        Ok(())
    }
}

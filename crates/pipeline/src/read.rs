//! Corpus readers: `.txt` pages, `.jsonl` and `.csv` records, each optionally gzipped, and
//! JSONL on stdin.

use std::{
    collections::VecDeque,
    fs::File,
    io::{self, BufRead, BufReader, Read},
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
};

use khabar_core::{Article, Diagnostic};
use serde::Deserialize;

/// A problem with one input, reported and counted; the run goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    /// `FILE` or `FILE:LINE`.
    pub location: String,
    /// The line (JSONL) or the record's first line (CSV), from 1, when the skip is a record.
    pub line: Option<u64>,
    /// The record's `id` (its origin `FILE:LINE` when it has none), when it could be read.
    pub id: Option<String>,
    /// Why the input was skipped.
    pub reason: String,
}

impl Skip {
    /// A skip of a whole file or folder.
    fn file(location: String, reason: String) -> Skip {
        Skip {
            location,
            line: None,
            id: None,
            reason,
        }
    }
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", self.location)?;
        if let Some(id) = &self.id {
            write!(f, "record {id:?}: ")?;
        }
        f.write_str(&self.reason)
    }
}

/// One input file, or stdin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The path (`-` for stdin).
    pub path: PathBuf,
    /// The id a `.txt` file gets: its path relative to the folder named on the command line.
    pub txt_id: String,
    /// The format.
    pub format: InputFormat,
}

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One page per file.
    Txt,
    /// One JSON record per line.
    Jsonl,
    /// CSV with a header.
    Csv,
}

impl InputFormat {
    fn of(path: &Path) -> Option<InputFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        if name.ends_with(".txt") {
            Some(InputFormat::Txt)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(InputFormat::Jsonl)
        } else if name.ends_with(".csv") {
            Some(InputFormat::Csv)
        } else {
            None
        }
    }
}

/// Lists the inputs named on the command line: files as given, folders recursively in
/// sorted order (so output order never depends on the file system). Unreadable folders and
/// files of unknown type named directly are reported in `skips`.
pub fn discover(paths: &[PathBuf], skips: &mut Vec<Skip>) -> Vec<Input> {
    discover_except(paths, None, skips)
}

/// [`discover`], never going into the folder `except` (the run's own output folder) nor
/// into any folder holding the `run.json` of an earlier khabar run: tables are never read
/// back as input.
pub fn discover_except(
    paths: &[PathBuf],
    except: Option<&Path>,
    skips: &mut Vec<Skip>,
) -> Vec<Input> {
    let except = except.and_then(|p| std::fs::canonicalize(p).ok());
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input {
                path: p.clone(),
                txt_id: "-".into(),
                format: InputFormat::Jsonl,
            });
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => skips.push(Skip::file(
                p.display().to_string(),
                format!("cannot read: {e}"),
            )),
            Ok(m) if m.is_dir() => walk(p, p, except.as_deref(), &mut out, skips),
            Ok(_) => match InputFormat::of(p) {
                Some(format) => {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    out.push(Input {
                        path: p.clone(),
                        txt_id: strip_gz(&name),
                        format,
                    })
                }
                None => skips.push(Skip::file(
                    p.display().to_string(),
                    "unknown input type (expected .txt, .jsonl or .csv, optionally .gz)".into(),
                )),
            },
        }
    }
    out
}

fn strip_gz(name: &str) -> String {
    name.strip_suffix(".gz").unwrap_or(name).to_string()
}

/// Whether `dir` is a khabar output folder: the run's own, or one with a khabar `run.json`.
fn is_output_folder(dir: &Path, except: Option<&Path>) -> bool {
    if except.is_some_and(|e| std::fs::canonicalize(dir).is_ok_and(|d| d == e)) {
        return true;
    }
    let Ok(bytes) = std::fs::read(dir.join("run.json")) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .is_ok_and(|v| v.get("tool").and_then(|t| t.as_str()) == Some("khabar"))
}

fn walk(
    root: &Path,
    dir: &Path,
    except: Option<&Path>,
    out: &mut Vec<Input>,
    skips: &mut Vec<Skip>,
) {
    if is_output_folder(dir, except) {
        return;
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            skips.push(Skip::file(
                dir.display().to_string(),
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(root, &p, except, out, skips);
        } else if let Some(format) = InputFormat::of(&p) {
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(Input {
                path: p.clone(),
                txt_id: strip_gz(&rel),
                format,
            });
        }
    }
}

/// Counts the raw (possibly compressed) bytes read from a file, for progress and ETA.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn open(path: &Path, counter: &Arc<AtomicU64>) -> io::Result<Box<dyn BufRead + Send>> {
    if path.as_os_str() == "-" {
        let r = Counting {
            inner: io::stdin(),
            counter: counter.clone(),
        };
        return Ok(Box::new(BufReader::with_capacity(1 << 16, r)));
    }
    let f = File::open(path)?;
    if f.metadata()?.is_dir() {
        return Err(io::Error::other("is a folder"));
    }
    let f = Counting {
        inner: f,
        counter: counter.clone(),
    };
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(f),
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
    }
}

/// Whether the start of a stream looks binary (NUL bytes in the first 8 KiB).
fn looks_binary(rdr: &mut dyn BufRead) -> io::Result<bool> {
    let buf = rdr.fill_buf()?;
    Ok(memchr_nul(&buf[..buf.len().min(8192)]))
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// Reads one line (up to and including `\n`) into `buf`, at most `max` bytes of it. Returns
/// the bytes consumed; when the line is longer than `max`, the rest of it is read and
/// dropped and `buf` is left holding more than `max` bytes, the caller's sign to skip it.
fn read_line_capped(rdr: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let (done, used) = {
            let avail = match rdr.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok(total);
            }
            let (done, used) = match memchr::memchr(b'\n', avail) {
                Some(i) => (true, i + 1),
                None => (false, avail.len()),
            };
            if buf.len() <= max {
                let room = (max + 1 - buf.len()).min(used);
                buf.extend_from_slice(&avail[..room]);
            }
            (done, used)
        };
        rdr.consume(used);
        total += used;
        if done {
            return Ok(total);
        }
    }
}

/// The line numbers of a CSV input: the csv crate counts a CR LF pair as two line ends, so
/// khabar counts `\n` bytes itself. Only the line ends past the last row asked about are
/// kept (a read-ahead buffer's worth).
#[derive(Default)]
struct Lines {
    /// Line ends before `ends[0]`.
    counted: u64,
    /// Byte offsets of the `\n` bytes read but not yet passed.
    ends: std::collections::VecDeque<u64>,
}

impl Lines {
    /// The 1-based line of a row starting at `offset` (offsets asked in increasing order).
    /// After a CR LF the csv crate starts the next row at the LF, which no row starts with:
    /// a line end at `offset` itself is counted.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.ends.front().is_some_and(|&e| e <= offset) {
            self.ends.pop_front();
            self.counted += 1;
        }
        self.counted + 1
    }
}

/// A reader noting the offsets of line ends in [`Lines`].
struct LineIndex {
    inner: Box<dyn BufRead + Send>,
    lines: Arc<std::sync::Mutex<Lines>>,
    at: u64,
}

impl Read for LineIndex {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut l = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        for i in memchr::memchr_iter(b'\n', &buf[..n]) {
            l.ends.push_back(self.at + i as u64);
        }
        self.at += n as u64;
        Ok(n)
    }
}

/// The field delimiter of a CSV input, from its header line: whichever of `,`, `;`, tab
/// and `|` occurs most outside quotes (`,` when none does).
pub fn sniff_delimiter(start: &[u8]) -> u8 {
    let line = start.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            b'|' if !quoted => counts[3] += 1,
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    [b',', b';', b'\t', b'|'][best]
}

/// [`decode`] without taking the bytes: borrowed when they are valid UTF-8.
fn decode_ref<'a>(bytes: &'a [u8], diags: &mut Vec<Diagnostic>) -> std::borrow::Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let at = e.valid_up_to();
            diags.push(Diagnostic::warning(
                "lossy-utf8",
                format!("invalid UTF-8 from byte {at}, replaced with U+FFFD (offsets index the decoded text)"),
            ));
            String::from_utf8_lossy(bytes)
        }
    }
}

/// Decodes bytes as UTF-8, replacing invalid sequences and noting it.
fn decode(bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            diags.push(Diagnostic::warning(
                "lossy-utf8",
                format!("invalid UTF-8 from byte {at}, replaced with U+FFFD (offsets index the decoded text)"),
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

/// The fields of an input record (JSONL or CSV), as every khabar reader takes them.
#[derive(Deserialize, Default)]
pub(crate) struct RawRecord {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    maintext: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    date_publish: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

impl RawRecord {
    /// The article, or the record's id (the origin when it has none) and why it is bad.
    pub(crate) fn into_article(
        self,
        origin: String,
        diagnostics: Vec<Diagnostic>,
    ) -> Result<Article, (String, String)> {
        let id = match self.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => origin.clone(),
        };
        let text = match (self.text, self.maintext) {
            (Some(t), _) | (None, Some(t)) => t,
            (None, None) => return Err((id, "missing `text` field".into())),
        };
        let none_if_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        let mut diagnostics = diagnostics;
        if text.trim().is_empty() {
            diagnostics.push(Diagnostic::warning("empty", "the record's text is empty"));
        }
        Ok(Article {
            id,
            text,
            title: none_if_empty(self.title),
            date: none_if_empty(self.date).or(none_if_empty(self.date_publish)),
            url: none_if_empty(self.url),
            source: none_if_empty(self.source),
            origin,
            diagnostics,
        })
    }
}

/// How an input is named in origins and skips.
fn display(input: &Input) -> String {
    if input.path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        input.path.display().to_string()
    }
}

/// The skip of JSONL line `n` of input `name`, longer than `max` bytes.
fn too_long(name: &str, n: u64, max: usize) -> Item {
    Item::Skip(Skip {
        location: format!("{name}:{n}"),
        line: Some(n),
        id: None,
        reason: format!("line longer than the {max}-byte document limit"),
    })
}

/// The item of JSONL line `n` of input `name` (its bytes, the line end included or not),
/// `None` for a blank line. Only a line with invalid UTF-8 is copied (decoded) before
/// parsing.
fn line_item(name: &str, n: u64, bytes: &[u8]) -> Option<Item> {
    let mut diagnostics = Vec::new();
    let s = decode_ref(bytes, &mut diagnostics);
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Some(match serde_json::from_str::<RawRecord>(t) {
        Ok(raw) => record_item(name, n, raw, diagnostics),
        Err(e) => Item::Skip(Skip {
            location: format!("{name}:{n}"),
            line: Some(n),
            id: None,
            reason: format!("malformed JSON: {e}"),
        }),
    })
}

/// The item of the record read from JSONL line `n` of input `name`.
fn record_item(name: &str, n: u64, raw: RawRecord, diagnostics: Vec<Diagnostic>) -> Item {
    use std::fmt::Write as _;
    // The origin's length is known: `format!` would guess it short and grow the string.
    let mut origin = String::with_capacity(name.len() + 21);
    origin.push_str(name);
    origin.push(':');
    let _ = write!(origin, "{n}"); // writing into a String cannot fail
    match raw.into_article(origin, diagnostics) {
        Ok(a) => Item::Article(a),
        Err((id, reason)) => Item::Skip(Skip {
            location: format!("{name}:{n}"),
            line: Some(n),
            id: Some(id),
            reason,
        }),
    }
}

/// Whether `b` is JSON whitespace.
fn json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Reads the whole lines of `block` (valid UTF-8, each ending in `\n`), the first of them
/// line `*line + 1`, into `out`, as [`line_item`] reads each, counting them in `line`.
///
/// One `serde_json` deserializer reads record after record, so that its scratch buffer (the
/// text of a string with escapes) grows once per block instead of once per record. A record
/// is taken from it only when nothing but JSON whitespace lies between it and the record
/// before and after it on its line: then its bytes are exactly the trimmed line, parsed the
/// same way. Any other line (an error, a value running over its line end, other blanks) is
/// read on its own by [`line_item`], and the deserializer starts again after it.
fn read_block(name: &str, max: usize, block: &str, line: &mut u64, out: &mut VecDeque<Item>) {
    let bytes = block.as_bytes();
    // The deserializer reads `block[base..]`; `None` after a line read on its own.
    type Records<'a> = serde_json::StreamDeserializer<'a, serde_json::de::StrRead<'a>, RawRecord>;
    let mut de: Option<(usize, Records<'_>)> = None;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        *line += 1;
        let n = *line;
        let next = end + 1;
        let text = &block[start..end];
        if next - start > max {
            out.push_back(too_long(name, n, max));
            start = next;
            continue;
        }
        if text.trim().is_empty() {
            start = next;
            continue;
        }
        // Whether the deserializer stands before this line with only JSON whitespace between.
        let ready = de.as_ref().is_some_and(|(base, d)| {
            let at = base + d.byte_offset();
            at <= start && bytes[at..start].iter().all(|&b| json_space(b))
        });
        if !ready {
            let d = serde_json::Deserializer::from_str(&block[start..]).into_iter();
            de = Some((start, d));
        }
        let (base, d) = de.as_mut().expect("set above");
        let raw = match d.next() {
            Some(Ok(raw)) => {
                let at = *base + d.byte_offset();
                (at <= end && bytes[at..end].iter().all(|&b| json_space(b))).then_some(raw)
            }
            _ => None,
        };
        let item = match raw {
            Some(raw) => Some(record_item(name, n, raw, Vec::new())),
            None => {
                de = None;
                line_item(name, n, text.as_bytes())
            }
        };
        out.extend(item);
        start = next;
    }
}

/// A streaming reader over one input that yields articles and skips.
pub struct InputReader {
    input: Input,
    /// How the input is named in origins and skips ([`display`]), worked out once.
    name: String,
    state: State,
    counter: Arc<AtomicU64>,
    max_bytes: usize,
    given: Option<Box<dyn BufRead + Send>>,
    delimiter: Option<u8>,
    /// Whether JSONL lines are read one by one only, never a block at a time (for tests).
    line_by_line: bool,
}

enum State {
    Start,
    Lines {
        rdr: Box<dyn BufRead + Send>,
        line: u64,
        buf: Vec<u8>,
        /// Items of the last block of whole lines read, not yet yielded.
        pending: VecDeque<Item>,
    },
    Csv {
        rdr: csv::Reader<LineIndex>,
        lines: Arc<std::sync::Mutex<Lines>>,
        headers: csv::StringRecord,
        record: csv::ByteRecord,
    },
    Done,
}

/// What a reader yields.
#[derive(Debug)]
pub enum Item {
    /// A document to analyse.
    Article(Article),
    /// A file, line or row that could not be read.
    Skip(Skip),
}

/// The largest document (a `.txt` file, a JSONL line, a CSV row) read by default: 128 MiB.
/// Analysing a document takes about six bytes of memory per byte of text (the text, its
/// tokens, the folded copy for the gazetteer, the records), so this keeps a run under 1 GB.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 128 << 20;

impl InputReader {
    /// A reader over `input`. Raw bytes read (compressed bytes for `.gz`) are added to
    /// `counter`; documents larger than `max_bytes` are skipped without being held in memory.
    pub fn new(input: Input, counter: Arc<AtomicU64>, max_bytes: usize) -> InputReader {
        InputReader {
            name: display(&input),
            input,
            state: State::Start,
            counter,
            max_bytes,
            given: None,
            delimiter: None,
            line_by_line: false,
        }
    }

    /// A reader over bytes from `rdr` (already decompressed), read as `input.format`;
    /// `input.path` only names it in skips. For tests and fuzzing.
    ///
    /// ```
    /// use khabar_pipeline::read::{Input, InputFormat, InputReader, Item};
    ///
    /// let input = Input { path: "mem.jsonl".into(), txt_id: "mem".into(), format: InputFormat::Jsonl };
    /// let bytes: &[u8] = b"{\"id\":\"a\",\"text\":\"Kabul\"}\nnot json\n";
    /// let items: Vec<Item> = InputReader::from_reader(input, Box::new(bytes), 1 << 20).collect();
    /// assert!(matches!(&items[0], Item::Article(a) if a.id == "a"));
    /// assert!(matches!(&items[1], Item::Skip(s) if s.location == "mem.jsonl:2"));
    /// ```
    pub fn from_reader(
        input: Input,
        rdr: Box<dyn BufRead + Send>,
        max_bytes: usize,
    ) -> InputReader {
        InputReader {
            name: display(&input),
            input,
            state: State::Start,
            counter: Arc::default(),
            max_bytes,
            given: Some(rdr),
            delimiter: None,
            line_by_line: false,
        }
    }

    /// Reads JSONL lines one by one only (the tests compare both ways).
    #[cfg(test)]
    fn line_by_line(mut self) -> InputReader {
        self.line_by_line = true;
        self
    }

    /// Reads CSV inputs with this field delimiter instead of sniffing it from the header.
    pub fn with_delimiter(mut self, delimiter: Option<u8>) -> InputReader {
        self.delimiter = delimiter;
        self
    }

    fn display(&self) -> String {
        self.name.clone()
    }

    fn skipped(&self, line: Option<u64>, reason: impl Into<String>) -> Item {
        self.skipped_record(line, None, reason.into())
    }

    fn skipped_record(&self, line: Option<u64>, id: Option<String>, reason: String) -> Item {
        let location = match line {
            Some(l) => format!("{}:{l}", self.display()),
            None => self.display(),
        };
        Item::Skip(Skip {
            location,
            line,
            id,
            reason,
        })
    }

    fn start(&mut self) -> Option<Item> {
        self.state = State::Done;
        let opened = match self.given.take() {
            Some(r) => Ok(r),
            None => open(&self.input.path, &self.counter),
        };
        let mut rdr = match opened {
            Ok(r) => r,
            Err(e) => return Some(self.skipped(None, format!("cannot open: {e}"))),
        };
        match self.input.format {
            InputFormat::Txt => {
                let mut bytes = Vec::new();
                let max = self.max_bytes;
                if let Err(e) = (&mut rdr).take(max as u64 + 1).read_to_end(&mut bytes) {
                    return Some(self.skipped(None, format!("cannot read: {e}")));
                }
                if bytes.len() > max {
                    return Some(
                        self.skipped(None, format!("larger than the {max}-byte document limit")),
                    );
                }
                if memchr_nul(&bytes) {
                    return Some(self.skipped(None, "binary file (NUL bytes), not a text page"));
                }
                let mut diagnostics = Vec::new();
                let mut text = decode(bytes, &mut diagnostics);
                if text.starts_with('\u{FEFF}') {
                    text.replace_range(..3, "");
                }
                if text.trim().is_empty() {
                    diagnostics.push(Diagnostic::warning("empty", "the file holds no text"));
                }
                Some(Item::Article(Article {
                    id: self.input.txt_id.clone(),
                    text,
                    origin: self.display(),
                    diagnostics,
                    ..Article::default()
                }))
            }
            InputFormat::Jsonl | InputFormat::Csv => {
                match looks_binary(&mut *rdr) {
                    Ok(false) => {}
                    Ok(true) => {
                        return Some(
                            self.skipped(None, "binary file (NUL bytes), not JSONL or CSV"),
                        )
                    }
                    Err(e) => return Some(self.skipped(None, format!("cannot read: {e}"))),
                }
                if self.input.format == InputFormat::Jsonl {
                    self.state = State::Lines {
                        rdr,
                        line: 0,
                        buf: Vec::new(),
                        pending: VecDeque::new(),
                    };
                    return self.next();
                }
                let delimiter = match rdr.fill_buf() {
                    Ok(b) => self.delimiter.unwrap_or_else(|| sniff_delimiter(b)),
                    Err(e) => return Some(self.skipped(None, format!("cannot read: {e}"))),
                };
                let lines = Arc::new(std::sync::Mutex::new(Lines::default()));
                let mut rdr = csv::ReaderBuilder::new()
                    .flexible(true)
                    .delimiter(delimiter)
                    .from_reader(LineIndex {
                        inner: rdr,
                        lines: lines.clone(),
                        at: 0,
                    });
                let headers = match rdr.headers() {
                    Ok(h) => h.clone(),
                    Err(e) => return Some(self.skipped(None, format!("bad CSV header: {e}"))),
                };
                if !headers
                    .iter()
                    .any(|h| matches!(h.trim().to_ascii_lowercase().as_str(), "text" | "maintext"))
                {
                    return Some(
                        self.skipped(Some(1), "CSV header has no `text` (or `maintext`) column"),
                    );
                }
                self.state = State::Csv {
                    rdr,
                    lines,
                    headers,
                    record: csv::ByteRecord::new(),
                };
                self.next()
            }
        }
    }
}

impl Iterator for InputReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            match &mut self.state {
                State::Start => return self.start(),
                State::Done => return None,
                State::Lines {
                    rdr,
                    line,
                    buf,
                    pending,
                } => {
                    if let Some(item) = pending.pop_front() {
                        return Some(item);
                    }
                    if !self.line_by_line {
                        // The whole lines already buffered are read as one block.
                        let avail = rdr.fill_buf().unwrap_or_default();
                        if let Some(cut) = memchr::memrchr(b'\n', avail) {
                            let cut = cut + 1;
                            if let Ok(block) = std::str::from_utf8(&avail[..cut]) {
                                read_block(&self.name, self.max_bytes, block, line, pending);
                                rdr.consume(cut);
                                continue;
                            }
                        }
                    }
                    buf.clear();
                    *line += 1;
                    let n = *line;
                    match read_line_capped(&mut **rdr, buf, self.max_bytes) {
                        Ok(0) => {
                            self.state = State::Done;
                            return None;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            self.state = State::Done;
                            return Some(self.skipped(Some(n), format!("read error: {e}")));
                        }
                    }
                    if buf.len() > self.max_bytes {
                        buf.clear();
                        buf.shrink_to(1 << 16);
                        return Some(too_long(&self.name, n, self.max_bytes));
                    }
                    // The line buffer keeps its capacity from line to line.
                    match line_item(&self.name, n, buf) {
                        Some(item) => return Some(item),
                        None => continue,
                    }
                }
                State::Csv {
                    rdr,
                    lines,
                    headers,
                    record,
                } => {
                    let line_at = |byte: u64| {
                        lines
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .line_at(byte)
                    };
                    match rdr.read_byte_record(record) {
                        Ok(false) => {
                            self.state = State::Done;
                            return None;
                        }
                        Ok(true) => {}
                        Err(e) => {
                            let line = e.position().map(|p| line_at(p.byte()));
                            let reason = format!("bad CSV row: {e}");
                            if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                                self.state = State::Done;
                            }
                            return Some(self.skipped(line, reason));
                        }
                    }
                    let n = record.position().map_or(0, |p| line_at(p.byte()));
                    let mut lossy = false;
                    let mut get = |name: &str| {
                        let field = headers
                            .iter()
                            .position(|h| h.trim().eq_ignore_ascii_case(name))
                            .and_then(|i| record.get(i))?;
                        Some(match std::str::from_utf8(field) {
                            Ok(s) => s.to_string(),
                            Err(_) => {
                                lossy = true;
                                String::from_utf8_lossy(field).into_owned()
                            }
                        })
                    };
                    let raw = RawRecord {
                        id: get("id").map(serde_json::Value::String),
                        text: get("text"),
                        maintext: get("maintext"),
                        title: get("title"),
                        date: get("date"),
                        date_publish: get("date_publish"),
                        url: get("url"),
                        source: get("source"),
                    };
                    let mut diagnostics = Vec::new();
                    if lossy {
                        diagnostics.push(Diagnostic::warning(
                            "lossy-utf8",
                            "invalid UTF-8 in the row, replaced with U+FFFD (offsets index the decoded text)",
                        ));
                    }
                    let origin = format!("{}:{n}", self.name);
                    return Some(match raw.into_article(origin, diagnostics) {
                        Ok(a) => Item::Article(a),
                        Err((id, reason)) => self.skipped_record(Some(n), Some(id), reason),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(bytes: &[u8], capacity: usize, max: usize, line_by_line: bool) -> String {
        let input = Input {
            path: "mem.jsonl".into(),
            txt_id: "mem".into(),
            format: InputFormat::Jsonl,
        };
        let rdr = BufReader::with_capacity(capacity, io::Cursor::new(bytes.to_vec()));
        let reader = InputReader::from_reader(input, Box::new(rdr), max);
        let reader = if line_by_line {
            reader.line_by_line()
        } else {
            reader
        };
        format!("{:#?}", reader.collect::<Vec<_>>())
    }

    /// Lines of JSONL, good and bad: records with escapes, other blanks around them, values
    /// over two lines or two on a line, broken JSON, invalid UTF-8.
    fn jsonl_bytes() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"{\"id\":\"a\",\"text\":\"Kabul\\nsaid \\\"no\\\"\"}".to_vec()),
            Just(b"{\"id\": 7, \"title\": \"T\", \"maintext\": \"x\\u00e9y\"}".to_vec()),
            Just(b"[\"i\", \"t\"]".to_vec()),
            Just(b"{\"text\":\"".to_vec()),
            Just(b"{\"id\":\"b\"}".to_vec()),
            Just(b"{\"text\": 5}".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b" ".to_vec()),
            Just(b"\t".to_vec()),
            Just(vec![0x0B]),
            Just("\u{A0}".as_bytes().to_vec()),
            Just(b"}".to_vec()),
            Just(b",".to_vec()),
            Just(b"null".to_vec()),
            Just(vec![0xff]),
            proptest::collection::vec(any::<u8>(), 0..4),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn blocks_read_as_lines_do(
            bytes in jsonl_bytes(),
            capacity in prop_oneof![Just(8usize), Just(64), Just(1 << 16)],
            max in prop_oneof![Just(16usize), Just(48), Just(1 << 20)],
        ) {
            prop_assert_eq!(read(&bytes, capacity, max, false), read(&bytes, capacity, max, true));
        }
    }

    #[test]
    fn a_block_is_read_with_one_deserializer_and_lines_on_their_own() {
        let bytes = b"{\"id\":\"a\",\"text\":\"x\\ny\"}\n\n  {\"text\":\"b\"} \r\n{\"text\":\n\"c\"}\n\xc2\xa0{\"text\":\"d\"}\n{\"text\":\"e\"}";
        let got = read(bytes, 1 << 16, 1 << 20, false);
        assert_eq!(got, read(bytes, 1 << 16, 1 << 20, true));
        for want in [
            "\"x\\ny\"",
            "\"b\"",
            "mem.jsonl:5",
            "mem.jsonl:6",
            "\"d\"",
            "\"e\"",
        ] {
            assert!(got.contains(want), "{want} not in {got}");
        }
    }
}

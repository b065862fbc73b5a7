//! Readers for the three gazetteer formats: tables with a header, plain lists, GeoNames
//! dumps.

use std::{io::Read, sync::Arc};

use crate::error::BuildError;

/// The format of a gazetteer source.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GazetteerFormat {
    /// Sniff it: a first line with `id`/`name` columns (tab- or comma-separated) is a table;
    /// 19 tab-separated columns without a header is a GeoNames dump; anything else is a list
    /// of names of the builder's [`list_type`](crate::GazetteerBuilder::list_type).
    Auto,
    /// CSV or TSV with a header: `id, name, type, aliases` and optionally `country_code,
    /// lat, lon, population, source`.
    Table,
    /// One name per line, all of the given entity type.
    List(String),
    /// A GeoNames dump (`cities15000.txt` style): 19 tab-separated columns, no header.
    GeoNames,
}

/// One entry as read, before the builder checks it; borrows from the source text.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawEntry<'a> {
    pub(crate) id: Arc<str>,
    pub(crate) name: Arc<str>,
    pub(crate) entity_type: &'a str,
    pub(crate) aliases: Vec<Arc<str>>,
    pub(crate) country_code: Option<String>,
    pub(crate) lat: Option<f64>,
    pub(crate) lon: Option<f64>,
    pub(crate) population: Option<u64>,
    pub(crate) data_source: Option<&'a str>,
    pub(crate) line: u64,
}

pub(crate) fn read_all<R: Read>(mut rdr: R, source: &str) -> Result<String, BuildError> {
    let mut s = String::new();
    rdr.read_to_string(&mut s).map_err(|err| BuildError::Io {
        source_name: source.to_string(),
        err,
    })?;
    if let Some(rest) = s.strip_prefix('\u{FEFF}') {
        s = rest.to_string();
    }
    Ok(s)
}

fn header_fields(line: &str, delim: char) -> Vec<String> {
    line.split(delim)
        .map(|f| f.trim().trim_matches('"').to_ascii_lowercase())
        .collect()
}

/// The format of `data` when sniffed (see [`GazetteerFormat::Auto`]).
pub(crate) fn sniff(data: &str, list_type: &str) -> GazetteerFormat {
    let first = data.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    for delim in ['\t', ','] {
        let h = header_fields(first, delim);
        if h.iter().any(|f| f == "name")
            && h.iter().any(|f| f == "id" || f == "type" || f == "aliases")
        {
            return GazetteerFormat::Table;
        }
    }
    if first.split('\t').count() == 19 {
        return GazetteerFormat::GeoNames;
    }
    GazetteerFormat::List(list_type.to_string())
}

fn row_err(source: &str, line: u64, reason: impl Into<String>) -> BuildError {
    BuildError::Row {
        source_name: source.to_string(),
        line,
        reason: reason.into(),
    }
}

/// Whether a byte is a printable ASCII character other than the space: no white space to
/// [`str::trim`] (one test; the control characters that are not white space are left to
/// `str::trim`).
#[inline]
fn printable(b: u8) -> bool {
    b.wrapping_sub(b'!') < 0x7f - b'!'
}

/// [`str::trim`], answered without decoding a character when the field starts and ends
/// with a printable ASCII byte, as almost every field does.
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (None, _) => s,
        (Some(&a), Some(&b)) if printable(a) && printable(b) => s,
        _ => s.trim(),
    }
}

fn opt(s: &str) -> Option<String> {
    let s = trim(s);
    (!s.is_empty()).then(|| s.to_string())
}

/// The field trimmed, `None` when empty.
#[inline]
fn opt_str(s: &str) -> Option<&str> {
    let s = trim(s);
    (!s.is_empty()).then_some(s)
}

/// A number field, `None` when empty: most are, or their column is missing, and that is
/// answered where it is asked.
#[inline(always)]
fn parse_opt<T: std::str::FromStr>(
    s: &str,
    what: &str,
    source: &str,
    line: u64,
) -> Result<Option<T>, BuildError> {
    if s.is_empty() {
        return Ok(None);
    }
    parse_field(s, what, source, line)
}

/// [`parse_opt`] of a field that is not empty.
fn parse_field<T: std::str::FromStr>(
    s: &str,
    what: &str,
    source: &str,
    line: u64,
) -> Result<Option<T>, BuildError> {
    let s = trim(s);
    if s.is_empty() {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| row_err(source, line, format!("bad {what} {s:?}")))
}

/// The positions of the bytes of `bytes` that are `a` or `b`, in order, found eight bytes
/// at a time.
fn positions_of(bytes: &[u8], a: u8, b: u8) -> impl Iterator<Item = usize> + '_ {
    use khabar_core::swar;
    let n = bytes.len();
    let (mut i, mut base, mut mask) = (0, 0, 0u64);
    std::iter::from_fn(move || loop {
        if mask != 0 {
            let at = base + mask.trailing_zeros() as usize / 8;
            mask &= mask - 1;
            return Some(at);
        }
        if i + 8 <= n {
            let v = swar::load(bytes, i);
            mask = swar::eq_bytes(v, a) | swar::eq_bytes(v, b);
            base = i;
            i += 8;
            continue;
        }
        while i < n {
            i += 1;
            if bytes[i - 1] == a || bytes[i - 1] == b {
                return Some(i - 1);
            }
        }
        return None;
    })
}

/// How many bytes of `bytes` are `b`, counted eight at a time.
pub(crate) fn count_byte(bytes: &[u8], b: u8) -> usize {
    use khabar_core::swar;
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        n += swar::eq_bytes(swar::load(c, 0), b).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&c| c == b).count()
}

/// Calls `row(index, fields)` for every line of a piece of a TSV text but the text's first
/// (the header), with the line's index in the text and its tab-separated fields; `first` is
/// the index of the piece's first line, and the piece ends with a line. The lines are those
/// of [`str::lines`] (split at `\n`, a `\r` before it dropped), found in one pass with the
/// tabs.
fn tsv_rows<'a>(
    data: &'a str,
    first: usize,
    mut row: impl FnMut(usize, &[&'a str]) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    let bytes = data.as_bytes();
    let mut fields: Vec<&'a str> = Vec::new();
    let (mut line, mut line_start, mut from) = (first, 0, 0);
    for k in positions_of(bytes, b'\t', b'\n') {
        // Tabs and line ends are ASCII: every slice is whole characters.
        if bytes[k] == b'\t' {
            fields.push(&data[from..k]);
        } else {
            let last = &data[from..k];
            fields.push(last.strip_suffix('\r').unwrap_or(last));
            if line > 0 {
                row(line, &fields)?;
            }
            fields.clear();
            line += 1;
            line_start = k + 1;
        }
        from = k + 1;
    }
    if line_start < bytes.len() {
        fields.push(&data[from..]);
        if line > 0 {
            row(line, &fields)?;
        }
    }
    Ok(())
}

/// The columns of a table, from its header.
struct Columns {
    name: usize,
    id: Option<usize>,
    entity_type: Option<usize>,
    aliases: Option<usize>,
    country_code: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    population: Option<usize>,
    source: Option<usize>,
}

impl Columns {
    fn of<'h>(
        header: impl Iterator<Item = &'h str> + Clone,
        source: &str,
    ) -> Result<Columns, BuildError> {
        let col = |n: &str| {
            header
                .clone()
                .position(|h| h.trim().eq_ignore_ascii_case(n))
        };
        let name = col("name").ok_or_else(|| BuildError::Header {
            source_name: source.to_string(),
            reason: format!(
                "no `name` column in {:?}",
                header.clone().collect::<Vec<_>>().join(",")
            ),
        })?;
        Ok(Columns {
            name,
            id: col("id"),
            entity_type: col("type"),
            aliases: col("aliases"),
            country_code: col("country_code"),
            lat: col("lat"),
            lon: col("lon"),
            population: col("population"),
            source: col("source"),
        })
    }

    /// The entry of one row (`get` gives a field, `""` when missing), or `None` for a
    /// blank row.
    fn row<'a>(
        &self,
        get: impl Fn(Option<usize>) -> &'a str,
        blank: bool,
        source: &str,
        default_type: &'a str,
        line: u64,
    ) -> Result<Option<RawEntry<'a>>, BuildError> {
        if blank {
            return Ok(None);
        }
        let name = trim(get(Some(self.name)));
        if name.is_empty() {
            return Err(row_err(source, line, "empty name"));
        }
        let id = match self.id {
            Some(_) => {
                let id = trim(get(self.id));
                if id.is_empty() {
                    return Err(row_err(source, line, "empty id"));
                }
                Arc::from(id)
            }
            None => format!("{source}:{line}").into(),
        };
        let entity_type = match self.entity_type {
            Some(_) => trim(get(self.entity_type)),
            None => default_type,
        };
        if entity_type.is_empty() {
            return Err(row_err(source, line, format!("entry {id}: empty type")));
        }
        let field = get(self.aliases);
        let mut aliases = Vec::new();
        if !field.is_empty() {
            // One allocation: a piece between bars is an alias at most.
            aliases.reserve_exact(count_byte(field.as_bytes(), b'|') + 1);
            let mut from = 0;
            // `|` is ASCII: every piece is whole characters.
            for k in positions_of(field.as_bytes(), b'|', b'|').chain([field.len()]) {
                let a = trim(&field[from..k]);
                if !a.is_empty() {
                    aliases.push(a.into());
                }
                from = k + 1;
            }
        }
        Ok(Some(RawEntry {
            id,
            name: name.into(),
            entity_type,
            aliases,
            country_code: opt(get(self.country_code)),
            lat: parse_opt(get(self.lat), "lat", source, line)?,
            lon: parse_opt(get(self.lon), "lon", source, line)?,
            population: parse_opt(get(self.population), "population", source, line)?,
            data_source: opt_str(get(self.source)),
            line,
        }))
    }
}

/// A TSV text this long or longer is read in pieces on the rayon pool.
#[cfg(feature = "parallel")]
const PARALLEL_BYTES: usize = 256 * 1024;

/// Bytes of a piece of a TSV text read on its own (up to the end of the line).
#[cfg(feature = "parallel")]
const PIECE_BYTES: usize = 128 * 1024;

/// Pieces of a TSV text read at once (on the rayon pool) before their entries are handed on.
#[cfg(feature = "parallel")]
const PIECES_AT_ONCE: usize = 4;

/// The pieces of `data` of about `size` bytes that end with a line: (start, end, index of
/// the first line).
#[cfg(feature = "parallel")]
fn pieces(data: &str, size: usize) -> Vec<(usize, usize, usize)> {
    let b = data.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut line) = (0, 0);
    while start < b.len() {
        let end = (start + size).min(b.len());
        let end = b[end..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |k| end + k + 1);
        out.push((start, end, line));
        line += count_byte(&b[start..end], b'\n');
        start = end;
    }
    out
}

/// Reads a table with a header; `default_type` is used when there is no `type` column.
/// TSV is split by hand (no quoting, one row a line; a large text in pieces on the rayon
/// pool, whose entries are handed to `out` in order), CSV goes through the `csv` reader.
pub(crate) fn table<'a>(
    data: &'a str,
    source: &str,
    default_type: &'a str,
    out: &mut dyn FnMut(RawEntry<'_>) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    let first = data.lines().next().unwrap_or("");
    if header_fields(first, '\t').iter().any(|f| f == "name") {
        let cols = Columns::of(first.split('\t'), source)?;
        let entry = |i: usize, fields: &[&'a str]| {
            let blank = fields.iter().all(|f| trim(f).is_empty());
            let get = |c: Option<usize>| c.and_then(|c| fields.get(c).copied()).unwrap_or("");
            cols.row(get, blank, source, default_type, i as u64 + 1)
        };
        #[cfg(feature = "parallel")]
        if data.len() >= PARALLEL_BYTES {
            use rayon::prelude::*;
            // Each piece's entries, up to its first bad row; the rows after a bad one are
            // not handed on, as when read in one go. A few pieces at a time, into the same
            // buffers, each handed on before the next are read: the entries in flight hold
            // the memory of a few pieces, not of the whole text.
            let mut read: Vec<Vec<RawEntry<'a>>> = Vec::new();
            read.resize_with(PIECES_AT_ONCE, Vec::new);
            for group in pieces(data, PIECE_BYTES).chunks(PIECES_AT_ONCE) {
                let errs: Vec<Option<BuildError>> = group
                    .par_iter()
                    .zip(read.par_iter_mut())
                    .map(|(&(start, end, line), entries)| {
                        // About one entry a line: grown once.
                        entries.reserve(count_byte(&data.as_bytes()[start..end], b'\n') + 1);
                        let r = tsv_rows(&data[start..end], line, |i, fields| {
                            entries.extend(entry(i, fields)?);
                            Ok(())
                        });
                        r.err()
                    })
                    .collect();
                for (entries, err) in read.iter_mut().zip(errs) {
                    for e in entries.drain(..) {
                        out(e)?;
                    }
                    if let Some(err) = err {
                        return Err(err);
                    }
                }
            }
            return Ok(());
        }
        tsv_rows(data, 0, |i, fields| {
            if let Some(e) = entry(i, fields)? {
                out(e)?;
            }
            Ok(())
        })?;
        return Ok(());
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b',')
        .flexible(true)
        .has_headers(true)
        .from_reader(data.as_bytes());
    let header = rdr
        .headers()
        .map_err(|e| BuildError::Header {
            source_name: source.to_string(),
            reason: e.to_string(),
        })?
        .clone();
    let cols = Columns::of(header.iter(), source)?;
    let mut rec = csv::StringRecord::new();
    loop {
        let more = rdr.read_record(&mut rec).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            row_err(source, line, e.to_string())
        })?;
        if !more {
            return Ok(());
        }
        let line = rec.position().map_or(0, |p| p.line());
        let blank = rec.iter().all(|f| f.trim().is_empty());
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("");
        if let Some(e) = cols.row(get, blank, source, default_type, line)? {
            out(e)?;
        }
    }
}

/// Reads a list: one name per line; blank lines and lines starting with `#` are skipped.
pub(crate) fn list(
    data: &str,
    source: &str,
    entity_type: &str,
    out: &mut dyn FnMut(RawEntry<'_>) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    for (i, l) in data.lines().enumerate() {
        let name = l.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        let line = i as u64 + 1;
        out(RawEntry {
            id: format!("{source}:{line}").into(),
            name: name.into(),
            entity_type,
            line,
            ..RawEntry::default()
        })?;
    }
    Ok(())
}

/// Whether a GeoNames alternate name is kept: written in Latin letters, not a code (all
/// capitals, at most four letters: airport and postal codes), no digits, no links.
fn keep_alternate(name: &str) -> bool {
    let latin = name.chars().all(|c| {
        !c.is_alphabetic() || (c as u32) < 0x0250 || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    });
    let code = name.chars().all(|c| !c.is_lowercase()) && name.chars().count() <= 4;
    latin && !code && !name.chars().any(|c| c.is_ascii_digit()) && !name.contains("://")
}

/// Reads a GeoNames dump: every row is a LOC entry `geonames:<id>`, its aliases the ASCII
/// name and the Latin-script alternate names.
pub(crate) fn geonames(
    data: &str,
    source: &str,
    out: &mut dyn FnMut(RawEntry<'_>) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    for (i, l) in data.lines().enumerate() {
        let line = i as u64 + 1;
        if l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() < 19 {
            return Err(row_err(
                source,
                line,
                format!("{} tab-separated columns, a GeoNames row has 19", f.len()),
            ));
        }
        let name = f[1].trim();
        if name.is_empty() || f[0].trim().is_empty() {
            return Err(row_err(source, line, "empty geonameid or name"));
        }
        let mut aliases: Vec<Arc<str>> = Vec::new();
        for a in std::iter::once(f[2]).chain(f[3].split(',')) {
            let a = a.trim();
            if !a.is_empty() && a != name && keep_alternate(a) && !aliases.iter().any(|x| **x == *a)
            {
                aliases.push(a.into());
            }
        }
        out(RawEntry {
            id: format!("geonames:{}", f[0].trim()).into(),
            name: name.into(),
            entity_type: "LOC",
            aliases,
            country_code: opt(f[8]),
            lat: parse_opt(f[4], "latitude", source, line)?,
            lon: parse_opt(f[5], "longitude", source, line)?,
            population: parse_opt(f[14], "population", source, line)?,
            data_source: Some("GeoNames"),
            line,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of `data` after the first line, split at tabs, as `str::lines` gives them.
    fn reference(data: &str) -> Vec<(usize, Vec<&str>)> {
        data.lines()
            .enumerate()
            .skip(1)
            .map(|(i, l)| (i, l.split('\t').collect()))
            .collect()
    }

    fn rows(data: &str) -> Vec<(usize, Vec<&str>)> {
        let mut out = Vec::new();
        tsv_rows(data, 0, |i, f| {
            out.push((i, f.to_vec()));
            Ok(())
        })
        .expect("no error");
        out
    }

    /// The (line, id) of the entries `table` hands on, and its error's line if any.
    fn table_ids(data: &str) -> (Vec<(u64, String)>, Option<u64>) {
        let mut got = Vec::new();
        let r = table(data, "t.tsv", "LOC", &mut |e| {
            got.push((e.line, e.id.to_string()));
            Ok(())
        });
        let err = r.err().map(|e| match e {
            BuildError::Row { line, .. } => line,
            e => panic!("{e}"),
        });
        (got, err)
    }

    /// A large table is read in pieces, a few at a time: every entry is handed on once, in
    /// order, and a bad row stops the reading where it is, in any piece.
    #[test]
    fn large_table_in_order_up_to_a_bad_row() {
        let n: u64 = 60_000;
        let text = |bad: Option<u64>| {
            let mut t = String::from("id\tname\ttype\n");
            for i in 1..=n {
                let name = if Some(i) == bad {
                    String::new()
                } else {
                    format!("Name{i}")
                };
                t.push_str(&format!("id{i}\t{name}\tLOC\n"));
            }
            t
        };
        let all: Vec<(u64, String)> = (1..=n).map(|i| (i + 1, format!("id{i}"))).collect();
        let good = text(None);
        assert!(good.len() > 2 * PIECES_AT_ONCE * PIECE_BYTES);
        // Compared whole, not printed: the lists are long.
        assert!(table_ids(&good) == (all.clone(), None));
        for bad in [1, 5_000, 30_000, n] {
            let (got, err) = table_ids(&text(Some(bad)));
            assert_eq!((got.len(), err), (bad as usize - 1, Some(bad + 1)));
            assert!(got[..] == all[..got.len()], "{bad}");
        }
    }

    #[test]
    fn tsv_rows_are_lines_and_tabs() {
        for data in [
            "",
            "h",
            "h\n",
            "h\na\tb",
            "h\na\tb\n",
            "h\r\na\tb\r\n\r\nc\t\t\r",
            "h\n\n\t\n",
            "id\tname\nx\tAbc\u{e9}\u{a0}\tz\t\n\u{feff}y",
        ] {
            assert_eq!(rows(data), reference(data), "{data:?}");
        }
    }

    #[test]
    fn trim_is_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a",
            "a\u{a0}",
            "\u{b}a\u{c}",
            "\u{e9}",
            "é b",
            "~",
            "!a\u{1}",
            "\u{7f}a\u{85}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    /// The rows of `data` read piece by piece, pieces of about `size` bytes.
    #[cfg(feature = "parallel")]
    fn rows_in_pieces(data: &str, size: usize) -> Vec<(usize, Vec<&str>)> {
        let mut out = Vec::new();
        for (start, end, line) in pieces(data, size) {
            tsv_rows(&data[start..end], line, |i, f| {
                out.push((i, f.to_vec()));
                Ok(())
            })
            .expect("no error");
        }
        out
    }

    #[test]
    fn count_byte_counts() {
        let s = b"a\nbb\n\n\nccc\ndddddddd\n\ne";
        for i in 0..s.len() {
            let want = s[i..].iter().filter(|&&c| c == b'\n').count();
            assert_eq!(count_byte(&s[i..], b'\n'), want);
        }
    }

    proptest::proptest! {
        #[test]
        fn tsv_rows_agree(data in "[a\t\r\n |\u{a0}\u{e9}]{0,40}") {
            proptest::prop_assert_eq!(rows(&data), reference(&data));
        }

        #[cfg(feature = "parallel")]
        #[test]
        fn pieces_read_the_same_rows(data in "[a\t\r\n|\u{e9}]{0,60}", size in 1usize..20) {
            proptest::prop_assert_eq!(rows_in_pieces(&data, size), reference(&data));
        }

        #[test]
        fn trim_agrees(s in "[a!~ \t\r\n\u{1}\u{b}\u{c}\u{1f}\u{7f}\u{85}\u{a0}\u{2003}\u{e9}]{0,8}") {
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }
    }
}

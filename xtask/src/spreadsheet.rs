//! `cargo xtask spreadsheet-check [OUT_DIR]`: opens khabar's CSV tables in a real
//! spreadsheet (headless LibreOffice Calc) and fails on any cell that does not come back
//! exactly as written.
//!
//! Without `OUT_DIR` it first runs khabar on `fixtures/export/hostile.jsonl` (formula-like
//! titles, ids and names, Urdu, Pashto and Devanagari, quotes and newlines in cells, a
//! 40,000-character title, leading-zero ids) with `fixtures/export/hostile-gazetteer.tsv`.
//!
//! How: every `*.csv` is converted with
//! `soffice --headless --infilter=CSV:44,34,76,1,... --convert-to xlsx`, twice:
//!
//! 1. with "Format quoted field as text" on (`CSV:44,34,76,1,,0,true,false`, the import
//!    the README recommends): every quoted cell must come back as that exact text and every
//!    unquoted cell as that number; any difference fails;
//! 2. with LibreOffice's defaults (`CSV:44,34,76,1`): encoding, columns, rows, formulas and
//!    truncation must still be exact (failures); quoted text that the default import turns
//!    into a number, date or boolean (`007` -> 7) is counted and reported, since no plain CSV
//!    can prevent it.
//!
//! The xlsx files are read back with `python3` (`zipfile` and `xml.etree` from its
//! standard library), which prints every cell as one escaped line; xtask keeps `anyhow` as
//! its only dependency. LibreOffice stores a line break in a cell as LF, so CR LF and CR
//! inside a written cell compare equal to LF.

use std::{
    collections::BTreeMap,
    env, fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context};

use crate::{khabar_bin, root};

/// Reads every cell of every sheet of an xlsx file and prints
/// `SHEET\tROW\tCOL\tTYPE\tFORMULA\tVALUE` lines; a cell with a date format gets TYPE `d`.
const DUMP_WORKBOOK: &str = r#"
import sys, zipfile, re
import xml.etree.ElementTree as ET
NS = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
RNS = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
PNS = '{http://schemas.openxmlformats.org/package/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(NS + 'si'):
        shared.append(''.join(t.text or '' for t in si.iter(NS + 't')))
styles = ET.fromstring(z.read('xl/styles.xml'))
fmts = {int(f.get('numFmtId')): f.get('formatCode') for f in styles.iter(NS + 'numFmt')}
xfs = []
cellxfs = styles.find(NS + 'cellXfs')
for xf in (cellxfs if cellxfs is not None else []):
    n = int(xf.get('numFmtId', '0'))
    code = fmts.get(n, '')
    xfs.append((14 <= n <= 22) or ('y' in code.lower() and 'd' in code.lower()))
rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels')).iter(PNS + 'Relationship')}
def esc(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')
out = []
for sh in ET.fromstring(z.read('xl/workbook.xml')).iter(NS + 'sheet'):
    target = rels[sh.get(RNS + 'id')].lstrip('/')
    if not target.startswith('xl/'):
        target = 'xl/' + target
    for c in ET.fromstring(z.read(target)).iter(NS + 'c'):
        m = re.match(r'([A-Z]+)([0-9]+)', c.get('r'))
        col = 0
        for ch in m.group(1):
            col = col * 26 + ord(ch) - 64
        t = c.get('t', 'n')
        f = c.find(NS + 'f')
        v = c.find(NS + 'v')
        val = v.text or '' if v is not None else ''
        if t == 's':
            val = shared[int(val)]
        elif t == 'inlineStr':
            val = ''.join(x.text or '' for x in c.iter(NS + 't'))
        elif t == 'n' and val != '' and int(c.get('s', '0')) < len(xfs) and xfs[int(c.get('s', '0'))]:
            t = 'd'
        out.append('%s\t%s\t%d\t%s\t%d\t%s' % (sh.get('name'), m.group(2), col, t, f is not None, esc(val)))
sys.stdout.buffer.write(('\n'.join(out) + '\n').encode('utf-8'))
"#;

/// One field of a CSV file as written.
#[derive(Debug)]
struct Field {
    text: String,
    quoted: bool,
}

/// One cell read back from an xlsx file.
#[derive(Debug)]
struct Cell {
    kind: String,
    formula: bool,
    value: String,
}

pub fn check(args: &[String]) -> anyhow::Result<()> {
    if Command::new("soffice")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
    {
        let v = Command::new("soffice").arg("--version").output()?;
        println!(
            "spreadsheet-check: {}",
            String::from_utf8_lossy(&v.stdout).trim()
        );
    } else {
        println!(
            "spreadsheet-check skipped: LibreOffice (`soffice`) is not installed.\n\
             Install it with `apt-get install -y libreoffice-calc` (Debian/Ubuntu; `dnf install libreoffice-calc` on Fedora,\n\
             `brew install --cask libreoffice` on macOS), then run `cargo xtask spreadsheet-check` again."
        );
        return Ok(());
    }
    let out = match args.first() {
        Some(dir) => PathBuf::from(dir),
        None => run_fixture()?,
    };
    let mut csvs: Vec<PathBuf> = fs::read_dir(&out)
        .with_context(|| format!("reading {}", out.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    csvs.sort();
    if csvs.is_empty() {
        bail!("no *.csv tables in {}", out.display());
    }
    let work = env::temp_dir().join(format!("khabar-spreadsheet-check-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work)?;
    let mut tables = Vec::new();
    for p in &csvs {
        let bytes = fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        let bom = bytes.starts_with("\u{FEFF}".as_bytes());
        let text =
            String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", p.display()))?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let delim = sniff_delimiter(text);
        if !bom {
            println!(
                "note: {} has no byte-order mark: Excel will read it in the ANSI code page",
                p.display()
            );
        }
        tables.push((p.clone(), delim, parse_csv(text, delim)));
    }
    let delim = tables[0].1;
    let mut failures = 0;
    for (mode, options, strict_types) in [
        (
            "quoted-as-text",
            format!("CSV:{},34,76,1,,0,true,false", delim as u32),
            true,
        ),
        ("defaults", format!("CSV:{},34,76,1", delim as u32), false),
    ] {
        let dir = work.join(mode);
        fs::create_dir_all(&dir)?;
        let profile = format!(
            "-env:UserInstallation=file://{}",
            work.join("profile").display()
        );
        let status = Command::new("soffice")
            .arg(&profile)
            .arg("--headless")
            .arg(format!("--infilter={options}"))
            .args(["--convert-to", "xlsx", "--outdir"])
            .arg(&dir)
            .args(&csvs)
            .output()
            .context("running soffice")?;
        if !status.status.success() {
            bail!(
                "soffice failed: {}",
                String::from_utf8_lossy(&status.stderr)
            );
        }
        println!("== LibreOffice import {mode} (--infilter={options})");
        for (path, _, rows) in &tables {
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let xlsx = dir.join(format!("{stem}.xlsx"));
            let cells = read_xlsx(&xlsx)?;
            let (fails, coerced) = compare(&stem, rows, &cells, strict_types);
            failures += fails;
            let cells_n: usize = rows.iter().map(Vec::len).sum();
            print!(
                "{stem}.csv: {} rows, {cells_n} cells, {fails} differences",
                rows.len()
            );
            if !coerced.is_empty() {
                let list: Vec<String> = coerced.iter().map(|(c, n)| format!("{c} x{n}")).collect();
                print!(
                    ", text turned into numbers/dates by the default import: {}",
                    list.join(", ")
                );
            }
            println!();
        }
    }
    let book = out.join("tables.xlsx");
    if book.exists() {
        failures += check_workbook(&book, &tables, &work)?;
    } else {
        println!(
            "note: no tables.xlsx in {} (write it with --format csv,xlsx): workbook not checked",
            out.display()
        );
    }
    let _ = fs::remove_dir_all(&work);
    if failures > 0 {
        bail!("spreadsheet-check: {failures} cells differ from what khabar wrote");
    }
    println!("spreadsheet-check: every cell came back as written");
    Ok(())
}

/// Runs khabar on the hostile fixture and returns the output folder.
fn run_fixture() -> anyhow::Result<PathBuf> {
    let bin = khabar_bin()?;
    let fixtures = root().join("fixtures").join("export");
    let out = env::temp_dir().join("khabar-spreadsheet-check-out");
    let _ = fs::remove_dir_all(&out);
    let st = Command::new(&bin)
        .arg("run")
        .arg(fixtures.join("hostile.jsonl"))
        .arg("--gazetteer")
        .arg(fixtures.join("hostile-gazetteer.tsv"))
        .arg("--out")
        .arg(&out)
        .args(["--format", "csv,xlsx"])
        .arg("--quiet")
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    // Exit 1 means some record had a diagnostic: the tables are still written.
    if !matches!(st.code(), Some(0 | 1)) {
        bail!("khabar run failed ({st})");
    }
    println!(
        "spreadsheet-check: khabar wrote the hostile fixture's tables to {}",
        out.display()
    );
    Ok(out)
}

/// The delimiter: the byte after the header's first quoted field.
fn sniff_delimiter(text: &str) -> char {
    let mut chars = text.chars();
    if chars.next() == Some('"') {
        let mut prev_quote = false;
        for c in chars {
            if prev_quote {
                if c != '"' {
                    return c;
                }
                prev_quote = false;
            } else if c == '"' {
                prev_quote = true;
            }
        }
    }
    ','
}

/// RFC 4180 CSV: quoted fields may hold quotes (doubled), delimiters and line breaks; rows
/// end with CR LF or LF.
fn parse_csv(text: &str, delim: char) -> Vec<Vec<Field>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = Field {
        text: String::new(),
        quoted: false,
    };
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.text.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.text.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                in_quotes = true;
                field.quoted = true;
                at_start = false;
            }
            c if c == delim => {
                row.push(std::mem::replace(
                    &mut field,
                    Field {
                        text: String::new(),
                        quoted: false,
                    },
                ));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::replace(
                    &mut field,
                    Field {
                        text: String::new(),
                        quoted: false,
                    },
                ));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            c => {
                field.text.push(c);
                at_start = false;
            }
        }
    }
    if !row.is_empty() || !field.text.is_empty() || field.quoted {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Every cell of every sheet of the xlsx file at `path`, in sheet order: (sheet, row, column,
/// cell), rows and columns from 0.
fn dump_workbook(path: &Path) -> anyhow::Result<Vec<(String, usize, usize, Cell)>> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(DUMP_WORKBOOK)
        .arg(path)
        .output()
        .context("running python3 to read the workbook")?;
    if !out.status.success() {
        bail!(
            "reading {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut cells = Vec::new();
    for line in String::from_utf8(out.stdout)?
        .lines()
        .filter(|l| !l.is_empty())
    {
        let f: Vec<&str> = line.splitn(6, '\t').collect();
        let [name, r, c, kind, formula, value] = f[..] else {
            bail!("bad cell line {line:?}");
        };
        let cell = Cell {
            kind: kind.into(),
            formula: formula == "1",
            value: unescape(value),
        };
        cells.push((
            name.to_string(),
            r.parse::<usize>()? - 1,
            c.parse::<usize>()? - 1,
            cell,
        ));
    }
    Ok(cells)
}

/// The cells of the first sheet of the xlsx file at `path` (LibreOffice's conversion of a CSV
/// table has one sheet).
fn read_xlsx(path: &Path) -> anyhow::Result<BTreeMap<(usize, usize), Cell>> {
    let cells = dump_workbook(path)?;
    let first = cells.first().map(|c| c.0.clone());
    Ok(cells
        .into_iter()
        .filter(|c| Some(&c.0) == first.as_ref())
        .map(|(_, r, c, cell)| ((r, c), cell))
        .collect())
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Compares a table with its cells read back: returns the failures and, when the import
/// may guess types, the columns whose text came back as another type.
fn compare(
    table: &str,
    rows: &[Vec<Field>],
    cells: &BTreeMap<(usize, usize), Cell>,
    strict_types: bool,
) -> (usize, BTreeMap<String, usize>) {
    let mut fails = 0;
    let mut coerced: BTreeMap<String, usize> = BTreeMap::new();
    let header: Vec<&str> = rows
        .first()
        .map(|r| r.iter().map(|f| f.text.as_str()).collect())
        .unwrap_or_default();
    let mut report = |r: usize, c: usize, what: &str, want: &str, got: &str| {
        fails += 1;
        if fails <= 10 {
            let col = header.get(c).copied().unwrap_or("?");
            println!(
                "  {table} row {} column {col}: {what}: wrote {:?}, read {:?}",
                r + 1,
                short(want),
                short(got)
            );
        }
    };
    for (r, row) in rows.iter().enumerate() {
        for (c, field) in row.iter().enumerate() {
            let want = field.text.replace("\r\n", "\n").replace('\r', "\n");
            let cell = cells.get(&(r, c));
            let got = cell.map_or("", |x| x.value.as_str());
            if cell.is_some_and(|x| x.formula) {
                report(r, c, "evaluated as a formula", &want, got);
                continue;
            }
            let kind = cell.map_or("s", |x| x.kind.as_str());
            if !field.quoted {
                if kind != "n" || !same_number(&want, got) {
                    report(r, c, "number changed", &want, got);
                }
                continue;
            }
            let is_text = matches!(kind, "s" | "inlineStr" | "str");
            if is_text && got == want {
                continue;
            }
            if !is_text && !strict_types {
                *coerced
                    .entry(header.get(c).copied().unwrap_or("?").to_string())
                    .or_default() += 1;
                continue;
            }
            let what = if is_text && !got.is_empty() && want.starts_with(got) {
                "truncated"
            } else if !is_text {
                "text read as a number, date or boolean"
            } else {
                "text changed"
            };
            report(r, c, what, &want, got);
        }
        // A cell past the written width means a field was split.
        let extra = cells
            .range((r, row.len())..(r + 1, 0))
            .find(|(_, x)| !x.value.is_empty());
        if let Some(((_, c), x)) = extra {
            report(r, *c, "extra column (a field was split)", "", &x.value);
        }
    }
    if let Some(((r, c), x)) = cells
        .range((rows.len(), 0)..)
        .find(|(_, x)| !x.value.is_empty())
    {
        report(*r, *c, "extra row (a line break split a row)", "", &x.value);
    }
    (fails, coerced)
}

/// Round-trips the workbook through LibreOffice (opened with its defaults, saved again as
/// xlsx) and compares every sheet with the CSV table of the same run: text cells must come
/// back as the exact text (without the CSV formula guard), numbers as numbers, complete
/// dates as date cells of that day, and no cell may be a formula.
fn check_workbook(
    book: &Path,
    tables: &[(PathBuf, char, Vec<Vec<Field>>)],
    work: &Path,
) -> anyhow::Result<usize> {
    let dir = work.join("workbook");
    fs::create_dir_all(&dir)?;
    let profile = format!(
        "-env:UserInstallation=file://{}",
        work.join("profile").display()
    );
    let status = Command::new("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&dir)
        .arg(book)
        .output()
        .context("running soffice")?;
    if !status.status.success() {
        bail!(
            "soffice failed on {}: {}",
            book.display(),
            String::from_utf8_lossy(&status.stderr)
        );
    }
    println!(
        "== LibreOffice round trip of {} (default settings)",
        book.display()
    );
    let back = dir.join("tables.xlsx");
    // Sheet cells, continuation sheets (`entities 2`) appended below their first sheet.
    let mut sheets: BTreeMap<String, BTreeMap<(usize, usize), Cell>> = BTreeMap::new();
    let mut offset: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    for (name, r, c, cell) in dump_workbook(&back)? {
        let name = name.as_str();
        let base = match name.rsplit_once(' ') {
            Some((b, n)) if n.parse::<u32>().is_ok() => b.to_string(),
            _ => name.to_string(),
        };
        let next = sheets
            .get(&base)
            .map_or(0, |m| m.keys().map(|k| k.0 + 1).max().unwrap_or(0));
        let o = offset
            .entry(name.to_string())
            .or_insert((base.clone(), next, 0))
            .clone();
        if o.0 != name && r == 0 {
            continue; // the header of a continuation sheet
        }
        let row = if o.0 == name { r } else { o.1 + r - 1 };
        sheets.entry(base).or_default().insert((row, c), cell);
    }
    let mut failures = 0;
    for (path, _, rows) in tables {
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(cells) = sheets.get(&stem) else {
            println!("  no sheet {stem} in the workbook");
            failures += 1;
            continue;
        };
        let mut fails = 0;
        let mut dates = 0;
        for (r, row) in rows.iter().enumerate() {
            for (c, field) in row.iter().enumerate() {
                let want = if field.quoted {
                    field.text.strip_prefix('\'').unwrap_or(&field.text)
                } else {
                    field.text.as_str()
                };
                let want = want.replace("\r\n", "\n").replace('\r', "\n");
                let cell = cells.get(&(r, c));
                let (kind, got) = cell.map_or(("s", ""), |x| (x.kind.as_str(), x.value.as_str()));
                let ok = if cell.is_some_and(|x| x.formula) {
                    false
                } else if !field.quoted {
                    kind == "n" && same_number(&want, got)
                } else if kind == "d" {
                    dates += 1;
                    excel_day(&want).is_some_and(|d| same_number(&d.to_string(), got))
                } else {
                    matches!(kind, "s" | "inlineStr" | "str") && got == want
                };
                if !ok {
                    fails += 1;
                    if fails <= 10 {
                        let col = rows[0].get(c).map_or("?", |f| f.text.as_str());
                        println!(
                            "  {stem} sheet row {} column {col}: wrote {:?}, read {kind} {:?}",
                            r + 1,
                            short(&want),
                            short(got)
                        );
                    }
                }
            }
        }
        let cells_n: usize = rows.iter().map(Vec::len).sum();
        println!(
            "{stem} sheet: {} rows, {cells_n} cells ({dates} date cells), {fails} differences",
            rows.len()
        );
        failures += fails;
    }
    Ok(failures)
}

/// The Excel serial day of a `YYYY-MM-DD` date (1900 date system, from 1900-03-01).
fn excel_day(s: &str) -> Option<i64> {
    let (y, rest) = s.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    // Days from the civil date (Howard Hinnant's algorithm), then the offset of 1899-12-30.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468 + 25_569)
}

fn same_number(want: &str, got: &str) -> bool {
    want == got || matches!((want.parse::<f64>(), got.parse::<f64>()), (Ok(a), Ok(b)) if a == b)
}

fn short(s: &str) -> String {
    let n = s.chars().count();
    if n <= 60 {
        s.to_string()
    } else {
        let head: String = s.chars().take(40).collect();
        format!("{head}...({n} chars)")
    }
}

//! Publication dates found around a page rather than in it: a `--dates` table, the page's
//! file name, its folders, its record's `url`.
//!
//! They date an article only when neither the record's metadata `date` nor the page's own
//! dateline does (see `dct_for` in the engine), in this order:
//!
//! 1. `sidecar`: the `--dates FILE` table (`path,date` rows, header optional), looked up by
//!    doc id, by the file as given and by file name;
//! 2. `filename`: an ISO date in a `.txt` page's file name, `2021-11-04_talks.txt`,
//!    `2021_11_04-talks.txt` or `20211104-talks.txt`;
//! 3. `path`: `YYYY/MM/DD` folders on the page's path (`2021/11/04/talks.txt`);
//! 4. `url`: `/YYYY/MM/DD/` or a `YYYY-MM-DD` in the path of the record's `url`.

use std::collections::HashMap;

use khabar_core::{Article, DctSource};
use khabar_dates::Date;

/// The `--dates` table: publication dates by path or id.
#[derive(Clone, Debug, Default)]
pub struct DateTable {
    by_key: HashMap<String, Date>,
}

/// Folder separators as `/`, without a leading `./`.
fn normal(p: &str) -> String {
    let p = p.trim().replace('\\', "/");
    p.strip_prefix("./").unwrap_or(&p).to_string()
}

fn file_name(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

impl DateTable {
    /// Reads `path,date` rows (`,`, `;` or tab between them; a first row whose date is not a
    /// date is a header). `name` names the table in errors.
    pub fn parse(text: &str, name: &str) -> Result<DateTable, String> {
        let mut by_key = HashMap::new();
        let delim = crate::read::sniff_delimiter(text.as_bytes());
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
        for (i, row) in rdr.records().enumerate() {
            let row = row.map_err(|e| format!("{name}: {e}"))?;
            let (Some(path), Some(date)) = (row.get(0), row.get(1)) else {
                continue;
            };
            let d = date.trim();
            let parsed = d
                .get(..10)
                .filter(|_| d.len() == 10 || d.as_bytes().get(10) == Some(&b'T'))
                .and_then(|s| s.parse::<Date>().ok());
            match parsed {
                Some(d) => {
                    by_key.insert(normal(path), d);
                }
                None if i == 0 => {} // the header
                None => {
                    return Err(format!(
                        "{name}: row {}: {date:?} is not a YYYY-MM-DD date",
                        i + 1
                    ))
                }
            }
        }
        Ok(DateTable { by_key })
    }

    /// Rows in the table.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    fn get(&self, a: &Article) -> Option<Date> {
        if self.by_key.is_empty() {
            return None;
        }
        let origin = normal(&a.origin);
        [
            normal(&a.id),
            origin.clone(),
            file_name(&origin).to_string(),
        ]
        .iter()
        .find_map(|k| self.by_key.get(k).copied())
    }
}

/// Whether the article is a page read from a `.txt` file (its origin is the file).
fn is_txt_page(a: &Article) -> bool {
    let o = a.origin.to_ascii_lowercase();
    o.ends_with(".txt") || o.ends_with(".txt.gz")
}

/// The date found around the article, and where.
pub(crate) fn found_date(a: &Article, table: &DateTable) -> Option<(Date, DctSource)> {
    if let Some(d) = table.get(a) {
        return Some((d, DctSource::Sidecar));
    }
    if is_txt_page(a) {
        let path = normal(&a.origin);
        let name = file_name(&path);
        if let Some(d) = date_in_name(name, true) {
            return Some((d, DctSource::FileName));
        }
        let dirs = &path[..path.len() - name.len()];
        if let Some(d) = date_in_dirs(dirs) {
            return Some((d, DctSource::Path));
        }
    }
    let url = a.url.as_deref()?;
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    date_in_dirs(path)
        .or_else(|| date_in_name(path, false))
        .map(|d| (d, DctSource::Url))
}

fn ymd(y: &[u8], m: &[u8], d: &[u8]) -> Option<Date> {
    let n = |b: &[u8]| -> Option<i32> {
        (!b.is_empty() && b.iter().all(u8::is_ascii_digit))
            .then(|| std::str::from_utf8(b).ok()?.parse().ok())
            .flatten()
    };
    let (y, m, d) = (n(y)?, n(m)?, n(d)?);
    if !(1900..=2099).contains(&y) {
        return None;
    }
    Date::new(y as i16, m as i8, d as i8).ok()
}

/// The first `YYYY-MM-DD` (or `_`, `.` between) in `s`, not inside a longer number; with
/// `compact`, also `YYYYMMDD`.
fn date_in_name(s: &str, compact: bool) -> Option<Date> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for i in 0..b.len() {
        if !digit(i) || (i > 0 && digit(i - 1)) {
            continue;
        }
        let run = (i..b.len()).take_while(|&j| digit(j)).count();
        if run == 4 {
            let sep = b.get(i + 4).copied();
            if matches!(sep, Some(b'-' | b'_' | b'.'))
                && b.get(i + 7) == sep.as_ref()
                && digit(i + 5)
                && digit(i + 6)
                && digit(i + 8)
                && digit(i + 9)
                && !digit(i + 10)
            {
                if let Some(d) = ymd(&b[i..i + 4], &b[i + 5..i + 7], &b[i + 8..i + 10]) {
                    return Some(d);
                }
            }
        } else if run == 8 && compact {
            if let Some(d) = ymd(&b[i..i + 4], &b[i + 4..i + 6], &b[i + 6..i + 8]) {
                return Some(d);
            }
        }
    }
    None
}

/// `YYYY/MM/DD` folders in a `/`-separated path (month and day of one or two digits).
fn date_in_dirs(path: &str) -> Option<Date> {
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(3).find_map(|w| {
        let short = |s: &str| (1..=2).contains(&s.len());
        if w[0].len() == 4 && short(w[1]) && short(w[2]) {
            ymd(w[0].as_bytes(), w[1].as_bytes(), w[2].as_bytes())
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(origin: &str, url: Option<&str>, want: Option<(&str, &str)>) {
        let a = Article {
            id: origin.rsplit('/').next().unwrap().into(),
            origin: origin.into(),
            url: url.map(String::from),
            ..Article::default()
        };
        let table = DateTable::parse("path,date\nsidecar.txt,2020-01-02\n", "t").unwrap();
        let got = found_date(&a, &table).map(|(d, s)| (d.to_string(), s.as_str()));
        assert_eq!(
            got.as_ref().map(|(d, s)| (d.as_str(), *s)),
            want,
            "{origin} {url:?}"
        );
    }

    #[test]
    fn dates_around_pages() {
        check(
            "pages/2021-11-04_talks.txt",
            None,
            Some(("2021-11-04", "filename")),
        );
        check(
            "pages/20211104-talks.txt",
            None,
            Some(("2021-11-04", "filename")),
        );
        check(
            "pages/2021_11_04.txt.gz",
            None,
            Some(("2021-11-04", "filename")),
        );
        check(
            "pages/2021/11/04/talks.txt",
            None,
            Some(("2021-11-04", "path")),
        );
        check(
            "C:\\pages\\2021\\11\\4\\talks.txt",
            None,
            Some(("2021-11-04", "path")),
        );
        check("pages/sidecar.txt", None, Some(("2020-01-02", "sidecar")));
        check(
            "pages/talks.txt",
            Some("https://news.example/2021/11/04/talks"),
            Some(("2021-11-04", "url")),
        );
        check(
            "c.jsonl:3",
            Some("https://news.example/world/2021-11-04-talks.html?x=1"),
            Some(("2021-11-04", "url")),
        );
        // Not dates: a longer number, a bad month, a JSONL file's name, a host name.
        check("pages/120211104.txt", None, None);
        check("pages/2021-13-04.txt", None, None);
        check("2021-11-04.jsonl:3", None, None);
        check("c.jsonl:3", Some("https://2021.example/11/04"), None);
        check(
            "c.jsonl:3",
            Some("https://news.example/story/20211104"),
            None,
        );
        check("pages/talks.txt", None, None);
    }

    #[test]
    fn sidecar_rows() {
        let t = DateTable::parse("a.txt;2021-11-04\n./b/c.txt;2021-11-05T10:00\n", "t").unwrap();
        assert_eq!(t.len(), 2);
        assert!(DateTable::parse("path,date\na.txt,soon\n", "d.csv")
            .unwrap_err()
            .contains("row 2"));
    }
}

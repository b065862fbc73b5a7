//! `entities_summary.csv`: one row per distinct entity, accumulated over the run in memory
//! bounded by the number of distinct entities.

use std::sync::Arc;

use khabar_core::{fxhash::FxHashMap, DateMention, DocumentRecord};

use crate::{table::Rows, Error};

/// A resolved calendar value cut to `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, stored inline.
/// Byte order is calendar order, a coarser value sorting before the finer ones it contains.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct DateKey {
    bytes: [u8; 10],
    len: u8,
}

impl DateKey {
    /// The longest `YYYY-MM-DD`, `YYYY-MM` or `YYYY` prefix of a TIMEX3 value, if any
    /// (`2022-12-19T09:09` gives `2022-12-19`, `2022-W05` gives `2022`, `PAST_REF` none).
    pub fn parse(value: &str) -> Option<DateKey> {
        let b = value.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
        let boundary = |i: usize| b.get(i).is_none_or(|&c| !c.is_ascii_digit());
        if !digits(0..4) || !boundary(4) {
            return None;
        }
        let mut len = 4;
        if b.get(4) == Some(&b'-') && digits(5..7) && boundary(7) {
            len = 7;
            if b.get(7) == Some(&b'-') && digits(8..10) && boundary(10) {
                len = 10;
            }
        }
        let mut bytes = [0; 10];
        bytes[..len].copy_from_slice(&b[..len]);
        Some(DateKey {
            bytes,
            len: len as u8,
        })
    }

    /// A number in the order of the keys, never 0: the ten bytes, then the length.
    pub fn rank(&self) -> u128 {
        let mut b = [0u8; 16];
        b[..10].copy_from_slice(&self.bytes);
        b[10] = self.len;
        u128::from_be_bytes(b)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

/// Whether a date value names a calendar day, month or year (what a timeline can place).
pub(crate) fn is_resolved(d: &DateMention) -> bool {
    matches!(
        d.timex_type,
        khabar_core::TimexType::Date | khabar_core::TimexType::Time
    ) && d.value.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// Where a gazetteer entry is: its country and coordinates, when the gazetteer gives them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Place {
    /// ISO 3166 country code.
    pub country_code: Option<String>,
    /// Latitude, in degrees.
    pub lat: Option<f64>,
    /// Longitude, in degrees.
    pub lon: Option<f64>,
}

#[derive(Debug)]
struct Acc {
    place: Option<Box<Place>>,
    canonical: Arc<str>,
    entity_type: Arc<str>,
    documents: u64,
    mentions: u64,
    first: Option<DateKey>,
    last: Option<DateKey>,
    /// A discovered name, not a gazetteer entry.
    discovered: bool,
    /// Whether `canonical` is a cell of `discovered.tsv` as it is ([`is_tsv_field`]).
    clean: bool,
    /// Other spellings of a discovered name, for `discovered.tsv` (at most
    /// [`MAX_ALIASES`]).
    aliases: Vec<Box<str>>,
    /// The last document that mentioned it, by [`EntityStats::docs`].
    doc: u64,
}

/// The rows of `entities_summary.csv` in their order (see [`EntityStats::rows`]).
pub(crate) struct SummaryRows<'a>(Vec<(&'a Arc<str>, &'a Acc)>);

/// Spellings kept per discovered name.
const MAX_ALIASES: usize = 8;

/// The running totals of `entities_summary.csv`.
#[derive(Debug, Default)]
pub(crate) struct EntityStats {
    by_id: FxHashMap<Arc<str>, Acc>,
    /// Documents merged so far: each counts once in the `documents` of its entities.
    docs: u64,
    /// Scratch space for [`add_alias`].
    alias: String,
}

/// A mention counted in the summary: outside boilerplate and repeated lines.
#[derive(Debug)]
struct DocMention {
    id: Arc<str>,
    canonical: Arc<str>,
    entity_type: Arc<str>,
    /// A discovered name, not a gazetteer match.
    discovered: bool,
    /// The earliest and latest resolved date of its sentence, if any.
    dates: Option<(DateKey, DateKey)>,
    /// Its text, a range of [`DocEntities::text`] (for the aliases of discovered names in
    /// `discovered.tsv`: whether an entity is one is known only to the run's totals).
    surface: (usize, usize),
}

/// What a document adds to `entities_summary.csv`, made ahead on any thread (by
/// [`crate::RowEncoder`]) so that the writer needs nothing of the record: its counted
/// mentions in document order, each with the dates of its sentence.
#[derive(Debug, Default)]
pub(crate) struct DocEntities {
    mentions: Vec<DocMention>,
    text: String,
    /// Per sentence of the document: (sentence, earliest, latest) resolved date.
    sentence_dates: Vec<(u32, DateKey, DateKey)>,
}

impl DocEntities {
    /// Bytes of memory held, about.
    pub fn capacity(&self) -> usize {
        self.mentions.capacity() * std::mem::size_of::<DocMention>()
            + self.text.capacity()
            + self.sentence_dates.capacity() * std::mem::size_of::<(u32, DateKey, DateKey)>()
    }

    /// Notes the mentions of `rec` outside boilerplate and repeated lines, over what it
    /// held.
    pub fn make(&mut self, rec: &DocumentRecord) {
        self.mentions.clear();
        self.text.clear();
        let sd = &mut self.sentence_dates;
        sd.clear();
        for d in rec.dates.iter().filter(|d| {
            !d.in_boilerplate
                && is_resolved(d)
                && !crate::date_in_dateline(rec, d)
                && !rec.in_repeat(d.span)
        }) {
            let Some(k) = DateKey::parse(&d.value) else {
                continue;
            };
            match sd.last_mut() {
                Some((s, lo, hi)) if *s == d.sentence => {
                    *lo = (*lo).min(k);
                    *hi = (*hi).max(k);
                }
                _ => sd.push((d.sentence, k, k)),
            }
        }
        if !sd.is_sorted_by_key(|x| x.0) {
            sd.sort_unstable_by_key(|x| x.0);
        }
        // A mention in a repeated line (a caption shown twice) is counted once.
        for e in rec
            .entities
            .iter()
            .filter(|e| !e.in_boilerplate && !rec.in_repeat(e.span))
        {
            let dates = sd
                .binary_search_by_key(&e.sentence, |x| x.0)
                .ok()
                .map(|x| (sd[x].1, sd[x].2));
            let a = self.text.len();
            self.text
                .push_str(rec.article.text.get(e.span.range()).unwrap_or(""));
            self.mentions.push(DocMention {
                id: e.entity_id.clone(),
                canonical: e.canonical.clone(),
                entity_type: e.entity_type.clone(),
                discovered: e.match_kind == "discovered",
                dates,
                surface: (a, self.text.len()),
            });
        }
    }
}

impl EntityStats {
    /// Adds the mentions a document's [`DocEntities`] noted, in document order.
    ///
    /// Each spelling of a discovered name is noted as an alias in mention order.
    pub fn merge(&mut self, doc: &DocEntities) {
        self.docs += 1;
        for m in &doc.mentions {
            let acc = match self.by_id.get_mut(&*m.id) {
                Some(acc) => acc,
                None => self.by_id.entry(m.id.clone()).or_insert_with(|| Acc {
                    place: None,
                    canonical: m.canonical.clone(),
                    entity_type: m.entity_type.clone(),
                    documents: 0,
                    mentions: 0,
                    first: None,
                    last: None,
                    discovered: m.discovered,
                    clean: is_tsv_field(&m.canonical),
                    aliases: Vec::new(),
                    doc: 0,
                }),
            };
            if acc.discovered && acc.aliases.len() < MAX_ALIASES {
                add_alias(acc, &doc.text[m.surface.0..m.surface.1], &mut self.alias);
            }
            acc.mentions += 1;
            if acc.doc != self.docs {
                acc.doc = self.docs;
                acc.documents += 1;
            }
            if let Some((lo, hi)) = m.dates {
                acc.first = Some(acc.first.map_or(lo, |f| f.min(lo)));
                acc.last = Some(acc.last.map_or(hi, |l| l.max(hi)));
            }
        }
    }

    /// Sets the place of entity `id`, when the run met it (`place` is called only then).
    pub fn set_place(&mut self, id: &str, place: impl FnOnce() -> Place) {
        if let Some(acc) = self.by_id.get_mut(id) {
            acc.place = Some(Box::new(place()));
        }
    }

    /// Sets the place of every entity `place` knows by its id.
    pub fn add_places(&mut self, place: &dyn Fn(&str) -> Option<Place>) {
        for (id, acc) in self.by_id.iter_mut() {
            acc.place = place(id).map(Box::new);
        }
    }

    /// The rows, most mentioned first, then by canonical name and id: sorted once for
    /// [`write`](EntityStats::write) and [`write_discovered`](EntityStats::write_discovered).
    pub fn rows(&self) -> SummaryRows<'_> {
        let mut rows: Vec<(&Arc<str>, &Acc)> = self.by_id.iter().collect();
        rows.sort_unstable_by(|a, b| {
            b.1.mentions
                .cmp(&a.1.mentions)
                .then_with(|| a.1.canonical.cmp(&b.1.canonical))
                .then_with(|| a.0.cmp(b.0))
        });
        SummaryRows(rows)
    }

    /// Writes `discovered.tsv`: the discovered names in the gazetteer format khabar reads
    /// (`id, name, type, aliases`), most mentioned first.
    pub fn write_discovered(
        rows: &SummaryRows<'_>,
        t: &mut crate::table::Table,
    ) -> Result<(), Error> {
        t.buf.extend_from_slice(b"id\tname\ttype\taliases\n");
        let mut field = String::new();
        for &(id, acc) in rows.0.iter().filter(|r| r.1.discovered) {
            for (f, clean) in [
                (&**id, None),
                (&*acc.canonical, Some(acc.clean)),
                (&*acc.entity_type, None),
            ] {
                // Most fields are clean already: no need to split them into words.
                if clean.unwrap_or_else(|| is_tsv_field(f)) {
                    t.buf.extend_from_slice(f.as_bytes());
                } else {
                    tsv_field_into(&mut field, f);
                    t.buf.extend_from_slice(field.as_bytes());
                }
                t.buf.push(b'\t');
            }
            for (k, a) in acc.aliases.iter().enumerate() {
                if k > 0 {
                    t.buf.push(b'|');
                }
                t.buf.extend_from_slice(a.as_bytes());
            }
            t.buf.push(b'\n');
            t.count_row();
            if t.buf.len() >= 1 << 16 {
                t.flush()?;
            }
        }
        t.flush()
    }

    /// Writes the rows, most mentioned first, then by canonical name and id; with `source`,
    /// a last column says `gazetteer` or `discovered`.
    pub fn write(rows: &SummaryRows<'_>, t: &mut impl Rows, source: bool) -> Result<(), Error> {
        for &(id, acc) in &rows.0 {
            t.begin_row()?;
            t.text(&acc.canonical);
            t.text(&acc.entity_type);
            t.num(acc.documents);
            t.num(acc.mentions);
            t.date(acc.first.as_ref().map_or("", DateKey::as_str));
            t.date(acc.last.as_ref().map_or("", DateKey::as_str));
            t.text(id);
            if source {
                t.text(if acc.discovered {
                    "discovered"
                } else {
                    "gazetteer"
                });
            }
            let place = acc.place.as_deref();
            t.opt_text(place.and_then(|p| p.country_code.as_deref()));
            for x in [place.and_then(|p| p.lat), place.and_then(|p| p.lon)] {
                match x {
                    Some(x) if x.is_finite() => t.float(x),
                    _ => t.text(""),
                }
            }
            t.end_row()?;
        }
        Ok(())
    }
}

/// A cell of `discovered.tsv`: white space runs as one space, no tab, no `|`.
/// Written over `out`, which is cleared first.
fn tsv_field_into(out: &mut String, s: &str) {
    out.clear();
    for w in s.split(|c: char| c.is_whitespace() || c == '|') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// Whether [`tsv_field_into`] gives back `s` unchanged: ASCII words without `|` and with
/// single spaces between them.
fn is_tsv_field(s: &str) -> bool {
    let b = s.as_bytes();
    b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter()
            .all(|&c| c.is_ascii() && c != b'|' && (c == b' ' || !char::from(c).is_whitespace()))
        && !b.windows(2).any(|w| w == b"  ")
}

/// Notes `surface` as an alias of a discovered name when it is another spelling: not the
/// canonical name, not seen yet, and not a single word of a name of several (a bare
/// surname is left to the gazetteer's partial matching, which knows the text around it).
///
/// `buf` is scratch space, so a spelling met again allocates nothing.
fn add_alias(acc: &mut Acc, surface: &str, buf: &mut String) {
    // Most mentions are spelled as the canonical name: no need to clean them up first.
    if acc.clean && surface == &*acc.canonical {
        return;
    }
    tsv_field_into(buf, surface);
    let a = buf.as_str();
    let words = |s: &str| s.split(' ').count();
    if a.is_empty()
        || a == &*acc.canonical
        || (words(a) == 1 && words(&acc.canonical) > 1 && a.chars().any(char::is_lowercase))
        || acc.aliases.iter().any(|x| **x == *a)
    {
        return;
    }
    acc.aliases.push(a.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn tsv_field_test_matches_the_cleaning(s in "[ a|\t\n\r\x0b\x0c\x1c]{0,12}") {
            let mut out = String::new();
            tsv_field_into(&mut out, &s);
            proptest::prop_assert_eq!(is_tsv_field(&s), out == s);
        }

        #[test]
        fn tsv_field_test_never_wrong(s in "[ a|\t\u{85}\u{a0}\u{2003}é]{0,12}") {
            let mut out = String::new();
            tsv_field_into(&mut out, &s);
            proptest::prop_assert!(!is_tsv_field(&s) || out == s);
        }
    }

    #[test]
    fn date_keys() {
        for (value, expected) in [
            ("2022-12-19", Some("2022-12-19")),
            ("2022-12-19T09:09", Some("2022-12-19")),
            ("2021-11", Some("2021-11")),
            ("2021", Some("2021")),
            ("2022-W05", Some("2022")),
            ("2022-Q1", Some("2022")),
            ("20221", None),
            ("198X", None),
            ("PAST_REF", None),
            ("XXXX-06-21", None),
            ("P14Y", None),
            ("", None),
        ] {
            assert_eq!(
                DateKey::parse(value).as_ref().map(DateKey::as_str),
                expected,
                "{value}"
            );
        }
        let k = |s| DateKey::parse(s).unwrap();
        for (a, b) in [
            ("2021", "2021-03"),
            ("2021-03", "2021-03-04"),
            ("2021-12-31", "2022"),
            ("0000", "2021"),
        ] {
            assert!(
                k(a) < k(b) && k(a).rank() < k(b).rank() && k(a).rank() > 0,
                "{a} {b}"
            );
        }
        assert!(
            k("2021") < k("2021-03")
                && k("2021-03") < k("2021-03-04")
                && k("2021-12-31") < k("2022")
        );
    }
}

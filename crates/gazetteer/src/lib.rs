//! Finds every mention of every gazetteer entry in English news text, with spelling and
//! transliteration variants unified under one entry.
//!
//! - [`GazetteerBuilder`] reads gazetteers (CSV/TSV tables with a header, plain lists,
//!   GeoNames dumps, the embedded default) and builds a [`Gazetteer`] once.
//! - [`Gazetteer::find_iter`] yields [`GazMatch`]es: a [`Span`] of the original text, the
//!   entries the name belongs to (several when it is ambiguous) and a [`MatchKind`]
//!   (`exact`, `folded` or `variant`).
//! - [`Scratch`] holds the buffers of one search; reuse it with
//!   [`Gazetteer::find_iter_with`].
//!
//! Matching runs one aho-corasick automaton (leftmost-longest) over a folded copy of the
//! text: lower case, diacritics stripped, hyphens, apostrophes and runs of white space
//! unified, and (by default) a transliteration key that unifies Mohammad/Muhammad,
//! Tehreek/Tehrik or Khurasani/Khorasani.
//! Matches never start or end inside a word, possessive `'s` stays outside the span, and
//! per-name case rules keep `tank` from matching the town of Tank.
//! `DESIGN.md` describes the rules.
//!
//! ```
//! use khabar_gazetteer::{Gazetteer, MatchKind};
//!
//! let table = "id\tname\ttype\taliases\n\
//!              ttp\tTehrik-i-Taliban Pakistan\tORG\tTTP|Pakistani Taliban\n\
//!              tank\tTank\tLOC\t\n";
//! let gaz = Gazetteer::builder().add_table(table.as_bytes(), "mine.tsv")?.build()?;
//! let text = "The TTP’s men and the Tehreek-e-Taliban Pakistan left Tank in a tank.";
//! let found: Vec<(&str, &str, &str)> = gaz
//!     .find_iter(text)
//!     .map(|m| (&text[m.span], &*gaz.entry(m.entries[0]).id, m.kind.as_str()))
//!     .collect();
//! assert_eq!(found, [
//!     ("TTP", "ttp", "exact"),
//!     ("Tehreek-e-Taliban Pakistan", "ttp", "variant"),
//!     ("Tank", "tank", "exact"),
//! ]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod error;
mod fold;
mod load;
mod rules;

use std::{
    borrow::BorrowMut,
    collections::HashMap,
    hash::{BuildHasherDefault, Hasher},
    io::Read,
    ops::Deref,
    sync::Arc,
};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind as AcMatchKind};
use khabar_core::Span;

pub use crate::{
    error::{BuildError, Warning},
    fold::Scratch,
    load::GazetteerFormat,
};
use crate::{
    fold::{fold_token, key_text, name_keys, KeyKind},
    load::RawEntry,
    rules::{is_common_word, is_name_part, CaseRule},
};

/// The embedded default gazetteer files.
const DEFAULT_FILES: [(&str, &str); 5] = [
    (
        "default/countries.tsv",
        include_str!("../data/countries.tsv"),
    ),
    (
        "default/south_asia_places.tsv",
        include_str!("../data/south_asia_places.tsv"),
    ),
    (
        "default/organisations.tsv",
        include_str!("../data/organisations.tsv"),
    ),
    ("default/people.tsv", include_str!("../data/people.tsv")),
    (
        "default/world_cities.tsv",
        include_str!("../data/world_cities.tsv"),
    ),
];

/// One gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Entry {
    /// Stable id, unique in a gazetteer.
    pub id: Arc<str>,
    /// Canonical name.
    pub canonical: Arc<str>,
    /// Entity type (PERSON, ORG, LOC, NORP, or whatever the gazetteer says).
    pub entity_type: Arc<str>,
    /// Other names.
    pub aliases: Vec<String>,
    /// ISO country code, when given.
    pub country_code: Option<String>,
    /// Latitude, when given.
    pub lat: Option<f64>,
    /// Longitude, when given.
    pub lon: Option<f64>,
    /// Population, when given.
    pub population: Option<u64>,
    /// The `source` column: where the entry comes from.
    pub data_source: Option<String>,
}

/// Index of an entry in a [`Gazetteer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub u32);

/// The entries a name belongs to, sorted; shared, so cloning it is cheap.
/// Dereferences to `[EntryId]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntrySet(Arc<[EntryId]>);

impl Deref for EntrySet {
    type Target = [EntryId];
    fn deref(&self) -> &[EntryId] {
        &self.0
    }
}

impl EntrySet {
    fn new(mut v: Vec<EntryId>) -> EntrySet {
        v.sort_unstable();
        v.dedup();
        EntrySet(v.into())
    }
}

/// How a surface text met its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchKind {
    /// Exactly as listed.
    Exact,
    /// After case, diacritic, hyphen, apostrophe and white-space folding.
    Folded,
    /// Through the transliteration key.
    Variant,
}

impl MatchKind {
    /// `exact`, `folded` or `variant`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Folded => "folded",
            MatchKind::Variant => "variant",
        }
    }
}

/// A mention of one or more entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GazMatch {
    /// Span in the original text.
    pub span: Span,
    /// The entries the name belongs to (more than one when ambiguous), sorted.
    pub entries: EntrySet,
    /// How it matched.
    pub kind: MatchKind,
}

/// A fast hasher for the build maps (FxHash).
#[derive(Clone, Copy, Debug, Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().expect("8 bytes")))
                .wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write(&n.to_le_bytes());
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Builder of a [`Gazetteer`]: add sources, set options, [`build`](Self::build).
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    entries: Vec<Entry>,
    origin: Vec<(u32, u64)>,
    sources: Vec<Arc<str>>,
    ids: FxMap<Arc<str>, u32>,
    types: Vec<Arc<str>>,
    warnings: Vec<Warning>,
    transliteration: bool,
    list_type: String,
    dfa: Option<bool>,
    plurals: bool,
}

impl Default for GazetteerBuilder {
    fn default() -> GazetteerBuilder {
        GazetteerBuilder {
            entries: Vec::new(),
            origin: Vec::new(),
            sources: Vec::new(),
            ids: FxMap::default(),
            types: Vec::new(),
            warnings: Vec::new(),
            transliteration: true,
            list_type: "MISC".to_string(),
            dfa: None,
            plurals: true,
        }
    }
}

impl GazetteerBuilder {
    /// An empty builder with the default options.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Whether to match through the transliteration key too (default `true`); such
    /// matches have kind [`MatchKind::Variant`].
    pub fn transliteration(&mut self, yes: bool) -> &mut Self {
        self.transliteration = yes;
        self
    }

    /// The entity type of names read from plain lists by [`GazetteerFormat::Auto`]
    /// (default `MISC`).
    pub fn list_type(&mut self, entity_type: &str) -> &mut Self {
        self.list_type = entity_type.to_string();
        self
    }

    /// Whether single-word NORP names also match their plural (`Afghans`, `Pashtuns`;
    /// default `true`).
    pub fn plurals(&mut self, yes: bool) -> &mut Self {
        self.plurals = yes;
        self
    }

    /// Forces the automaton to a full DFA (`Some(true)`, fastest, most memory) or a
    /// contiguous NFA (`Some(false)`); `None` (the default) picks the DFA when the names fit
    /// in about 100 MB of DFA.
    pub fn dfa(&mut self, dfa: Option<bool>) -> &mut Self {
        self.dfa = dfa;
        self
    }

    /// Adds the built-in default gazetteer (countries, demonyms, South Asian places,
    /// organisations and people of South Asia security news, world cities).
    ///
    /// # Panics
    ///
    /// Panics when the embedded data is malformed (a test checks it is not).
    pub fn add_default(&mut self) -> &mut Self {
        for (name, data) in DEFAULT_FILES {
            self.add_table(data.as_bytes(), name)
                .expect("the embedded default gazetteer is valid");
        }
        self
    }

    /// Reads a CSV/TSV table with a header (`id, name, type, aliases`, optionally
    /// `country_code, lat, lon, population, source`; other columns are ignored).
    pub fn add_table<R: Read>(&mut self, rdr: R, source: &str) -> Result<&mut Self, BuildError> {
        self.add_reader(rdr, source, GazetteerFormat::Table)
    }

    /// Reads a list of names, one per line, all of type `entity_type`.
    pub fn add_list<R: Read>(
        &mut self,
        rdr: R,
        entity_type: &str,
        source: &str,
    ) -> Result<&mut Self, BuildError> {
        self.add_reader(rdr, source, GazetteerFormat::List(entity_type.to_string()))
    }

    /// Reads a GeoNames dump (19 tab-separated columns, no header).
    pub fn add_geonames<R: Read>(&mut self, rdr: R, source: &str) -> Result<&mut Self, BuildError> {
        self.add_reader(rdr, source, GazetteerFormat::GeoNames)
    }

    /// Reads a source in the given format ([`GazetteerFormat::Auto`] sniffs it).
    /// `source` names it in errors and warnings.
    pub fn add_reader<R: Read>(
        &mut self,
        rdr: R,
        source: &str,
        format: GazetteerFormat,
    ) -> Result<&mut Self, BuildError> {
        let data = load::read_all(rdr, source)?;
        let format = match format {
            GazetteerFormat::Auto => load::sniff(&data, &self.list_type),
            f => f,
        };
        let src = self.sources.len() as u32;
        self.sources.push(source.into());
        let list_type = self.list_type.clone();
        let mut add = |e: RawEntry| {
            self.push(e, src);
            Ok(())
        };
        match format {
            GazetteerFormat::Table | GazetteerFormat::Auto => {
                load::table(&data, source, &list_type, &mut add)?
            }
            GazetteerFormat::List(t) => load::list(&data, source, &t, &mut add)?,
            GazetteerFormat::GeoNames => load::geonames(&data, source, &mut add)?,
        }
        Ok(self)
    }

    /// What the sources so far gave rise to: duplicate and conflicting entries.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Number of entries so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn intern_type(&mut self, t: &str) -> Arc<str> {
        if let Some(a) = self.types.iter().find(|a| &***a == t) {
            return a.clone();
        }
        let a: Arc<str> = t.into();
        self.types.push(a.clone());
        a
    }

    fn at(&self, i: u32) -> String {
        let (src, line) = self.origin[i as usize];
        format!("{}:{}", self.sources[src as usize], line)
    }

    fn push(&mut self, e: RawEntry, src: u32) {
        if let Some(&first) = self.ids.get(e.id.as_str()) {
            let f = &self.entries[first as usize];
            let at = format!("{}:{}", self.sources[src as usize], e.line);
            let mut what = Vec::new();
            if *f.canonical != *e.name {
                what.push(format!("name {:?} vs {:?}", e.name, f.canonical));
            }
            if *f.entity_type != *e.entity_type {
                what.push(format!("type {} vs {}", e.entity_type, f.entity_type));
            }
            let first = self.at(first);
            self.warnings.push(if what.is_empty() {
                Warning::Duplicate {
                    id: e.id,
                    at,
                    first,
                }
            } else {
                Warning::Conflict {
                    id: e.id,
                    at,
                    first,
                    what: what.join(", "),
                }
            });
            return;
        }
        let id: Arc<str> = e.id.into();
        let entity_type = self.intern_type(&e.entity_type);
        self.ids.insert(id.clone(), self.entries.len() as u32);
        self.origin.push((src, e.line));
        self.entries.push(Entry {
            id,
            canonical: e.name.into(),
            entity_type,
            aliases: e.aliases,
            country_code: e.country_code,
            lat: e.lat,
            lon: e.lon,
            population: e.population,
            data_source: e.data_source,
        });
    }

    /// Builds the matcher.
    pub fn build(&self) -> Result<Gazetteer, BuildError> {
        let key_kind = if self.transliteration {
            KeyKind::Variant
        } else {
            KeyKind::Folded
        };
        let mut warnings = self.warnings.clone();
        let mut s = Scratch::default();
        let mut names: Vec<NameRec> = Vec::new();
        let mut name_ids: FxMap<Box<[u8]>, u32> = FxMap::default();
        let mut name_entries: Vec<Vec<(EntryId, bool)>> = Vec::new();
        let mut keys: FxMap<Box<[u8]>, u32> = FxMap::default();
        let mut group_names: Vec<Vec<u32>> = Vec::new();
        let mut plural = String::new();
        for (i, e) in self.entries.iter().enumerate() {
            let eid = EntryId(i as u32);
            let is_person = &*e.entity_type == "PERSON";
            let is_norp = &*e.entity_type == "NORP";
            let spellings =
                std::iter::once(&*e.canonical).chain(e.aliases.iter().map(String::as_str));
            for (k, name) in spellings.enumerate() {
                for pl in [false, true] {
                    let name = if pl {
                        if !(self.plurals && is_norp) || !plural_ok(name) {
                            continue;
                        }
                        plural.clear();
                        plural.push_str(name);
                        plural.push('s');
                        &plural
                    } else {
                        name
                    };
                    let (folded, variant, ntok) = name_keys(name, &mut s);
                    if folded.is_empty() {
                        warnings.push(Warning::NameDropped {
                            id: e.id.to_string(),
                            name: name.to_string(),
                            reason: "nothing left after folding",
                        });
                        continue;
                    }
                    if is_person && ntok == 1 && is_name_part(&folded) {
                        warnings.push(Warning::NameDropped {
                            id: e.id.to_string(),
                            name: name.to_string(),
                            reason: "a bare title or name part is not a person",
                        });
                        continue;
                    }
                    let rule = CaseRule::of(name, &folded, ntok);
                    let variant_ok = self.transliteration
                        && rule != CaseRule::Exact
                        && (ntok > 1 || (variant.len() >= 4 && rule != CaseRule::CommonWord));
                    let key = if self.transliteration {
                        variant
                    } else {
                        folded.clone()
                    };
                    let next = names.len() as u32;
                    let nid = *name_ids
                        .entry(folded.clone().into_boxed_slice())
                        .or_insert(next);
                    if nid == next {
                        names.push(NameRec {
                            folded: folded.into_boxed_slice(),
                            surfaces: Vec::new(),
                            entries: EntrySet(Arc::new([])),
                        });
                        name_entries.push(Vec::new());
                        let next_g = group_names.len() as u32;
                        let gid = *keys.entry(key.into_boxed_slice()).or_insert(next_g);
                        if gid == next_g {
                            group_names.push(Vec::new());
                        }
                        group_names[gid as usize].push(nid);
                    }
                    let rec = &mut names[nid as usize];
                    if let Some(sf) = rec.surfaces.iter_mut().find(|sf| &*sf.text == name) {
                        sf.variant_ok |= variant_ok;
                    } else {
                        rec.surfaces.push(Surface {
                            text: name.into(),
                            rule,
                            variant_ok,
                            listed: !pl,
                        });
                    }
                    name_entries[nid as usize].push((eid, k == 0 && !pl));
                }
            }
        }
        // Ambiguity: a name that is the canonical name of some entries and only an alias of
        // others goes to the entries it is the canonical name of; otherwise to all of them.
        for (rec, ents) in names.iter_mut().zip(name_entries) {
            let canon: Vec<EntryId> = ents.iter().filter(|e| e.1).map(|e| e.0).collect();
            let mut all: Vec<EntryId> = ents.iter().map(|e| e.0).collect();
            all.sort_unstable();
            all.dedup();
            rec.entries = if canon.is_empty() {
                EntrySet::new(all)
            } else {
                EntrySet::new(canon)
            };
        }
        let mut group_start = Vec::with_capacity(group_names.len() + 1);
        let mut flat = Vec::with_capacity(names.len());
        for g in &group_names {
            group_start.push(flat.len() as u32);
            flat.extend_from_slice(g);
        }
        group_start.push(flat.len() as u32);
        let mut order: Vec<&[u8]> = vec![&[]; group_names.len()];
        let mut pattern_bytes = 0;
        for (k, &g) in &keys {
            order[g as usize] = k;
            pattern_bytes += k.len() + 2;
        }
        let use_dfa = self.dfa.unwrap_or(pattern_bytes <= 3_000_000);
        let kind = if use_dfa {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        let ac = AhoCorasick::builder()
            .match_kind(AcMatchKind::LeftmostLongest)
            .kind(Some(kind))
            .prefilter(false)
            .build(order.iter().map(|k| {
                let mut p = Vec::with_capacity(k.len() + 2);
                p.push(b' ');
                p.extend_from_slice(k);
                p.push(b' ');
                p
            }))
            .map_err(|e| BuildError::Automaton(e.to_string()))?;
        drop(order);
        Ok(Gazetteer {
            entries: self.entries.clone(),
            names,
            group_start,
            group_names: flat,
            keys,
            ac,
            key_kind,
            warnings,
        })
    }
}

/// Whether a single-word demonym takes a plain `s` plural (`Afghan`, `Pakistani`, `Hindu`,
/// but not `Swiss`, `Chinese`, `British`, `Dutch`).
fn plural_ok(name: &str) -> bool {
    !name.contains([' ', '-'])
        && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().last().is_some_and(|c| {
            c.is_ascii_lowercase() && !matches!(c, 's' | 'x' | 'z' | 'h' | 'e' | 'y')
        })
}

/// One spelling of a name as listed.
#[derive(Clone, Debug)]
struct Surface {
    text: Box<str>,
    rule: CaseRule,
    variant_ok: bool,
    /// Listed in the gazetteer, not made by a rule (plurals): only these match `exact`.
    listed: bool,
}

/// A name: every spelling with one folded key.
#[derive(Clone, Debug)]
struct NameRec {
    folded: Box<[u8]>,
    surfaces: Vec<Surface>,
    entries: EntrySet,
}

/// The built matcher. `Send + Sync`: build it once and share it by reference.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    names: Vec<NameRec>,
    /// Names of group `g` (one automaton pattern) are `group_names[group_start[g]..group_start[g + 1]]`.
    group_start: Vec<u32>,
    group_names: Vec<u32>,
    /// Key (without the outer spaces) to group, for the shorter-match fallback.
    keys: FxMap<Box<[u8]>, u32>,
    ac: AhoCorasick,
    key_kind: KeyKind,
    warnings: Vec<Warning>,
}

impl Gazetteer {
    /// A builder with the default options.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }

    /// The entry behind an id.
    ///
    /// # Panics
    ///
    /// Panics when `id` is not from this gazetteer.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.0 as usize]
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Duplicate and conflicting entries and names that are never matched.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Memory used by the automaton, in bytes.
    pub fn automaton_memory(&self) -> usize {
        self.ac.memory_usage()
    }

    /// All matches in `text`, leftmost-longest, in text order.
    pub fn find_iter<'g, 't>(&'g self, text: &'t str) -> Matches<'g, 't, Scratch> {
        self.find_iter_with(text, Scratch::default())
    }

    /// [`find_iter`](Self::find_iter) with caller-owned buffers (a `Scratch` or a
    /// `&mut Scratch`), so a worker allocates them once.
    pub fn find_iter_with<'g, 't, S: BorrowMut<Scratch>>(
        &'g self,
        text: &'t str,
        mut scratch: S,
    ) -> Matches<'g, 't, S> {
        key_text(text, self.key_kind, scratch.borrow_mut());
        Matches {
            g: self,
            text,
            s: scratch,
            pos: 0,
            cur: 0,
        }
    }

    /// The names of group `g`.
    fn group(&self, g: u32) -> &[u32] {
        let (a, b) = (
            self.group_start[g as usize],
            self.group_start[g as usize + 1],
        );
        &self.group_names[a as usize..b as usize]
    }

    /// Checks a candidate: tokens `ti..tj` of the text hit group `g`.
    fn verify(
        &self,
        text: &str,
        s: &mut Scratch,
        g: u32,
        ti: usize,
        tj: usize,
    ) -> Option<GazMatch> {
        let start = s.toks[ti][0] as usize;
        let end = s.toks[tj - 1][1] as usize;
        let span = &text[start..end];
        s.tmp.clear();
        for t in ti..tj {
            if t > ti {
                s.tmp.push(b' ');
            }
            let [a, b] = s.toks[t];
            fold_token(&text[a as usize..b as usize], &mut s.tmp);
        }
        let names = self.group(g);
        for &n in names {
            let rec = &self.names[n as usize];
            if *rec.folded != *s.tmp {
                continue;
            }
            let mut ok = false;
            let mut exact = false;
            for sf in &rec.surfaces {
                if sf.rule.accepts(&sf.text, text, start, span) {
                    ok = true;
                    exact |= sf.listed && *sf.text == *span;
                }
            }
            if ok {
                let kind = if exact {
                    MatchKind::Exact
                } else {
                    MatchKind::Folded
                };
                return Some(GazMatch {
                    span: Span::new(start, end),
                    entries: rec.entries.clone(),
                    kind,
                });
            }
        }
        if self.key_kind != KeyKind::Variant || (tj - ti == 1 && is_common_word(&s.tmp)) {
            return None;
        }
        let mut found: Option<&EntrySet> = None;
        let mut more: Vec<EntryId> = Vec::new();
        for &n in names {
            let rec = &self.names[n as usize];
            if !fold::close_spellings(&s.tmp, &rec.folded) {
                continue;
            }
            if rec
                .surfaces
                .iter()
                .any(|sf| sf.variant_ok && sf.rule.accepts(&sf.text, text, start, span))
            {
                match found {
                    None => found = Some(&rec.entries),
                    Some(f) => {
                        if more.is_empty() {
                            more.extend_from_slice(f);
                        }
                        more.extend_from_slice(&rec.entries);
                    }
                }
            }
        }
        let entries = if more.is_empty() {
            found?.clone()
        } else {
            EntrySet::new(more)
        };
        Some(GazMatch {
            span: Span::new(start, end),
            entries,
            kind: MatchKind::Variant,
        })
    }
}

/// Iterator over the matches of a [`Gazetteer`] in a text; see [`Gazetteer::find_iter`].
#[derive(Debug)]
pub struct Matches<'g, 't, S> {
    g: &'g Gazetteer,
    text: &'t str,
    s: S,
    pos: usize,
    cur: usize,
}

impl<S: BorrowMut<Scratch>> Iterator for Matches<'_, '_, S> {
    type Item = GazMatch;

    fn next(&mut self) -> Option<GazMatch> {
        let g = self.g;
        let s: &mut Scratch = self.s.borrow_mut();
        loop {
            let m = g.ac.find(Input::new(&s.buf).span(self.pos..s.buf.len()))?;
            let (p, q) = (m.start() as u32, m.end() as u32 - 1);
            self.cur += s.seps[self.cur..].partition_point(|&x| x < p);
            let ti = self.cur;
            let tj = ti + s.seps[ti..].partition_point(|&x| x < q);
            debug_assert!(s.seps[ti] == p && s.seps[tj] == q);
            if let Some(found) = g.verify(self.text, s, m.pattern().as_u32(), ti, tj) {
                self.pos = q as usize;
                return Some(found);
            }
            // A shorter name at the same start, longest first.
            for k in (ti + 1..tj).rev() {
                let key = &s.buf[s.seps[ti] as usize + 1..s.seps[k] as usize];
                if let Some(&gk) = g.keys.get(key) {
                    if let Some(found) = g.verify(self.text, s, gk, ti, k) {
                        self.pos = s.seps[k] as usize;
                        return Some(found);
                    }
                }
            }
            self.pos = p as usize + 1;
        }
    }
}

#[cfg(test)]
mod tests;

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
//! Matching walks a folded copy of the text token by token through a hash map of the names
//! and their word prefixes (longest name first): lower case, diacritics stripped, hyphens,
//! apostrophes and runs of white space unified, and (by default) a transliteration key
//! that unifies Mohammad/Muhammad, Tehreek/Tehrik or Khurasani/Khorasani.
//! The default cargo feature `parallel` keys the names and builds the transliteration
//! automaton on the rayon pool.
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
mod keys;
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

use aho_corasick::{
    automaton::Automaton, nfa::contiguous::NFA, Anchored, MatchKind as AcMatchKind,
};
use khabar_core::Span;

pub use crate::{
    error::{BuildError, Warning},
    fold::Scratch,
    load::GazetteerFormat,
};
use crate::{
    fold::{
        ascii_name_key, key_text, variant_key_into, variant_symbols, FirstWord, KeyKind, NOT_LISTED,
    },
    keys::{hash_key, hash_word, Bloom, KeyTable, SEED},
    load::RawEntry,
    rules::{is_common_word, is_name_part, is_title, CaseRule, Role},
};

#[cfg(test)]
use crate::fold::name_keys;

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

/// Entries in one source from which on it is a bulk list (GeoNames and the like): lists
/// that size are not reviewed name by name, so their single words follow stricter case
/// rules (see [`CaseRule::of`] and `DESIGN.md`). The default gazetteer's files are smaller.
pub(crate) const BULK_SOURCE: usize = 10_000;

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
    pub aliases: Vec<Arc<str>>,
    /// ISO country code, when given.
    pub country_code: Option<String>,
    /// Latitude, when given.
    pub lat: Option<f64>,
    /// Longitude, when given.
    pub lon: Option<f64>,
    /// Population, when given.
    pub population: Option<u64>,
    /// The `source` column: where the entry comes from (shared by the entries of a source
    /// that name the same one).
    pub data_source: Option<Arc<str>>,
}

/// Index of an entry in a [`Gazetteer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub u32);

/// The entries a name belongs to, sorted; one entry inline, several shared, so cloning it
/// is cheap. Dereferences to `[EntryId]`.
#[derive(Clone, Debug)]
pub struct EntrySet(EntryRepr);

#[derive(Clone, Debug)]
enum EntryRepr {
    One([EntryId; 1]),
    Many(Arc<[EntryId]>),
}

impl Deref for EntrySet {
    type Target = [EntryId];
    #[inline]
    fn deref(&self) -> &[EntryId] {
        match &self.0 {
            EntryRepr::One(e) => e,
            EntryRepr::Many(v) => v,
        }
    }
}

impl PartialEq for EntrySet {
    fn eq(&self, other: &EntrySet) -> bool {
        **self == **other
    }
}

impl Eq for EntrySet {}

impl std::hash::Hash for EntrySet {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (**self).hash(h);
    }
}

impl EntrySet {
    fn new(mut v: Vec<EntryId>) -> EntrySet {
        v.sort_unstable();
        v.dedup();
        match v[..] {
            [e] => EntrySet::one(e),
            _ => EntrySet(EntryRepr::Many(v.into())),
        }
    }

    fn one(e: EntryId) -> EntrySet {
        EntrySet(EntryRepr::One([e]))
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
    /// A bare first name or surname of a person named in full earlier in the same text
    /// (`Khan` after `Imran Khan`).
    Partial,
}

impl MatchKind {
    /// `exact`, `folded` or `variant`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Folded => "folded",
            MatchKind::Variant => "variant",
            MatchKind::Partial => "partial",
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
    /// The listed spelling (name or alias) that matched; `None` for a partial mention.
    pub alias: Option<Arc<str>>,
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
    entries: Arc<Vec<Entry>>,
    origin: Vec<(u32, u64)>,
    sources: Vec<Arc<str>>,
    /// The format of each source, as read.
    source_formats: Vec<GazetteerFormat>,
    ids: FxMap<Arc<str>, u32>,
    types: Vec<Arc<str>>,
    /// The `source` of the last entry, shared with the next that names the same.
    last_data_source: Option<Arc<str>>,
    warnings: Vec<Warning>,
    transliteration: bool,
    list_type: String,
    plurals: bool,
    partial_names: bool,
}

impl Default for GazetteerBuilder {
    fn default() -> GazetteerBuilder {
        GazetteerBuilder {
            entries: Arc::new(Vec::new()),
            origin: Vec::new(),
            sources: Vec::new(),
            source_formats: Vec::new(),
            ids: FxMap::default(),
            types: Vec::new(),
            last_data_source: None,
            warnings: Vec::new(),
            transliteration: true,
            list_type: "MISC".to_string(),
            plurals: true,
            partial_names: true,
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

    /// Whether a bare first name or surname matches a person named in full earlier in the
    /// same text (default `true`; kind [`MatchKind::Partial`]).
    pub fn partial_names(&mut self, yes: bool) -> &mut Self {
        self.partial_names = yes;
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
            // Read where it is embedded: no copy.
            self.add_text(data, name, GazetteerFormat::Table)
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
        self.add_text(&data, source, format)
    }

    /// [`add_reader`](Self::add_reader) of a text already read.
    fn add_text(
        &mut self,
        data: &str,
        source: &str,
        format: GazetteerFormat,
    ) -> Result<&mut Self, BuildError> {
        let format = match format {
            GazetteerFormat::Auto => load::sniff(data, &self.list_type),
            f => f,
        };
        let src = self.sources.len() as u32;
        self.sources.push(source.into());
        self.source_formats.push(format.clone());
        // About one entry a line: grow the tables once.
        let rows = load::count_byte(data.as_bytes(), b'\n') + 1;
        Arc::make_mut(&mut self.entries).reserve(rows);
        self.ids.reserve(rows);
        self.origin.reserve(rows);
        let list_type = self.list_type.clone();
        let mut add = |e: RawEntry<'_>| {
            self.push(e, src);
            Ok(())
        };
        match format {
            GazetteerFormat::Table | GazetteerFormat::Auto => {
                load::table(data, source, &list_type, &mut add)?
            }
            GazetteerFormat::List(t) => load::list(data, source, &t, &mut add)?,
            GazetteerFormat::GeoNames => load::geonames(data, source, &mut add)?,
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

    fn push(&mut self, e: RawEntry<'_>, src: u32) {
        // One hash of the id: the new entry's slot, or the entry that has it already.
        let id = Arc::clone(&e.id);
        let next = self.entries.len() as u32;
        let seen = match self.ids.entry(id.clone()) {
            std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(next);
                None
            }
        };
        if let Some(first) = seen {
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
                    id: e.id.to_string(),
                    at,
                    first,
                }
            } else {
                Warning::Conflict {
                    id: e.id.to_string(),
                    at,
                    first,
                    what: what.join(", "),
                }
            });
            return;
        }
        let entity_type = self.intern_type(e.entity_type);
        let data_source = e.data_source.map(|d| match &self.last_data_source {
            Some(last) if **last == *d => Arc::clone(last),
            _ => {
                let d: Arc<str> = d.into();
                self.last_data_source = Some(Arc::clone(&d));
                d
            }
        });
        self.origin.push((src, e.line));
        Arc::make_mut(&mut self.entries).push(Entry {
            id,
            canonical: e.name,
            entity_type,
            aliases: e.aliases,
            country_code: e.country_code,
            lat: e.lat,
            lon: e.lon,
            population: e.population,
            data_source,
        });
    }

    /// Builds the matcher.
    ///
    /// The spellings are keyed chunk by chunk (on the rayon pool when there is one) into
    /// one buffer a chunk; only those that may match are kept. The names then go into the
    /// table at its final size, each key copied once, their prefixes pointing into the
    /// keys already there; the spellings of a name are grouped in one pass (a counting
    /// sort), so no name holds allocations of its own.
    pub fn build(&self) -> Result<Gazetteer, BuildError> {
        let mut warnings = self.warnings.clone();
        let mut s = Scratch::default();
        // Sources of a bulk list: their single words follow stricter case rules.
        let mut per_source = vec![0usize; self.sources.len()];
        for &(src, _) in &self.origin {
            per_source[src as usize] += 1;
        }
        let bulk: Vec<bool> = per_source
            .iter()
            .zip(&self.source_formats)
            .map(|(&n, f)| n >= BULK_SOURCE || *f == GazetteerFormat::GeoNames)
            .collect();
        let key_chunk = |(c, (chunk, origin)): (usize, EntryChunk<'_>)| {
            let mut s = Scratch::default();
            // At most a key a name and alias (plurals are few), of about its length:
            // reserved once (the part never written costs no memory).
            let names: usize = chunk.iter().map(|e| 1 + e.aliases.len()).sum();
            let bytes: usize = chunk
                .iter()
                .map(|e| e.canonical.len() + e.aliases.iter().map(|a| a.len()).sum::<usize>())
                .sum();
            let mut out = KeyedChunk {
                keys: Vec::with_capacity(bytes),
                spellings: Vec::with_capacity(names),
                ..KeyedChunk::default()
            };
            let first = c * KEY_CHUNK;
            for (i, (e, &(src, _))) in chunk.iter().zip(origin).enumerate() {
                let bulk = bulk[src as usize];
                key_entry(
                    e,
                    (first + i) as u32,
                    self.plurals,
                    self.transliteration,
                    bulk,
                    &mut s,
                    &mut out,
                );
            }
            out
        };
        #[cfg(feature = "parallel")]
        let keyed: Vec<KeyedChunk> = {
            use rayon::prelude::*;
            self.entries
                .par_chunks(KEY_CHUNK)
                .zip(self.origin.par_chunks(KEY_CHUNK))
                .enumerate()
                .map(key_chunk)
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let keyed: Vec<KeyedChunk> = self
            .entries
            .chunks(KEY_CHUNK)
            .zip(self.origin.chunks(KEY_CHUNK))
            .enumerate()
            .map(key_chunk)
            .collect();
        // The table of names and their prefixes at its final size: every spelling kept is
        // a name at most, every space in it a prefix at most; its keys are the names' only.
        let kept: usize = keyed.iter().map(|c| c.spellings.len()).sum();
        let spaces: usize = keyed.iter().map(|c| c.spaces).sum();
        let key_bytes: usize = keyed.iter().map(|c| c.folded_bytes).sum();
        let mut table = KeyTable::with_capacity(kept + spaces, key_bytes);
        let mut names: Vec<NameRec> = Vec::with_capacity(kept);
        let mut spelled: Vec<Spelled> = Vec::with_capacity(kept);
        // (name, chunk, transliteration key), in the order of the spellings.
        let mut variants: Vec<(u32, u32, [u32; 2])> = Vec::new();
        let mut lower_first: FxMap<Box<[u8]>, ()> = FxMap::default();
        let mut lower_starts: Vec<u64> = Vec::new();
        for (c, chunk) in keyed.iter().enumerate() {
            // The keys of the spellings follow each other: the folded key, then the
            // transliteration key when there is one.
            let mut at = 0u32;
            for kd in &chunk.spellings {
                let e = &self.entries[kd.entry as usize];
                if let Some(reason) = kd.dropped() {
                    warnings.push(Warning::NameDropped {
                        id: e.id.to_string(),
                        name: spelling(e, kd.k, kd.plural).into_owned(),
                        reason,
                    });
                    continue;
                }
                let folded = &chunk.keys[at as usize..(at + kd.len) as usize];
                let variant = (kd.vlen > 0).then_some([at + kd.len, kd.vlen]);
                at += kd.len + kd.vlen;
                if kd.rule.lower_first() {
                    let mut words = folded.split(|&b| b == b' ');
                    let first = words.next().unwrap_or(&[]);
                    let h = hash_word(SEED, first);
                    lower_starts.push(words.next().map_or(h, |second| hash_word(h, second)));
                    lower_first.insert(first.into(), ());
                }
                let next = names.len() as u32;
                let at = table.next_key_at();
                let nid = table.get_or_insert(kd.hash, folded, next);
                if nid == next {
                    names.push(NameRec {
                        key: [at, kd.len],
                        // Set below, from `spelled`.
                        surfaces: [0, 0],
                        entries: EntrySet::one(EntryId(kd.entry)),
                        lone: kd.lone,
                    });
                }
                if let Some(v) = variant {
                    variants.push((nid, c as u32, v));
                }
                names[nid as usize].lone &= kd.lone;
                spelled.push(Spelled {
                    name: nid,
                    entry: kd.entry,
                    k: kd.k,
                    plural: kd.plural,
                    rule: kd.rule,
                    variant_ok: variant.is_some(),
                });
            }
        }
        // First and last names of people, for partial mentions later in a text.
        let mut person_parts: Vec<(EntryId, Box<[u8]>)> = Vec::new();
        if self.partial_names {
            for (i, e) in self.entries.iter().enumerate() {
                if &*e.entity_type != "PERSON" {
                    continue;
                }
                for name in std::iter::once(&*e.canonical).chain(e.aliases.iter().map(|a| &**a)) {
                    let (folded, ntok) = ascii_name_key(name, &mut s);
                    if ntok < 2 {
                        continue;
                    }
                    let words: Vec<&[u8]> = folded.split(|&b| b == b' ').collect();
                    for w in [words[0], words[words.len() - 1]] {
                        let good = w.len() >= 3
                            && w.iter().all(|b| b.is_ascii_lowercase())
                            && !is_title(w);
                        // Parts of one person are pushed together: look back over them only.
                        if good
                            && !person_parts
                                .iter()
                                .rev()
                                .take_while(|(x, _)| x.0 == i as u32)
                                .any(|(_, p)| **p == *w)
                        {
                            person_parts.push((EntryId(i as u32), w.into()));
                        }
                    }
                }
            }
        }
        // The spellings grouped by name (a counting sort: one allocation, not one a name).
        let mut start = vec![0u32; names.len() + 1];
        for sp in &spelled {
            start[sp.name as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut order = vec![0u32; spelled.len()];
        {
            let mut fill = start.clone();
            for (i, sp) in spelled.iter().enumerate() {
                order[fill[sp.name as usize] as usize] = i as u32;
                fill[sp.name as usize] += 1;
            }
        }
        // Each name's spellings, the same text once (its first rule and kind kept); and its
        // entries. Ambiguity: a name that is the canonical name of some entries and only an
        // alias of others goes to the entries it is the canonical name of; otherwise to all
        // of them.
        let mut surfaces: Vec<Surface> = Vec::with_capacity(spelled.len());
        for (nid, rec) in names.iter_mut().enumerate() {
            let group = &order[start[nid] as usize..start[nid + 1] as usize];
            let from = surfaces.len();
            for &i in group {
                let sp = &spelled[i as usize];
                let e = &self.entries[sp.entry as usize];
                let base = if sp.k == 0 {
                    &e.canonical
                } else {
                    &e.aliases[sp.k as usize - 1]
                };
                let same = |t: &str| {
                    if sp.plural {
                        t.len() == base.len() + 1 && t.starts_with(&**base) && t.ends_with('s')
                    } else {
                        *t == **base
                    }
                };
                if let Some(sf) = surfaces[from..].iter_mut().find(|sf| same(&sf.text)) {
                    sf.variant_ok |= sp.variant_ok;
                } else {
                    surfaces.push(Surface {
                        // The names of the entry are shared with it.
                        text: if sp.plural {
                            format!("{base}s").into()
                        } else {
                            Arc::clone(base)
                        },
                        rule: sp.rule,
                        variant_ok: sp.variant_ok,
                        listed: !sp.plural,
                    });
                }
            }
            rec.surfaces = [from as u32, surfaces.len() as u32];
            if let [i] = group[..] {
                rec.entries = EntrySet::one(EntryId(spelled[i as usize].entry));
                continue;
            }
            let of = |canon_only: bool| -> Vec<EntryId> {
                group
                    .iter()
                    .map(|&i| &spelled[i as usize])
                    .filter(|sp| !canon_only || (sp.k == 0 && !sp.plural))
                    .map(|sp| EntryId(sp.entry))
                    .collect()
            };
            let canon = of(true);
            rec.entries = if canon.is_empty() {
                EntrySet::new(of(false))
            } else {
                EntrySet::new(canon)
            };
        }
        drop(spelled);
        drop(order);
        // The variant automaton: one pattern per transliteration key of the names allowed
        // to match through it (a name's key is that of its last spelling with one), in the
        // order of the names.
        variants.sort_by_key(|v| v.0);
        let mut vkeys: FxMap<&[u8], u32> = FxMap::default();
        let mut vorder: Vec<&[u8]> = Vec::new();
        let mut vgroups: Vec<Vec<u32>> = Vec::new();
        for (j, &(nid, c, [at, len])) in variants.iter().enumerate() {
            if variants.get(j + 1).is_some_and(|v| v.0 == nid) {
                continue;
            }
            let v = &keyed[c as usize].keys[at as usize..(at + len) as usize];
            let next = vgroups.len() as u32;
            let g = *vkeys.entry(v).or_insert(next);
            if g == next {
                vgroups.push(Vec::new());
                vorder.push(v);
            }
            vgroups[g as usize].push(nid);
        }
        let build_variant = || -> Result<Option<NFA>, BuildError> {
            if vorder.is_empty() {
                return Ok(None);
            }
            automaton(vorder.iter().copied()).map(Some)
        };
        // Every name and every proper prefix of it that ends before a space (`new`, `new
        // york` for `new york city`): a walk from a token goes on while its words so far are
        // a listed prefix, and stops at the first that is not. A prefix is the start of a
        // key already in the table: its slot points there.
        let build_prefixes = || {
            let mut prefixes = table;
            let mut spaces: Vec<u32> = Vec::new();
            for rec in &names {
                let [at, len] = rec.key;
                // The spaces of the key, found before the table changes under it.
                spaces.clear();
                spaces.extend(
                    prefixes
                        .key(at, len)
                        .iter()
                        .enumerate()
                        .filter(|&(_, &b)| b == b' ')
                        .map(|(i, _)| i as u32),
                );
                let mut h = SEED;
                let mut from = 0;
                for &i in &spaces {
                    h = hash_word(h, prefixes.key(at + from, i - from));
                    prefixes.get_or_insert_stored(h, at, i, PREFIX_ONLY);
                    from = i + 1;
                }
            }
            prefixes
        };
        // The two side by side, on the rayon pool when there is one.
        #[cfg(feature = "parallel")]
        let (prefixes, vac) = rayon::join(build_prefixes, build_variant);
        #[cfg(not(feature = "parallel"))]
        let (prefixes, vac) = (build_prefixes(), build_variant());
        let vac = vac?;
        let first_filter = pair_filter(names.iter().map(|n| {
            prefixes
                .key(n.key[0], n.key[1])
                .split(|&b| b == b' ')
                .next()
                .unwrap_or(&[])
        }));
        let mut vgroup_start = Vec::with_capacity(vgroups.len() + 1);
        let mut vgroup_names = Vec::new();
        for g in &vgroups {
            vgroup_start.push(vgroup_names.len() as u32);
            vgroup_names.extend_from_slice(g);
        }
        vgroup_start.push(vgroup_names.len() as u32);
        let variant_lower = surfaces
            .iter()
            .any(|sf| sf.variant_ok && !sf.rule.upper_first());
        Ok(Gazetteer {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            entries: Arc::clone(&self.entries),
            names,
            surfaces,
            prefixes,
            first_filter,
            lower_filter: length_filter(lower_first.keys()),
            lower_words: word_filter(lower_first.keys().map(|k| &**k)),
            lower_first,
            lower_starts: hash_filter(&lower_starts),
            vac,
            variant_lower,
            vgroup_start,
            vgroup_names,
            part_keys: person_parts.iter().map(|p| (p.1.clone(), ())).collect(),
            part_filter: pair_filter(person_parts.iter().map(|p| &*p.1)),
            part_words: word_filter(person_parts.iter().map(|p| &*p.1)),
            person_parts,
            warnings,
        })
    }
}

/// Entries keyed together, and where each comes from.
type EntryChunk<'a> = (&'a [Entry], &'a [(u32, u64)]);

/// Entries keyed together on the pool.
const KEY_CHUNK: usize = 4096;

/// The spellings of a chunk of entries that may match, keyed.
#[derive(Debug, Default)]
struct KeyedChunk {
    /// The folded keys and transliteration keys of the spellings, one after the other.
    keys: Vec<u8>,
    spellings: Vec<Keyed>,
    /// Bytes of the folded keys in `keys`.
    folded_bytes: usize,
    /// Spaces in the folded keys: each ends a prefix.
    spaces: usize,
}

/// The keys and case rule of one spelling of an entry that may match.
#[derive(Debug)]
struct Keyed {
    /// [`hash_key`] of the folded key.
    hash: u64,
    entry: u32,
    /// The canonical name (0) or alias `k - 1`.
    k: u32,
    /// Bytes of the folded key, next in the chunk's keys.
    len: u32,
    /// Bytes of the transliteration key that follows it there, 0 when the spelling does
    /// not match through it.
    vlen: u32,
    rule: CaseRule,
    /// The plural of the name.
    plural: bool,
    /// A single word of a bulk list.
    lone: bool,
    /// Why the name is dropped (see [`Keyed::dropped`]), 0 when it is not.
    drop: u8,
}

impl Keyed {
    /// Why the name is dropped, if it is.
    fn dropped(&self) -> Option<&'static str> {
        match self.drop {
            0 => None,
            1 => Some("nothing left after folding"),
            _ => Some("a bare title or name part is not a person"),
        }
    }
}

/// One spelling kept, for the grouping by name in [`GazetteerBuilder::build`].
#[derive(Clone, Copy, Debug)]
struct Spelled {
    name: u32,
    entry: u32,
    k: u32,
    plural: bool,
    rule: CaseRule,
    variant_ok: bool,
}

/// The text of spelling `k` of `e` (see [`Keyed::k`]), or its plural.
fn spelling(e: &Entry, k: u32, plural: bool) -> std::borrow::Cow<'_, str> {
    let base = if k == 0 {
        &*e.canonical
    } else {
        &*e.aliases[k as usize - 1]
    };
    if plural {
        format!("{base}s").into()
    } else {
        base.into()
    }
}

/// Appends to `out` the [`Keyed`] of every spelling of entry `e` (number `entry`) that may
/// match (each name, then its plural when it takes one), in the order
/// [`GazetteerBuilder::build`] reads them.
fn key_entry(
    e: &Entry,
    entry: u32,
    plurals: bool,
    transliteration: bool,
    bulk: bool,
    s: &mut Scratch,
    out: &mut KeyedChunk,
) {
    let translit = transliteration && transliterated(e);
    let is_person = &*e.entity_type == "PERSON";
    let mut plural = String::new();
    for_each_spelling(e, plurals, &mut plural, |k, pl, name| {
        // An alias of a bulk list that is one word of ASCII letters is one token, and never
        // matched (see `CaseRule::of`): most of the 130k GeoNames list's aliases are, and
        // they need no folding.
        if bulk && k > 0 && !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic()) {
            return;
        }
        let (folded, ntok) = ascii_name_key(name, s);
        let role = Role {
            primary: k == 0,
            bulk,
        };
        let rule = CaseRule::of(name, folded, ntok, role);
        if rule == CaseRule::Never {
            return;
        }
        let drop = if folded.is_empty() {
            1
        } else if is_person && ntok == 1 && is_name_part(folded) {
            2
        } else {
            0
        };
        let len = if drop != 0 {
            0
        } else {
            out.keys.extend_from_slice(folded);
            out.folded_bytes += folded.len();
            out.spaces += ntok - 1;
            folded.len() as u32
        };
        // Only names of several words go through the loose key: single words collide
        // with English words and with other names (Ahmed/Ahmadi, Bengal/Bengali) far
        // too often (see DESIGN.md).
        let variant_ok =
            drop == 0 && translit && ntok > 1 && rule != CaseRule::Exact && !rule.lower_first();
        let vlen = if variant_ok {
            let vat = out.keys.len();
            variant_key_into(folded, &mut out.keys);
            (out.keys.len() - vat) as u32
        } else {
            0
        };
        out.spellings.push(Keyed {
            hash: hash_key(folded),
            entry,
            k: k as u32,
            len,
            vlen,
            rule,
            plural: pl,
            lone: bulk && ntok == 1,
            drop,
        });
    });
}

/// Calls `f(k, plural, spelling)` for every spelling of `e`: the canonical name (`k == 0`)
/// and each alias, each followed by its plural (`plural == true`, written into `buf`) when
/// `plurals` is on and the entry is a nationality that takes one. The build reads the keys
/// of [`key_entry`] in this order.
fn for_each_spelling(
    e: &Entry,
    plurals: bool,
    buf: &mut String,
    mut f: impl FnMut(usize, bool, &str),
) {
    let is_norp = &*e.entity_type == "NORP";
    let names = std::iter::once(&*e.canonical).chain(e.aliases.iter().map(|a| &**a));
    for (k, name) in names.enumerate() {
        f(k, false, name);
        if plurals && is_norp && plural_ok(name) {
            buf.clear();
            buf.push_str(name);
            buf.push('s');
            f(k, true, buf);
        }
    }
}

/// Whether the text from byte `at` on starts with an upper-case letter.
#[inline]
fn starts_upper(text: &str, at: usize) -> bool {
    let b = text.as_bytes()[at];
    b.is_ascii_uppercase()
        || (b >= 0x80 && text[at..].chars().next().is_some_and(char::is_uppercase))
}

/// Whether every word that starts with a capital in `name` starts with one in `span` too
/// (word by word; both spell the same number of words).
fn same_capitals(name: &str, span: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !khabar_core::chars::is_word_char(c))
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect::<Vec<bool>>()
    };
    let (n, t) = (words(name), words(span));
    n.len() == t.len() && n.iter().zip(&t).all(|(&n, &t)| !n || t)
}

/// The filter of the first two bytes of a set of keys (see [`pair_hit`]).
fn pair_filter<'k>(keys: impl Iterator<Item = &'k [u8]>) -> Box<[u64; 1024]> {
    let mut f = Box::new([0u64; 1024]);
    for k in keys {
        let p = pair(k);
        f[p >> 6] |= 1 << (p & 63);
    }
    f
}

/// The first two bytes of a key, packed (a one-byte key pairs with 0).
#[inline]
fn pair(k: &[u8]) -> usize {
    usize::from(k.first().copied().unwrap_or(0)) << 8 | usize::from(k.get(1).copied().unwrap_or(0))
}

/// Whether some key of the filter starts with the first two bytes of `key`.
#[inline]
fn pair_hit(f: &[u64; 1024], key: &[u8]) -> bool {
    let p = pair(key);
    f[p >> 6] & (1 << (p & 63)) != 0
}

/// The filter of the hashes ([`hash_word`] from the seed) of a set of one-word keys,
/// about 16 bits a key: checked before the map of the keys, where the cheaper filters
/// let common words through (`the`, `Chinese`).
fn word_filter<'k>(keys: impl Iterator<Item = &'k [u8]> + Clone) -> Bloom {
    let mut f = Bloom::new(keys.clone().count() * 16);
    for k in keys {
        f.insert(hash_word(SEED, k));
    }
    f
}

/// The filter of a set of hashes, about 16 bits a hash.
fn hash_filter(hashes: &[u64]) -> Bloom {
    let mut f = Bloom::new(hashes.len() * 16);
    for &h in hashes {
        f.insert(h);
    }
    f
}

/// The first-byte and length filter of a set of keys.
fn length_filter<'k>(keys: impl Iterator<Item = &'k Box<[u8]>>) -> Box<[u64; 256]> {
    let mut f = Box::new([0u64; 256]);
    for k in keys {
        if let Some(&b) = k.first() {
            f[b as usize] |= 1 << k.len().min(63);
        }
    }
    f
}

/// A leftmost-longest automaton over keys, each followed by a space, searched anchored at
/// the first byte of a token, so matches start and end on token boundaries.
/// A contiguous NFA: a DFA steps a little faster, but with the 130k list its build took a
/// fifth of the start-up, and a walk dies within a letter or two of most words anyway.
fn automaton<'k>(keys: impl Iterator<Item = &'k [u8]>) -> Result<NFA, BuildError> {
    // The patterns in one buffer: no allocation per name.
    let mut all: Vec<u8> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    for k in keys {
        all.extend_from_slice(k);
        all.push(b' ');
        ends.push(all.len());
    }
    let pats = ends.iter().scan(0, |from, &to| {
        let p = &all[*from..to];
        *from = to;
        Some(p)
    });
    let err = |e: aho_corasick::BuildError| BuildError::Automaton(e.to_string());
    NFA::builder()
        .match_kind(AcMatchKind::LeftmostLongest)
        .prefilter(false)
        .build(pats)
        .map_err(err)
}

/// Countries (ISO codes) whose names reach English news transliterated from the Arabic,
/// Persian, Urdu, Pashto, Bengali or Devanagari scripts, in many spellings.
const TRANSLITERATED: &[&str] = &[
    "AE", "AF", "AZ", "BD", "BH", "DZ", "EG", "IN", "IQ", "IR", "JO", "KG", "KW", "KZ", "LB", "LY",
    "MA", "OM", "PK", "PS", "QA", "SA", "SD", "SO", "SY", "TJ", "TM", "TN", "UZ", "YE",
];

/// Whether the transliteration key applies to an entry: its country is in
/// [`TRANSLITERATED`], or it has no country and is a person, organisation or group.
fn transliterated(e: &Entry) -> bool {
    match &e.country_code {
        // Every code in the list is two capitals, sorted: one binary search.
        Some(cc) => <[u8; 2]>::try_from(cc.as_bytes()).is_ok_and(|c| {
            let c = c.map(|b| b.to_ascii_uppercase());
            TRANSLITERATED
                .binary_search_by(|t| t.as_bytes().cmp(&c[..]))
                .is_ok()
        }),
        None => matches!(&*e.entity_type, "PERSON" | "ORG" | "NORP"),
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
    text: Arc<str>,
    rule: CaseRule,
    variant_ok: bool,
    /// Listed in the gazetteer, not made by a rule (plurals): only these match `exact`.
    listed: bool,
}

/// A name: every spelling with one folded key.
#[derive(Clone, Debug)]
struct NameRec {
    /// The folded key: `len` bytes at `at` of the key buffer of [`Gazetteer::prefixes`].
    key: [u32; 2],
    /// Its spellings: [`Gazetteer::surfaces`]`[start..end]`.
    surfaces: [u32; 2],
    entries: EntrySet,
    /// A single word of bulk lists only: it matches only standing alone (see
    /// [`Gazetteer::part_of_longer_name`]).
    lone: bool,
}

/// The pattern matched in state `sid`, `len` bytes after the anchored start, if it starts
/// there: match states also carry the matches of their failure states (for unanchored
/// searches), which start later and are not anchored matches.
#[inline]
fn anchored_match<A: Automaton>(
    aut: &A,
    sid: aho_corasick::automaton::StateID,
    len: usize,
) -> Option<usize> {
    if !aut.is_match(sid) {
        return None;
    }
    let p = aut.match_pattern(sid, 0);
    (aut.pattern_len(p) == len).then_some(p.as_usize())
}

/// The next [`Gazetteer::id`].
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The value in [`Gazetteer::prefixes`] of a prefix that is not itself a name.
const PREFIX_ONLY: u32 = u32::MAX;

/// The built matcher. `Send + Sync`: build it once and share it by reference.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    /// Tells the gazetteers apart, for the cache of a [`Scratch`] (clones share it: they
    /// share the automaton too).
    id: u64,
    entries: Arc<Vec<Entry>>,
    /// Every distinct folded name.
    names: Vec<NameRec>,
    /// The spellings of the names, name after name.
    surfaces: Vec<Surface>,
    /// Folded name to name, and every proper prefix of a name that ends before one of its
    /// spaces to [`PREFIX_ONLY`] (unless it is a name too).
    prefixes: KeyTable,
    /// Bit `a << 8 | b` is set when the first word of some name starts with bytes `a`, `b`
    /// (see [`pair_hit`]): checked before hashing.
    first_filter: Box<[u64; 1024]>,
    /// Folded first tokens of names that may start lower case.
    lower_first: FxMap<Box<[u8]>, ()>,
    /// The filter of the starts of the names of `lower_first`: the hash ([`hash_word`] from
    /// the seed) of a name of one token, that of its first two tokens (`hash_word` of the
    /// second from that of the first) for a longer name. Most `the` and `s` start no name.
    lower_starts: Bloom,
    /// Bit `min(len, 63)` of entry `b`: some key of `lower_first` starts with byte `b` and
    /// has that length; checked before hashing.
    lower_filter: Box<[u64; 256]>,
    /// The filter of `lower_first` (see [`word_filter`]).
    lower_words: Bloom,
    /// Transliteration keys, when some names may match through them: an automaton
    /// stepped anchored, one token key at a time, so a search stops as soon as no key can follow.
    vac: Option<NFA>,
    /// Whether some spelling that may match through `vac` may start without a capital (see
    /// [`CaseRule::upper_first`]): if not, no variant match starts at a token that does not.
    variant_lower: bool,
    /// Names of variant pattern `g` are `vgroup_names[vgroup_start[g]..vgroup_start[g + 1]]`.
    vgroup_start: Vec<u32>,
    vgroup_names: Vec<u32>,
    /// First and last names of people (sorted by entry).
    person_parts: Vec<(EntryId, Box<[u8]>)>,
    /// The parts of `person_parts`.
    part_keys: FxMap<Box<[u8]>, ()>,
    /// Bit `a << 8 | b` is set when some key of `part_keys` starts with bytes `a`, `b`:
    /// checked before hashing.
    part_filter: Box<[u64; 1024]>,
    /// The filter of `part_keys` (see [`word_filter`]).
    part_words: Bloom,
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

    /// Memory used by the matching tables (the map of names and their prefixes, estimated,
    /// and the transliteration automaton), in bytes.
    pub fn automaton_memory(&self) -> usize {
        self.prefixes.memory() + self.vac.as_ref().map_or(0, |v| v.memory_usage())
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
        key_text(text, KeyKind::Folded, scratch.borrow_mut());
        let s = scratch.borrow_mut();
        s.seen.clear();
        s.part_of_name.clear();
        s.scanned = false;
        s.found.clear();
        s.next_found = 0;
        Matches {
            g: self,
            text,
            s: scratch,
            tok: 0,
        }
    }

    /// Whether token `t` may start a match: it starts with an upper-case letter, or it is
    /// the first token of a name that may start lower case (`al-Qaeda`).
    /// Not inlined: the loop of [`next_start`](Self::next_start), which calls it for few
    /// tokens, keeps its state in registers.
    #[inline(never)]
    fn may_start(&self, text: &str, s: &Scratch, t: usize) -> bool {
        let a = s.toks[t][0] as usize;
        if starts_upper(text, a) {
            return true;
        }
        let key = &s.buf[s.seps[t] as usize + 1..s.seps[t + 1] as usize];
        let Some(&c) = key.first() else {
            return false;
        };
        if self.lower_filter[c as usize] & (1 << key.len().min(63)) == 0 {
            return false;
        }
        let h = hash_word(SEED, key);
        if !self.lower_words.may_hold(h) {
            return false;
        }
        // The token alone, or with the next one, starts a name (the variant keys of a
        // lower-case start, if any, are not in the filter).
        let start = self.variant_lower
            || self.lower_starts.may_hold(h)
            || s.seps.get(t + 2).is_some_and(|&end| {
                let next = &s.buf[s.seps[t + 1] as usize + 1..end as usize];
                self.lower_starts.may_hold(hash_word(h, next))
            });
        start && self.lower_first.contains_key(key)
    }

    /// The first token from `from` on that may start a match (see
    /// [`may_start`](Self::may_start)), or the number of tokens: most tokens are turned
    /// away here from their first byte and their key's length alone.
    #[inline]
    fn next_start(&self, text: &str, s: &Scratch, from: usize) -> usize {
        let bytes = text.as_bytes();
        let ntok = s.toks.len();
        // The spaces around token `t` are `seps[t]` and `seps[t + 1]`.
        let (Some(toks), Some(&[mut before, ref after @ ..])) =
            (s.toks.get(from..), s.seps.get(from..=ntok))
        else {
            return ntok;
        };
        for (i, (tok, &sep)) in toks.iter().zip(after).enumerate() {
            let b = bytes[tok[0] as usize];
            if b.is_ascii_uppercase() {
                return from + i;
            }
            // The key of a token that starts with any other ASCII byte starts with that
            // byte (small letters, digits and punctuation are their own keys).
            let len = (sep - before - 1) as usize;
            before = sep;
            if b < 0x80 && self.lower_filter[b as usize] & (1 << len.min(63)) == 0 {
                continue;
            }
            if self.may_start(text, s, from + i) {
                return from + i;
            }
        }
        s.toks.len()
    }

    /// The spellings of a name.
    #[inline]
    fn surfaces_of(&self, rec: &NameRec) -> &[Surface] {
        &self.surfaces[rec.surfaces[0] as usize..rec.surfaces[1] as usize]
    }

    /// Checks the case of tokens `ti..tj`, which spell name `n` (folded).
    fn verify(
        &self,
        text: &str,
        s: &mut Scratch,
        n: u32,
        ti: usize,
        tj: usize,
    ) -> Option<GazMatch> {
        if self.names[n as usize].lone
            && (s.part_of_name.contains(&n) || self.part_of_longer_name(text, s, ti, tj))
        {
            if !s.part_of_name.contains(&n) {
                s.part_of_name.push(n);
            }
            return None;
        }
        let start = s.toks[ti][0] as usize;
        let end = s.toks[tj - 1][1] as usize;
        let span = &text[start..end];
        let rec = &self.names[n as usize];
        let surfaces = self.surfaces_of(rec);
        let mut ok = false;
        let mut exact = false;
        let mut alias: Option<&Arc<str>> = None;
        for sf in surfaces {
            if sf.rule.accepts(&sf.text, text, start, span) {
                ok = true;
                let same = sf.listed && *sf.text == *span;
                exact |= same;
                if same || (alias.is_none() && sf.listed) {
                    alias = Some(&sf.text);
                }
            }
        }
        let alias = alias
            .or_else(|| surfaces.first().map(|sf| &sf.text))
            .cloned();
        let kind = if exact {
            MatchKind::Exact
        } else {
            MatchKind::Folded
        };
        ok.then(|| GazMatch {
            span: Span::new(start, end),
            entries: rec.entries.clone(),
            kind,
            alias,
        })
    }

    /// Whether tokens `ti..tj` stand next to another capitalised word that is not an
    /// English word (`Tom Holt`, `Holt Renfrew`), or after a title (`Mr. Holt`): then a
    /// single word of a bulk list is part of a longer name, here and for the rest of the
    /// text, not the place it names.
    fn part_of_longer_name(&self, text: &str, s: &Scratch, ti: usize, tj: usize) -> bool {
        let key = |t: usize| &s.buf[s.seps[t] as usize + 1..s.seps[t + 1] as usize];
        let name_word = |t: usize| {
            let [a, b] = s.toks[t];
            let w = &text[a as usize..b as usize];
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().count() >= 2
                && w.chars().all(khabar_core::chars::is_word_char)
                && !std::str::from_utf8(key(t)).is_ok_and(khabar_core::words::is_english_word)
        };
        let title = |t: usize| is_title(key(t));
        let before = ti > 0
            && (name_word(ti - 1)
                || title(ti - 1)
                || (ti > 1 && key(ti - 1) == b"." && title(ti - 2)));
        before || (tj < s.toks.len() && name_word(tj))
    }

    /// Checks a transliteration-key candidate: tokens `ti..tj` hit variant pattern `g`.
    fn verify_variant(
        &self,
        text: &str,
        s: &Scratch,
        g: u32,
        ti: usize,
        tj: usize,
    ) -> Option<GazMatch> {
        let folded = &s.buf[s.seps[ti] as usize + 1..s.seps[tj] as usize];
        if tj - ti == 1 && is_common_word(folded) {
            return None;
        }
        let start = s.toks[ti][0] as usize;
        let end = s.toks[tj - 1][1] as usize;
        let span = &text[start..end];
        let (a, b) = (
            self.vgroup_start[g as usize],
            self.vgroup_start[g as usize + 1],
        );
        let mut found: Option<&EntrySet> = None;
        let mut alias: Option<Arc<str>> = None;
        let mut more: Vec<EntryId> = Vec::new();
        for &n in &self.vgroup_names[a as usize..b as usize] {
            let rec = &self.names[n as usize];
            let surfaces = self.surfaces_of(rec);
            if !fold::close_spellings(folded, self.prefixes.key(rec.key[0], rec.key[1]))
                || !surfaces.iter().any(|sf| {
                    sf.variant_ok
                        && sf.rule.accepts(&sf.text, text, start, span)
                        && same_capitals(&sf.text, span)
                })
            {
                continue;
            }
            if alias.is_none() {
                alias = surfaces
                    .iter()
                    .find(|sf| sf.variant_ok && sf.listed)
                    .map(|sf| sf.text.clone());
            }
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
        let entries = if more.is_empty() {
            found?.clone()
        } else {
            EntrySet::new(more)
        };
        Some(GazMatch {
            span: Span::new(start, end),
            entries,
            kind: MatchKind::Variant,
            alias,
        })
    }

    /// The longest match (folded or through the loose key) starting at token `ti`, and
    /// its end token.
    fn match_at(&self, text: &str, s: &mut Scratch, ti: usize) -> Option<(GazMatch, usize)> {
        let (first, h) = self.first_word(s, ti);
        let folded = self.match_folded(text, s, ti, first.prefix, h);
        // The spellings of variant names start with a capital: most small words that may
        // start a name (`the`, `s`) need no walk of the automaton.
        if !self.variant_lower && !starts_upper(text, s.toks[ti][0] as usize) {
            return folded;
        }
        let after = folded.as_ref().map_or(ti, |f| f.1);
        match self.match_variant(text, s, ti, after, first) {
            Some(v) => Some(v),
            None => folded,
        }
    }

    /// What the name table and the transliteration automaton say of token `ti` as the
    /// first word of a name, from the scratch's cache when it has the word, and the hash
    /// of the word ([`hash_word`] from the seed).
    fn first_word(&self, s: &mut Scratch, ti: usize) -> (FirstWord, u64) {
        let (a, b) = (s.seps[ti] as usize + 1, s.seps[ti + 1] as usize);
        let word = &s.buf[a..b];
        let h = hash_word(SEED, word);
        let slot = s.first_words.slot(self.id, word, h);
        if let Some(hit) = slot.and_then(|i| s.first_words.get(i, word)) {
            return (hit, h);
        }
        let prefix = if pair_hit(&self.first_filter, word) {
            self.prefixes.get(h, word).unwrap_or(NOT_LISTED)
        } else {
            NOT_LISTED
        };
        let mut sid = aho_corasick::automaton::StateID::ZERO;
        let mut steps = 0u32;
        if let Some(start) = self
            .vac
            .as_ref()
            .and_then(|v| v.start_state(Anchored::Yes).ok().map(|st| (v, st)))
        {
            let (vac, start) = start;
            sid = start;
            let mut step = |c: u8| {
                sid = vac.next_state(Anchored::Yes, sid, c);
                steps += 1;
                !vac.is_dead(sid)
            };
            let _alive = variant_symbols(word, &mut step) && step(b' ');
        }
        let answer = FirstWord { prefix, sid, steps };
        if let Some(i) = slot {
            s.first_words.put(i, word, answer);
        }
        (answer, h)
    }

    /// The people named in full in the rest of the text, from token `from` on (the main
    /// pass noted those before), for [`match_partial`](Self::match_partial); the walk is
    /// kept for the main pass, which would make the same one from `from` on: the tokens
    /// tried and the matches found.
    fn find_people(&self, text: &str, s: &mut Scratch, from: usize) {
        s.scanned = true;
        s.found.clear();
        s.next_found = 0;
        let mut t = from;
        loop {
            t = self.next_start(text, s, t);
            if t >= s.toks.len() {
                break;
            }
            let Some((m, tj)) = self.match_at(text, s, t) else {
                s.found.push((t as u32, t as u32 + 1, None));
                t += 1;
                continue;
            };
            self.remember(s, &m, t);
            s.found.push((t as u32, tj as u32, Some(m)));
            t = tj;
        }
    }

    /// Notes the name parts of the person behind `m` (at token `t`), if it is one person.
    fn remember(&self, s: &mut Scratch, m: &GazMatch, t: usize) {
        if m.entries.len() != 1 || self.person_parts.is_empty() {
            return;
        }
        let e = m.entries[0];
        let from = self.person_parts.partition_point(|p| p.0 < e);
        for (i, (pe, _)) in self.person_parts[from..].iter().enumerate() {
            if *pe != e {
                break;
            }
            s.seen.push((t as u32, (from + i) as u32, e));
        }
    }

    /// A partial mention at token `t`: a capitalised word, not next to another capitalised
    /// word (a title before it is fine), that is the first or last name of a person named
    /// in full in the text.
    fn match_partial(&self, text: &str, s: &mut Scratch, t: usize) -> Option<GazMatch> {
        // After the whole-text pass, no person named in full means no partial mention.
        if self.part_keys.is_empty() || (s.scanned && s.seen.is_empty()) {
            return None;
        }
        let key = &s.buf[s.seps[t] as usize + 1..s.seps[t + 1] as usize];
        if !pair_hit(&self.part_filter, key)
            || !self.part_words.may_hold(hash_word(SEED, key))
            || !self.part_keys.contains_key(key)
        {
            return None;
        }
        // A forward reference (a surname in a headline before the full name): read the
        // whole text for people once.
        let seen_before = s
            .seen
            .iter()
            .any(|p| (p.0 as usize) < t && *self.person_parts[p.1 as usize].1 == *key);
        if !seen_before && !s.scanned {
            // The main pass failed at `t` and goes on at `t + 1`.
            self.find_people(text, s, t + 1);
        }
        let key = &s.buf[s.seps[t] as usize + 1..s.seps[t + 1] as usize];
        // The person named last before the word, or else first after it.
        let same = |&&(_, j, _): &&(u32, u32, EntryId)| *self.person_parts[j as usize].1 == *key;
        let before = s
            .seen
            .iter()
            .rev()
            .filter(|p| (p.0 as usize) < t)
            .find(same);
        let after = || s.seen.iter().filter(|p| (p.0 as usize) > t).find(same);
        let &(_, _, e) = before.or_else(after)?;
        let [a, b] = s.toks[t];
        let word = &text[a as usize..b as usize];
        let mut cs = word.chars();
        if !cs.next().is_some_and(char::is_uppercase) || !cs.all(char::is_lowercase) {
            return None;
        }
        let capitalised = |u: usize| {
            let [x, y] = s.toks[u];
            let w = &text[x as usize..y as usize];
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(khabar_core::chars::is_word_char)
        };
        if t + 1 < s.toks.len() && capitalised(t + 1) {
            return None;
        }
        if t > 0
            && capitalised(t - 1)
            && !is_title(&s.buf[s.seps[t - 1] as usize + 1..s.seps[t] as usize])
        {
            return None;
        }
        Some(GazMatch {
            span: Span::new(a as usize, b as usize),
            entries: EntrySet::one(e),
            kind: MatchKind::Partial,
            alias: None,
        })
    }

    /// The longest folded match starting at token `ti`, and its end token.
    /// `first` is the name table's value for token `ti` alone, `h` its hash (see
    /// [`first_word`](Self::first_word)).
    fn match_folded(
        &self,
        text: &str,
        s: &mut Scratch,
        ti: usize,
        first: u32,
        h: u64,
    ) -> Option<(GazMatch, usize)> {
        if first == NOT_LISTED {
            return None;
        }
        let from = s.seps[ti] as usize + 1;
        // The longest name: tokens `ti..k` while they spell a listed prefix.
        // The hash grows by one word a step.
        let mut longest = (first != PREFIX_ONLY).then_some((first, ti + 1));
        let mut h = h;
        for k in ti + 2..s.seps.len() {
            h = hash_word(h, &s.buf[s.seps[k - 1] as usize + 1..s.seps[k] as usize]);
            match self.prefixes.get(h, &s.buf[from..s.seps[k] as usize]) {
                None => break,
                Some(PREFIX_ONLY) => {}
                Some(n) => longest = Some((n, k)),
            }
        }
        let (n, tj) = longest?;
        if let Some(found) = self.verify(text, s, n, ti, tj) {
            return Some((found, tj));
        }
        // A shorter name at the same start, longest first.
        for k in (ti + 1..tj).rev() {
            let key = &s.buf[from..s.seps[k] as usize];
            if let Some(n) = self
                .prefixes
                .get(hash_key(key), key)
                .filter(|&n| n != PREFIX_ONLY)
            {
                if let Some(found) = self.verify(text, s, n, ti, k) {
                    return Some((found, k));
                }
            }
        }
        None
    }

    /// The variant match starting at token `ti` when it ends after token `after`.
    fn match_variant(
        &self,
        text: &str,
        s: &mut Scratch,
        ti: usize,
        after: usize,
        first: FirstWord,
    ) -> Option<(GazMatch, usize)> {
        let vac = self.vac.as_ref()?;
        let ntok = s.toks.len();
        // Every variant name has two tokens or more.
        if ti + 1 >= ntok {
            return None;
        }
        let (buf, seps) = (&s.buf, &s.seps);
        vac.start_state(Anchored::Yes).ok()?;
        // The state after the first word, as `first_word` stepped it or remembered it.
        let (mut sid, len) = (first.sid, first.steps);
        if vac.is_dead(sid) {
            return None;
        }
        let mut found = None;
        let mut len = len as usize;
        if let Some(p) = anchored_match(vac, sid, len) {
            found = Some((p as u32, ti + 1));
        }
        // The loose key of one token after the other, stepped through the automaton byte
        // by byte until no key can go on: most first words end it within a letter or two.
        for t in ti + 1..ntok {
            let mut step = |b: u8| {
                sid = vac.next_state(Anchored::Yes, sid, b);
                len += 1;
                !vac.is_dead(sid)
            };
            let word = &buf[seps[t] as usize + 1..seps[t + 1] as usize];
            if !variant_symbols(word, &mut step) || !step(b' ') {
                break;
            }
            // Keys end with a space: a match here ends with token `t`.
            if let Some(p) = anchored_match(vac, sid, len) {
                found = Some((p as u32, t + 1));
            }
        }
        let (g, tj) = found?;
        if tj <= after {
            return None;
        }
        self.verify_variant(text, s, g, ti, tj).map(|f| (f, tj))
    }
}

/// Iterator over the matches of a [`Gazetteer`] in a text; see [`Gazetteer::find_iter`].
#[derive(Debug)]
pub struct Matches<'g, 't, S> {
    g: &'g Gazetteer,
    text: &'t str,
    s: S,
    /// The next token that may start a match.
    tok: usize,
}

impl<S: BorrowMut<Scratch>> Iterator for Matches<'_, '_, S> {
    type Item = GazMatch;

    fn next(&mut self) -> Option<GazMatch> {
        let g = self.g;
        let s: &mut Scratch = self.s.borrow_mut();
        let ntok = s.toks.len();
        loop {
            let (ti, found) = if s.scanned {
                // The whole-text pass (see `find_people`) walked the rest of the text from
                // here, token for token as this pass would: its walk is replayed.
                let Some((t, tj, m)) = s.found.get_mut(s.next_found) else {
                    break;
                };
                s.next_found += 1;
                (*t as usize, m.take().map(|m| (m, *tj as usize)))
            } else {
                let ti = g.next_start(self.text, s, self.tok);
                if ti >= ntok {
                    break;
                }
                (ti, g.match_at(self.text, s, ti))
            };
            self.tok = ti;
            if let Some((m, tj)) = found {
                self.tok = tj;
                if !s.scanned {
                    g.remember(s, &m, ti);
                }
                return Some(m);
            }
            self.tok += 1;
            if let Some(m) = g.match_partial(self.text, s, ti) {
                return Some(m);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;

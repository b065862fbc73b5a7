//! One document in, one [`DocumentRecord`] out: the analysis every worker runs.

use std::sync::Arc;

use khabar_core::{
    Article, ArticleRecord, DateMention, DctSource, Diagnostic, DocumentRecord, EntityMention, Span,
};
use khabar_dates::{Date, DateNormalizer};
use khabar_gazetteer::Gazetteer;
use khabar_names::NameFinder;
use khabar_pages::PageSegmenter;
use khabar_tokenizer::{Segmentation, Tokenizer};

/// An entry's id, canonical name and type.
type Label = (Arc<str>, Arc<str>, Arc<str>);

/// The built analysers, shared by reference across worker threads.
#[derive(Debug)]
pub struct Engine {
    /// The tokenizer.
    pub tokenizer: Tokenizer,
    /// The gazetteer.
    pub gazetteer: Gazetteer,
    /// The date normalizer.
    pub dates: DateNormalizer,
    /// The page segmenter.
    pub pages: PageSegmenter,
    /// The `--reference-date`, used when an article has no DCT of its own.
    pub reference_date: Option<Date>,
    /// The `--dates` table, and the dates found in file names, paths and urls.
    pub(crate) date_table: Arc<crate::anchor::DateTable>,
    /// The finder of names no gazetteer lists; `None` with `--no-discovery`.
    pub names: Option<NameFinder>,
    /// The gazetteer's entry ids, canonicals and types, shared by every mention.
    labels: Vec<Label>,
    /// `PERSON`, `ORG`, `LOC`, indexed by [`khabar_names::NameType`].
    name_types: [Arc<str>; 3],
}

/// Per-worker buffers, reused from one document to the next.
#[derive(Debug, Default)]
pub struct Scratch {
    seg: Segmentation,
    gaz: khabar_gazetteer::Scratch,
    joined: Joined,
    names: khabar_names::Scratch,
    dates: khabar_dates::Scratch,
    mentions: Mentions,
}

/// The entity mentions of one document while they are found: the gazetteer's and the
/// discovered names are gathered here, in buffers kept from one document to the next, and
/// merged into the record's list, allocated once at its size (growing it mention by mention
/// copied it several times per document).
#[derive(Debug, Default)]
struct Mentions {
    /// The articles' regions of the text.
    regions: Vec<Span>,
    /// The gazetteer mentions, in text order.
    gaz: Vec<EntityMention>,
    /// The discovered names kept, in text order.
    found: Vec<EntityMention>,
    /// Indexes in `gaz` of the places that give way to a discovered name, rising.
    dropped: Vec<usize>,
    /// The id and canonical of each group of discovered names, made at its first mention.
    labels: Vec<Option<(Arc<str>, Arc<str>)>>,
    /// `discovered:<canonical>`, written once per entity.
    id: String,
}

/// The joined labels of ambiguous names met so far, by their entries: built once per
/// worker instead of once per mention. Bounded by the gazetteer's ambiguous names.
#[derive(Debug, Default)]
struct Joined {
    labels: std::collections::HashMap<Box<[u32]>, Label>,
    key: Vec<u32>,
}

/// The analysers that need no gazetteer: a run starts them on the first batches while the
/// gazetteer is still being built.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TextAnalysers<'a> {
    pub(crate) tokenizer: &'a Tokenizer,
    pub(crate) dates: &'a DateNormalizer,
    pub(crate) pages: &'a PageSegmenter,
    pub(crate) reference_date: Option<Date>,
    pub(crate) date_table: &'a crate::anchor::DateTable,
}

impl Engine {
    /// Bundles built analysers, with a finder of names no gazetteer lists.
    pub fn new(
        tokenizer: Tokenizer,
        gazetteer: Gazetteer,
        dates: DateNormalizer,
        pages: PageSegmenter,
        reference_date: Option<Date>,
    ) -> Engine {
        Engine::with_discovery(tokenizer, gazetteer, dates, pages, reference_date, true)
    }

    /// Bundles built analysers; the finder of names is built only when `discovery` is on
    /// (`--no-discovery` leaves it out).
    pub fn with_discovery(
        tokenizer: Tokenizer,
        gazetteer: Gazetteer,
        dates: DateNormalizer,
        pages: PageSegmenter,
        reference_date: Option<Date>,
        discovery: bool,
    ) -> Engine {
        let names = discovery.then(NameFinder::new);
        Engine::with_names(tokenizer, gazetteer, dates, pages, reference_date, names)
    }

    /// Bundles built analysers with a finder of names built beforehand, or none
    /// (`--no-discovery`): the runner builds it beside the gazetteer, so that the workers
    /// need not wait for it.
    pub fn with_names(
        tokenizer: Tokenizer,
        gazetteer: Gazetteer,
        dates: DateNormalizer,
        pages: PageSegmenter,
        reference_date: Option<Date>,
        names: Option<NameFinder>,
    ) -> Engine {
        let labels = (0..gazetteer.len() as u32)
            .map(|i| {
                let e = gazetteer.entry(khabar_gazetteer::EntryId(i));
                (e.id.clone(), e.canonical.clone(), e.entity_type.clone())
            })
            .collect();
        Engine {
            tokenizer,
            gazetteer,
            dates,
            pages,
            reference_date,
            date_table: Arc::default(),
            names,
            labels,
            name_types: ["PERSON".into(), "ORG".into(), "LOC".into()],
        }
    }

    /// Dates pages from this `--dates` table when neither metadata nor a dateline does.
    pub fn with_date_table(mut self, table: Arc<crate::anchor::DateTable>) -> Engine {
        self.date_table = table;
        self
    }

    /// Analyses one document.
    pub fn process(&self, article: Article, scratch: &mut Scratch) -> DocumentRecord {
        let mut rec = self.text().analyse(article, scratch);
        self.add_entities(&mut rec, scratch);
        rec
    }

    /// The analysers other than the gazetteer.
    pub(crate) fn text(&self) -> TextAnalysers<'_> {
        TextAnalysers {
            tokenizer: &self.tokenizer,
            dates: &self.dates,
            pages: &self.pages,
            reference_date: self.reference_date,
            date_table: &self.date_table,
        }
    }

    /// The second half of [`Engine::process`]: the gazetteer mentions of a record made by
    /// [`TextAnalysers::analyse`], counted in its articles.
    pub(crate) fn add_entities(&self, rec: &mut DocumentRecord, scratch: &mut Scratch) {
        let text = rec.article.text.as_str();
        let len = text.len();
        if u32::try_from(len).is_err() {
            return;
        }
        let m = &mut scratch.mentions;
        m.regions.clear();
        m.regions.extend(regions(
            rec.articles.iter().map(|a| a.span.start as usize),
            len,
        ));
        m.gaz.clear();
        if len <= BIG_DOCUMENT {
            let all = Span::new(0, len);
            self.add_matches(rec, all, m, &mut scratch.gaz, &mut scratch.joined);
        } else {
            let pieces: Vec<Span> = chunks(text, Span::new(0, len), BIG_DOCUMENT).collect();
            for chunk in pieces {
                self.add_matches(rec, chunk, m, &mut scratch.gaz, &mut scratch.joined);
            }
        }
        m.found.clear();
        m.dropped.clear();
        if let Some(finder) = &self.names {
            self.add_discovered(finder, rec, m, &mut scratch.names);
        }
        // Both lists are in text order, and the mentions kept never overlap: a merge that
        // puts a gazetteer mention before a discovered name starting at the same byte.
        let entities = &mut rec.entities;
        entities.reserve_exact(m.gaz.len() - m.dropped.len() + m.found.len());
        let mut dropped = m.dropped.iter().copied().peekable();
        let mut found = m.found.drain(..).peekable();
        for (k, g) in m.gaz.drain(..).enumerate() {
            if dropped.next_if_eq(&k).is_some() {
                continue;
            }
            while let Some(n) = found.next_if(|n| n.span.start < g.span.start) {
                entities.push(n);
            }
            entities.push(g);
        }
        entities.extend(found);
        if len > BIG_DOCUMENT {
            scratch.gaz = khabar_gazetteer::Scratch::default();
            scratch.names = khabar_names::Scratch::default();
            scratch.mentions = Mentions::default();
        }
    }

    /// The names found without a gazetteer that overlap no gazetteer mention, or only places
    /// that give way to them (see [`gives_way`]), into `m.found`, and the places that give
    /// way into `m.dropped`, uncounted. Mentions of one entity share the id
    /// `discovered:<canonical>`, the same in every document that names it the same way.
    fn add_discovered(
        &self,
        finder: &NameFinder,
        rec: &mut DocumentRecord,
        m: &mut Mentions,
        scratch: &mut khabar_names::Scratch,
    ) {
        let text = rec.article.text.as_str();
        let found = finder.find(text, scratch);
        m.labels.clear();
        m.labels.resize(found.groups().len(), None);
        let gaz = &m.gaz;
        for n in found.names() {
            let i = gaz.partition_point(|e| e.span.end <= n.span.start);
            let j = i + gaz[i..].partition_point(|e| e.span.start < n.span.end);
            if i < j {
                let g = found.groups()[n.group as usize];
                if !gives_way(gaz, i..j, n, g, text) {
                    continue;
                }
                m.dropped.extend(i..j);
            }
            let (id, canonical) = m.labels[n.group as usize]
                .get_or_insert_with(|| {
                    let g = found.groups()[n.group as usize];
                    m.id.clear();
                    m.id.push_str(DISCOVERED);
                    push_one_line(&text[g.canonical], &mut m.id);
                    (
                        Arc::from(m.id.as_str()),
                        Arc::from(&m.id[DISCOVERED.len()..]),
                    )
                })
                .clone();
            let article = article_of(&m.regions, n.span);
            // A name in a repeated line is counted once, where it was first shown.
            rec.articles[article as usize - 1].entities += u64::from(!rec.in_repeat(n.span));
            m.found.push(EntityMention {
                span: n.span,
                article,
                sentence: sentence_of(&rec.sentences, n.span),
                entity_type: self.name_types[n.name_type as usize].clone(),
                entity_id: id,
                canonical,
                match_kind: "discovered",
                alias: None,
                ambiguous: false,
                in_boilerplate: in_zones(&rec.boilerplate, n.span),
            });
        }
        for &k in &m.dropped {
            // Counted when added, unless in a repeated line.
            let (a, span) = (gaz[k].article, gaz[k].span);
            rec.articles[a as usize - 1].entities -= u64::from(!rec.in_repeat(span));
        }
    }

    /// The gazetteer mentions in `chunk` of the record's text, into `m.gaz`.
    fn add_matches(
        &self,
        rec: &mut DocumentRecord,
        chunk: Span,
        m: &mut Mentions,
        gaz: &mut khabar_gazetteer::Scratch,
        joined: &mut Joined,
    ) {
        let text = rec.article.text.as_str();
        for g in self.gazetteer.find_iter_with(&text[chunk], gaz) {
            let span = g.span.offset(chunk.start as usize);
            let article = article_of(&m.regions, span);
            let (id, canonical, ty) = if g.entries.len() == 1 {
                self.labels[g.entries[0].0 as usize].clone()
            } else {
                joined.key.clear();
                joined.key.extend(g.entries.iter().map(|e| e.0));
                match joined.labels.get(joined.key.as_slice()) {
                    Some(l) => l.clone(),
                    None => {
                        let pick = |f: fn(&Label) -> &Arc<str>| -> Arc<str> {
                            let mut v: Vec<&str> = g
                                .entries
                                .iter()
                                .map(|e| &**f(&self.labels[e.0 as usize]))
                                .collect();
                            v.dedup();
                            v.join("|").into()
                        };
                        let l = (pick(|l| &l.0), pick(|l| &l.1), pick(|l| &l.2));
                        joined
                            .labels
                            .insert(joined.key.as_slice().into(), l.clone());
                        l
                    }
                }
            };
            rec.articles[article as usize - 1].entities += u64::from(!rec.in_repeat(span));
            m.gaz.push(EntityMention {
                span,
                article,
                sentence: sentence_of(&rec.sentences, span),
                entity_type: ty,
                entity_id: id,
                canonical,
                match_kind: g.kind.as_str(),
                alias: g.alias,
                ambiguous: g.entries.len() > 1,
                in_boilerplate: in_zones(&rec.boilerplate, span),
            });
        }
    }
}

/// Whether the gazetteer mentions `gaz[over]`, all overlapping the discovered name `n` of
/// group `g`, give way to it: they are places (not ambiguous with another type), and either
/// the name holds them whole and is longer (`University of Chicago`, `Durham University`,
/// `Valeska Paris`), or it is a bare part of a person's fuller name in the document (`Chu`
/// after `Eddie Chu`) and that fuller name holds no gazetteer name but places.
fn gives_way(
    gaz: &[EntityMention],
    over: std::ops::Range<usize>,
    n: &khabar_names::Name,
    g: khabar_names::Group,
    text: &str,
) -> bool {
    let place = |e: &EntityMention| &*e.entity_type == "LOC";
    // Held whole: the name goes on past the place by whole words on one line, not by a
    // hyphen (`Peshawar-based`, `Chaman-Spin Boldak`).
    let held = |outer: Span, e: &EntityMention| {
        outer.contains(e.span)
            && outer.len() > e.span.len()
            && !text[outer].contains('\n')
            && text[outer.start as usize..e.span.start as usize]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
            && text[e.span.end as usize..outer.end as usize]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    };
    let inner = &gaz[over];
    if !inner.iter().all(place) {
        return false;
    }
    if inner.iter().all(|e| held(n.span, e)) {
        return true;
    }
    let full = g.canonical;
    n.name_type == khabar_names::NameType::Person
        && inner.len() == 1
        && inner[0].span == n.span
        && full.len() > n.span.len()
        && text[full].contains(&text[n.span])
        && gaz
            .iter()
            .filter(|e| e.span.overlaps(full))
            .all(|e| place(e) && held(full, e))
}

/// Regions of articles starting at `starts` in a text of `len` bytes: article k owns the
/// bytes from its start (0 for the first) to the next article's start, so the boilerplate
/// around an article is reported with it.
fn regions(starts: impl Iterator<Item = usize>, len: usize) -> Vec<Span> {
    let mut starts = starts.peekable();
    let mut out = Vec::new();
    while let Some(s) = starts.next() {
        let start = if out.is_empty() { 0 } else { s };
        let end = starts.peek().copied().unwrap_or(len);
        out.push(Span::new(start, end.max(start)));
    }
    out
}

impl TextAnalysers<'_> {
    /// Tokens, sentences, page layout, articles and dates of one document: everything but
    /// the gazetteer mentions, which [`Engine::add_entities`] adds.
    pub(crate) fn analyse(&self, article: Article, scratch: &mut Scratch) -> DocumentRecord {
        let mut rec = DocumentRecord {
            article,
            ..DocumentRecord::default()
        };
        let text = rec.article.text.as_str();
        if u32::try_from(text.len()).is_err() {
            rec.diagnostics.push(Diagnostic::error(
                "too-large",
                "document of 4 GiB or more, not analysed",
            ));
            return rec;
        }
        let big = text.len() > BIG_DOCUMENT;
        // The page segmenter reads every line, and says whether the text is hard-wrapped
        // on the way: the tokenizer takes its answer.
        let page = self.pages.segment(text);
        let seg = &mut scratch.seg;
        self.tokenizer
            .segment_hard_wrapped(text, page.hard_wrapped, seg);
        let hard_wrapped = seg.hard_wrapped;
        rec.tokens = seg.tokens.len() as u64;
        rec.sentences.extend_from_slice(&seg.sentences);

        rec.boilerplate = page.boilerplate;
        rec.boilerplate_kinds = page.zones.iter().map(|z| z.kind.as_str()).collect();
        rec.repeats = page.repeats;
        let meta_date = rec.article.date.as_deref().and_then(|d| {
            let parsed = self.dates.parse_date(d);
            if parsed.is_none() {
                rec.diagnostics.push(Diagnostic::warning(
                    "bad-date",
                    format!("metadata date {d:?} is not a date"),
                ));
            }
            parsed
        });
        let found = crate::anchor::found_date(&rec.article, self.date_table);
        let mut zones = page.articles;
        if zones.is_empty() {
            zones.push(khabar_pages::ArticleZone {
                span: Span::new(0, text.len()),
                ..Default::default()
            });
        }
        // Article k owns the region from its start (0 for the first) to the next article's
        // start: the boilerplate around an article is reported with it.
        let regions = regions(zones.iter().map(|z| z.span.start as usize), text.len());
        rec.articles.reserve_exact(zones.len());
        for (k, z) in zones.iter().enumerate() {
            // The segmenter parsed the dateline (with khabar_core::date, as the date
            // normalizer's lexer reads month names): its value is taken as it is.
            let dateline = z
                .date
                .and_then(|(y, m, d)| Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok());
            let (dct, source) = dct_for(k, meta_date, dateline, found, self.reference_date);
            // A headline wrapped over two lines is one headline, on one line. The record's
            // own title describes the record, whose first article it names.
            let headline = z.headline.map(|h| one_line(&text[h]));
            let title = match (k, &rec.article.title) {
                (0, Some(t)) => Some(t.clone()),
                _ => headline.clone(),
            };
            let index = k as u32 + 1;
            let anchor = dct.map(|d| d.to_string()).unwrap_or_default();
            let region = regions[k];
            let before = rec.dates.len();
            // Dates outside boilerplate resolve against the article's DCT; dates inside it
            // (teasers of other stories, widgets) have no anchor of their own.
            let mut pos = region.start as usize;
            let zones_in = rec.boilerplate.iter().filter(|b| b.overlaps(region));
            let mut pieces: Vec<(Span, bool)> = Vec::new();
            for b in zones_in {
                let (bs, be) = (
                    (b.start as usize).max(pos),
                    (b.end as usize).min(region.end as usize),
                );
                if bs > pos {
                    pieces.push((Span::new(pos, bs), false));
                }
                if be > bs {
                    pieces.push((Span::new(bs, be), true));
                }
                pos = pos.max(be);
            }
            if pos < region.end as usize {
                pieces.push((Span::new(pos, region.end as usize), false));
            }
            // The article's story (last year, last date) runs across its pieces; a
            // boilerplate zone neither reads it nor adds to it.
            let mut story = khabar_dates::Story::default();
            for (piece, in_bp) in pieces
                .into_iter()
                .flat_map(|(p, b)| chunks(text, p, DATE_CHUNK).map(move |c| (c, b)))
            {
                let piece_anchor = if in_bp { None } else { dct };
                let mut zone_story = khabar_dates::Story::default();
                let st = if in_bp { &mut zone_story } else { &mut story };
                // A piece that is the whole text has the layout the tokenizer read.
                let whole = piece.start == 0 && piece.end as usize == text.len();
                let found = match hard_wrapped.filter(|_| whole) {
                    Some(w) => self.dates.find_iter_in_story_wrapped(
                        &text[piece],
                        piece_anchor,
                        w,
                        &mut scratch.dates,
                        st,
                    ),
                    None => self.dates.find_iter_in_story(
                        &text[piece],
                        piece_anchor,
                        &mut scratch.dates,
                        st,
                    ),
                };
                rec.dates.reserve(found.len());
                for m in found {
                    let span = m.span.offset(piece.start as usize);
                    rec.dates.push(DateMention {
                        span,
                        article: index,
                        sentence: sentence_of(&rec.sentences, span),
                        timex_type: m.timex_type,
                        value: m.value,
                        anchor: if in_bp { String::new() } else { anchor.clone() },
                        in_boilerplate: in_bp,
                        rule: m.rule,
                        resolution: m.resolution,
                    });
                }
            }
            // Tokens and sentences are sorted and do not overlap, so their starts and ends
            // both rise: the ones inside (or overlapping) the article are one run, found by
            // binary search rather than a scan per article (a huge page holds many).
            let toks = &seg.tokens;
            let tokens = toks
                .partition_point(|t| t.span.end <= z.span.end)
                .saturating_sub(toks.partition_point(|t| t.span.start < z.span.start))
                as u64;
            let sents = &rec.sentences;
            let sentences = sents
                .partition_point(|s| s.start < z.span.end)
                .saturating_sub(sents.partition_point(|s| s.end <= z.span.start))
                as u64;
            let boilerplate_bytes = rec
                .boilerplate
                .iter()
                .map(|b| {
                    b.end
                        .min(region.end)
                        .saturating_sub(b.start.max(region.start)) as u64
                })
                .sum();
            rec.articles.push(ArticleRecord {
                index,
                span: z.span,
                title,
                headline,
                dct: dct.map(|d| d.to_string()),
                dct_source: source,
                dateline: z.dateline,
                chars: text[z.span].chars().count() as u64,
                tokens,
                sentences,
                entities: 0,
                // A date in a repeated line is counted once, where it was first shown.
                dates: rec.dates[before..]
                    .iter()
                    .filter(|d| !rec.in_repeat(d.span))
                    .count() as u64,
                boilerplate_bytes,
            });
        }
        let undated = rec
            .articles
            .iter()
            .filter(|a| a.dct_source == DctSource::None)
            .count();
        if undated > 0 && !text.trim().is_empty() {
            rec.diagnostics.push(Diagnostic::warning(
                "undated",
                format!(
                    "{undated} of {} articles without a date, relative dates unresolved",
                    rec.articles.len()
                ),
            ));
        }
        if big {
            scratch.seg = Segmentation::default();
        }
        rec
    }
}

/// The longest stretch of text searched for dates at once. The date scanner keeps about ten
/// bytes per byte of text it is given, so a huge page (a 100 MB JSONL line) is searched in
/// pieces of this size, cut at paragraph breaks; an anaphoric date ("that year") at the
/// start of a piece then cannot see the dates of the piece before. Real articles are far
/// smaller and always searched whole.
const DATE_CHUNK: usize = 2 << 20;

/// Documents larger than this give their per-worker buffers back once analysed, and are
/// matched against the gazetteer in pieces of this size cut at paragraph breaks (its
/// buffers take about three bytes per byte of text), so a bare surname in one piece does
/// not see the full name in another.
const BIG_DOCUMENT: usize = 8 << 20;

/// `span` of `text` cut into pieces of at most `max` bytes (more only when no break is
/// found), each ending after a blank line, else a line break, else a space, when one of
/// them falls in its second half.
fn chunks(text: &str, span: Span, max: usize) -> impl Iterator<Item = Span> + '_ {
    let (mut pos, end) = (span.start as usize, span.end as usize);
    std::iter::from_fn(move || {
        if pos >= end {
            return None;
        }
        let start = pos;
        if end - start <= max {
            pos = end;
            return Some(Span::new(start, end));
        }
        let window = &text.as_bytes()[start + max / 2..start + max];
        let cut = memchr::memmem::rfind(window, b"\n\n")
            .map(|i| i + 2)
            .or_else(|| memchr::memrchr(b'\n', window).map(|i| i + 1))
            .or_else(|| memchr::memrchr(b' ', window).map(|i| i + 1))
            .map(|i| start + max / 2 + i);
        let cut = cut.unwrap_or_else(|| {
            let mut c = start + max;
            while !text.is_char_boundary(c) {
                c += 1;
            }
            c
        });
        pos = cut;
        Some(Span::new(start, cut))
    })
}

/// Index of the sentence holding the start of `span` (the last sentence starting at or
/// before it).
fn sentence_of(sentences: &[Span], span: Span) -> u32 {
    let i = sentences.partition_point(|s| s.start <= span.start);
    i.saturating_sub(1) as u32
}

/// `s` with its runs of whitespace (line breaks of a wrapped headline included) as one space.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_one_line(s, &mut out);
    out
}

/// Appends `s` to `out` as [`one_line`] writes it.
fn push_one_line(s: &str, out: &mut String) {
    // Most names are ASCII words between single spaces: already on one line.
    // (A space before the first byte, so that a leading space is not plain.)
    let mut last = b' ';
    let plain = s.bytes().all(|c| {
        let ok = matches!(c, b'!'..=0x7f) || (c == b' ' && last != b' ');
        last = c;
        ok
    }) && last != b' ';
    if plain {
        out.push_str(s);
        return;
    }
    let from = out.len();
    for w in s.split_whitespace() {
        if out.len() > from {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// The prefix of the ids of discovered entities.
const DISCOVERED: &str = "discovered:";

/// Number (from 1) of the article whose region holds the start of `span`.
fn article_of(regions: &[Span], span: Span) -> u32 {
    let i = regions.partition_point(|r| r.start <= span.start);
    i.clamp(1, regions.len()) as u32
}

/// The DCT of article `k` (from 0) and where it came from.
///
/// The first article takes the record's metadata `date`, then its own dateline: metadata
/// describes the record, and a record is one article in most corpora. Later articles of a
/// page take their own dateline first, then the metadata date. Then, for any article, the
/// date found around the page (`--dates` table, file name, path, url: see `anchor`), then
/// `--reference-date`. With none of them the DCT is unknown and relative expressions stay
/// underspecified.
fn dct_for(
    k: usize,
    meta: Option<Date>,
    dateline: Option<Date>,
    found: Option<(Date, DctSource)>,
    reference: Option<Date>,
) -> (Option<Date>, DctSource) {
    match (k, meta, dateline, found, reference) {
        (0, Some(m), _, _, _) => (Some(m), DctSource::Metadata),
        (_, _, Some(d), _, _) => (Some(d), DctSource::Dateline),
        (_, Some(m), _, _, _) => (Some(m), DctSource::Metadata),
        (_, _, _, Some((f, source)), _) => (Some(f), source),
        (_, _, _, _, Some(r)) => (Some(r), DctSource::Reference),
        _ => (None, DctSource::None),
    }
}

fn in_zones(zones: &[Span], span: Span) -> bool {
    let i = zones.partition_point(|z| z.end <= span.start);
    zones.get(i).is_some_and(|z| z.overlaps(span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EngineConfig;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn dct_precedence() {
        #[track_caller]
        fn check(
            k: usize,
            meta: Option<&str>,
            line: Option<&str>,
            found: Option<&str>,
            reference: Option<&str>,
            want: (&str, &str),
        ) {
            let found = found.map(|f| (d(f), DctSource::FileName));
            let (dct, source) = dct_for(k, meta.map(d), line.map(d), found, reference.map(d));
            assert_eq!(
                (
                    dct.map(|x| x.to_string()).unwrap_or_default().as_str(),
                    source.as_str()
                ),
                want
            );
        }
        let (m, l, r) = (Some("2021-11-04"), Some("2021-11-08"), Some("2023-01-08"));
        let f = Some("2021-11-06");
        check(0, m, l, f, r, ("2021-11-04", "metadata"));
        check(0, None, l, f, r, ("2021-11-08", "dateline"));
        check(0, None, None, f, r, ("2021-11-06", "filename"));
        check(0, None, None, None, r, ("2023-01-08", "reference"));
        check(0, None, None, None, None, ("", "none"));
        check(1, m, l, f, r, ("2021-11-08", "dateline"));
        check(1, m, None, f, r, ("2021-11-04", "metadata"));
        check(1, None, None, f, r, ("2021-11-06", "filename"));
        check(1, None, None, None, r, ("2023-01-08", "reference"));
    }

    #[test]
    fn titles_on_one_line() {
        for (raw, want) in [
            ("  TTP ends ceasefire ", "TTP ends ceasefire"),
            (
                "TTP ends ceasefire,\norders attacks",
                "TTP ends ceasefire, orders attacks",
            ),
            ("a\r\n\tb", "a b"),
            ("", ""),
            ("Farida Qazi", "Farida Qazi"),
            ("Farida  Qazi", "Farida Qazi"),
            ("Farida\u{a0}Qazi", "Farida Qazi"),
            ("Farida Qazi ", "Farida Qazi"),
            (" Qazi", "Qazi"),
            (" ", ""),
        ] {
            assert_eq!(one_line(raw), want);
        }
    }

    #[test]
    fn date_chunks() {
        #[track_caller]
        fn check(text: &str, max: usize, want: &[&str]) {
            let got: Vec<&str> = chunks(text, Span::new(0, text.len()), max)
                .map(|s| &text[s])
                .collect();
            assert_eq!(got, want);
        }
        check("", 4, &[]);
        check("short", 8, &["short"]);
        check("aaa\n\nbbb\n\nccc", 8, &["aaa\n\n", "bbb\n\nccc"]);
        check("aaa bb\ncc dd", 8, &["aaa bb\n", "cc dd"]);
        check("aaaa bbbb cccc", 8, &["aaaa ", "bbbb ", "cccc"]);
        check("aaaaaaaaaa", 4, &["aaaa", "aaaa", "aa"]);
        check("ééééé", 3, &["éé", "éé", "é"]);
    }

    /// Gazetteer places inside a discovered name give way to it; elsewhere they stay.
    #[test]
    fn places_inside_names() {
        let engine = Engine::build(&EngineConfig::default()).unwrap();
        #[track_caller]
        fn check(engine: &Engine, text: &str, want: &[&str]) {
            let article = Article {
                id: "p".into(),
                text: text.into(),
                ..Article::default()
            };
            let rec = engine.process(article, &mut Scratch::default());
            let got: Vec<String> = rec
                .entities
                .iter()
                .map(|e| format!("{}|{}|{}", &text[e.span], e.entity_type, e.match_kind))
                .collect();
            assert_eq!(got, want, "in {text:?}");
            let n: u64 = rec.articles.iter().map(|a| a.entities).sum();
            assert_eq!(n as usize, rec.entities.len());
        }
        check(
            &engine,
            "She taught at the University of Chicago and later at Durham University.",
            &[
                "University of Chicago|ORG|discovered",
                "Durham University|ORG|discovered",
            ],
        );
        check(
            &engine,
            "She flew to Chicago, then on to Durham.",
            &["Chicago|LOC|exact", "Durham|LOC|exact"],
        );
        check(
            &engine,
            "The lawyer Valeska Paris spoke first. Later Paris told reporters she would appeal.",
            &["Valeska Paris|PERSON|discovered", "Paris|PERSON|discovered"],
        );
        check(
            &engine,
            "The Ambassador to Afghanistan Mansoor Ahmad Khan spoke. Aid reached Afghanistan.",
            &[
                "Afghanistan|LOC|exact",
                "Mansoor Ahmad Khan|PERSON|exact",
                "Afghanistan|LOC|exact",
            ],
        );
    }

    /// One page with two articles, each with its dateline, and boilerplate around them.
    #[test]
    fn two_articles_in_one_page() {
        let engine = Engine::build(&EngineConfig::default()).unwrap();
        let text = "Skip to content\n\nTTP extends ceasefire after Kabul talks\nUpdated 08 January 2023\n\n\
                    PESHAWAR: The Tehreek-e-Taliban Pakistan extended its ceasefire on Monday.\n\n\
                    The group said talks in Kabul would go on.\n\n\
                    ALSO READ: Jirga meets in Kabul on Friday\n\n\
                    Police chief visits Bannu after attack\nPublished November 8, 2021 05:00am\n\n\
                    BANNU: The provincial police chief visited Bannu on Tuesday.\n\n\
                    He met the families of the policemen.\n\n\
                    Latest from World\n\nFloods hit Kabul on Friday\n";
        let article = Article {
            id: "p".into(),
            text: text.into(),
            ..Article::default()
        };
        let rec = engine.process(article, &mut Scratch::default());
        let a: Vec<_> = rec
            .articles
            .iter()
            .map(|a| {
                (
                    a.index,
                    a.title.clone().unwrap_or_default(),
                    a.dct.clone().unwrap_or_default(),
                    a.dct_source.as_str(),
                )
            })
            .collect();
        assert_eq!(
            a,
            [
                (
                    1,
                    "TTP extends ceasefire after Kabul talks".to_string(),
                    "2023-01-08".to_string(),
                    "dateline"
                ),
                (
                    2,
                    "Police chief visits Bannu after attack".to_string(),
                    "2021-11-08".to_string(),
                    "dateline"
                ),
            ]
        );
        assert!(rec.articles.iter().all(|a| a.boilerplate_bytes > 0));
        for m in &rec.dates {
            let s = &text[m.span];
            let in_teaser = text[..m.span.start as usize]
                .contains("ALSO READ: Jirga meets in Kabul on")
                && !text[..m.span.start as usize].contains("Police chief")
                || text[..m.span.start as usize].contains("Latest from World");
            assert_eq!(m.in_boilerplate, in_teaser, "{s:?}");
            if m.in_boilerplate {
                assert!(m.anchor.is_empty(), "{s:?} anchored in boilerplate");
            }
        }
        let fridays: Vec<_> = rec
            .dates
            .iter()
            .filter(|m| &text[m.span] == "Friday")
            .map(|m| (m.article, m.in_boilerplate))
            .collect();
        assert_eq!(fridays, [(1, true), (2, true)]);
        let monday = rec
            .dates
            .iter()
            .find(|m| &text[m.span] == "Monday")
            .unwrap();
        assert_eq!(
            (
                monday.article,
                monday.in_boilerplate,
                monday.anchor.as_str()
            ),
            (1, false, "2023-01-08")
        );
        let bannu = rec
            .entities
            .iter()
            .filter(|e| &text[e.span] == "Bannu" || &text[e.span] == "BANNU")
            .map(|e| e.article)
            .collect::<Vec<_>>();
        assert!(
            !bannu.is_empty() && bannu.iter().all(|&a| a == 2),
            "{bannu:?}"
        );
    }
}

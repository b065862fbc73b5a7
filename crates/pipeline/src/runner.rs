//! The one runner behind [`crate::run`] and [`crate::stream::stream`]: the same reader,
//! batcher, pool and guarded processing; the two differ only in their [`Sink`].
//!
//! Three stages joined by bounded channels, so memory does not grow with the corpus:
//!
//! 1. a reader thread reads the inputs in order into batches (at most `batch_size`
//!    documents or `batch_bytes` of text), keeping each skip in its place among them;
//! 2. an analyser thread ([`Analyser`]) runs each batch on a rayon pool (with one
//!    [`Worker`] per thread, kept for the whole run: a [`Scratch`] and the sink's
//!    encoder) and collects the records, encoded by the workers, in input order;
//! 3. the calling thread hands the encoded records and skips to the sink, in input order,
//!    so the output is byte-identical for any thread count, and shows progress.

use std::{
    collections::{HashSet, VecDeque},
    hash::{Hash, Hasher},
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        mpsc, Arc,
    },
    time::{Duration, Instant},
};

use khabar_core::{Article, ArticleRecord, Diagnostic, DocumentRecord};
use khabar_dates::{Date, DateNormalizer};
use khabar_export::{EncodedRows, RowEncoder};
use khabar_gazetteer::Gazetteer;
use khabar_names::NameFinder;
use khabar_pages::PageSegmenter;
use khabar_tokenizer::Tokenizer;
use rayon::prelude::*;

use crate::{
    engine::TextAnalysers,
    progress,
    read::{InputReader, Item, Skip},
    DocCounts, Engine, EngineConfig, Error, RunSummary, Scratch,
};

/// Where the records of a run go: the tables of `khabar run`, or JSON lines on the stdout
/// of `khabar stream`.
pub(crate) trait Sink {
    /// An encoder of what [`record`](Sink::record) writes, for the workers: each encodes
    /// the documents it analysed, so that the writer only copies bytes in input order.
    /// `None`: the sink writes from the record alone.
    fn encoder(&self) -> Option<RowEncoder> {
        None
    }

    /// Whether [`record`](Sink::record) needs the record beside the rows its encoder made;
    /// when not, the worker frees the record (where it was made) and sends only its rows.
    fn needs_records(&self) -> bool {
        true
    }

    /// Writes one analysed document: its rows when the sink's encoder made them, its record
    /// when there are none or the sink [`needs_records`](Sink::needs_records).
    fn record(
        &mut self,
        rec: Option<&DocumentRecord>,
        rows: Option<&EncodedRows>,
    ) -> Result<(), Error>;

    /// Meets a skipped file, line or row, in its place among the records (after it was
    /// reported and counted); an error stops the run.
    fn skip(&mut self, _skip: &Skip) -> Result<(), Error> {
        Ok(())
    }

    /// Called after each batch.
    fn batch_done(&mut self) -> Result<(), Error> {
        Ok(())
    }

    /// Called once at the end with the gazetteer, for its places (country code and
    /// coordinates, by entry id).
    fn places(&mut self, _gazetteer: &Gazetteer) {}
}

impl Sink for khabar_export::CsvExporter {
    fn encoder(&self) -> Option<RowEncoder> {
        Some(khabar_export::CsvExporter::encoder(self))
    }

    fn needs_records(&self) -> bool {
        khabar_export::CsvExporter::needs_records(self)
    }

    fn record(
        &mut self,
        rec: Option<&DocumentRecord>,
        rows: Option<&EncodedRows>,
    ) -> Result<(), Error> {
        match (rows, rec) {
            (Some(rows), rec) => Ok(self.write_encoded(rec, rows)?),
            (None, Some(rec)) => Ok(self.write(rec)?),
            (None, None) => Err(Error::Threads("a document came without its rows".into())),
        }
    }

    /// Each entry with a place is looked up among the entities of the run (a few
    /// thousand), rather than every entry put in a map by id first: this is the serial end
    /// of a run. In entry order, so that the last entry of an id wins.
    fn places(&mut self, g: &Gazetteer) {
        for e in (0..g.len() as u32)
            .map(|i| g.entry(khabar_gazetteer::EntryId(i)))
            .filter(|e| e.country_code.is_some() || e.lat.is_some() || e.lon.is_some())
        {
            self.set_place(&e.id, || place(e));
        }
    }
}

/// The place of a gazetteer entry.
fn place(e: &khabar_gazetteer::Entry) -> khabar_export::Place {
    khabar_export::Place {
        country_code: e.country_code.clone(),
        lat: e.lat,
        lon: e.lon,
    }
}

/// How a run is carried out, whatever its sink.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    /// How to build the analysers.
    pub(crate) engine: EngineConfig,
    /// Worker threads; `None` uses every core.
    pub(crate) threads: Option<usize>,
    /// Documents per batch, at most.
    pub(crate) batch_size: usize,
    /// Bytes of text per batch, at most.
    pub(crate) batch_bytes: usize,
    /// Bytes of text read but not yet written, at most.
    pub(crate) max_in_flight_bytes: usize,
    /// Show progress on stderr.
    pub(crate) progress: bool,
    /// Stops the run when set.
    pub(crate) cancel: Option<Arc<AtomicBool>>,
    /// The process exits after the run: the engine is not freed.
    pub(crate) exiting: bool,
}

/// The inputs of a run: readers in order, and what progress needs to know about them.
pub(crate) struct Source {
    /// The readers, opened lazily, in order.
    pub(crate) readers: Vec<InputReader>,
    /// Their total size in bytes, when known.
    pub(crate) total: Option<u64>,
    /// The raw bytes read so far, which the readers add to.
    pub(crate) read: Arc<AtomicU64>,
}

/// A runner checked and ready: its pool is built and its options are valid, nothing is read.
pub(crate) struct Runner {
    plan: Plan,
    pool: rayon::ThreadPool,
    threads: usize,
    reference_date: Option<Date>,
    date_table: Arc<crate::anchor::DateTable>,
}

impl Runner {
    /// Builds the pool and checks what can be checked before any work: the reference date,
    /// and that every gazetteer file opens (one that cannot be parsed stops the run as soon
    /// as its build fails).
    pub(crate) fn new(plan: Plan) -> Result<Runner, Error> {
        let threads = plan
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("khabar-worker-{i}"))
            .build()
            .map_err(|e| Error::Threads(e.to_string()))?;
        let reference_date = crate::reference_date(&plan.engine)?;
        let date_table = crate::date_table(&plan.engine)?;
        for p in &plan.engine.gazetteers {
            std::fs::File::open(p).map_err(|e| crate::gazetteer_unreadable(p, e))?;
        }
        Ok(Runner {
            plan,
            pool,
            threads,
            reference_date,
            date_table,
        })
    }

    /// Reads `source`, analyses it and hands every record and skip to `sink` in input
    /// order, adding to `summary`. `on_skip` is called for every skip as it is met.
    pub(crate) fn run(
        self,
        source: Source,
        sink: &mut dyn Sink,
        on_skip: &mut dyn FnMut(&Skip),
        summary: &mut RunSummary,
    ) -> Result<(), Error> {
        let Runner {
            plan,
            pool,
            threads,
            reference_date,
            date_table,
        } = self;
        summary.threads = threads;
        let cancel = &plan.cancel;
        let mut progress = progress::Progress::new(plan.progress, source.total, source.read);
        let batch_size = plan.batch_size.max(1);
        let batch_bytes = plan.batch_bytes.max(1);
        let pool = &pool;

        let (doc_tx, doc_rx) = mpsc::sync_channel::<Msg>(2);
        let (rec_tx, rec_rx) = mpsc::sync_channel::<Batch<Done>>(2);
        // The gazetteer is built on a thread of its own: the reader fills the queue
        // meanwhile, and the analyser may make a head start (see [`Analyser`]).
        {
            let tx = doc_tx.clone();
            let engine_config = plan.engine.clone();
            std::thread::Builder::new()
                .name("khabar-gazetteer".into())
                .spawn(move || {
                    let t = Instant::now();
                    let g = crate::build_gazetteer(&engine_config);
                    let took = t.elapsed();
                    // The name finder's word tables too, while the workers make their head
                    // start, rather than on the analyser thread with the workers waiting.
                    let names = (g.is_ok() && !engine_config.no_discovery).then(NameFinder::new);
                    let _ = tx.send(Msg::Gazetteer(Box::new((g, names)), took));
                })
                .map_err(|e| Error::Threads(e.to_string()))?;
        }
        // Reader: sequential, fills batches by count and bytes, blocks while two wait. It
        // owns everything it uses, so a cancelled run need not wait for it (it may sit in a
        // read of stdin); it stops at its next document or when the channel closes.
        let credits = Arc::new(Credits {
            state: std::sync::Mutex::new((0, false)),
            freed: std::sync::Condvar::new(),
            budget: plan.max_in_flight_bytes.max(1) as u64,
        });
        let reader = {
            let credits = credits.clone();
            let cancel = cancel.clone();
            let readers = source.readers;
            std::thread::Builder::new()
                .name("khabar-reader".into())
                .spawn(move || {
                    read_batches(readers, &cancel, &credits, doc_tx, batch_size, batch_bytes)
                })
                .map_err(|e| Error::Threads(e.to_string()))?
        };
        let mut analyser = Analyser::new(
            threads,
            reference_date,
            date_table,
            sink.encoder(),
            sink.needs_records(),
        );
        let spent = analyser.scratch.spent.clone();
        let (written, analysed) = std::thread::scope(|scope| {
            // Analyser: each batch in parallel on the pool, collected in input order. It
            // returns the engine, or `None` when the run was cancelled or the writer stopped.
            let analyser = scope.spawn(move || -> Result<Option<(Engine, Duration)>, Error> {
                loop {
                    let msg = match doc_rx.recv_timeout(TICK) {
                        Ok(m) => m,
                        Err(mpsc::RecvTimeoutError::Timeout) if !cancelled(cancel) => continue,
                        Err(mpsc::RecvTimeoutError::Timeout) => return Ok(None),
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    };
                    if cancelled(cancel) {
                        return Ok(None);
                    }
                    let mut send = |b| rec_tx.send(b).is_ok();
                    let going = match msg {
                        Msg::Gazetteer(g, took) => {
                            let (g, names) = *g;
                            analyser.gazetteer(pool, g?, names, took, &mut send)
                        }
                        Msg::Batch(b) => analyser.batch(pool, b, &mut send),
                    };
                    if !going {
                        return Ok(None);
                    }
                }
                match analyser.engine {
                    Some(e) => Ok(Some(e)),
                    None => Err(Error::Threads("the gazetteer thread panicked".into())),
                }
            });
            // Writer: this thread, in input order. It owns the receiving end, so that an
            // analyser blocked on a full channel wakes up when the writer stops on an error.
            let write = || -> Result<(), Error> {
                let rec_rx = rec_rx;
                loop {
                    if cancelled(cancel) {
                        return Err(Error::Interrupted);
                    }
                    let Batch {
                        docs, skips, bytes, ..
                    } = match rec_rx.recv_timeout(TICK) {
                        Ok(b) => b,
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            progress.update(summary.documents, summary.bytes);
                            continue;
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    };
                    let mut skips = skips.into_iter().peekable();
                    let mut skip = |s: Skip, summary: &mut RunSummary, sink: &mut dyn Sink| {
                        progress.suspend(|| on_skip(&s));
                        let r = sink.skip(&s);
                        summary.skip(s);
                        r
                    };
                    for (i, d) in docs.into_iter().enumerate() {
                        while let Some((_, s)) = skips.next_if(|(at, _)| *at <= i) {
                            skip(s, summary, sink)?;
                        }
                        summary.duplicate_ids += u64::from(d.duplicate);
                        summary.count(&d.counts);
                        sink.record(d.rec.as_ref(), d.rows.as_ref())?;
                        spent.give_all(d.rows);
                    }
                    for (_, s) in skips {
                        skip(s, summary, sink)?;
                    }
                    sink.batch_done()?;
                    credits.release(bytes);
                    progress.update(summary.documents, summary.bytes);
                }
                // The analyser also stops on cancel, closing the channel: that is no end of
                // input.
                if cancelled(cancel) {
                    return Err(Error::Interrupted);
                }
                Ok(())
            };
            let written = write();
            let analysed = analyser
                .join()
                .unwrap_or_else(|_| Err(Error::Threads("the analyser thread panicked".into())));
            (written, analysed)
        });
        credits.close();
        progress.finish();
        // An analyser error (a gazetteer that failed to build) explains an early end of the
        // records, so it comes first.
        let written = match analysed {
            Err(e) => Err(e),
            Ok(None) => written.and(Err(if cancelled(cancel) {
                Error::Interrupted
            } else {
                Error::Threads("the analyser stopped early".into())
            })),
            Ok(Some((engine, took))) => {
                summary.build_time = took;
                summary.gazetteer_warnings = engine
                    .gazetteer
                    .warnings()
                    .iter()
                    .map(|w| w.to_string())
                    .collect();
                if written.is_ok() {
                    sink.places(&engine.gazetteer);
                }
                // Freeing the automata takes a while (13 to 87 M instructions): the system
                // does it at once at exit; otherwise let it happen beside the last writes.
                if plan.exiting {
                    std::mem::forget(engine);
                } else {
                    let _ = std::thread::Builder::new()
                        .name("khabar-drop".into())
                        .spawn(move || drop(engine));
                }
                written
            }
        };
        written?;
        // Every batch arrived, so the reader has finished: a panic there must not pass for
        // the end of the input.
        reader
            .join()
            .map_err(|_| Error::Threads("the reader thread panicked".into()))
    }
}

/// An analysed document for the writer: its rows when the sink has an encoder, its record
/// when there are none or the sink needs it, and its counts.
struct Done {
    rec: Option<DocumentRecord>,
    rows: Option<EncodedRows>,
    counts: DocCounts,
    /// An earlier document had the same id.
    duplicate: bool,
}

/// A batch of documents in input order, with the skips met while reading it.
struct Batch<T> {
    docs: Vec<T>,
    /// Each skip with the number of documents read before it in the batch.
    skips: Vec<(usize, Skip)>,
    /// Bytes of text in `docs`, held from [`Credits`] until the batch is written.
    bytes: u64,
    /// The documents (by index, ascending) whose id an earlier document of the run had.
    duplicates: Vec<usize>,
}

/// What the reader and the gazetteer builder send to the analyser.
enum Msg {
    /// The next batch of documents, in input order.
    Batch(Batch<Article>),
    /// The gazetteer and the name finder (unless `--no-discovery`), once built, and how
    /// long the gazetteer took.
    Gazetteer(
        Box<(Result<Gazetteer, Error>, Option<NameFinder>)>,
        Duration,
    ),
}

/// The analyser stage: batches in, analysed batches out, in input order.
///
/// Building the gazetteer is most of the start-up (about 0.4 s for 130k names), so with
/// two threads or more the analyser makes a head start: batches that arrive before the
/// gazetteer are analysed but for their gazetteer mentions ([`TextAnalysers::analyse`]),
/// which [`Engine::add_entities`] adds once it is built. This is the only place that knows;
/// [`Engine::process`] runs the same two halves one after the other. On Reuters-21578 with
/// a 130k-name gazetteer and two threads the head start saves about 0.25 s of 1.6 s.
struct Analyser {
    /// Whether to make a head start.
    early: bool,
    /// The buffers of each worker.
    scratch: Scratches,
    reference_date: Option<Date>,
    date_table: Arc<crate::anchor::DateTable>,
    /// The analysers that need no gazetteer, until the engine is built from them.
    parts: Option<(Tokenizer, DateNormalizer, PageSegmenter)>,
    /// The engine, once the gazetteer is built, and how long that took.
    engine: Option<(Engine, Duration)>,
    /// Batches that came before the gazetteer.
    pending: VecDeque<Pending>,
}

/// A batch that came before the gazetteer was ready.
enum Pending {
    /// Not analysed yet (one thread: the workers wait for the gazetteer).
    Raw(Batch<Article>),
    /// Analysed but for the gazetteer mentions.
    Text(Batch<DocumentRecord>),
}

impl Analyser {
    fn new(
        threads: usize,
        reference_date: Option<Date>,
        date_table: Arc<crate::anchor::DateTable>,
        encoder: Option<RowEncoder>,
        keep_records: bool,
    ) -> Analyser {
        Analyser {
            early: threads > 1,
            scratch: Scratches::new(threads, encoder, keep_records),
            reference_date,
            date_table,
            parts: Some(crate::text_analysers()),
            engine: None,
            pending: VecDeque::new(),
        }
    }

    /// Builds the engine with the gazetteer and finishes the batches that waited for it;
    /// `false` when `out` refused one.
    fn gazetteer(
        &mut self,
        pool: &rayon::ThreadPool,
        g: Gazetteer,
        names: Option<NameFinder>,
        took: Duration,
        out: &mut dyn FnMut(Batch<Done>) -> bool,
    ) -> bool {
        let Some((tokenizer, dates, pages)) = self.parts.take() else {
            return true;
        };
        let e = Engine::with_names(tokenizer, g, dates, pages, self.reference_date, names)
            .with_date_table(self.date_table.clone());
        while let Some(p) = self.pending.pop_front() {
            let b = match p {
                Pending::Raw(b) => par_batch(pool, &self.scratch, b, |w, a, dup| {
                    let keep = meta(&a);
                    let rec = guarded(keep, &mut w.scratch, |s| e.process(a, s));
                    w.done(rec, dup)
                }),
                Pending::Text(b) => par_batch(pool, &self.scratch, b, |w, mut r, dup| {
                    let keep = meta(&r.article);
                    let rec = guarded(keep, &mut w.scratch, |s| {
                        e.add_entities(&mut r, s);
                        r
                    });
                    w.done(rec, dup)
                }),
            };
            if !out(b) {
                return false;
            }
        }
        self.engine = Some((e, took));
        true
    }

    /// Analyses a batch, or keeps it (half done on a head start) until the gazetteer is
    /// built; `false` when `out` refused it.
    fn batch(
        &mut self,
        pool: &rayon::ThreadPool,
        b: Batch<Article>,
        out: &mut dyn FnMut(Batch<Done>) -> bool,
    ) -> bool {
        match (&self.engine, &self.parts) {
            (Some((e, _)), _) => {
                return out(par_batch(pool, &self.scratch, b, |w, a, dup| {
                    let keep = meta(&a);
                    let rec = guarded(keep, &mut w.scratch, |s| e.process(a, s));
                    w.done(rec, dup)
                }))
            }
            (None, Some((tokenizer, dates, pages))) if self.early => {
                let text = TextAnalysers {
                    tokenizer,
                    dates,
                    pages,
                    reference_date: self.reference_date,
                    date_table: &self.date_table,
                };
                let b = par_batch(pool, &self.scratch, b, |w, a, _| {
                    let keep = meta(&a);
                    guarded(keep, &mut w.scratch, |s| text.analyse(a, s))
                });
                self.pending.push_back(Pending::Text(b));
            }
            _ => self.pending.push_back(Pending::Raw(b)),
        }
        true
    }
}

/// Maps the documents of a batch in parallel on `pool`, in input order, each with the
/// [`Worker`] buffers of its thread and whether an earlier document had its id; the skips,
/// byte credits and duplicates go along unchanged.
fn par_batch<T: Send, U: Send>(
    pool: &rayon::ThreadPool,
    scratch: &Scratches,
    b: Batch<T>,
    f: impl Fn(&mut Worker, T, bool) -> U + Sync + Send,
) -> Batch<U> {
    let Batch {
        docs,
        skips,
        bytes,
        duplicates,
    } = b;
    let dups = &duplicates;
    // One document per piece: a worker done with its share takes the next document of
    // the other's, instead of idling while the other ends a run of 32 or 64 (rayon's pieces
    // for two threads) at the end of every batch.
    let docs = pool.install(|| {
        docs.into_par_iter()
            .with_max_len(1)
            .enumerate()
            .map(|(i, d)| scratch.with(|s| f(s, d, dups.binary_search(&i).is_ok())))
            .collect()
    });
    Batch {
        docs,
        skips,
        bytes,
        duplicates,
    }
}

/// Rows the writer is done with, handed back to the workers to encode the next documents
/// into: their buffers have grown to the size of a document's rows, and their memory is
/// already mapped.
#[derive(Default)]
struct SpentRows(std::sync::Mutex<Vec<EncodedRows>>);

impl SpentRows {
    /// Rows kept at most: about the documents in flight.
    const MAX: usize = 1024;
    /// Larger rows (of a huge document) are freed rather than kept.
    const MAX_BYTES: usize = 1 << 20;

    fn take(&self) -> EncodedRows {
        let mut v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        v.pop().unwrap_or_default()
    }

    fn give_all(&self, rows: Option<EncodedRows>) {
        if let Some(rows) = rows {
            self.give(rows);
        }
    }

    fn give(&self, rows: EncodedRows) {
        if rows.capacity() > Self::MAX_BYTES {
            return;
        }
        let mut v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if v.len() < Self::MAX {
            v.push(rows);
        }
    }
}

/// What a worker of the pool keeps from document to document: its [`Scratch`] and its
/// encoder of the sink's rows.
struct Worker {
    scratch: Scratch,
    encoder: Option<RowEncoder>,
    /// Whether the sink needs the records beside their rows.
    keep_records: bool,
    spent: Arc<SpentRows>,
}

impl Worker {
    fn new(encoder: Option<RowEncoder>, keep_records: bool, spent: Arc<SpentRows>) -> Worker {
        Worker {
            scratch: Scratch::default(),
            encoder,
            keep_records,
            spent,
        }
    }

    /// The document analysed, for the writer: the duplicate id noted, counted, its rows
    /// encoded here, on the worker that made the record (its memory still at hand), so that
    /// the writer only copies bytes; the record itself is freed here too, unless the sink
    /// needs it or the encoder failed on a strange record.
    fn done(&mut self, mut rec: DocumentRecord, duplicate: bool) -> Done {
        if duplicate {
            rec.diagnostics.push(Diagnostic::warning(
                "duplicate-id",
                "an earlier document has the same doc_id",
            ));
        }
        let counts = DocCounts::of(&rec);
        let rows = self.encoder.as_mut().and_then(|e| {
            let mut rows = self.spent.take();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                e.encode_into(&rec, &mut rows);
                rows
            }))
            .ok()
        });
        let rec = (rows.is_none() || self.keep_records).then_some(rec);
        Done {
            rec,
            rows,
            counts,
            duplicate,
        }
    }
}

/// One [`Worker`] per thread of the pool, kept from batch to batch: `map_init` would make
/// a new one for every piece rayon splits a batch into, and lose its grown buffers.
struct Scratches {
    workers: Vec<std::sync::Mutex<Worker>>,
    encoder: Option<RowEncoder>,
    keep_records: bool,
    spent: Arc<SpentRows>,
}

impl Scratches {
    fn new(workers: usize, encoder: Option<RowEncoder>, keep_records: bool) -> Scratches {
        let spent = Arc::new(SpentRows::default());
        Scratches {
            workers: (0..workers.max(1))
                .map(|_| {
                    std::sync::Mutex::new(Worker::new(encoder.clone(), keep_records, spent.clone()))
                })
                .collect(),
            encoder,
            keep_records,
            spent,
        }
    }

    fn worker(&self) -> Worker {
        Worker::new(self.encoder.clone(), self.keep_records, self.spent.clone())
    }

    /// Runs `f` with the buffers of the calling worker (fresh ones should they be in use).
    fn with<R>(&self, f: impl FnOnce(&mut Worker) -> R) -> R {
        let i = rayon::current_thread_index().unwrap_or(0) % self.workers.len();
        let cell = &self.workers[i];
        match cell.try_lock() {
            Ok(mut w) => f(&mut w),
            Err(std::sync::TryLockError::Poisoned(p)) => {
                let mut w = p.into_inner();
                *w = self.worker();
                cell.clear_poison();
                f(&mut w)
            }
            Err(std::sync::TryLockError::WouldBlock) => f(&mut self.worker()),
        }
    }
}

/// What an error record keeps of its document: id, origin, url and source.
fn meta(article: &Article) -> Article {
    Article {
        id: article.id.clone(),
        origin: article.origin.clone(),
        url: article.url.clone(),
        source: article.source.clone(),
        ..Article::default()
    }
}

/// Runs `f`, turning a panic on a strange document into an error record for the document
/// `keep`, so that one document never stops a run.
fn guarded(
    keep: Article,
    scratch: &mut Scratch,
    f: impl FnOnce(&mut Scratch) -> DocumentRecord,
) -> DocumentRecord {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut *scratch))) {
        Ok(r) => r,
        Err(p) => {
            *scratch = Scratch::default();
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let mut rec = DocumentRecord {
                article: keep,
                ..DocumentRecord::default()
            };
            rec.diagnostics.push(Diagnostic::error(
                "internal",
                format!("analysis failed, document left out: {msg}"),
            ));
            rec.articles.push(ArticleRecord {
                index: 1,
                ..Default::default()
            });
            rec
        }
    }
}

/// A budget of text bytes in flight between the reader and the writer: with the bounded
/// channels it keeps memory independent of the input, and lets a huge document through
/// only alone.
struct Credits {
    state: std::sync::Mutex<(u64, bool)>,
    freed: std::sync::Condvar,
    budget: u64,
}

impl Credits {
    /// Waits until `n` bytes fit (or nothing is in flight); `false` when the run is over.
    fn acquire(&self, n: u64, cancel: &Option<Arc<AtomicBool>>) -> bool {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !st.1 && st.0 > 0 && st.0 + n > self.budget {
            if cancelled(cancel) {
                return false;
            }
            st = self
                .freed
                .wait_timeout(st, TICK)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        st.0 += n;
        !st.1
    }

    fn release(&self, n: u64) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.0 = st.0.saturating_sub(n);
        self.freed.notify_all();
    }

    /// Wakes and stops the reader for good (the writer is gone).
    fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.freed.notify_all();
    }
}

pub(crate) fn cancelled(flag: &Option<Arc<AtomicBool>>) -> bool {
    flag.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
}

/// How often waiting threads look at the cancel flag and the progress display.
const TICK: Duration = Duration::from_millis(100);

/// The reader thread: every input in order, in batches.
fn read_batches(
    readers: Vec<InputReader>,
    cancel: &Option<Arc<AtomicBool>>,
    credits: &Credits,
    tx: mpsc::SyncSender<Msg>,
    batch_size: usize,
    batch_bytes: usize,
) {
    let new_batch = || Batch {
        docs: Vec::with_capacity(batch_size),
        skips: Vec::new(),
        bytes: 0,
        duplicates: Vec::new(),
    };
    // The ids met so far: a document whose id an earlier one had gets a warning.
    let mut seen: HashSet<u64> = HashSet::new();
    let mut batch = new_batch();
    for reader in readers {
        for item in reader {
            if cancelled(cancel) {
                return;
            }
            match item {
                Item::Article(a) => {
                    if !seen.insert(id_hash(&a.id)) {
                        batch.duplicates.push(batch.docs.len());
                    }
                    batch.bytes += a.text.len() as u64;
                    batch.docs.push(a);
                }
                Item::Skip(s) => batch.skips.push((batch.docs.len(), s)),
            }
            let full = batch.docs.len() >= batch_size
                || batch.bytes >= batch_bytes as u64
                || batch.skips.len() >= batch_size;
            if full
                && (!credits.acquire(batch.bytes, cancel)
                    || tx
                        .send(Msg::Batch(std::mem::replace(&mut batch, new_batch())))
                        .is_err())
            {
                return;
            }
        }
    }
    if (!batch.docs.is_empty() || !batch.skips.is_empty()) && credits.acquire(batch.bytes, cancel) {
        let _ = tx.send(Msg::Batch(batch));
    }
}

fn id_hash(id: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

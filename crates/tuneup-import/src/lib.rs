//! The import pipeline: walks what the runner points at, decodes files on every core, sets
//! aside files already imported and second recordings of the same run, and writes the rest
//! to the store in batched transactions. Reports what became of every file.
//!
//! Threads: one walker reads files (lazily, one at a time), `workers` threads decode them,
//! and the calling thread owns the store and writes. The channels between them are bounded,
//! so memory holds a few files and one batch, however large the history.

mod dedupe;
#[cfg(any(test, feature = "bench-history"))]
pub mod history;
mod local_time;
mod report;
mod writer;

pub use local_time::{LocalTimeRefresh, refresh_local_time, settle_offset};
pub use report::{Counts, FileOutcome, FileReport, ImportReport};
pub use tuneup_formats::Location;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use tuneup_core::AthleteId;
use tuneup_core::load::{self, LoadDigest};
use tuneup_core::model::Activity;
use tuneup_formats::{Decoded, SourceError, SourceFile};
use tuneup_store::{Store, StoreError};

/// How the import spreads its work.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Decoding threads.
    pub workers: usize,
    /// Activities written per transaction.
    pub batch_activities: usize,
    /// Original and stream bytes held before a batch is written, whatever its length.
    pub batch_bytes: usize,
    /// Files waiting between the stages (bounds memory).
    pub queue: usize,
    /// The runner's time zone, for files that say neither their offset nor where they were
    /// recorded.
    pub runner_zone: tuneup_core::timezone::Tz,
    /// Bring back the activities the runner removed from these files (`import --restore`);
    /// otherwise a removed activity stays removed and the report says so.
    pub restore: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            batch_activities: 200,
            batch_bytes: 48 << 20,
            queue: 8,
            runner_zone: tuneup_core::timezone::Tz::UTC,
            restore: false,
        }
    }
}

/// How far the import has got, for a progress bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files handled so far.
    pub files: usize,
    /// Their bytes as found (zip members count their uncompressed size).
    pub bytes: u64,
    /// Files whose outcome is committed (a file is stored whole or not at all).
    pub files_finished: usize,
    /// Activities committed to the database so far.
    pub activities_stored: usize,
}

/// Imports every file under `paths` into `store`, as `athlete`'s. Never stops at a bad file:
/// each one gets its line in the report. Files found earlier stay stored whatever happens to
/// later ones.
pub fn import(
    store: &mut dyn Store,
    athlete: AthleteId,
    paths: &[PathBuf],
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> ImportReport {
    let workers = options.workers.max(1);
    let queue = options.queue.max(1);
    let (job_tx, job_rx) = sync_channel::<Job>(queue);
    let (done_tx, done_rx) = sync_channel::<Done>(queue);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let mut writer = writer::Writer::new(store, athlete, options);
    let mut done = Progress::default();
    // Files are handed to the writer in walk order, whichever decoding thread finishes first:
    // what a later file is compared with must not depend on timing. The walker runs at most
    // `window` files ahead of the writer, which bounds the files waiting to be reordered.
    let window = Window::new(queue * 2 + workers);

    let unrecognised = std::thread::scope(|scope| {
        let walker_done = done_tx.clone();
        let walker_window = &window;
        let walker = scope.spawn(move || walk_files(paths, job_tx, walker_done, walker_window));
        let zone = options.runner_zone;
        for _ in 0..workers {
            let jobs = Arc::clone(&job_rx);
            let results = done_tx.clone();
            scope.spawn(move || decode_files(&jobs, &results, zone));
        }
        // Only the stages' own senders remain, so the loop ends when they have all finished.
        drop(done_tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for finished in done_rx {
            waiting.insert(finished.seq, finished);
            while let Some(finished) = waiting.remove(&next) {
                next += 1;
                window.written(next, finished.size);
                done.files += 1;
                done.bytes += finished.size;
                writer.handle(finished);
                (done.files_finished, done.activities_stored) = writer.finished();
                progress(done);
            }
        }
        // A stage that died early leaves a gap: hand on what came, still in order.
        for (_, finished) in waiting {
            done.files += 1;
            done.bytes += finished.size;
            writer.handle(finished);
            (done.files_finished, done.activities_stored) = writer.finished();
            progress(done);
        }
        window.close();
        walker.join().unwrap_or(0)
    });
    let mut report = writer.finish();
    report.unrecognised_files = unrecognised;
    report
}

/// The load digest the store keeps with `activity`: of its streams as they will be stored
/// (quantised to the stored steps), so it equals a digest recomputed from the stored blob.
/// `None` without streams. The one place the digest of a new activity is worked out: the
/// decoding threads, `activity add` and the demo all call it.
pub fn stored_digest(activity: &Activity) -> Option<LoadDigest> {
    let streams = activity.streams.as_ref().filter(|s| !s.is_empty())?;
    Some(load::digest(&streams.quantised()))
}

/// Works out again every load digest of `athlete` that is missing or was stored by another
/// version of the digest ([`LoadDigest::VERSION`]), from the streams as stored, and returns how
/// many it replaced. Backend-neutral: it goes through the [`Store`] trait only, so every
/// backend gets the same digests. Run whenever a store is opened; with nothing stale it is one
/// query. An activity whose streams no longer decode keeps what it has (its loads fall back
/// to its summaries) rather than stopping the store from opening.
pub fn refresh_digests(store: &mut dyn Store, athlete: AthleteId) -> Result<usize, StoreError> {
    let stale = store.activities_with_stale_digest(athlete, LoadDigest::VERSION)?;
    let mut refreshed = 0;
    // A few hundred per transaction: one commit per activity would make a first open after an
    // upgrade slow, one for all would hold a ten-year history's write lock for long.
    for chunk in stale.chunks(200) {
        store.in_transaction(&mut |store| {
            for &id in chunk {
                // One activity's streams at a time: a history's streams are far bigger than
                // its digests.
                let streams = match store.activity(athlete, id) {
                    Ok(Some(record)) => record.item.streams,
                    Ok(None) | Err(StoreError::Corrupt { .. }) => None,
                    Err(error) => return Err(error),
                };
                let Some(streams) = streams.filter(|s| !s.is_empty()) else {
                    continue;
                };
                // Read back from the store, the streams are already at the stored steps.
                store.set_load_digest(athlete, id, &load::digest(&streams))?;
                refreshed += 1;
            }
            Ok(())
        })?;
    }
    Ok(refreshed)
}

/// One file to decode, numbered in walk order so the report can keep that order.
struct Job {
    seq: usize,
    file: SourceFile,
}

/// One file decoded (or not).
struct Done {
    seq: usize,
    name: String,
    size: u64,
    outcome: Outcome,
}

enum Outcome {
    Activities {
        activities: Vec<Activity>,
        warnings: Vec<String>,
        /// The file as found, kept by the store.
        original: Vec<u8>,
    },
    NotAnActivity(String),
    Failed(String, Option<Location>),
}

/// How far the walker may run ahead of the writer: in files, and in bytes of files read but
/// not yet handed to the writer (the memory budget; one file is always let through, and no
/// file is larger than `tuneup_formats::archive::MAX_FILE_BYTES`, which is below it).
struct Window {
    size: usize,
    budget: u64,
    state: Mutex<WindowState>,
    moved: Condvar,
}

#[derive(Default)]
struct WindowState {
    /// Files handed to the writer so far, or `usize::MAX` once the writer is gone.
    written: usize,
    /// Bytes of files read and not yet handed to the writer.
    held: u64,
}

/// Bytes of files in flight between the walker and the writer.
pub const MEMORY_BUDGET: u64 = 256 << 20;

impl Window {
    fn new(size: usize) -> Self {
        Window {
            size: size.max(1),
            budget: MEMORY_BUDGET,
            state: Mutex::new(WindowState::default()),
            moved: Condvar::new(),
        }
    }

    /// Blocks the walker until file `seq` may be read: it is within `size` files of the
    /// writer, and the files in flight are within the budget.
    fn admit(&self, seq: usize) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        while state.written != usize::MAX
            && (seq >= state.written.saturating_add(self.size)
                || (state.held > 0 && state.held >= self.budget))
        {
            state = match self.moved.wait(state) {
                Ok(guard) => guard,
                Err(_) => return,
            };
        }
    }

    /// Counts a file read by the walker against the budget.
    fn hold(&self, bytes: u64) {
        if let Ok(mut state) = self.state.lock() {
            state.held += bytes;
        }
    }

    /// The writer has taken `count` files in all, the last of `bytes`.
    fn written(&self, count: usize, bytes: u64) {
        if let Ok(mut state) = self.state.lock() {
            state.written = count;
            state.held = state.held.saturating_sub(bytes);
        }
        self.moved.notify_all();
    }

    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.written = usize::MAX;
        }
        self.moved.notify_all();
    }
}

fn walk_files(
    paths: &[PathBuf],
    jobs: SyncSender<Job>,
    results: SyncSender<Done>,
    window: &Window,
) -> usize {
    let mut walk = tuneup_formats::walk(paths.iter().map(PathBuf::as_path));
    for seq in 0.. {
        // Before reading the file: the walker holds no file while it waits.
        window.admit(seq);
        // A bug in the walk must fail the import loudly (exit 3), never end it quietly.
        let item = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| walk.next())) {
            Ok(Some(item)) => item,
            Ok(None) => break,
            Err(panic) => {
                let done = Done {
                    seq,
                    name: paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    size: 0,
                    outcome: Outcome::Failed(
                        format!(
                            "the file walk crashed ({}); files after this point were not read",
                            panic_message(&panic)
                        ),
                        None,
                    ),
                };
                let _ = results.send(done);
                break;
            }
        };
        if let Ok(file) = &item {
            // Admitted by size against the memory budget for files in flight.
            window.hold(file.bytes.len() as u64);
        }
        let sent = match item {
            Ok(file) => jobs.send(Job { seq, file }).is_ok(),
            Err(error) => {
                let name = source_error_name(&error);
                let reason = strip_name(&error_chain(&error), &name);
                let outcome = match error {
                    // Not a file to import, and said why: a FIFO, a device, a folder met
                    // again through a link.
                    SourceError::Special { .. }
                    | SourceError::Loop { .. }
                    | SourceError::Unrecognised { .. } => Outcome::NotAnActivity(reason),
                    _ => Outcome::Failed(reason, None),
                };
                let done = Done {
                    seq,
                    name,
                    size: 0,
                    outcome,
                };
                results.send(done).is_ok()
            }
        };
        if !sent {
            break;
        }
    }
    walk.skipped()
}

fn decode_files(
    jobs: &Mutex<Receiver<Job>>,
    results: &SyncSender<Done>,
    zone: tuneup_core::timezone::Tz,
) {
    loop {
        // The lock is held only while taking a job, not while decoding it.
        let job = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(Job { seq, file }) = job else { return };
        let done = decode_one(seq, file, zone);
        if results.send(done).is_err() {
            return;
        }
    }
}

fn decode_one(seq: usize, file: SourceFile, zone: tuneup_core::timezone::Tz) -> Done {
    let size = file.bytes.len() as u64;
    // A decoder bug must cost one file, not the whole import.
    let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        tuneup_formats::decode(&file)
    }));
    let outcome = match decoded {
        Ok(Ok(Decoded::Activities {
            mut activities,
            warnings,
        })) => {
            // The digest is worked out here, on the decoding threads, once per activity;
            // the hash of the file once per file, by the decoder (`source.file_sha256`).
            for activity in &mut activities {
                settle_offset(activity, zone);
                activity.digest = stored_digest(activity);
            }
            Outcome::Activities {
                activities,
                warnings,
                original: file.bytes,
            }
        }
        Ok(Ok(Decoded::NotAnActivity { reason })) => Outcome::NotAnActivity(reason),
        Ok(Err(error)) => {
            let place = error.location();
            Outcome::Failed(strip_name(&error_chain(&error), &file.name), place)
        }
        Err(panic) => Outcome::Failed(
            format!(
                "the decoder crashed on this file ({}); please report it",
                panic_message(&panic)
            ),
            None,
        ),
    };
    Done {
        seq,
        name: file.name,
        size,
        outcome,
    }
}

/// What a panic said, when it said it as text.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a bug".to_string())
}

fn source_error_name(error: &SourceError) -> String {
    match error {
        SourceError::Io { path, .. } => path.display().to_string(),
        SourceError::Special { path, .. }
        | SourceError::Loop { path }
        | SourceError::Unrecognised { path } => path.display().to_string(),
        SourceError::Zip { name, .. }
        | SourceError::TooLarge { name, .. }
        | SourceError::Bomb { name, .. }
        | SourceError::TooDeep { name, .. }
        | SourceError::StravaCsv { name, .. } => name.clone(),
    }
}

/// The error and its causes on one line: "what: because: because".
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// Decoder messages start with the file name, which the report already shows.
fn strip_name(message: &str, name: &str) -> String {
    message
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(message)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_is_not_repeated_in_the_reason() {
        assert_eq!(
            strip_name("a.fit: FIT byte 3: cut", "a.fit"),
            "FIT byte 3: cut"
        );
        assert_eq!(strip_name("other: x", "a.fit"), "other: x");
    }
}

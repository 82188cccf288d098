//! The store side of the import: recognises files already imported and runs already stored,
//! and writes whole files in batched transactions.
//!
//! A file is all or nothing: its activities, the stored activities its richer recordings
//! replace and the duplicate decisions it causes are written together, inside one savepoint
//! in its batch's transaction, or not at all. Everything a file's placement depends on (was
//! this file imported before? is this run stored already?) is read inside that same writing
//! transaction, which begins IMMEDIATE: a second import into the same database waits for the
//! batch to commit and then sees it, so two imports never both store a file. The store
//! refuses a file's session placed twice anyway (`Original::index`).

use crate::dedupe::{self, keeps_stored};
use crate::report::{FileOutcome, FileReport, ImportReport};
use crate::{Done, ImportOptions, Outcome, error_chain};
use tuneup_core::AthleteId;
use tuneup_core::model::Activity;
use tuneup_store::{NewActivity, Original, Store, StoreError};

/// A decoded file waiting for the next batch.
struct PendingFile {
    seq: usize,
    name: String,
    size: u64,
    warnings: Vec<String>,
    original: Vec<u8>,
    /// SHA-256 of `original` (hex), as the decoder worked it out.
    sha256: Option<String>,
    activities: Vec<Activity>,
}

impl PendingFile {
    fn weight(&self) -> usize {
        let samples: usize = self
            .activities
            .iter()
            .filter_map(|a| a.streams.as_ref())
            .map(|s| s.len())
            .sum();
        // Decoded streams take about 60 bytes a sample in memory.
        self.original.len() + samples * 60
    }
}

pub(crate) struct Writer<'s> {
    store: &'s mut dyn Store,
    /// Whose activities these are.
    athlete: AthleteId,
    /// Place again the sessions the runner removed (`ImportOptions::restore`).
    restore: bool,
    batch_activities: usize,
    batch_bytes: usize,
    pending: Vec<PendingFile>,
    pending_activities: usize,
    pending_bytes: usize,
    done: Vec<(usize, FileReport)>,
    /// Activities committed so far (what an interrupted import has kept).
    stored: usize,
}

impl<'s> Writer<'s> {
    pub(crate) fn new(
        store: &'s mut dyn Store,
        athlete: AthleteId,
        options: &ImportOptions,
    ) -> Self {
        Writer {
            store,
            athlete,
            restore: options.restore,
            batch_activities: options.batch_activities.max(1),
            batch_bytes: options.batch_bytes,
            pending: Vec::new(),
            pending_activities: 0,
            pending_bytes: 0,
            done: Vec::new(),
            stored: 0,
        }
    }

    /// Takes the next decoded file, in walk order (the caller reorders what the decoding
    /// threads finish), so which copy of a run is met first never depends on timing.
    pub(crate) fn handle(&mut self, file: Done) {
        let Done {
            seq,
            name,
            size,
            outcome,
        } = file;
        let (activities, warnings, original) = match outcome {
            Outcome::Failed(reason, at) => {
                return self.finish_file(seq, name, size, Vec::new(), {
                    FileOutcome::Failed { reason, at }
                });
            }
            Outcome::NotAnActivity(reason) => {
                return self.finish_file(seq, name, size, Vec::new(), {
                    FileOutcome::Skipped { reason }
                });
            }
            Outcome::Activities {
                activities,
                warnings,
                original,
            } => (activities, warnings, original),
        };
        let sha256 = activities
            .first()
            .and_then(|a| a.source.file_sha256.clone());
        let file = PendingFile {
            seq,
            name,
            size,
            warnings,
            original,
            sha256,
            activities,
        };
        self.pending_activities += file.activities.len();
        self.pending_bytes += file.weight();
        self.pending.push(file);
        if self.pending_activities >= self.batch_activities
            || self.pending_bytes >= self.batch_bytes
        {
            self.flush();
        }
    }

    /// Writes the waiting files in one transaction, each file in its own savepoint so a file
    /// the store refuses is rolled back alone and named. If the batch itself cannot commit,
    /// each file is tried again in a transaction of its own.
    fn flush(&mut self) {
        let files = std::mem::take(&mut self.pending);
        self.pending_activities = 0;
        self.pending_bytes = 0;
        if files.is_empty() {
            return;
        }
        let (athlete, restore) = (self.athlete, self.restore);
        let mut outcomes = Vec::with_capacity(files.len());
        let batch = self.store.in_transaction(&mut |tx| {
            // A retried action starts again from nothing.
            outcomes.clear();
            for file in &files {
                outcomes.push(write_file(tx, athlete, file, restore));
            }
            Ok(())
        });
        if batch.is_err() {
            outcomes = files
                .iter()
                .map(|file| write_file(&mut *self.store, athlete, file, restore))
                .collect();
        }
        for (file, outcome) in files.into_iter().zip(outcomes) {
            self.finish_file(file.seq, file.name, file.size, file.warnings, outcome);
        }
    }

    fn finish_file(
        &mut self,
        seq: usize,
        file: String,
        bytes: u64,
        warnings: Vec<String>,
        outcome: FileOutcome,
    ) {
        if let FileOutcome::Imported { activities, .. } = &outcome {
            self.stored += activities.len();
        }
        self.done.push((
            seq,
            FileReport {
                file,
                bytes,
                outcome,
                warnings,
            },
        ));
    }

    /// Files whose outcome is final (stored, or known not to be), and the activities
    /// committed: what survives if the import stops now.
    pub(crate) fn finished(&self) -> (usize, usize) {
        (self.done.len(), self.stored)
    }

    /// Writes what is still waiting and returns the report in walk order.
    pub(crate) fn finish(mut self) -> ImportReport {
        self.flush();
        let mut done = self.done;
        done.sort_by_key(|(seq, _)| *seq);
        ImportReport {
            files: done.into_iter().map(|(_, report)| report).collect(),
            unrecognised_files: 0,
        }
    }
}

/// Writes one whole file, or nothing of it: its own transaction, or a savepoint when the
/// store is already inside one.
fn write_file(
    store: &mut dyn Store,
    athlete: AthleteId,
    file: &PendingFile,
    restore: bool,
) -> FileOutcome {
    let mut placed = None;
    let written = store.in_transaction(&mut |tx| {
        placed = Some(place_file(tx, athlete, file, restore)?);
        Ok(())
    });
    match (written, placed) {
        (Ok(()), Some(outcome)) => outcome,
        (Err(error), _) => {
            // Another import got there first: the file is stored, once.
            if matches!(error, StoreError::Conflict { .. }) {
                return FileOutcome::AlreadyImported;
            }
            FileOutcome::Failed {
                reason: format!("cannot store it: {}", error_chain(&error)),
                at: None,
            }
        }
        (Ok(()), None) => FileOutcome::Failed {
            reason: "cannot store it: the store skipped the write".to_string(),
            at: None,
        },
    }
}

/// Decides where each activity of `file` goes (a new row, a replacement of the stored
/// recording of the same run, or a recorded duplicate of it) and writes it, all through
/// `store`, which the caller has inside a transaction. A file imported before places nothing
/// again, except, with `restore`, the sessions the runner removed.
fn place_file(
    store: &mut dyn Store,
    athlete: AthleteId,
    file: &PendingFile,
    restore: bool,
) -> Result<FileOutcome, StoreError> {
    let mut sessions: Vec<usize> = (0..file.activities.len()).collect();
    if let Some(sha) = &file.sha256
        && store.has_original(athlete, sha)?
    {
        // Before, or earlier in this run (a file both in a folder and in a zip).
        let removed = store.removed_sessions(athlete, sha)?;
        let Some(last) = removed.iter().map(|r| r.removed_at).max() else {
            return Ok(FileOutcome::AlreadyImported);
        };
        if !restore {
            return Ok(FileOutcome::Removed {
                sessions: removed.len(),
                of: file.activities.len(),
                removed_at: last,
            });
        }
        sessions.clear();
        for session in removed {
            store.restore_session(athlete, sha, session.index)?;
            sessions.extend(
                usize::try_from(session.index)
                    .ok()
                    .filter(|&i| i < file.activities.len()),
            );
        }
    }
    let mut new = Vec::new();
    let mut replaced = Vec::new();
    let mut duplicate_of = Vec::new();
    for index in sessions {
        let activity = &file.activities[index];
        let candidates = store.activities_starting_between(
            athlete,
            activity.start - dedupe::START_WINDOW,
            activity.start + dedupe::START_WINDOW,
        )?;
        let Some(stored) = candidates
            .into_iter()
            .filter(|r| dedupe::same_run(&r.item, activity))
            .min_by_key(|r| ((r.item.start - activity.start).abs(), r.id))
        else {
            new.push(new_activity(file, activity, index));
            continue;
        };
        // The listing has no streams; the comparison needs them.
        let stored = store.activity(athlete, stored.id)?.unwrap_or(stored);
        if keeps_stored(&stored.item, activity) {
            let reason = dedupe::reason(&stored.item, activity);
            store.record_duplicate(
                athlete,
                stored.id,
                new_activity(file, activity, index),
                &reason,
            )?;
            duplicate_of.push(stored.id);
        } else {
            let reason = dedupe::reason(activity, &stored.item);
            store.replace_activity(
                athlete,
                stored.id,
                new_activity(file, activity, index),
                &reason,
            )?;
            replaced.push(stored.id);
        }
    }
    if new.is_empty() {
        return Ok(if replaced.is_empty() {
            FileOutcome::Duplicate { of: duplicate_of }
        } else {
            FileOutcome::Imported {
                activities: replaced.clone(),
                replaced,
                duplicate_of,
            }
        });
    }
    let mut activities = store.add_activities(athlete, &new)?;
    activities.extend(replaced.iter().copied());
    Ok(FileOutcome::Imported {
        activities,
        replaced,
        duplicate_of,
    })
}

/// What the store is handed for the `index`th activity of a file: the file's bytes under the
/// hash the decoder gave, and the digest the decoding thread worked out.
fn new_activity<'a>(
    file: &'a PendingFile,
    activity: &'a Activity,
    index: usize,
) -> NewActivity<'a> {
    NewActivity {
        activity,
        original: file.sha256.as_deref().map(|sha256| Original {
            bytes: &file.original,
            sha256,
            name: activity.source.file_name.as_deref(),
            index: u32::try_from(index).unwrap_or(u32::MAX),
        }),
        digest: activity.digest.as_ref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use tuneup_core::model::{ActivitySource, SampleStreams, SourceKind};
    use tuneup_core::units::{Meters, Seconds};
    use tuneup_core::vocab::Sport;
    use tuneup_store::sqlite::SqliteStore;
    use tuneup_store::{ActivityQuery, Page};

    fn decoded(seq: usize, day: i64, samples: usize, heart_rates: usize) -> Done {
        let original = format!("file {seq}").into_bytes();
        let activity = Activity {
            sport: Sport::Running,
            start: Utc.timestamp_opt(1_700_000_000 + day * 86_400, 0).unwrap(),
            utc_offset_s: 0,
            offset_source: tuneup_core::model::OffsetSource::Profile,
            implausible: None,
            crc_mismatch: false,
            elapsed: Seconds(samples as f64),
            moving: Seconds(samples as f64),
            distance: Meters(1000.0),
            elevation_gain: None,
            heart_rate: None,
            rpe: None,
            title: None,
            kind: None,
            source: ActivitySource {
                kind: SourceKind::Fit,
                file_sha256: Some({
                    use sha2::Digest;
                    hex::encode(sha2::Sha256::digest(&original))
                }),
                file_name: Some(format!("{seq}.fit")),
                device: None,
            },
            streams: Some(SampleStreams {
                time_s: (0..samples).map(|t| t as f64).collect(),
                heart_rate_bpm: vec![140; heart_rates],
                ..SampleStreams::default()
            }),
            digest: None,
        };
        Done {
            seq,
            name: format!("{seq}.fit"),
            size: original.len() as u64,
            outcome: Outcome::Activities {
                activities: vec![activity],
                warnings: Vec::new(),
                original,
            },
        }
    }

    #[test]
    fn a_failed_batch_is_retried_per_file_and_only_the_bad_one_fails() {
        let mut store = SqliteStore::in_memory().unwrap();
        let options = ImportOptions {
            batch_activities: 3,
            ..ImportOptions::default()
        };
        let mut writer = Writer::new(&mut store, AthleteId::LOCAL, &options);
        writer.handle(decoded(0, 0, 10, 10));
        writer.flush();
        // The next three go in one batch.
        writer.handle(decoded(1, 1, 10, 10));
        // Streams of unequal length: the store refuses this one, so the batch fails.
        writer.handle(decoded(2, 2, 10, 3));
        writer.handle(decoded(3, 3, 10, 10));
        let report = writer.finish();

        let outcomes: Vec<&FileOutcome> = report.files.iter().map(|f| &f.outcome).collect();
        assert!(matches!(outcomes[0], FileOutcome::Imported { .. }));
        assert!(matches!(outcomes[1], FileOutcome::Imported { .. }));
        assert!(
            matches!(outcomes[2], FileOutcome::Failed { reason, .. } if reason.starts_with("cannot store it")),
            "{outcomes:?}"
        );
        assert!(matches!(outcomes[3], FileOutcome::Imported { .. }));
        let stored = store
            .activities(AthleteId::LOCAL, &ActivityQuery::default())
            .unwrap();
        assert_eq!(stored.len(), 3);
        let names: Vec<_> = stored
            .iter()
            .map(|r| r.item.source.file_name.clone().unwrap())
            .collect();
        assert_eq!(names, ["0.fit", "1.fit", "3.fit"]);
        use sha2::Digest;
        let bad = hex::encode(sha2::Sha256::digest(b"file 2"));
        assert!(
            !store.has_original(AthleteId::LOCAL, &bad).unwrap(),
            "no half-written file"
        );
    }

    #[test]
    fn a_run_waiting_in_the_batch_is_compared_before_it_is_written() {
        let mut store = SqliteStore::in_memory().unwrap();
        let options = ImportOptions::default();
        let mut writer = Writer::new(&mut store, AthleteId::LOCAL, &options);
        writer.handle(decoded(0, 0, 10, 0));
        writer.handle(decoded(1, 0, 10, 10)); // same run, with heart rate
        writer.handle(decoded(2, 0, 10, 0)); // same run again, poorer
        let report = writer.finish();
        let id = match &report.files[1].outcome {
            FileOutcome::Imported {
                activities,
                replaced,
                ..
            } => {
                assert_eq!(activities, replaced);
                activities[0]
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(
            report.files[2].outcome,
            FileOutcome::Duplicate { of: vec![id] }
        );
        let stored = store
            .activities(AthleteId::LOCAL, &ActivityQuery::default())
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].item.source.file_name.as_deref(), Some("1.fit"));
        assert_eq!(
            store
                .duplicate_decisions(AthleteId::LOCAL, Page::ALL)
                .unwrap()
                .len(),
            2
        );
    }

    /// One file holding the activities of `parts` (each as `decoded` makes them).
    fn file_of(seq: usize, parts: Vec<Done>) -> Done {
        let original = format!("file {seq}").into_bytes();
        let sha = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&original))
        };
        let mut activities = Vec::new();
        for part in parts {
            let Outcome::Activities { activities: a, .. } = part.outcome else {
                unreachable!()
            };
            activities.extend(a);
        }
        for activity in &mut activities {
            activity.source.file_sha256 = Some(sha.clone());
            activity.source.file_name = Some(format!("{seq}.fit"));
        }
        Done {
            seq,
            name: format!("{seq}.fit"),
            size: original.len() as u64,
            outcome: Outcome::Activities {
                activities,
                warnings: Vec::new(),
                original,
            },
        }
    }

    #[test]
    fn a_file_is_stored_whole_or_not_at_all() {
        let mut store = SqliteStore::in_memory().unwrap();
        let options = ImportOptions::default();
        let mut writer = Writer::new(&mut store, AthleteId::LOCAL, &options);
        writer.handle(decoded(0, 0, 10, 0));
        writer.flush();
        // File 1: a richer recording of the stored run (a replacement), a poorer recording
        // of it (a duplicate decision), a new run, then one the store refuses.
        writer.handle(file_of(
            1,
            vec![
                decoded(1, 0, 10, 10),
                decoded(1, 0, 10, 0),
                decoded(1, 5, 10, 10),
                decoded(1, 6, 10, 3),
            ],
        ));
        writer.handle(decoded(2, 8, 10, 10));
        let report = writer.finish();
        assert!(
            matches!(&report.files[1].outcome, FileOutcome::Failed { reason, .. } if reason.starts_with("cannot store it")),
            "{report:#?}"
        );
        assert!(matches!(
            report.files[2].outcome,
            FileOutcome::Imported { .. }
        ));
        let me = AthleteId::LOCAL;
        let stored = store.activities(me, &ActivityQuery::default()).unwrap();
        let names: Vec<_> = stored
            .iter()
            .map(|r| r.item.source.file_name.clone().unwrap())
            .collect();
        assert_eq!(
            names,
            ["0.fit", "2.fit"],
            "nothing of file 1 replaced or added"
        );
        assert!(store.duplicate_decisions(me, Page::ALL).unwrap().is_empty());
        use sha2::Digest;
        let sha = hex::encode(sha2::Sha256::digest(b"file 1"));
        assert!(!store.has_original(me, &sha).unwrap());
    }

    #[test]
    fn equally_rich_copies_keep_the_same_one_whatever_the_order() {
        let kept = |order: [usize; 2]| {
            let mut store = SqliteStore::in_memory().unwrap();
            let options = ImportOptions::default();
            let mut writer = Writer::new(&mut store, AthleteId::LOCAL, &options);
            for (seq, file) in order.into_iter().enumerate() {
                let mut done = decoded(file, 0, 10, 10);
                done.seq = seq;
                writer.handle(done);
            }
            writer.finish();
            let stored = store
                .activities(AthleteId::LOCAL, &ActivityQuery::default())
                .unwrap();
            assert_eq!(stored.len(), 1);
            stored[0].item.source.file_name.clone().unwrap()
        };
        assert_eq!(kept([0, 1]), kept([1, 0]));
        assert_eq!(kept([3, 4]), kept([4, 3]));
    }
}

//! The store side of the import: recognises files already imported and runs already stored,
//! and writes new activities in batched transactions. A batch that fails is retried file
//! by file, so one bad file is isolated and every other one lands.

use crate::dedupe::{self, richness};
use crate::report::{FileOutcome, FileReport, ImportReport};
use crate::{Done, ImportOptions, Outcome, error_chain};
use std::collections::HashSet;
use tuneup_core::model::Activity;
use tuneup_core::{AthleteId, Id};
use tuneup_store::{NewActivity, Original, Store};

/// A decoded file whose new activities wait for the next batch.
struct PendingFile {
    seq: usize,
    name: String,
    size: u64,
    warnings: Vec<String>,
    original: Vec<u8>,
    /// SHA-256 of `original` (hex), as the decoder worked it out.
    sha256: Option<String>,
    new: Vec<Activity>,
    replaced: Vec<Id>,
    duplicate_of: Vec<Id>,
}

impl PendingFile {
    fn weight(&self) -> usize {
        let samples: usize = self
            .new
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
    batch_activities: usize,
    batch_bytes: usize,
    pending: Vec<PendingFile>,
    pending_activities: usize,
    pending_bytes: usize,
    /// Hashes of files met in this run, so a file found twice (in a folder and in a zip)
    /// counts once.
    seen: HashSet<String>,
    done: Vec<(usize, FileReport)>,
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
            batch_activities: options.batch_activities.max(1),
            batch_bytes: options.batch_bytes,
            pending: Vec::new(),
            pending_activities: 0,
            pending_bytes: 0,
            seen: HashSet::new(),
            done: Vec::new(),
        }
    }

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
        let sha = activities
            .first()
            .and_then(|a| a.source.file_sha256.clone());
        if let Some(sha) = &sha {
            let known = match self.store.has_original(self.athlete, sha) {
                Ok(known) => known,
                Err(error) => {
                    let reason = error_chain(&error);
                    let outcome = FileOutcome::Failed { reason, at: None };
                    return self.finish_file(seq, name, size, warnings, outcome);
                }
            };
            if !self.seen.insert(sha.clone()) || known {
                return self.finish_file(seq, name, size, warnings, FileOutcome::AlreadyImported);
            }
        }
        let mut file = PendingFile {
            seq,
            name,
            size,
            warnings,
            original,
            sha256: sha,
            new: Vec::new(),
            replaced: Vec::new(),
            duplicate_of: Vec::new(),
        };
        for activity in activities {
            if let Err(reason) = self.place(&mut file, activity) {
                let outcome = FileOutcome::Failed { reason, at: None };
                return self.finish_file(file.seq, file.name, file.size, file.warnings, outcome);
            }
        }
        if file.new.is_empty() {
            let outcome = if file.replaced.is_empty() {
                FileOutcome::Duplicate {
                    of: file.duplicate_of,
                }
            } else {
                FileOutcome::Imported {
                    activities: file.replaced.clone(),
                    replaced: file.replaced,
                    duplicate_of: file.duplicate_of,
                }
            };
            return self.finish_file(file.seq, file.name, file.size, file.warnings, outcome);
        }
        self.pending_activities += file.new.len();
        self.pending_bytes += file.weight();
        self.pending.push(file);
        if self.pending_activities >= self.batch_activities
            || self.pending_bytes >= self.batch_bytes
        {
            self.flush();
        }
    }

    /// Decides where one activity goes: a new row, a replacement of the stored recording of
    /// the same run, or a recorded duplicate of it.
    fn place(&mut self, file: &mut PendingFile, activity: Activity) -> Result<(), String> {
        // A run already waiting in the batch must be in the store before we compare with it.
        let waiting = self
            .pending
            .iter()
            .flat_map(|f| &f.new)
            .any(|a| dedupe::same_run(a, &activity));
        if waiting {
            self.flush();
        }
        let store_error = |e: tuneup_store::StoreError| error_chain(&e);
        let candidates = self
            .store
            .activities_starting_between(
                self.athlete,
                activity.start - dedupe::START_WINDOW,
                activity.start + dedupe::START_WINDOW,
            )
            .map_err(store_error)?;
        let Some(stored) = candidates
            .into_iter()
            .filter(|r| dedupe::same_run(&r.item, &activity))
            .min_by_key(|r| (r.item.start - activity.start).abs())
        else {
            file.new.push(activity);
            return Ok(());
        };
        // The listing has no streams; the comparison needs them.
        let stored = self
            .store
            .activity(self.athlete, stored.id)
            .map_err(store_error)?
            .unwrap_or(stored);
        let new = new_activity(file, &activity);
        if richness(&activity) > richness(&stored.item) {
            let reason = dedupe::reason(&activity, &stored.item);
            self.store
                .replace_activity(self.athlete, stored.id, new, &reason)
                .map_err(store_error)?;
            file.replaced.push(stored.id);
        } else {
            let reason = dedupe::reason(&stored.item, &activity);
            self.store
                .record_duplicate(self.athlete, stored.id, new, &reason)
                .map_err(store_error)?;
            file.duplicate_of.push(stored.id);
        }
        Ok(())
    }

    /// Writes the waiting files in one transaction; if that fails, one transaction per file,
    /// so the file at fault is named and the others still land.
    fn flush(&mut self) {
        let files = std::mem::take(&mut self.pending);
        self.pending_activities = 0;
        self.pending_bytes = 0;
        if files.is_empty() {
            return;
        }
        let batch: Vec<NewActivity<'_>> = files.iter().flat_map(new_activities).collect();
        match self.store.add_activities(self.athlete, &batch) {
            Ok(ids) => {
                drop(batch);
                let mut ids = ids.into_iter();
                for file in files {
                    let mine: Vec<Id> = ids.by_ref().take(file.new.len()).collect();
                    self.file_written(file, mine);
                }
            }
            Err(_) => {
                drop(batch);
                for file in files {
                    let written = self
                        .store
                        .add_activities(self.athlete, &new_activities(&file).collect::<Vec<_>>());
                    match written {
                        Ok(ids) => self.file_written(file, ids),
                        Err(error) => {
                            let outcome = FileOutcome::Failed {
                                reason: format!("cannot store it: {}", error_chain(&error)),
                                at: None,
                            };
                            self.finish_file(
                                file.seq,
                                file.name,
                                file.size,
                                file.warnings,
                                outcome,
                            );
                        }
                    }
                }
            }
        }
    }

    fn file_written(&mut self, file: PendingFile, ids: Vec<Id>) {
        let mut activities = ids;
        activities.extend(file.replaced.iter().copied());
        let outcome = FileOutcome::Imported {
            activities,
            replaced: file.replaced,
            duplicate_of: file.duplicate_of,
        };
        self.finish_file(file.seq, file.name, file.size, file.warnings, outcome);
    }

    fn finish_file(
        &mut self,
        seq: usize,
        file: String,
        bytes: u64,
        warnings: Vec<String>,
        outcome: FileOutcome,
    ) {
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

fn new_activities(file: &PendingFile) -> impl Iterator<Item = NewActivity<'_>> {
    file.new.iter().map(|activity| new_activity(file, activity))
}

/// What the store is handed for one activity of a file: the file's bytes under the hash the
/// decoder gave, and the digest the decoding thread worked out.
fn new_activity<'a>(file: &'a PendingFile, activity: &'a Activity) -> NewActivity<'a> {
    NewActivity {
        activity,
        original: file.sha256.as_deref().map(|sha256| Original {
            bytes: &file.original,
            sha256,
            name: activity.source.file_name.as_deref(),
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
}

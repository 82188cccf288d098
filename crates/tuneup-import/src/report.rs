//! What an import did with each file, in a shape both people (the summary) and programs
//! (`--json`) can read.

use serde::Serialize;
use tuneup_core::Id;
use tuneup_formats::Location;

/// The whole import: one entry per file found, in the order the walk found them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    /// Files passed over because their content is not FIT, GPX, TCX or gzip (photos, notes).
    pub unrecognised_files: usize,
}

/// One file and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The path, or `archive.zip!member` for a file inside an archive.
    pub file: String,
    /// Its size as found (still compressed if it was), in bytes.
    pub bytes: u64,
    #[serde(flatten)]
    pub outcome: FileOutcome,
    /// What the decoder survived (a bad CRC, a cut tail...), when anything.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FileOutcome {
    /// New activities were stored from this file. `replaced` lists stored activities that
    /// this file's richer recording took over (same id, new content); `duplicate_of` lists
    /// stored activities that some of its sessions repeated.
    Imported {
        activities: Vec<Id>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        replaced: Vec<Id>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        duplicate_of: Vec<Id>,
    },
    /// The very same file (same SHA-256) was imported before, or earlier in this run.
    AlreadyImported,
    /// The file was imported before and the runner removed `sessions` of its `of`
    /// activities (the last on `removed_at`): they stay removed (`import --restore` brings
    /// them back); the rest are stored already.
    Removed {
        sessions: usize,
        of: usize,
        removed_at: chrono::DateTime<chrono::Utc>,
    },
    /// Another file already gave the same run with at least as much data; this one's bytes
    /// are kept and the decision recorded, but it adds no activity.
    Duplicate { of: Vec<Id> },
    /// A valid file that holds no activity (settings, a course, a route).
    Skipped { reason: String },
    /// The file could not be read or stored.
    Failed {
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Location>,
    },
}

/// How many files ended each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub imported: usize,
    pub already_imported: usize,
    /// Files imported before whose activities (some or all) the runner removed.
    pub removed: usize,
    pub duplicates: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Activities added (a multisport file can add several).
    pub activities_added: usize,
}

impl ImportReport {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for file in &self.files {
            match &file.outcome {
                FileOutcome::Imported {
                    activities,
                    replaced,
                    ..
                } => {
                    counts.imported += 1;
                    counts.activities_added += activities.len() - replaced.len();
                }
                FileOutcome::AlreadyImported => counts.already_imported += 1,
                FileOutcome::Removed { .. } => counts.removed += 1,
                FileOutcome::Duplicate { .. } => counts.duplicates += 1,
                FileOutcome::Skipped { .. } => counts.skipped += 1,
                FileOutcome::Failed { .. } => counts.failed += 1,
            }
        }
        counts
    }

    /// True when every file was handled: imported, recognised as known, or skipped.
    pub fn all_handled(&self) -> bool {
        self.counts().failed == 0
    }

    pub fn failures(&self) -> impl Iterator<Item = &FileReport> {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, FileOutcome::Failed { .. }))
    }

    /// One line for people: "imported 812, already imported 40, duplicates 3, skipped 5
    /// (not an activity), failed 2".
    pub fn summary(&self) -> String {
        let c = self.counts();
        let mut line = format!(
            "imported {}, already imported {}, duplicates {}, skipped {} (not an activity), failed {}",
            c.imported, c.already_imported, c.duplicates, c.skipped, c.failed
        );
        if c.removed > 0 {
            line.push_str(&format!(
                "; {} removed by you (import --restore brings them back)",
                c.removed
            ));
        }
        if self.unrecognised_files > 0 {
            line.push_str(&format!(
                "; {} other files ignored (not FIT, GPX or TCX)",
                self.unrecognised_files
            ));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, outcome: FileOutcome) -> FileReport {
        FileReport {
            file: name.to_string(),
            bytes: 10,
            outcome,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn counts_and_summary_name_every_outcome() {
        let report = ImportReport {
            files: vec![
                file(
                    "a.fit",
                    FileOutcome::Imported {
                        activities: vec![Id(1), Id(2)],
                        replaced: vec![Id(2)],
                        duplicate_of: vec![],
                    },
                ),
                file("b.fit", FileOutcome::AlreadyImported),
                file("c.gpx", FileOutcome::Duplicate { of: vec![Id(1)] }),
                file(
                    "d.fit",
                    FileOutcome::Skipped {
                        reason: "settings".into(),
                    },
                ),
                file(
                    "e.fit",
                    FileOutcome::Failed {
                        reason: "cut".into(),
                        at: Some(Location::ByteOffset(14)),
                    },
                ),
            ],
            unrecognised_files: 0,
        };
        let c = report.counts();
        assert_eq!(c.activities_added, 1);
        assert!(!report.all_handled());
        assert_eq!(
            report.summary(),
            "imported 1, already imported 1, duplicates 1, skipped 1 (not an activity), failed 1"
        );
        assert_eq!(report.failures().count(), 1);
    }

    #[test]
    fn json_names_the_outcome_and_the_place() {
        let json = serde_json::to_value(file(
            "e.gpx",
            FileOutcome::Failed {
                reason: "bad tag".into(),
                at: Some(Location::Line(7)),
            },
        ))
        .unwrap();
        assert_eq!(json["outcome"], "failed");
        assert_eq!(json["at"]["line"], 7);
        assert_eq!(json["file"], "e.gpx");
        // The decoder's own location, serialised as the report always did.
        let at = serde_json::to_string(&Location::ByteOffset(14)).unwrap();
        assert_eq!(at, r#"{"byte_offset":14}"#);
        assert_eq!(Location::ByteOffset(14).to_string(), "byte 14");
    }
}

//! Storage for tuneup: one [`Store`] trait that every caller uses, and its backends.
//!
//! The backend is chosen once, from the database location ([`open`]); callers never name a
//! backend. Every write method is atomic on its own, and [`Store::in_transaction`] groups
//! several writes into one user action that either lands whole or not at all.

#[cfg(feature = "contract")]
pub mod contract;
mod error;
mod location;
mod pool;
pub mod postgres;
pub mod sqlite;
pub mod streams_codec;

pub use error::StoreError;
pub use location::DatabaseLocation;
pub use pool::{Pool, PooledStore, open_pool};
/// What this process does when one of its writes waits for another writer (either backend).
pub use sqlite::on_wait;

use chrono::{DateTime, NaiveDate, Utc};
use tuneup_core::load::LoadDigest;
use tuneup_core::model::{
    Activity, AthleteProfile, ClinicCheck, MassageSession, OffsetSource, PlannedSession, Race,
    SampleStreams, SorenessEntry, Therapist,
};
use tuneup_core::{AthleteId, Id, Record};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Whether a listing of activities carries their sample streams (slower, larger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Streams {
    #[default]
    Without,
    With,
}

/// One page of a listing: skip `offset` rows, then return at most `limit` (all when `None`).
/// Listings come in a stable order (date, then id), so consecutive pages never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: u64,
    pub limit: Option<u64>,
}

impl Page {
    /// Every row.
    pub const ALL: Page = Page {
        offset: 0,
        limit: None,
    };

    /// At most `limit` rows after the first `offset`.
    pub fn new(offset: u64, limit: u64) -> Page {
        Page {
            offset,
            limit: Some(limit),
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Page::ALL
    }
}

/// Which activities to list: local dates, inclusive on both ends, and which page of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityQuery {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub streams: Streams,
    pub page: Page,
}

/// The file an activity came from, as the import pipeline found it. The store keeps the
/// bytes addressed by `sha256`, which it trusts: hashing is the pipeline's job, done once.
#[derive(Debug, Clone, Copy)]
pub struct Original<'a> {
    pub bytes: &'a [u8],
    /// SHA-256 of `bytes`, lowercase hex.
    pub sha256: &'a str,
    /// The file's name as the runner gave it.
    pub name: Option<&'a str>,
    /// Which of the file's activities (sessions) this is, from 0 in the file's order. A
    /// backend stores each (athlete, `sha256`, `index`) once, whether as an activity, as a
    /// replacement or as a duplicate set aside: placing it again is a
    /// [`StoreError::Conflict`], so two imports racing over one file cannot both land.
    pub index: u32,
}

/// An activity to add, with what the pipeline worked out upstream: the file it came from
/// (kept content-addressed) and its load digest, computed from the streams as they will be
/// stored (see `SampleStreams::quantised`). The store keeps both as given and computes
/// neither.
#[derive(Debug, Clone, Copy)]
pub struct NewActivity<'a> {
    pub activity: &'a Activity,
    pub original: Option<Original<'a>>,
    pub digest: Option<&'a LoadDigest>,
}

impl<'a> NewActivity<'a> {
    /// An activity typed in or generated, with no file behind it; its digest is
    /// `activity.digest`.
    pub fn without_file(activity: &'a Activity) -> Self {
        NewActivity {
            activity,
            original: None,
            digest: activity.digest.as_ref(),
        }
    }
}

/// An activity's offset worked out again (see [`Store::set_local_time`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalTime<'a> {
    /// Seconds east of UTC, -14 h to +14 h.
    pub utc_offset_s: i32,
    pub source: OffsetSource,
    /// Why it cannot be what it claims (`tuneup_core::plausibility::flag`), or `None`.
    pub implausible: Option<&'a str>,
}

/// A session of an imported file that the runner removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemovedSession {
    /// Which session of the file (`Original::index`).
    pub index: u32,
    pub removed_at: DateTime<Utc>,
}

/// Which recording of one run the store kept, and which it set aside.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateDecision {
    /// The activity that stands for the run.
    pub kept: Id,
    /// The file the kept activity now comes from.
    pub kept_sha256: Option<String>,
    /// The file that was set aside (its bytes stay in the store).
    pub dropped_sha256: Option<String>,
    pub dropped_name: Option<String>,
    pub dropped_kind: tuneup_core::model::SourceKind,
    /// Why, in words (e.g. "fewer channels: 2 vs 5").
    pub reason: String,
}

/// Everything tuneup keeps about its athletes.
///
/// Every method but [`Store::in_transaction`] names the athlete it acts for, and reads or
/// writes only that athlete's rows: an id belonging to another athlete is as absent as one
/// never given. Implementations must make each method atomic, must let
/// [`Store::in_transaction`] nest calls to the other methods inside one transaction, and
/// must be `Send`, so a store can move to the thread that serves a request.
pub trait Store: Send {
    /// Runs `action` as one transaction: if it returns an error, or panics, nothing it wrote
    /// remains (a panic is resumed after the rollback).
    fn in_transaction(
        &mut self,
        action: &mut dyn FnMut(&mut dyn Store) -> Result<()>,
    ) -> Result<()>;

    /// The athlete's profile; the default profile when none was set.
    fn profile(&self, athlete: AthleteId) -> Result<AthleteProfile>;
    fn set_profile(&mut self, athlete: AthleteId, profile: &AthleteProfile) -> Result<()>;

    /// Adds activities in one transaction and returns their ids, in order.
    fn add_activities(&mut self, athlete: AthleteId, batch: &[NewActivity<'_>]) -> Result<Vec<Id>>;
    /// Activities in order of start time (then id).
    fn activities(
        &self,
        athlete: AthleteId,
        query: &ActivityQuery,
    ) -> Result<Vec<Record<Activity>>>;
    /// One activity with its streams.
    fn activity(&self, athlete: AthleteId, id: Id) -> Result<Option<Record<Activity>>>;
    /// Activities that started within `[from, to]`, for duplicate detection.
    fn activities_starting_between(
        &self,
        athlete: AthleteId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Record<Activity>>>;
    /// Removes an activity (false when there is none). When it came from a file, the
    /// removal is remembered with `at`: that session of the file stays placed, so importing
    /// the file again skips it (see [`Store::removed_sessions`], [`Store::restore_session`]).
    fn remove_activity(&mut self, athlete: AthleteId, id: Id, at: DateTime<Utc>) -> Result<bool>;
    /// The sessions of the file `sha256` (hex) that this athlete removed, by index.
    fn removed_sessions(&self, athlete: AthleteId, sha256: &str) -> Result<Vec<RemovedSession>>;
    /// Forgets the removal of session `index` of the file `sha256`, so an import can place it
    /// again; false when that session is not marked removed.
    fn restore_session(&mut self, athlete: AthleteId, sha256: &str, index: u32) -> Result<bool>;
    /// Whether this athlete stored a file with this SHA-256 (hex) before.
    fn has_original(&self, athlete: AthleteId, sha256: &str) -> Result<bool>;
    /// The original bytes of a file this athlete imported.
    fn original(&self, athlete: AthleteId, sha256: &str) -> Result<Option<Vec<u8>>>;
    /// Records that `duplicate` is the same run as the stored activity `kept`, which stays:
    /// the duplicate's original bytes are kept (so importing it again adds nothing) and the
    /// decision is recorded with `reason`. [`StoreError::NotFound`] when `kept` is not stored.
    fn record_duplicate(
        &mut self,
        athlete: AthleteId,
        kept: Id,
        duplicate: NewActivity<'_>,
        reason: &str,
    ) -> Result<()>;
    /// Replaces the stored activity `id` with a richer recording of the same run, keeping the
    /// id (so what refers to it stays valid) and recording the decision with `reason`.
    /// [`StoreError::NotFound`] when `id` is not stored.
    fn replace_activity(
        &mut self,
        athlete: AthleteId,
        id: Id,
        replacement: NewActivity<'_>,
        reason: &str,
    ) -> Result<()>;
    /// This athlete's activities stored with streams whose load digest is missing or was
    /// worked out by another version of the digest than `version` (`LoadDigest::VERSION`), in
    /// id order. See `tuneup_import::refresh_digests`.
    fn activities_with_stale_digest(&self, athlete: AthleteId, version: u32) -> Result<Vec<Id>>;
    /// Replaces an activity's load digest, recorded as `LoadDigest::VERSION`.
    /// [`StoreError::NotFound`] when the athlete has no such activity.
    fn set_load_digest(&mut self, athlete: AthleteId, id: Id, digest: &LoadDigest) -> Result<()>;
    /// Corrects an activity's sport, title, session kind, effort, distance, times and climb;
    /// its source, streams and digest stay. [`StoreError::NotFound`] when there is none.
    fn update_activity(&mut self, athlete: AthleteId, id: Id, activity: &Activity) -> Result<()>;
    /// Leaves an activity out of the statistics (`true`) or brings it back (`false`), without
    /// removing it. [`StoreError::NotFound`] when there is none.
    fn set_activity_excluded(&mut self, athlete: AthleteId, id: Id, excluded: bool) -> Result<()>;
    /// The activities left out of the statistics, by id.
    fn excluded_activities(&self, athlete: AthleteId) -> Result<Vec<Id>>;
    /// This athlete's activities whose UTC offset came from `source`, in id order; with
    /// `None`, those stored before offsets had a source (worked out again on open, see
    /// `tuneup_import::refresh_local_time`).
    fn activities_by_offset_source(
        &self,
        athlete: AthleteId,
        source: Option<OffsetSource>,
    ) -> Result<Vec<Id>>;
    /// Replaces an activity's UTC offset (and so its local date), where the offset came from,
    /// and its implausibility. [`StoreError::NotFound`] when the athlete has no such activity.
    fn set_local_time(&mut self, athlete: AthleteId, id: Id, local: &LocalTime<'_>) -> Result<()>;
    /// Duplicate decisions, oldest first.
    fn duplicate_decisions(&self, athlete: AthleteId, page: Page)
    -> Result<Vec<DuplicateDecision>>;

    fn add_race(&mut self, athlete: AthleteId, race: &Race) -> Result<Id>;
    /// Races by date (then id).
    fn races(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<Race>>>;
    fn remove_race(&mut self, athlete: AthleteId, id: Id) -> Result<bool>;
    /// Replaces a race; [`StoreError::NotFound`] when the athlete has no such race.
    fn update_race(&mut self, athlete: AthleteId, id: Id, race: &Race) -> Result<()>;

    fn add_planned(&mut self, athlete: AthleteId, session: &PlannedSession) -> Result<Id>;
    /// Planned sessions by date (then id).
    fn planned(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<PlannedSession>>>;
    fn remove_planned(&mut self, athlete: AthleteId, id: Id) -> Result<bool>;
    /// Replaces a planned session; [`StoreError::NotFound`] when there is none with that id.
    fn update_planned(
        &mut self,
        athlete: AthleteId,
        id: Id,
        session: &PlannedSession,
    ) -> Result<()>;

    fn add_soreness(&mut self, athlete: AthleteId, entry: &SorenessEntry) -> Result<Id>;
    /// Soreness entries by date (then id).
    fn soreness(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<SorenessEntry>>>;
    /// Replaces a soreness entry; [`StoreError::NotFound`] when there is none with that id.
    fn update_soreness(&mut self, athlete: AthleteId, id: Id, entry: &SorenessEntry) -> Result<()>;
    fn remove_soreness(&mut self, athlete: AthleteId, id: Id) -> Result<bool>;

    fn add_massage(&mut self, athlete: AthleteId, session: &MassageSession) -> Result<Id>;
    /// Massage sessions by date (then id).
    fn massages(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<MassageSession>>>;
    /// Replaces a massage session; [`StoreError::NotFound`] when there is none with that id,
    /// or when it names a therapist the athlete does not have.
    fn update_massage(
        &mut self,
        athlete: AthleteId,
        id: Id,
        session: &MassageSession,
    ) -> Result<()>;
    fn remove_massage(&mut self, athlete: AthleteId, id: Id) -> Result<bool>;

    fn add_therapist(&mut self, athlete: AthleteId, therapist: &Therapist) -> Result<Id>;
    /// The therapists on the runner's list, by name (then id); removed ones are left out.
    fn therapists(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<Therapist>>>;
    /// One therapist, listed or removed, so past sessions can still name who did them.
    fn therapist(&self, athlete: AthleteId, id: Id)
    -> Result<Option<(Record<Therapist>, Listing)>>;
    /// Replaces a listed therapist's details; false when no listed therapist has that id.
    fn update_therapist(
        &mut self,
        athlete: AthleteId,
        id: Id,
        therapist: &Therapist,
    ) -> Result<bool>;
    /// Takes a therapist off the list. The row stays, so sessions keep their therapist;
    /// false when no listed therapist has that id.
    fn remove_therapist(&mut self, athlete: AthleteId, id: Id) -> Result<bool>;
    /// Records the clinic precautions check for a listed therapist, replacing the last one;
    /// false when no listed therapist has that id.
    fn set_clinic_check(
        &mut self,
        athlete: AthleteId,
        therapist: Id,
        check: &ClinicCheck,
    ) -> Result<bool>;
    /// The last clinic precautions check recorded for a therapist.
    fn clinic_check(&self, athlete: AthleteId, therapist: Id) -> Result<Option<ClinicCheck>>;
}

/// Whether a therapist is on the runner's list or was removed from it. Removed therapists
/// stay in the database so that past sessions still name who did them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Listed,
    Removed,
}

/// Opens the store at `location`, creating and migrating it as needed. One store, for one
/// caller at a time (the CLI); a server takes a [`Pool`] from [`open_pool`].
pub fn open(location: &DatabaseLocation) -> Result<Box<dyn Store>> {
    match location {
        DatabaseLocation::Sqlite(path) => Ok(Box::new(sqlite::SqliteStore::open(path)?)),
        DatabaseLocation::Postgres(url) => Ok(Box::new(postgres::PgStore::open(url)?)),
    }
}

/// The streams of a listing, checked for shape before they are written.
pub(crate) fn check_streams(streams: &SampleStreams) -> Result<()> {
    if streams.is_consistent() {
        Ok(())
    } else {
        Err(StoreError::Invalid(tuneup_core::model::InvalidField::new(
            "streams",
            "sample columns have different lengths",
        )))
    }
}

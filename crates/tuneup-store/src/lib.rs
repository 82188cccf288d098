//! Storage for tuneup: one [`Store`] trait that every caller uses, and its backends.
//!
//! The backend is chosen once, from the database location ([`open`]); callers never name a
//! backend. Every write method is atomic on its own, and [`Store::in_transaction`] groups
//! several writes into one user action that either lands whole or not at all.

mod error;
mod location;
pub mod sqlite;
pub mod streams_codec;

pub use error::StoreError;
pub use location::DatabaseLocation;

use chrono::{DateTime, NaiveDate, Utc};
use tuneup_core::Id;
use tuneup_core::Record;
use tuneup_core::model::{
    Activity, AthleteProfile, ClinicCheck, MassageSession, PlannedSession, Race, SampleStreams,
    SorenessEntry, Therapist,
};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Whether a listing of activities carries their sample streams (slower, larger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Streams {
    #[default]
    Without,
    With,
}

/// Which activities to list: local dates, inclusive on both ends.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityQuery {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub streams: Streams,
}

/// An activity to add, with the bytes of the file it came from (kept content-addressed).
#[derive(Debug, Clone, Copy)]
pub struct NewActivity<'a> {
    pub activity: &'a Activity,
    pub original: Option<&'a [u8]>,
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

/// Everything tuneup keeps about one athlete.
///
/// Implementations must make each method atomic, and must let [`Store::in_transaction`]
/// nest calls to the other methods inside one transaction.
pub trait Store {
    /// Runs `action` as one transaction: if it returns an error, nothing it wrote remains.
    fn in_transaction(
        &mut self,
        action: &mut dyn FnMut(&mut dyn Store) -> Result<()>,
    ) -> Result<()>;

    fn profile(&self) -> Result<AthleteProfile>;
    fn set_profile(&mut self, profile: &AthleteProfile) -> Result<()>;

    /// Adds activities in one transaction and returns their ids, in order.
    fn add_activities(&mut self, batch: &[NewActivity<'_>]) -> Result<Vec<Id>>;
    fn activities(&self, query: &ActivityQuery) -> Result<Vec<Record<Activity>>>;
    /// One activity with its streams.
    fn activity(&self, id: Id) -> Result<Option<Record<Activity>>>;
    /// Activities that started within `[from, to]`, for duplicate detection.
    fn activities_starting_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Record<Activity>>>;
    fn remove_activity(&mut self, id: Id) -> Result<bool>;
    /// Whether a file with this SHA-256 (hex) has been stored before.
    fn has_original(&self, sha256: &str) -> Result<bool>;
    /// The original bytes of an imported file.
    fn original(&self, sha256: &str) -> Result<Option<Vec<u8>>>;
    /// Records that `duplicate` is the same run as the stored activity `kept`, which stays:
    /// the duplicate's original bytes are kept (so importing it again adds nothing) and the
    /// decision is recorded with `reason`.
    fn record_duplicate(
        &mut self,
        kept: Id,
        duplicate: NewActivity<'_>,
        reason: &str,
    ) -> Result<()>;
    /// Replaces the stored activity `id` with a richer recording of the same run, keeping the
    /// id (so what refers to it stays valid) and recording the decision with `reason`.
    fn replace_activity(
        &mut self,
        id: Id,
        replacement: NewActivity<'_>,
        reason: &str,
    ) -> Result<()>;
    /// Every duplicate decision, oldest first.
    fn duplicate_decisions(&self) -> Result<Vec<DuplicateDecision>>;

    fn add_race(&mut self, race: &Race) -> Result<Id>;
    fn races(&self) -> Result<Vec<Record<Race>>>;
    fn remove_race(&mut self, id: Id) -> Result<bool>;

    fn add_planned(&mut self, session: &PlannedSession) -> Result<Id>;
    fn planned(&self) -> Result<Vec<Record<PlannedSession>>>;
    fn remove_planned(&mut self, id: Id) -> Result<bool>;

    fn add_soreness(&mut self, entry: &SorenessEntry) -> Result<Id>;
    fn soreness(&self) -> Result<Vec<Record<SorenessEntry>>>;

    fn add_massage(&mut self, session: &MassageSession) -> Result<Id>;
    fn massages(&self) -> Result<Vec<Record<MassageSession>>>;

    fn add_therapist(&mut self, therapist: &Therapist) -> Result<Id>;
    /// The therapists on the runner's list; removed ones are left out.
    fn therapists(&self) -> Result<Vec<Record<Therapist>>>;
    /// One therapist, listed or removed, so past sessions can still name who did them.
    fn therapist(&self, id: Id) -> Result<Option<(Record<Therapist>, Listing)>>;
    /// Replaces a listed therapist's details; false when no listed therapist has that id.
    fn update_therapist(&mut self, id: Id, therapist: &Therapist) -> Result<bool>;
    /// Takes a therapist off the list. The row stays, so sessions keep their therapist;
    /// false when no listed therapist has that id.
    fn remove_therapist(&mut self, id: Id) -> Result<bool>;
    /// Records the clinic precautions check for a listed therapist, replacing the last one;
    /// false when no listed therapist has that id.
    fn set_clinic_check(&mut self, therapist: Id, check: &ClinicCheck) -> Result<bool>;
    /// The last clinic precautions check recorded for a therapist.
    fn clinic_check(&self, therapist: Id) -> Result<Option<ClinicCheck>>;
}

/// Whether a therapist is on the runner's list or was removed from it. Removed therapists
/// stay in the database so that past sessions still name who did them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Listed,
    Removed,
}

/// Opens the store at `location`, creating and migrating it as needed.
pub fn open(location: &DatabaseLocation) -> Result<Box<dyn Store>> {
    match location {
        DatabaseLocation::Sqlite(path) => Ok(Box::new(sqlite::SqliteStore::open(path)?)),
        DatabaseLocation::Postgres(url) => Err(StoreError::BackendNotBuilt { url: url.clone() }),
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

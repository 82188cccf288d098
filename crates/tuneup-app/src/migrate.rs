//! Moving up: a runner's local data (one athlete of one store) copied into another store as
//! an athlete there, in one transaction, over the [`Store`] trait only. Ids are new on the
//! other side, so what refers to a record (a massage's therapist, a decision's kept
//! activity) is carried by what it refers to. The same inventory (counts and checksums of
//! everything, ids left out) is taken of both sides; they must match.

use crate::{AppError, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use tuneup_core::model::Activity;
use tuneup_core::{AthleteId, Id, Record};
use tuneup_store::{ActivityQuery, Listing, NewActivity, Original, Page, Store, Streams};

/// Activities copied per page: their streams are in memory meanwhile.
const PAGE: u64 = 100;

/// How many of one kind of record there are, and a SHA-256 over them (ids left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub what: &'static str,
    pub count: usize,
    pub sha256: String,
}

/// What was moved: the inventory of the source and of the destination, kind by kind.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    pub source: Vec<Tally>,
    pub destination: Vec<Tally>,
}

impl Moved {
    /// Whether both sides hold the same.
    pub fn matches(&self) -> bool {
        self.source == self.destination
    }
}

/// Adds to one tally: each record as canonical JSON, in listing order.
struct Counter {
    what: &'static str,
    count: usize,
    hash: Sha256,
}

impl Counter {
    fn new(what: &'static str) -> Counter {
        Counter {
            what,
            count: 0,
            hash: Sha256::new(),
        }
    }

    fn add(&mut self, value: &impl Serialize) -> Result<()> {
        let json = serde_json::to_vec(value)
            .map_err(|e| AppError::Conflict(format!("cannot encode a record: {e}")))?;
        self.hash.update((json.len() as u64).to_le_bytes());
        self.hash.update(&json);
        self.count += 1;
        Ok(())
    }

    fn done(self) -> Tally {
        Tally {
            what: self.what,
            count: self.count,
            sha256: hex::encode(self.hash.finalize()),
        }
    }
}

/// Every activity of the athlete with its streams, a page at a time.
fn each_activity(
    store: &dyn Store,
    athlete: AthleteId,
    mut visit: impl FnMut(Record<Activity>) -> Result<()>,
) -> Result<()> {
    let mut offset = 0;
    loop {
        let query = ActivityQuery {
            streams: Streams::With,
            page: Page::new(offset, PAGE),
            ..ActivityQuery::default()
        };
        let page = store.activities(athlete, &query)?;
        if page.is_empty() {
            return Ok(());
        }
        offset += page.len() as u64;
        for record in page {
            visit(record)?;
        }
    }
}

/// The athlete's therapists, listed and removed, by id: listed ones and any a massage names.
fn all_therapists(
    store: &dyn Store,
    athlete: AthleteId,
) -> Result<Vec<(Record<tuneup_core::model::Therapist>, Listing)>> {
    let mut ids: Vec<Id> = store
        .therapists(athlete, Page::ALL)?
        .into_iter()
        .map(|r| r.id)
        .collect();
    ids.extend(
        store
            .massages(athlete, Page::ALL)?
            .iter()
            .filter_map(|m| m.item.therapist),
    );
    // Removed therapists no massage names are found by id, up to the highest known.
    let highest = ids.iter().map(|id| id.0).max().unwrap_or(0);
    ids.extend((1..=highest).map(Id));
    ids.sort();
    ids.dedup();
    let mut found = Vec::new();
    for id in ids {
        if let Some(therapist) = store.therapist(athlete, id)? {
            found.push(therapist);
        }
    }
    Ok(found)
}

/// Counts and checksums of everything the athlete has in `store`, ids left out.
pub fn inventory(store: &dyn Store, athlete: AthleteId) -> Result<Vec<Tally>> {
    let mut profile = Counter::new("profile");
    profile.add(&store.profile(athlete)?)?;

    let excluded = store.excluded_activities(athlete)?;
    let mut activities = Counter::new("activities");
    let mut originals = Counter::new("original files");
    let mut starts: HashMap<Id, i64> = HashMap::new();
    let mut shas: Vec<String> = Vec::new();
    each_activity(store, athlete, |record| {
        starts.insert(record.id, record.item.start.timestamp_millis());
        shas.extend(record.item.source.file_sha256.clone());
        activities.add(&(&record.item, excluded.contains(&record.id)))
    })?;
    let decisions = store.duplicate_decisions(athlete, Page::ALL)?;
    let mut decided = Counter::new("duplicate decisions");
    for d in &decisions {
        shas.extend(d.dropped_sha256.clone());
        let kept_start = starts.get(&d.kept).copied();
        decided.add(&(
            kept_start,
            &d.kept_sha256,
            &d.dropped_sha256,
            &d.dropped_name,
            d.dropped_kind.id(),
            &d.reason,
        ))?;
    }
    shas.sort();
    shas.dedup();
    for sha in &shas {
        let bytes = store.original(athlete, sha)?;
        originals.add(&(sha, bytes.as_ref().map(|b| hex::encode(Sha256::digest(b)))))?;
    }

    let mut races = Counter::new("races");
    for r in store.races(athlete, Page::ALL)? {
        races.add(&r.item)?;
    }
    let mut planned = Counter::new("planned sessions");
    for p in store.planned(athlete, Page::ALL)? {
        planned.add(&p.item)?;
    }
    let mut soreness = Counter::new("soreness entries");
    for s in store.soreness(athlete, Page::ALL)? {
        soreness.add(&s.item)?;
    }
    let therapist_list = all_therapists(store, athlete)?;
    let mut therapists = Counter::new("therapists");
    let mut names: HashMap<Id, String> = HashMap::new();
    for (t, listing) in &therapist_list {
        names.insert(t.id, t.item.name.clone());
        let check = store.clinic_check(athlete, t.id)?;
        therapists.add(&(&t.item, *listing == Listing::Removed, check))?;
    }
    let mut massages = Counter::new("massage sessions");
    for m in store.massages(athlete, Page::ALL)? {
        let therapist = m.item.therapist.and_then(|id| names.get(&id));
        let mut item = m.item.clone();
        item.therapist = None;
        massages.add(&(item, therapist))?;
    }
    Ok([
        profile, activities, originals, decided, races, planned, soreness, therapists, massages,
    ]
    .into_iter()
    .map(Counter::done)
    .collect())
}

/// `tuneup migrate`: the local athlete of the SQLite file at `from` moved into the PostgreSQL
/// database at `to_url` as the athlete called `name` (added when there is none).
pub fn to_server(
    from: &std::path::Path,
    to_url: &str,
    name: &str,
    system_zone: crate::Tz,
) -> Result<Moved> {
    if name.trim().is_empty() {
        return Err(AppError::InvalidInput {
            field: "athlete".into(),
            reason: "give the athlete's name on the server".into(),
        });
    }
    if !from.is_file() {
        return Err(AppError::InvalidInput {
            field: "from".into(),
            reason: format!("'{}' is not a tuneup database file", from.display()),
        });
    }
    let source = crate::open_store(
        &tuneup_store::DatabaseLocation::Sqlite(from.to_path_buf()),
        AthleteId::LOCAL,
        system_zone,
    )?;
    let mut server = tuneup_store::postgres::PgStore::open(to_url)?;
    let athlete = server.athlete_named(name.trim())?;
    migrate(source.as_ref(), AthleteId::LOCAL, &mut server, athlete)
}

/// Copies everything `from_athlete` has in `from` to `to_athlete` in `to`, in one transaction
/// of `to`, and returns both inventories. The destination athlete must have nothing yet
/// ([`AppError::Conflict`] otherwise), so a second run adds nothing twice.
pub fn migrate(
    from: &dyn Store,
    from_athlete: AthleteId,
    to: &mut dyn Store,
    to_athlete: AthleteId,
) -> Result<Moved> {
    let source = inventory(from, from_athlete)?;
    let empty = inventory(&*to, to_athlete)?;
    if empty.iter().any(|t| t.what != "profile" && t.count > 0) {
        return Err(AppError::Conflict(
            "the destination athlete already has data: migrate moves into an empty athlete".into(),
        ));
    }
    to.in_transaction(&mut |tx| copy(from, from_athlete, tx, to_athlete).map_err(into_store))?;
    let destination = inventory(&*to, to_athlete)?;
    Ok(Moved {
        source,
        destination,
    })
}

/// The store's error inside the transaction; anything else is carried as a conflict.
fn into_store(error: AppError) -> tuneup_store::StoreError {
    match error {
        AppError::Storage(e) => e,
        other => tuneup_store::StoreError::Conflict {
            what: other.to_string(),
        },
    }
}

fn copy(from: &dyn Store, me: AthleteId, to: &mut dyn Store, them: AthleteId) -> Result<()> {
    to.set_profile(them, &from.profile(me)?)?;
    let excluded = from.excluded_activities(me)?;
    // Which session of each file comes next, as the source placed them.
    let mut sessions: HashMap<String, u32> = HashMap::new();
    let mut new_ids: HashMap<Id, Id> = HashMap::new();
    let mut originals: HashMap<String, Vec<u8>> = HashMap::new();
    let mut next_index = |sha: &str| {
        let index = sessions.entry(sha.to_string()).or_insert(0);
        *index += 1;
        *index - 1
    };
    each_activity(from, me, |record| {
        let activity = &record.item;
        let bytes = match &activity.source.file_sha256 {
            Some(sha) => from.original(me, sha)?,
            None => None,
        };
        let original = activity
            .source
            .file_sha256
            .as_deref()
            .zip(bytes.as_deref())
            .map(|(sha, bytes)| Original {
                bytes,
                sha256: sha,
                name: activity.source.file_name.as_deref(),
                index: next_index(sha),
            });
        let new = NewActivity {
            activity,
            original,
            digest: activity.digest.as_ref(),
        };
        let id = to.add_activities(them, &[new])?[0];
        if excluded.contains(&record.id) {
            to.set_activity_excluded(them, id, true)?;
        }
        new_ids.insert(record.id, id);
        Ok(())
    })?;
    for decision in from.duplicate_decisions(me, Page::ALL)? {
        let Some(&kept) = new_ids.get(&decision.kept) else {
            continue;
        };
        // The file set aside, as a recording of the kept run (its bytes and where it came from).
        let mut dropped = to
            .activity(them, kept)?
            .map(|r| r.item)
            .ok_or(AppError::NotFound {
                what: "activity",
                id: kept.0,
            })?;
        dropped.source.kind = decision.dropped_kind;
        dropped.source.file_name = decision.dropped_name.clone();
        dropped.source.file_sha256 = decision.dropped_sha256.clone();
        let bytes = match &decision.dropped_sha256 {
            Some(sha) if !originals.contains_key(sha) => {
                let bytes = from.original(me, sha)?.unwrap_or_default();
                originals.insert(sha.clone(), bytes);
                originals.get(sha)
            }
            Some(sha) => originals.get(sha),
            None => None,
        };
        let original = decision
            .dropped_sha256
            .as_deref()
            .zip(bytes)
            .map(|(sha, bytes)| Original {
                bytes,
                sha256: sha,
                name: decision.dropped_name.as_deref(),
                index: next_index(sha),
            });
        let duplicate = NewActivity {
            activity: &dropped,
            original,
            digest: None,
        };
        to.record_duplicate(them, kept, duplicate, &decision.reason)?;
    }
    for race in from.races(me, Page::ALL)? {
        to.add_race(them, &race.item)?;
    }
    for session in from.planned(me, Page::ALL)? {
        to.add_planned(them, &session.item)?;
    }
    for entry in from.soreness(me, Page::ALL)? {
        to.add_soreness(them, &entry.item)?;
    }
    let mut therapist_ids: HashMap<Id, Id> = HashMap::new();
    let mut removed = Vec::new();
    for (therapist, listing) in all_therapists(from, me)? {
        let id = to.add_therapist(them, &therapist.item)?;
        if let Some(check) = from.clinic_check(me, therapist.id)? {
            to.set_clinic_check(them, id, &check)?;
        }
        if listing == Listing::Removed {
            removed.push(id);
        }
        therapist_ids.insert(therapist.id, id);
    }
    for session in from.massages(me, Page::ALL)? {
        let mut item = session.item;
        item.therapist = item
            .therapist
            .and_then(|id| therapist_ids.get(&id).copied());
        to.add_massage(them, &item)?;
    }
    for id in removed {
        to.remove_therapist(them, id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    /// The demo athlete moved to another athlete of another store holds the same: every
    /// count and checksum matches, and a second run is refused.
    #[test]
    fn the_demo_athlete_moves_whole() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut from = testing::store(&a);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let sample = tuneup_core::sample::marathon_build(today);
        crate::sample::store_sample(from.as_mut(), AthleteId::LOCAL, &sample).unwrap();
        // Real files too (originals, sessions), and a therapist taken off the list.
        let fixtures = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../tuneup-formats/tests/fixtures/fit");
        let report = tuneup_import::import(
            from.as_mut(),
            AthleteId::LOCAL,
            &[fixtures],
            &tuneup_import::ImportOptions::default(),
            &mut |_| {},
        );
        assert!(report.counts().activities_added > 0, "{}", report.summary());
        let listed = from.therapists(AthleteId::LOCAL, Page::ALL).unwrap();
        assert!(
            from.remove_therapist(AthleteId::LOCAL, listed[0].id)
                .unwrap()
        );
        let mut to = testing::store(&b);
        let them = AthleteId(7);
        let moved = migrate(from.as_ref(), AthleteId::LOCAL, to.as_mut(), them).unwrap();
        assert!(moved.matches(), "{moved:#?}");
        let activities = &moved.source[1];
        assert!(activities.count > 10, "{moved:#?}");
        for tally in &moved.source {
            assert!(
                tally.count > 0 || tally.what == "duplicate decisions",
                "{tally:?}"
            );
        }
        let again = migrate(from.as_ref(), AthleteId::LOCAL, to.as_mut(), them);
        assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
        assert!(inventory(to.as_ref(), AthleteId::LOCAL).unwrap()[1].count == 0);
    }
}

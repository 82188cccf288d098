//! The embedded SQLite backend: one file, migrated on open.

mod activities;
mod columns;
mod records;
mod therapists;

use crate::{
    ActivityQuery, DuplicateDecision, Listing, LocalTime, NewActivity, Page, RemovedSession,
    Result, Store, StoreError,
};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::{Path, PathBuf};
use tuneup_core::load::LoadDigest;
use tuneup_core::model::{
    Activity, AthleteProfile, ClinicCheck, MassageSession, OffsetSource, PlannedSession, Race,
    SorenessEntry, Therapist,
};
use tuneup_core::{AthleteId, Id, Record};

/// Append-only: a new schema change is a new file at the end.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_import_decisions.sql"),
    include_str!("migrations/0003_therapists.sql"),
    include_str!("migrations/0004_load_digest.sql"),
    include_str!("migrations/0005_athletes.sql"),
    include_str!("migrations/0006_load_digest_version.sql"),
    include_str!("migrations/0007_corrections.sql"),
    include_str!("migrations/0008_planned_distance.sql"),
    include_str!("migrations/0009_local_time.sql"),
    include_str!("migrations/0010_imported_sessions.sql"),
    include_str!("migrations/0011_removed_sessions.sql"),
    include_str!("migrations/0012_money_minor_units.sql"),
];

/// The schema version this build migrates a database to: the number of migrations.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a write waits for another connection's (or process's) write to finish before it
/// gives up with "database is locked". Imports commit a batch every second or so, so another
/// import waits its turn between batches; a minute covers a slow disk.
pub const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Told once each time a connection of this process starts waiting for another writer.
static WAIT_NOTICE: std::sync::OnceLock<Box<dyn Fn() + Send + Sync>> = std::sync::OnceLock::new();

/// Sets what this process does when one of its writes has to wait for another writer (the
/// CLI says so on stderr). The first call wins.
pub fn on_wait(notice: impl Fn() + Send + Sync + 'static) {
    let _ = WAIT_NOTICE.set(Box::new(notice));
}

/// Tells the notice set with [`on_wait`], if any, that a write begins to wait.
pub(crate) fn tell_waiting() {
    if let Some(notice) = WAIT_NOTICE.get() {
        notice();
    }
}

/// SQLite's busy handler: sleeps with a growing step until [`WRITE_WAIT`] has passed, and
/// tells the notice when a wait begins. A plain `fn`: SQLite keeps no closure state.
fn wait_for_writer(attempt: i32) -> bool {
    const STEPS_MS: [u64; 6] = [1, 2, 5, 10, 25, 50];
    if attempt == 0 {
        tell_waiting();
    }
    let attempt = attempt.max(0) as usize;
    let waited_ms: u64 = (0..attempt)
        .map(|i| STEPS_MS[i.min(STEPS_MS.len() - 1)])
        .sum();
    if waited_ms >= WRITE_WAIT.as_millis() as u64 {
        return false;
    }
    std::thread::sleep(std::time::Duration::from_millis(
        STEPS_MS[attempt.min(STEPS_MS.len() - 1)],
    ));
    true
}

pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !folder.is_dir()
        {
            return Err(StoreError::MissingFolder {
                folder: folder.to_path_buf(),
            });
        }
        let opened = Connection::open(path)
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source: Box::new(source),
            })
            .and_then(|conn| Self::from_connection(conn, path));
        match opened {
            // A database in a folder we cannot write (a read-only mount, a shared folder):
            // WAL needs files beside it, so it is read as it is, and writing to it fails.
            Err(error) if path.is_file() && folder_is_read_only(path) => {
                Self::open_read_only(path).map_err(|_| error)
            }
            other => other,
        }
    }

    /// Opens an up-to-date database for reading only, as an immutable file (nothing can
    /// write it: its folder is read-only), so SQLite needs no `-wal` or `-shm` beside it.
    fn open_read_only(path: &Path) -> Result<Self> {
        use rusqlite::OpenFlags;
        let mut uri = String::from("file:");
        for c in path.to_string_lossy().chars() {
            match c {
                '?' | '#' | '%' => uri.push_str(&format!("%{:02X}", c as u32)),
                c => uri.push(c),
            }
        }
        uri.push_str("?immutable=1");
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let store = SqliteStore { conn };
        let found = store.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if found != known {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                known,
            });
        }
        Ok(store)
    }

    /// A private in-memory database, for tests and throwaway work.
    pub fn in_memory() -> Result<Self> {
        Self::from_connection(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn from_connection(conn: Connection, path: &Path) -> Result<Self> {
        // First, so that everything after it (switching to WAL, migrating) waits for another
        // process doing the same to a new file instead of failing with "database is locked".
        conn.busy_handler(Some(wait_for_writer))?;
        // 16 KiB pages: most of the bytes are original files and stream blobs (tens to
        // hundreds of KiB each), which at the default 4 KiB spread over many overflow pages;
        // a ten-year import spends a third less time writing (BENCHMARKS.md). Only a new
        // file takes it: an existing WAL database keeps its page size.
        conn.pragma_update(None, "page_size", 16384)?;
        // WAL + NORMAL: durable at each commit boundary that matters, and fast batch imports.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = SqliteStore { conn };
        store.migrate(path)?;
        Ok(store)
    }

    /// The schema version this file is at.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Brings the schema up to date. Another process may be opening the same new file at
    /// the same moment: the version is read again inside an IMMEDIATE transaction (which
    /// waits for the other's), so each migration runs once, whoever gets there first.
    fn migrate(&mut self, path: &Path) -> Result<()> {
        let known = MIGRATIONS.len() as i64;
        let too_new = |found| StoreError::TooNew {
            path: PathBuf::from(path),
            found,
            known,
        };
        let current = self.schema_version()?;
        if current > known {
            return Err(too_new(current));
        }
        if current == known {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if current > known {
            return Err(too_new(current));
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            // Schema only: domain values (load digests) are worked out outside the backend,
            // by `tuneup_import::refresh_digests` over the `Store` trait.
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Whether the folder holding `path` refuses new files (SQLite's `-wal` and `-shm`).
fn folder_is_read_only(path: &Path) -> bool {
    let folder = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) => folder,
        None => Path::new("."),
    };
    let probe = folder.join(format!(".tuneup-write-check-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => e.kind() != std::io::ErrorKind::AlreadyExists,
    }
}

/// `LIMIT ?, OFFSET ?` values for a page (SQLite reads a negative limit as "no limit").
pub(super) fn limit_offset(page: Page) -> (i64, i64) {
    let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    (page.limit.map_or(-1, clamp), clamp(page.offset))
}

/// Runs `work` as one atomic write. Outside a transaction it begins one IMMEDIATE, so a
/// writer on another connection waits for the write lock up front (busy timeout) instead of
/// failing when it upgrades a read; inside one (`in_transaction`) it is a savepoint. An error
/// or a panic in `work` rolls back what it wrote.
pub(super) fn write<T>(
    conn: &Connection,
    work: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    let outer = conn.is_autocommit();
    conn.execute_batch(if outer {
        "BEGIN IMMEDIATE"
    } else {
        "SAVEPOINT write"
    })?;
    let mut pending = Pending {
        conn,
        outer,
        open: true,
    };
    let value = work(conn)?;
    pending.commit()?;
    Ok(value)
}

/// A write begun by [`write`]: rolled back when dropped before [`Pending::commit`] (an error
/// returned early, or a panic unwinding).
struct Pending<'c> {
    conn: &'c Connection,
    outer: bool,
    open: bool,
}

impl Pending<'_> {
    fn commit(&mut self) -> Result<()> {
        self.conn.execute_batch(if self.outer {
            "COMMIT"
        } else {
            "RELEASE write"
        })?;
        self.open = false;
        Ok(())
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if self.open {
            let sql = if self.outer {
                "ROLLBACK"
            } else {
                "ROLLBACK TO write; RELEASE write"
            };
            // Nothing more to do if even the rollback fails: the connection is closing.
            let _ = self.conn.execute_batch(sql);
        }
    }
}

/// Runs several reads on one snapshot: inside a read transaction unless one is already open.
pub(super) fn read<T>(conn: &Connection, work: impl FnOnce() -> Result<T>) -> Result<T> {
    if !conn.is_autocommit() {
        return work();
    }
    conn.execute_batch("BEGIN")?;
    let outcome = catch_unwind(AssertUnwindSafe(work));
    // A read transaction wrote nothing: ending it either way is the same.
    let ended = conn.execute_batch("COMMIT");
    match outcome {
        Ok(value) => {
            let value = value?;
            ended?;
            Ok(value)
        }
        Err(panic) => resume_unwind(panic),
    }
}

impl Store for SqliteStore {
    fn in_transaction(
        &mut self,
        action: &mut dyn FnMut(&mut dyn Store) -> Result<()>,
    ) -> Result<()> {
        // IMMEDIATE at the outside (see `write`); a named savepoint when nested, which also
        // nests with the savepoints each write method opens.
        let outer = self.conn.is_autocommit();
        self.conn.execute_batch(if outer {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT user_action"
        })?;
        let rollback = if outer {
            "ROLLBACK"
        } else {
            "ROLLBACK TO user_action; RELEASE user_action"
        };
        match catch_unwind(AssertUnwindSafe(|| action(self))) {
            Ok(Ok(())) => {
                let commit = if outer {
                    "COMMIT"
                } else {
                    "RELEASE user_action"
                };
                if let Err(error) = self.conn.execute_batch(commit) {
                    let _ = self.conn.execute_batch(rollback);
                    return Err(error.into());
                }
                Ok(())
            }
            Ok(Err(error)) => {
                self.conn.execute_batch(rollback)?;
                Err(error)
            }
            Err(panic) => {
                // Whatever the action wrote goes, so the connection is clean for whoever
                // uses it next (a pool hands it on), then the panic carries on.
                let _ = self.conn.execute_batch(rollback);
                resume_unwind(panic)
            }
        }
    }

    fn profile(&self, athlete: AthleteId) -> Result<AthleteProfile> {
        let data: Option<String> = self
            .conn
            .query_row(
                "SELECT data FROM athlete_profiles WHERE athlete_id = ?1",
                [athlete.0],
                |row| row.get(0),
            )
            .optional()?;
        match data {
            None => Ok(AthleteProfile::default()),
            Some(json) => serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                what: format!("profile: {e}"),
            }),
        }
    }

    fn set_profile(&mut self, athlete: AthleteId, profile: &AthleteProfile) -> Result<()> {
        profile.validate()?;
        let json = serde_json::to_string(profile).map_err(|e| StoreError::Corrupt {
            what: format!("profile: {e}"),
        })?;
        write(&self.conn, |tx| {
            tx.execute(
                "INSERT INTO athlete_profiles (athlete_id, data) VALUES (?1, ?2)
                 ON CONFLICT (athlete_id) DO UPDATE SET data = excluded.data",
                rusqlite::params![athlete.0, json],
            )?;
            Ok(())
        })
    }

    fn add_activities(&mut self, athlete: AthleteId, batch: &[NewActivity<'_>]) -> Result<Vec<Id>> {
        activities::add(&self.conn, athlete, batch)
    }

    fn activities(
        &self,
        athlete: AthleteId,
        query: &ActivityQuery,
    ) -> Result<Vec<Record<Activity>>> {
        activities::list(&self.conn, athlete, query)
    }

    fn activity(&self, athlete: AthleteId, id: Id) -> Result<Option<Record<Activity>>> {
        activities::one(&self.conn, athlete, id)
    }

    fn activities_starting_between(
        &self,
        athlete: AthleteId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Record<Activity>>> {
        activities::starting_between(&self.conn, athlete, from, to)
    }

    fn remove_activity(&mut self, athlete: AthleteId, id: Id, at: DateTime<Utc>) -> Result<bool> {
        activities::remove(&self.conn, athlete, id, at)
    }

    fn removed_sessions(&self, athlete: AthleteId, sha256: &str) -> Result<Vec<RemovedSession>> {
        activities::removed_sessions(&self.conn, athlete, sha256)
    }

    fn restore_session(&mut self, athlete: AthleteId, sha256: &str, index: u32) -> Result<bool> {
        activities::restore_session(&self.conn, athlete, sha256, index)
    }

    fn has_original(&self, athlete: AthleteId, sha256: &str) -> Result<bool> {
        activities::has_original(&self.conn, athlete, sha256)
    }

    fn original(&self, athlete: AthleteId, sha256: &str) -> Result<Option<Vec<u8>>> {
        activities::original(&self.conn, athlete, sha256)
    }

    fn record_duplicate(
        &mut self,
        athlete: AthleteId,
        kept: Id,
        duplicate: NewActivity<'_>,
        reason: &str,
    ) -> Result<()> {
        activities::record_duplicate(&self.conn, athlete, kept, duplicate, reason)
    }

    fn replace_activity(
        &mut self,
        athlete: AthleteId,
        id: Id,
        replacement: NewActivity<'_>,
        reason: &str,
    ) -> Result<()> {
        activities::replace(&self.conn, athlete, id, replacement, reason)
    }

    fn activities_with_stale_digest(&self, athlete: AthleteId, version: u32) -> Result<Vec<Id>> {
        activities::stale_digests(&self.conn, athlete, version)
    }

    fn set_load_digest(&mut self, athlete: AthleteId, id: Id, digest: &LoadDigest) -> Result<()> {
        activities::set_digest(&self.conn, athlete, id, digest)
    }

    fn activities_by_offset_source(
        &self,
        athlete: AthleteId,
        source: Option<OffsetSource>,
    ) -> Result<Vec<Id>> {
        activities::by_offset_source(&self.conn, athlete, source)
    }

    fn set_local_time(&mut self, athlete: AthleteId, id: Id, local: &LocalTime<'_>) -> Result<()> {
        activities::set_local_time(&self.conn, athlete, id, local)
    }

    fn duplicate_decisions(
        &self,
        athlete: AthleteId,
        page: Page,
    ) -> Result<Vec<DuplicateDecision>> {
        activities::decisions(&self.conn, athlete, page)
    }

    fn update_activity(&mut self, athlete: AthleteId, id: Id, activity: &Activity) -> Result<()> {
        activities::update(&self.conn, athlete, id, activity)
    }

    fn set_activity_excluded(&mut self, athlete: AthleteId, id: Id, excluded: bool) -> Result<()> {
        activities::set_excluded(&self.conn, athlete, id, excluded)
    }

    fn excluded_activities(&self, athlete: AthleteId) -> Result<Vec<Id>> {
        activities::excluded(&self.conn, athlete)
    }

    fn add_race(&mut self, athlete: AthleteId, race: &Race) -> Result<Id> {
        records::add_race(&self.conn, athlete, race)
    }

    fn races(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<Race>>> {
        records::races(&self.conn, athlete, page)
    }

    fn remove_race(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        records::remove(&self.conn, athlete, "races", id)
    }

    fn update_race(&mut self, athlete: AthleteId, id: Id, race: &Race) -> Result<()> {
        records::update_race(&self.conn, athlete, id, race)
    }

    fn add_planned(&mut self, athlete: AthleteId, session: &PlannedSession) -> Result<Id> {
        records::add_planned(&self.conn, athlete, session)
    }

    fn planned(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<PlannedSession>>> {
        records::planned(&self.conn, athlete, page)
    }

    fn remove_planned(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        records::remove(&self.conn, athlete, "planned_sessions", id)
    }

    fn update_planned(
        &mut self,
        athlete: AthleteId,
        id: Id,
        session: &PlannedSession,
    ) -> Result<()> {
        records::update_planned(&self.conn, athlete, id, session)
    }

    fn add_soreness(&mut self, athlete: AthleteId, entry: &SorenessEntry) -> Result<Id> {
        records::add_soreness(&self.conn, athlete, entry)
    }

    fn soreness(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<SorenessEntry>>> {
        records::soreness(&self.conn, athlete, page)
    }

    fn update_soreness(&mut self, athlete: AthleteId, id: Id, entry: &SorenessEntry) -> Result<()> {
        records::update_soreness(&self.conn, athlete, id, entry)
    }

    fn remove_soreness(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        records::remove(&self.conn, athlete, "soreness", id)
    }

    fn add_massage(&mut self, athlete: AthleteId, session: &MassageSession) -> Result<Id> {
        records::add_massage(&self.conn, athlete, session)
    }

    fn massages(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<MassageSession>>> {
        records::massages(&self.conn, athlete, page)
    }

    fn update_massage(
        &mut self,
        athlete: AthleteId,
        id: Id,
        session: &MassageSession,
    ) -> Result<()> {
        records::update_massage(&self.conn, athlete, id, session)
    }

    fn remove_massage(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        records::remove(&self.conn, athlete, "massage_sessions", id)
    }

    fn add_therapist(&mut self, athlete: AthleteId, therapist: &Therapist) -> Result<Id> {
        records::add_therapist(&self.conn, athlete, therapist)
    }

    fn therapists(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<Therapist>>> {
        records::therapists(&self.conn, athlete, page)
    }

    fn therapist(
        &self,
        athlete: AthleteId,
        id: Id,
    ) -> Result<Option<(Record<Therapist>, Listing)>> {
        therapists::one(&self.conn, athlete, id)
    }

    fn update_therapist(
        &mut self,
        athlete: AthleteId,
        id: Id,
        therapist: &Therapist,
    ) -> Result<bool> {
        therapists::update(&self.conn, athlete, id, therapist)
    }

    fn remove_therapist(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        therapists::remove(&self.conn, athlete, id)
    }

    fn set_clinic_check(
        &mut self,
        athlete: AthleteId,
        therapist: Id,
        check: &ClinicCheck,
    ) -> Result<bool> {
        therapists::set_check(&self.conn, athlete, therapist, check)
    }

    fn clinic_check(&self, athlete: AthleteId, therapist: Id) -> Result<Option<ClinicCheck>> {
        therapists::check(&self.conn, athlete, therapist)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActivityQuery, Page};

    /// A database as tuneup wrote it at schema version 4 (one athlete, no athlete columns),
    /// with a row in every table.
    fn version_4_file(path: &Path) {
        let conn = Connection::open(path).unwrap();
        for sql in &MIGRATIONS[..4] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            r#"
            PRAGMA user_version = 4;
            INSERT INTO profile (id, data) VALUES (1, '{"name":"Sam","tools":["foam_roller"]}');
            INSERT INTO original_files (sha256, name, size, bytes) VALUES ('abc', 'a.fit', 3, x'010203');
            INSERT INTO original_files (sha256, name, size, bytes) VALUES ('def', 'b.gpx', 1, x'04');
            INSERT INTO activities (id, sport, start_utc_ms, utc_offset_s, local_date, elapsed_s,
                moving_s, distance_m, source_kind, source_sha256, source_name)
                VALUES (7, 'running', 1764000000000, 0, '2025-11-24', 3600, 3500, 10000, 'fit',
                'abc', 'a.fit');
            INSERT INTO import_decisions (kept_id, kept_sha256, dropped_sha256, dropped_name,
                dropped_kind, reason) VALUES (7, 'abc', 'def', 'b.gpx', 'gpx', 'fewer channels');
            INSERT INTO races (date, name, distance_m, priority)
                VALUES ('2025-12-14', 'City Marathon', 42195, 'a');
            INSERT INTO planned_sessions (date, kind, title) VALUES ('2025-11-26', 'hard', '6x800');
            INSERT INTO soreness (date, area, side, level, kind) VALUES ('2025-11-25', 'calves', 'left', 6, 'tight');
            INSERT INTO therapists (id, name, techniques) VALUES (3, 'Alex Kim', '["swedish"]');
            INSERT INTO massage_sessions (date, therapist_id, techniques, areas, purpose, insurance)
                VALUES ('2025-11-20', 3, '["swedish"]', '["calves"]', 'maintenance', 'none');
            INSERT INTO clinic_checks (therapist_id, checked_on, answers) VALUES (3, '2025-11-01', '[]');
            "#,
        )
        .unwrap();
    }

    /// Activities stored before version 11 name their file's session, so removing one after
    /// the upgrade is remembered like any other.
    #[test]
    fn an_activity_imported_before_version_11_is_remembered_when_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v10.db");
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..10] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            r#"
            PRAGMA user_version = 10;
            INSERT INTO original_files (sha256, name, size, bytes) VALUES ('abc', 'a.fit', 1, x'01');
            INSERT INTO athlete_originals (athlete_id, sha256) VALUES (1, 'abc');
            INSERT INTO activities (id, sport, start_utc_ms, utc_offset_s, local_date, elapsed_s,
                moving_s, distance_m, source_kind, source_sha256, source_name, athlete_id)
                VALUES (7, 'running', 1764000000000, 0, '2025-11-24', 3600, 3500, 10000, 'fit',
                'abc', 'a.fit', 1),
                (8, 'running', 1764003600000, 0, '2025-11-24', 600, 600, 2000, 'fit',
                'abc', 'a.fit', 1);
            INSERT INTO imported_sessions (athlete_id, sha256, session_index) VALUES (1, 'abc', 0), (1, 'abc', 1);
            "#,
        )
        .unwrap();
        drop(conn);
        let mut store = SqliteStore::open(&path).unwrap();
        let at = chrono::Utc::now();
        assert!(store.remove_activity(AthleteId::LOCAL, Id(8), at).unwrap());
        let removed = store.removed_sessions(AthleteId::LOCAL, "abc").unwrap();
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].index, 1, "the later session of the file");
    }

    /// Version 11 stored amounts as floats: version 12 keeps them as whole minor units, exactly
    /// as typed (decimal rounding half away from zero, never the float's binary tail), in the
    /// profile's currency, else USD; and each imported activity now names its file's session.
    #[test]
    fn version_11_floats_become_exact_minor_units() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v11.db");
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..11] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            r#"
            PRAGMA user_version = 11;
            INSERT INTO athletes (id, name) VALUES (2, 'two');
            INSERT INTO athlete_profiles (athlete_id, data) VALUES (2, '{"currency":"EUR"}');
            INSERT INTO therapists (id, name, techniques, price, athlete_id)
                VALUES (3, 'Alex Kim', '["swedish"]', 95.0, 1);
            "#,
        )
        .unwrap();
        let costs = [
            (1, 85.505, 8551),
            (1, 2.675, 268),
            (1, 0.125, 13),
            (1, 70.0, 7000),
            (1, 19.99, 1999),
            (1, 1.005, 101),
            (1, 85.504999, 8550),
            (2, 85.5, 8550),
        ];
        for (athlete, cost, _) in costs {
            conn.execute(
                "INSERT INTO massage_sessions (date, techniques, areas, purpose, insurance, cost,
                    athlete_id)
                 VALUES ('2025-11-20', '[\"swedish\"]', '[\"calves\"]', 'maintenance', 'none', ?1, ?2)",
                rusqlite::params![cost, athlete],
            )
            .unwrap();
        }
        drop(conn);
        let store = SqliteStore::open(&path).unwrap();
        let mut got: Vec<(i64, i64, String)> = Vec::new();
        for athlete in [AthleteId::LOCAL, AthleteId(2)] {
            for m in store.massages(athlete, Page::ALL).unwrap() {
                let cost = m.item.cost.unwrap();
                got.push((athlete.0, cost.minor, cost.currency.to_string()));
            }
        }
        let want: Vec<(i64, i64, String)> = costs
            .iter()
            .map(|(a, _, minor)| (*a, *minor, if *a == 1 { "USD" } else { "EUR" }.to_string()))
            .collect();
        assert_eq!(got, want);
        let price = store.therapists(AthleteId::LOCAL, Page::ALL).unwrap()[0]
            .item
            .price;
        assert_eq!(
            price.map(|p| (p.minor, p.currency.to_string())),
            Some((9500, "USD".into()))
        );
    }

    #[test]
    fn a_version_4_database_migrates_without_loss_and_belongs_to_the_local_athlete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.db");
        version_4_file(&path);
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let me = AthleteId::LOCAL;

        assert_eq!(store.profile(me).unwrap().name.as_deref(), Some("Sam"));
        let activities = store.activities(me, &ActivityQuery::default()).unwrap();
        assert_eq!(activities.len(), 1);
        assert_eq!(activities[0].id, Id(7));
        assert_eq!(store.original(me, "abc").unwrap().unwrap(), vec![1, 2, 3]);
        assert!(store.has_original(me, "def").unwrap());
        assert_eq!(store.duplicate_decisions(me, Page::ALL).unwrap().len(), 1);
        assert_eq!(store.races(me, Page::ALL).unwrap().len(), 1);
        assert_eq!(store.planned(me, Page::ALL).unwrap().len(), 1);
        assert_eq!(store.soreness(me, Page::ALL).unwrap().len(), 1);
        assert_eq!(store.therapists(me, Page::ALL).unwrap()[0].id, Id(3));
        assert_eq!(store.massages(me, Page::ALL).unwrap().len(), 1);
        assert!(store.clinic_check(me, Id(3)).unwrap().is_some());

        // Every row of athlete data names athlete 1; nothing is left without an owner.
        for table in [
            "activities",
            "import_decisions",
            "races",
            "planned_sessions",
            "soreness",
            "therapists",
            "massage_sessions",
            "clinic_checks",
            "athlete_originals",
            "athlete_profiles",
        ] {
            let (all, local): (i64, i64) = store
                .conn
                .query_row(
                    &format!("SELECT count(*), sum(athlete_id = 1) FROM {table}"),
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            assert!(all > 0, "{table} kept its rows");
            assert_eq!(all, local, "{table}");
        }
        let other = AthleteId(2);
        assert!(
            store
                .activities(other, &ActivityQuery::default())
                .unwrap()
                .is_empty()
        );
        assert!(!store.has_original(other, "abc").unwrap());
        assert_eq!(store.profile(other).unwrap(), AthleteProfile::default());
    }
}

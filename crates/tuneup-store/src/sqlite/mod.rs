//! The embedded SQLite backend: one file, migrated on open.

mod activities;
mod columns;
mod records;
mod therapists;

use crate::{ActivityQuery, DuplicateDecision, Listing, NewActivity, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use tuneup_core::model::{
    Activity, AthleteProfile, ClinicCheck, MassageSession, PlannedSession, Race, SorenessEntry,
    Therapist,
};
use tuneup_core::{Id, Record};

/// Append-only: a new schema change is a new file at the end.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_import_decisions.sql"),
    include_str!("migrations/0003_therapists.sql"),
    include_str!("migrations/0004_load_digest.sql"),
];
/// The schema version that added `activities.load_digest`: rows from before it get their
/// digest worked out from their streams when the file is brought up to it.
const LOAD_DIGEST_VERSION: usize = 4;

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
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_connection(conn, path)
    }

    /// A private in-memory database, for tests and throwaway work.
    pub fn in_memory() -> Result<Self> {
        Self::from_connection(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn from_connection(conn: Connection, path: &Path) -> Result<Self> {
        // 16 KiB pages: most of the bytes are original files and stream blobs (tens to
        // hundreds of KiB each), which at the default 4 KiB spread over many overflow pages;
        // a ten-year import spends a third less time writing (BENCHMARKS.md). Only a new
        // file takes it: an existing WAL database keeps its page size.
        conn.pragma_update(None, "page_size", 16384)?;
        // WAL + NORMAL: durable at each commit boundary that matters, and fast batch imports.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
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

    fn migrate(&mut self, path: &Path) -> Result<()> {
        let current = self.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if current > known {
            return Err(StoreError::TooNew {
                path: PathBuf::from(path),
                found: current,
                known,
            });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            if index + 1 == LOAD_DIGEST_VERSION {
                activities::backfill_digests(&tx)?;
            }
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }
}

impl Store for SqliteStore {
    fn in_transaction(
        &mut self,
        action: &mut dyn FnMut(&mut dyn Store) -> Result<()>,
    ) -> Result<()> {
        // A named savepoint nests with the savepoints each write method opens.
        self.conn.execute_batch("SAVEPOINT user_action")?;
        match action(self) {
            Ok(()) => {
                self.conn.execute_batch("RELEASE user_action")?;
                Ok(())
            }
            Err(error) => {
                self.conn
                    .execute_batch("ROLLBACK TO user_action; RELEASE user_action")?;
                Err(error)
            }
        }
    }

    fn profile(&self) -> Result<AthleteProfile> {
        let data: Option<String> = self
            .conn
            .query_row("SELECT data FROM profile WHERE id = 1", [], |row| {
                row.get(0)
            })
            .optional()?;
        match data {
            None => Ok(AthleteProfile::default()),
            Some(json) => serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                what: format!("profile: {e}"),
            }),
        }
    }

    fn set_profile(&mut self, profile: &AthleteProfile) -> Result<()> {
        profile.validate()?;
        let json = serde_json::to_string(profile).map_err(|e| StoreError::Corrupt {
            what: format!("profile: {e}"),
        })?;
        self.conn.execute(
            "INSERT INTO profile (id, data) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            [json],
        )?;
        Ok(())
    }

    fn add_activities(&mut self, batch: &[NewActivity<'_>]) -> Result<Vec<Id>> {
        activities::add(&mut self.conn, batch)
    }

    fn activities(&self, query: &ActivityQuery) -> Result<Vec<Record<Activity>>> {
        activities::list(&self.conn, query)
    }

    fn activity(&self, id: Id) -> Result<Option<Record<Activity>>> {
        activities::one(&self.conn, id)
    }

    fn activities_starting_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Record<Activity>>> {
        activities::starting_between(&self.conn, from, to)
    }

    fn remove_activity(&mut self, id: Id) -> Result<bool> {
        activities::remove(&mut self.conn, id)
    }

    fn has_original(&self, sha256: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM original_files WHERE sha256 = ?1",
                [sha256],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn original(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT bytes FROM original_files WHERE sha256 = ?1",
                [sha256],
                |row| row.get(0),
            )
            .optional()?)
    }

    fn record_duplicate(
        &mut self,
        kept: Id,
        duplicate: NewActivity<'_>,
        reason: &str,
    ) -> Result<()> {
        activities::record_duplicate(&mut self.conn, kept, duplicate, reason)
    }

    fn replace_activity(
        &mut self,
        id: Id,
        replacement: NewActivity<'_>,
        reason: &str,
    ) -> Result<()> {
        activities::replace(&mut self.conn, id, replacement, reason)
    }

    fn duplicate_decisions(&self) -> Result<Vec<DuplicateDecision>> {
        activities::decisions(&self.conn)
    }

    fn add_race(&mut self, race: &Race) -> Result<Id> {
        records::add_race(&mut self.conn, race)
    }

    fn races(&self) -> Result<Vec<Record<Race>>> {
        records::races(&self.conn)
    }

    fn remove_race(&mut self, id: Id) -> Result<bool> {
        records::remove(&mut self.conn, "races", id)
    }

    fn add_planned(&mut self, session: &PlannedSession) -> Result<Id> {
        records::add_planned(&mut self.conn, session)
    }

    fn planned(&self) -> Result<Vec<Record<PlannedSession>>> {
        records::planned(&self.conn)
    }

    fn remove_planned(&mut self, id: Id) -> Result<bool> {
        records::remove(&mut self.conn, "planned_sessions", id)
    }

    fn add_soreness(&mut self, entry: &SorenessEntry) -> Result<Id> {
        records::add_soreness(&mut self.conn, entry)
    }

    fn soreness(&self) -> Result<Vec<Record<SorenessEntry>>> {
        records::soreness(&self.conn)
    }

    fn add_massage(&mut self, session: &MassageSession) -> Result<Id> {
        records::add_massage(&mut self.conn, session)
    }

    fn massages(&self) -> Result<Vec<Record<MassageSession>>> {
        records::massages(&self.conn)
    }

    fn add_therapist(&mut self, therapist: &Therapist) -> Result<Id> {
        records::add_therapist(&mut self.conn, therapist)
    }

    fn therapists(&self) -> Result<Vec<Record<Therapist>>> {
        records::therapists(&self.conn)
    }

    fn therapist(&self, id: Id) -> Result<Option<(Record<Therapist>, Listing)>> {
        therapists::one(&self.conn, id)
    }

    fn update_therapist(&mut self, id: Id, therapist: &Therapist) -> Result<bool> {
        therapists::update(&mut self.conn, id, therapist)
    }

    fn remove_therapist(&mut self, id: Id) -> Result<bool> {
        therapists::remove(&mut self.conn, id)
    }

    fn set_clinic_check(&mut self, therapist: Id, check: &ClinicCheck) -> Result<bool> {
        therapists::set_check(&mut self.conn, therapist, check)
    }

    fn clinic_check(&self, therapist: Id) -> Result<Option<ClinicCheck>> {
        therapists::check(&self.conn, therapist)
    }
}

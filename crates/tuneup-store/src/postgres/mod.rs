//! The PostgreSQL backend, for a club or clinic server: many athletes in one database, and
//! several tuneup instances on it at once. Chosen by a `postgres://` location; migrated on
//! open, inside one transaction under an advisory lock, so instances starting together each
//! find the schema either untouched or complete.
//!
//! One store is one connection (a [`crate::Pool`] holds several). Writes are serialised per
//! athlete with a transaction-scoped advisory lock, taken by the first call of a transaction
//! that names the athlete, reads included: a check-then-write inside
//! [`Store::in_transaction`] (as an import does) sees what the previous writer committed,
//! as SQLite's IMMEDIATE transactions do. Uniqueness of imported sessions is the database's
//! own key, so even writers that skip the check store a session once.

mod activities;
mod columns;
mod records;

use crate::{
    ActivityQuery, DuplicateDecision, Listing, LocalTime, NewActivity, Page, RemovedSession,
    Result, Store, StoreError,
};
use chrono::{DateTime, Utc};
use postgres::{Client, NoTls};
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use tuneup_core::load::LoadDigest;
use tuneup_core::model::{
    Activity, AthleteProfile, ClinicCheck, MassageSession, OffsetSource, PlannedSession, Race,
    SorenessEntry, Therapist,
};
use tuneup_core::{AthleteId, Id, Record};

/// Append-only: a new schema change is a new file at the end.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_schema.sql")];

/// The schema version this build migrates a database to: the number of migrations.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The advisory lock (one 64-bit key per database) that migrations run under.
const MIGRATION_LOCK: i64 = 0x7475_6e65_7570_0001; // "tuneup" + 1

/// `postgres://user:secret@host/db` with the password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let redacted = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    // A password may also come as a `password=` parameter.
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=***")
                    }
                    _ => p.to_string(),
                })
                .collect();
            format!("{path}?{}", params.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{redacted}{tail}")
}

pub struct PgStore {
    client: RefCell<Client>,
    /// Open transaction levels: 0 outside a transaction, 1 inside BEGIN, more in savepoints.
    depth: Cell<u32>,
    /// The athletes whose write lock the open transaction holds.
    locked: RefCell<Vec<i64>>,
    /// Part of every athlete lock's key, so tests in separate schemas do not wait on each other.
    schema_key: i64,
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://…`) and brings its schema up to date.
    /// Errors name the URL without its password.
    pub fn open(url: &str) -> Result<Self> {
        let connect_error = |source: postgres::Error| StoreError::Connect {
            url: redact(url),
            reason: columns::describe(&source),
        };
        let client = Client::connect(url, NoTls).map_err(connect_error)?;
        let mut store = PgStore {
            client: RefCell::new(client),
            depth: Cell::new(0),
            locked: RefCell::new(Vec::new()),
            schema_key: 0,
        };
        store.schema_key = store
            .client
            .get_mut()
            .query_one("SELECT hashtext(current_schema())::bigint", &[])?
            .get(0);
        store.migrate(url)?;
        Ok(store)
    }

    /// The athlete with this name, added when there is none (a club server's athletes are
    /// rows of `athletes`; the local athlete, id 1, has no name).
    pub fn athlete_named(&mut self, name: &str) -> Result<AthleteId> {
        let client = self.client.get_mut();
        let row = client.query_one(
            "INSERT INTO athletes (name) VALUES ($1)
             ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id",
            &[&name],
        )?;
        Ok(AthleteId(row.get(0)))
    }

    /// The schema version this database is at.
    pub fn schema_version(&self) -> Result<i64> {
        let mut client = self.client.borrow_mut();
        Ok(client
            .query_one(
                "SELECT coalesce(max(version), 0)::bigint FROM tuneup_schema",
                &[],
            )?
            .get(0))
    }

    /// Runs the migrations this database has not had, in one transaction under an advisory
    /// lock: a second instance opening at the same moment waits, then finds them done.
    fn migrate(&mut self, url: &str) -> Result<()> {
        let known = SCHEMA_VERSION;
        let client = self.client.get_mut();
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS tuneup_schema (
                version    INTEGER PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )",
        )?;
        let current: i64 = tx
            .query_one(
                "SELECT coalesce(max(version), 0)::bigint FROM tuneup_schema",
                &[],
            )?
            .get(0);
        if current > known {
            return Err(StoreError::TooNew {
                path: redact(url).into(),
                found: current,
                known,
            });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO tuneup_schema (version) VALUES ($1)",
                &[&(index as i32 + 1)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes the athlete's write lock for the open transaction, once; tells
    /// [`crate::on_wait`] when another writer holds it.
    fn lock_athlete(&self, client: &mut Client, athlete: AthleteId) -> Result<()> {
        if self.depth.get() == 0 || self.locked.borrow().contains(&athlete.0) {
            return Ok(());
        }
        let key = (self.schema_key << 32) ^ athlete.0;
        let free: bool = client
            .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&key])?
            .get(0);
        if !free {
            crate::sqlite::tell_waiting();
            client.execute("SELECT pg_advisory_xact_lock($1)", &[&key])?;
        }
        self.locked.borrow_mut().push(athlete.0);
        Ok(())
    }

    /// Opens a transaction level: BEGIN outside one, else a savepoint.
    fn begin(&self, client: &mut Client) -> Result<()> {
        let depth = self.depth.get();
        if depth == 0 {
            client.batch_execute("BEGIN")?;
        } else {
            client.batch_execute(&format!("SAVEPOINT level_{depth}"))?;
        }
        self.depth.set(depth + 1);
        Ok(())
    }

    /// Closes the innermost level, keeping what it wrote (`commit`) or not.
    fn end(&self, client: &mut Client, commit: bool) -> Result<()> {
        let depth = self.depth.get() - 1;
        self.depth.set(depth);
        if depth == 0 {
            self.locked.borrow_mut().clear();
        }
        let sql = match (depth, commit) {
            (0, true) => "COMMIT".to_string(),
            (0, false) => "ROLLBACK".to_string(),
            (d, true) => format!("RELEASE SAVEPOINT level_{d}"),
            (d, false) => format!("ROLLBACK TO SAVEPOINT level_{d}; RELEASE SAVEPOINT level_{d}"),
        };
        let ended = client.batch_execute(&sql);
        if ended.is_err() && depth == 0 && commit {
            let _ = client.batch_execute("ROLLBACK");
        }
        Ok(ended?)
    }

    /// Runs `work` as one atomic write for `athlete`: a transaction of its own, or a savepoint
    /// inside one. An error or a panic in `work` rolls back what it wrote.
    fn write<T>(
        &self,
        athlete: AthleteId,
        work: impl FnOnce(&mut Client) -> Result<T>,
    ) -> Result<T> {
        let mut client = self.client.borrow_mut();
        self.begin(&mut client)?;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.lock_athlete(&mut client, athlete)?;
            work(&mut client)
        }));
        match outcome {
            Ok(Ok(value)) => {
                self.end(&mut client, true)?;
                Ok(value)
            }
            Ok(Err(error)) => {
                self.end(&mut client, false)?;
                Err(error)
            }
            Err(panic) => {
                let _ = self.end(&mut client, false);
                resume_unwind(panic)
            }
        }
    }

    /// Runs reads for `athlete`. Inside a transaction they wait for the athlete's write lock
    /// first, so what a transaction checks before it writes stays true until it commits.
    fn read<T>(
        &self,
        athlete: AthleteId,
        work: impl FnOnce(&mut Client) -> Result<T>,
    ) -> Result<T> {
        let mut client = self.client.borrow_mut();
        self.lock_athlete(&mut client, athlete)?;
        work(&mut client)
    }
}

impl Store for PgStore {
    fn in_transaction(
        &mut self,
        action: &mut dyn FnMut(&mut dyn Store) -> Result<()>,
    ) -> Result<()> {
        self.begin(&mut self.client.borrow_mut())?;
        match catch_unwind(AssertUnwindSafe(|| action(self))) {
            Ok(Ok(())) => self.end(&mut self.client.borrow_mut(), true),
            Ok(Err(error)) => {
                self.end(&mut self.client.borrow_mut(), false)?;
                Err(error)
            }
            Err(panic) => {
                // Whatever the action wrote goes, so the connection is clean for whoever
                // uses it next (a pool hands it on), then the panic carries on.
                let _ = self.end(&mut self.client.borrow_mut(), false);
                resume_unwind(panic)
            }
        }
    }

    fn profile(&self, athlete: AthleteId) -> Result<AthleteProfile> {
        self.read(athlete, |c| {
            let row = c.query_opt(
                "SELECT data FROM athlete_profiles WHERE athlete_id = $1",
                &[&athlete.0],
            )?;
            match row {
                None => Ok(AthleteProfile::default()),
                Some(row) => {
                    serde_json::from_str(row.get::<_, &str>(0)).map_err(|e| StoreError::Corrupt {
                        what: format!("profile: {e}"),
                    })
                }
            }
        })
    }

    fn set_profile(&mut self, athlete: AthleteId, profile: &AthleteProfile) -> Result<()> {
        profile.validate()?;
        let json = columns::json_text(profile)?;
        self.write(athlete, |c| {
            c.execute(
                "INSERT INTO athlete_profiles (athlete_id, data) VALUES ($1, $2)
                 ON CONFLICT (athlete_id) DO UPDATE SET data = excluded.data",
                &[&athlete.0, &json],
            )?;
            Ok(())
        })
    }

    fn add_activities(&mut self, athlete: AthleteId, batch: &[NewActivity<'_>]) -> Result<Vec<Id>> {
        let prepared = activities::prepare(batch)?;
        self.write(athlete, |c| activities::add(c, athlete, batch, &prepared))
    }

    fn activities(
        &self,
        athlete: AthleteId,
        query: &ActivityQuery,
    ) -> Result<Vec<Record<Activity>>> {
        self.read(athlete, |c| activities::list(c, athlete, query))
    }

    fn activity(&self, athlete: AthleteId, id: Id) -> Result<Option<Record<Activity>>> {
        self.read(athlete, |c| activities::one(c, athlete, id))
    }

    fn activities_starting_between(
        &self,
        athlete: AthleteId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Record<Activity>>> {
        self.read(athlete, |c| {
            activities::starting_between(c, athlete, from, to)
        })
    }

    fn remove_activity(&mut self, athlete: AthleteId, id: Id, at: DateTime<Utc>) -> Result<bool> {
        self.write(athlete, |c| activities::remove(c, athlete, id, at))
    }

    fn removed_sessions(&self, athlete: AthleteId, sha256: &str) -> Result<Vec<RemovedSession>> {
        self.read(athlete, |c| {
            activities::removed_sessions(c, athlete, sha256)
        })
    }

    fn restore_session(&mut self, athlete: AthleteId, sha256: &str, index: u32) -> Result<bool> {
        self.write(athlete, |c| {
            activities::restore_session(c, athlete, sha256, index)
        })
    }

    fn has_original(&self, athlete: AthleteId, sha256: &str) -> Result<bool> {
        self.read(athlete, |c| {
            Ok(c.query_opt(
                "SELECT 1 FROM athlete_originals WHERE athlete_id = $1 AND sha256 = $2",
                &[&athlete.0, &sha256],
            )?
            .is_some())
        })
    }

    fn original(&self, athlete: AthleteId, sha256: &str) -> Result<Option<Vec<u8>>> {
        self.read(athlete, |c| {
            Ok(c.query_opt(
                "SELECT f.bytes FROM original_files f
                 JOIN athlete_originals o ON o.sha256 = f.sha256
                 WHERE o.athlete_id = $1 AND f.sha256 = $2",
                &[&athlete.0, &sha256],
            )?
            .map(|row| row.get(0)))
        })
    }

    fn record_duplicate(
        &mut self,
        athlete: AthleteId,
        kept: Id,
        duplicate: NewActivity<'_>,
        reason: &str,
    ) -> Result<()> {
        self.write(athlete, |c| {
            activities::record_duplicate(c, athlete, kept, duplicate, reason)
        })
    }

    fn replace_activity(
        &mut self,
        athlete: AthleteId,
        id: Id,
        replacement: NewActivity<'_>,
        reason: &str,
    ) -> Result<()> {
        let prepared = activities::prepare(std::slice::from_ref(&replacement))?;
        self.write(athlete, |c| {
            activities::replace(c, athlete, id, replacement, &prepared[0], reason)
        })
    }

    fn activities_with_stale_digest(&self, athlete: AthleteId, version: u32) -> Result<Vec<Id>> {
        self.read(athlete, |c| {
            activities::ids(
                c,
                "SELECT a.id FROM activities a JOIN activity_streams s ON s.activity_id = a.id
                 WHERE a.athlete_id = $1
                   AND (a.load_digest IS NULL OR a.load_digest_version IS DISTINCT FROM $2)
                 ORDER BY a.id",
                &[&athlete.0, &(version as i32)],
            )
        })
    }

    fn set_load_digest(&mut self, athlete: AthleteId, id: Id, digest: &LoadDigest) -> Result<()> {
        let json = columns::json_text(digest)?;
        self.write(athlete, |c| {
            activities::update_one(
                c,
                id,
                "UPDATE activities SET load_digest = $3, load_digest_version = $4
                 WHERE id = $1 AND athlete_id = $2",
                &[&id.0, &athlete.0, &json, &(LoadDigest::VERSION as i32)],
            )
        })
    }

    fn update_activity(&mut self, athlete: AthleteId, id: Id, activity: &Activity) -> Result<()> {
        activity.validate()?;
        self.write(athlete, |c| activities::update(c, athlete, id, activity))
    }

    fn set_activity_excluded(&mut self, athlete: AthleteId, id: Id, excluded: bool) -> Result<()> {
        self.write(athlete, |c| {
            activities::update_one(
                c,
                id,
                "UPDATE activities SET excluded = $3 WHERE id = $1 AND athlete_id = $2",
                &[&id.0, &athlete.0, &excluded],
            )
        })
    }

    fn excluded_activities(&self, athlete: AthleteId) -> Result<Vec<Id>> {
        self.read(athlete, |c| {
            activities::ids(
                c,
                "SELECT id FROM activities WHERE athlete_id = $1 AND excluded ORDER BY id",
                &[&athlete.0],
            )
        })
    }

    fn activities_by_offset_source(
        &self,
        athlete: AthleteId,
        source: Option<OffsetSource>,
    ) -> Result<Vec<Id>> {
        let source = source.map(|s| s.id());
        self.read(athlete, |c| {
            activities::ids(
                c,
                "SELECT id FROM activities
                 WHERE athlete_id = $1 AND offset_source IS NOT DISTINCT FROM $2 ORDER BY id",
                &[&athlete.0, &source],
            )
        })
    }

    fn set_local_time(&mut self, athlete: AthleteId, id: Id, local: &LocalTime<'_>) -> Result<()> {
        activities::check_offset(local.utc_offset_s)?;
        self.write(athlete, |c| {
            activities::set_local_time(c, athlete, id, local)
        })
    }

    fn duplicate_decisions(
        &self,
        athlete: AthleteId,
        page: Page,
    ) -> Result<Vec<DuplicateDecision>> {
        self.read(athlete, |c| activities::decisions(c, athlete, page))
    }

    fn add_race(&mut self, athlete: AthleteId, race: &Race) -> Result<Id> {
        race.validate()?;
        self.write(athlete, |c| records::add_race(c, athlete, race))
    }

    fn races(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<Race>>> {
        self.read(athlete, |c| records::races(c, athlete, page))
    }

    fn remove_race(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        self.write(athlete, |c| records::remove(c, athlete, "races", id))
    }

    fn update_race(&mut self, athlete: AthleteId, id: Id, race: &Race) -> Result<()> {
        race.validate()?;
        self.write(athlete, |c| records::update_race(c, athlete, id, race))
    }

    fn add_planned(&mut self, athlete: AthleteId, session: &PlannedSession) -> Result<Id> {
        session.validate()?;
        self.write(athlete, |c| records::add_planned(c, athlete, session))
    }

    fn planned(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<PlannedSession>>> {
        self.read(athlete, |c| records::planned(c, athlete, page))
    }

    fn remove_planned(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        self.write(athlete, |c| {
            records::remove(c, athlete, "planned_sessions", id)
        })
    }

    fn update_planned(
        &mut self,
        athlete: AthleteId,
        id: Id,
        session: &PlannedSession,
    ) -> Result<()> {
        session.validate()?;
        self.write(athlete, |c| {
            records::update_planned(c, athlete, id, session)
        })
    }

    fn add_soreness(&mut self, athlete: AthleteId, entry: &SorenessEntry) -> Result<Id> {
        entry.validate()?;
        self.write(athlete, |c| records::add_soreness(c, athlete, entry))
    }

    fn soreness(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<SorenessEntry>>> {
        self.read(athlete, |c| records::soreness(c, athlete, page))
    }

    fn update_soreness(&mut self, athlete: AthleteId, id: Id, entry: &SorenessEntry) -> Result<()> {
        entry.validate()?;
        self.write(athlete, |c| records::update_soreness(c, athlete, id, entry))
    }

    fn remove_soreness(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        self.write(athlete, |c| records::remove(c, athlete, "soreness", id))
    }

    fn add_massage(&mut self, athlete: AthleteId, session: &MassageSession) -> Result<Id> {
        session.validate()?;
        self.write(athlete, |c| records::add_massage(c, athlete, session))
    }

    fn massages(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<MassageSession>>> {
        self.read(athlete, |c| records::massages(c, athlete, page))
    }

    fn update_massage(
        &mut self,
        athlete: AthleteId,
        id: Id,
        session: &MassageSession,
    ) -> Result<()> {
        session.validate()?;
        self.write(athlete, |c| {
            records::update_massage(c, athlete, id, session)
        })
    }

    fn remove_massage(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        self.write(athlete, |c| {
            records::remove(c, athlete, "massage_sessions", id)
        })
    }

    fn add_therapist(&mut self, athlete: AthleteId, therapist: &Therapist) -> Result<Id> {
        therapist.validate()?;
        self.write(athlete, |c| records::add_therapist(c, athlete, therapist))
    }

    fn therapists(&self, athlete: AthleteId, page: Page) -> Result<Vec<Record<Therapist>>> {
        self.read(athlete, |c| records::therapists(c, athlete, page))
    }

    fn therapist(
        &self,
        athlete: AthleteId,
        id: Id,
    ) -> Result<Option<(Record<Therapist>, Listing)>> {
        self.read(athlete, |c| records::therapist(c, athlete, id))
    }

    fn update_therapist(
        &mut self,
        athlete: AthleteId,
        id: Id,
        therapist: &Therapist,
    ) -> Result<bool> {
        therapist.validate()?;
        self.write(athlete, |c| {
            records::update_therapist(c, athlete, id, therapist)
        })
    }

    fn remove_therapist(&mut self, athlete: AthleteId, id: Id) -> Result<bool> {
        self.write(athlete, |c| {
            Ok(c.execute(
                "UPDATE therapists SET removed = TRUE
                 WHERE id = $1 AND NOT removed AND athlete_id = $2",
                &[&id.0, &athlete.0],
            )? > 0)
        })
    }

    fn set_clinic_check(
        &mut self,
        athlete: AthleteId,
        therapist: Id,
        check: &ClinicCheck,
    ) -> Result<bool> {
        check.validate()?;
        self.write(athlete, |c| {
            records::set_clinic_check(c, athlete, therapist, check)
        })
    }

    fn clinic_check(&self, athlete: AthleteId, therapist: Id) -> Result<Option<ClinicCheck>> {
        self.read(athlete, |c| records::clinic_check(c, athlete, therapist))
    }
}

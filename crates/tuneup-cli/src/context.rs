//! What every command needs: where the database is, whose data it acts on, and what day it
//! is. This is the edge of the program, the one place allowed to read the clock and the
//! environment (the system's time zone included).

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use std::cell::{OnceCell, RefCell};
use std::path::PathBuf;
use tuneup_app::Tz;
use tuneup_core::AthleteId;
use tuneup_core::timezone;
use tuneup_store::{DatabaseLocation, Store};

/// Exit status for an error that stopped the command.
pub const EXIT_ERROR: u8 = 1;
/// Exit status when the command line itself was wrong (as clap uses for its own checks).
pub const EXIT_USAGE: u8 = 2;

pub struct Context {
    /// `--database` / `TUNEUP_DATABASE`, if given; otherwise the data folder's file, found
    /// only when a command opens the store (`faq` needs no home folder).
    database: Option<String>,
    /// `--today` / `TUNEUP_TODAY`, when given.
    today_given: Option<NaiveDate>,
    now: DateTime<Utc>,
    /// The computer's time zone: the runner's when their profile names none.
    pub system_zone: Tz,
    /// The local database's one athlete: the CLI has no login.
    pub athlete: AthleteId,
    /// The runner's zone, read with the profile the first time it is needed.
    zone: OnceCell<Tz>,
    /// A store opened to read the zone, handed to the next `open_store`.
    opened: RefCell<Option<Box<dyn Store>>>,
}

impl Context {
    pub fn new(database: Option<&str>, today: Option<NaiveDate>) -> anyhow::Result<Self> {
        if let Some(given) = database {
            // A location that cannot be read is a mistake worth reporting before any work.
            DatabaseLocation::parse(given)
                .with_context(|| format!("--database / TUNEUP_DATABASE '{given}'"))?;
        }
        if let Some(given) = today {
            tuneup_core::limits::check_date("--today / TUNEUP_TODAY", given)?;
        }
        Ok(Context {
            database: database.map(str::to_string),
            today_given: today,
            now: Utc::now(),
            system_zone: system_zone(),
            athlete: AthleteId::LOCAL,
            zone: OnceCell::new(),
            opened: RefCell::new(None),
        })
    }

    /// Where the database is.
    pub fn location(&self) -> anyhow::Result<DatabaseLocation> {
        match &self.database {
            Some(given) => DatabaseLocation::parse(given)
                .with_context(|| format!("--database / TUNEUP_DATABASE '{given}'")),
            None => Ok(DatabaseLocation::Sqlite(default_database_path()?)),
        }
    }

    /// Opens the store, creating and migrating it as needed and bringing its load digests
    /// and local times up to date; a new database says where it was made (on stderr, so
    /// scripts reading stdout are not disturbed).
    pub fn open_store(&self) -> anyhow::Result<Box<dyn Store>> {
        if let Some(store) = self.opened.borrow_mut().take() {
            return Ok(store);
        }
        let location = self.location()?;
        let new_file = match &location {
            DatabaseLocation::Sqlite(path) => (!path.exists()).then(|| path.clone()),
            _ => None,
        };
        let store = tuneup_app::open_store(&location, self.athlete, self.system_zone)?;
        if let Some(path) = new_file {
            eprintln!("tuneup: created a new database at {}", path.display());
        }
        if self.zone.get().is_none() {
            let zone =
                tuneup_app::profile::runner_zone(store.as_ref(), self.athlete, self.system_zone)?;
            let _ = self.zone.set(zone);
        }
        Ok(store)
    }

    /// The runner's time zone: their profile's, else the computer's.
    pub fn runner_zone(&self) -> anyhow::Result<Tz> {
        if let Some(zone) = self.zone.get() {
            return Ok(*zone);
        }
        let store = self.open_store()?;
        *self.opened.borrow_mut() = Some(store);
        Ok(self.zone.get().copied().unwrap_or(self.system_zone))
    }

    /// Today for the runner: `--today` when given, else the date now in their time zone.
    /// When the database cannot be read for the zone, the computer's zone is used (and the
    /// command's own opening of the store reports the problem).
    pub fn today(&self) -> NaiveDate {
        self.today_given.unwrap_or_else(|| {
            let zone = self.runner_zone().unwrap_or(self.system_zone);
            timezone::date_in(zone, self.now)
        })
    }

    /// The instant this command started, for what records when it happened (a removal).
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// `--today` / `TUNEUP_TODAY`, when given: a server keeps it fixed, else reads the clock
    /// on every request.
    pub fn today_given(&self) -> Option<NaiveDate> {
        self.today_given
    }

    /// Today in the computer's time zone, for commands that use no database of the runner's
    /// (the demo).
    pub fn system_today(&self) -> NaiveDate {
        self.today_given
            .unwrap_or_else(|| timezone::date_in(self.system_zone, self.now))
    }
}

/// The computer's time zone: `TZ` when it names an IANA zone (`America/Denver`, or
/// `:America/Denver`), else the system setting (`/etc/localtime`), else UTC.
fn system_zone() -> Tz {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|tz| timezone::parse_zone(tz.trim_start_matches(':')).ok());
    from_env
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|name| timezone::parse_zone(&name).ok())
        })
        .unwrap_or(Tz::UTC)
}

/// `$XDG_DATA_HOME/tuneup/tuneup.db` (or the platform's equivalent), its folder created on
/// first use. A home folder that does not exist is an error, never a path to create.
fn default_database_path() -> anyhow::Result<PathBuf> {
    let home = dirs::home_dir()
        .context("cannot find your home folder: set --database PATH or TUNEUP_DATABASE")?;
    anyhow::ensure!(
        home.is_dir(),
        "your home folder '{}' does not exist: set --database PATH or TUNEUP_DATABASE",
        home.display()
    );
    let base = dirs::data_dir()
        .context("cannot find your data folder: set --database PATH or TUNEUP_DATABASE")?;
    let folder = base.join("tuneup");
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create the data folder '{}'", folder.display()))?;
    Ok(folder.join("tuneup.db"))
}

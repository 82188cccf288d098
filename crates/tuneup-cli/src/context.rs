//! What every command needs: where the database is, whose data it acts on, and what day it
//! is. This is the edge of the program, the one place allowed to read the clock and the
//! environment.

use anyhow::Context as _;
use chrono::{Local, NaiveDate};
use std::path::PathBuf;
use tuneup_core::AthleteId;
use tuneup_store::{DatabaseLocation, Store};

/// Exit status for an error that stopped the command.
pub const EXIT_ERROR: u8 = 1;
/// Exit status when the command line itself was wrong (as clap uses for its own checks).
pub const EXIT_USAGE: u8 = 2;

pub struct Context {
    /// `--database` / `TUNEUP_DATABASE`, if given; otherwise the data folder's file, found
    /// only when a command opens the store (`faq` needs no home folder).
    database: Option<String>,
    pub today: NaiveDate,
    /// The local database's one athlete: the CLI has no login.
    pub athlete: AthleteId,
}

impl Context {
    pub fn new(database: Option<&str>, today: Option<NaiveDate>) -> anyhow::Result<Self> {
        if let Some(given) = database {
            // A location that cannot be read is a mistake worth reporting before any work.
            DatabaseLocation::parse(given)
                .with_context(|| format!("--database / TUNEUP_DATABASE '{given}'"))?;
        }
        let today = today.unwrap_or_else(|| Local::now().date_naive());
        tuneup_core::limits::check_date("--today / TUNEUP_TODAY", today)?;
        Ok(Context {
            database: database.map(str::to_string),
            today,
            athlete: AthleteId::LOCAL,
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

    /// Opens the store, creating and migrating it as needed and bringing its load digests up
    /// to date; a new database says where it was made (on stderr, so scripts reading stdout
    /// are not disturbed).
    pub fn open_store(&self) -> anyhow::Result<Box<dyn Store>> {
        let location = self.location()?;
        let new_file = match &location {
            DatabaseLocation::Sqlite(path) => (!path.exists()).then(|| path.clone()),
            _ => None,
        };
        let store = tuneup_app::open_store(&location, self.athlete)?;
        if let Some(path) = new_file {
            eprintln!("tuneup: created a new database at {}", path.display());
        }
        Ok(store)
    }

    /// The local UTC offset on `date`, for runs the runner types in.
    pub fn local_offset_seconds(&self, date: NaiveDate) -> i32 {
        use chrono::{Offset, TimeZone};
        let noon = date.and_hms_opt(12, 0, 0).expect("noon exists");
        Local
            .from_local_datetime(&noon)
            .earliest()
            .map(|t| t.offset().fix().local_minus_utc())
            .unwrap_or(0)
    }
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

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

pub struct Context {
    pub location: DatabaseLocation,
    pub today: NaiveDate,
    /// The local database's one athlete: the CLI has no login.
    pub athlete: AthleteId,
}

impl Context {
    pub fn new(database: Option<&str>, today: Option<NaiveDate>) -> anyhow::Result<Self> {
        let location = match database {
            Some(given) => DatabaseLocation::parse(given)
                .with_context(|| format!("--database / TUNEUP_DATABASE '{given}'"))?,
            None => DatabaseLocation::Sqlite(default_database_path()?),
        };
        let today = today.unwrap_or_else(|| Local::now().date_naive());
        tuneup_core::limits::check_date("--today / TUNEUP_TODAY", today)?;
        Ok(Context {
            location,
            today,
            athlete: AthleteId::LOCAL,
        })
    }

    /// Opens the store, creating and migrating it as needed, and brings its load digests up
    /// to date.
    pub fn open_store(&self) -> anyhow::Result<Box<dyn Store>> {
        Ok(tuneup_app::open_store(&self.location, self.athlete)?)
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

/// `$XDG_DATA_HOME/tuneup/tuneup.db` (or the platform's equivalent), created on first use.
fn default_database_path() -> anyhow::Result<PathBuf> {
    let base = dirs::data_dir()
        .context("cannot find your data folder: set --database PATH or TUNEUP_DATABASE")?;
    let folder = base.join("tuneup");
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create the data folder '{}'", folder.display()))?;
    Ok(folder.join("tuneup.db"))
}

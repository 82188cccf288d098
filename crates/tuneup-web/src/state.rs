//! What every handler shares: the pool of stores, whose data it shows, and what day it is.

use crate::error::{Format, WebError};
use crate::security::Security;
use chrono::NaiveDate;
use tuneup_app::Tz;
use tuneup_core::AthleteId;
use tuneup_store::{Pool, Store};

/// How the server knows "today".
#[derive(Debug, Clone, Copy)]
pub enum Today {
    /// A fixed day (`--today`, and tests).
    Fixed(NaiveDate),
    /// The date now in the runner's zone (their profile's, else `system_zone`), read on
    /// every request so a server left running crosses midnight.
    Clock { system_zone: Tz },
}

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub athlete: AthleteId,
    pub today: Today,
    pub(crate) security: Security,
}

impl AppState {
    /// `allow_remote`: the server was bound beyond loopback on purpose, so any Host is
    /// accepted (same-origin checks still apply).
    pub fn new(pool: Pool, athlete: AthleteId, today: Today, allow_remote: bool) -> Self {
        AppState {
            pool,
            athlete,
            today,
            security: Security { allow_remote },
        }
    }

    /// Runs `work` with a store from the pool on the blocking thread pool, with today's
    /// date for the runner. Errors come back in `format` (a page or JSON).
    pub(crate) async fn run<T, F>(&self, format: Format, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store, AthleteId, NaiveDate) -> tuneup_app::Result<T> + Send + 'static,
    {
        let (pool, athlete, today) = (self.pool.clone(), self.athlete, self.today);
        tokio::task::spawn_blocking(move || {
            let store = pool.get();
            let day = match today {
                Today::Fixed(day) => day,
                Today::Clock { system_zone } => {
                    let zone = tuneup_app::profile::runner_zone(&*store, athlete, system_zone)?;
                    tuneup_core::timezone::date_in(zone, chrono::Utc::now())
                }
            };
            work(&*store, athlete, day)
        })
        .await
        .map_err(|join| WebError::internal(format, format!("a request's work panicked: {join}")))?
        .map_err(|error| WebError::from_app(format, error))
    }
}

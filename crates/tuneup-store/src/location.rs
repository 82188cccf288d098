//! Where the database lives: a path for SQLite or a URL for a server.

use crate::StoreError;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseLocation {
    /// Reads `--database` / `TUNEUP_DATABASE`: a plain path, `sqlite://PATH`, or
    /// `postgres://…` / `postgresql://…`.
    /// Locations SQLite would open as a throwaway database are refused, so nothing is
    /// reported saved that is not.
    pub fn parse(given: &str) -> Result<Self, StoreError> {
        if let Some(path) = given.strip_prefix("sqlite://") {
            return sqlite_file(given, path);
        }
        if given.starts_with("postgres://") || given.starts_with("postgresql://") {
            return Ok(DatabaseLocation::Postgres(given.to_string()));
        }
        if given.contains("://") || given.trim().is_empty() {
            return Err(StoreError::UnknownScheme {
                given: given.to_string(),
            });
        }
        sqlite_file(given, given)
    }
}

fn sqlite_file(given: &str, path: &str) -> Result<DatabaseLocation, StoreError> {
    let throwaway = |reason| {
        Err(StoreError::Throwaway {
            given: given.to_string(),
            reason,
        })
    };
    if path.trim().is_empty() {
        return throwaway("an empty path is a temporary database");
    }
    if path == ":memory:" || path.starts_with("file:") {
        return throwaway("an in-memory or URI database is not kept");
    }
    Ok(DatabaseLocation::Sqlite(PathBuf::from(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throwaway_databases_are_refused() {
        for given in ["sqlite://", ":memory:", "sqlite://:memory:", "sqlite://  "] {
            let err = DatabaseLocation::parse(given).unwrap_err();
            assert!(
                matches!(err, StoreError::Throwaway { .. }),
                "{given}: {err}"
            );
            assert!(err.to_string().contains("names no database file"), "{err}");
        }
        assert_eq!(
            DatabaseLocation::parse("sqlite://a/b.db").unwrap(),
            DatabaseLocation::Sqlite("a/b.db".into())
        );
    }

    #[test]
    fn plain_paths_and_urls() {
        assert_eq!(
            DatabaseLocation::parse("a.db").unwrap(),
            DatabaseLocation::Sqlite("a.db".into())
        );
        assert_eq!(
            DatabaseLocation::parse("sqlite:///tmp/x.db").unwrap(),
            DatabaseLocation::Sqlite("/tmp/x.db".into())
        );
        assert!(matches!(
            DatabaseLocation::parse("postgres://localhost/test").unwrap(),
            DatabaseLocation::Postgres(_)
        ));
        let err = DatabaseLocation::parse("mysql://x").unwrap_err();
        assert!(err.to_string().contains("sqlite://"), "{err}");
    }
}

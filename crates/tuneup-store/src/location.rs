//! Where the database lives: a path for SQLite or a URL for a server.

use crate::StoreError;
use std::path::PathBuf;

#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    Sqlite(PathBuf),
    /// A `postgres://` URL, which may hold a password: shown only through
    /// [`DatabaseLocation::display`] or `Debug`, both without it.
    Postgres(String),
}

impl std::fmt::Debug for DatabaseLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseLocation::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            DatabaseLocation::Postgres(url) => f
                .debug_tuple("Postgres")
                .field(&crate::postgres::redact(url))
                .finish(),
        }
    }
}

impl DatabaseLocation {
    /// Where it is, for messages and logs: a PostgreSQL URL without its password.
    pub fn display(&self) -> String {
        match self {
            DatabaseLocation::Sqlite(path) => path.display().to_string(),
            DatabaseLocation::Postgres(url) => crate::postgres::redact(url),
        }
    }

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

    #[test]
    fn a_password_in_a_url_is_never_shown() {
        for url in [
            "postgres://club:s3cret-pw@db.example:5432/tuneup",
            "postgresql://club:s3cret-pw@db.example/tuneup?sslmode=require",
            "postgres://club@db.example/tuneup?password=s3cret-pw&application_name=x",
        ] {
            let location = DatabaseLocation::parse(url).unwrap();
            let shown = [location.display(), format!("{location:?}")];
            for text in shown {
                assert!(!text.contains("s3cret-pw"), "{text}");
                assert!(text.contains("club"), "{text}");
                assert!(text.contains("db.example"), "{text}");
            }
        }
    }
}

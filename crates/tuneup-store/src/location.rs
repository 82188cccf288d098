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
    pub fn parse(given: &str) -> Result<Self, StoreError> {
        if let Some(path) = given.strip_prefix("sqlite://") {
            return Ok(DatabaseLocation::Sqlite(PathBuf::from(path)));
        }
        if given.starts_with("postgres://") || given.starts_with("postgresql://") {
            return Ok(DatabaseLocation::Postgres(given.to_string()));
        }
        if given.contains("://") || given.trim().is_empty() {
            return Err(StoreError::UnknownScheme {
                given: given.to_string(),
            });
        }
        Ok(DatabaseLocation::Sqlite(PathBuf::from(given)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! Identifiers given by the store, and the wrapper that pairs a stored value with its id.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A row id assigned by the store. Ids are only meaningful within one database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub i64);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The athlete a store call acts for. The local SQLite default holds one athlete,
/// [`AthleteId::LOCAL`]; a club or clinic server holds many, each with their own records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AthleteId(pub i64);

impl AthleteId {
    /// The one athlete of a local, single-user database.
    pub const LOCAL: AthleteId = AthleteId(1);
}

impl fmt::Display for AthleteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A value as it is stored: its id plus the value itself (flattened in JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<T> {
    pub id: Id,
    #[serde(flatten)]
    pub item: T,
}

impl<T> Record<T> {
    pub fn new(id: Id, item: T) -> Self {
        Record { id, item }
    }
}

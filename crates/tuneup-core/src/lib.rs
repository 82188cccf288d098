//! The pure domain of tuneup: units, closed vocabularies, the athlete's records, and the
//! reasoning built on them (training load, the recovery planner, the knowledge base).
//!
//! Invariant: nothing in this crate reads a file, a socket or the clock. `today` and `now`
//! are always parameters, so every rule can be tested with a fixed date.

pub mod domain;
pub mod id;
pub mod knowledge;
pub mod limits;
pub mod load;
pub mod model;
pub mod money;
pub mod parse;
pub mod plan;
pub mod plausibility;
pub mod routine;
pub mod sample;
pub mod timezone;
pub mod units;
pub mod vocab;

pub use id::{AthleteId, Id, Record};

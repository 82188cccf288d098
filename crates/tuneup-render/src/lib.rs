//! Pure renderers: tuneup's results as text people read and as files other programs read
//! (iCalendar). Every function takes the data and any timestamp as parameters and returns
//! a `String`; nothing here reads a file or the clock.

pub mod card;
pub mod plan_ics;
pub mod plan_text;

#[cfg(test)]
mod golden;
#[cfg(test)]
mod sample;

//! What is on the runner's calendar: planned sessions and races.

use super::{InvalidField, check_non_negative};
use crate::units::Meters;
use crate::vocab::{RacePriority, SessionKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A training session the runner plans to do. The planner keeps massage away from hard ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedSession {
    pub date: NaiveDate,
    pub kind: SessionKind,
    pub title: String,
    /// How far the runner means to run, when they said: the planner cautions before a run
    /// that would spike over the longest run of the last 30 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<Meters>,
}

/// A race the runner has entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Race {
    pub date: NaiveDate,
    pub name: String,
    pub distance: Meters,
    pub priority: RacePriority,
}

impl PlannedSession {
    pub fn validate(&self) -> Result<(), InvalidField> {
        crate::limits::check_date("date", self.date)?;
        if self.title.trim().is_empty() {
            return Err(InvalidField::new("title", "must not be empty"));
        }
        if let Some(distance) = self.distance {
            check_non_negative("distance", distance.0)?;
            if distance.0 == 0.0 {
                return Err(InvalidField::new("distance", "must be more than zero"));
            }
        }
        crate::limits::check_text("title", &self.title)?;
        Ok(())
    }

    /// The kind the session counts as: the runner's kind, except that a session filed as
    /// easy whose title names something else ("6x800", "tempo", "hill repeats", "long run",
    /// "parkrun race") counts as what the title says, by [`kind_from_title`]. Hard, long,
    /// race and rest stay as filed.
    pub fn counts_as(&self) -> SessionKind {
        if self.kind != SessionKind::Easy {
            return self.kind;
        }
        match kind_from_title(&self.title) {
            Some(kind @ (SessionKind::Hard | SessionKind::Long | SessionKind::Race)) => kind,
            _ => self.kind,
        }
    }

    /// A distance written in the title ("Long run 32 km", "Sunday 30k"), when there is
    /// exactly one and the title has no repetitions (in "6x800" or "5 x 1k at 10k pace" the
    /// numbers are not the session's distance).
    pub fn distance_in_title(title: &str) -> Option<Meters> {
        if has_repetitions(title) {
            return None;
        }
        let words: Vec<&str> = title.split_whitespace().collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < words.len() {
            // "32 km" is two words, "32km" one.
            let pair = words.get(i + 1).map(|next| format!("{}{next}", words[i]));
            let clean = |w: &str| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
                    .to_string()
            };
            let starts_with_digit = words[i].starts_with(|c: char| c.is_ascii_digit());
            if starts_with_digit {
                if let Ok(d) = crate::parse::distance(&clean(words[i])) {
                    found.push(d);
                } else if let Some(Ok(d)) = pair.map(|p| crate::parse::distance(&clean(&p))) {
                    found.push(d);
                    i += 1;
                }
            }
            i += 1;
        }
        match found.as_slice() {
            [one] if one.0 > 0.0 => Some(*one),
            _ => None,
        }
    }
}

/// Title keywords and the kind they mean, in priority order: the first keyword that starts a
/// word of the title (any case) wins, so "easy long run" is long and "race-pace intervals" is
/// hard. Repetitions ("6x800", "5 x 1k", "3×10 min") are hard before any keyword. Training
/// plan imports read kinds with the same table.
pub const TITLE_KINDS: &[(&str, SessionKind)] = &[
    ("interval", SessionKind::Hard),
    ("tempo", SessionKind::Hard),
    ("threshold", SessionKind::Hard),
    ("hill", SessionKind::Hard),
    ("fartlek", SessionKind::Hard),
    ("track", SessionKind::Hard),
    ("vo2", SessionKind::Hard),
    ("repeat", SessionKind::Hard),
    ("reps", SessionKind::Hard),
    ("cruise", SessionKind::Hard),
    ("long", SessionKind::Long),
    ("race", SessionKind::Race),
    ("easy", SessionKind::Easy),
    ("recovery", SessionKind::Easy),
    ("shakeout", SessionKind::Easy),
    ("jog", SessionKind::Easy),
    ("rest", SessionKind::Rest),
    ("off", SessionKind::Rest),
];

/// The kind a title names: hard for repetitions, else by [`TITLE_KINDS`].
pub fn kind_from_title(title: &str) -> Option<SessionKind> {
    if has_repetitions(title) {
        return Some(SessionKind::Hard);
    }
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    TITLE_KINDS
        .iter()
        .find(|(keyword, _)| words.iter().any(|w| w.starts_with(keyword)))
        .map(|(_, kind)| *kind)
}

/// Repetitions written `6x800`, `5 x 1k` or `3×10min`: a number, an x, a number.
fn has_repetitions(title: &str) -> bool {
    let chars: Vec<char> = title.to_lowercase().chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        if *c != 'x' && *c != '×' {
            return false;
        }
        let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
        let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
        before.is_some_and(char::is_ascii_digit) && after.is_some_and(char::is_ascii_digit)
    })
}

impl Race {
    /// A marathon or longer: recovery after it takes longer.
    pub fn is_marathon_or_longer(&self) -> bool {
        self.distance.0 >= 42_000.0
    }

    pub fn validate(&self) -> Result<(), InvalidField> {
        crate::limits::check_date("date", self.date)?;
        if self.name.trim().is_empty() {
            return Err(InvalidField::new("name", "must not be empty"));
        }
        crate::limits::check_text("name", &self.name)?;
        crate::limits::check_distance("distance", self.distance.0)?;
        if self.distance.0 == 0.0 {
            return Err(InvalidField::new("distance", "must be more than zero"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(kind: SessionKind, title: &str) -> PlannedSession {
        PlannedSession {
            date: NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date"),
            kind,
            title: title.to_string(),
            distance: None,
        }
    }

    #[test]
    fn a_planned_sessions_title_counts_for_its_class() {
        for title in [
            "6x800",
            "5 x 1k at 10k pace",
            "3×10 min",
            "Tempo Tuesday",
            "hill repeats",
            "Track: 400s",
        ] {
            assert_eq!(
                planned(SessionKind::Easy, title).counts_as(),
                SessionKind::Hard,
                "{title}"
            );
        }
        assert_eq!(
            planned(SessionKind::Easy, "Sunday long run").counts_as(),
            SessionKind::Long
        );
        for title in ["easy 8k", "recovery jog", "Xmas 5k", "box 2", "Run 10k"] {
            assert_eq!(
                planned(SessionKind::Easy, title).counts_as(),
                SessionKind::Easy,
                "{title}"
            );
        }
        assert_eq!(
            planned(SessionKind::Easy, "Parkrun race").counts_as(),
            SessionKind::Race
        );
        // What the runner filed as hard, long, race or rest stays so.
        assert_eq!(
            planned(SessionKind::Rest, "6x800").counts_as(),
            SessionKind::Rest
        );
        assert_eq!(
            planned(SessionKind::Long, "easy").counts_as(),
            SessionKind::Long
        );
    }

    #[test]
    fn a_planned_distance_must_be_more_than_zero() {
        let mut session = planned(SessionKind::Long, "long run");
        session.distance = Some(Meters(0.0));
        assert_eq!(session.validate().unwrap_err().field, "distance");
        session.distance = Some(Meters(-1.0));
        assert_eq!(session.validate().unwrap_err().field, "distance");
        session.distance = Some(Meters::from_km(32.0));
        session.validate().unwrap();
    }
}

#[cfg(test)]
mod distance_tests {
    use super::*;

    #[test]
    fn a_distance_in_the_title_is_read_when_it_is_the_only_one() {
        let of = PlannedSession::distance_in_title;
        assert_eq!(of("Long run 32 km"), Some(Meters::from_km(32.0)));
        assert_eq!(of("Sunday 30k (easy)"), Some(Meters::from_km(30.0)));
        assert_eq!(of("Half marathon pace 16km"), Some(Meters::from_km(16.0)));
        assert_eq!(of("6x800 intervals"), None);
        assert_eq!(of("5 x 1k at 10k pace"), None);
        assert_eq!(of("10k then 5k"), None);
        assert_eq!(of("Tempo run"), None);
    }
}

//! The soreness log: where it hurts, how much, and what kind of pain.

use super::{InvalidField, check_range};
use crate::vocab::{BodyArea, Side, SorenessKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SorenessEntry {
    pub date: NaiveDate,
    pub area: BodyArea,
    pub side: Side,
    /// 0 (nothing) to 10 (worst imaginable).
    pub level: u8,
    pub kind: SorenessKind,
    pub note: Option<String>,
}

impl SorenessEntry {
    pub fn validate(&self) -> Result<(), InvalidField> {
        crate::limits::check_date("date", self.date)?;
        if let Some(note) = &self.note {
            crate::limits::check_text("note", note)?;
        }
        check_range("level", self.level, 0, 10)
    }
}

impl SorenessEntry {
    /// Whether `later`, logged after this entry, says the area no longer hurts here: a 0/10
    /// entry for the same area on this side or on both sides.
    pub fn is_closed_by(&self, later: &SorenessEntry) -> bool {
        later.level == 0
            && later.area == self.area
            && later.date >= self.date
            && (later.side == self.side || later.side == Side::Both)
    }
}

/// The entries of a log (in the order they were logged: by date, then as entered) that no
/// later 0/10 entry has closed, without the 0/10 entries themselves: what still hurts.
pub fn still_open<T>(log: &[T], entry: impl Fn(&T) -> &SorenessEntry) -> Vec<&T> {
    log.iter()
        .enumerate()
        .filter(|(index, item)| {
            let e = entry(item);
            e.level > 0
                && !log[index + 1..]
                    .iter()
                    .any(|later| e.is_closed_by(entry(later)))
        })
        .map(|(_, item)| item)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(d: u32, area: BodyArea, side: Side, level: u8) -> SorenessEntry {
        SorenessEntry {
            date: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
            area,
            side,
            level,
            kind: SorenessKind::Sore,
            note: None,
        }
    }

    #[test]
    fn a_zero_closes_what_came_before_on_its_side_only() {
        use BodyArea::*;
        let log = vec![
            entry(1, Calves, Side::Left, 6),
            entry(1, Calves, Side::Right, 5),
            entry(2, Quads, Side::Both, 4),
            entry(3, Calves, Side::Left, 0),
            entry(4, Calves, Side::Left, 3),
            entry(5, Quads, Side::Both, 0),
        ];
        let open: Vec<_> = still_open(&log, |e| e).into_iter().cloned().collect();
        assert_eq!(
            open,
            vec![
                entry(1, Calves, Side::Right, 5),
                entry(4, Calves, Side::Left, 3)
            ]
        );
        // "Both sides" closes each side.
        let both = vec![
            entry(1, Calves, Side::Left, 6),
            entry(2, Calves, Side::Both, 0),
        ];
        assert!(still_open(&both, |e| e).is_empty());
    }
}

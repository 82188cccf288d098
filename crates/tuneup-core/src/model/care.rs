//! A physical therapist's care plan: what to avoid where, which exercises to do, until when.
//! The plan, the routine and the intake card honour it while it is active.

use super::InvalidField;
use crate::limits;
use crate::vocab::BodyArea;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::vocab::vocabulary!(
    /// What a care plan rules out on an area.
    AvoidKind, "kind of work to avoid" {
        Deep = "deep": "deep work" | "deep_tissue",
        AnyMassage = "massage": "any massage" | "any" | "all",
        SelfMassage = "self": "self-massage" | "self_massage",
    }
);

/// One instruction: on this area, avoid this kind of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Avoidance {
    pub area: BodyArea,
    pub avoid: AvoidKind,
}

/// How often an exercise is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "every")]
pub enum Frequency {
    Daily,
    /// `times` days a week (1 to 7).
    Weekly {
        times: u8,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    pub text: String,
    pub frequency: Frequency,
}

impl Frequency {
    /// Whether an exercise of this frequency is due on `date`. N times a week is spread
    /// evenly and deterministically over Monday..Sunday: weekday d (0 = Monday) is due when
    /// floor((d+1)·N/7) > floor(d·N/7), which picks exactly N days a week (3 → Wed, Fri, Sun).
    pub fn is_due(self, date: NaiveDate) -> bool {
        use chrono::Datelike;
        match self {
            Frequency::Daily => true,
            Frequency::Weekly { times } => {
                let d = date.weekday().num_days_from_monday();
                let n = u32::from(times.min(7));
                (d + 1) * n / 7 > d * n / 7
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarePlan {
    /// Who gave it ("Dr. Kim, PT").
    pub from: String,
    pub start: Option<NaiveDate>,
    pub until: NaiveDate,
    pub avoid: Vec<Avoidance>,
    pub exercises: Vec<Exercise>,
    pub notes: Option<String>,
}

impl CarePlan {
    pub fn validate(&self) -> Result<(), InvalidField> {
        limits::check_text("from", &self.from)?;
        if self.from.trim().is_empty() {
            return Err(InvalidField::new("from", "say who gave the care plan"));
        }
        limits::check_date("until", self.until)?;
        if let Some(start) = self.start {
            limits::check_date("start", start)?;
            if start > self.until {
                return Err(InvalidField::new("start", "is after the plan's end date"));
            }
        }
        if let Some(notes) = &self.notes {
            limits::check_text("notes", notes)?;
        }
        for exercise in &self.exercises {
            limits::check_text("exercise", &exercise.text)?;
            if exercise.text.trim().is_empty() {
                return Err(InvalidField::new("exercise", "is empty"));
            }
            if let Frequency::Weekly { times } = exercise.frequency
                && !(1..=7).contains(&times)
            {
                return Err(InvalidField::new("exercise", "times a week must be 1 to 7"));
            }
        }
        Ok(())
    }

    /// Whether the plan binds on `date` (from its start, if any, through its end date).
    pub fn is_active(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= date) && date <= self.until
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> CarePlan {
        CarePlan {
            from: "Dr. Kim, PT".into(),
            start: None,
            until: NaiveDate::from_ymd_opt(2027, 1, 15).unwrap(),
            avoid: vec![Avoidance {
                area: "arch".parse().unwrap(),
                avoid: "deep".parse().unwrap(),
            }],
            exercises: vec![Exercise {
                text: "calf raises, 3×15".into(),
                frequency: Frequency::Weekly { times: 3 },
            }],
            notes: None,
        }
    }

    #[test]
    fn a_sound_plan_validates_and_aliases_parse() {
        let p = plan();
        assert_eq!(p.avoid[0].area, BodyArea::Feet);
        assert!(p.validate().is_ok());
        assert!(p.is_active(NaiveDate::from_ymd_opt(2027, 1, 15).unwrap()));
        assert!(!p.is_active(NaiveDate::from_ymd_opt(2027, 1, 16).unwrap()));
    }

    #[test]
    fn weekly_exercises_fall_on_exactly_n_days_of_every_week() {
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        for times in 1..=7u8 {
            for week in 0..4 {
                let due = (0..7)
                    .filter(|d| {
                        Frequency::Weekly { times }.is_due(monday + chrono::Days::new(week * 7 + d))
                    })
                    .count();
                assert_eq!(due, usize::from(times), "{times} a week, week {week}");
            }
        }
        assert!(Frequency::Daily.is_due(monday));
        // 3 a week: Wednesday, Friday, Sunday; not Monday.
        assert!(!Frequency::Weekly { times: 3 }.is_due(monday));
        assert!(Frequency::Weekly { times: 3 }.is_due(monday + chrono::Days::new(2)));
    }

    #[test]
    fn bad_values_name_their_field() {
        let mut p = plan();
        p.exercises[0].frequency = Frequency::Weekly { times: 9 };
        assert_eq!(p.validate().unwrap_err().field, "exercise");
        let mut p = plan();
        p.start = NaiveDate::from_ymd_opt(2027, 2, 1);
        assert_eq!(p.validate().unwrap_err().field, "start");
        assert!("deeep".parse::<AvoidKind>().is_err());
    }
}

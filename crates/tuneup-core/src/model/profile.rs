//! The athlete's profile: physiology, preferences and the massage service cadence.

use super::{InvalidField, check_range};
use crate::load::BigRunRule;
use crate::plan::PlanRules;
use crate::units::{Bpm, Meters, MetersPerSecond};
use crate::vocab::{BodyArea, Sex, Tool, UnitSystem};
use serde::{Deserialize, Serialize};

/// What the runner has told tuneup about themselves. Every physiological value is optional:
/// when it is missing, training load estimates it from the data and labels it as an estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AthleteProfile {
    pub name: Option<String>,
    pub max_hr: Option<Bpm>,
    pub rest_hr: Option<Bpm>,
    pub threshold_hr: Option<Bpm>,
    pub threshold_pace: Option<MetersPerSecond>,
    pub sex: Option<Sex>,
    pub units: UnitSystem,
    /// Monday (the default) or Sunday: where the weeks shown to the runner begin.
    pub week_start: crate::vocab::WeekStart,
    pub massage_cadence: MassageCadence,
    /// Self-massage tools the runner owns; routines use only these.
    pub tools: Vec<Tool>,
    pub comfort: ComfortPreferences,
    /// The planner's thresholds (deep-tissue recovery hours, taper days, ...); defaults
    /// unless the runner or coach changed them.
    pub plan_rules: PlanRules,
    /// When a run counts as big for this athlete.
    pub big_run: BigRunRule,
    /// The runner's time zone (`Area/City` of the IANA database): for runs whose files say
    /// neither their offset nor where they were recorded, runs typed in, and "today". When
    /// not set, the computer's zone is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The currency the runner's amounts (massage costs, therapist prices) are typed in,
    /// set once; [`Currency::DEFAULT`](crate::money::Currency::DEFAULT) when not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<crate::money::Currency>,
}

impl AthleteProfile {
    /// The currency amounts are typed in: the one set, else the default (USD).
    pub fn currency(&self) -> crate::money::Currency {
        self.currency.unwrap_or(crate::money::Currency::DEFAULT)
    }
}

/// The service interval: a professional massage every `weeks` or every `distance` of
/// running, whichever comes first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MassageCadence {
    pub weeks: u32,
    pub distance: Meters,
}

impl Default for MassageCadence {
    fn default() -> Self {
        MassageCadence {
            weeks: 3,
            distance: Meters::from_km(250.0),
        }
    }
}

/// How the runner likes a massage: shown on the intake card.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ComfortPreferences {
    /// Preferred pressure, 1 (light) to 5 (very firm).
    pub pressure: Option<u8>,
    /// Draping and underwear: the runner's own words.
    pub draping: Option<String>,
    pub avoid_areas: Vec<BodyArea>,
    pub conversation: Option<Conversation>,
    pub notes: Option<String>,
    /// What the runner wants from their sessions, in their own words (the card's goals,
    /// kept from one card to the next).
    pub goals: Vec<String>,
}

crate::vocab::vocabulary!(
    Conversation, "conversation" {
        Quiet = "quiet": "a quiet session",
        Chat = "chat": "happy to chat",
    }
);

impl Default for AthleteProfile {
    fn default() -> Self {
        AthleteProfile {
            name: None,
            max_hr: None,
            rest_hr: None,
            threshold_hr: None,
            threshold_pace: None,
            sex: None,
            units: UnitSystem::Metric,
            week_start: crate::vocab::WeekStart::Monday,
            massage_cadence: MassageCadence::default(),
            // Everyone has hands; the rest must be declared.
            tools: vec![Tool::Hands],
            comfort: ComfortPreferences::default(),
            plan_rules: PlanRules::default(),
            big_run: BigRunRule::default(),
            timezone: None,
            currency: None,
        }
    }
}

impl AthleteProfile {
    /// The runner's time zone when set (and valid), else `fallback` (the computer's).
    pub fn zone_or(&self, fallback: crate::timezone::Tz) -> crate::timezone::Tz {
        self.timezone
            .as_deref()
            .and_then(|name| crate::timezone::parse_zone(name).ok())
            .unwrap_or(fallback)
    }

    pub fn validate(&self) -> Result<(), InvalidField> {
        if let Some(hr) = self.max_hr {
            check_range("max-hr", hr.0, 100.0, 240.0)?;
        }
        if let Some(hr) = self.rest_hr {
            check_range("rest-hr", hr.0, 25.0, 120.0)?;
        }
        if let Some(hr) = self.threshold_hr {
            check_range("threshold-hr", hr.0, 80.0, 235.0)?;
        }
        if let (Some(max), Some(rest)) = (self.max_hr, self.rest_hr)
            && rest.0 >= max.0
        {
            return Err(InvalidField::new(
                "rest-hr",
                format!("{} must be below the max heart rate {}", rest.0, max.0),
            ));
        }
        if let (Some(max), Some(threshold)) = (self.max_hr, self.threshold_hr)
            && threshold.0 > max.0
        {
            return Err(InvalidField::new(
                "threshold-hr",
                format!(
                    "{} must not exceed the max heart rate {}",
                    threshold.0, max.0
                ),
            ));
        }
        if let Some(pace) = self.threshold_pace {
            // 2:00/km to 15:00/km covers every runner from elite to walker.
            check_range(
                "threshold-pace (m/s)",
                pace.0,
                1000.0 / 900.0,
                1000.0 / 120.0,
            )?;
        }
        check_range("massage-every-weeks", self.massage_cadence.weeks, 1, 52)?;
        check_range(
            "massage-every-km",
            self.massage_cadence.distance.km(),
            10.0,
            5000.0,
        )?;
        if let Some(pressure) = self.comfort.pressure {
            check_range("pressure", pressure, 1, 5)?;
        }
        self.plan_rules.validate()?;
        self.big_run.validate()?;
        if let Some(zone) = &self.timezone {
            crate::timezone::parse_zone(zone)?;
        }
        Ok(())
    }
}

//! What the runner tells tuneup about themselves, and the values tuneup uses in their place
//! when they say nothing.

use crate::settings::{Setting, apply_settings};
use crate::{AppError, Result};
use chrono::NaiveDate;
use serde::Serialize;
use tuneup_core::AthleteId;
use tuneup_core::domain::DomainChoice;
use tuneup_core::load::EffectiveProfile;
use tuneup_core::model::{AthleteProfile, Conversation, OffsetSource, SourceKind};
use tuneup_core::timezone::{self, Tz};
use tuneup_core::units::{Bpm, Meters, MetersPerSecond};
use tuneup_core::vocab::{BodyArea, Sex, Tool, UnitSystem};
use tuneup_store::{LocalTime, Store};

/// The stored profile beside the values the analysis uses (set, estimated or default), and
/// the domain choices (bands, windows, cut-offs) applied, each with its source.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    pub effective: EffectiveProfile,
    pub profile: AthleteProfile,
    pub domain: Vec<DomainChoice>,
}

pub fn show(store: &dyn Store, athlete: AthleteId, today: NaiveDate) -> Result<ProfileView> {
    let stored = crate::analysis::analyse(store, athlete, today)?;
    Ok(ProfileView {
        effective: stored.analysis.profile,
        domain: tuneup_core::domain::choices(&stored.profile.big_run, &stored.profile.plan_rules),
        profile: stored.profile,
    })
}

/// The units the runner reads distances in.
pub fn units(store: &dyn Store, athlete: AthleteId) -> Result<tuneup_core::vocab::UnitSystem> {
    Ok(store.profile(athlete)?.units)
}

/// The runner's time zone: the profile's, else `system_zone` (the computer's, given by the
/// edge).
pub fn runner_zone(store: &dyn Store, athlete: AthleteId, system_zone: Tz) -> Result<Tz> {
    Ok(store.profile(athlete)?.zone_or(system_zone))
}

/// A change to the profile: only what is given changes.
#[derive(Debug, Clone, Default)]
pub struct ProfileChange {
    pub name: Option<String>,
    pub max_hr: Option<f64>,
    pub rest_hr: Option<f64>,
    pub threshold_hr: Option<f64>,
    pub threshold_pace: Option<MetersPerSecond>,
    pub sex: Option<Sex>,
    pub units: Option<UnitSystem>,
    pub week_start: Option<tuneup_core::vocab::WeekStart>,
    pub massage_every_weeks: Option<u32>,
    pub massage_every: Option<Meters>,
    pub tools: Option<Vec<Tool>>,
    pub pressure: Option<u8>,
    pub draping: Option<String>,
    pub avoid_areas: Option<Vec<BodyArea>>,
    pub conversation: Option<Conversation>,
    /// Plan-rule thresholds (`deep_no_hard_hours=36`).
    pub rules: Vec<Setting>,
    /// Big-run thresholds.
    pub big_run: Vec<Setting>,
    /// The runner's time zone, `Area/City` (`America/Denver`).
    pub timezone: Option<String>,
    /// The ISO 4217 code amounts are typed in (`EUR`); set once.
    pub currency: Option<String>,
}

/// Applies `change` to the stored profile, checks the result and stores it; returns it.
/// Nothing is stored when any part of the change is refused.
pub fn set(
    store: &mut dyn Store,
    athlete: AthleteId,
    change: ProfileChange,
) -> Result<AthleteProfile> {
    let mut profile = store.profile(athlete)?;
    let zone_before = profile.timezone.clone();
    if let Some(name) = &change.timezone {
        // Stored as the database names it ("america/denver" → "America/Denver").
        let zone = timezone::parse_zone(name)
            .map_err(|invalid| AppError::invalid_input("timezone", invalid.reason))?;
        profile.timezone = Some(zone.name().to_string());
    }
    if let Some(code) = &change.currency {
        profile.currency = Some(
            code.parse()
                .map_err(|reason| AppError::invalid_input("currency", reason))?,
        );
    }
    profile.plan_rules = apply_settings(&profile.plan_rules, &change.rules, "rule")
        .map_err(|reason| AppError::invalid_input("rule", reason))?;
    profile.big_run = apply_settings(&profile.big_run, &change.big_run, "big-run setting")
        .map_err(|reason| AppError::invalid_input("big_run", reason))?;
    apply(&mut profile, change);
    profile.validate()?;
    let moved_zone = profile.timezone != zone_before;
    store.in_transaction(&mut |store| {
        store.set_profile(athlete, &profile)?;
        if moved_zone && let Some(zone) = profile.timezone.as_deref() {
            let zone = timezone::parse_zone(zone).map_err(tuneup_store::StoreError::Invalid)?;
            follow_zone(store, athlete, zone)?;
        }
        Ok(())
    })?;
    Ok(profile)
}

/// Imported activities whose offset came from the runner's zone take the new zone's offset
/// at their start. Runs typed in keep theirs: the runner gave their local time.
fn follow_zone(
    store: &mut dyn Store,
    athlete: AthleteId,
    zone: Tz,
) -> std::result::Result<(), tuneup_store::StoreError> {
    for id in store.activities_by_offset_source(athlete, Some(OffsetSource::Profile))? {
        let Some(record) = store.activity(athlete, id)? else {
            continue;
        };
        let activity = record.item;
        if matches!(
            activity.source.kind,
            SourceKind::Manual | SourceKind::Sample
        ) {
            continue;
        }
        store.set_local_time(
            athlete,
            id,
            &LocalTime {
                utc_offset_s: timezone::offset_at(zone, activity.start),
                source: OffsetSource::Profile,
                implausible: activity.implausible.as_deref(),
            },
        )?;
    }
    Ok(())
}

fn apply(profile: &mut AthleteProfile, change: ProfileChange) {
    let ProfileChange {
        name,
        max_hr,
        rest_hr,
        threshold_hr,
        threshold_pace,
        sex,
        units,
        week_start,
        massage_every_weeks,
        massage_every,
        tools,
        pressure,
        draping,
        avoid_areas,
        conversation,
        rules: _,
        big_run: _,
        timezone: _,
        currency: _,
    } = change;
    profile.name = name.or(profile.name.take());
    profile.max_hr = max_hr.map(Bpm).or(profile.max_hr);
    profile.rest_hr = rest_hr.map(Bpm).or(profile.rest_hr);
    profile.threshold_hr = threshold_hr.map(Bpm).or(profile.threshold_hr);
    profile.threshold_pace = threshold_pace.or(profile.threshold_pace);
    profile.sex = sex.or(profile.sex);
    profile.units = units.unwrap_or(profile.units);
    profile.week_start = week_start.unwrap_or(profile.week_start);
    if let Some(weeks) = massage_every_weeks {
        profile.massage_cadence.weeks = weeks;
    }
    if let Some(distance) = massage_every {
        profile.massage_cadence.distance = distance;
    }
    if let Some(mut tools) = tools {
        // Hands are always available for self-massage.
        if !tools.contains(&Tool::Hands) {
            tools.push(Tool::Hands);
        }
        profile.tools = tools;
    }
    profile.comfort.pressure = pressure.or(profile.comfort.pressure);
    profile.comfort.draping = draping.or(profile.comfort.draping.take());
    if let Some(areas) = avoid_areas {
        profile.comfort.avoid_areas = areas;
    }
    profile.comfort.conversation = conversation.or(profile.comfort.conversation);
}

/// An amount as typed (`85`, `€70`) in the runner's currency; `field` names the flag when
/// it names another currency or has too many decimals.
pub fn amount(
    store: &dyn Store,
    athlete: AthleteId,
    field: &str,
    typed: &tuneup_core::money::TypedAmount,
) -> Result<tuneup_core::money::Money> {
    typed
        .in_currency(store.profile(athlete)?.currency())
        .map_err(|reason| AppError::invalid_input(field, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: AthleteId = AthleteId::LOCAL;

    #[test]
    fn a_change_keeps_what_it_does_not_name_and_hands_are_always_a_tool() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let first = ProfileChange {
            max_hr: Some(190.0),
            tools: Some(vec![Tool::FoamRoller]),
            ..ProfileChange::default()
        };
        set(store.as_mut(), ME, first).unwrap();
        let second = ProfileChange {
            rest_hr: Some(48.0),
            rules: vec![crate::settings::parse("deep_no_hard_hours=36").unwrap()],
            ..ProfileChange::default()
        };
        let profile = set(store.as_mut(), ME, second).unwrap();
        assert_eq!(profile.max_hr, Some(Bpm(190.0)));
        assert_eq!(profile.rest_hr, Some(Bpm(48.0)));
        assert_eq!(profile.tools, vec![Tool::FoamRoller, Tool::Hands]);
        assert_eq!(store.profile(ME).unwrap(), profile);
    }

    #[test]
    fn a_refused_change_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let before = store.profile(ME).unwrap();
        let unknown_rule = ProfileChange {
            max_hr: Some(180.0),
            rules: vec![crate::settings::parse("no_such_rule=3").unwrap()],
            ..ProfileChange::default()
        };
        let error = set(store.as_mut(), ME, unknown_rule).unwrap_err();
        assert!(
            matches!(&error, AppError::InvalidInput { field, reason }
                if field == "rule" && reason.contains("unknown rule 'no_such_rule'")),
            "{error}"
        );
        let not_a_number = ProfileChange {
            rules: vec![crate::settings::parse("deep_no_hard_hours=abc").unwrap()],
            ..ProfileChange::default()
        };
        let error = set(store.as_mut(), ME, not_a_number)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("'deep_no_hard_hours' takes a whole number, not 'abc': for example deep_no_hard_hours="),
            "{error}"
        );
        let impossible = ProfileChange {
            max_hr: Some(40.0),
            rest_hr: Some(60.0),
            ..ProfileChange::default()
        };
        assert!(matches!(
            set(store.as_mut(), ME, impossible),
            Err(AppError::Invalid(_))
        ));
        assert_eq!(store.profile(ME).unwrap(), before);
    }
}

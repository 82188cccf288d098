//! Runs typed in by hand, and the list of all activities with their load.

use crate::{AppError, Result};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;
use tuneup_core::load::AnalysedActivity;
use tuneup_core::model::OffsetSource;
use tuneup_core::model::{Activity, ActivitySource};
use tuneup_core::plausibility;
use tuneup_core::timezone::{self, Tz};
use tuneup_core::units::{Meters, Seconds};
use tuneup_core::vocab::{SessionKind, Sport, UnitSystem};
use tuneup_core::{AthleteId, Id, Record};
use tuneup_store::{NewActivity, Store};

/// A run (or another session) the runner types in.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualActivity {
    pub date: NaiveDate,
    /// Local start time; noon when not given.
    pub start: Option<NaiveTime>,
    /// The runner's time zone: the offset is the zone's at the local start time.
    pub zone: Tz,
    /// Keep it even when it is implausible (faster than the world record): stored, but
    /// flagged and counted for nothing.
    pub force: bool,
    pub duration: Seconds,
    /// How far; `None` for a session that covers no distance (strength, yoga): a sport that
    /// covers one ([`Sport::covers_distance`]) needs it.
    pub distance: Option<Meters>,
    pub rpe: Option<u8>,
    pub title: Option<String>,
    pub kind: Option<SessionKind>,
    pub sport: Sport,
    pub elevation_gain: Option<Meters>,
}

impl ManualActivity {
    /// The activity as stored: its start in UTC, its own offset kept beside it.
    pub fn to_activity(&self) -> Activity {
        let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("noon exists");
        let local = self.date.and_time(self.start.unwrap_or(noon));
        let utc_offset_s = timezone::offset_at_local(self.zone, local);
        let start =
            Utc.from_utc_datetime(&(local - chrono::Duration::seconds(utc_offset_s.into())));
        Activity {
            sport: self.sport,
            start,
            utc_offset_s,
            offset_source: OffsetSource::Profile,
            implausible: None,
            crc_mismatch: false,
            elapsed: self.duration,
            moving: self.duration,
            distance: self.distance.unwrap_or(Meters(0.0)),
            elevation_gain: self.elevation_gain,
            heart_rate: None,
            rpe: self.rpe,
            title: self.title.clone(),
            kind: self.kind,
            source: ActivitySource::manual(),
            streams: None,
            digest: None,
        }
    }
}

/// How close a typed-in run must be to a stored one, on time and on distance, to be taken
/// for the same run entered again (the import's duplicate tolerance).
pub const SAME_RUN_TOLERANCE: f64 = 0.02;

/// Checks and stores a manual activity; returns its id and the activity as stored. A run
/// that matches a stored one (same local day and sport, time and distance within 2 %) is a
/// `Conflict`, and an impossible one is refused, unless `manual.force` says to store it
/// anyway (an impossible one then flagged and counted for nothing).
pub fn add_manual(
    store: &mut dyn Store,
    athlete: AthleteId,
    manual: &ManualActivity,
) -> Result<(Id, Activity)> {
    if manual.distance.is_none() && manual.sport.covers_distance() {
        return Err(AppError::invalid_input(
            "distance",
            format!(
                "a {} needs a distance, like 8k or 5mi (strength, yoga and other sessions need none)",
                manual.sport.label()
            ),
        ));
    }
    let mut activity = manual.to_activity();
    activity.validate()?;
    if let Err(refused) =
        plausibility::check_manual(activity.sport, activity.distance, activity.elapsed)
    {
        if !manual.force {
            let hint = refused.hint.map(|h| format!("; {h}")).unwrap_or_default();
            return Err(AppError::invalid_input(
                "duration",
                format!(
                    "{}{hint} (--force keeps it as typed, flagged and not counted)",
                    refused.reason
                ),
            ));
        }
        activity.implausible = Some(refused.reason);
    }
    if !manual.force {
        let same_day = store.activities(
            athlete,
            &tuneup_store::ActivityQuery {
                since: Some(manual.date),
                until: Some(manual.date),
                ..Default::default()
            },
        )?;
        let close = |a: f64, b: f64| (a - b).abs() <= SAME_RUN_TOLERANCE * a.abs().max(b.abs());
        if let Some(twin) = same_day.iter().find(|r| {
            r.item.sport == activity.sport
                && close(r.item.elapsed.0, activity.elapsed.0)
                && close(r.item.distance.0, activity.distance.0)
        }) {
            return Err(crate::AppError::Conflict(format!(
                "activity {} on {} is the same run ({:.2} km in {} min): add --force to store this one as well",
                twin.id,
                manual.date,
                twin.item.distance.km(),
                (twin.item.elapsed.0 / 60.0).round()
            )));
        }
    }
    let ids = store.add_activities(athlete, &[NewActivity::without_file(&activity)])?;
    Ok((ids[0], activity))
}

/// What a correction changes of an activity; `None` leaves a field as it is. A title of ""
/// clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityEdit {
    pub sport: Option<Sport>,
    pub title: Option<String>,
    /// The session kind; `race` marks a race.
    pub kind: Option<SessionKind>,
    pub rpe: Option<u8>,
    pub distance: Option<Meters>,
    /// Elapsed and moving time both (a correction of a typed-in or mis-recorded duration).
    pub duration: Option<Seconds>,
    pub elevation_gain: Option<Meters>,
    /// Leave it out of the statistics (`Some(true)`) or bring it back (`Some(false)`).
    pub excluded: Option<bool>,
}

/// Corrects an activity as one action; its original file, streams and digest stay. Returns
/// it as now stored.
pub fn edit(
    store: &mut dyn Store,
    athlete: AthleteId,
    id: Id,
    edit: &ActivityEdit,
) -> Result<Activity> {
    let mut activity = store
        .activity(athlete, id)?
        .ok_or(crate::AppError::NotFound {
            what: "activity",
            id: id.0,
        })?
        .item;
    if let Some(sport) = edit.sport {
        activity.sport = sport;
    }
    if let Some(title) = &edit.title {
        activity.title = Some(title.trim().to_string()).filter(|t| !t.is_empty());
    }
    if let Some(kind) = edit.kind {
        activity.kind = Some(kind);
    }
    if let Some(rpe) = edit.rpe {
        activity.rpe = Some(rpe);
    }
    if let Some(distance) = edit.distance {
        activity.distance = distance;
    }
    if let Some(duration) = edit.duration {
        activity.elapsed = duration;
        activity.moving = duration;
    }
    if let Some(gain) = edit.elevation_gain {
        activity.elevation_gain = Some(gain);
    }
    activity.validate()?;
    store.in_transaction(&mut |store| {
        store.update_activity(athlete, id, &activity)?;
        if let Some(excluded) = edit.excluded {
            store.set_activity_excluded(athlete, id, excluded)?;
        }
        Ok(())
    })?;
    activity.streams = None;
    activity.digest = None;
    Ok(activity)
}

/// Removes an activity; returns what it was. An activity from a file stays removed when
/// that file is imported again (its removal is remembered with `now`), until an import with
/// `restore` brings it back.
pub fn remove(
    store: &mut dyn Store,
    athlete: AthleteId,
    id: Id,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Record<Activity>> {
    let not_found = crate::AppError::NotFound {
        what: "activity",
        id: id.0,
    };
    let mut record = store.activity(athlete, id)?.ok_or(not_found)?;
    store.remove_activity(athlete, id, now)?;
    record.item.streams = None;
    record.item.digest = None;
    Ok(record)
}

/// Local dates, inclusive on both ends; `None` leaves that end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl DateRange {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.since.is_none_or(|since| date >= since) && self.until.is_none_or(|until| date <= until)
    }
}

/// The activities in a range, each with its load analysis, and the units the runner reads.
#[derive(Debug, Clone)]
pub struct ActivityList {
    pub units: UnitSystem,
    pub activities: Vec<ListedActivity>,
}

/// An activity with its load analysis (as JSON: the activity's fields plus `analysis`).
#[derive(Debug, Clone, Serialize)]
pub struct ListedActivity {
    #[serde(flatten)]
    pub record: Record<Activity>,
    pub analysis: Option<AnalysedActivity>,
    /// Left out of the statistics by the runner (then `analysis` is empty).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
}

/// Every activity in `range`, oldest first, analysed as of `today`. The load digest is left
/// out: it is the store's summary of the streams for the analysis, whose results are right
/// beside it, and as JSON it is a bulky histogram nobody asked for.
pub fn list(
    store: &dyn Store,
    athlete: AthleteId,
    today: NaiveDate,
    range: DateRange,
) -> Result<ActivityList> {
    let stored = crate::analysis::analyse(store, athlete, today)?;
    let analysis = stored.analysis;
    let excluded: Vec<Id> = stored.excluded.iter().map(|r| r.id).collect();
    let mut all = stored.activities;
    if !excluded.is_empty() {
        all.extend(stored.excluded);
        all.sort_by_key(|r| (r.item.start, r.id));
    }
    let activities = all
        .into_iter()
        .filter(|r| range.contains(r.item.local_date()))
        .map(|mut record| {
            record.item.digest = None;
            ListedActivity {
                analysis: analysis.activity(record.id).cloned(),
                excluded: excluded.contains(&record.id),
                record,
            }
        })
        .collect();
    Ok(ActivityList {
        units: stored.profile.units,
        activities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn manual(zone: Tz) -> ManualActivity {
        ManualActivity {
            date: day(20),
            start: NaiveTime::from_hms_opt(21, 0, 0),
            zone,
            force: false,
            duration: Seconds(2700.0),
            distance: Some(Meters(8000.0)),
            rpe: Some(4),
            title: None,
            kind: None,
            sport: Sport::Running,
            elevation_gain: None,
        }
    }

    #[test]
    fn a_manual_run_keeps_its_local_day_and_gets_a_load() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        // 21:00 at UTC-7 is 04:00 UTC the next day: still the 20th where it was run.
        let (id, activity) = add_manual(store.as_mut(), me, &manual(Tz::America__Denver)).unwrap();
        assert_eq!(activity.utc_offset_s, -7 * 3600);
        // The same run typed in again is caught, unless forced.
        let again = add_manual(store.as_mut(), me, &manual(Tz::America__Denver)).unwrap_err();
        assert!(
            matches!(again, crate::AppError::Conflict(ref m) if m.contains("--force")),
            "{again}"
        );
        assert_eq!(activity.start.to_rfc3339(), "2026-11-21T04:00:00+00:00");
        let listed = list(store.as_ref(), me, day(27), DateRange::default()).unwrap();
        assert_eq!(listed.activities.len(), 1);
        let run = &listed.activities[0];
        assert_eq!(run.record.id, id);
        assert_eq!(run.record.item.local_date(), day(20));
        let load = run.analysis.as_ref().unwrap().load.load.0;
        assert!((load - 4.0 * 45.0 * 100.0 / 420.0).abs() < 1e-9, "{load}");
        let outside = DateRange {
            since: Some(day(21)),
            until: None,
        };
        assert!(
            list(store.as_ref(), me, day(27), outside)
                .unwrap()
                .activities
                .is_empty()
        );
    }

    #[test]
    fn a_manual_run_takes_the_offset_of_its_own_start_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        // Denver's clocks go back on 1 November 2026: the 20th is in winter time (UTC-7),
        // a run on 20 October in summer time (UTC-6).
        let mut october = manual(Tz::America__Denver);
        october.date = NaiveDate::from_ymd_opt(2026, 10, 20).unwrap();
        let (_, summer) = add_manual(store.as_mut(), AthleteId::LOCAL, &october).unwrap();
        assert_eq!(summer.utc_offset_s, -6 * 3600);
        assert_eq!(summer.start.to_rfc3339(), "2026-10-21T03:00:00+00:00");
    }

    #[test]
    fn eight_km_in_45_seconds_is_refused_with_a_hint_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let mut typo = manual(Tz::UTC);
        typo.duration = Seconds(45.0);
        let error = add_manual(store.as_mut(), AthleteId::LOCAL, &typo).unwrap_err();
        assert!(
            matches!(&error, AppError::InvalidInput { field, reason }
                if field == "duration" && reason.contains("did you mean 45:00?")),
            "{error}"
        );
        assert!(
            list(
                store.as_ref(),
                AthleteId::LOCAL,
                day(27),
                DateRange::default()
            )
            .unwrap()
            .activities
            .is_empty()
        );
        typo.force = true;
        let (_, kept) = add_manual(store.as_mut(), AthleteId::LOCAL, &typo).unwrap();
        assert!(kept.implausible.is_some());
        let listed = list(
            store.as_ref(),
            AthleteId::LOCAL,
            day(27),
            DateRange::default(),
        )
        .unwrap();
        let analysis = listed.activities[0].analysis.as_ref().unwrap();
        assert!(analysis.implausible.is_some());
    }

    #[test]
    fn an_invalid_run_is_refused_and_nothing_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let mut bad = manual(Tz::UTC);
        bad.distance = Some(Meters(-1.0));
        let error = add_manual(store.as_mut(), AthleteId::LOCAL, &bad).unwrap_err();
        assert!(
            matches!(error, crate::AppError::Invalid(ref e) if e.field == "distance"),
            "{error}"
        );
        let listed = list(
            store.as_ref(),
            AthleteId::LOCAL,
            day(27),
            DateRange::default(),
        )
        .unwrap();
        assert!(listed.activities.is_empty());
    }

    #[test]
    fn a_corrected_run_keeps_its_id_and_an_excluded_one_leaves_the_statistics() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        let (id, _) = add_manual(store.as_mut(), me, &manual(Tz::UTC)).unwrap();
        let mut twin = manual(Tz::Europe__Paris);
        twin.force = true;
        let (other, _) = add_manual(store.as_mut(), me, &twin).unwrap();
        let change = ActivityEdit {
            sport: Some(Sport::Cycling),
            title: Some("Commute".into()),
            distance: Some(Meters(20_000.0)),
            ..ActivityEdit::default()
        };
        let edited = edit(store.as_mut(), me, id, &change).unwrap();
        assert_eq!(edited.sport, Sport::Cycling);
        let listed = list(store.as_ref(), me, day(27), DateRange::default()).unwrap();
        let first = listed
            .activities
            .iter()
            .find(|a| a.record.id == id)
            .unwrap();
        assert_eq!(first.record.item.title.as_deref(), Some("Commute"));
        assert_eq!(first.record.item.distance, Meters(20_000.0));

        let leave_out = ActivityEdit {
            excluded: Some(true),
            ..ActivityEdit::default()
        };
        edit(store.as_mut(), me, other, &leave_out).unwrap();
        let listed = list(store.as_ref(), me, day(27), DateRange::default()).unwrap();
        assert_eq!(listed.activities.len(), 2, "still listed");
        let left_out = listed
            .activities
            .iter()
            .find(|a| a.record.id == other)
            .unwrap();
        assert!(left_out.excluded && left_out.analysis.is_none());
        let stats = crate::analysis::analyse(store.as_ref(), me, day(27)).unwrap();
        assert_eq!(stats.analysis.activities.len(), 1);

        let bad = ActivityEdit {
            distance: Some(Meters(-5.0)),
            ..ActivityEdit::default()
        };
        assert!(matches!(
            edit(store.as_mut(), me, id, &bad),
            Err(crate::AppError::Invalid(_))
        ));
        assert_eq!(
            remove(store.as_mut(), me, id, chrono::Utc::now())
                .unwrap()
                .id,
            id
        );
        assert!(matches!(
            remove(store.as_mut(), me, id, chrono::Utc::now()),
            Err(crate::AppError::NotFound {
                what: "activity",
                ..
            })
        ));
    }

    #[test]
    fn a_session_without_a_distance_needs_none_and_everything_downstream_copes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        let mut run = manual(Tz::UTC);
        run.distance = None;
        let refused = add_manual(store.as_mut(), me, &run).unwrap_err();
        assert!(
            matches!(refused, crate::AppError::InvalidInput { ref field, .. } if field == "distance"),
            "{refused}"
        );
        for sport in [Sport::Strength, Sport::Yoga] {
            let mut session = manual(Tz::UTC);
            session.sport = sport;
            session.distance = None;
            let (_, stored) = add_manual(store.as_mut(), me, &session).unwrap();
            assert_eq!(stored.distance, Meters(0.0));
            assert!(stored.average_speed().is_none());
        }
        let today = day(27);
        let listed = list(store.as_ref(), me, today, DateRange::default()).unwrap();
        assert_eq!(listed.activities.len(), 2);
        for entry in &listed.activities {
            let load = entry.analysis.as_ref().expect("analysed").load.load.0;
            assert!(load.is_finite() && load > 0.0, "{load}");
        }
        let analysis = crate::load::analyse(store.as_ref(), me, today).unwrap();
        assert!(
            analysis
                .series
                .iter()
                .all(|d| d.acute.is_finite() && d.chronic.is_finite())
        );
        crate::plan::build(store.as_ref(), me, today, 14).unwrap();
        crate::card::card(store.as_ref(), me, today, &Default::default()).unwrap();
    }
}

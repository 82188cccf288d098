//! Self-massage routines: which areas to work today, with which of the runner's tools, for how
//! long and why; a guided player for doing them; and the "why does it hurt here" look-up.
//! Everything here is pure: the date and the clock are parameters.

mod build;
mod player;
mod why;

pub use build::build_routine;
pub use player::{Player, PlayerStatus, PlayerView};
pub use why::{Referrer, Why, why};

use crate::id::Record;
use crate::knowledge::RunType;
use crate::load::{AnalysedActivity, Analysis, Intensity};
use crate::model::{Activity, SorenessEntry};
use crate::vocab::{BodyArea, SessionKind, Tool};
use chrono::NaiveDate;
use serde::Serialize;

/// What the routine builder needs to know about the runner's day.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutineRequest {
    pub date: NaiveDate,
    /// Time available, in whole minutes.
    pub minutes: u32,
    /// Areas the runner asked for; they come first.
    pub areas: Vec<BodyArea>,
    /// Symptom ids from the knowledge base ("heel_pain", "desk_day").
    pub symptoms: Vec<String>,
    /// Tools the runner owns. Hands are always available, listed or not.
    pub tools: Vec<Tool>,
    /// The run the routine follows (or precedes), if any.
    pub run: Option<RecentRun>,
    /// The soreness log; entries outside the knowledge base's window are ignored.
    pub soreness: Vec<SorenessEntry>,
    /// Massages that worked areas deep: those areas get no self-massage that day or the
    /// next (24 h), and the routine says so.
    pub deep_work: Vec<DeepWork>,
    /// The next race, when it is today or tomorrow: the routine is then light and short.
    pub race: Option<RaceAhead>,
}

/// A massage that worked areas deep on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeepWork {
    pub date: NaiveDate,
    pub areas: Vec<BodyArea>,
}

/// A race ahead: its day and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaceAhead {
    pub date: NaiveDate,
    pub name: String,
}

/// A run and the day it happened (or is planned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecentRun {
    pub date: NaiveDate,
    pub run: RunType,
}

/// Hours of running, not intensity, make a run long when the runner did not say what it was.
const LONG_RUN_MINUTES: f64 = 90.0;
/// A climb of 20 m per km or more makes a run a hill run (a hilly half marathon gains ~400 m).
const HILLY_METERS_PER_KM: f64 = 20.0;
/// Session RPE of 7 or more on the CR-10 scale is a hard effort.
const HARD_RPE: u8 = 7;

impl RecentRun {
    /// Classifies an activity for self-massage; `None` for anything that is not a run or was
    /// logged as rest. The runner's own label wins, except that a hilly easy run counts as hills.
    pub fn from_activity(activity: &Activity) -> Option<RecentRun> {
        if !activity.sport.is_running() {
            return None;
        }
        let km = activity.distance.km();
        let hilly = km > 0.0
            && activity
                .elevation_gain
                .is_some_and(|gain| gain.0 / km >= HILLY_METERS_PER_KM);
        let minutes = if activity.moving.0 > 0.0 {
            activity.moving.minutes()
        } else {
            activity.elapsed.minutes()
        };
        let run = match activity.kind {
            Some(SessionKind::Rest) => return None,
            Some(SessionKind::Long) => RunType::Long,
            Some(SessionKind::Race) => RunType::Race,
            Some(SessionKind::Hard) => RunType::Hard,
            _ if hilly => RunType::Hills,
            Some(SessionKind::Easy) => RunType::Easy,
            None if minutes >= LONG_RUN_MINUTES => RunType::Long,
            None if activity.rpe.is_some_and(|rpe| rpe >= HARD_RPE) => RunType::Hard,
            None => RunType::Easy,
        };
        Some(RecentRun {
            date: activity.local_date(),
            run,
        })
    }

    /// Classifies a run with what the load analysis knows of it: a race on the calendar is a
    /// race, and an unlabelled run that held hard work (intervals) is a hard session.
    pub fn from_analysed(
        activity: &Activity,
        analysed: Option<&AnalysedActivity>,
    ) -> Option<RecentRun> {
        let mut recent = RecentRun::from_activity(activity)?;
        if let Some(analysed) = analysed {
            if analysed.race {
                recent.run = RunType::Race;
            } else if activity.kind.is_none() && analysed.intensity == Intensity::Hard {
                recent.run = RunType::Hard;
            }
        }
        Some(recent)
    }

    /// The latest run on `date` or the day before, as the analysis classed it.
    pub fn latest_analysed(
        activities: &[Record<Activity>],
        analysis: &Analysis,
        date: NaiveDate,
    ) -> Option<RecentRun> {
        let yesterday = date.pred_opt()?;
        activities
            .iter()
            .filter(|a| {
                let day = a.item.local_date();
                day == date || day == yesterday
            })
            .max_by_key(|a| (a.item.start, a.id))
            .and_then(|a| RecentRun::from_analysed(&a.item, analysis.activity(a.id)))
    }

    /// The latest run on `date` or the day before, which is the one today's routine follows.
    pub fn latest(activities: &[Activity], date: NaiveDate) -> Option<RecentRun> {
        let yesterday = date.pred_opt()?;
        activities
            .iter()
            .filter(|a| {
                let day = a.local_date();
                day == date || day == yesterday
            })
            .max_by_key(|a| a.start)
            .and_then(RecentRun::from_activity)
    }
}

/// A day's self-massage, in the order to do it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routine {
    pub date: NaiveDate,
    /// The time the runner had.
    pub minutes: u32,
    pub steps: Vec<RoutineStep>,
    /// The sum of the steps' durations; never more than `minutes` × 60.
    pub total_seconds: u32,
    /// Areas left out, each with the reason.
    pub skipped: Vec<SkippedArea>,
    /// Areas that need a professional rather than self-massage.
    pub see_a_professional: Vec<SkippedArea>,
    /// Advice for the whole routine ("do the glutes before you run").
    pub notes: Vec<String>,
    /// Cautions for every step.
    pub cautions: Vec<String>,
    pub disclaimer: String,
}

/// One step of a routine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutineStep {
    pub area: BodyArea,
    pub tool: Tool,
    /// Duration for both sides, in whole seconds.
    pub seconds: u32,
    pub how: String,
    /// The area's cautions, then the technique's own.
    pub cautions: Vec<String>,
    /// Why this area today, in plain words ("your long run yesterday; sore 5/10 on Tue").
    pub reason: String,
    /// Names of the muscles the step reaches.
    pub muscles: Vec<String>,
}

/// An area the routine does not massage, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedArea {
    pub area: BodyArea,
    pub reason: String,
}

impl RoutineStep {
    /// "calves: your long run yesterday; sore 5/10 on Tue".
    pub fn headline(&self) -> String {
        format!("{}: {}", self.area.label(), self.reason)
    }
}

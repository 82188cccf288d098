//! `tuneup routine`: today's self-massage, built from your last run, soreness log, symptoms,
//! the tools you own and the minutes you have. `tuneup routine play` guides you through it.

use crate::context::Context;
use crate::output::{OutputArgs, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tuneup_app::routine::{DEFAULT_MINUTES, RoutineOptions};
use tuneup_core::knowledge::RunType;
use tuneup_core::routine::Routine;
use tuneup_core::vocab::{BodyArea, Tool};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RoutineArgs {
    #[command(subcommand)]
    pub command: Option<RoutineCommand>,
    #[command(flatten)]
    pub request: RequestArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum RoutineCommand {
    /// Play the routine step by step with a countdown (keys: p pause, s skip, q quit).
    ///
    /// Without a terminal it prints the steps and exits.
    Play(RequestArgs),
}

/// What shapes the routine. Everything not given comes from your data.
#[derive(Debug, Clone, Args)]
pub struct RequestArgs {
    /// The day (default: today).
    #[arg(long, value_parser = values::date)]
    pub date: Option<NaiveDate>,
    /// Minutes you have.
    #[arg(long, default_value_t = DEFAULT_MINUTES)]
    pub minutes: u32,
    /// Areas you want worked, first in line: quads, it_band, glutes, calves, feet, ...
    #[arg(long = "area", value_name = "AREA", num_args = 1.., value_delimiter = ',', value_parser = values::vocab::<BodyArea>)]
    pub areas: Vec<BodyArea>,
    /// What you feel: heel_pain, outer_knee_pain, front_knee_pain, low_back_pain,
    /// hip_instability, groin_tightness, tight_breathing, neck_tension, shin_pain, desk_day.
    #[arg(long = "symptom", value_name = "SYMPTOM", num_args = 1.., value_delimiter = ',')]
    pub symptoms: Vec<String>,
    /// The tools to use this time (default: the tools in your profile). Hands always count.
    #[arg(long, value_name = "TOOL", num_args = 1.., value_delimiter = ',', value_parser = values::vocab::<Tool>)]
    pub tools: Vec<Tool>,
    /// The run to follow, instead of your latest run today or yesterday: long, hills, hard, easy.
    #[arg(long, value_parser = values::vocab::<RunType>)]
    pub run: Option<RunType>,
}

pub fn run(context: &Context, args: RoutineArgs) -> anyhow::Result<()> {
    match args.command {
        Some(RoutineCommand::Play(request)) => {
            let routine = build(context, &request)?;
            super::routine_play::play(&routine)
        }
        None => {
            let routine = build(context, &args.request)?;
            if args.output.json {
                return print_json(&routine);
            }
            print_text(&render(&routine))
        }
    }
}

/// Reads the profile, soreness log and recent runs, and builds the routine.
pub fn build(context: &Context, args: &RequestArgs) -> anyhow::Result<Routine> {
    let store = context.open_store()?;
    let options = args.options(context.today());
    Ok(tuneup_app::routine::build(
        store.as_ref(),
        context.athlete,
        &options,
    )?)
}

impl RequestArgs {
    /// What the flags ask for; the day defaults to `today`.
    pub fn options(&self, today: NaiveDate) -> RoutineOptions {
        RoutineOptions {
            date: self.date.unwrap_or(today),
            minutes: self.minutes,
            areas: self.areas.clone(),
            symptoms: self.symptoms.clone(),
            tools: self.tools.clone(),
            run: self.run,
        }
    }
}

/// Writes text to stdout wrapped to the width (see `output::print_wrapped`).
pub fn print_text(text: &str) -> anyhow::Result<()> {
    crate::output::print_wrapped(text)
}

/// Whole seconds as m:ss.
pub fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The routine as text for a person.
pub fn render(routine: &Routine) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(format!(
        "Self-massage for {}: {}, {} of your {} minutes",
        routine.date.format("%a %Y-%m-%d"),
        crate::output::count(routine.steps.len(), "step", "steps"),
        clock(routine.total_seconds),
        routine.minutes
    ));
    for note in &routine.notes {
        line(format!("note: {note}"));
    }
    if !routine.steps.is_empty() {
        for caution in &routine.cautions {
            line(format!("always: {caution}"));
        }
    }
    for (i, step) in routine.steps.iter().enumerate() {
        line(String::new());
        line(format!(
            "{}. {} with {}, {}",
            i + 1,
            step.area.label(),
            step.tool.label(),
            clock(step.seconds)
        ));
        line(format!("   why: {}", step.reason));
        line(format!("   how: {}", step.how));
        for caution in &step.cautions {
            line(format!("   careful: {caution}"));
        }
    }
    if !routine.see_a_professional.is_empty() {
        line(String::new());
        line("See a physical therapist or doctor, and do not massage these yourself:".into());
        for p in &routine.see_a_professional {
            line(format!("  - {}: {}", p.area.label(), p.reason));
        }
    }
    if !routine.skipped.is_empty() {
        line(String::new());
        let left: Vec<String> = routine
            .skipped
            .iter()
            .map(|s| format!("{} ({})", s.area.label(), s.reason))
            .collect();
        line(format!("Left out: {}", left.join(", ")));
    }
    line(String::new());
    line(routine.disclaimer.clone());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use tuneup_core::model::{Activity, ActivitySource, SorenessEntry};
    use tuneup_core::units::{Meters, Seconds};
    use tuneup_core::vocab::{SessionKind, Side, SorenessKind, Sport};
    use tuneup_store::NewActivity;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn args() -> RequestArgs {
        RequestArgs {
            date: None,
            minutes: 10,
            areas: Vec::new(),
            symptoms: Vec::new(),
            tools: Vec::new(),
            run: None,
        }
    }

    /// A store with a foam roller in the profile, Wednesday's long run, sore calves on Tuesday
    /// and a sharp hamstring on Wednesday; "today" is Thursday the 26th.
    fn context(dir: &tempfile::TempDir) -> Context {
        let db = dir.path().join("t.db");
        let context = Context::new(db.to_str(), Some(day(26))).unwrap();
        let mut store = context.open_store().unwrap();
        let mut profile = store.profile(context.athlete).unwrap();
        profile.tools = vec![Tool::FoamRoller];
        store.set_profile(context.athlete, &profile).unwrap();
        let run = Activity {
            sport: Sport::Running,
            start: Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap(),
            utc_offset_s: 0,
            offset_source: tuneup_core::model::OffsetSource::Profile,
            implausible: None,
            crc_mismatch: false,
            elapsed: Seconds(7200.0),
            moving: Seconds(7200.0),
            distance: Meters::from_km(28.0),
            elevation_gain: None,
            heart_rate: None,
            rpe: Some(6),
            title: None,
            kind: Some(SessionKind::Long),
            source: ActivitySource::manual(),
            streams: None,
            digest: None,
        };
        store
            .add_activities(context.athlete, &[NewActivity::without_file(&run)])
            .unwrap();
        for (date, area, level, kind) in [
            (24, BodyArea::Calves, 5, SorenessKind::Sore),
            (25, BodyArea::Hamstrings, 3, SorenessKind::Sharp),
        ] {
            store
                .add_soreness(
                    context.athlete,
                    &SorenessEntry {
                        date: day(date),
                        area,
                        side: Side::Left,
                        level,
                        kind,
                        note: None,
                    },
                )
                .unwrap();
        }
        context
    }

    #[test]
    fn the_routine_reads_tools_runs_and_soreness_from_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let context = context(&dir);
        let routine = build(&context, &args()).unwrap();
        let first = &routine.steps[0];
        assert_eq!(first.area, BodyArea::Calves);
        assert_eq!(first.tool, Tool::FoamRoller);
        assert_eq!(
            first.reason,
            "your long run yesterday; sore 5/10 on Tue (left)"
        );
        assert!(routine.steps.iter().all(|s| s.area != BodyArea::Hamstrings));
        assert_eq!(routine.see_a_professional[0].area, BodyArea::Hamstrings);
        assert!(routine.total_seconds <= 600);

        let text = render(&routine);
        assert!(text.contains("1. calves with foam roller, 2:00"), "{text}");
        assert!(text.contains("always: Skip bruises"), "{text}");
        assert!(
            text.contains("hamstrings: sharp pain 3/10 yesterday (left)"),
            "{text}"
        );
        assert!(text.contains("not medical advice"), "{text}");
    }

    #[test]
    fn flags_override_the_stored_tools_and_run() {
        let dir = tempfile::tempdir().unwrap();
        let context = context(&dir);
        let mut request = args();
        request.tools = vec![Tool::MassageStick];
        request.run = Some(RunType::Hills);
        request.date = Some(day(25));
        let routine = build(&context, &request).unwrap();
        assert_eq!(routine.steps[0].area, BodyArea::Calves);
        assert_eq!(routine.steps[0].tool, Tool::MassageStick);
        assert!(routine.steps[0].reason.starts_with("today's hill run"));
    }

    #[test]
    fn an_unknown_symptom_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let context = context(&dir);
        let mut request = args();
        request.symptoms = vec!["toothache".into()];
        let err = build(&context, &request).unwrap_err();
        assert!(
            err.to_string().contains("unknown symptom 'toothache'"),
            "{err}"
        );
    }

    #[test]
    fn clock_shows_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(95), "1:35");
    }
}

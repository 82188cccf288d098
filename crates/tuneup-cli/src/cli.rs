//! The command line, as clap reads it. Each subcommand's flags live in its own file under
//! `commands/`; this file only lists them.

use crate::commands;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

/// Routine maintenance for a runner's body.
///
/// tuneup reads your training, knows where you are tight, and schedules massage and
/// self-massage like a service book, with a reason for every line. It is not medical
/// advice: sharp or lasting pain belongs with a physical therapist or doctor.
#[derive(Debug, Parser)]
#[command(name = "tuneup", version, propagate_version = true)]
pub struct Cli {
    /// Where your data lives: a file path, sqlite://PATH, or postgres://URL.
    /// Default: tuneup.db in your data folder (e.g. ~/.local/share/tuneup/).
    #[arg(long, global = true, env = "TUNEUP_DATABASE", value_name = "PATH|URL")]
    pub database: Option<String>,

    /// Treat this date as today (YYYY-MM-DD): plan ahead, or reproduce an earlier answer.
    #[arg(long, global = true, env = "TUNEUP_TODAY", value_name = "DATE", value_parser = crate::values::date)]
    pub today: Option<NaiveDate>,

    /// Wrap text to this many columns (60 at least). Default: the terminal's width, or 100
    /// when the output is not a terminal (a file or a pipe).
    #[arg(long, global = true, env = "TUNEUP_WIDTH", value_name = "COLUMNS")]
    pub width: Option<usize>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a generated sample athlete (a 12-week marathon build) and what tuneup makes of it.
    Demo(commands::demo::DemoArgs),
    /// Log a run by hand (for runs without a watch file).
    #[command(subcommand)]
    Activity(commands::activity::ActivityCommand),
    /// List your runs and other activities.
    Activities(commands::activity::ListArgs),
    /// Your heart rates, threshold pace, massage cadence, tools and comfort preferences.
    #[command(subcommand)]
    Profile(commands::profile::ProfileCommand),
    /// Races you have entered.
    #[command(subcommand)]
    Race(commands::race::RaceCommand),
    /// The recovery plan for the coming days: massage and self-massage like a service
    /// book, each line with its reason (`--json`, `--ics FILE` for a calendar).
    Plan(commands::plan::PlanArgs),
    /// tuneup in your browser, on this computer: the dashboard and the plan.
    Serve(commands::serve::ServeArgs),
    /// Training you plan to do (so massage stays away from hard days).
    #[command(subcommand)]
    Planned(commands::planned::PlannedCommand),
    /// Log where you are sore or tight, and see the log.
    #[command(subcommand)]
    Sore(commands::sore::SoreCommand),
    /// Log professional massage sessions, and see the log.
    #[command(subcommand)]
    Massage(commands::massage::MassageCommand),
    /// The massage therapists you see.
    #[command(subcommand)]
    Therapist(commands::therapist::TherapistCommand),
    /// The intake card for your next massage: recent training, sore areas, injuries,
    /// preferences, goals and questions, on one printable page.
    Card(commands::card::CardArgs),
    /// Today's self-massage: areas, tools, durations and why; `routine play` guides you through it.
    Routine(commands::routine::RoutineArgs),
    /// Where pain in one place can come from (trigger-point referral), and what to try.
    Why(commands::why::WhyArgs),
    /// Answers to common questions: what to wear, timing around runs, running after a massage.
    Faq(commands::faq::FaqArgs),
    /// A checklist for choosing a clinic, and questions worth asking a therapist.
    Precautions(commands::precautions::PrecautionsArgs),
    /// Move this computer's data into a club server (PostgreSQL) as one athlete there,
    /// without loss; prints counts and checksums of both sides.
    Migrate(commands::migrate::MigrateArgs),
    /// Your training load day by day: fitness, fatigue, form, ramp rate and the
    /// acute:chronic workload ratio (ACWR), with the big runs of the period.
    ///
    /// The ACWR zones (under-loaded < 0.8, steady 0.8–1.3, rising 1.3–1.5, spike ≥ 1.5) are
    /// a caution, not a verdict: whether the ratio predicts injury is disputed
    /// (Impellizzeri et al. 2020), so read a spike as a prompt to look at your week.
    Load(commands::load::LoadArgs),
    /// Bring in watch files: FIT, GPX, TCX, gzipped, folders, zips, Strava and Garmin exports.
    ///
    /// Files already imported are recognised and left alone; the same run from two sources
    /// (starts within 60 s, durations within 2 %) is kept once, from the richer file.
    ///
    /// Exit status: 0 when every file was handled (imported, already there, a duplicate, or
    /// skipped as not an activity), 3 when some files failed (each is listed with its
    /// reason), 1 when an error stopped the import.
    Import(commands::import::ImportArgs),
}

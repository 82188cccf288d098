//! `tuneup profile show|set`: what the runner tells tuneup about themselves.

use crate::context::Context;
use crate::output::{OutputArgs, print_json};
use crate::values;
use clap::{Args, Subcommand};
use tuneup_app::AppError;
use tuneup_app::profile::ProfileChange;
use tuneup_app::settings::{Setting, changed_settings};
use tuneup_core::domain::DomainChoice;
use tuneup_core::load::{BigRunRule, EffectiveProfile, Estimate, EstimateSource};
use tuneup_core::model::{AthleteProfile, Conversation};
use tuneup_core::plan::PlanRules;
use tuneup_core::units::{Bpm, Meters, MetersPerSecond, format_distance, format_pace_in};
use tuneup_core::vocab::{BodyArea, Sex, Tool, UnitSystem, WeekStart};

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Show your profile.
    Show(OutputArgs),
    /// Change your profile; only the flags you give change.
    ///
    /// Example: tuneup profile set --max-hr 190 --rest-hr 50 --sex m --threshold-pace 4:30/km
    Set(Box<SetArgs>),
}

#[derive(Debug, Args)]
pub struct SetArgs {
    #[arg(long)]
    pub name: Option<String>,
    /// Your maximum heart rate (bpm).
    #[arg(long, value_name = "BPM")]
    pub max_hr: Option<f64>,
    /// Your resting heart rate (bpm), measured on waking.
    #[arg(long, value_name = "BPM")]
    pub rest_hr: Option<f64>,
    /// Your lactate-threshold heart rate (bpm): roughly what you can hold for an hour racing.
    #[arg(long, value_name = "BPM")]
    pub threshold_hr: Option<f64>,
    /// The pace you could race for about an hour: 4:30/km or 7:15/mi.
    #[arg(long, value_name = "PACE", value_parser = values::pace)]
    pub threshold_pace: Option<MetersPerSecond>,
    /// m or f: chooses the heart-rate load weighting (Banister TRIMP).
    #[arg(long, value_parser = values::vocab::<Sex>)]
    pub sex: Option<Sex>,
    /// metric or imperial, for display.
    #[arg(long, value_parser = values::vocab::<UnitSystem>)]
    pub units: Option<UnitSystem>,
    /// monday (default) or sunday: where the weeks on the intake card begin.
    #[arg(long, value_parser = values::vocab::<WeekStart>)]
    pub week_start: Option<WeekStart>,
    /// A professional massage at least every N weeks (default 3).
    #[arg(long, value_name = "WEEKS")]
    pub massage_every_weeks: Option<u32>,
    /// ... or every so much running, whichever comes first (default 250k).
    #[arg(long, value_name = "DISTANCE", value_parser = values::distance)]
    pub massage_every: Option<Meters>,
    /// The self-massage tools you own, separated by commas: foam_roller, massage_stick,
    /// tennis_ball, lacrosse_ball, golf_ball, small_roller, rolling_pin, hands.
    #[arg(long, value_delimiter = ',', value_parser = values::vocab::<Tool>)]
    pub tools: Option<Vec<Tool>>,
    /// Preferred massage pressure, 1 (light) to 5 (very firm).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub pressure: Option<u8>,
    /// Draping and underwear preference, in your words (for the intake card).
    #[arg(long)]
    pub draping: Option<String>,
    /// Areas a therapist should avoid, separated by commas.
    #[arg(long, value_delimiter = ',', value_parser = values::vocab::<BodyArea>)]
    pub avoid_areas: Option<Vec<BodyArea>>,
    /// quiet or chat, during a massage.
    #[arg(long, value_parser = conversation)]
    pub conversation: Option<Conversation>,
    /// Change a recovery-plan threshold, KEY=VALUE; repeat for several. For example
    /// deep_no_hard_hours=36 (no hard run for 36 h after deep tissue), taper_no_deep_days=7,
    /// acwr_threshold=1.4. `tuneup profile show --json` lists every key under plan_rules.
    #[arg(long = "rule", value_name = "KEY=VALUE", value_parser = tuneup_app::settings::parse)]
    pub rules: Vec<Setting>,
    /// Change the big-run, session-class and estimate settings, KEY=VALUE; for example
    /// spike_window_days=30, load_over=0.1, hard_minutes_at_threshold=10, races=only_by_load,
    /// estimate_window_days=180 (how far back estimates of max and threshold look).
    #[arg(long = "big-run", value_name = "KEY=VALUE", value_parser = tuneup_app::settings::parse)]
    pub big_run: Vec<Setting>,
    /// Your time zone, Area/City as in the IANA database: America/Denver, Europe/Paris.
    /// Used for runs whose files tell neither their local time nor where they were, for runs
    /// you type in, and for "today". Default: your computer's.
    #[arg(long, value_name = "AREA/CITY")]
    pub timezone: Option<String>,
    /// The currency you pay in, as its ISO 4217 code: EUR, USD, GBP. Massage costs and
    /// therapist prices are typed and shown in it. Default: USD.
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
}

fn conversation(text: &str) -> Result<Conversation, String> {
    match text {
        "quiet" => Ok(Conversation::Quiet),
        "chat" => Ok(Conversation::Chat),
        _ => Err(format!("'{text}': expected quiet or chat")),
    }
}

pub fn run(context: &Context, command: ProfileCommand) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    match command {
        ProfileCommand::Show(output) => {
            let view = tuneup_app::profile::show(store.as_ref(), context.athlete, context.today())?;
            if output.json {
                // Through a JSON value: its keys come out sorted, as they always have.
                return print_json(&serde_json::to_value(&view)?);
            }
            print!("{}", describe(&view.profile));
            println!();
            print!(
                "{}",
                describe_effective(&view.effective, view.profile.units)
            );
            println!();
            print!("{}", describe_domain(&view.domain));
        }
        ProfileCommand::Set(args) => {
            let profile = tuneup_app::profile::set(store.as_mut(), context.athlete, args.change())
                .map_err(|error| match error {
                    AppError::Invalid(_) => {
                        anyhow::Error::from(error).context("the profile was not changed")
                    }
                    other => other.into(),
                })?;
            print!("{}", describe(&profile));
        }
    }
    Ok(())
}

impl SetArgs {
    fn change(self) -> ProfileChange {
        let SetArgs {
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
            rules,
            big_run,
            timezone,
            currency,
        } = self;
        ProfileChange {
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
            rules,
            big_run,
            timezone,
            currency,
        }
    }
}

pub fn describe(profile: &AthleteProfile) -> String {
    let not_set = || "not set".to_string();
    let bpm = |v: Option<Bpm>| v.map_or_else(not_set, |b| format!("{:.0} bpm", b.0));
    let tools: Vec<_> = profile.tools.iter().map(|t| t.label()).collect();
    let mut out = String::new();
    if let Some(name) = &profile.name {
        out.push_str(&format!("name             {name}\n"));
    }
    out.push_str(&format!("max heart rate   {}\n", bpm(profile.max_hr)));
    out.push_str(&format!("rest heart rate  {}\n", bpm(profile.rest_hr)));
    out.push_str(&format!("threshold HR     {}\n", bpm(profile.threshold_hr)));
    out.push_str(&format!(
        "threshold pace   {}\n",
        profile
            .threshold_pace
            .map_or_else(not_set, |pace| format_pace_in(pace, profile.units))
    ));
    out.push_str(&format!(
        "sex              {}\n",
        profile.sex.map_or_else(not_set, |s| s.label().to_string())
    ));
    out.push_str(&format!(
        "weeks start on   {}\n",
        profile.week_start.label()
    ));
    out.push_str(&format!(
        "massage every    {} weeks or {}, whichever comes first\n",
        profile.massage_cadence.weeks,
        format_distance(profile.massage_cadence.distance, profile.units)
    ));
    out.push_str(&format!(
        "massage visits   at most {} in any 28 days, at least {} days apart (visits_per_28_days, visit_min_days_between)\n",
        profile.plan_rules.visits_per_28_days, profile.plan_rules.visit_min_days_between
    ));
    out.push_str(&format!("tools            {}\n", tools.join(", ")));
    if let Some(zone) = &profile.timezone {
        out.push_str(&format!("time zone        {zone}\n"));
    }
    out.push_str(&format!(
        "currency         {}{}\n",
        profile.currency(),
        if profile.currency.is_none() {
            " (the default; profile set --currency)"
        } else {
            ""
        }
    ));
    let comfort = &profile.comfort;
    if let Some(pressure) = comfort.pressure {
        out.push_str(&format!("pressure         {pressure}/5\n"));
    }
    if let Some(draping) = &comfort.draping {
        out.push_str(&format!("draping          {draping}\n"));
    }
    if !comfort.avoid_areas.is_empty() {
        let areas: Vec<_> = comfort.avoid_areas.iter().map(|a| a.label()).collect();
        out.push_str(&format!("avoid areas      {}\n", areas.join(", ")));
    }
    if let Some(conversation) = comfort.conversation {
        out.push_str(&format!("conversation     {}\n", conversation.label()));
    }
    if let Some(notes) = &comfort.notes {
        out.push_str(&format!("notes            {notes}\n"));
    }
    for goal in &comfort.goals {
        out.push_str(&format!("session goal     {goal}\n"));
    }
    let changed = [
        (
            "plan rule",
            changed_settings(&profile.plan_rules, &PlanRules::default()),
        ),
        (
            "big-run rule",
            changed_settings(&profile.big_run, &BigRunRule::default()),
        ),
    ];
    for (what, lines) in changed {
        for line in lines {
            out.push_str(&format!("{what:<16} {line} (changed from the default)\n"));
        }
    }
    out
}

/// The values the load formulas use: set, estimated from the data, or a default, and why.
pub fn describe_effective(effective: &EffectiveProfile, units: UnitSystem) -> String {
    let mut out = String::from("Values used for training load (set by you, or estimated):\n");
    let bpm = |b: &Bpm| format!("{:.0} bpm", b.0);
    let line = |name: &str, value: String, source: &EstimateSource| {
        format!("  {name:<16} {value:<10} {}\n", source_text(source))
    };
    let rows: [(&str, &Estimate<Bpm>); 3] = [
        ("max heart rate", &effective.max_hr),
        ("rest heart rate", &effective.rest_hr),
        ("threshold HR", &effective.threshold_hr),
    ];
    for (name, estimate) in rows {
        out.push_str(&line(name, bpm(&estimate.value), &estimate.source));
    }
    out.push_str(&line(
        "threshold pace",
        format_pace_in(effective.threshold_pace.value, units),
        &effective.threshold_pace.source,
    ));
    out
}

/// The bands, windows and cut-offs applied, each with its source.
pub fn describe_domain(choices: &[DomainChoice]) -> String {
    let mut out = String::from("Bands, windows and cut-offs applied (and where they come from):\n");
    for choice in choices {
        out.push_str(&format!("  {:<21} {}\n", choice.key, choice.value));
        out.push_str(&format!("  {:<21} {}\n", "", choice.what));
        let setting = choice.setting.map_or_else(String::new, |keys| {
            let flags: Vec<String> = keys
                .split(", ")
                .map(|key| match key.split_once('.') {
                    Some(("big_run", k)) => format!("--big-run {k}=…"),
                    Some(("plan_rules", k)) => format!("--rule {k}=…"),
                    _ => key.to_string(),
                })
                .collect();
            format!("; change with `tuneup profile set {}`", flags.join(" "))
        });
        out.push_str(&format!(
            "  {:<21} source: {}{setting}\n",
            "", choice.source
        ));
    }
    out
}

fn source_text(source: &EstimateSource) -> String {
    match source {
        EstimateSource::Set => "set by you".to_string(),
        EstimateSource::Estimated {
            activity: Some(id),
            date: Some(date),
            how,
        } => format!("ESTIMATE from activity {id} ({date}): {how}"),
        EstimateSource::Estimated {
            activity: Some(id),
            date: None,
            how,
        } => format!("ESTIMATE from activity {id}: {how}"),
        EstimateSource::Estimated {
            activity: None,
            how,
            ..
        } => format!("ESTIMATE: {how}"),
        EstimateSource::Default { why } => format!("DEFAULT: {why}"),
    }
}

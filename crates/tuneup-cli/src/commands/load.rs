//! `tuneup load`: the training load day by day (fitness, fatigue, form, ramp rate, the
//! acute:chronic ratio and its zone), with the big runs of the period and a caution about
//! what the ratio can and cannot tell.

use super::routine::print_text;
use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json};
use chrono::NaiveDate;
use clap::Args;
use std::fmt::Write as _;
use tuneup_app::load::{LoadReport, default_from, in_range};
use tuneup_core::load::{ACWR_BANDS, AcwrBand, AnalysedActivity, Analysis};
use tuneup_core::units::format_duration;

/// Days shown when `--from` is not given: four weeks up to `--to`.

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// First day to show (YYYY-MM-DD). Default: four weeks before --to.
    #[arg(long, value_name = "DATE", value_parser = crate::values::date)]
    pub from: Option<NaiveDate>,
    /// Last day to show (YYYY-MM-DD). Default: today; days after today have no data yet.
    #[arg(long, value_name = "DATE", value_parser = crate::values::date)]
    pub to: Option<NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(context: &Context, args: LoadArgs) -> anyhow::Result<()> {
    let (from, to) = range(&args, context.today())?;
    let store = context.open_store()?;
    let analysis = tuneup_app::load::analyse(store.as_ref(), context.athlete, context.today())?;
    if args.output.json {
        return print_json(&LoadReport::new(&analysis, from, to));
    }
    print_text(&render(&analysis, from, to))
}

/// The days asked for, checked: `--from` after `--to` is an error naming both.
fn range(args: &LoadArgs, today: NaiveDate) -> anyhow::Result<(NaiveDate, NaiveDate)> {
    let to = args.to.unwrap_or(today);
    let from = args.from.unwrap_or_else(|| default_from(to));
    if from > to {
        anyhow::bail!("--from {from} is after --to {to}: give the earlier date first");
    }
    Ok((from, to))
}

/// What `--json` prints.
fn render(analysis: &Analysis, from: NaiveDate, to: NaiveDate) -> String {
    let days = analysis.series_between(from, to);
    let mut out = String::new();
    if days.is_empty() {
        let _ = writeln!(
            out,
            "no training load from {from} to {to}: import runs with `tuneup import` or add one \
             with `tuneup activity add`"
        );
        return out;
    }
    let (first, last) = (days[0].date, days[days.len() - 1].date);
    if first > from || last < to {
        let _ = writeln!(
            out,
            "shown {first} to {last}: {}\n",
            match (first > from, last < to) {
                (true, true) => "no data before the first activity or after today",
                (true, false) => "no data before the first activity",
                _ => "no data after today",
            }
        );
    }
    let mut table = Table::new(&[
        "date", "load", "fitness", "fatigue", "form", "ramp/7d", "acwr", "7d/28d", "zone",
    ]);
    for day in days {
        table.row(vec![
            day.date.to_string(),
            if day.load.0 > 0.0 {
                format!("{:.0}", day.load.0)
            } else {
                "-".to_string()
            },
            format!("{:.1}", day.chronic),
            format!("{:.1}", day.acute),
            format!("{:+.1}", day.form),
            or_dash(day.ramp.map(|r| format!("{r:+.1}"))),
            or_dash(day.acwr.map(|r| format!("{r:.2}"))),
            or_dash(day.rolling.map(|r| format!("{:.2}", r.ratio))),
            or_dash(day.zone.map(|z| z.label())),
        ]);
    }
    out.push_str(&table.render_in(crate::output::width()));

    let big: Vec<&AnalysedActivity> = in_range(analysis, from, to)
        .filter(|a| a.big_run.is_some())
        .collect();
    if !big.is_empty() {
        let _ = writeln!(out, "\nBig runs:");
        for run in big {
            let summary = run.big_run.as_ref().map_or("", |b| b.summary.as_str());
            let _ = writeln!(
                out,
                "  {} ({}, {:.0} points, {}): {summary}",
                run.date,
                format_duration(run.duration),
                run.load.load.0,
                run.intensity.id()
            );
        }
    }
    let _ = writeln!(
        out,
        "\nload: 100 ≈ one hour at your threshold. fitness = exponentially weighted average of \
         daily load (time constant 42 days), fatigue = the same over 7 days, form = yesterday's \
         fitness − fatigue. acwr = 7-day ÷ 28-day weighted average (Williams 2017, corrected \
         for its start from zero), shown after four weeks of data; 7d/28d = the last 7 days' \
         load ÷ the weekly average of the 28 days before (Gabbett 2016), shown after five \
         weeks; zones follow 7d/28d: {}.",
        ACWR_BANDS
            .iter()
            .map(zone_range)
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(out, "{}", analysis.caution);
    out
}

fn zone_range(band: &AcwrBand) -> String {
    if band.upper.is_infinite() {
        format!("{} ≥ {:.1}", band.label, band.lower)
    } else if band.lower == 0.0 {
        format!("{} < {:.1}", band.label, band.upper)
    } else {
        format!("{} {:.1}–{:.1}", band.label, band.lower, band.upper)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use tuneup_core::id::{Id, Record};
    use tuneup_core::load::analyse;
    use tuneup_core::model::{Activity, ActivitySource, AthleteProfile};
    use tuneup_core::units::{Meters, Seconds};
    use tuneup_core::vocab::Sport;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 4, d).unwrap()
    }

    fn run_on(day: NaiveDate, minutes: f64, km: f64) -> Activity {
        Activity {
            sport: Sport::Running,
            start: Utc.from_utc_datetime(&day.and_hms_opt(7, 0, 0).unwrap()),
            utc_offset_s: 0,
            offset_source: tuneup_core::model::OffsetSource::Profile,
            implausible: None,
            crc_mismatch: false,
            elapsed: Seconds::from_minutes(minutes),
            moving: Seconds::from_minutes(minutes),
            distance: Meters::from_km(km),
            elevation_gain: None,
            heart_rate: None,
            rpe: Some(4),
            title: None,
            kind: None,
            source: ActivitySource::manual(),
            streams: None,
            digest: None,
        }
    }

    fn analysis() -> Analysis {
        let activities = vec![
            Record::new(Id(1), run_on(date(1), 45.0, 9.0)),
            Record::new(Id(2), run_on(date(3), 45.0, 9.0)),
            Record::new(Id(3), run_on(date(5), 120.0, 24.0)),
        ];
        analyse(&AthleteProfile::default(), &activities, &[], date(7))
    }

    #[test]
    fn the_text_lists_each_day_the_big_run_and_the_caution() {
        let text = render(&analysis(), date(1), date(7));
        // A header line, seven days, then notes.
        assert_eq!(
            text.lines().filter(|l| l.starts_with("2026-04-0")).count(),
            7
        );
        // RPE 4 × 45 min = 180 units × 100/420 = 42.9 points on the 1st.
        assert!(text.contains("2026-04-01  43"), "{text}");
        // 120 min with no runs that long before it: big.
        assert!(text.contains("Big runs:\n  2026-04-05 (2:00:00"), "{text}");
        assert!(text.contains("Impellizzeri"), "{text}");
        assert!(text.contains("spike ≥ 1.5"), "{text}");
    }

    #[test]
    fn an_empty_range_says_what_to_do() {
        let text = render(&analysis(), date(20), date(25));
        assert!(
            text.starts_with("no training load from 2026-04-20"),
            "{text}"
        );
    }

    #[test]
    fn from_after_to_is_refused_naming_both() {
        let args = LoadArgs {
            from: Some(date(9)),
            to: Some(date(2)),
            output: OutputArgs { json: false },
        };
        let err = range(&args, date(10)).unwrap_err().to_string();
        assert!(
            err.contains("--from 2026-04-09 is after --to 2026-04-02"),
            "{err}"
        );
    }

    #[test]
    fn the_default_range_is_four_weeks_to_today() {
        let args = LoadArgs {
            from: None,
            to: None,
            output: OutputArgs { json: false },
        };
        assert_eq!(range(&args, date(28)).unwrap(), (date(1), date(28)));
    }

    #[test]
    fn json_holds_the_days_activities_and_caution() {
        let analysis = analysis();
        let report = serde_json::to_value(LoadReport::new(&analysis, date(1), date(7))).unwrap();
        assert_eq!(report["days"].as_array().unwrap().len(), 7);
        assert_eq!(report["activities"].as_array().unwrap().len(), 3);
        assert_eq!(report["acwr_zones"][3]["id"], "spike");
        assert!(
            report["caution"]
                .as_str()
                .unwrap()
                .contains("not as a verdict")
        );
    }
}

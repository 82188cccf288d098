//! `tuneup massage add|list|stats`: the log of professional massage sessions, and what it
//! adds up to (spend, insurance claims, how often, which areas).

use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::collections::BTreeMap;
use tuneup_core::model::{InsuranceStatus, MassageSession, Therapist};
use tuneup_core::vocab::{BodyArea, MassagePurpose, Technique};
use tuneup_core::{Id, Record};
use tuneup_store::{Listing, Store};

#[derive(Debug, Subcommand)]
pub enum MassageCommand {
    /// Log a massage session. It resets the service interval.
    ///
    /// Example: tuneup massage add --date 2026-11-20 --technique swedish --areas calves,quads --purpose maintenance
    Add(AddArgs),
    /// Show the massage log.
    List(ListArgs),
    /// Sessions, spend, insurance claims, average interval and the areas worked most.
    ///
    /// Example: tuneup massage stats --year 2026 --csv > massage-2026.csv
    Stats(StatsArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only sessions in this calendar year.
    #[arg(long)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only sessions in this calendar year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Print one CSV row per session (date, therapist, licence, techniques, areas, cost,
    /// claim status) for an insurance or HSA claim, instead of the summary.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, value_parser = values::date)]
    pub date: NaiveDate,
    /// swedish, deep_tissue, trigger_point; several separated by commas.
    #[arg(long, value_delimiter = ',', required = true, value_parser = values::vocab::<Technique>)]
    pub technique: Vec<Technique>,
    /// The areas worked, separated by commas: calves,quads,glutes.
    #[arg(long, value_delimiter = ',', value_parser = values::vocab::<BodyArea>)]
    pub areas: Vec<BodyArea>,
    /// maintenance, recovery, or rehab (after rehab work the next day is a rest day).
    #[arg(long, default_value = "maintenance", value_parser = values::vocab::<MassagePurpose>)]
    pub purpose: MassagePurpose,
    /// Pressure, 1 (light) to 5 (very firm).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub pressure: Option<u8>,
    /// The therapist's id (see `tuneup therapist list`).
    #[arg(long)]
    pub therapist: Option<i64>,
    /// What it cost.
    #[arg(long)]
    pub cost: Option<f64>,
    /// Insurance claim status: none, to_claim, claimed, paid, denied.
    #[arg(long, default_value = "none", value_parser = insurance)]
    pub insurance: InsuranceStatus,
    /// How you felt in the days after.
    #[arg(long)]
    pub felt: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

fn insurance(text: &str) -> Result<InsuranceStatus, String> {
    text.parse()
        .map_err(|e: tuneup_core::vocab::UnknownId| e.to_string())
}

pub fn run(context: &Context, command: MassageCommand) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    match command {
        MassageCommand::Add(args) => {
            if let Some(id) = args.therapist {
                anyhow::ensure!(
                    store.therapists()?.iter().any(|t| t.id == Id(id)),
                    "--therapist: no therapist with id {id} (see `tuneup therapist list`)"
                );
            }
            let session = MassageSession {
                date: args.date,
                therapist: args.therapist.map(Id),
                techniques: args.technique,
                areas: args.areas,
                pressure: args.pressure,
                purpose: args.purpose,
                cost: args.cost,
                insurance: args.insurance,
                felt_after: args.felt,
                note: args.note,
            };
            let id = store.add_massage(&session)?;
            println!(
                "logged massage {id} on {}: {} ({})",
                session.date,
                join(session.techniques.iter().map(|t| t.label())),
                session.purpose.label()
            );
        }
        MassageCommand::List(args) => {
            let sessions = in_year(store.massages()?, args.year);
            if args.output.json {
                return print_json(&sessions);
            }
            let names = TherapistNames::load(store.as_ref(), &sessions)?;
            let mut table = Table::new(&[
                "id",
                "date",
                "therapist",
                "techniques",
                "areas",
                "pressure",
                "purpose",
                "cost",
                "insurance",
                "felt after",
            ]);
            for s in &sessions {
                let m = &s.item;
                table.row(vec![
                    s.id.to_string(),
                    m.date.to_string(),
                    or_dash(names.name(m.therapist)),
                    join(m.techniques.iter().map(|t| t.id())),
                    join(m.areas.iter().map(|a| a.id())),
                    or_dash(m.pressure),
                    m.purpose.id().to_string(),
                    or_dash(m.cost.map(|c| format!("{c:.2}"))),
                    m.insurance.id().to_string(),
                    or_dash(m.felt_after.clone()),
                ]);
            }
            table.print_or("no sessions logged: use `tuneup massage add`");
        }
        MassageCommand::Stats(args) => {
            let sessions = in_year(store.massages()?, args.year);
            if args.csv {
                let names = TherapistNames::load(store.as_ref(), &sessions)?;
                let mut out = std::io::stdout().lock();
                write_claim_csv(&mut out, &sessions, &names)?;
                return Ok(());
            }
            let stats = MassageStats::of(sessions.iter().map(|s| &s.item));
            if args.output.json {
                return print_json(&stats);
            }
            print!("{}", stats_text(&stats, args.year));
        }
    }
    Ok(())
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(",")
}

fn in_year(
    sessions: Vec<Record<MassageSession>>,
    year: Option<i32>,
) -> Vec<Record<MassageSession>> {
    use chrono::Datelike;
    sessions
        .into_iter()
        .filter(|s| year.is_none_or(|y| s.item.date.year() == y))
        .collect()
}

/// Therapist names for a set of sessions, removed therapists included: the log stays
/// readable after a therapist leaves the list.
struct TherapistNames {
    by_id: BTreeMap<Id, (Therapist, Listing)>,
}

impl TherapistNames {
    fn load(store: &dyn Store, sessions: &[Record<MassageSession>]) -> anyhow::Result<Self> {
        let mut by_id = BTreeMap::new();
        for id in sessions.iter().filter_map(|s| s.item.therapist) {
            if let std::collections::btree_map::Entry::Vacant(entry) = by_id.entry(id)
                && let Some((record, listing)) = store.therapist(id)?
            {
                entry.insert((record.item, listing));
            }
        }
        Ok(TherapistNames { by_id })
    }

    fn therapist(&self, id: Option<Id>) -> Option<&Therapist> {
        id.and_then(|id| self.by_id.get(&id)).map(|(t, _)| t)
    }

    fn name(&self, id: Option<Id>) -> Option<String> {
        let (therapist, listing) = self.by_id.get(&id?)?;
        Some(match listing {
            Listing::Listed => therapist.name.clone(),
            Listing::Removed => format!("{} (removed)", therapist.name),
        })
    }
}

/// What a set of sessions adds up to. Costs without a number count as zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MassageStats {
    pub sessions: usize,
    pub spend: f64,
    /// Cost of sessions sent to insurance and not denied (claimed or paid).
    pub claimed: f64,
    /// Cost of sessions the insurer paid.
    pub paid: f64,
    /// Cost of sessions still to claim.
    pub to_claim: f64,
    pub denied: f64,
    /// Mean days between consecutive sessions; needs two sessions.
    pub average_interval_days: Option<f64>,
    /// Areas by how many sessions worked them, most first (ties in body order).
    pub areas: Vec<AreaCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaCount {
    pub area: BodyArea,
    pub sessions: usize,
}

impl MassageStats {
    pub fn of<'a>(sessions: impl Iterator<Item = &'a MassageSession>) -> Self {
        let mut stats = MassageStats {
            sessions: 0,
            spend: 0.0,
            claimed: 0.0,
            paid: 0.0,
            to_claim: 0.0,
            denied: 0.0,
            average_interval_days: None,
            areas: Vec::new(),
        };
        let mut dates = Vec::new();
        let mut areas: BTreeMap<BodyArea, usize> = BTreeMap::new();
        for session in sessions {
            stats.sessions += 1;
            dates.push(session.date);
            let cost = session.cost.unwrap_or(0.0);
            stats.spend += cost;
            match session.insurance {
                InsuranceStatus::None => {}
                InsuranceStatus::ToClaim => stats.to_claim += cost,
                InsuranceStatus::Claimed => stats.claimed += cost,
                InsuranceStatus::Paid => {
                    stats.claimed += cost;
                    stats.paid += cost;
                }
                InsuranceStatus::Denied => stats.denied += cost,
            }
            let mut seen = session.areas.clone();
            seen.sort();
            seen.dedup();
            for area in seen {
                *areas.entry(area).or_default() += 1;
            }
        }
        dates.sort();
        if let (Some(first), Some(last)) = (dates.first(), dates.last())
            && dates.len() >= 2
        {
            // The mean of consecutive gaps telescopes to the whole span over the gap count.
            stats.average_interval_days =
                Some((*last - *first).num_days() as f64 / (dates.len() - 1) as f64);
        }
        let mut areas: Vec<AreaCount> = areas
            .into_iter()
            .map(|(area, sessions)| AreaCount { area, sessions })
            .collect();
        areas.sort_by_key(|a| (std::cmp::Reverse(a.sessions), a.area));
        stats.areas = areas;
        stats
    }
}

fn stats_text(stats: &MassageStats, year: Option<i32>) -> String {
    let scope = year.map_or_else(|| "all years".to_string(), |y| y.to_string());
    if stats.sessions == 0 {
        return format!("no massage sessions logged ({scope}): use `tuneup massage add`\n");
    }
    let mut out = format!("Massage sessions, {scope}\n");
    let mut line = |label: &str, value: String| out.push_str(&format!("  {label:<18} {value}\n"));
    line("sessions", stats.sessions.to_string());
    line("spend", format!("{:.2}", stats.spend));
    line(
        "claimed",
        format!("{:.2} (of which paid {:.2})", stats.claimed, stats.paid),
    );
    if stats.to_claim > 0.0 {
        line("still to claim", format!("{:.2}", stats.to_claim));
    }
    if stats.denied > 0.0 {
        line("denied", format!("{:.2}", stats.denied));
    }
    line(
        "average interval",
        stats.average_interval_days.map_or_else(
            || "- (needs two sessions)".to_string(),
            |d| format!("{d:.1} days"),
        ),
    );
    let top: Vec<String> = stats
        .areas
        .iter()
        .take(5)
        .map(|a| format!("{} ({})", a.area.label(), a.sessions))
        .collect();
    if !top.is_empty() {
        line("areas worked most", top.join(", "));
    }
    out
}

/// One row per session, for an insurance or HSA claim.
fn write_claim_csv(
    out: &mut dyn std::io::Write,
    sessions: &[Record<MassageSession>],
    names: &TherapistNames,
) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "date",
        "therapist",
        "licence",
        "licence_region",
        "techniques",
        "areas",
        "purpose",
        "cost",
        "insurance_status",
        "note",
    ])?;
    for s in sessions {
        let m = &s.item;
        let therapist = names.therapist(m.therapist);
        writer.write_record([
            m.date.to_string(),
            therapist.map(|t| t.name.clone()).unwrap_or_default(),
            therapist
                .and_then(|t| t.licence.clone())
                .unwrap_or_default(),
            therapist
                .and_then(|t| t.licence_region.clone())
                .unwrap_or_default(),
            m.techniques
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join("; "),
            m.areas
                .iter()
                .map(|a| a.label())
                .collect::<Vec<_>>()
                .join("; "),
            m.purpose.label().to_string(),
            m.cost.map(|c| format!("{c:.2}")).unwrap_or_default(),
            m.insurance.id().to_string(),
            m.note.clone().unwrap_or_default(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn session(
        date: (i32, u32, u32),
        cost: Option<f64>,
        insurance: InsuranceStatus,
        areas: &[BodyArea],
    ) -> MassageSession {
        MassageSession {
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("valid date"),
            therapist: None,
            techniques: vec![Technique::Swedish],
            areas: areas.to_vec(),
            pressure: None,
            purpose: MassagePurpose::Maintenance,
            cost,
            insurance,
            felt_after: None,
            note: None,
        }
    }

    fn log() -> Vec<MassageSession> {
        use BodyArea::*;
        vec![
            session(
                (2026, 1, 10),
                Some(90.0),
                InsuranceStatus::Paid,
                &[Calves, Quads],
            ),
            session(
                (2026, 2, 7),
                Some(95.5),
                InsuranceStatus::Claimed,
                &[Calves, Calves],
            ),
            session(
                (2026, 3, 21),
                Some(100.0),
                InsuranceStatus::ToClaim,
                &[Hamstrings],
            ),
            session(
                (2026, 4, 4),
                None,
                InsuranceStatus::None,
                &[Calves, Hamstrings],
            ),
            session((2026, 5, 2), Some(80.25), InsuranceStatus::Denied, &[]),
        ]
    }

    #[test]
    fn sums_follow_the_claim_status() {
        let stats = MassageStats::of(log().iter());
        assert_eq!(stats.sessions, 5);
        assert_eq!(stats.spend, 90.0 + 95.5 + 100.0 + 80.25);
        assert_eq!(stats.claimed, 90.0 + 95.5);
        assert_eq!(stats.paid, 90.0);
        assert_eq!(stats.to_claim, 100.0);
        assert_eq!(stats.denied, 80.25);
    }

    #[test]
    fn the_average_interval_is_the_mean_gap_between_sessions() {
        // Gaps: 28, 42, 14, 28 days -> 112 / 4 = 28.
        let stats = MassageStats::of(log().iter());
        assert_eq!(stats.average_interval_days, Some(28.0));
        let one = MassageStats::of(log()[..1].iter());
        assert_eq!(one.average_interval_days, None);
        // Order of the log does not matter.
        let mut shuffled = log();
        shuffled.reverse();
        assert_eq!(
            MassageStats::of(shuffled.iter()),
            MassageStats::of(log().iter())
        );
    }

    #[test]
    fn areas_count_sessions_not_mentions() {
        let stats = MassageStats::of(log().iter());
        let areas: Vec<(BodyArea, usize)> =
            stats.areas.iter().map(|a| (a.area, a.sessions)).collect();
        assert_eq!(
            areas,
            vec![
                (BodyArea::Calves, 3),
                (BodyArea::Hamstrings, 2),
                (BodyArea::Quads, 1),
            ]
        );
    }

    #[test]
    fn the_claim_csv_has_one_row_per_session_and_quotes_commas() {
        let mut sessions: Vec<Record<MassageSession>> = log()
            .into_iter()
            .enumerate()
            .map(|(i, s)| Record::new(Id(i as i64 + 1), s))
            .collect();
        sessions[0].item.therapist = Some(Id(7));
        sessions[0].item.note = Some("receipt #12, paid by card".into());
        let names = TherapistNames {
            by_id: BTreeMap::from([(
                Id(7),
                (
                    Therapist {
                        name: "Lee, Jordan".into(),
                        licence: Some("MT-1".into()),
                        licence_region: Some("OR".into()),
                        ..Therapist::default()
                    },
                    Listing::Removed,
                ),
            )]),
        };
        let mut out = Vec::new();
        write_claim_csv(&mut out, &sessions, &names).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6);
        assert_eq!(
            lines[0],
            "date,therapist,licence,licence_region,techniques,areas,purpose,cost,insurance_status,note"
        );
        assert_eq!(
            lines[1],
            "2026-01-10,\"Lee, Jordan\",MT-1,OR,Swedish,calves; quadriceps,maintenance,90.00,paid,\"receipt #12, paid by card\""
        );
        assert_eq!(
            lines[4],
            "2026-04-04,,,,Swedish,calves; hamstrings,maintenance,,none,"
        );
    }
}

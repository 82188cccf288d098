//! The log of professional massage sessions, and what it adds up to (spend, insurance
//! claims, how often, which areas).

use crate::{AppError, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use tuneup_core::model::{InsuranceStatus, MassageSession, Therapist};
use tuneup_core::money::Money;
use tuneup_core::vocab::BodyArea;
use tuneup_core::{AthleteId, Id, Record};
use tuneup_store::{Listing, Page, Store};

/// Logs a session. A therapist it names must be on the runner's list.
pub fn add(store: &mut dyn Store, athlete: AthleteId, session: &MassageSession) -> Result<Id> {
    if let Some(id) = session.therapist {
        let listed = store
            .therapists(athlete, Page::ALL)?
            .iter()
            .any(|t| t.id == id);
        if !listed {
            return Err(AppError::NotFound {
                what: "therapist",
                id: id.0,
            });
        }
    }
    Ok(store.add_massage(athlete, session)?)
}

/// Changes a logged or booked session as `change` says; a therapist it names must be one
/// of the runner's. Returns it as now stored.
pub fn edit(
    store: &mut dyn Store,
    athlete: AthleteId,
    id: Id,
    change: impl FnOnce(&mut MassageSession),
) -> Result<MassageSession> {
    let mut session = crate::records::find(list(store, athlete, None)?, "massage session", id)?;
    change(&mut session);
    store.update_massage(athlete, id, &session)?;
    Ok(session)
}

/// Removes a session from the log.
pub fn remove(store: &mut dyn Store, athlete: AthleteId, id: Id) -> Result<()> {
    crate::records::removed(store.remove_massage(athlete, id)?, "massage session", id)
}

/// The sessions of one calendar year, or of all years, oldest first.
pub fn list(
    store: &dyn Store,
    athlete: AthleteId,
    year: Option<i32>,
) -> Result<Vec<Record<MassageSession>>> {
    use chrono::Datelike;
    Ok(store
        .massages(athlete, Page::ALL)?
        .into_iter()
        .filter(|s| year.is_none_or(|y| s.item.date.year() == y))
        .collect())
}

/// What the log adds up to: the sessions that happened (up to `today`), and the ones booked
/// for later listed apart, so a claim or a budget never counts a visit that has not happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsReport {
    #[serde(flatten)]
    pub stats: MassageStats,
    pub booked: Vec<Record<MassageSession>>,
}

/// The stats of one calendar year, or of all years, as of `today`.
pub fn stats(
    store: &dyn Store,
    athlete: AthleteId,
    year: Option<i32>,
    today: chrono::NaiveDate,
) -> Result<StatsReport> {
    let (happened, booked): (Vec<_>, Vec<_>) = list(store, athlete, year)?
        .into_iter()
        .partition(|s| s.item.date <= today);
    Ok(StatsReport {
        stats: MassageStats::of(happened.iter().map(|s| &s.item)),
        booked,
    })
}

/// The sessions that happened (up to `today`), for a claim.
pub fn happened(
    store: &dyn Store,
    athlete: AthleteId,
    year: Option<i32>,
    today: chrono::NaiveDate,
) -> Result<Vec<Record<MassageSession>>> {
    let mut sessions = list(store, athlete, year)?;
    sessions.retain(|s| s.item.date <= today);
    Ok(sessions)
}

/// Therapist names for a set of sessions, removed therapists included: the log stays
/// readable after a therapist leaves the list.
pub struct TherapistNames {
    by_id: BTreeMap<Id, (Therapist, Listing)>,
}

impl TherapistNames {
    pub fn load(
        store: &dyn Store,
        athlete: AthleteId,
        sessions: &[Record<MassageSession>],
    ) -> Result<Self> {
        let mut by_id = BTreeMap::new();
        for id in sessions.iter().filter_map(|s| s.item.therapist) {
            if let std::collections::btree_map::Entry::Vacant(entry) = by_id.entry(id)
                && let Some((record, listing)) = store.therapist(athlete, id)?
            {
                entry.insert((record.item, listing));
            }
        }
        Ok(TherapistNames { by_id })
    }

    pub fn therapist(&self, id: Option<Id>) -> Option<&Therapist> {
        id.and_then(|id| self.by_id.get(&id)).map(|(t, _)| t)
    }

    pub fn name(&self, id: Option<Id>) -> Option<String> {
        let (therapist, listing) = self.by_id.get(&id?)?;
        Some(match listing {
            Listing::Listed => therapist.name.clone(),
            Listing::Removed => format!("{} (removed)", therapist.name),
        })
    }
}

/// Sums of money, one per currency (sessions logged before and after a change of currency
/// stay apart), in code order; none when nothing cost anything.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Amounts(pub Vec<Money>);

impl Amounts {
    fn add(&mut self, money: Money) {
        match self.0.iter_mut().find(|m| m.currency == money.currency) {
            Some(sum) => sum.minor += money.minor,
            None => {
                self.0.push(money);
                self.0.sort_by_key(|m| m.currency);
            }
        }
    }
}

impl std::fmt::Display for Amounts {
    /// `340.00 EUR`, `340.00 EUR + 95.00 USD`, or `0` when empty.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("0");
        }
        let parts: Vec<String> = self.0.iter().map(Money::to_string).collect();
        f.write_str(&parts.join(" + "))
    }
}

/// What a set of sessions adds up to. Sessions without a cost add nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MassageStats {
    pub sessions: usize,
    pub spend: Amounts,
    /// Cost of sessions sent to insurance and not denied (claimed or paid).
    pub claimed: Amounts,
    /// Cost of sessions the insurer paid.
    pub paid: Amounts,
    /// Cost of sessions still to claim.
    pub to_claim: Amounts,
    pub denied: Amounts,
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
            spend: Amounts::default(),
            claimed: Amounts::default(),
            paid: Amounts::default(),
            to_claim: Amounts::default(),
            denied: Amounts::default(),
            average_interval_days: None,
            areas: Vec::new(),
        };
        let mut dates = Vec::new();
        let mut areas: BTreeMap<BodyArea, usize> = BTreeMap::new();
        for session in sessions {
            stats.sessions += 1;
            dates.push(session.date);
            if let Some(cost) = session.cost {
                stats.spend.add(cost);
                match session.insurance {
                    InsuranceStatus::None => {}
                    InsuranceStatus::ToClaim => stats.to_claim.add(cost),
                    InsuranceStatus::Claimed => stats.claimed.add(cost),
                    InsuranceStatus::Paid => {
                        stats.claimed.add(cost);
                        stats.paid.add(cost);
                    }
                    InsuranceStatus::Denied => stats.denied.add(cost),
                }
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

/// A cell a spreadsheet will not run as a formula: one that starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading apostrophe (OWASP's advice on CSV injection).
pub fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One row per session, for an insurance or HSA claim.
pub fn write_claim_csv(
    out: &mut dyn std::io::Write,
    sessions: &[Record<MassageSession>],
    names: &TherapistNames,
) -> Result<()> {
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
        "currency",
        "insurance_status",
        "note",
    ])?;
    for s in sessions {
        let m = &s.item;
        let therapist = names.therapist(m.therapist);
        writer.write_record(
            [
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
                m.cost.map(|c| c.decimal()).unwrap_or_default(),
                m.cost.map(|c| c.currency.to_string()).unwrap_or_default(),
                m.insurance.id().to_string(),
                m.note.clone().unwrap_or_default(),
            ]
            .map(|cell| spreadsheet_safe(&cell)),
        )?;
    }
    writer.flush().map_err(csv::Error::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, tuneup_core::money::Currency::DEFAULT)
    }
    use chrono::NaiveDate;
    use tuneup_core::vocab::{MassagePurpose, Technique};

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
            // Test amounts are whole cents.
            cost: cost.map(|c: f64| usd((c * 100.0).round() as i64)),
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
        assert_eq!(stats.spend, Amounts(vec![usd(9000 + 9550 + 10000 + 8025)]));
        assert_eq!(stats.spend.to_string(), "365.75 USD");
        assert_eq!(stats.claimed, Amounts(vec![usd(9000 + 9550)]));
        assert_eq!(stats.paid, Amounts(vec![usd(9000)]));
        assert_eq!(stats.to_claim, Amounts(vec![usd(10000)]));
        assert_eq!(stats.denied, Amounts(vec![usd(8025)]));
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
            "date,therapist,licence,licence_region,techniques,areas,purpose,cost,currency,insurance_status,note"
        );
        assert_eq!(
            lines[1],
            "2026-01-10,\"Lee, Jordan\",MT-1,OR,Swedish,calves; quadriceps,maintenance,90.00,USD,paid,\"receipt #12, paid by card\""
        );
        assert_eq!(
            lines[4],
            "2026-04-04,,,,Swedish,calves; hamstrings,maintenance,,,none,"
        );
    }

    #[test]
    fn a_session_may_only_name_a_listed_therapist() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        let mut logged = session((2026, 11, 1), Some(80.0), InsuranceStatus::None, &[]);
        logged.therapist = Some(Id(3));
        let error = add(store.as_mut(), me, &logged).unwrap_err();
        assert!(
            matches!(
                error,
                AppError::NotFound {
                    what: "therapist",
                    id: 3
                }
            ),
            "{error}"
        );
        assert!(list(store.as_ref(), me, None).unwrap().is_empty());
        logged.therapist = None;
        add(store.as_mut(), me, &logged).unwrap();
        assert_eq!(list(store.as_ref(), me, Some(2026)).unwrap().len(), 1);
        assert!(list(store.as_ref(), me, Some(2025)).unwrap().is_empty());
    }

    #[test]
    fn formulas_in_a_claim_are_written_as_text() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_safe("Lee, Jordan"), "Lee, Jordan");
        let mut session = session((2026, 1, 10), Some(90.0), InsuranceStatus::Paid, &[]);
        session.note = Some("=cmd|' /C calc'!A0".into());
        let sessions = vec![Record::new(Id(1), session)];
        let names = TherapistNames {
            by_id: BTreeMap::new(),
        };
        let mut out = Vec::new();
        write_claim_csv(&mut out, &sessions, &names).unwrap();
        let text = String::from_utf8(out).unwrap();
        let row = text.lines().nth(1).unwrap();
        assert!(row.ends_with(",'=cmd|' /C calc'!A0"), "{row:?}");
    }

    #[test]
    fn stats_count_what_happened_and_list_what_is_booked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        for (day, cost) in [(1, 80.0), (20, 90.0), (28, 95.0)] {
            let s = session((2026, 11, day), Some(cost), InsuranceStatus::None, &[]);
            add(store.as_mut(), me, &s).unwrap();
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let report = stats(store.as_ref(), me, None, today).unwrap();
        assert_eq!(report.stats.sessions, 2);
        assert_eq!(report.stats.spend, Amounts(vec![usd(17000)]));
        assert_eq!(report.booked.len(), 1);
        assert_eq!(report.booked[0].item.cost, Some(usd(9500)));
        assert_eq!(
            happened(store.as_ref(), me, Some(2026), today)
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn sums_keep_each_currency_apart() {
        let eur: tuneup_core::money::Currency = "EUR".parse().unwrap();
        let mut sum = Amounts::default();
        assert_eq!(sum.to_string(), "0");
        sum.add(Money::new(8550, eur));
        sum.add(Money::new(9500, tuneup_core::money::Currency::DEFAULT));
        sum.add(Money::new(1450, eur));
        assert_eq!(sum.to_string(), "100.00 EUR + 95.00 USD");
    }
}

//! The recovery plan for the coming days.

use crate::Result;
use crate::analysis::analyse;
use chrono::NaiveDate;
use tuneup_core::knowledge::knowledge;
use tuneup_core::model::still_open;
use tuneup_core::plan::{Plan, PlanInput, from_load, plan};
use tuneup_core::{AthleteId, limits};
use tuneup_store::{Page, Store};

/// How many days a plan covers unless the runner asks for another span.
pub const DEFAULT_DAYS: u32 = 14;

/// Plans `days` days from `from` with everything stored for `athlete`.
pub fn build(store: &dyn Store, athlete: AthleteId, from: NaiveDate, days: u32) -> Result<Plan> {
    let stored = analyse(store, athlete, from)?;
    let (profile, activities, races, analysis) = (
        stored.profile,
        stored.activities,
        stored.races,
        stored.analysis,
    );
    let big_runs = from_load::big_runs(
        &analysis,
        &activities,
        profile.big_run.spike_window_days,
        profile.units,
    );
    let acwr = from_load::acwr(&analysis);
    // Stored records dated beyond the limits (an older build let them in) are left out.
    let mut planned = store.planned(athlete, Page::ALL)?;
    planned.retain(|r| limits::date_in_range(r.item.date));
    // What still hurts: an entry a later 0/10 closed is over.
    let mut log = store.soreness(athlete, Page::ALL)?;
    log.retain(|r| limits::date_in_range(r.item.date));
    let soreness: Vec<_> = still_open(&log, |r| &r.item).into_iter().cloned().collect();
    let mut massages = store.massages(athlete, Page::ALL)?;
    massages.retain(|r| limits::date_in_range(r.item.date));
    let referrals = knowledge().referral_map();
    let input = PlanInput {
        from,
        days,
        cadence: profile.massage_cadence,
        units: profile.units,
        activities: &activities,
        big_runs: &big_runs,
        acwr: &acwr,
        planned: &planned,
        races: &races,
        soreness: &soreness,
        massages: &massages,
        referrals: &referrals,
    };
    Ok(plan(&input, &profile.plan_rules)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use tuneup_core::model::{InsuranceStatus, MassageSession};
    use tuneup_core::plan::ItemKind;
    use tuneup_core::vocab::MassagePurpose;

    const ME: AthleteId = AthleteId::LOCAL;

    /// The runner goes to the visit the plan puts on `today`, if there is one: it is logged
    /// with the visit's techniques and areas.
    fn go_to_todays_visit(store: &mut dyn Store, plan: &Plan, today: NaiveDate) -> bool {
        let Some(visit) = plan
            .items
            .iter()
            .find(|v| v.kind == ItemKind::Massage && v.date == today && v.booked.is_none())
        else {
            return false;
        };
        store
            .add_massage(
                ME,
                &MassageSession {
                    date: today,
                    therapist: None,
                    techniques: visit.parts.iter().map(|p| p.technique).collect(),
                    areas: visit.areas.clone(),
                    pressure: None,
                    purpose: MassagePurpose::Maintenance,
                    cost: None,
                    insurance: InsuranceStatus::None,
                    felt_after: None,
                    note: None,
                },
            )
            .unwrap();
        true
    }

    /// The whole twelve-week build played day by day on a real SQLite file: each run is
    /// stored the day after it, soreness on its day, and the runner goes to every visit on
    /// the day the plan puts it. The budget and the spacing hold over the whole build, and
    /// the visits that matter most still happen: the pre-race flush, the massage after the
    /// marathon, and maintenance visits.
    #[test]
    fn a_twelve_week_marathon_build_keeps_the_budget_and_the_visits_that_matter() {
        use tuneup_core::plan::RuleId;
        let start = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let mut sample = tuneup_core::sample::whole_build(start);
        let runs = std::mem::take(&mut sample.activities);
        let soreness = std::mem::take(&mut sample.soreness);
        crate::sample::store_sample(store.as_mut(), ME, &sample).unwrap();
        let rules = store.profile(ME).unwrap().plan_rules;
        let race_day = sample
            .races
            .iter()
            .map(|r| r.date)
            .max()
            .expect("the goal race");
        let mut logged: Vec<(NaiveDate, Vec<RuleId>)> = Vec::new();
        let mut today = start;
        while today <= race_day + Duration::days(4) {
            for run in runs
                .iter()
                .filter(|r| r.local_date() == today - Duration::days(1))
            {
                let digest = tuneup_import::stored_digest(run);
                store
                    .add_activities(
                        ME,
                        &[tuneup_store::NewActivity {
                            activity: run,
                            original: None,
                            digest: digest.as_ref(),
                        }],
                    )
                    .unwrap();
            }
            for entry in soreness.iter().filter(|e| e.date == today) {
                crate::records::add_soreness(store.as_mut(), ME, entry).unwrap();
            }
            let plan = build(store.as_ref(), ME, today, DEFAULT_DAYS).unwrap();
            if go_to_todays_visit(store.as_mut(), &plan, today) {
                let visit = plan
                    .items
                    .iter()
                    .find(|v| v.kind == ItemKind::Massage && v.date == today)
                    .unwrap();
                logged.push((today, visit.reasons.iter().map(|r| r.rule).collect()));
            }
            today += Duration::days(1);
        }
        let days: Vec<NaiveDate> = logged.iter().map(|(d, _)| *d).collect();
        for pair in days.windows(2) {
            assert!(
                (pair[1] - pair[0]).num_days() >= i64::from(rules.visit_min_days_between),
                "visits too close: {logged:?}"
            );
        }
        for first in &days {
            let within = days
                .iter()
                .filter(|d| **d >= *first && (**d - *first).num_days() < 28)
                .count();
            assert!(
                within <= rules.visits_per_28_days as usize,
                "over budget from {first}: {logged:?}"
            );
        }
        let went = |rule: RuleId, when: &dyn Fn(NaiveDate) -> bool| {
            logged
                .iter()
                .any(|(d, rules)| when(*d) && rules.contains(&rule))
        };
        assert!(
            went(RuleId::RaceTaper, &|d| d < race_day
                && d >= race_day - Duration::days(7)),
            "no pre-race flush: {logged:?}"
        );
        assert!(
            went(RuleId::PostRace, &|d| d > race_day),
            "no massage after the marathon: {logged:?}"
        );
        assert!(
            went(RuleId::ServiceInterval, &|_| true),
            "no maintenance visit: {logged:?}"
        );
    }

    /// A massage logged on the first day of a big run's 24–48 h window closes the window:
    /// the next day's plan asks for nothing more after that run, neither a visit nor
    /// self-massage in its place.
    #[test]
    fn a_logged_massage_closes_the_window_it_covers() {
        use tuneup_core::plan::RuleId;
        // The sample's peak long run was yesterday.
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let sample = tuneup_core::sample::marathon_build(today);
        crate::sample::store_sample(store.as_mut(), ME, &sample).unwrap();
        // Room in the budget beside the race's visits, so that the run gets its own visit.
        let mut profile = store.profile(ME).unwrap();
        profile.plan_rules.visits_per_28_days = 4;
        store.set_profile(ME, &profile).unwrap();
        let after_the_run = |plan: &Plan| {
            plan.items
                .iter()
                .filter(|i| {
                    i.rule == RuleId::PostBigRun
                        || i.reasons.iter().any(|r| r.rule == RuleId::PostBigRun)
                })
                .cloned()
                .collect::<Vec<_>>()
        };
        let plan = build(store.as_ref(), ME, today, DEFAULT_DAYS).unwrap();
        let asked = after_the_run(&plan);
        assert!(
            asked
                .iter()
                .any(|i| i.kind == ItemKind::Massage && i.date == today),
            "{asked:#?}"
        );
        assert!(go_to_todays_visit(store.as_mut(), &plan, today));
        let tomorrow = today + Duration::days(1);
        let plan = build(store.as_ref(), ME, tomorrow, DEFAULT_DAYS).unwrap();
        assert!(
            after_the_run(&plan).is_empty(),
            "{:#?}",
            after_the_run(&plan)
        );
        assert!(
            !plan.items.iter().any(|i| i.reason.contains("not booked")),
            "{:#?}",
            plan.items
        );
    }

    /// The sample athlete's month, played day by day as "today" moves through a real SQLite
    /// file; the runner goes to each visit on the day the plan puts it first.
    #[test]
    fn a_month_day_by_day_keeps_the_plan_consistent() {
        let start = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let sample = tuneup_core::sample::marathon_build(start);
        crate::sample::store_sample(store.as_mut(), ME, &sample).unwrap();
        let rules = store.profile(ME).unwrap().plan_rules;
        let hard_kinds = rules.hard_kinds.clone();
        for offset in 0..30 {
            let today = start + Duration::days(offset);
            let plan = build(store.as_ref(), ME, today, DEFAULT_DAYS).unwrap();
            let planned = store.planned(ME, Page::ALL).unwrap();
            let massages = store.massages(ME, Page::ALL).unwrap();
            let hard_on = |d: NaiveDate| {
                planned
                    .iter()
                    .any(|p| p.item.date == d && hard_kinds.contains(&p.item.kind))
            };
            let visits: Vec<_> = plan
                .items
                .iter()
                .filter(|i| i.kind == ItemKind::Massage)
                .collect();
            // Deep work on an area: logged or booked sessions, and deep parts of visits.
            let mut deep: Vec<(NaiveDate, tuneup_core::vocab::BodyArea)> = massages
                .iter()
                .filter(|m| m.item.is_deep())
                .flat_map(|m| m.item.areas.iter().map(move |a| (m.item.date, *a)))
                .collect();
            for visit in &visits {
                for part in visit.parts.iter().filter(|p| p.technique.is_deep()) {
                    deep.extend(part.areas.iter().map(|a| (visit.date, *a)));
                }
            }
            for item in &plan.items {
                let span: Vec<NaiveDate> = item
                    .date
                    .iter_days()
                    .take_while(|d| *d <= item.last_day())
                    .collect();
                if item.kind == ItemKind::SelfMassage {
                    for (day, area) in &deep {
                        assert!(
                            !(item.areas.contains(area)
                                && span
                                    .iter()
                                    .any(|d| *d == *day || *d == *day + Duration::days(1))),
                            "{today}: self-massage on the {area} within 24 h of deep work: {item:?}"
                        );
                    }
                    if item.reason.contains("no slot") {
                        let first = item.date - Duration::days(1);
                        let last = item.last_day() + Duration::days(1);
                        assert!(
                            !visits
                                .iter()
                                .any(|v| v.date <= last && first <= v.last_day()),
                            "{today}: 'no slot' beside a visit: {item:?}"
                        );
                    }
                }
                if item.kind == ItemKind::Massage && item.booked.is_none() {
                    for day in &span {
                        assert!(!hard_on(*day), "{today}: a visit on a hard day: {item:?}");
                    }
                }
                if item.kind == ItemKind::Caution {
                    for b in item
                        .because
                        .iter()
                        .filter(|b| b.kind == tuneup_core::plan::BecauseKind::Planned)
                    {
                        assert!(
                            b.date >= today,
                            "{today}: a caution about a session already done: {item:?}"
                        );
                    }
                }
            }
            // No visit closer than the spacing allows, logged ones included.
            let mut days: Vec<(NaiveDate, NaiveDate)> = massages
                .iter()
                .filter(|m| m.item.date < today)
                .map(|m| (m.item.date, m.item.date))
                .collect();
            days.extend(visits.iter().map(|v| (v.date, v.last_day())));
            days.sort();
            for pair in days.windows(2) {
                assert!(
                    (pair[1].0 - pair[0].1).num_days() >= i64::from(rules.visit_min_days_between),
                    "{today}: visits too close: {days:?}"
                );
            }
            for (first, _) in &days {
                let within = days
                    .iter()
                    .filter(|(d, _)| *d >= *first && (*d - *first).num_days() < 28)
                    .count();
                assert!(
                    within <= rules.visits_per_28_days as usize,
                    "{today}: over budget: {days:?}"
                );
            }
            // The runner goes to a visit the plan puts on today.
            if let Some(visit) = visits
                .iter()
                .find(|v| v.date == today && v.booked.is_none())
            {
                store
                    .add_massage(
                        ME,
                        &MassageSession {
                            date: today,
                            therapist: None,
                            techniques: visit.parts.iter().map(|p| p.technique).collect(),
                            areas: visit.areas.clone(),
                            pressure: None,
                            purpose: MassagePurpose::Maintenance,
                            cost: None,
                            insurance: InsuranceStatus::None,
                            felt_after: None,
                            note: None,
                        },
                    )
                    .unwrap();
            }
        }
    }
}

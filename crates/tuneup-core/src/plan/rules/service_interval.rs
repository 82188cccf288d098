//! `service_interval`: a professional massage every N weeks or M km of running, whichever
//! comes first, like a car's service book. A logged massage resets the count.

use crate::id::Id;
use crate::plan::context::{Ctx, Out, days};
use crate::plan::format;
use crate::plan::{
    Because, BecauseKind, Conflict, ItemKind, PlanItem, RuleId, ServiceState, ServiceStatus,
};
use crate::units::Meters;
use crate::vocab::Technique;
use chrono::{Duration, NaiveDate};

/// Where the next maintenance visit is, as far as this plan can tell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Visit {
    /// The visit's day when it falls inside the plan.
    pub date: Option<NaiveDate>,
    /// Set when the runner already booked it.
    pub booked: Option<Id>,
    /// The booked visit's day, inside the plan or beyond it.
    pub booked_on: Option<NaiveDate>,
    /// When the service is due.
    pub due: NaiveDate,
}

/// The service interval as of `from`.
pub(crate) fn status(ctx: &Ctx<'_>) -> ServiceStatus {
    let from = ctx.from();
    let cadence = ctx.input.cadence;
    let last = ctx
        .input
        .massages
        .iter()
        .map(|m| m.item.date)
        .filter(|d| *d <= from)
        .max();
    // With no massage logged yet, count the running of one interval back: enough to say
    // how much the legs have done without charging a whole history to the first visit.
    let interval = Duration::weeks(i64::from(cadence.weeks));
    let counted_after = last.unwrap_or(from - interval);
    let mut runs: Vec<(NaiveDate, f64)> = ctx
        .input
        .activities
        .iter()
        .filter(|a| a.item.sport.is_running())
        .map(|a| (a.item.local_date(), a.item.distance.km()))
        .filter(|(d, _)| *d > counted_after && *d <= from)
        .collect();
    runs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let km_since: f64 = runs.iter().map(|r| r.1).sum();
    let limit_km = cadence.distance.km();

    let Some(last) = last else {
        if !ctx
            .input
            .activities
            .iter()
            .any(|a| a.item.sport.is_running())
        {
            // A new user: nothing to plan massage from yet.
            return ServiceStatus {
                last: None,
                days_since: None,
                km_since: 0.0,
                next_due: from,
                status: ServiceState::Ok,
                reason: "No runs yet → import your training files (tuneup import) or add a run (tuneup activity add); tuneup plans massage from your running, and log any massage you have had (tuneup massage add)".to_string(),
            };
        }
        return ServiceStatus {
            last: None,
            days_since: None,
            km_since: round1(km_since),
            next_due: from,
            status: ServiceState::Due,
            reason: format!(
                "No massage logged yet ({} of running in the last {}) → book a first maintenance massage",
                format::distance(Meters::from_km(km_since), ctx.input.units),
                weeks(cadence.weeks)
            ),
        };
    };

    let time_due = last + interval;
    let km_due = km_due_date(ctx, &runs, km_since, limit_km);
    let next_due = km_due.map_or(time_due, |k| k.min(time_due));
    let days_since = (from - last).num_days();
    let status = if next_due < from {
        ServiceState::Overdue
    } else if next_due <= from + Duration::days(i64::from(ctx.rules.service_due_soon_days)) {
        ServiceState::Due
    } else {
        ServiceState::Ok
    };
    let which = if km_due.is_some_and(|k| k < time_due) {
        format!(
            "the {} mark",
            format::distance(cadence.distance, ctx.input.units)
        )
    } else {
        format!("{} after the last one", weeks(cadence.weeks))
    };
    let verdict = match status {
        ServiceState::Overdue => format!(
            "overdue by {}",
            format::days_count((from - next_due).num_days())
        ),
        ServiceState::Due if next_due <= from => "due today".to_string(),
        ServiceState::Due => format!(
            "due in {}",
            format::days_count((next_due - from).num_days())
        ),
        ServiceState::Ok => "ok".to_string(),
    };
    ServiceStatus {
        last: Some(last),
        days_since: Some(days_since),
        km_since: round1(km_since),
        next_due,
        status,
        reason: format!(
            "Last massage {} ago ({}), {} run since; every {} or {} → next due {} ({which}): {verdict}",
            format::days_count(days_since),
            format::day_date(last),
            format::distance(Meters::from_km(km_since), ctx.input.units),
            weeks(cadence.weeks),
            format::distance(cadence.distance, ctx.input.units),
            format::day_date(next_due),
        ),
    }
}

/// The day the km limit was (or, at the recent rate, will be) reached.
fn km_due_date(
    ctx: &Ctx<'_>,
    runs: &[(NaiveDate, f64)],
    km_since: f64,
    limit_km: f64,
) -> Option<NaiveDate> {
    if km_since >= limit_km {
        let mut total = 0.0;
        return runs.iter().find_map(|(date, km)| {
            total += km;
            (total >= limit_km).then_some(*date)
        });
    }
    let from = ctx.from();
    let lookback = i64::from(ctx.rules.km_rate_lookback_days);
    let recent_km: f64 = ctx
        .input
        .activities
        .iter()
        .filter(|a| a.item.sport.is_running())
        .filter(|a| {
            let d = a.item.local_date();
            d > from - Duration::days(lookback) && d <= from
        })
        .map(|a| a.item.distance.km())
        .sum();
    let per_day = recent_km / lookback as f64;
    if per_day <= 0.0 {
        return None;
    }
    let days_left = ((limit_km - km_since) / per_day).ceil() as i64;
    Some(from + Duration::days(days_left.min(3650)))
}

/// Places the next maintenance visit: a booked one if there is (a massage on `from` itself
/// already counts as the last one), else the first day from the due date on which a
/// massage may go.
pub(crate) fn schedule(ctx: &Ctx<'_>, service: &mut ServiceStatus, out: &mut Out) -> Visit {
    let from = ctx.from();
    let booked = ctx
        .input
        .massages
        .iter()
        .filter(|m| m.item.date > from)
        .min_by_key(|m| (m.item.date, m.id));
    if let Some(booked) = booked {
        service.reason.push_str(&format!(
            "; your next massage is booked for {}",
            format::day_date(booked.item.date)
        ));
        return Visit {
            date: ctx.in_horizon(booked.item.date).then_some(booked.item.date),
            booked: Some(booked.id),
            booked_on: Some(booked.item.date),
            due: service.next_due,
        };
    }
    if service.last.is_none()
        && !ctx
            .input
            .activities
            .iter()
            .any(|a| a.item.sport.is_running())
    {
        return Visit {
            date: None,
            booked: None,
            booked_on: None,
            due: service.next_due,
        };
    }
    let target = service.next_due.max(from);
    if target > ctx.end {
        return Visit {
            date: None,
            booked: None,
            booked_on: None,
            due: service.next_due,
        };
    }
    let slots = ctx.slots(days(target, ctx.end), Technique::Swedish);
    let Some(date) = slots.allowed.first().copied() else {
        out.conflict(Conflict {
            rule: RuleId::ServiceInterval,
            date: target,
            reason: format!(
                "the maintenance massage is due but no day up to {} is free for one: {}",
                format::day_date(ctx.end),
                slots.blocked_text()
            ),
            with: slots.blocked.first().map(|(_, b)| b.rule),
        });
        return Visit {
            date: None,
            booked: None,
            booked_on: None,
            due: service.next_due,
        };
    };
    let mut reason = format!("{} → book a maintenance massage", service.reason);
    if date > target {
        reason.push_str(&format!(
            " on {} ({})",
            format::day_date(date),
            slots
                .blocked
                .iter()
                .filter(|(d, _)| *d < date)
                .map(|(d, b)| format!("{} is out: {}", format::day(*d), b.reason))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    } else {
        reason.push_str(&format!(" on {}", format::day_date(date)));
    }
    let because = service
        .last
        .and_then(|last| {
            ctx.input
                .massages
                .iter()
                .filter(|m| m.item.date == last)
                .min_by_key(|m| m.id)
        })
        .map(|m| vec![Because::new(BecauseKind::Massage, m.id, m.item.date)])
        .unwrap_or_default();
    out.item(PlanItem {
        date,
        until: None,
        kind: ItemKind::Massage,
        technique: Some(Technique::Swedish),
        areas: ctx.rules.leg_areas.clone(),
        muscles: Vec::new(),
        rule: RuleId::ServiceInterval,
        reason,
        because,
        ..Default::default()
    });
    Visit {
        date: Some(date),
        booked: None,
        booked_on: None,
        due: service.next_due,
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn weeks(n: u32) -> String {
    if n == 1 {
        "1 week".to_string()
    } else {
        format!("{n} weeks")
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, items_of, nov};
    use crate::plan::{RuleId, ServiceState};
    use crate::vocab::{MassagePurpose, SessionKind, Technique};

    #[test]
    fn fresh_massage_is_ok_and_due_three_weeks_later() {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(18), Technique::Swedish, MassagePurpose::Maintenance);
        f.run(10, nov(22), 10.0, SessionKind::Easy);
        f.run(11, nov(25), 12.5, SessionKind::Easy);
        let plan = f.plan();
        assert_eq!(plan.service.last, Some(nov(18)));
        assert_eq!(plan.service.days_since, Some(9));
        assert_eq!(plan.service.km_since, 22.5);
        assert_eq!(plan.service.next_due, nov(39));
        assert_eq!(plan.service.status, ServiceState::Ok);
        // Due on Wed 9 Dec, inside the 14-day horizon: a visit is proposed that day.
        let visits = items_of(&plan, RuleId::ServiceInterval);
        assert_eq!(visits.len(), 1);
        assert_eq!(visits[0].date, nov(39));
        // Two days later it is due after the horizon: no visit yet.
        f.massages[0].item.date = nov(20);
        assert!(items_of(&f.plan(), RuleId::ServiceInterval).is_empty());
    }

    #[test]
    fn km_limit_reached_first_makes_it_overdue_from_that_run() {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(16), Technique::Swedish, MassagePurpose::Maintenance);
        for (i, day) in (17..=26).enumerate() {
            f.run(10 + i as i64, nov(day), 26.0, SessionKind::Easy);
        }
        let plan = f.plan();
        // 26 km a day: the 250 km mark is passed with the 10th run, on the 26th.
        assert_eq!(plan.service.km_since, 260.0);
        assert_eq!(plan.service.next_due, nov(26));
        assert_eq!(plan.service.status, ServiceState::Overdue);
        assert!(
            plan.service.reason.contains("250 km mark"),
            "{}",
            plan.service.reason
        );
        let visits = items_of(&plan, RuleId::ServiceInterval);
        assert_eq!(visits[0].date, nov(27));
    }

    #[test]
    fn a_logged_massage_resets_the_interval() {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(1), Technique::Swedish, MassagePurpose::Maintenance);
        f.run(10, nov(10), 15.0, SessionKind::Easy);
        assert_eq!(f.plan().service.status, ServiceState::Overdue);
        f.massage(2, nov(26), Technique::Swedish, MassagePurpose::Recovery);
        let plan = f.plan();
        assert_eq!(plan.service.last, Some(nov(26)));
        assert_eq!(plan.service.km_since, 0.0);
        assert_eq!(plan.service.status, ServiceState::Ok);
    }

    #[test]
    fn due_within_three_days_and_no_history_is_due_today() {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(9), Technique::Swedish, MassagePurpose::Maintenance);
        let plan = f.plan();
        assert_eq!(plan.service.status, ServiceState::Due);
        // Due in three days says so, not "due now".
        assert!(
            plan.service
                .reason
                .ends_with("next due Mon 30 Nov (3 weeks after the last one): due in 3 days"),
            "{}",
            plan.service.reason
        );
        let mut first = Fixture::new(nov(27));
        first.run(10, nov(25), 10.0, SessionKind::Easy);
        let first = first.plan();
        assert_eq!(first.service.last, None);
        assert_eq!(first.service.days_since, None);
        assert_eq!(first.service.next_due, nov(27));
        assert_eq!(first.service.status, ServiceState::Due);
        // A new user with no runs is told how to start, not to book.
        let empty = Fixture::new(nov(27)).plan();
        assert!(
            empty.service.reason.starts_with("No runs yet → import"),
            "{}",
            empty.service.reason
        );
        assert!(
            empty
                .items
                .iter()
                .all(|i| i.kind != crate::plan::ItemKind::Massage)
        );
    }

    #[test]
    fn a_booked_visit_replaces_the_proposal() {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(1), Technique::Swedish, MassagePurpose::Maintenance);
        f.massage(2, nov(30), Technique::Swedish, MassagePurpose::Maintenance);
        let plan = f.plan();
        assert_eq!(plan.service.status, ServiceState::Overdue);
        // The booked massage is the visit; no other is proposed.
        let visits = items_of(&plan, RuleId::ServiceInterval);
        assert_eq!(visits.len(), 1);
        assert_eq!(visits[0].booked.as_deref(), Some("2"));
        assert!(
            plan.service
                .reason
                .ends_with("; your next massage is booked for Mon 30 Nov"),
            "{}",
            plan.service.reason
        );
    }

    #[test]
    fn the_visit_skips_a_hard_day() {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(1), Technique::Swedish, MassagePurpose::Maintenance);
        f.planned(5, nov(27), SessionKind::Hard, "track 6x800");
        let plan = f.plan();
        let visit = &items_of(&plan, RuleId::ServiceInterval)[0];
        assert_eq!(visit.date, nov(28));
        assert!(visit.reason.contains("Fri is out"), "{}", visit.reason);
    }
}

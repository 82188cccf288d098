//! The recovery plan as an iCalendar file (RFC 5545) for Google, Apple and Outlook
//! calendars: one all-day event per item (windows span their days, `DTEND` exclusive), one
//! event per visit however many rules asked for it, the reason in the description.
//!
//! UIDs are the items' stable ids (a hash of the rule and the record that triggered the item),
//! so re-importing a newer plan updates events instead of duplicating them, even when a visit
//! moved or its window narrowed. The previous plan's events come from the file being
//! overwritten ([`render_replacing`] reads it back; nothing is kept in the database): a visit
//! that absorbed an earlier-published one keeps that earlier UID, and every event that dropped
//! out of the newer plan (and is not over yet) is published again with `STATUS:CANCELLED`.

use crate::plan_text::headline;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{
    Calendar, CalendarComponent, Component, DatePerhapsTime, Event, EventLike, EventStatus,
    Property,
};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::str::FromStr;
use tuneup_core::plan::{Conflict, Plan, PlanItem};

/// How a visit's summary begins (see [`headline`]).
const VISIT_SUMMARY: &str = "Massage visit";

/// The product id written into every file.
pub const PRODID: &str = "-//tuneup//recovery plan//EN";

/// Renders `plan` as an iCalendar document. `dtstamp` is when the file is made (a
/// parameter, so the output is reproducible).
pub fn render(plan: &Plan, dtstamp: DateTime<Utc>) -> String {
    render_replacing(plan, dtstamp, None)
}

/// Renders `plan` to replace `previous`, the calendar published before (the file about to be
/// overwritten): visits keep the UID they were published under, and what dropped out is
/// cancelled. A `previous` that does not parse is treated as no previous plan.
pub fn render_replacing(plan: &Plan, dtstamp: DateTime<Utc>, previous: Option<&str>) -> String {
    let before = previous.map(published).unwrap_or_default();
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", PRODID),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", "tuneup recovery plan"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    // Every UID the newer plan holds of its own, so continuing an older one never takes it.
    let own: BTreeSet<String> = plan.items.iter().map(item_uid).collect();
    for item in &plan.items {
        let uid = continued_uid(item, &before, &own, &used);
        used.insert(uid.clone());
        calendar.push(item_event(item, &uid, dtstamp));
    }
    for conflict in &plan.conflicts {
        let mut uid = conflict_uid(conflict);
        let mut n = 1;
        while used.contains(&uid) {
            n += 1;
            uid = format!("{}-{n}", conflict_uid(conflict));
        }
        used.insert(uid.clone());
        calendar.push(conflict_event(conflict, &uid, dtstamp));
    }
    for event in before {
        // Over before the plan starts: it happened (or not); nothing to cancel.
        if used.contains(&event.uid) || event.end <= plan.from {
            continue;
        }
        calendar.push(cancelled_event(&event, dtstamp));
    }
    calendar.to_string()
}

/// The UID of an item published on its own: `<id>@tuneup`.
pub fn item_uid(item: &PlanItem) -> String {
    format!("{}@tuneup", item.id)
}

/// A visit keeps the UID it was published under before: one of its reasons' (the survivor
/// of a merge keeps the earlier UID), else that of the previous visit on its first day (one
/// visit a day: the same appointment, whose reasons changed). Anything else has its own.
fn continued_uid(
    item: &PlanItem,
    before: &[Published],
    own: &BTreeSet<String>,
    used: &BTreeSet<String>,
) -> String {
    let uid = item_uid(item);
    let free = |candidate: &str| !used.contains(candidate) && !own.contains(candidate);
    if item.reasons.is_empty() || before.iter().any(|e| e.uid == uid) {
        return uid;
    }
    let by_reason = item
        .reasons
        .iter()
        .map(|r| format!("{}@tuneup", r.id))
        .find(|candidate| free(candidate) && before.iter().any(|e| e.uid == *candidate));
    let by_day = || {
        before
            .iter()
            .find(|e| {
                !e.cancelled
                    && e.start == item.date
                    && e.summary.starts_with(VISIT_SUMMARY)
                    && free(&e.uid)
            })
            .map(|e| e.uid.clone())
    };
    by_reason.or_else(by_day).unwrap_or(uid)
}

/// An event of the previous file, as far as cancelling it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub uid: String,
    pub start: NaiveDate,
    /// Exclusive, as in `DTEND`.
    pub end: NaiveDate,
    pub summary: String,
    pub sequence: u32,
    pub cancelled: bool,
}

/// The events of a previously written plan file.
pub fn published(text: &str) -> Vec<Published> {
    let Ok(calendar) = Calendar::from_str(text) else {
        return Vec::new();
    };
    let date = |d: Option<DatePerhapsTime>| d.map(|d| d.date_naive());
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .filter_map(|e| {
            let start = date(e.get_start())?;
            Some(Published {
                uid: e.get_uid()?.to_string(),
                start,
                end: date(e.get_end()).unwrap_or(start + Duration::days(1)),
                summary: e.get_summary().unwrap_or_default().to_string(),
                sequence: e.get_sequence().unwrap_or(0),
                cancelled: e.get_status() == Some(EventStatus::Cancelled),
            })
        })
        .collect()
}

fn uid(key: &str) -> String {
    let digest = hex::encode(Sha256::digest(key.as_bytes()));
    format!("{}@tuneup", &digest[..32])
}

fn conflict_uid(conflict: &Conflict) -> String {
    uid(&format!("conflict|{}|{}", conflict.rule, conflict.date))
}

use tuneup_core::limits::{printable, printable_lines};

fn all_day(event: &mut Event, first: NaiveDate, last: NaiveDate) {
    // DTEND of an all-day event is the day after the last one (RFC 5545 3.6.1).
    event.starts(first).ends(last + Duration::days(1));
}

fn item_event(item: &PlanItem, uid: &str, dtstamp: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    let description = if item.reasons.is_empty() {
        format!("{}\n\nRule: {}", item.reason, item.rule)
    } else {
        let parts: Vec<String> = item
            .parts
            .iter()
            .map(|p| {
                let areas: Vec<&str> = p.areas.iter().map(|a| a.label()).collect();
                format!("- {}: {}", p.technique.label(), areas.join(", "))
            })
            .collect();
        let reasons: Vec<String> = item
            .reasons
            .iter()
            .map(|r| format!("{} (rule: {})", r.reason, r.rule))
            .collect();
        format!(
            "{}\n\nAsk for:\n{}\n\nWhy:\n{}",
            item.reason,
            parts.join("\n"),
            reasons.join("\n")
        )
    };
    event
        .uid(uid)
        .timestamp(dtstamp)
        .summary(&printable(&headline(item)))
        .description(&printable_lines(&description))
        .add_property("CATEGORIES", item.rule.id())
        // A plan item does not make the runner busy.
        .add_property("TRANSP", "TRANSPARENT");
    all_day(&mut event, item.date, item.last_day());
    event.done()
}

fn conflict_event(conflict: &Conflict, uid: &str, dtstamp: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    event
        .uid(uid)
        .timestamp(dtstamp)
        .summary(&format!("Plan conflict ({})", conflict.rule))
        .description(&printable_lines(&conflict.reason))
        .add_property("CATEGORIES", "conflict")
        .add_property("TRANSP", "TRANSPARENT");
    all_day(&mut event, conflict.date, conflict.date);
    event.done()
}

/// An event of the previous plan that the newer one no longer holds.
fn cancelled_event(before: &Published, dtstamp: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    event
        .uid(&before.uid)
        .timestamp(dtstamp)
        .summary(&before.summary)
        .status(EventStatus::Cancelled)
        .sequence(before.sequence + u32::from(!before.cancelled))
        .description("No longer in the plan: a newer plan replaced this item.")
        .add_property("TRANSP", "TRANSPARENT");
    event.starts(before.start).ends(before.end);
    event.done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::golden::check;
    use crate::sample::{Sample, plan_fortnight, sample_day};
    use chrono::TimeZone;
    use icalendar::{CalendarComponent, DatePerhapsTime};
    use std::str::FromStr;

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 7, 0, 0).unwrap()
    }

    #[test]
    fn the_sample_fortnight_matches_the_golden_file() {
        check(&render(&plan_fortnight(), stamp()), "plan_fortnight.ics");
    }

    #[test]
    fn no_raw_carriage_return_or_escape_reaches_the_file() {
        let mut plan = plan_fortnight();
        plan.items[0].reason = "after 'Long\r\nrun\u{1b}[2J' yesterday".to_string();
        let text = render(&plan, stamp());
        let without_crlf = text.replace("\r\n", "");
        assert!(!without_crlf.contains('\r'), "a lone CR in the .ics");
        assert!(!text.contains('\u{1b}'), "an escape in the .ics");
    }

    #[test]
    fn a_real_parser_reads_back_every_item_as_an_all_day_event() {
        let plan = plan_fortnight();
        let text = render(&plan, stamp());
        assert!(text.lines().all(|l| l.len() <= 75), "lines are folded");
        assert!(text.contains("\r\n"), "lines end in CRLF");
        let parsed = Calendar::from_str(&text).expect("parses as iCalendar");
        assert_eq!(parsed.property_value("PRODID"), Some(PRODID));
        assert_eq!(parsed.property_value("VERSION"), Some("2.0"));
        let events: Vec<&Event> = parsed
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        assert_eq!(events.len(), plan.items.len() + plan.conflicts.len());
        for (event, item) in events.iter().zip(&plan.items) {
            assert_eq!(event.get_uid(), Some(item_uid(item).as_str()));
            assert_eq!(event.get_start(), Some(DatePerhapsTime::Date(item.date)));
            let last = item.until.unwrap_or(item.date);
            assert_eq!(
                event.get_end(),
                Some(DatePerhapsTime::Date(last + Duration::days(1))),
                "DTEND is exclusive"
            );
            assert_eq!(event.get_timestamp(), Some(stamp()));
            let description = event.get_description().expect("description");
            assert!(description.starts_with(&item.reason), "{description}");
        }
        // The window of the post-run massage spans exactly its days.
        let post = plan
            .items
            .iter()
            .find(|i| i.rule.id() == "post_big_run")
            .unwrap();
        assert!(text.contains(&format!(
            "DTSTART;VALUE=DATE:{}",
            post.date.format("%Y%m%d")
        )));
    }

    #[test]
    fn uids_are_unique_and_survive_a_re_export() {
        let plan = plan_fortnight();
        let mut uids: Vec<String> = plan.items.iter().map(item_uid).collect();
        let again: Vec<String> = plan_fortnight().items.iter().map(item_uid).collect();
        assert_eq!(uids, again);
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), plan.items.len());
        // Re-exporting later changes DTSTAMP only.
        let later = render(&plan, stamp() + Duration::hours(5));
        let first = render(&plan, stamp());
        let strip = |t: &str| {
            t.lines()
                .filter(|l| !l.starts_with("DTSTAMP"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(strip(&first), strip(&later));
    }

    /// The events of a rendered calendar, read back by the parser: (UID, start, cancelled).
    fn read(text: &str) -> Vec<(String, NaiveDate, bool)> {
        let parsed = Calendar::from_str(text).expect("parses as iCalendar");
        parsed
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some((
                    e.get_uid().unwrap().to_string(),
                    e.get_start().unwrap().date_naive(),
                    e.get_status() == Some(EventStatus::Cancelled),
                )),
                _ => None,
            })
            .collect()
    }

    fn uid_on(events: &[(String, NaiveDate, bool)], date: NaiveDate) -> String {
        events
            .iter()
            .find(|e| e.1 == date && !e.2)
            .unwrap_or_else(|| panic!("an event on {date}: {events:?}"))
            .0
            .clone()
    }

    #[test]
    fn one_event_per_visit_whatever_the_rules_that_asked() {
        let plan = plan_fortnight();
        let events = read(&render(&plan, stamp()));
        // The booked visit on Tue 1 Dec holds three rule hits: one event.
        let on_tuesday: Vec<_> = events.iter().filter(|e| e.1 == sample_day(31)).collect();
        assert_eq!(on_tuesday.len(), 1, "{on_tuesday:?}");
        let mut uids: Vec<&String> = events.iter().map(|e| &e.0).collect();
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), events.len());
    }

    #[test]
    fn a_visit_keeps_its_uid_when_the_window_narrows_and_a_replan_cancels_what_dropped_out() {
        // Room in the budget for the flush beside the booked visit and the massage after
        // the race.
        let fortnight = || {
            let mut sample = Sample::fortnight();
            sample.rules.visits_per_28_days = 3;
            sample
        };
        let sample = fortnight();
        let first = render(&sample.plan(sample_day(28), 14), stamp());
        let flush = uid_on(&read(&first), sample_day(36));
        // A hard session on Wed 9 Dec narrows the flush window to Sun, Mon and Tue.
        let mut narrowed = fortnight();
        narrowed.add_hard(23, 39, "hill repeats");
        let events = read(&render_replacing(
            &narrowed.plan(sample_day(28), 14),
            stamp(),
            Some(&first),
        ));
        assert_eq!(
            uid_on(&events, sample_day(36)),
            flush,
            "same UID, narrower window"
        );
        assert!(!events.iter().any(|e| e.0 == flush && e.2));
        // The runner cancels the booked rehab massage.
        let mut changed = fortnight();
        changed.massages.truncate(1);
        let plan = changed.plan(sample_day(28), 14);
        let second = render_replacing(&plan, stamp(), Some(&first));
        let events = read(&second);
        // The booked visit and its rest day dropped out: published as cancelled, once each.
        let booked = uid_on(&read(&first), sample_day(31));
        let cancelled: Vec<&String> = events.iter().filter(|e| e.2).map(|e| &e.0).collect();
        assert!(cancelled.contains(&&booked), "{second}");
        let rest = uid_on(&read(&first), sample_day(32));
        assert!(cancelled.contains(&&rest));
        let mut all: Vec<&String> = events.iter().map(|e| &e.0).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), events.len(), "one event per UID");
        assert!(second.contains("STATUS:CANCELLED") && second.contains("SEQUENCE:1"));
        // Publishing the same plan again changes nothing but DTSTAMP; what was cancelled
        // stays cancelled while it is still ahead.
        let third = render_replacing(&plan, stamp(), Some(&second));
        assert_eq!(read(&third), events);
        // A day later, what is over is left alone.
        let later = render_replacing(&changed.plan(sample_day(33), 14), stamp(), Some(&second));
        assert!(!read(&later).iter().any(|e| e.0 == booked));
    }

    #[test]
    fn a_visit_that_absorbs_another_keeps_the_earlier_uid() {
        // Without the booked massage, the maintenance visit goes on Tue 1 Dec (Mon has
        // intervals).
        let mut sample = Sample::fortnight();
        sample.massages.truncate(1);
        sample.big_runs.clear();
        sample.rules.visits_per_28_days = 3;
        let first = render(&sample.plan(sample_day(28), 14), stamp());
        let service = uid_on(&read(&first), sample_day(31));
        // A big run on Sun 29 Nov asks for a light massage Mon or Tue: Tue, the same visit,
        // whose reason of highest priority is now the big run.
        sample.add_big_run(13, 29, 30.0);
        let plan = sample.plan(sample_day(28), 14);
        let visit = plan
            .items
            .iter()
            .find(|i| i.date == sample_day(31) && !i.reasons.is_empty())
            .unwrap_or_else(|| panic!("{:#?}", plan.items));
        assert_eq!(visit.reasons.len(), 2, "{visit:?}");
        assert_ne!(item_uid(visit), service);
        let second = render_replacing(&plan, stamp(), Some(&first));
        let events = read(&second);
        assert_eq!(uid_on(&events, sample_day(31)), service);
        assert!(!events.iter().any(|e| e.0 == service && e.2));
    }
}

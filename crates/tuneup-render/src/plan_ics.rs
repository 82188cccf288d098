//! The recovery plan as an iCalendar file (RFC 5545) for Google, Apple and Outlook
//! calendars: one all-day event per item (windows span their days, `DTEND` exclusive),
//! the reason in the description, and UIDs derived from the item's rule, first day and
//! causes, so importing a re-exported plan updates events instead of duplicating them.

use crate::plan_text::headline;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};
use sha2::{Digest, Sha256};
use tuneup_core::plan::{Conflict, Plan, PlanItem};

/// The product id written into every file.
pub const PRODID: &str = "-//tuneup//recovery plan//EN";

/// Renders `plan` as an iCalendar document. `dtstamp` is when the file is made (a
/// parameter, so the output is reproducible).
pub fn render(plan: &Plan, dtstamp: DateTime<Utc>) -> String {
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
    for item in &plan.items {
        calendar.push(item_event(item, dtstamp));
    }
    for conflict in &plan.conflicts {
        calendar.push(conflict_event(conflict, dtstamp));
    }
    calendar.to_string()
}

/// The UID of an item: stable for the same rule, first day, kind, technique, areas and
/// causes, whatever else changes in its text.
pub fn item_uid(item: &PlanItem) -> String {
    let mut key = format!(
        "{}|{}|{:?}|{:?}|",
        item.rule,
        item.date,
        item.kind,
        item.technique.map(|t| t.id())
    );
    for area in &item.areas {
        key.push_str(area.id());
        key.push(',');
    }
    for because in &item.because {
        key.push_str(&format!("|{:?}:{}", because.kind, because.id));
    }
    uid(&key)
}

fn uid(key: &str) -> String {
    let digest = hex::encode(Sha256::digest(key.as_bytes()));
    format!("{}@tuneup", &digest[..32])
}

use tuneup_core::limits::{printable, printable_lines};

fn all_day(event: &mut Event, first: NaiveDate, last: NaiveDate) {
    // DTEND of an all-day event is the day after the last one (RFC 5545 3.6.1).
    event.starts(first).ends(last + Duration::days(1));
}

fn item_event(item: &PlanItem, dtstamp: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    event
        .uid(&item_uid(item))
        .timestamp(dtstamp)
        .summary(&printable(&headline(item)))
        .description(&printable_lines(&format!(
            "{}\n\nRule: {}",
            item.reason, item.rule
        )))
        .add_property("CATEGORIES", item.rule.id())
        // A plan item does not make the runner busy.
        .add_property("TRANSP", "TRANSPARENT");
    all_day(&mut event, item.date, item.until.unwrap_or(item.date));
    event.done()
}

fn conflict_event(conflict: &Conflict, dtstamp: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    event
        .uid(&uid(&format!(
            "conflict|{}|{}|{}",
            conflict.rule, conflict.date, conflict.reason
        )))
        .timestamp(dtstamp)
        .summary(&format!("Plan conflict ({})", conflict.rule))
        .description(&printable_lines(&conflict.reason))
        .add_property("CATEGORIES", "conflict")
        .add_property("TRANSP", "TRANSPARENT");
    all_day(&mut event, conflict.date, conflict.date);
    event.done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::golden::check;
    use crate::sample::plan_fortnight;
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
}

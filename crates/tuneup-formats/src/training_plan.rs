//! Training plans in: planned sessions from a calendar export (`.ics`) or a simple CSV
//! (`date,kind,title[,distance]`), with each session's kind read from its title unless given.
//!
//! A session's distance is optional: the CSV `distance` column (`32k`, `20 mi`), or an
//! iCalendar `X-TUNEUP-DISTANCE` property; without one, a single distance written in the title
//! ("Long run 32 km") is taken (`PlannedSession::distance_in_title`).
//!
//! The title → kind table is [`TITLE_KINDS`]: the first keyword that starts a word of the
//! title (case-insensitive) wins, so "easy long run" is long and "race-pace intervals" is
//! hard. An explicit kind (the CSV `kind` column, or an iCalendar `CATEGORIES` value that
//! is a kind id) overrides the title. A title that matches nothing is taken as easy, with
//! a warning naming its line.

use chrono::NaiveDate;
use icalendar::Component;
use icalendar::{CalendarDateTime, DatePerhapsTime};
use std::str::FromStr;
use tuneup_core::model::PlannedSession;
use tuneup_core::timezone::{self, Tz};
use tuneup_core::units::Meters;
use tuneup_core::vocab::SessionKind;

/// The title → kind table and its reader live in the core, shared with the planner.
pub use tuneup_core::model::{TITLE_KINDS, kind_from_title};

/// The sessions read, in date order, and what the reader had to guess.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrainingPlan {
    pub sessions: Vec<PlannedSession>,
    /// "line 4: 'Run 10k' matches no keyword; taken as easy".
    pub warnings: Vec<String>,
}

/// A training plan that cannot be read. Lines are 1-based, in the file as given (for
/// `.ics`, the line of the event's `BEGIN:VEVENT`).
#[derive(Debug, thiserror::Error)]
pub enum TrainingPlanError {
    #[error("line {line}: {reason}")]
    Line { line: u64, reason: String },
    #[error("not a readable iCalendar file: {0}")]
    Calendar(String),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("'{0}' is not a training plan file (expected a name ending in .ics or .csv)")]
    UnknownFormat(String),
}

/// Reads a plan, choosing the format from the file name's extension; times are placed on
/// days in UTC (see [`read_in_zone`]).
pub fn read(file_name: &str, content: &str) -> Result<TrainingPlan, TrainingPlanError> {
    read_in_zone(file_name, content, Tz::UTC)
}

/// Reads a plan, choosing the format from the file name's extension. Calendar times in UTC
/// or in a named zone (`TZID`) land on the runner's day in `zone`.
pub fn read_in_zone(
    file_name: &str,
    content: &str,
    zone: Tz,
) -> Result<TrainingPlan, TrainingPlanError> {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".ics") || lower.ends_with(".ical") {
        read_ics_in_zone(content, zone)
    } else if lower.ends_with(".csv") {
        read_csv(content)
    } else {
        Err(TrainingPlanError::UnknownFormat(file_name.to_string()))
    }
}

/// Reads `date,kind,title[,distance]` rows. A header row (starting with `date`) may name the
/// columns in any order; without one, four columns are date, kind, title, distance, three
/// are date, kind, title and two are date, title.
pub fn read_csv(content: &str) -> Result<TrainingPlan, TrainingPlanError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(content.as_bytes());
    let mut plan = TrainingPlan::default();
    let mut columns: Option<Columns> = None;
    for record in reader.records() {
        let record = record?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if columns.is_none() {
            if record
                .get(0)
                .is_some_and(|f| f.eq_ignore_ascii_case("date"))
            {
                columns = Some(Columns::from_header(&record, line)?);
                continue;
            }
            columns = Some(Columns::by_count(record.len()));
        }
        let cols = columns.as_ref().expect("set above");
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let date = parse_date(field(Some(cols.date)), line)?;
        let title = field(cols.title);
        let kind = field(cols.kind);
        let explicit = if kind.is_empty() {
            None
        } else {
            Some(
                SessionKind::from_str(kind).map_err(|e| TrainingPlanError::Line {
                    line,
                    reason: e.to_string(),
                })?,
            )
        };
        let distance = parse_distance(field(cols.distance), line)?;
        plan.push(date, title, explicit, distance, line)?;
    }
    plan.sessions.sort_by_key(|s| s.date);
    Ok(plan)
}

/// An optional distance field: empty is none.
fn parse_distance(text: &str, line: u64) -> Result<Option<Meters>, TrainingPlanError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    tuneup_core::parse::distance(text)
        .map(Some)
        .map_err(|e| TrainingPlanError::Line {
            line,
            reason: e.to_string(),
        })
}

struct Columns {
    date: usize,
    kind: Option<usize>,
    title: Option<usize>,
    distance: Option<usize>,
}

impl Columns {
    fn from_header(header: &csv::StringRecord, line: u64) -> Result<Self, TrainingPlanError> {
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let columns = Columns {
            date: find("date").expect("the header starts with date"),
            kind: find("kind"),
            title: find("title"),
            distance: find("distance"),
        };
        if columns.kind.is_none() && columns.title.is_none() {
            return Err(TrainingPlanError::Line {
                line,
                reason: "the header needs a 'title' or a 'kind' column".to_string(),
            });
        }
        Ok(columns)
    }

    fn by_count(count: usize) -> Self {
        if count >= 3 {
            Columns {
                date: 0,
                kind: Some(1),
                title: Some(2),
                distance: (count >= 4).then_some(3),
            }
        } else {
            Columns {
                date: 0,
                kind: None,
                title: Some(1),
                distance: None,
            }
        }
    }
}

/// [`read_ics_in_zone`] for a runner in UTC.
pub fn read_ics(content: &str) -> Result<TrainingPlan, TrainingPlanError> {
    read_ics_in_zone(content, Tz::UTC)
}

/// Reads the `VEVENT`s of an iCalendar file: `DTSTART` gives the day, `SUMMARY` the title,
/// a `CATEGORIES` value that is a kind id overrides the title. A date is that day; a time in
/// UTC (`…Z`) or in a named zone (`TZID=Europe/Paris`) is the day it falls on in the
/// runner's `zone`; a floating time is the runner's own wall-clock time.
pub fn read_ics_in_zone(content: &str, zone: Tz) -> Result<TrainingPlan, TrainingPlanError> {
    let calendar = icalendar::Calendar::from_str(content).map_err(TrainingPlanError::Calendar)?;
    let event_lines: Vec<u64> = content
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(i, _)| i as u64 + 1)
        .collect();
    let mut plan = TrainingPlan::default();
    for (index, event) in calendar.events().enumerate() {
        let line = event_lines.get(index).copied().unwrap_or(0);
        let title = event.get_summary().unwrap_or("").trim().to_string();
        let Some(start) = event.get_start() else {
            return Err(TrainingPlanError::Line {
                line,
                reason: format!("the event '{title}' has no DTSTART date"),
            });
        };
        // CATEGORIES may appear more than once, so the parser may keep it either way.
        let explicit = event
            .property_value("CATEGORIES")
            .into_iter()
            .chain(
                event
                    .multi_properties()
                    .get("CATEGORIES")
                    .into_iter()
                    .flatten()
                    .map(|p| p.value()),
            )
            .flat_map(|v| v.split(','))
            .find_map(|c| SessionKind::from_str(c.trim()).ok());
        if event.property_value("RRULE").is_some() {
            plan.warnings.push(format!(
                "line {line}: '{title}' repeats (RRULE); only its first date was imported"
            ));
        }
        let distance = parse_distance(
            event.property_value("X-TUNEUP-DISTANCE").unwrap_or(""),
            line,
        )?;
        let date = runners_day(&start, zone).unwrap_or_else(|tzid| {
            plan.warnings.push(format!(
                "line {line}: '{title}' is in the time zone '{tzid}', which is not in the IANA \
                 database; its date was taken as written"
            ));
            start.date_naive()
        });
        plan.push(date, &title, explicit, distance, line)?;
    }
    plan.sessions.sort_by_key(|s| s.date);
    Ok(plan)
}

/// The runner's day of an event start; `Err(tzid)` for a zone the database does not know.
fn runners_day(start: &DatePerhapsTime, zone: Tz) -> Result<NaiveDate, String> {
    match start {
        DatePerhapsTime::Date(date) => Ok(*date),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(local)) => Ok(local.date()),
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(instant)) => {
            Ok(timezone::date_in(zone, *instant))
        }
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            let theirs = timezone::parse_zone(tzid.trim_matches('"')).map_err(|_| tzid.clone())?;
            Ok(timezone::date_in(
                zone,
                timezone::to_utc(theirs, *date_time),
            ))
        }
    }
}

impl TrainingPlan {
    fn push(
        &mut self,
        date: NaiveDate,
        title: &str,
        explicit: Option<SessionKind>,
        distance: Option<Meters>,
        line: u64,
    ) -> Result<(), TrainingPlanError> {
        let kind = match explicit.or_else(|| kind_from_title(title)) {
            Some(kind) => kind,
            None if title.is_empty() => {
                return Err(TrainingPlanError::Line {
                    line,
                    reason: "a session needs a title or a kind".to_string(),
                });
            }
            None => {
                self.warnings.push(format!(
                    "line {line}: '{title}' matches no keyword; taken as easy"
                ));
                SessionKind::Easy
            }
        };
        let title = if title.is_empty() {
            kind.label().to_string()
        } else {
            title.to_string()
        };
        let distance = distance.or_else(|| PlannedSession::distance_in_title(&title));
        let session = PlannedSession {
            date,
            kind,
            title,
            distance,
        };
        session.validate().map_err(|e| TrainingPlanError::Line {
            line,
            reason: e.to_string(),
        })?;
        self.sessions.push(session);
        Ok(())
    }
}

fn parse_date(text: &str, line: u64) -> Result<NaiveDate, TrainingPlanError> {
    tuneup_core::parse::date(text).map_err(|e| TrainingPlanError::Line {
        line,
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn titles_map_to_kinds_by_the_table() {
        for (title, kind) in [
            ("6x800 Intervals", SessionKind::Hard),
            ("Tempo 5k", SessionKind::Hard),
            ("Hills!", SessionKind::Hard),
            ("VO2max session", SessionKind::Hard),
            ("Easy long run", SessionKind::Long),
            ("Race-pace intervals", SessionKind::Hard),
            ("Parkrun race", SessionKind::Race),
            ("Recovery jog", SessionKind::Easy),
            ("Shakeout", SessionKind::Easy),
            ("Day off", SessionKind::Rest),
        ] {
            assert_eq!(kind_from_title(title), Some(kind), "{title}");
        }
        assert_eq!(kind_from_title("Run 10k"), None);
    }

    #[test]
    fn csv_with_a_header_and_an_overriding_kind() {
        let plan = read_csv(
            "date,kind,title\n2026-12-02,,Tempo 5k\n2026-12-01,easy,Track warm-up only\n\n2026-12-05,,Long run 30k\n",
        )
        .unwrap();
        let got: Vec<_> = plan.sessions.iter().map(|s| (s.date, s.kind)).collect();
        assert_eq!(
            got,
            vec![
                (day(1), SessionKind::Easy),
                (day(2), SessionKind::Hard),
                (day(5), SessionKind::Long)
            ]
        );
        assert!(plan.warnings.is_empty());
    }

    #[test]
    fn csv_without_a_header_two_columns_and_a_guess() {
        let plan = read_csv("2026-12-01,Fartlek\n2026-12-03,Run 10k\n").unwrap();
        assert_eq!(plan.sessions[0].kind, SessionKind::Hard);
        assert_eq!(plan.sessions[1].kind, SessionKind::Easy);
        assert_eq!(
            plan.warnings,
            vec!["line 2: 'Run 10k' matches no keyword; taken as easy"]
        );
    }

    #[test]
    fn csv_errors_name_the_line() {
        let err = read_csv("date,kind,title\n2026-12-01,,Tempo\n2026-13-01,,Tempo\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("line 3: '2026-13-01' is not a valid date"),
            "{err}"
        );
        let err = read_csv("date,kind,title\n2026-12-01,brutal,Tempo\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("line 2: unknown session kind 'brutal'"),
            "{err}"
        );
    }

    const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Coach//Plan//EN\r\n\
BEGIN:VEVENT\r\nUID:a@coach\r\nDTSTART;VALUE=DATE:20261202\r\nSUMMARY:Threshold 3x10 min\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b@coach\r\nDTSTART:20261206T080000Z\r\nSUMMARY:Sunday long run\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c@coach\r\nDTSTART;VALUE=DATE:20261204\r\nSUMMARY:Strides and drills\r\nCATEGORIES:hard\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn csv_distances_from_a_column_or_the_title() {
        let plan = read_csv(
            "date,kind,title,distance\n2026-12-05,long,Long run,32k\n2026-12-06,,Sunday 30 km,\n\
             2026-12-02,,6x800 at 5k pace,\n",
        )
        .unwrap();
        let got: Vec<_> = plan.sessions.iter().map(|s| (s.date, s.distance)).collect();
        assert_eq!(
            got,
            vec![
                (day(2), None),
                (day(5), Some(Meters::from_km(32.0))),
                (day(6), Some(Meters::from_km(30.0))),
            ]
        );
        // Four columns without a header: the fourth is the distance.
        let plan = read_csv("2026-12-05,long,Long run,20mi\n").unwrap();
        assert_eq!(
            plan.sessions[0].distance.map(|d| d.0.round()),
            Some(32187.0)
        );
        let err = read_csv("2026-12-05,long,Long run,far\n").unwrap_err();
        assert!(err.to_string().starts_with("line 1: "), "{err}");
        let err = read_csv("2026-12-05,long,Long run,0k\n").unwrap_err();
        assert!(err.to_string().contains("distance"), "{err}");
    }

    #[test]
    fn ics_distance_from_its_property_or_the_title() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Coach//Plan//EN\r\n\
BEGIN:VEVENT\r\nUID:a@coach\r\nDTSTART;VALUE=DATE:20261205\r\nSUMMARY:Long run\r\nX-TUNEUP-DISTANCE:32 km\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b@coach\r\nDTSTART;VALUE=DATE:20261206\r\nSUMMARY:Easy 10k\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
        let plan = read("plan.ics", ics).unwrap();
        let got: Vec<_> = plan.sessions.iter().map(|s| s.distance).collect();
        assert_eq!(
            got,
            vec![Some(Meters::from_km(32.0)), Some(Meters::from_km(10.0))]
        );
    }

    #[test]
    fn ics_events_become_sessions_categories_override() {
        let plan = read("plan.ICS", ICS).unwrap();
        let got: Vec<_> = plan
            .sessions
            .iter()
            .map(|s| (s.date, s.kind, s.title.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (day(2), SessionKind::Hard, "Threshold 3x10 min"),
                (day(4), SessionKind::Hard, "Strides and drills"),
                (day(6), SessionKind::Long, "Sunday long run"),
            ]
        );
    }

    #[test]
    fn ics_times_in_utc_and_named_zones_land_on_the_runners_day() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//coach//EN\r\n\
BEGIN:VEVENT\r\nUID:a@coach\r\nDTSTART:20261206T030000Z\r\nSUMMARY:Early long run\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b@coach\r\nDTSTART;TZID=Australia/Sydney:20261208T060000\r\nSUMMARY:Tempo\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c@coach\r\nDTSTART;TZID=Nowhere Standard Time:20261210T060000\r\nSUMMARY:Easy\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:d@coach\r\nDTSTART:20261212T230000\r\nSUMMARY:Late jog\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
        let denver = read_ics_in_zone(ics, Tz::America__Denver).unwrap();
        let dates: Vec<NaiveDate> = denver.sessions.iter().map(|s| s.date).collect();
        // 03:00 UTC on the 6th is 20:00 on the 5th in Denver; 06:00 in Sydney on the 8th is
        // 12:00 on the 7th in Denver; an unknown zone is taken as written, with a warning;
        // a floating time is the runner's own.
        assert_eq!(dates, vec![day(5), day(7), day(10), day(12)]);
        assert!(
            denver.warnings.iter().any(|w| w.contains("Nowhere")),
            "{:?}",
            denver.warnings
        );
        let utc = read_ics(ics).unwrap();
        assert_eq!(utc.sessions[0].date, day(6));
    }

    #[test]
    fn ics_event_without_a_date_names_its_line() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Tempo\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let err = read_ics(ics).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: the event 'Tempo' has no DTSTART date"
        );
    }

    #[test]
    fn other_extensions_are_refused_by_name() {
        let err = read("plan.xlsx", "").unwrap_err();
        assert!(
            err.to_string()
                .contains("'plan.xlsx' is not a training plan file")
        );
    }
}

//! Time zones: the IANA database (with its daylight-saving rules, compiled in by `chrono-tz`)
//! for what a runner types or a profile names. Finding the zone at a position is the
//! decoders' job (`tuneup_formats::timezone`); this module only turns a zone and an instant
//! into an offset, so every way in (import, manual entry, plans, today) agrees.

use crate::model::InvalidField;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
pub use chrono_tz::Tz;

/// The zone named `name` (`Area/City`, as in the IANA database: `America/Denver`,
/// `Australia/Sydney`, `UTC`). Case is forgiven; an unknown name is an error naming the
/// `timezone` field with an example.
pub fn parse_zone(name: &str) -> Result<Tz, InvalidField> {
    let trimmed = name.trim();
    trimmed
        .parse::<Tz>()
        .ok()
        .or_else(|| {
            chrono_tz::TZ_VARIANTS
                .iter()
                .copied()
                .find(|tz| tz.name().eq_ignore_ascii_case(trimmed))
        })
        .ok_or_else(|| {
            InvalidField::new(
                "timezone",
                format!(
                    "'{trimmed}' is not a time zone of the IANA database \
                     (write Area/City, e.g. America/Denver or Europe/Paris)"
                ),
            )
        })
}

/// The zone's offset from UTC at `instant`, in seconds east.
pub fn offset_at(zone: Tz, instant: DateTime<Utc>) -> i32 {
    instant
        .with_timezone(&zone)
        .offset()
        .fix()
        .local_minus_utc()
}

/// The zone's offset for a wall-clock time in it. In the hour that the clocks skip (spring
/// forward) the offset after the change is used; in the hour that repeats (fall back), the
/// earlier one.
pub fn offset_at_local(zone: Tz, local: NaiveDateTime) -> i32 {
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.offset().fix().local_minus_utc(),
        chrono::LocalResult::Ambiguous(earliest, _) => earliest.offset().fix().local_minus_utc(),
        chrono::LocalResult::None => {
            // Skipped: take the offset in force two hours later (after the change).
            let later = local + chrono::Duration::hours(2);
            offset_at_local(zone, later)
        }
    }
}

/// The UTC instant of a wall-clock time in `zone` (see [`offset_at_local`] for the hours
/// that are skipped or repeat).
pub fn to_utc(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let offset = offset_at_local(zone, local);
    DateTime::from_naive_utc_and_offset(local - chrono::Duration::seconds(i64::from(offset)), Utc)
}

/// The calendar date at `instant` in `zone`: "today" for a runner there.
pub fn date_in(zone: Tz, instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_forgiving_case_and_unknown_ones_name_the_field() {
        assert_eq!(parse_zone("America/Denver").unwrap(), Tz::America__Denver);
        assert_eq!(
            parse_zone(" australia/sydney ").unwrap(),
            Tz::Australia__Sydney
        );
        let err = parse_zone("Mars/Olympus").unwrap_err();
        assert_eq!(err.field, "timezone");
        assert!(err.reason.contains("Area/City"), "{}", err.reason);
    }

    #[test]
    fn offsets_follow_daylight_saving() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        assert_eq!(offset_at(Tz::America__Denver, winter), -7 * 3600);
        assert_eq!(offset_at(Tz::America__Denver, summer), -6 * 3600);
        assert_eq!(offset_at(Tz::Australia__Sydney, winter), 11 * 3600);
        assert_eq!(offset_at(Tz::Australia__Sydney, summer), 10 * 3600);
    }

    #[test]
    fn wall_clock_times_in_the_skipped_and_repeated_hours_have_an_offset() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        // 02:30 does not exist in Denver on 8 March 2026: the offset after the change.
        let skipped = day.and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(offset_at_local(Tz::America__Denver, skipped), -6 * 3600);
        let fall = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let repeated = fall.and_hms_opt(1, 30, 0).unwrap();
        assert_eq!(offset_at_local(Tz::America__Denver, repeated), -6 * 3600);
        let noon = day.and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(
            to_utc(Tz::America__Denver, noon),
            Utc.with_ymd_and_hms(2026, 3, 8, 18, 0, 0).unwrap()
        );
    }

    #[test]
    fn today_is_the_date_in_the_runners_zone() {
        let instant = Utc.with_ymd_and_hms(2026, 12, 15, 4, 0, 0).unwrap();
        assert_eq!(
            date_in(Tz::America__Denver, instant),
            NaiveDate::from_ymd_opt(2026, 12, 14).unwrap()
        );
        assert_eq!(
            date_in(Tz::Australia__Sydney, instant),
            NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
        );
    }
}

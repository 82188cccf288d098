//! Parsing the quantities runners type: durations (`1:05:00`, `65m`, `1h5m`), paces
//! (`4:30/km`, `7:15/mi`), distances (`10k`, `10 km`, `6.2mi`, `800m`) and dates.

use crate::units::{METERS_PER_MILE, Meters, MetersPerSecond, Seconds};
use chrono::NaiveDate;

/// Text that does not read as the quantity asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{given}' is not a valid {what}: {hint}")]
pub struct ParseError {
    pub what: &'static str,
    pub given: String,
    pub hint: &'static str,
}

fn error(what: &'static str, given: &str, hint: &'static str) -> ParseError {
    ParseError {
        what,
        given: given.to_string(),
        hint,
    }
}

const DURATION_HINT: &str = "use h:mm:ss, mm:ss, or units like 65m, 1h5m, 90s";

/// Parses `1:05:00`, `45:30`, `65m`, `1h5m`, `1h 5min`, `90s`, or a bare number of minutes.
pub fn duration(text: &str) -> Result<Seconds, ParseError> {
    let s = text.trim().to_ascii_lowercase();
    if s.is_empty() {
        return Err(error("duration", text, DURATION_HINT));
    }
    if s.contains(':') {
        return clock(&s).ok_or_else(|| error("duration", text, DURATION_HINT));
    }
    if let Ok(minutes) = s.parse::<f64>() {
        return checked_seconds(minutes * 60.0)
            .ok_or_else(|| error("duration", text, DURATION_HINT));
    }
    let mut total = 0.0;
    let mut number = String::new();
    let mut chars = s.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let mut unit = String::from(c);
        while let Some(&next) = chars.peek() {
            if next.is_ascii_alphabetic() {
                unit.push(next);
                chars.next();
            } else {
                break;
            }
        }
        let value: f64 = number
            .parse()
            .map_err(|_| error("duration", text, DURATION_HINT))?;
        number.clear();
        let factor = match unit.as_str() {
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            _ => return Err(error("duration", text, DURATION_HINT)),
        };
        total += value * factor;
        any = true;
    }
    if !number.is_empty() || !any {
        return Err(error("duration", text, DURATION_HINT));
    }
    checked_seconds(total).ok_or_else(|| error("duration", text, DURATION_HINT))
}

fn checked_seconds(seconds: f64) -> Option<Seconds> {
    (seconds.is_finite() && seconds > 0.0).then_some(Seconds(seconds))
}

/// `h:mm:ss` or `m:ss`; minutes and seconds after the first field must be below 60.
fn clock(s: &str) -> Option<Seconds> {
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut total = 0.0;
    for (i, part) in parts.iter().enumerate() {
        let value: f64 = part.parse().ok()?;
        if value < 0.0 || (i > 0 && value >= 60.0) {
            return None;
        }
        total = total * 60.0 + value;
    }
    checked_seconds(total)
}

const PACE_HINT: &str = "use minutes:seconds per km or mile, like 4:30/km or 7:15/mi";

/// Parses a pace such as `4:30/km` or `7:15/mi` into a speed.
pub fn pace(text: &str) -> Result<MetersPerSecond, ParseError> {
    let s = text.trim().to_ascii_lowercase().replace(' ', "");
    let (time, per) = s
        .split_once('/')
        .ok_or_else(|| error("pace", text, PACE_HINT))?;
    let metres = match per {
        "km" | "k" => 1000.0,
        "mi" | "mile" => METERS_PER_MILE,
        _ => return Err(error("pace", text, PACE_HINT)),
    };
    let seconds = clock(time).ok_or_else(|| error("pace", text, PACE_HINT))?;
    Ok(MetersPerSecond(metres / seconds.0))
}

const DISTANCE_HINT: &str = "use a number with a unit, like 10k, 10 km, 6.2mi, 800m";

/// Parses `10k`, `10 km`, `6.2mi`, `800m`, `42.195km`, or `marathon`/`half`.
pub fn distance(text: &str) -> Result<Meters, ParseError> {
    let s = text.trim().to_ascii_lowercase().replace(' ', "");
    match s.as_str() {
        "marathon" => return Ok(Meters(42_195.0)),
        "half" | "halfmarathon" => return Ok(Meters(21_097.5)),
        _ => {}
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| error("distance", text, DISTANCE_HINT))?;
    let factor = match unit {
        "k" | "km" | "kms" => 1000.0,
        "m" | "meters" | "metres" => 1.0,
        "mi" | "mile" | "miles" => METERS_PER_MILE,
        "" => return Err(error("distance", text, "add a unit: km, m or mi")),
        _ => return Err(error("distance", text, DISTANCE_HINT)),
    };
    if !value.is_finite() || value < 0.0 {
        return Err(error("distance", text, "a distance cannot be negative"));
    }
    Ok(Meters(value * factor))
}

/// Parses an ISO date, `YYYY-MM-DD`, rejecting impossible ones like 2026-02-30.
/// A calendar day, `YYYY-MM-DD`, within the limits (1900 to 2100).
pub fn date(text: &str) -> Result<NaiveDate, ParseError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| error("date", text, "use YYYY-MM-DD with a real calendar day"))?;
    if !crate::limits::date_in_range(date) {
        return Err(error(
            "date",
            text,
            "dates must be from 1900-01-01 to 2100-12-31",
        ));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("1:05:00").unwrap(), Seconds(3900.0));
        assert_eq!(duration("65m").unwrap(), Seconds(3900.0));
        assert_eq!(duration("1h5m").unwrap(), Seconds(3900.0));
        assert_eq!(duration("1h 5min").unwrap(), Seconds(3900.0));
        assert_eq!(duration("45:30").unwrap(), Seconds(2730.0));
        assert_eq!(duration("90s").unwrap(), Seconds(90.0));
        assert_eq!(duration("45").unwrap(), Seconds(2700.0));
        for bad in ["", "1:75:00", "abc", "-5m", "5x", "0", "1:2:3:4"] {
            assert!(duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paces() {
        // 4:30/km = 1000 m / 270 s.
        assert!((pace("4:30/km").unwrap().0 - 1000.0 / 270.0).abs() < 1e-9);
        // 8:00/mi = 1609.344 m / 480 s.
        assert!((pace("8:00/mi").unwrap().0 - 1609.344 / 480.0).abs() < 1e-9);
        assert!(pace("4:30").is_err());
        assert!(pace("4:70/km").is_err());
    }

    #[test]
    fn distances() {
        assert_eq!(distance("10k").unwrap(), Meters(10_000.0));
        assert_eq!(distance("10 km").unwrap(), Meters(10_000.0));
        assert_eq!(distance("42.2k").unwrap(), Meters(42_200.0));
        assert!((distance("6.2mi").unwrap().0 - 6.2 * 1609.344).abs() < 1e-9);
        assert_eq!(distance("800m").unwrap(), Meters(800.0));
        assert!(distance("-5k").is_err());
        assert!(distance("10").is_err());
        assert!(distance("10 furlongs").is_err());
    }

    #[test]
    fn dates() {
        assert!(date("2026-11-20").is_ok());
        let err = date("2026-02-30").unwrap_err();
        assert!(err.to_string().contains("2026-02-30"));
    }
}

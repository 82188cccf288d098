//! The time zone at a position, offline: `tzf-rs` over the boundaries of
//! timezone-boundary-builder (data © its contributors and OpenStreetMap contributors, ODbL
//! 1.0; see NOTICE). Offsets and daylight-saving rules come from the IANA database in
//! `tuneup_core::timezone`.
//!
//! The lookup tables are built on first use (once per process), so decoding files that
//! state their own offset, and opening a store with nothing to correct, never pays for them.

use chrono::{DateTime, Utc};
use std::sync::LazyLock;
use tuneup_core::timezone::{self, Tz};

/// The boundary finder: the bundled "lite" data queried in place (about 4 MB in the binary,
/// a small index built at first use).
static FINDER: LazyLock<tzf_rs::EmbeddedFinder> = LazyLock::new(tzf_rs::EmbeddedFinder::new);

/// The IANA zone at a position in degrees; `None` off the map, for a position that is not
/// a number, or for a zone name the time-zone database does not know.
pub fn zone_at(latitude: f64, longitude: f64) -> Option<Tz> {
    if !(latitude.is_finite() && longitude.is_finite())
        || latitude.abs() > 90.0
        || longitude.abs() > 180.0
    {
        return None;
    }
    let name = FINDER.get_tz_name(longitude, latitude);
    (!name.is_empty()).then(|| name.parse().ok())?
}

/// The UTC offset at `instant` at a position: the zone's, with its daylight-saving rules.
pub fn offset_at_position(latitude: f64, longitude: f64, instant: DateTime<Utc>) -> Option<i32> {
    zone_at(latitude, longitude).map(|zone| timezone::offset_at(zone, instant))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn positions_find_their_zones() {
        // Denver's Washington Park, Sydney's Centennial Park, the Atlantic.
        assert_eq!(zone_at(39.70, -104.97), Some(Tz::America__Denver));
        assert_eq!(zone_at(-33.90, 151.23), Some(Tz::Australia__Sydney));
        assert_eq!(zone_at(f64::NAN, 0.0), None);
        let winter = Utc.with_ymd_and_hms(2026, 12, 15, 4, 0, 0).unwrap();
        assert_eq!(offset_at_position(39.70, -104.97, winter), Some(-7 * 3600));
    }
}

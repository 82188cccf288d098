//! The few pieces of the FIT profile we use: message numbers, file types, sports and
//! manufacturers (numbers from the FIT SDK's Profile.xlsx).

use tuneup_core::vocab::Sport;

pub const MESG_FILE_ID: u16 = 0;
pub const MESG_SPORT: u16 = 12;
pub const MESG_SESSION: u16 = 18;
pub const MESG_LAP: u16 = 19;
pub const MESG_RECORD: u16 = 20;
pub const MESG_DEVICE_INFO: u16 = 23;
pub const MESG_ACTIVITY: u16 = 34;
pub const MESG_FIELD_DESCRIPTION: u16 = 206;

pub const FILE_ACTIVITY: u8 = 4;
pub const SPORT_TRANSITION: u8 = 3;

/// The profile name of a file type, for "not an activity" reasons.
pub fn file_type_name(file_type: u8) -> &'static str {
    match file_type {
        1 => "device",
        2 => "settings",
        3 => "sport",
        4 => "activity",
        5 => "workout",
        6 => "course",
        7 => "schedules",
        8 => "locations",
        9 => "weight",
        10 => "totals",
        11 => "goals",
        14 => "blood_pressure",
        15 => "monitoring_a",
        20 => "activity_summary",
        28 => "monitoring_daily",
        32 => "monitoring_b",
        34 => "segment",
        35 => "segment_list",
        40 => "exd_configuration",
        0xF7..=0xFE => "manufacturer specific",
        _ => "unknown",
    }
}

/// Maps FIT sport/sub_sport to our vocabulary.
pub fn sport(sport: Option<u8>, sub_sport: Option<u8>) -> Sport {
    const TREADMILL: u8 = 1;
    const TRAIL: u8 = 3;
    const SPIN: u8 = 5;
    const INDOOR_CYCLING: u8 = 6;
    const INDOOR_WALKING: u8 = 27;
    const INDOOR_RUNNING: u8 = 45;
    match (sport, sub_sport) {
        (Some(1), Some(TREADMILL | INDOOR_RUNNING)) => Sport::TreadmillRunning,
        (Some(1), Some(TRAIL)) => Sport::TrailRunning,
        (Some(1), _) => Sport::Running,
        (Some(2), _) => Sport::Cycling,
        // fitness_equipment: the machine decides.
        (Some(4), Some(TREADMILL)) => Sport::TreadmillRunning,
        (Some(4), Some(SPIN | INDOOR_CYCLING)) => Sport::Cycling,
        (Some(4), Some(INDOOR_WALKING)) => Sport::Walking,
        (Some(5), _) => Sport::Swimming,
        (Some(10), _) => Sport::Strength,
        (Some(11), _) => Sport::Walking,
        (Some(17), _) => Sport::Hiking,
        _ => Sport::Other,
    }
}

/// A readable manufacturer name for the common ones.
pub fn manufacturer_name(id: u16) -> Option<&'static str> {
    Some(match id {
        1 => "Garmin",
        15 => "Dynastream",
        23 => "Suunto",
        32 => "Wahoo Fitness",
        40 => "Concept2",
        69 => "Stages Cycling",
        70 => "Sigma Sport",
        76 => "Moxy",
        89 => "Tacx",
        95 => "Stryd",
        123 => "Polar",
        255 => "Development",
        260 => "Zwift",
        263 => "Favero",
        265 => "Strava",
        267 => "Bryton",
        289 => "Hammerhead",
        294 => "COROS",
        _ => return None,
    })
}

/// The device string for an activity: the product name when the file has one, else the
/// manufacturer and product number.
pub fn device_name(
    manufacturer: Option<u16>,
    product: Option<u16>,
    product_name: Option<&str>,
) -> Option<String> {
    let maker = manufacturer
        .map(|m| manufacturer_name(m).map_or_else(|| format!("manufacturer {m}"), str::to_string));
    match (maker, product_name, product) {
        (Some(maker), Some(name), _) if !name.starts_with(maker.as_str()) => {
            Some(format!("{maker} {name}"))
        }
        (_, Some(name), _) => Some(name.to_string()),
        (Some(maker), None, Some(product)) => Some(format!("{maker} (product {product})")),
        (Some(maker), None, None) => Some(maker),
        (None, None, Some(product)) => Some(format!("product {product}")),
        (None, None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_sub_sports_map_to_our_runs() {
        assert_eq!(sport(Some(1), Some(3)), Sport::TrailRunning);
        assert_eq!(sport(Some(1), Some(1)), Sport::TreadmillRunning);
        assert_eq!(sport(Some(1), None), Sport::Running);
        assert_eq!(sport(Some(10), Some(20)), Sport::Strength);
        assert_eq!(sport(Some(0), Some(0)), Sport::Other);
        assert_eq!(sport(None, None), Sport::Other);
    }

    #[test]
    fn device_names_prefer_the_product_name() {
        assert_eq!(
            device_name(Some(1), Some(1623), None).as_deref(),
            Some("Garmin (product 1623)")
        );
        assert_eq!(
            device_name(Some(32), Some(1), Some("ELEMNT BOLT")).as_deref(),
            Some("Wahoo Fitness ELEMNT BOLT")
        );
    }
}

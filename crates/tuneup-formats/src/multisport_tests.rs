//! A multisport file inside an export: each leg keeps the sport its own session states,
//! whatever one type the export's `activities.csv` gives the whole file.

use crate::archive::StravaMeta;
use crate::fit::tests::{FitBuilder, T0, le32};
use crate::{Decoded, SourceFile, decode};
use tuneup_core::vocab::Sport;

/// A triathlon: records every 10 s for 5 minutes, and three sessions (swim, ride, run) of
/// 90 s each, 10 s apart (the transitions).
fn triathlon() -> Vec<u8> {
    let mut b = FitBuilder::default();
    b.define(0, 0, false, &[(0, 1, 0x00)], &[]).data(0, &[4]);
    // record: timestamp, heart rate
    b.define(1, 20, false, &[(253, 4, 0x86), (3, 1, 0x02)], &[]);
    for i in 0..30u32 {
        let mut c = le32(T0 + i * 10).to_vec();
        c.push(140);
        b.data(1, &c);
    }
    // session: start, sport, elapsed (ms)
    b.define(
        2,
        18,
        false,
        &[(2, 4, 0x86), (5, 1, 0x00), (7, 4, 0x86)],
        &[],
    );
    for (leg, sport) in [5u8, 2, 1].into_iter().enumerate() {
        let mut c = le32(T0 + leg as u32 * 100).to_vec();
        c.push(sport);
        c.extend_from_slice(&le32(90_000));
        b.data(2, &c);
    }
    b.finish()
}

fn sports(file: &SourceFile) -> Vec<Sport> {
    match decode(file).unwrap() {
        Decoded::Activities { activities, .. } => activities.iter().map(|a| a.sport).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_leg_of_a_triathlon_keeps_its_sport_under_one_strava_type() {
    let mut file = SourceFile::new("activities/77.fit", triathlon());
    assert_eq!(
        sports(&file),
        [Sport::Swimming, Sport::Cycling, Sport::Running]
    );
    for strava_type in ["Run", "Ride", "Triathlon"] {
        file.strava = Some(StravaMeta {
            name: Some("Sprint tri".to_string()),
            activity_type: Some(strava_type.to_string()),
            perceived_exertion: Some(8.0),
            ..StravaMeta::default()
        });
        assert_eq!(
            sports(&file),
            [Sport::Swimming, Sport::Cycling, Sport::Running],
            "{strava_type}"
        );
    }
    // The name and the effort still reach every leg.
    let Decoded::Activities { activities, .. } = decode(&file).unwrap() else {
        panic!("not an activity")
    };
    assert!(
        activities
            .iter()
            .all(|a| a.title.as_deref() == Some("Sprint tri") && a.rpe == Some(8))
    );
}

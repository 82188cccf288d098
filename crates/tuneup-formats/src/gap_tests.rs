//! Local time and the decoder gaps of issue 11 (items 1, 6 and 7), each on a small file
//! made here.

use crate::fit::tests::{FitBuilder, le32};
use crate::{Decoded, SourceFile, decode};
use chrono::{NaiveDate, TimeZone, Utc};
use tuneup_core::model::{Activity, OffsetSource};
use tuneup_core::vocab::Sport;

const SEMICIRCLES: f64 = 2_147_483_648.0 / 180.0;

fn decoded(name: &str, bytes: Vec<u8>) -> (Vec<Activity>, Vec<String>) {
    match decode(&SourceFile::new(name, bytes)).expect("decodes") {
        Decoded::Activities {
            activities,
            warnings,
        } => (activities, warnings),
        Decoded::NotAnActivity { reason } => panic!("not an activity: {reason}"),
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A GPX run of `points` one-second-apart points from `start` (RFC 3339, UTC), moving
/// north from (`lat`, `lon`) at about 3 m/s.
fn gpx(start: &str, lat: f64, lon: f64, points: usize) -> String {
    let start = chrono::DateTime::parse_from_rfc3339(start).unwrap();
    let mut doc = String::from(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="test"><trk><type>running</type><trkseg>"#,
    );
    for i in 0..points {
        let t = (start + chrono::Duration::seconds(i as i64 * 10)).to_rfc3339();
        doc.push_str(&format!(
            r#"<trkpt lat="{:.6}" lon="{lon}"><time>{t}</time></trkpt>"#,
            lat + i as f64 * 0.00027
        ));
    }
    doc.push_str("</trkseg></trk></gpx>");
    doc
}

#[test]
fn a_2100_run_in_denver_lands_on_its_local_date() {
    // 21:00 MST on 14 December is 04:00 UTC on the 15th.
    let doc = gpx("2026-12-15T04:00:00Z", 39.70, -104.97, 20);
    let (acts, _) = decoded("denver.gpx", doc.into_bytes());
    let run = &acts[0];
    assert_eq!(run.offset_source, OffsetSource::Position);
    assert_eq!(run.utc_offset_s, -7 * 3600);
    assert_eq!(run.local_date(), date(2026, 12, 14));
}

#[test]
fn a_0600_run_in_sydney_lands_on_its_local_date() {
    // 06:00 AEDT (UTC+11) on 15 December is 19:00 UTC on the 14th.
    let doc = gpx("2026-12-14T19:00:00Z", -33.90, 151.23, 20);
    let (acts, _) = decoded("sydney.gpx", doc.into_bytes());
    let run = &acts[0];
    assert_eq!(run.offset_source, OffsetSource::Position);
    assert_eq!(run.utc_offset_s, 11 * 3600);
    assert_eq!(run.local_date(), date(2026, 12, 15));
}

#[test]
fn a_run_across_a_dst_change_keeps_the_offset_of_its_start() {
    // Denver springs forward at 02:00 MST on 8 March 2026 (09:00 UTC). A run from 01:30 MST
    // (08:30 UTC) for an hour starts at -7 h; one starting at 03:30 MDT is at -6 h.
    let across = gpx("2026-03-08T08:30:00Z", 39.70, -104.97, 360);
    let (acts, _) = decoded("dst.gpx", across.into_bytes());
    assert_eq!(acts[0].utc_offset_s, -7 * 3600);
    assert_eq!(acts[0].elapsed.0, 3590.0);
    assert_eq!(
        acts[0].local_start().naive_local(),
        date(2026, 3, 8).and_hms_opt(1, 30, 0).unwrap()
    );
    let after = gpx("2026-03-08T09:30:00Z", 39.70, -104.97, 20);
    let (acts, _) = decoded("after.gpx", after.into_bytes());
    assert_eq!(acts[0].utc_offset_s, -6 * 3600);
}

#[test]
fn a_file_without_positions_is_left_to_the_runners_zone() {
    let doc = r#"<gpx version="1.1"><trk><type>running</type><trkseg>
        <trkpt lat="" lon=""><time>2026-12-15T04:00:00Z</time></trkpt>
        <trkpt><time>2026-12-15T04:30:00Z</time></trkpt>
        </trkseg></trk></gpx>"#;
    let (acts, _) = decoded("treadmill.gpx", doc.as_bytes().to_vec());
    assert_eq!(acts[0].offset_source, OffsetSource::Profile);
    assert_eq!(acts[0].utc_offset_s, 0);
}

#[test]
fn a_fit_offset_comes_from_the_file() {
    let (acts, _) = decoded("run.fit", crate::fit::tests::small_run());
    assert_eq!(acts[0].offset_source, OffsetSource::File);
    assert_eq!(acts[0].utc_offset_s, 7200);
}

/// One FIT activity file: file_id, (a sport message), records every 10 s with a position
/// in Denver and a compressed speed/distance, a session (with or without sport), (an
/// activity message with `offset`). `power` adds a Stryd-like developer field.
struct Run {
    start: u32,
    records: u32,
    session_sport: Option<u8>,
    sport_message: Option<u8>,
    offset: Option<i32>,
    heart_rate: fn(u32) -> u8,
    power: bool,
    distance_cm: Option<u32>,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            start: 1_134_000_000,
            records: 30,
            session_sport: Some(1),
            sport_message: None,
            offset: Some(-7 * 3600),
            heart_rate: |_| 150,
            power: false,
            distance_cm: None,
        }
    }
}

impl Run {
    fn builder(&self) -> FitBuilder {
        let mut b = FitBuilder::default();
        b.define(0, 0, false, &[(0, 1, 0x00)], &[]).data(0, &[4]);
        if let Some(sport) = self.sport_message {
            b.define(1, 12, false, &[(0, 1, 0x00)], &[])
                .data(1, &[sport]);
        }
        let dev: &[(u8, u8, u8)] = if self.power {
            // developer_data_id, then a field_description: index 0, field 0, uint16,
            // "Power" in "Watts" for record field 7.
            b.define(4, 207, false, &[(3, 1, 0x02)], &[]).data(4, &[0]);
            b.define(
                5,
                206,
                false,
                &[
                    (0, 1, 0x02),
                    (1, 1, 0x02),
                    (2, 1, 0x02),
                    (3, 8, 0x07),
                    (8, 8, 0x07),
                    (14, 2, 0x84),
                    (15, 1, 0x02),
                ],
                &[],
            );
            let mut c = vec![0, 0, 0x84];
            c.extend_from_slice(b"Power\0\0\0");
            c.extend_from_slice(b"Watts\0\0\0");
            c.extend_from_slice(&20u16.to_le_bytes());
            c.push(7);
            b.data(5, &c);
            &[(0, 2, 0)]
        } else {
            &[]
        };
        // record: timestamp, lat, long, heart rate, compressed speed/distance
        b.define(
            2,
            20,
            false,
            &[
                (253, 4, 0x86),
                (0, 4, 0x85),
                (1, 4, 0x85),
                (3, 1, 0x02),
                (8, 3, 0x0D),
            ],
            dev,
        );
        for i in 0..self.records {
            let mut c = le32(self.start + i * 10).to_vec();
            c.extend_from_slice(&((39.70 * SEMICIRCLES) as i32).to_le_bytes());
            c.extend_from_slice(&((-104.97 * SEMICIRCLES) as i32).to_le_bytes());
            c.push((self.heart_rate)(i));
            // 3 m/s; 30 m per record in 1/16 m, rolling over at 4096.
            let speed = 300u32;
            let distance = (i * 30 * 16) & 0x0FFF;
            let packed = speed | (distance << 12);
            c.extend_from_slice(&packed.to_le_bytes()[..3]);
            if self.power {
                c.extend_from_slice(&250u16.to_le_bytes());
            }
            b.data(2, &c);
        }
        let elapsed = (self.records - 1) * 10;
        // session: start, sport, elapsed, (distance)
        let mut fields = vec![(2, 4, 0x86), (5, 1, 0x00), (7, 4, 0x86)];
        if self.distance_cm.is_some() {
            fields.push((9, 4, 0x86));
        }
        b.define(3, 18, false, &fields, &[]);
        let mut c = le32(self.start).to_vec();
        c.push(self.session_sport.unwrap_or(0xFF));
        c.extend_from_slice(&le32(elapsed * 1000));
        if let Some(cm) = self.distance_cm {
            c.extend_from_slice(&le32(cm));
        }
        b.data(3, &c);
        if let Some(offset) = self.offset {
            let end = self.start + elapsed;
            b.define(6, 34, false, &[(253, 4, 0x86), (5, 4, 0x86)], &[]);
            let mut c = le32(end).to_vec();
            c.extend_from_slice(&le32((i64::from(end) + i64::from(offset)) as u32));
            b.data(6, &c);
        }
        b
    }

    fn bytes(&self) -> Vec<u8> {
        self.builder().finish()
    }
}

#[test]
fn a_session_without_a_sport_takes_the_sport_message() {
    let run = Run {
        session_sport: None,
        sport_message: Some(1),
        ..Run::default()
    };
    let (acts, _) = decoded("nosport.fit", run.bytes());
    assert_eq!(acts[0].sport, Sport::Running);
}

#[test]
fn chained_files_each_keep_their_distance_and_offset() {
    // A run in Denver's winter time, then (chained) a ride 100 min later in a file that
    // states UTC+1.
    let first = Run::default();
    let second = Run {
        start: first.start + 6000,
        session_sport: Some(2),
        offset: Some(3600),
        ..Run::default()
    };
    let mut bytes = first.bytes();
    bytes.extend(second.bytes());
    let (acts, _) = decoded("chained.fit", bytes);
    assert_eq!(acts.len(), 2);
    assert_eq!(
        (acts[0].utc_offset_s, acts[0].offset_source),
        (-7 * 3600, OffsetSource::File)
    );
    assert_eq!(
        (acts[1].utc_offset_s, acts[1].offset_source),
        (3600, OffsetSource::File)
    );
    // 29 intervals of 30 m each, in both: the second file's accumulator starts again.
    assert_eq!(acts[0].distance.0, 870.0);
    assert_eq!(acts[1].distance.0, 870.0);
    let streams = acts[1].streams.as_ref().unwrap();
    assert_eq!(streams.distance_m[0], 0.0);
}

#[test]
fn a_chained_file_without_an_offset_does_not_borrow_the_first_files() {
    let first = Run::default();
    let second = Run {
        start: first.start + 6000,
        offset: None,
        ..Run::default()
    };
    let mut bytes = first.bytes();
    bytes.extend(second.bytes());
    let (acts, _) = decoded("chained.fit", bytes);
    // From its position in Denver instead.
    assert_eq!(acts[1].offset_source, OffsetSource::Position);
    assert_eq!(acts[1].utc_offset_s, -7 * 3600);
}

#[test]
fn a_crc_mismatch_is_recorded_on_the_activity() {
    let mut bytes = Run::default().bytes();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    let (acts, warnings) = decoded("badcrc.fit", bytes);
    assert!(acts[0].crc_mismatch);
    assert!(warnings.iter().any(|w| w.contains("CRC")), "{warnings:?}");
    let (good, _) = decoded("good.fit", Run::default().bytes());
    assert!(!good[0].crc_mismatch);
}

#[test]
fn developer_field_running_power_is_kept() {
    let run = Run {
        power: true,
        ..Run::default()
    };
    let (acts, _) = decoded("stryd.fit", run.bytes());
    let power = &acts[0].streams.as_ref().unwrap().power_w;
    assert_eq!(power.len(), 30);
    assert!(power.iter().all(|&w| w == 250), "{power:?}");
}

#[test]
fn a_fit_header_longer_than_14_bytes_is_read() {
    let plain = Run::default().bytes();
    // Same file with a 16-byte header: two more bytes after the header CRC.
    let mut longer = vec![16];
    longer.extend_from_slice(&plain[1..12]);
    let header_crc = crate::fit::reader::crc16(&longer);
    longer.extend_from_slice(&header_crc.to_le_bytes());
    longer.extend_from_slice(&[0, 0]);
    longer.extend_from_slice(&plain[14..plain.len() - 2]);
    let crc = crate::fit::reader::crc16(&longer);
    longer.extend_from_slice(&crc.to_le_bytes());
    let (acts, warnings) = decoded("long_header.fit", longer);
    assert_eq!(acts[0].distance.0, 870.0);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_cut_gpx_keeps_its_points_with_a_warning() {
    let doc = gpx("2026-12-15T04:00:00Z", 39.70, -104.97, 20);
    let cut = &doc[..doc.len() * 2 / 3];
    let (acts, warnings) = decoded("cut.gpx", cut.as_bytes().to_vec());
    let points = acts[0].streams.as_ref().unwrap().len();
    assert!((10..20).contains(&points), "{points}");
    assert!(
        warnings.iter().any(|w| w.contains("cut short")),
        "{warnings:?}"
    );
}

#[test]
fn a_cut_tcx_keeps_its_trackpoints_with_a_warning() {
    let mut doc = String::from(
        r#"<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2026-12-15T04:00:00Z</Id><Lap StartTime="2026-12-15T04:00:00Z"><Track>"#,
    );
    for i in 0..20 {
        let t = Utc.with_ymd_and_hms(2026, 12, 15, 4, 0, 0).unwrap()
            + chrono::Duration::seconds(i * 10);
        doc.push_str(&format!(
            "<Trackpoint><Time>{}</Time><HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>",
            t.to_rfc3339()
        ));
    }
    let cut = &doc[..doc.len() - 150];
    let (acts, warnings) = decoded("cut.tcx", cut.as_bytes().to_vec());
    let points = acts[0].streams.as_ref().unwrap().len();
    assert!((15..20).contains(&points), "{points}");
    assert!(
        warnings.iter().any(|w| w.contains("cut short")),
        "{warnings:?}"
    );
}

#[test]
fn heart_rate_glitches_are_dropped_one_by_one() {
    // A 250 bpm spike among 150s: dropped, so the max is 150 and the run is kept.
    let run = Run {
        heart_rate: |i| if i == 7 { 250 } else { 150 },
        ..Run::default()
    };
    let (acts, _) = decoded("spike.fit", run.bytes());
    let hr = acts[0].heart_rate.unwrap();
    assert_eq!(hr.max.0, 150.0);
    let stream = &acts[0].streams.as_ref().unwrap().heart_rate_bpm;
    assert_eq!(stream[7], 0);
    assert_eq!(stream.iter().filter(|&&b| b == 150).count(), 29);
}

#[test]
fn a_fit_run_faster_than_the_world_record_is_kept_but_flagged() {
    // The session claims 10.2 km in 290 s.
    let run = Run {
        distance_cm: Some(1_020_000),
        ..Run::default()
    };
    let (acts, _) = decoded("fast.fit", run.bytes());
    let reason = acts[0].implausible.as_deref().expect("flagged");
    assert!(reason.contains("world record"), "{reason}");
    let (fine, _) = decoded("fine.fit", Run::default().bytes());
    assert_eq!(fine[0].implausible, None);
}

#[test]
fn a_gpx_or_tcx_time_written_with_an_offset_gives_the_offset() {
    let doc = r#"<gpx version="1.1"><trk><type>running</type><trkseg>
        <trkpt lat="51.5" lon="-0.1"><time>2026-12-14T21:00:00-07:00</time></trkpt>
        <trkpt lat="51.5003" lon="-0.1"><time>2026-12-14T21:00:10-07:00</time></trkpt>
        </trkseg></trk></gpx>"#;
    let (acts, _) = decoded("offset.gpx", doc.as_bytes().to_vec());
    assert_eq!(acts[0].offset_source, OffsetSource::File);
    assert_eq!(acts[0].utc_offset_s, -7 * 3600);
    assert_eq!(acts[0].local_date(), date(2026, 12, 14));
    let tcx = r#"<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2026-12-15T06:00:00+11:00</Id><Lap StartTime="2026-12-15T06:00:00+11:00"><Track>
        <Trackpoint><Time>2026-12-15T06:00:00+11:00</Time><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>
        <Trackpoint><Time>2026-12-15T06:00:10+11:00</Time><HeartRateBpm><Value>141</Value></HeartRateBpm></Trackpoint>
        </Track></Lap></Activity></Activities></TrainingCenterDatabase>"#;
    let (acts, _) = decoded("offset.tcx", tcx.as_bytes().to_vec());
    assert_eq!(acts[0].offset_source, OffsetSource::File);
    assert_eq!(acts[0].utc_offset_s, 11 * 3600);
    assert_eq!(acts[0].local_date(), date(2026, 12, 15));
}

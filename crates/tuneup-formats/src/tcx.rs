//! Garmin Training Center (TCX) files, read as a stream with `quick-xml`: activities with
//! their laps and trackpoints (time, position, altitude, distance, heart rate, cadence or
//! the `RunCadence` extension, speed and watts extensions). Courses are counted, not kept.

use crate::error::DecodeError;
use crate::recording::{Recording, Sample, Totals, sport_from_name};
use crate::xml;
use chrono::{DateTime, Utc};
use quick_xml::Reader;
use quick_xml::events::Event;

/// A TCX document as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TcxFile {
    pub activities: Vec<TcxActivity>,
    pub courses: usize,
    /// Where and why reading stopped early, when the document is cut short after some
    /// trackpoints (they are kept).
    pub cut: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TcxActivity {
    /// The `Sport` attribute as written ("Running", "Biking", "Other").
    pub sport: Option<String>,
    /// The activity's `Id`, its start time.
    pub id: Option<DateTime<Utc>>,
    /// `Creator/Name`.
    pub device: Option<String>,
    pub laps: Vec<Lap>,
    /// Number of `Track` elements.
    pub tracks: usize,
    pub trackpoints: Vec<Trackpoint>,
    /// The local offset its `Id` or first trackpoint time states (`…T21:00:00-07:00`).
    pub stated_offset: Option<i32>,
    /// Trackpoint index where each `Track` begins.
    pub track_starts: Vec<usize>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lap {
    pub start_time: Option<DateTime<Utc>>,
    pub total_time_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub average_heart_rate: Option<f64>,
    pub maximum_heart_rate: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Trackpoint {
    pub time: Option<DateTime<Utc>>,
    pub latitude_deg: Option<f64>,
    pub longitude_deg: Option<f64>,
    pub altitude_m: Option<f64>,
    pub distance_m: Option<f64>,
    pub heart_rate: Option<u8>,
    /// `Cadence` (rpm) or the `RunCadence` extension (strides per minute).
    pub cadence: Option<u8>,
    pub speed_mps: Option<f64>,
    pub power_w: Option<u16>,
}

#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Outside,
    Activity,
    Lap,
    Trackpoint,
    Course,
}

/// Reads a TCX document. Errors carry the line where the XML broke.
pub fn parse(file: &str, bytes: &[u8]) -> Result<TcxFile, DecodeError> {
    let text = xml::text_of(bytes);
    let mut reader = Reader::from_str(&text);
    let mut tcx = TcxFile::default();
    let mut scope = Scope::Outside;
    // Local names of open elements, for "Value inside AverageHeartRateBpm" questions.
    let mut path: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut point = Trackpoint::default();
    let mut in_creator = false;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            // A cut file (a sync that stopped, a full disk): keep the points read so far.
            Err(e)
                if xml::is_cut(&e) && tcx.activities.iter().any(|a| !a.trackpoints.is_empty()) =>
            {
                let line = xml::line_at(&text, reader.error_position());
                tcx.cut = Some(format!(
                    "file cut short at line {line} ({e}): kept what came before"
                ));
                break;
            }
            Err(e) => return Err(xml::error(file, &text, reader.error_position(), e)),
        };
        match event {
            Event::Start(e) => {
                buf.clear();
                if path.len() >= xml::MAX_DEPTH {
                    return Err(xml::error(
                        file,
                        &text,
                        reader.buffer_position(),
                        format!("elements nested more than {} deep", xml::MAX_DEPTH),
                    ));
                }
                let name = xml::local(e.name().as_ref()).to_string();
                match (scope, name.as_str()) {
                    (Scope::Outside, "Activity") => {
                        let mut activity = TcxActivity::default();
                        for attr in e.attributes().flatten() {
                            if xml::local(attr.key.as_ref()) == "Sport" {
                                activity.sport = Some(attr.value.trim().to_string());
                            }
                        }
                        tcx.activities.push(activity);
                        scope = Scope::Activity;
                    }
                    (Scope::Outside, "Course") => {
                        tcx.courses += 1;
                        scope = Scope::Course;
                    }
                    (Scope::Activity | Scope::Lap, "Lap") => {
                        let mut lap = Lap::default();
                        for attr in e.attributes().flatten() {
                            if xml::local(attr.key.as_ref()) == "StartTime" {
                                lap.start_time = xml::parse_time(&attr.value);
                            }
                        }
                        if let Some(a) = tcx.activities.last_mut() {
                            a.laps.push(lap);
                        }
                        scope = Scope::Lap;
                    }
                    (Scope::Activity | Scope::Lap, "Track") => {
                        if let Some(a) = tcx.activities.last_mut() {
                            a.tracks += 1;
                            a.track_starts.push(a.trackpoints.len());
                        }
                    }
                    (Scope::Activity | Scope::Lap, "Trackpoint") => {
                        point = Trackpoint::default();
                        scope = Scope::Trackpoint;
                    }
                    (Scope::Activity, "Creator") => in_creator = true,
                    _ => {}
                }
                path.push(name);
            }
            Event::Empty(e) => {
                // `<Track/>` and `<Lap .../>` happen (sports-lib exports); count them.
                let qname = e.name();
                let name = xml::local(qname.as_ref());
                if let (Scope::Activity | Scope::Lap, Some(a)) = (scope, tcx.activities.last_mut())
                {
                    match name {
                        "Track" => {
                            a.tracks += 1;
                            a.track_starts.push(a.trackpoints.len());
                        }
                        "Lap" => a.laps.push(Lap::default()),
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                let qname = e.name();
                let name = xml::local(qname.as_ref());
                let parent = path.len().checked_sub(2).and_then(|i| path.get(i));
                element_text(
                    buf.trim(),
                    name,
                    parent.map_or("", String::as_str),
                    scope,
                    in_creator,
                    &mut tcx,
                    &mut point,
                );
                buf.clear();
                path.pop();
                match (scope, name) {
                    (Scope::Trackpoint, "Trackpoint") => {
                        if let Some(a) = tcx.activities.last_mut() {
                            if a.track_starts.is_empty() {
                                a.track_starts.push(0);
                            }
                            a.trackpoints.push(point);
                        }
                        scope = if path.iter().any(|p| p == "Lap") {
                            Scope::Lap
                        } else {
                            Scope::Activity
                        };
                    }
                    (Scope::Lap, "Lap") => scope = Scope::Activity,
                    (Scope::Activity, "Activity") | (Scope::Course, "Course") => {
                        scope = Scope::Outside
                    }
                    (_, "Creator") => in_creator = false,
                    _ => {}
                }
            }
            Event::Text(t) => buf.push_str(&t),
            Event::CData(t) => buf.push_str(&t),
            Event::GeneralRef(r) => xml::push_entity(&mut buf, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tcx)
}

fn element_text(
    value: &str,
    name: &str,
    parent: &str,
    scope: Scope,
    in_creator: bool,
    tcx: &mut TcxFile,
    p: &mut Trackpoint,
) {
    if value.is_empty() {
        return;
    }
    let Some(activity) = tcx.activities.last_mut() else {
        return;
    };
    match scope {
        Scope::Trackpoint => match (name, parent) {
            ("Time", _) => {
                p.time = xml::parse_time(value);
                if activity.trackpoints.is_empty() && activity.stated_offset.is_none() {
                    activity.stated_offset = xml::stated_offset(value);
                }
            }
            ("LatitudeDegrees", _) => p.latitude_deg = xml::number(value),
            ("LongitudeDegrees", _) => p.longitude_deg = xml::number(value),
            ("AltitudeMeters", _) => p.altitude_m = xml::number(value),
            ("DistanceMeters", "Trackpoint") => p.distance_m = xml::number(value),
            ("Value", "HeartRateBpm") => p.heart_rate = xml::byte_reading(value),
            ("Cadence" | "RunCadence", _) => {
                p.cadence = p.cadence.or(xml::byte_reading(value));
            }
            ("Speed", _) => p.speed_mps = xml::number(value).filter(|v| *v >= 0.0),
            ("Watts", _) => {
                p.power_w = xml::number(value)
                    .filter(|v| *v > 0.0)
                    .map(|v| v.round().min(f64::from(u16::MAX)) as u16)
            }
            _ => {}
        },
        Scope::Lap => {
            let Some(lap) = activity.laps.last_mut() else {
                return;
            };
            match (name, parent) {
                ("TotalTimeSeconds", "Lap") => lap.total_time_s = xml::number(value),
                ("DistanceMeters", "Lap") => lap.distance_m = xml::number(value),
                ("Value", "AverageHeartRateBpm") => lap.average_heart_rate = xml::number(value),
                ("Value", "MaximumHeartRateBpm") => lap.maximum_heart_rate = xml::number(value),
                _ => {}
            }
        }
        Scope::Activity => match name {
            "Id" if parent == "Activity" => {
                activity.id = xml::parse_time(value);
                activity.stated_offset = xml::stated_offset(value);
            }
            "Name" if in_creator && activity.device.is_none() => {
                activity.device = Some(value.to_string())
            }
            _ => {}
        },
        Scope::Outside | Scope::Course => {}
    }
}

/// One recording per TCX activity, or the reason there is none.
pub(crate) fn recordings(
    file: &str,
    bytes: &[u8],
    warnings: &mut Vec<String>,
) -> Result<Result<Vec<Recording>, String>, DecodeError> {
    let tcx = parse(file, bytes)?;
    if let Some(cut) = &tcx.cut {
        warnings.push(cut.clone());
    }
    if tcx.activities.is_empty() {
        let reason = if tcx.courses > 0 {
            "TCX with courses only (a plan, not a recording)"
        } else {
            "TCX without activities"
        };
        return Ok(Err(reason.to_string()));
    }
    let mut out = Vec::new();
    for activity in &tcx.activities {
        let sport = activity
            .sport
            .as_deref()
            .map_or(tuneup_core::vocab::Sport::Other, sport_from_name);
        let mut rec = Recording::new(sport);
        rec.device = activity.device.clone();
        rec.utc_offset_s = activity.stated_offset;
        rec.start = activity
            .id
            .or_else(|| activity.laps.first().and_then(|l| l.start_time));
        rec.totals = lap_totals(&activity.laps);
        rec.segment_starts.clear();
        let mut untimed = 0;
        for (i, tp) in activity.trackpoints.iter().enumerate() {
            if activity.track_starts.contains(&i) {
                rec.segment_starts.push(rec.samples.len());
            }
            let Some(time) = tp.time else {
                untimed += 1;
                continue;
            };
            let mut s = Sample::at(time.timestamp_millis() as f64 / 1000.0);
            s.lat = tp.latitude_deg.unwrap_or(f64::NAN);
            s.lon = tp.longitude_deg.unwrap_or(f64::NAN);
            s.altitude = tp.altitude_m.unwrap_or(f64::NAN);
            s.distance = tp.distance_m.unwrap_or(f64::NAN);
            s.speed = tp.speed_mps.unwrap_or(f64::NAN);
            s.heart_rate = tp.heart_rate.unwrap_or(0);
            s.cadence = tp.cadence.map_or(f64::NAN, f64::from);
            s.power = tp.power_w.unwrap_or(0);
            rec.samples.push(s);
        }
        if rec.segment_starts.is_empty() {
            rec.segment_starts.push(0);
        }
        if untimed > 0 {
            warnings.push(format!("{untimed} TCX trackpoints without a time skipped"));
        }
        if let Some(first) = rec.samples.first().map(|s| s.time) {
            let start = rec
                .start
                .map_or(first, |s| s.timestamp_millis() as f64 / 1000.0);
            let last = rec.samples.last().map_or(first, |s| s.time);
            // Elapsed runs from the start to the last trackpoint; lap times are timer time.
            rec.totals.elapsed = Some((last - start).max(rec.totals.timer.unwrap_or(0.0)));
        } else {
            rec.totals.elapsed = rec.totals.timer;
        }
        out.push(rec);
    }
    Ok(Ok(out))
}

/// Sums of the laps: distance, timer time, time-weighted average heart rate, highest max.
fn lap_totals(laps: &[Lap]) -> Totals {
    let sum = |get: fn(&Lap) -> Option<f64>| {
        let values: Vec<f64> = laps.iter().filter_map(get).collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>())
    };
    let weighted: Vec<(f64, f64)> = laps
        .iter()
        .filter_map(|l| Some((l.average_heart_rate?, l.total_time_s?)))
        .filter(|(hr, t)| *hr > 0.0 && *t > 0.0)
        .collect();
    let weight: f64 = weighted.iter().map(|(_, t)| t).sum();
    Totals {
        elapsed: None,
        timer: sum(|l| l.total_time_s),
        distance: sum(|l| l.distance_m),
        ascent: None,
        hr_avg: (weight > 0.0)
            .then(|| (weighted.iter().map(|(hr, t)| hr * t).sum::<f64>() / weight).round()),
        hr_max: laps
            .iter()
            .filter_map(|l| l.maximum_heart_rate)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = r#"<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities>
  <Activity Sport="Running">
   <Id>2013-06-01T17:32:20Z</Id>
   <Lap StartTime="2013-06-01T17:32:20Z">
    <TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>200</DistanceMeters>
    <AverageHeartRateBpm><Value>130</Value></AverageHeartRateBpm>
    <MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm>
    <Track>
     <Trackpoint><Time>2013-06-01T17:32:20Z</Time>
      <Position><LatitudeDegrees>50.0</LatitudeDegrees><LongitudeDegrees>-1.0</LongitudeDegrees></Position>
      <AltitudeMeters>80</AltitudeMeters><DistanceMeters>0</DistanceMeters>
      <HeartRateBpm><Value>120</Value></HeartRateBpm>
      <Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Speed>3.3</Speed><RunCadence>86</RunCadence></TPX></Extensions>
     </Trackpoint>
     <Trackpoint><Time>2013-06-01T17:33:20Z</Time><DistanceMeters>200</DistanceMeters>
      <HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>
    </Track>
   </Lap>
   <Lap StartTime="2013-06-01T17:33:20Z"><TotalTimeSeconds>30</TotalTimeSeconds><DistanceMeters>100</DistanceMeters>
    <AverageHeartRateBpm><Value>160</Value></AverageHeartRateBpm></Lap>
   <Creator><Name>Forerunner 310XT</Name></Creator>
  </Activity>
 </Activities>
</TrainingCenterDatabase>"#;

    #[test]
    fn laps_trackpoints_and_extensions() {
        let tcx = parse("r.tcx", RUN.as_bytes()).unwrap();
        let a = &tcx.activities[0];
        assert_eq!(a.sport.as_deref(), Some("Running"));
        assert_eq!(a.laps.len(), 2);
        assert_eq!(a.trackpoints.len(), 2);
        assert_eq!(a.device.as_deref(), Some("Forerunner 310XT"));
        let tp = a.trackpoints[0];
        assert_eq!(
            (tp.heart_rate, tp.cadence, tp.speed_mps),
            (Some(120), Some(86), Some(3.3))
        );
        assert_eq!(a.trackpoints[1].distance_m, Some(200.0));
        assert_eq!(a.laps[0].average_heart_rate, Some(130.0));
    }

    #[test]
    fn lap_totals_make_the_summary() {
        let recs = recordings("r.tcx", RUN.as_bytes(), &mut Vec::new())
            .unwrap()
            .unwrap();
        let t = recs[0].totals;
        assert_eq!(t.distance, Some(300.0));
        assert_eq!(t.timer, Some(90.0));
        // (130*60 + 160*30) / 90 = 140
        assert_eq!(t.hr_avg, Some(140.0));
        assert_eq!(t.hr_max, Some(150.0));
        assert_eq!(t.elapsed, Some(90.0));
    }

    #[test]
    fn courses_are_not_activities() {
        let doc = r#"<TrainingCenterDatabase><Courses><Course><Track><Trackpoint><Time>2012-01-04T00:00:00Z</Time></Trackpoint></Track></Course></Courses></TrainingCenterDatabase>"#;
        let tcx = parse("c.tcx", doc.as_bytes()).unwrap();
        assert_eq!((tcx.courses, tcx.activities.len()), (1, 0));
        assert!(
            recordings("c.tcx", doc.as_bytes(), &mut Vec::new())
                .unwrap()
                .is_err()
        );
    }
}

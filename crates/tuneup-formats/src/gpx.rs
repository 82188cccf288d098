//! GPX 1.0 and 1.1 tracks, read as a stream with `quick-xml`: track points with elevation,
//! time and Garmin TrackPointExtension v1/v2 heart rate and cadence (matched by local element
//! name, so any namespace prefix works). Routes and waypoints are counted, not kept: they are
//! plans, not recordings.

use crate::derive;
use crate::error::DecodeError;
use crate::recording::{Recording, Sample, sport_from_name};
use crate::xml;
use chrono::{DateTime, Utc};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use tuneup_core::vocab::Sport;

/// A GPX document as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GpxFile {
    pub version: Option<String>,
    pub creator: Option<String>,
    /// The document's name (metadata or, in GPX 1.0, the root's `name`).
    pub name: Option<String>,
    pub tracks: Vec<Track>,
    pub routes: usize,
    pub route_points: usize,
    pub waypoints: usize,
    /// Where and why reading stopped early, when the document is cut short after some
    /// track points (they are kept).
    pub cut: Option<String>,
    /// The local offset the first track point's time states (`…T21:00:00-07:00`).
    pub stated_offset: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Track {
    pub name: Option<String>,
    /// The track's `type` as written ("running", "9", "Ride"...).
    pub kind: Option<String>,
    pub segments: Vec<Vec<Point>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
    pub elevation: Option<f64>,
    pub time: Option<DateTime<Utc>>,
    pub heart_rate: Option<u8>,
    pub cadence: Option<u8>,
    pub power: Option<u16>,
}

impl GpxFile {
    /// Every track point, in file order.
    pub fn points(&self) -> impl Iterator<Item = &Point> {
        self.tracks.iter().flat_map(|t| t.segments.iter().flatten())
    }

    /// Length of all track segments in metres (haversine, segments not bridged).
    pub fn length_2d(&self) -> f64 {
        self.tracks
            .iter()
            .flat_map(|t| &t.segments)
            .map(|seg| {
                seg.windows(2)
                    .map(|w| derive::haversine(w[0].lat, w[0].lon, w[1].lat, w[1].lon).0)
                    // A point without a readable position adds nothing.
                    .filter(|d| d.is_finite())
                    .sum::<f64>()
            })
            .sum()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Document,
    Metadata,
    Track,
    Point,
    Other,
}

/// Reads a GPX document. Errors carry the line where the XML broke.
pub fn parse(file: &str, bytes: &[u8]) -> Result<GpxFile, DecodeError> {
    let text = xml::text_of(bytes);
    let mut reader = Reader::from_str(&text);
    let mut gpx = GpxFile::default();
    let mut scope = Scope::Document;
    // Depth of unknown containers (rte, wpt, ...) to ignore names inside them.
    let mut other_depth = 0usize;
    let mut text_buf = String::new();
    let mut point: Option<Point> = None;
    // Elements open now: the reader keeps each one's name until it closes, so a file of
    // endless nesting is refused at a depth no real GPX reaches (as TCX is).
    let mut depth = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            // A cut file (a sync that stopped, a full disk): keep the points read so far.
            Err(e) if xml::is_cut(&e) && gpx.points().next().is_some() => {
                let line = xml::line_at(&text, reader.error_position());
                gpx.cut = Some(format!(
                    "file cut short at line {line} ({e}): kept what came before"
                ));
                break;
            }
            Err(e) => return Err(xml::error(file, &text, reader.error_position(), e)),
        };
        match event {
            Event::Start(e) => {
                text_buf.clear();
                depth += 1;
                if depth > xml::MAX_DEPTH {
                    return Err(xml::error(
                        file,
                        &text,
                        reader.buffer_position(),
                        format!("elements nested more than {} deep", xml::MAX_DEPTH),
                    ));
                }
                let qname = e.name();
                let name = xml::local(qname.as_ref());
                if scope == Scope::Other {
                    other_depth += 1;
                    continue;
                }
                match name {
                    "gpx" => read_root(&e, &mut gpx),
                    "metadata" => scope = Scope::Metadata,
                    "trk" => {
                        gpx.tracks.push(Track::default());
                        scope = Scope::Track;
                    }
                    "trkseg" if scope == Scope::Track => {
                        if let Some(track) = gpx.tracks.last_mut() {
                            track.segments.push(Vec::new());
                        }
                    }
                    "trkpt" if scope == Scope::Track => {
                        point = Some(read_point(&e));
                        scope = Scope::Point;
                    }
                    "rte" | "wpt" if scope == Scope::Document => {
                        if name == "rte" {
                            gpx.routes += 1;
                        } else {
                            gpx.waypoints += 1;
                        }
                        scope = Scope::Other;
                        other_depth = 1;
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let qname = e.name();
                let name = xml::local(qname.as_ref());
                match (name, scope) {
                    ("trkpt", Scope::Track) => push_point(&mut gpx, read_point(&e)),
                    ("wpt", Scope::Document) => gpx.waypoints += 1,
                    ("rtept", Scope::Other) => gpx.route_points += 1,
                    ("gpx", _) => read_root(&e, &mut gpx),
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let qname = e.name();
                let name = xml::local(qname.as_ref());
                element_text(text_buf.trim(), name, scope, &mut gpx, point.as_mut());
                text_buf.clear();
                match scope {
                    Scope::Other => {
                        if name == "rtept" {
                            gpx.route_points += 1;
                        }
                        other_depth = other_depth.saturating_sub(1);
                        if other_depth == 0 {
                            scope = Scope::Document;
                        }
                    }
                    Scope::Point if name == "trkpt" => {
                        if let Some(p) = point.take() {
                            push_point(&mut gpx, p);
                        }
                        scope = Scope::Track;
                    }
                    Scope::Track if name == "trk" => scope = Scope::Document,
                    Scope::Metadata if name == "metadata" => scope = Scope::Document,
                    _ => {}
                }
            }
            Event::Text(t) => text_buf.push_str(&t),
            Event::CData(t) => text_buf.push_str(&t),
            Event::GeneralRef(r) => xml::push_entity(&mut text_buf, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(gpx)
}

fn read_root(e: &BytesStart<'_>, gpx: &mut GpxFile) {
    for attr in e.attributes().flatten() {
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .ok();
        match xml::local(attr.key.as_ref()) {
            "version" => gpx.version = value,
            "creator" => gpx.creator = value,
            _ => {}
        }
    }
}

fn read_point(e: &BytesStart<'_>) -> Point {
    let mut p = Point {
        lat: f64::NAN,
        lon: f64::NAN,
        elevation: None,
        time: None,
        heart_rate: None,
        cadence: None,
        power: None,
    };
    for attr in e.attributes().flatten() {
        match xml::local(attr.key.as_ref()) {
            "lat" => p.lat = xml::number(&attr.value).unwrap_or(f64::NAN),
            "lon" => p.lon = xml::number(&attr.value).unwrap_or(f64::NAN),
            _ => {}
        }
    }
    p
}

fn push_point(gpx: &mut GpxFile, p: Point) {
    if gpx.tracks.is_empty() {
        gpx.tracks.push(Track::default());
    }
    let Some(track) = gpx.tracks.last_mut() else {
        return;
    };
    if track.segments.is_empty() {
        // GPX 1.0 writers sometimes omit trkseg.
        track.segments.push(Vec::new());
    }
    if let Some(segment) = track.segments.last_mut() {
        segment.push(p);
    }
}

fn element_text(
    value: &str,
    current: &str,
    scope: Scope,
    gpx: &mut GpxFile,
    point: Option<&mut Point>,
) {
    if value.is_empty() {
        return;
    }
    match scope {
        Scope::Point => {
            let Some(p) = point else { return };
            match current {
                "ele" => p.elevation = xml::number(value),
                "time" => {
                    p.time = xml::parse_time(value);
                    if gpx.stated_offset.is_none()
                        && gpx
                            .tracks
                            .iter()
                            .all(|t| t.segments.iter().all(Vec::is_empty))
                    {
                        gpx.stated_offset = xml::stated_offset(value);
                    }
                }
                "hr" | "heartrate" | "heart_rate" => p.heart_rate = xml::byte_reading(value),
                "cad" | "cadence" => p.cadence = xml::byte_reading(value),
                "power" | "watts" | "PowerInWatts" => {
                    p.power = xml::number(value)
                        .filter(|v| *v > 0.0)
                        .map(|v| v.round().min(f64::from(u16::MAX)) as u16)
                }
                _ => {}
            }
        }
        Scope::Track => {
            if let Some(track) = gpx.tracks.last_mut() {
                match current {
                    "name" if track.name.is_none() => track.name = Some(value.to_string()),
                    "type" if track.kind.is_none() => track.kind = Some(value.to_string()),
                    _ => {}
                }
            }
        }
        Scope::Metadata | Scope::Document => {
            if current == "name" && gpx.name.is_none() {
                gpx.name = Some(value.to_string());
            }
        }
        Scope::Other => {}
    }
}

/// One recording for the whole file (all tracks, one segment each trkseg), or the reason
/// there is no activity.
pub(crate) fn recordings(
    file: &str,
    bytes: &[u8],
    warnings: &mut Vec<String>,
) -> Result<Result<Vec<Recording>, String>, DecodeError> {
    let gpx = parse(file, bytes)?;
    if let Some(cut) = &gpx.cut {
        warnings.push(cut.clone());
    }
    let total = gpx.points().count();
    if total == 0 {
        let reason = if gpx.routes > 0 || gpx.waypoints > 0 {
            "GPX with routes or waypoints only (a plan, not a recording)"
        } else {
            "GPX without track points"
        };
        return Ok(Err(reason.to_string()));
    }
    let timed = gpx.points().filter(|p| p.time.is_some()).count();
    if timed == 0 {
        return Ok(Err(
            "GPX track without times (a planned route, not a recording)".to_string(),
        ));
    }
    if timed < total {
        warnings.push(format!(
            "{} GPX points without a time skipped",
            total - timed
        ));
    }
    let track = gpx
        .tracks
        .iter()
        .find(|t| t.kind.is_some() || t.name.is_some());
    let sport = track
        .and_then(|t| t.kind.as_deref())
        .map_or(Sport::Other, sport_from_name);
    let title = track.and_then(|t| t.name.clone()).or(gpx.name.clone());
    // Strava's GPX has no type, but its default names end with the sport ("Afternoon Run").
    let sport = match (
        sport,
        title.as_deref().and_then(|t| t.split_whitespace().last()),
    ) {
        (Sport::Other, Some(last)) if last.chars().all(|c| c.is_ascii_alphabetic()) => {
            sport_from_name(last)
        }
        (sport, _) => sport,
    };
    let mut rec = Recording::new(sport);
    rec.title = title;
    rec.device = gpx.creator.clone();
    rec.utc_offset_s = gpx.stated_offset;
    rec.segment_starts.clear();
    for segment in gpx.tracks.iter().flat_map(|t| &t.segments) {
        rec.segment_starts.push(rec.samples.len());
        for p in segment {
            let Some(time) = p.time else { continue };
            let mut s = Sample::at(time.timestamp_millis() as f64 / 1000.0);
            s.lat = p.lat;
            s.lon = p.lon;
            s.altitude = p.elevation.unwrap_or(f64::NAN);
            s.heart_rate = p.heart_rate.unwrap_or(0);
            s.cadence = p.cadence.map_or(f64::NAN, f64::from);
            s.power = p.power.unwrap_or(0);
            rec.samples.push(s);
        }
    }
    Ok(Ok(vec![rec]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_SEGMENTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="hand" xmlns="http://www.topografix.com/GPX/1/1"
     xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">
  <trk><name>Morning &amp; run</name>
    <trkseg>
      <trkpt lat="45.0" lon="7.0"><ele>100</ele><time>2024-05-01T06:00:00Z</time>
        <extensions><ns3:TrackPointExtension><ns3:hr>120</ns3:hr><ns3:cad>85</ns3:cad></ns3:TrackPointExtension></extensions>
      </trkpt>
      <trkpt lat="45.001" lon="7.0"><ele>104</ele><time>2024-05-01T06:00:30Z</time></trkpt>
    </trkseg>
    <trkseg>
      <trkpt lat="45.01" lon="7.0"><time>2024-05-01T06:10:00Z</time></trkpt>
      <trkpt lat="45.011" lon="7.0"><time>2024-05-01T06:10:30Z</time></trkpt>
    </trkseg>
  </trk>
  <rte><rtept lat="1" lon="2"/><rtept lat="1" lon="3"></rtept></rte>
</gpx>"#;

    #[test]
    fn tracks_segments_and_extensions() {
        let gpx = parse("t.gpx", TWO_SEGMENTS.as_bytes()).unwrap();
        assert_eq!(gpx.version.as_deref(), Some("1.1"));
        assert_eq!(gpx.tracks.len(), 1);
        assert_eq!(gpx.tracks[0].segments.len(), 2);
        assert_eq!(gpx.points().count(), 4);
        assert_eq!((gpx.routes, gpx.route_points), (1, 2));
        let first = gpx.points().next().unwrap();
        assert_eq!((first.heart_rate, first.cadence), (Some(120), Some(85)));
        assert_eq!(first.elevation, Some(100.0));
        // two 111 m steps, the gap between segments is not counted
        assert!((gpx.length_2d() - 222.4).abs() < 1.0, "{}", gpx.length_2d());
    }

    #[test]
    fn activity_from_gpx_doubles_run_cadence_and_skips_the_segment_gap() {
        // No <type>: the sport comes from the last word of the name, as Strava names them.
        let mut warnings = Vec::new();
        let recs = recordings("t.gpx", TWO_SEGMENTS.as_bytes(), &mut warnings)
            .unwrap()
            .unwrap();
        let origin = crate::recording::Origin {
            kind: tuneup_core::model::SourceKind::Gpx,
            sha256: "x",
            file_name: "t.gpx",
        };
        let a = crate::recording::build(recs.into_iter().next().unwrap(), &origin).unwrap();
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.title.as_deref(), Some("Morning & run"));
        assert_eq!(a.elapsed.0, 630.0);
        assert_eq!(a.moving.0, 60.0);
        assert!((a.distance.0 - 222.4).abs() < 1.0);
        assert_eq!(a.streams.unwrap().cadence_spm[0], 170);
    }

    #[test]
    fn a_route_only_file_is_not_an_activity() {
        let doc = r#"<gpx version="1.0"><rte><rtept lat="1" lon="2"/></rte></gpx>"#;
        let outcome = recordings("r.gpx", doc.as_bytes(), &mut Vec::new()).unwrap();
        assert!(outcome.unwrap_err().contains("routes"));
    }

    #[test]
    fn broken_xml_names_the_line() {
        let doc = "<gpx version=\"1.1\">\n<trk>\n<trkseg>\n</trk>\n</gpx>";
        match parse("b.gpx", doc.as_bytes()) {
            Err(DecodeError::Xml { line, .. }) => assert_eq!(line, 4),
            other => panic!("expected an XML error, got {other:?}"),
        }
    }
}

//! Hostile and unusual inputs from `shared/crashers/` (issue 14), scaled down and made here:
//! what the decoders and the walker must accept, and what they must refuse per file with a
//! clear reason.

use tuneup_formats::{Decoded, SourceFile, decode, walk};

/// A small timed GPX track (a 5-minute run), with `prolog` between the XML declaration and
/// `<gpx>`.
fn gpx_with_prolog(prolog: &str) -> String {
    let mut gpx = format!(
        "<?xml version=\"1.0\"?>\n{prolog}\n<gpx version=\"1.1\" creator=\"robust\"><trk><type>running</type><trkseg>"
    );
    for i in 0..60 {
        gpx.push_str(&format!(
            "<trkpt lat=\"{:.5}\" lon=\"7.0\"><ele>100</ele><time>2031-01-01T07:{:02}:{:02}Z</time></trkpt>",
            45.0 + f64::from(i) * 0.0001,
            i * 5 / 60,
            i * 5 % 60
        ));
    }
    gpx.push_str("</trkseg></trk></gpx>\n");
    gpx
}

fn one_activity(name: &str, bytes: Vec<u8>) -> tuneup_core::model::Activity {
    match decode(&SourceFile::new(name, bytes)) {
        Ok(Decoded::Activities { mut activities, .. }) => {
            assert_eq!(activities.len(), 1, "{name}");
            activities.remove(0)
        }
        other => panic!("{name}: {other:?}"),
    }
}

/// `longcomment.gpx`, `dtd.gpx` and UTF-16: valid GPX that was ignored with exit 0.
#[test]
fn valid_gpx_with_a_long_comment_a_dtd_or_utf16_decodes() {
    let plain = one_activity("plain.gpx", gpx_with_prolog("").into_bytes());
    let comment = format!("<!-- {} -->", "x".repeat(30_000));
    let long = one_activity("long.gpx", gpx_with_prolog(&comment).into_bytes());
    assert_eq!(long.distance, plain.distance);
    let dtd = one_activity(
        "dtd.gpx",
        gpx_with_prolog("<!DOCTYPE gpx [<!ENTITY a \"b\">]>").into_bytes(),
    );
    assert_eq!(dtd.distance, plain.distance);
    let text = gpx_with_prolog("").replace(
        "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    );
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for (name, bytes) in [("le.gpx", le), ("be.gpx", be)] {
        let a = one_activity(name, bytes);
        assert_eq!(a.distance, plain.distance, "{name}");
        assert_eq!(a.start, plain.start, "{name}");
    }
}

/// The walker reads past the first 4 KB when an XML prolog runs longer.
#[test]
fn the_walker_finds_gpx_behind_a_long_comment() {
    let dir = tempfile::tempdir().unwrap();
    let comment = format!("<!-- {} -->", "x".repeat(30_000));
    std::fs::write(dir.path().join("long.gpx"), gpx_with_prolog(&comment)).unwrap();
    std::fs::write(dir.path().join("notes.xml"), format!("{comment}<notes/>")).unwrap();
    let mut walk = walk([dir.path()]);
    let found: Vec<String> = walk.by_ref().map(|f| f.unwrap().name).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with("long.gpx"));
    assert_eq!(walk.skipped(), 1, "notes.xml is XML but no activity");
}

/// A TCX with one lap, its `TotalTimeSeconds` and `DistanceMeters` as given.
fn tcx_lap(total_time: &str, distance: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>
  <Lap StartTime="2026-03-01T08:00:00Z">
   <TotalTimeSeconds>{total_time}</TotalTimeSeconds><DistanceMeters>{distance}</DistanceMeters>
   <Track>
    <Trackpoint><Time>2026-03-01T08:00:00Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint>
    <Trackpoint><Time>2026-03-01T10:30:00Z</Time><DistanceMeters>20000</DistanceMeters></Trackpoint>
   </Track>
  </Lap>
 </Activity></Activities>
</TrainingCenterDatabase>"#
    )
    .into_bytes()
}

fn refusal(name: &str, bytes: Vec<u8>) -> String {
    match decode(&SourceFile::new(name, bytes)) {
        Err(err @ tuneup_formats::DecodeError::Implausible { .. }) => err.to_string(),
        other => panic!("{name}: expected a refusal, got {other:?}"),
    }
}

/// `huge_totaltime.tcx` (a lap of 1e30 s), a total time of 1e300, `bignum_distance_min.tcx`
/// (1e300 m) and `session_float.fit` (a FIT session of 1e300 s): refused per file, the field
/// named, never passed on to overflow `Activity::end()` later.
#[test]
fn values_no_activity_holds_are_refused_with_the_field_named() {
    let ok = one_activity("fine.tcx", tcx_lap("9000", "20000"));
    assert_eq!(ok.elapsed.0, 9000.0);
    let lap = refusal("huge_totaltime.tcx", tcx_lap("1e30", "20000"));
    assert!(lap.contains("elapsed time"), "{lap}");
    assert!(lap.contains("7 days"), "{lap}");
    let total = refusal("total.tcx", tcx_lap("1e300", "20000"));
    assert!(total.contains("elapsed time"), "{total}");
    let far = refusal("bignum_distance_min.tcx", tcx_lap("9000", "1e300"));
    assert!(far.contains("distance"), "{far}");
    assert!(far.contains("1,000 km"), "{far}");
    let fit = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/session_float.fit"),
    )
    .unwrap();
    let session = refusal("session_float.fit", fit);
    assert!(session.contains("elapsed time"), "{session}");
    // Just inside the limits still decodes.
    let week = one_activity("week.tcx", tcx_lap("604800", "999999"));
    assert_eq!(week.elapsed.0, 604_800.0);
}

#[test]
fn gpx_nested_thousands_deep_is_refused_with_its_line() {
    // The TCX bomb's shape in GPX: 100,000 open elements inside a track point.
    let mut gpx = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\"><trk><trkseg>\n<trkpt lat=\"45\" lon=\"7\">",
    );
    gpx.push_str(&"<extensions>".repeat(100_000));
    let outcome = decode(&SourceFile::new("deep.gpx", gpx.into_bytes()));
    let error = outcome.unwrap_err().to_string();
    assert!(error.contains("nested more than 256 deep"), "{error}");
    assert!(error.contains("line 3"), "{error}");
    // Nesting a real file uses (extensions inside a point) still decodes.
    let fine = gpx_with_prolog("").replace(
        "<ele>100</ele>",
        "<ele>100</ele><extensions><a><b><c>1</c></b></a></extensions>",
    );
    one_activity("fine.gpx", fine.into_bytes());
}

#[test]
fn tcx_nested_thousands_deep_is_refused_with_its_line() {
    // The shape of deep_tcx_70m.tcx.gz, scaled down: 100,000 open elements.
    let mut tcx = String::from(
        "<?xml version=\"1.0\"?>\n<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">\n",
    );
    tcx.push_str(&"<a>".repeat(100_000));
    let outcome = decode(&SourceFile::new("deep.tcx", tcx.into_bytes()));
    let error = outcome.unwrap_err().to_string();
    assert!(error.contains("nested more than 256 deep"), "{error}");
    assert!(error.contains("line 3"), "{error}");
}

#[test]
fn titles_and_member_names_lose_their_control_characters() {
    let gpx = gpx_with_prolog("").replace(
        "<trk>",
        "<trk><name>Run\u{1b}[2J\u{1b}]0;owned\u{7}\r\nday</name>",
    );
    let activity = one_activity("escape.gpx", gpx.into_bytes());
    assert_eq!(activity.title.as_deref(), Some("Run[2J]0;owned  day"));
}

/// The crashers themselves, full size (full tier: they live outside the repository).
#[test]
#[ignore = "full tier: needs ../shared/crashers (or TUNEUP_CRASHERS)"]
fn the_crasher_archives_are_refused_quickly_with_a_reason() {
    let dir = std::env::var_os("TUNEUP_CRASHERS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/crashers")
        });
    assert!(
        dir.join("README.md").is_file(),
        "the crashers are missing: {} (set TUNEUP_CRASHERS)",
        dir.display()
    );
    for (name, expected) in [
        ("overlap20.zip", "refused as a zip bomb"),
        ("overlap2000.zip", "refused as a zip bomb"),
        ("nested_big_20x200m.zip", "nested more than 4 deep"),
        ("escape_fail2.zip", "bad[2J[31mCLEARED[0m.gpx"),
    ] {
        let started = std::time::Instant::now();
        let errors: Vec<String> = walk([dir.join(name)])
            .filter_map(|item| match item {
                Err(error) => Some(error.to_string()),
                Ok(file) => decode(&file).err().map(|e| e.to_string()),
            })
            .collect();
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{name}: {errors:?}"
        );
        assert!(
            errors.iter().all(|e| !e.contains('\u{1b}')),
            "{name}: {errors:?}"
        );
        assert!(
            started.elapsed().as_secs() < 60,
            "{name} took {:?}",
            started.elapsed()
        );
    }
    let file = walk([dir.join("deep_tcx_70m.tcx.gz")])
        .next()
        .unwrap()
        .unwrap();
    let error = decode(&file).unwrap_err().to_string();
    assert!(
        error.contains("128 MiB limit") || error.contains("nested more than"),
        "{error}"
    );
}

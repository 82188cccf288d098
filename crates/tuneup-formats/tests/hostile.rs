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

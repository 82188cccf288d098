//! Recognises a file by its content, never by its name: exports rename files freely
//! (`.FIT`, `.fit.gz`, `activity_123`), and a wrong extension must not hide an activity.

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Gzip,
    Zip,
    Fit,
    Gpx,
    Tcx,
    /// XML whose root element is something else (a KML, a Garmin course-only file...).
    OtherXml,
    Unknown,
}

/// How many bytes [`detect`] needs at most.
pub const SNIFF_LEN: usize = 4096;

/// Detects the format from the start of the content.
pub fn detect(bytes: &[u8]) -> Format {
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Format::Gzip;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    if bytes.len() >= 12 && matches!(bytes[0], 12 | 14) && &bytes[8..12] == b".FIT" {
        return Format::Fit;
    }
    match xml_root(&bytes[..bytes.len().min(SNIFF_LEN)]) {
        Some(root) if root.eq_ignore_ascii_case(b"gpx") => Format::Gpx,
        Some(b"TrainingCenterDatabase") => Format::Tcx,
        Some(_) => Format::OtherXml,
        None => Format::Unknown,
    }
}

/// The local name of the first element, skipping a BOM, whitespace, the XML declaration,
/// processing instructions, comments and a DOCTYPE.
fn xml_root(bytes: &[u8]) -> Option<&[u8]> {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        if !rest.starts_with(b"<") {
            return None;
        }
        if rest.starts_with(b"<!--") {
            let end = find(rest, b"-->")?;
            rest = &rest[end + 3..];
        } else if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            let end = rest.iter().position(|&b| b == b'>')?;
            rest = &rest[end + 1..];
        } else {
            let name = &rest[1..];
            let end = name
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                .unwrap_or(name.len());
            let name = &name[..end];
            let local = match name.iter().rposition(|&b| b == b':') {
                Some(colon) => &name[colon + 1..],
                None => name,
            };
            return Some(local);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(detect(b"\x1f\x8b\x08\x00"), Format::Gzip);
        assert_eq!(detect(b"PK\x03\x04rest"), Format::Zip);
        assert_eq!(
            detect(b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00"),
            Format::Fit
        );
        let gpx = "\u{feff}<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<gpx version=\"1.1\">";
        assert_eq!(detect(gpx.as_bytes()), Format::Gpx);
        assert_eq!(
            detect(b"<?xml version='1.0'?><tcx:TrainingCenterDatabase xmlns:tcx='x'>"),
            Format::Tcx
        );
        assert_eq!(detect(b"<kml></kml>"), Format::OtherXml);
        assert_eq!(detect(b"Activity ID,Activity Date"), Format::Unknown);
        assert_eq!(detect(b""), Format::Unknown);
    }
}

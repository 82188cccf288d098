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

/// How many bytes [`detect`] needs for every format but XML with a long prolog (a comment or
/// DOCTYPE running past this): see [`needs_more`].
pub const SNIFF_LEN: usize = 4096;

/// Detects the format from the content. For XML it reads past the whole prolog (comments,
/// processing instructions, a DOCTYPE with an internal subset), however long, and it reads
/// UTF-16 documents (with a byte-order mark, or starting `<` in UTF-16).
pub fn detect(bytes: &[u8]) -> Format {
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Format::Gzip;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    if bytes.len() >= 12 && (bytes[0] == 12 || bytes[0] >= 14) && &bytes[8..12] == b".FIT" {
        return Format::Fit;
    }
    let utf8;
    let text = match utf16_to_utf8(bytes) {
        Some(converted) => {
            utf8 = converted;
            &utf8[..]
        }
        None => bytes,
    };
    match xml_root(text) {
        Root::Element(root) if root.eq_ignore_ascii_case(b"gpx") => Format::Gpx,
        Root::Element(b"TrainingCenterDatabase") => Format::Tcx,
        Root::Element(_) => Format::OtherXml,
        Root::CutShort | Root::NotXml => Format::Unknown,
    }
}

/// Whether `head` (the first bytes of a longer file) is XML whose prolog runs past it, so
/// only more of the file can say what it is.
pub fn needs_more(head: &[u8]) -> bool {
    let utf8;
    let text = match utf16_to_utf8(head) {
        Some(converted) => {
            utf8 = converted;
            &utf8[..]
        }
        None => head,
    };
    matches!(xml_root(text), Root::CutShort)
}

/// UTF-16 text (little or big endian, told by its byte-order mark, or by a first `<` with a
/// zero byte beside it) as UTF-8; `None` when the bytes are not UTF-16. Unpaired surrogates
/// become U+FFFD; an odd last byte is dropped.
pub fn utf16_to_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let (little, body) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (true, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (false, rest)
    } else if bytes.starts_with(b"<\0") {
        (true, bytes)
    } else if bytes.starts_with(b"\0<") {
        (false, bytes)
    } else {
        return None;
    };
    let units = body.chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Some(text.into_bytes())
}

/// What the prolog of a document says.
enum Root<'a> {
    /// The local name of the first element.
    Element(&'a [u8]),
    /// XML so far, but the bytes end inside the prolog.
    CutShort,
    NotXml,
}

/// The local name of the first element, skipping a BOM, whitespace, the XML declaration,
/// processing instructions, comments and a DOCTYPE (with its internal subset).
fn xml_root(bytes: &[u8]) -> Root<'_> {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    loop {
        let Some(start) = rest.iter().position(|b| !b.is_ascii_whitespace()) else {
            return if rest.len() < bytes.len() {
                Root::CutShort
            } else {
                Root::NotXml
            };
        };
        rest = &rest[start..];
        if !rest.starts_with(b"<") {
            return Root::NotXml;
        }
        let end = if rest.starts_with(b"<!--") {
            find(rest, b"-->").map(|end| end + 3)
        } else if rest.starts_with(b"<!") {
            declaration_end(rest)
        } else if rest.starts_with(b"<?") {
            find(rest, b"?>").map(|end| end + 2)
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
            return Root::Element(local);
        };
        match end {
            Some(end) => rest = &rest[end..],
            None => return Root::CutShort,
        }
    }
}

/// The end (one past `>`) of a `<!DOCTYPE ...>` declaration, skipping its internal subset
/// in `[...]` and anything quoted.
fn declaration_end(decl: &[u8]) -> Option<usize> {
    let mut quote = None;
    let mut depth = 0usize;
    for (i, &b) in decl.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => depth += 1,
            (None, b']') => depth = depth.saturating_sub(1),
            (None, b'>') if depth == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
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

    /// Valid GPX that was once ignored: a comment over 4 KB before `<gpx>` (crasher
    /// `longcomment.gpx`), an internal DTD (`dtd.gpx`) and UTF-16.
    #[test]
    fn long_comments_internal_dtds_and_utf16_are_seen_through() {
        let comment = format!(
            "<?xml version=\"1.0\"?>\n<!-- {} -->\n<gpx version=\"1.1\">",
            "x".repeat(30_000)
        );
        assert_eq!(detect(comment.as_bytes()), Format::Gpx);
        // Its first 4 KB alone cannot tell: the walker must read on.
        assert_eq!(detect(&comment.as_bytes()[..SNIFF_LEN]), Format::Unknown);
        assert!(needs_more(&comment.as_bytes()[..SNIFF_LEN]));
        assert!(!needs_more(b"Activity ID,Activity Date"));
        assert!(!needs_more(b"<kml>"));

        let dtd =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [<!ENTITY a \"b>]\">]>\n<gpx version=\"1.1\">";
        assert_eq!(detect(dtd.as_bytes()), Format::Gpx);
        assert_eq!(detect(b"<!DOCTYPE gpx SYSTEM 'g>x.dtd'><gpx>"), Format::Gpx);

        let gpx = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><gpx version=\"1.1\">";
        let mut le = vec![0xFF, 0xFE];
        le.extend(gpx.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(detect(&le), Format::Gpx);
        let mut be = vec![0xFE, 0xFF];
        be.extend(gpx.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(detect(&be), Format::Gpx);
        let no_bom: Vec<u8> = gpx.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(detect(&no_bom), Format::Gpx);
        // A cut in the middle of a code unit still detects.
        assert_eq!(detect(&le[..le.len() - 1]), Format::Gpx);
        assert_eq!(utf16_to_utf8(b"<gpx>"), None);
    }
}

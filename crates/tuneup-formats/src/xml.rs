//! Helpers shared by the GPX and TCX stream readers: text decoding, error lines, times and
//! numbers as activity files write them.

use crate::error::DecodeError;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::borrow::Cow;

/// The document as text: BOM dropped; bytes that are not UTF-8 (a Latin-1 name in an old
/// export) replaced rather than refusing the whole file.
pub(crate) fn text_of(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes)
}

/// 1-based line of a byte position.
pub(crate) fn line_at(text: &str, position: u64) -> usize {
    let end = usize::try_from(position)
        .unwrap_or(usize::MAX)
        .min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub(crate) fn error(file: &str, text: &str, position: u64, reason: impl ToString) -> DecodeError {
    DecodeError::Xml {
        file: file.to_string(),
        line: line_at(text, position),
        reason: reason.to_string(),
    }
}

/// Deepest element nesting read. GPX and TCX files nest about eight levels; a document
/// nested millions deep (a 476 KB gzip expanding to 70 MB of open tags) is refused before
/// its stack of names takes gigabytes.
pub(crate) const MAX_DEPTH: usize = 256;

/// The local part of a possibly prefixed name (`gpxtpx:hr` → `hr`).
pub(crate) fn local(name: &str) -> &str {
    match name.rfind(':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// An ISO-8601 time as GPX and TCX files write it: with `Z` or an offset, with or without
/// fractions; a time without a zone is taken as UTC (what GPX 1.0 writers mean).
pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.fZ",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc());
        }
    }
    None
}

/// Whether reading stopped because the input ended (a cut file: a tag, a comment or an
/// element left open), not because the document is malformed where it stands.
pub(crate) fn is_cut(error: &quick_xml::Error) -> bool {
    matches!(
        error,
        quick_xml::Error::Syntax(_)
            | quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(_))
    )
}

/// The local offset a time states, in seconds east of UTC: `2026-12-14T21:00:00-07:00`
/// gives -25200. `None` for `Z`, `+00:00` (how UTC is written) and times without an offset:
/// those say nothing about where the run was.
pub(crate) fn stated_offset(text: &str) -> Option<i32> {
    let t = DateTime::parse_from_rfc3339(text.trim()).ok()?;
    let offset = t.offset().local_minus_utc();
    (offset != 0).then_some(offset)
}

/// Appends an entity reference (`&amp;`, `&#233;`) to collected text; unknown entities are
/// kept as written.
pub(crate) fn push_entity(out: &mut String, entity: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = entity.resolve_char_ref() {
        out.push(c);
        return;
    }
    match &**entity {
        "amp" => out.push('&'),
        "lt" => out.push('<'),
        "gt" => out.push('>'),
        "quot" => out.push('"'),
        "apos" => out.push('\''),
        other => {
            out.push('&');
            out.push_str(other);
            out.push(';');
        }
    }
}

/// A finite number, `None` for anything else.
pub(crate) fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A small non-negative integer reading (heart rate, cadence).
pub(crate) fn byte_reading(text: &str) -> Option<u8> {
    number(text)
        .filter(|v| *v > 0.0)
        .map(|v| v.round().min(255.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_and_without_zone() {
        let z = parse_time("2013-06-01T17:32:20Z").unwrap();
        assert_eq!(parse_time("2013-06-01T17:32:20.000Z"), Some(z));
        assert_eq!(parse_time("2013-06-01T19:32:20+02:00"), Some(z));
        assert_eq!(parse_time(" 2013-06-01T17:32:20 "), Some(z));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 4), 3);
        assert_eq!(line_at("a", 99), 1);
    }
}

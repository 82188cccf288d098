//! Finds activity files in what the runner points at: files, folders (recursively), zip
//! archives and zips inside zips (Garmin's export keeps `UploadedFiles_*_Part*.zip` inside
//! its own zip), plus the `activities.csv` of a Strava bulk export. Lazy: one file (or one
//! nested zip) is in memory at a time, so a 5 GB export never is.

use crate::detect::{Format, SNIFF_LEN, detect};
use crate::error::SourceError;
use crate::recording::sport_from_name;
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tuneup_core::model::Activity;
use tuneup_core::vocab::Sport;

/// Largest single file (or zip member) read into memory. It sits below the import's memory
/// budget for files in flight.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;
/// Deepest nesting of zips inside zips that is opened (Garmin's export uses two levels).
pub const MAX_ZIP_DEPTH: usize = 4;
/// Most bytes one archive, its nested archives included, may expand to: 1 GiB, or 100 times
/// its own size when that is more. Real exports of FIT, GPX and TCX files expand 2 to 10
/// times; a zip bomb, hundreds or thousands of times.
pub const MIN_ARCHIVE_BUDGET: u64 = 1 << 30;
/// See [`MIN_ARCHIVE_BUDGET`].
pub const ARCHIVE_EXPANSION: u64 = 100;

/// One candidate activity file: its name for messages and its bytes exactly as found (still
/// gzipped if they were, so the hash is that of the original).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// The path, or `archive.zip!member` (nested: `a.zip!b.zip!member`).
    pub name: String,
    pub bytes: Vec<u8>,
    /// What a Strava export's `activities.csv` says about this file.
    pub strava: Option<StravaMeta>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        SourceFile {
            name: name.into(),
            bytes,
            strava: None,
        }
    }
}

/// A row of Strava's `activities.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StravaMeta {
    pub activity_id: Option<String>,
    pub date: Option<String>,
    pub name: Option<String>,
    pub activity_type: Option<String>,
    /// Strava's perceived exertion, 1–10.
    pub perceived_exertion: Option<f64>,
    pub gear: Option<String>,
}

impl StravaMeta {
    /// The runner's own words win over the file: Strava's name becomes the title, its type
    /// the sport (when it is one we know), its perceived exertion the RPE (when 1–10).
    /// `legs` is how many activities the file holds: the one type of a multisport file
    /// (a triathlon's swim, ride and run) is no leg's sport, so each keeps the file's own.
    pub fn apply(&self, activity: &mut Activity, legs: usize) {
        if let Some(name) = self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            activity.title = Some(tuneup_core::limits::printable(name.trim()));
        }
        if let Some(kind) = self.activity_type.as_deref().filter(|_| legs == 1) {
            let sport = sport_from_name(kind);
            if sport != Sport::Other {
                activity.sport = sport;
            }
        }
        if let Some(rpe) = self.perceived_exertion {
            let rounded = rpe.round();
            if (1.0..=10.0).contains(&rounded) {
                activity.rpe = Some(rounded as u8);
            }
        }
    }
}

/// Strava rows by file path relative to the export root (`activities/123.fit.gz`).
type StravaIndex = HashMap<String, StravaMeta>;

/// Where a Strava index applies: a folder on disk, or the root of one zip.
#[derive(Clone)]
struct StravaScope {
    base: Option<PathBuf>,
    index: Arc<StravaIndex>,
}

trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

struct OpenZip {
    name: String,
    archive: zip::ZipArchive<Box<dyn ReadSeek>>,
    next: usize,
    strava: Option<Arc<StravaIndex>>,
    /// 1 for an archive given or found in a folder, 2 for a zip inside it...
    depth: usize,
    /// Bytes the outermost archive may still expand to, shared with every nested one.
    budget: Arc<AtomicU64>,
    /// What that budget was at the start.
    total_budget: u64,
}

/// Whether a path was given by the caller or found inside a folder.
#[derive(Clone, Copy, PartialEq)]
enum Found {
    Given,
    InFolder,
}

enum Pending {
    Path(PathBuf, Found, Option<StravaScope>),
    Zip(Box<OpenZip>),
}

/// The lazy walk started by [`walk`].
pub struct Walk {
    stack: Vec<Pending>,
    skipped: usize,
    /// Folders walked so far, by device and inode (or canonical path), so a symbolic link
    /// back up the tree, or to a folder walked already, is met once.
    folders: std::collections::HashSet<FolderId>,
    /// The least an archive may expand to (see [`MIN_ARCHIVE_BUDGET`]).
    min_budget: u64,
}

/// What tells two folders apart, whatever path led to them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FolderId {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

impl FolderId {
    /// The identity of the folder at `path` (following links).
    pub fn of(path: &Path, meta: &std::fs::Metadata) -> FolderId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            FolderId::Inode(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FolderId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
        }
    }
}

/// What kind of special file `meta` describes, when it is neither a file nor a folder.
fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    if meta.is_file() || meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return Some("named pipe (FIFO)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("device");
        }
        if kind.is_socket() {
            return Some("socket");
        }
    }
    Some("special file")
}

/// Walks files, folders and archives, yielding candidate activity files one at a time in a
/// stable order (folder entries sorted by name). Files whose content is none of FIT, GPX,
/// TCX or gzip are skipped and counted in [`Walk::skipped`].
pub fn walk<I, P>(paths: I) -> Walk
where
    I: IntoIterator<Item = P>,
    P: AsRef<Path>,
{
    let mut stack: Vec<Pending> = paths
        .into_iter()
        .map(|p| Pending::Path(p.as_ref().to_path_buf(), Found::Given, None))
        .collect();
    stack.reverse();
    Walk {
        stack,
        skipped: 0,
        folders: std::collections::HashSet::new(),
        min_budget: MIN_ARCHIVE_BUDGET,
    }
}

/// Walks a zip held in memory (named `name`) as [`walk`] walks a zip file, its nested zips
/// and Strava index included, with at most `budget` bytes of expansion. Used by the archive
/// fuzz target; a caller with a file on disk uses [`walk`].
pub fn walk_zip_bytes(name: &str, bytes: Vec<u8>, budget: u64) -> Result<Walk, SourceError> {
    let reader: Box<dyn ReadSeek> = Box::new(std::io::Cursor::new(bytes));
    let zip = open_zip(
        name.to_string(),
        reader,
        1,
        Arc::new(AtomicU64::new(budget)),
    )?;
    Ok(Walk {
        stack: vec![Pending::Zip(Box::new(zip))],
        skipped: 0,
        folders: std::collections::HashSet::new(),
        min_budget: budget,
    })
}

/// Reads a Strava `activities.csv` held in memory; the number of rows indexed by file name.
/// The Strava CSV fuzz target's entry.
pub fn strava_csv_rows(name: &str, bytes: &[u8]) -> Result<usize, SourceError> {
    read_strava_csv(name, bytes).map(|index| index.len())
}

impl Walk {
    /// Sets the least budget of an archive (default [`MIN_ARCHIVE_BUDGET`]).
    pub fn archive_budget(mut self, bytes: u64) -> Self {
        self.min_budget = bytes;
        self
    }

    /// How many files were passed over because their content is no activity format.
    pub fn skipped(&self) -> usize {
        self.skipped
    }
}

impl Iterator for Walk {
    type Item = Result<SourceFile, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.stack.pop()? {
                Pending::Path(path, found, strava) => {
                    if let Some(item) = self.visit_path(path, found, strava) {
                        return Some(item);
                    }
                }
                Pending::Zip(mut zip) => {
                    if zip.next >= zip.archive.len() {
                        continue;
                    }
                    let index = zip.next;
                    zip.next += 1;
                    let step = self.visit_member(&mut zip, index);
                    self.stack.push(Pending::Zip(zip));
                    match step {
                        Step::Yield(item) => return Some(item),
                        // The nested zip goes above its parent, so it is read first.
                        Step::Nested(nested) => self.stack.push(Pending::Zip(nested)),
                        Step::Nothing => {}
                    }
                }
            }
        }
    }
}

/// What one zip member turned out to be.
enum Step {
    Yield(Result<SourceFile, SourceError>),
    Nested(Box<OpenZip>),
    Nothing,
}

impl Walk {
    fn visit_path(
        &mut self,
        path: PathBuf,
        found: Found,
        strava: Option<StravaScope>,
    ) -> Option<Result<SourceFile, SourceError>> {
        let io = |source| SourceError::Io {
            path: path.clone(),
            source,
        };
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => return Some(Err(io(e))),
        };
        if let Some(kind) = special_kind(&meta) {
            // Opening a FIFO would block the walk until something writes to it.
            return Some(Err(SourceError::Special { path, kind }));
        }
        if meta.is_dir() {
            // Links to folders are followed; one that leads back to a folder already walked
            // (a loop up the tree, or the same folder twice) is met once.
            if !self.folders.insert(FolderId::of(&path, &meta)) {
                return if found == Found::InFolder {
                    Some(Err(SourceError::Loop { path }))
                } else {
                    None
                };
            }
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(&path) {
                Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => return Some(Err(io(e))),
            };
            entries.sort();
            let mut scope = strava;
            let csv = path.join("activities.csv");
            if csv.is_file() {
                match File::open(&csv)
                    .map_err(|source| SourceError::Io {
                        path: csv.clone(),
                        source,
                    })
                    .and_then(|f| read_strava_csv(&csv.display().to_string(), f))
                {
                    Ok(index) => {
                        scope = Some(StravaScope {
                            base: Some(path.clone()),
                            index: Arc::new(index),
                        })
                    }
                    Err(e) => {
                        self.push_entries(entries, scope);
                        return Some(Err(e));
                    }
                }
            }
            self.push_entries(entries, scope);
            return None;
        }
        if meta.len() > MAX_FILE_BYTES && !is_zip_file(&path) {
            return Some(Err(SourceError::TooLarge {
                name: path.display().to_string(),
                limit_mib: MAX_FILE_BYTES >> 20,
            }));
        }
        let mut file = match File::open(&path) {
            Ok(f) => f,
            Err(e) => return Some(Err(io(e))),
        };
        let archive_size = meta.len();
        let mut head = Vec::with_capacity(SNIFF_LEN);
        if let Err(e) = (&mut file).take(SNIFF_LEN as u64).read_to_end(&mut head) {
            return Some(Err(io(e)));
        }
        let name = path.display().to_string();
        let mut format = detect(&head);
        if format == Format::Unknown && crate::detect::needs_more(&head) {
            // XML whose prolog (a long comment, a DOCTYPE) runs past the first bytes: only
            // the whole file can say what it is.
            if let Err(e) = (&mut file).take(MAX_FILE_BYTES).read_to_end(&mut head) {
                return Some(Err(io(e)));
            }
            format = detect(&head);
        }
        match format {
            Format::Zip => {
                let min_budget = self.min_budget;
                let opened = file.rewind().map_err(io).and_then(|()| {
                    let budget = Arc::new(AtomicU64::new(
                        min_budget.max(archive_size.saturating_mul(ARCHIVE_EXPANSION)),
                    ));
                    open_zip(name, Box::new(std::io::BufReader::new(file)), 1, budget)
                });
                match opened {
                    Ok(zip) => {
                        self.stack.push(Pending::Zip(Box::new(zip)));
                        None
                    }
                    Err(e) => Some(Err(e)),
                }
            }
            Format::Fit | Format::Gpx | Format::Tcx | Format::Gzip => {
                let mut bytes = head;
                if let Err(e) = file.take(MAX_FILE_BYTES).read_to_end(&mut bytes) {
                    return Some(Err(io(e)));
                }
                let strava = strava.and_then(|scope| {
                    let base = scope.base.as_deref()?;
                    let rel = path.strip_prefix(base).ok()?;
                    let key = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    scope.index.get(&key).cloned()
                });
                Some(Ok(SourceFile {
                    name,
                    bytes,
                    strava,
                }))
            }
            Format::OtherXml | Format::Unknown if found == Found::Given => {
                Some(Err(SourceError::Unrecognised { path }))
            }
            Format::OtherXml | Format::Unknown => {
                self.skipped += 1;
                None
            }
        }
    }

    fn push_entries(&mut self, entries: Vec<PathBuf>, scope: Option<StravaScope>) {
        for entry in entries.into_iter().rev() {
            self.stack
                .push(Pending::Path(entry, Found::InFolder, scope.clone()));
        }
    }

    fn visit_member(&mut self, zip: &mut OpenZip, index: usize) -> Step {
        let zip_err = |name: &str, source| SourceError::Zip {
            name: name.to_string(),
            source,
        };
        let mut member = match zip.archive.by_index(index) {
            Ok(m) => m,
            Err(e) => return Step::Yield(Err(zip_err(&zip.name, e))),
        };
        if member.is_dir() {
            return Step::Nothing;
        }
        let member_name = String::from_utf8_lossy(member.name_raw()).into_owned();
        // Someone else's text, shown on a terminal: no escape sequences.
        let name = format!(
            "{}!{}",
            zip.name,
            tuneup_core::limits::printable(&member_name)
        );
        let left = zip.budget.load(Ordering::Relaxed);
        let bomb = |zip: &mut OpenZip, name: String| {
            // Nothing more of this archive (or the one it is in) is read.
            zip.budget.store(0, Ordering::Relaxed);
            zip.next = zip.archive.len();
            Step::Yield(Err(SourceError::Bomb {
                name,
                reason: format!(
                    "it expands to more than {} MiB (the most an archive may: 100 times its size, at least 1 GiB)",
                    (zip.budget_total() >> 20)
                ),
            }))
        };
        if member.size() > left {
            drop(member);
            return bomb(zip, name);
        }
        let mut head = Vec::with_capacity(SNIFF_LEN);
        if let Err(e) = (&mut member).take(SNIFF_LEN as u64).read_to_end(&mut head) {
            return Step::Yield(Err(zip_err(&name, zip::result::ZipError::Io(e))));
        }
        if detect(&head) == Format::Zip {
            if zip.depth >= MAX_ZIP_DEPTH {
                return Step::Yield(Err(SourceError::TooDeep {
                    name,
                    limit: MAX_ZIP_DEPTH,
                }));
            }
            // A nested archive goes to a temporary file, not memory: Garmin's parts run to
            // hundreds of megabytes, and a bomb nests many.
            let spooled = tempfile::tempfile().and_then(|mut spool| {
                std::io::Write::write_all(&mut spool, &head)?;
                let copied = std::io::copy(&mut (&mut member).take(left + 1), &mut spool)?;
                spool.rewind()?;
                Ok((spool, copied + head.len() as u64))
            });
            let (spool, size) = match spooled {
                Ok(done) => done,
                Err(e) => return Step::Yield(Err(zip_err(&name, zip::result::ZipError::Io(e)))),
            };
            drop(member);
            if size > left {
                return bomb(zip, name);
            }
            zip.budget.fetch_sub(size, Ordering::Relaxed);
            let reader: Box<dyn ReadSeek> = Box::new(std::io::BufReader::new(spool));
            return match open_zip(name, reader, zip.depth + 1, Arc::clone(&zip.budget)) {
                Ok(nested) => Step::Nested(Box::new(nested)),
                Err(e) => Step::Yield(Err(e)),
            };
        }
        if matches!(detect(&head), Format::Unknown | Format::OtherXml)
            && !crate::detect::needs_more(&head)
        {
            // Not an activity (a photo, padding): passed over unread.
            self.skipped += 1;
            return Step::Nothing;
        }
        if member.size() > MAX_FILE_BYTES {
            return Step::Yield(Err(SourceError::TooLarge {
                name,
                limit_mib: MAX_FILE_BYTES >> 20,
            }));
        }
        let mut bytes = head;
        bytes.reserve(usize::try_from(member.size()).unwrap_or(0).min(1 << 24));
        let cap = MAX_FILE_BYTES.min(left);
        if let Err(e) = (&mut member).take(cap + 1).read_to_end(&mut bytes) {
            return Step::Yield(Err(zip_err(&name, zip::result::ZipError::Io(e))));
        }
        drop(member);
        if bytes.len() as u64 > left {
            return bomb(zip, name);
        }
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Step::Yield(Err(SourceError::TooLarge {
                name,
                limit_mib: MAX_FILE_BYTES >> 20,
            }));
        }
        zip.budget.fetch_sub(bytes.len() as u64, Ordering::Relaxed);
        match detect(&bytes) {
            Format::Fit | Format::Gpx | Format::Tcx | Format::Gzip => {
                let strava = zip
                    .strava
                    .as_ref()
                    .and_then(|index| index.get(&member_name).cloned());
                Step::Yield(Ok(SourceFile {
                    name,
                    bytes,
                    strava,
                }))
            }
            Format::Zip | Format::OtherXml | Format::Unknown => {
                self.skipped += 1;
                Step::Nothing
            }
        }
    }
}

impl OpenZip {
    /// The whole budget of the outermost archive, for messages.
    fn budget_total(&self) -> u64 {
        self.total_budget
    }
}

fn is_zip_file(path: &Path) -> bool {
    let mut head = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && detect(&head) == Format::Zip
}

fn open_zip(
    name: String,
    reader: Box<dyn ReadSeek>,
    depth: usize,
    budget: Arc<AtomicU64>,
) -> Result<OpenZip, SourceError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|source| SourceError::Zip {
        name: name.clone(),
        source,
    })?;
    if let Some(reason) = overlapping_members(&mut archive) {
        return Err(SourceError::Bomb { name, reason });
    }
    let csv_name = format!("{name}!activities.csv");
    let strava = match archive.by_name("activities.csv") {
        Ok(member) => Some(Arc::new(read_strava_csv(&csv_name, member)?)),
        Err(_) => None,
    };
    let total_budget = budget.load(Ordering::Relaxed);
    Ok(OpenZip {
        name,
        archive,
        next: 0,
        strava,
        depth,
        budget,
        total_budget,
    })
}

/// Whether two members of the archive share bytes (the shape of a zip bomb that makes one
/// small deflate stream count as thousands of files), by the central directory alone: a
/// member's local header and data take at least 30 bytes plus its name plus its compressed
/// size, and the next member cannot start inside them.
fn overlapping_members(archive: &mut zip::ZipArchive<Box<dyn ReadSeek>>) -> Option<String> {
    let mut spans = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let member = archive.by_index_raw(index).ok()?;
        let start = member.header_start();
        let least = 30 + member.name_raw().len() as u64 + member.compressed_size();
        spans.push((start, start.saturating_add(least)));
    }
    spans.sort_unstable();
    let overlaps = spans.windows(2).filter(|w| w[1].0 < w[0].1).count();
    (overlaps > 0).then(|| {
        format!(
            "{} of its {} members overlap others (one compressed stream counted many times)",
            overlaps + 1,
            spans.len()
        )
    })
}

/// Reads Strava's `activities.csv`. Columns are found by header name and any may be missing
/// (older exports lack "Perceived Exertion"); when Strava repeats a header, the first wins.
/// Text that is not UTF-8 (a title typed in another encoding) is read with U+FFFD in place of
/// the bad bytes, and a row the CSV reader cannot read at all is left out: one bad row never
/// costs the rest of the export. Only an unreadable header line fails the whole file.
fn read_strava_csv(name: &str, reader: impl Read) -> Result<StravaIndex, SourceError> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(reader);
    let err = |row: u64, source| SourceError::StravaCsv {
        name: name.to_string(),
        row,
        source,
    };
    let headers: Vec<String> = csv
        .byte_headers()
        .map_err(|e| err(1, e))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let column = |wanted: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(wanted))
    };
    let id = column("Activity ID");
    let date = column("Activity Date");
    let title = column("Activity Name");
    let kind = column("Activity Type");
    let file = column("Filename");
    let rpe = column("Perceived Exertion");
    let gear = column("Activity Gear");
    let mut index = StravaIndex::new();
    for row in csv.byte_records() {
        // A row the reader cannot split is left out; its file still imports, without the
        // row's name and effort.
        let Ok(row) = row else { continue };
        let get = |col: Option<usize>| {
            col.and_then(|c| row.get(c))
                .map(String::from_utf8_lossy)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let Some(path) = get(file) else { continue };
        index.insert(
            path.trim_start_matches("./").to_string(),
            StravaMeta {
                activity_id: get(id),
                date: get(date),
                name: get(title),
                activity_type: get(kind),
                perceived_exertion: get(rpe).and_then(|v| v.parse::<f64>().ok()),
                gear: get(gear),
            },
        );
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    fn fit_bytes() -> Vec<u8> {
        crate::fit::tests::small_run()
    }

    const GPX: &str = r#"<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T06:00:00Z</time></trkpt></trkseg></trk></gpx>"#;

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in members {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn names(walk: Walk) -> Vec<String> {
        walk.map(|item| item.unwrap().name).collect()
    }

    #[test]
    fn folders_are_walked_in_order_and_other_files_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("a.fit"), fit_bytes()).unwrap();
        std::fs::write(dir.path().join("b/track.xml"), GPX).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
        let mut walk = walk([dir.path()]);
        let found: Vec<String> = walk.by_ref().map(|f| f.unwrap().name).collect();
        let base = dir.path().display().to_string();
        assert_eq!(
            found,
            vec![format!("{base}/a.fit"), format!("{base}/b/track.xml")]
        );
        assert_eq!(walk.skipped(), 1);
    }

    #[test]
    fn garmin_export_zip_in_zip_is_opened_and_named_by_path() {
        let inner = zip_of(&[("run.fit", &fit_bytes()), ("ride.gpx", GPX.as_bytes())]);
        let outer = zip_of(&[
            ("DI_CONNECT/DI-Connect-Fitness/profile.json", b"{}"),
            (
                "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
                &inner,
            ),
            ("last.fit", &fit_bytes()),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.zip");
        std::fs::write(&path, outer).unwrap();
        let found = names(walk([&path]));
        let p = path.display().to_string();
        let part = format!("{p}!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip");
        assert_eq!(
            found,
            vec![
                format!("{part}!run.fit"),
                format!("{part}!ride.gpx"),
                format!("{p}!last.fit"),
            ]
        );
    }

    const STRAVA_CSV: &str = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename,Elapsed Time,Perceived Exertion\n\
        101,\"May 1, 2024, 6:00:00 AM\",Hill reps,Run,20,0.06,activities/101.fit.gz,20,7.0\n\
        102,\"May 2, 2024, 6:00:00 AM\",No file,Weight Training,600,0,,600,\n";

    /// `strava_badcsv.zip`: one byte that is not UTF-8 in `activities.csv` made the whole
    /// export import nothing. It costs at most its own row now.
    #[test]
    fn a_non_utf8_byte_in_the_strava_csv_costs_no_more_than_its_row() {
        let mut csv = STRAVA_CSV.as_bytes().to_vec();
        csv.extend_from_slice(
            b"103,\"May 3, 2024, 6:00:00 AM\",Caf\xE9 run,Run,20,0.06,activities/103.gpx,20,3\n",
        );
        csv.extend_from_slice(
            b"104,\"May 4, 2024, 6:00:00 AM\",Last,Run,20,0.06,activities/104.gpx,20,5\n",
        );
        let export = zip_of(&[
            ("activities.csv", &csv),
            ("activities/101.fit.gz", &fit_bytes()),
            ("activities/103.gpx", GPX.as_bytes()),
            ("activities/104.gpx", GPX.as_bytes()),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export_bad.zip");
        std::fs::write(&path, export).unwrap();
        let files: Vec<SourceFile> = walk([&path]).map(Result::unwrap).collect();
        assert_eq!(files.len(), 3, "every file of the export is found");
        let meta = |i: usize| files[i].strava.as_ref().expect("matched by Filename");
        assert_eq!(meta(0).name.as_deref(), Some("Hill reps"));
        assert_eq!(meta(1).name.as_deref(), Some("Caf\u{FFFD} run"));
        assert_eq!(meta(1).perceived_exertion, Some(3.0));
        assert_eq!(meta(2).name.as_deref(), Some("Last"));
    }

    #[test]
    fn strava_export_zip_attaches_name_type_and_exertion() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&fit_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let export = zip_of(&[
            ("activities.csv", STRAVA_CSV.as_bytes()),
            ("activities/101.fit.gz", &gz),
            ("activities/999.gpx", GPX.as_bytes()),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export_123.zip");
        std::fs::write(&path, export).unwrap();
        let mut walk = walk([&path]);
        let files: Vec<SourceFile> = walk.by_ref().map(Result::unwrap).collect();
        assert_eq!(files.len(), 2);
        assert_eq!(
            walk.skipped(),
            1,
            "activities.csv itself is not an activity"
        );
        let meta = files[0].strava.as_ref().expect("matched by Filename");
        assert_eq!(meta.name.as_deref(), Some("Hill reps"));
        assert_eq!(meta.activity_type.as_deref(), Some("Run"));
        assert_eq!(meta.perceived_exertion, Some(7.0));
        assert_eq!(meta.activity_id.as_deref(), Some("101"));
        assert!(files[1].strava.is_none());
    }

    #[test]
    fn strava_export_folder_matches_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("activities")).unwrap();
        std::fs::write(
            dir.path().join("activities.csv"),
            STRAVA_CSV.replace(".fit.gz", ".fit"),
        )
        .unwrap();
        std::fs::write(dir.path().join("activities/101.fit"), fit_bytes()).unwrap();
        let files: Vec<SourceFile> = walk([dir.path()]).map(Result::unwrap).collect();
        assert_eq!(files.len(), 1);
        assert_eq!(
            files[0].strava.as_ref().unwrap().name.as_deref(),
            Some("Hill reps")
        );
    }

    #[test]
    fn a_damaged_zip_is_an_error_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.zip"), b"PK\x03\x04 not really a zip").unwrap();
        std::fs::write(dir.path().join("b.fit"), fit_bytes()).unwrap();
        let items: Vec<_> = walk([dir.path()]).collect();
        assert_eq!(items.len(), 2);
        let err = items[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("a.zip: damaged zip archive"), "{err}");
        assert!(items[1].as_ref().unwrap().name.ends_with("b.fit"));
    }

    #[test]
    fn links_to_folders_are_followed_and_a_loop_is_met_once() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("linked.fit"), fit_bytes()).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.fit"), fit_bytes()).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop2")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("elsewhere")).unwrap();
        let items: Vec<_> = walk([dir.path()]).collect();
        let found: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_ref().ok())
            .map(|f| f.name.clone())
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].ends_with("elsewhere/linked.fit"), "{found:?}");
        let loops = items
            .iter()
            .filter(|i| matches!(i, Err(SourceError::Loop { .. })))
            .count();
        assert_eq!(loops, 2, "{items:?}");
    }

    #[test]
    fn a_fifo_is_skipped_with_a_reason_and_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.fit");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        std::fs::write(dir.path().join("z.fit"), fit_bytes()).unwrap();
        let items: Vec<_> = walk([dir.path()]).collect();
        assert_eq!(items.len(), 2);
        let err = items[0].as_ref().unwrap_err();
        assert!(matches!(err, SourceError::Special { .. }), "{err}");
        assert!(err.to_string().contains("named pipe"), "{err}");
        assert!(items[1].is_ok());
    }

    #[test]
    fn zips_nested_too_deep_are_refused_naming_the_limit() {
        let mut nested = zip_of(&[("run.fit", &fit_bytes())]);
        for _ in 0..MAX_ZIP_DEPTH {
            nested = zip_of(&[("inner.zip", &nested)]);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep.zip");
        std::fs::write(&path, nested).unwrap();
        let items: Vec<_> = walk([&path]).collect();
        assert_eq!(items.len(), 1);
        let err = items[0].as_ref().unwrap_err();
        assert!(
            matches!(err, SourceError::TooDeep { limit: 4, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("nested more than 4 deep"), "{err}");
    }

    /// A zip whose members all point at the same compressed bytes, as `overlap2000.zip`.
    fn overlapping_zip(members: usize) -> Vec<u8> {
        let one = zip_of(&[("m0.gpx", GPX.as_bytes())]);
        // The local header and data of the one member, then a central directory naming it
        // `members` times.
        let cd_start = u32::from_le_bytes(one[one.len() - 6..one.len() - 2].try_into().unwrap());
        let cd_len = u32::from_le_bytes(one[one.len() - 10..one.len() - 6].try_into().unwrap());
        let entry = &one[cd_start as usize..(cd_start + cd_len) as usize];
        let mut out = one[..cd_start as usize].to_vec();
        let mut directory = Vec::new();
        for i in 0..members {
            // Each under its own name ("m0.gpx" is six bytes: "000123"), as the crasher's.
            let mut named = entry.to_vec();
            named[46..52].copy_from_slice(format!("{i:06}").as_bytes());
            directory.extend_from_slice(&named);
        }
        out.extend_from_slice(&directory);
        let mut end = vec![0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0];
        end.extend_from_slice(&(members as u16).to_le_bytes());
        end.extend_from_slice(&(members as u16).to_le_bytes());
        end.extend_from_slice(&(directory.len() as u32).to_le_bytes());
        end.extend_from_slice(&cd_start.to_le_bytes());
        end.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&end);
        out
    }

    #[test]
    fn overlapping_members_are_refused_as_a_zip_bomb_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("overlap.zip");
        std::fs::write(&path, overlapping_zip(2000)).unwrap();
        let started = std::time::Instant::now();
        let items: Vec<_> = walk([&path]).collect();
        assert!(started.elapsed().as_secs() < 5);
        assert_eq!(items.len(), 1, "{items:?}");
        let err = items[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("refused as a zip bomb"), "{err}");
        assert!(err.contains("overlap"), "{err}");
    }

    #[test]
    fn an_archive_expanding_beyond_its_budget_is_refused_as_a_zip_bomb() {
        // 40 members of 1 MiB of spaces, against a budget of 8 MiB (the walk's is 1 GiB or 100
        // times the archive, whichever is more).
        // GPX-looking (content that is no activity is passed over unread).
        let mut zeros = b"<?xml version=\"1.0\"?><gpx version=\"1.1\">".to_vec();
        zeros.resize(1 << 20, b' ');
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..40 {
            writer
                .start_file(format!("z{i}.gpx"), SimpleFileOptions::default())
                .unwrap();
            writer.write_all(&zeros).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.zip");
        std::fs::write(&path, bytes).unwrap();
        let mut walk = walk([&path]).archive_budget(8 << 20);
        let errors: Vec<String> = walk
            .by_ref()
            .filter_map(|i| i.err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("refused as a zip bomb"), "{errors:?}");
        assert!(errors[0].contains("more than 8 MiB"), "{errors:?}");
    }

    #[test]
    fn the_walk_can_move_to_another_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<Walk>();
        assert_send::<SourceFile>();
    }

    #[test]
    fn a_missing_path_is_an_error_naming_it() {
        let items: Vec<_> = walk(["/nonexistent/tuneup/file.fit"]).collect();
        assert_eq!(items.len(), 1);
        assert!(
            items[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("/nonexistent/tuneup/file.fit")
        );
    }
}

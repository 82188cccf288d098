//! Finds activity files in what the runner points at: files, folders (recursively), zip
//! archives and zips inside zips (Garmin's export keeps `UploadedFiles_*_Part*.zip` inside
//! its own zip), plus the `activities.csv` of a Strava bulk export. Lazy: one file (or one
//! nested zip) is in memory at a time, so a 5 GB export never is.

use crate::detect::{Format, SNIFF_LEN, detect};
use crate::error::SourceError;
use crate::recording::sport_from_name;
use std::collections::HashMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tuneup_core::model::Activity;
use tuneup_core::vocab::Sport;

/// Largest single file (or zip member) read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

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
    pub fn apply(&self, activity: &mut Activity) {
        if let Some(name) = self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            activity.title = Some(name.trim().to_string());
        }
        if let Some(kind) = self.activity_type.as_deref() {
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
    Walk { stack, skipped: 0 }
}

impl Walk {
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
        if found == Found::InFolder
            && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
            && path.is_dir()
        {
            // A link to a folder found while walking could lead back up the tree forever.
            self.skipped += 1;
            return None;
        }
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => return Some(Err(io(e))),
        };
        if meta.is_dir() {
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
                let opened = file
                    .rewind()
                    .map_err(io)
                    .and_then(|()| open_zip(name, Box::new(std::io::BufReader::new(file))));
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
        let name = format!("{}!{}", zip.name, member_name);
        if member.size() > MAX_FILE_BYTES {
            return Step::Yield(Err(SourceError::TooLarge {
                name,
                limit_mib: MAX_FILE_BYTES >> 20,
            }));
        }
        let mut bytes =
            Vec::with_capacity(usize::try_from(member.size()).unwrap_or(0).min(1 << 24));
        if let Err(e) = (&mut member).take(MAX_FILE_BYTES).read_to_end(&mut bytes) {
            return Step::Yield(Err(zip_err(&name, zip::result::ZipError::Io(e))));
        }
        drop(member);
        match detect(&bytes) {
            Format::Zip => match open_zip(name, Box::new(Cursor::new(bytes))) {
                Ok(nested) => Step::Nested(Box::new(nested)),
                Err(e) => Step::Yield(Err(e)),
            },
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
            Format::OtherXml | Format::Unknown => {
                self.skipped += 1;
                Step::Nothing
            }
        }
    }
}

fn is_zip_file(path: &Path) -> bool {
    let mut head = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && detect(&head) == Format::Zip
}

fn open_zip(name: String, reader: Box<dyn ReadSeek>) -> Result<OpenZip, SourceError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|source| SourceError::Zip {
        name: name.clone(),
        source,
    })?;
    let csv_name = format!("{name}!activities.csv");
    let strava = match archive.by_name("activities.csv") {
        Ok(member) => Some(Arc::new(read_strava_csv(&csv_name, member)?)),
        Err(_) => None,
    };
    Ok(OpenZip {
        name,
        archive,
        next: 0,
        strava,
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
    use std::io::Write;
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
    fn a_link_back_to_a_parent_folder_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.fit"), fit_bytes()).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        let mut walk = walk([dir.path()]);
        let found: Vec<String> = walk.by_ref().map(|f| f.unwrap().name).collect();
        assert_eq!(found.len(), 1);
        assert_eq!(walk.skipped(), 1);
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

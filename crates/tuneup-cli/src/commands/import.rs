//! `tuneup import PATH…`: brings watch files and whole exports into the database, with a
//! progress bar on a terminal and a per-file report (`--json` for all of it).

use crate::context::Context;
use crate::output::print_json;
use clap::Args;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tuneup_import::{FileOutcome, ImportReport};

/// Exit status after Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Exit status when the import ran but some files could not be imported.
pub const EXIT_SOME_FAILED: u8 = 3;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files, folders (read recursively), .gz files, .zip archives, or a whole Strava or
    /// Garmin account export (as the zip, or unpacked).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Bring back the activities you removed (`activity rm`) from these files; without it
    /// they stay removed and the report lists them.
    #[arg(long)]
    pub restore: bool,
    /// Print the full per-file report as JSON instead of the summary.
    #[arg(long)]
    pub json: bool,
}

pub fn run(context: &Context, args: ImportArgs) -> anyhow::Result<ExitCode> {
    // Another import (or any writer) holding the database: this one waits its turn between
    // the other's batches, and says so once.
    tuneup_store::on_wait(|| {
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            eprintln!("waiting: another tuneup is writing to this database; this import goes on when it can");
        });
    });
    let mut store = context.open_store()?;
    let finished = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
    on_interrupt(Arc::clone(&finished), count_files(&args.paths))?;
    // The bar goes to stderr; it is drawn only when a person is watching both streams.
    let bar = (std::io::stdout().is_terminal() && std::io::stderr().is_terminal())
        .then(|| progress_bar(bytes_on_disk(&args.paths)));
    let report = tuneup_app::import::import(
        store.as_mut(),
        context.athlete,
        &args.paths,
        context.system_zone,
        args.restore,
        &mut |progress| {
            finished[0].store(progress.files_finished, Ordering::Relaxed);
            finished[1].store(progress.activities_stored, Ordering::Relaxed);
            if let Some(bar) = &bar {
                if bar.length().is_some_and(|len| progress.bytes > len) {
                    // Zip members count unpacked, so the estimate can fall short.
                    bar.set_length(progress.bytes);
                }
                bar.set_position(progress.bytes);
                bar.set_message(format!("{} files", progress.files));
            }
        },
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if args.json {
        print_json(&report)?;
    } else {
        print_summary(&report, context.runner_zone()?);
    }
    Ok(
        if report.all_handled() && given_files_not_imported(&report, &args.paths) == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_SOME_FAILED)
        },
    )
}

/// Ctrl-C stops the import between writes and says how far it got. Each file is stored
/// whole or not at all, and files already imported are recognised, so running the same
/// import again finishes it.
fn on_interrupt(finished: Arc<[AtomicUsize; 2]>, found: usize) -> anyhow::Result<()> {
    ctrlc::set_handler(move || {
        let files = finished[0].load(Ordering::Relaxed);
        let activities = finished[1].load(Ordering::Relaxed);
        eprintln!(
            "\ninterrupted: {files} of {} finished (an archive's members count one by one), \
             {} stored.\n\
             Run the same import again to finish it: what is stored is recognised and skipped.",
            crate::output::count(found, "file", "files"),
            crate::output::count(activities, "activity", "activities"),
        );
        std::process::exit(i32::from(EXIT_INTERRUPTED));
    })
    .map_err(|error| anyhow::anyhow!("cannot watch for Ctrl-C: {error}"))
}

/// Files under the paths (a zip counts one), for the interrupted message's "of N".
fn count_files(paths: &[PathBuf]) -> usize {
    fn count(path: &Path, depth: usize) -> usize {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() && depth < 64 => std::fs::read_dir(path)
                .map(|entries| entries.flatten().map(|e| count(&e.path(), depth + 1)).sum())
                .unwrap_or(0),
            Ok(meta) if meta.is_file() => 1,
            _ => 0,
        }
    }
    paths.iter().map(|p| count(p, 0)).sum()
}

fn print_summary(report: &ImportReport, zone: tuneup_core::timezone::Tz) {
    // File names and reasons quote what was found (zip member names, titles): no control
    // characters reach the terminal.
    use tuneup_core::limits::printable;
    println!("{}", report.summary());
    let failures: Vec<_> = report.failures().collect();
    if !failures.is_empty() {
        println!("failed:");
        for file in failures {
            if let FileOutcome::Failed { reason, at } = &file.outcome {
                let (name, reason) = (printable(&file.file), printable(reason));
                match at {
                    Some(place) => println!("  {name} ({place}): {reason}"),
                    None => println!("  {name}: {reason}"),
                }
            }
        }
    }
    for file in &report.files {
        if let FileOutcome::Removed {
            sessions,
            of,
            removed_at,
        } = &file.outcome
        {
            let which = if of > &1 {
                format!(" ({sessions} of its {of} activities)")
            } else {
                String::new()
            };
            println!(
                "  {}{which}: skipped: removed by you on {}",
                printable(&file.file),
                tuneup_core::timezone::date_in(zone, *removed_at)
            );
        }
    }
    // Every file skipped (a course, a settings file, a FIFO, a link loop), grouped by reason.
    let mut skipped: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
    for file in &report.files {
        if let FileOutcome::Skipped { reason } = &file.outcome {
            let reason = reason.strip_prefix("skipped: ").unwrap_or(reason);
            skipped
                .entry(printable(reason))
                .or_default()
                .push(&file.file);
        }
    }
    for (reason, files) in skipped {
        println!("skipped, {reason}:");
        for file in files {
            println!("  {}", printable(file));
        }
    }
}

/// How many files named on the command line (not folders or archives, whose contents are
/// many) were skipped or failed: each makes the exit status 3, as a failure does.
fn given_files_not_imported(report: &ImportReport, paths: &[PathBuf]) -> usize {
    let given: std::collections::HashSet<String> = paths
        .iter()
        .filter(|p| p.is_file() || !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    report
        .files
        .iter()
        .filter(|f| given.contains(&f.file))
        .filter(|f| {
            matches!(
                f.outcome,
                FileOutcome::Skipped { .. } | FileOutcome::Failed { .. }
            )
        })
        .count()
}

fn progress_bar(total: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:30} {bytes}/{total_bytes} {msg}, {bytes_per_sec}, about {eta} left",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// The size of everything under `paths`, for the bar's length (an estimate: archives are
/// counted packed). Follows links to folders as the import does, each folder once, so a link
/// loop ends; special files count nothing.
fn bytes_on_disk(paths: &[PathBuf]) -> u64 {
    use tuneup_formats::archive::FolderId;
    fn size(path: &Path, seen: &mut std::collections::HashSet<FolderId>) -> u64 {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                if !seen.insert(FolderId::of(path, &meta)) {
                    return 0;
                }
                std::fs::read_dir(path)
                    .map(|entries| entries.flatten().map(|e| size(&e.path(), seen)).sum())
                    .unwrap_or(0)
            }
            Ok(meta) if meta.is_file() => meta.len(),
            _ => 0,
        }
    }
    let mut seen = std::collections::HashSet::new();
    paths.iter().map(|p| size(p, &mut seen)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_sizing_ends_on_a_folder_linking_to_itself() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.fit"), [0u8; 100]).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("self1")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("self2")).unwrap();
        let fifo = dir.path().join("pipe");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        assert_eq!(bytes_on_disk(&[dir.path().to_path_buf()]), 100);
    }
}

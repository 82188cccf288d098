//! The ten-year import benchmark: builds (once) about 3,000 distinct run FIT files from the
//! corpus, then times a whole `import` of them into a fresh SQLite file and reports files/s,
//! MB/s, records/s and peak memory. A quarter of the history is imported first into another
//! fresh file, so the two peaks show whether memory grows with the number of files.
//!
//! Run: `cargo bench -p tuneup-import --features bench-history --bench ten_years` (data in
//! `bench-data/ten_years`, or `$TUNEUP_BENCH_DATA`; files to make: `$TUNEUP_BENCH_FILES`,
//! default 3000).
//!
//! With `TUNEUP_BENCH_POSTGRES` naming a server (e.g. `postgres://postgres@127.0.0.1:5432/test`),
//! the whole history is then imported once more, into a fresh schema there
//! (`bench_ten_years`, dropped and made again), and the time is reported beside SQLite's.

use std::path::{Path, PathBuf};
use std::time::Instant;
use tuneup_core::AthleteId;
use tuneup_import::{ImportOptions, ImportReport, history, import};
use tuneup_store::postgres::PgStore;
use tuneup_store::sqlite::SqliteStore;
use tuneup_store::{ActivityQuery, Store};

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and must stay fast.
    if !std::env::args().any(|a| a == "--bench") {
        println!("ten_years: skipped (run with `cargo bench`)");
        return;
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::var_os("TUNEUP_BENCH_DATA").map_or_else(
        || manifest.join("../../bench-data/ten_years"),
        PathBuf::from,
    );
    let count: usize = std::env::var("TUNEUP_BENCH_FILES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000);
    let marker = data.join(format!(".complete-{count}"));
    if !marker.is_file() {
        let corpus = history::corpus_dir(&manifest)
            .expect("no corpus: set TUNEUP_CORPUS to the shared corpus folder");
        let started = Instant::now();
        if data.is_dir() {
            std::fs::remove_dir_all(&data).expect("clear old bench data");
        }
        let stats = history::write_ten_years(&corpus, &data, count).expect("write the history");
        std::fs::write(&marker, b"").expect("write the marker");
        println!(
            "generated {} files, {:.1} MB in {:.1} s",
            stats.files,
            stats.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)
        .expect("read the bench data folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "fit"))
        .collect();
    files.sort();
    let bytes: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();

    let quarter = &files[..files.len() / 4];
    let (_, _, quarter_peak) = run(&data, quarter, "quarter", None);
    let (seconds, report, peak) = run(&data, &files, "whole", None);
    let postgres = std::env::var("TUNEUP_BENCH_POSTGRES").ok().map(|server| {
        let url = fresh_schema(&server, "bench_ten_years");
        run(&data, &files, "whole, PostgreSQL", Some(&url))
    });

    let counts = report.counts();
    let db = data.join("bench-whole.db");
    let store = SqliteStore::open(&db).expect("reopen the database");
    let stored = store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .expect("list activities");
    let records = count_records(&store, &stored);
    let db_mb = std::fs::metadata(&db).map_or(0, |m| m.len()) as f64 / 1e6;
    let mb = bytes as f64 / 1e6;
    println!(
        "ten-year import ({} workers)",
        ImportOptions::default().workers
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("  load avg   {}", load.trim());
    println!(
        "  input      {} files, {mb:.1} MB, {records} records",
        files.len()
    );
    println!(
        "  outcome    {} (activities added {})",
        report.summary(),
        counts.activities_added
    );
    println!("  time       {seconds:.2} s");
    println!(
        "  rate       {:.0} files/s, {:.1} MB/s, {:.2} M records/s",
        files.len() as f64 / seconds,
        mb / seconds,
        records as f64 / seconds / 1e6
    );
    println!(
        "  peak RSS   {:.1} MB (a quarter of the files: {:.1} MB)",
        peak as f64 / 1024.0,
        quarter_peak as f64 / 1024.0
    );
    println!("  database   {db_mb:.1} MB");
    if let Some((pg_seconds, pg_report, pg_peak)) = postgres {
        println!(
            "  PostgreSQL {} (activities added {})",
            pg_report.summary(),
            pg_report.counts().activities_added
        );
        println!(
            "  PostgreSQL {pg_seconds:.2} s = {:.2}x SQLite's {seconds:.2} s; peak RSS {:.1} MB",
            pg_seconds / seconds,
            pg_peak as f64 / 1024.0
        );
    }
}

/// Drops and creates `schema` on the server; returns the URL with it as the search path.
fn fresh_schema(server: &str, schema: &str) -> String {
    let mut admin = postgres::Client::connect(server, postgres::NoTls)
        .expect("TUNEUP_BENCH_POSTGRES names a server that answers");
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("make the bench schema");
    let join = if server.contains('?') { '&' } else { '?' };
    format!("{server}{join}options=-c%20search_path%3D{schema}")
}

/// Imports `files` into a fresh database (a new SQLite file, or the PostgreSQL schema `url`
/// points at); returns seconds, the report and peak RSS (kB).
fn run(data: &Path, files: &[PathBuf], name: &str, url: Option<&str>) -> (f64, ImportReport, u64) {
    let (process_before, writer_before) = (
        cpu_seconds("/proc/self/stat"),
        cpu_seconds("/proc/thread-self/stat"),
    );
    let db = data.join(format!("bench-{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    reset_peak_memory();
    let started = Instant::now();
    let mut store: Box<dyn Store> = match url {
        Some(url) => Box::new(PgStore::open(url).expect("open the PostgreSQL schema")),
        None => Box::new(SqliteStore::open(&db).expect("create the database")),
    };
    let report = import(
        store.as_mut(),
        AthleteId::LOCAL,
        files,
        &ImportOptions::default(),
        &mut |_| {},
    );
    drop(store);
    let seconds = started.elapsed().as_secs_f64();
    let peak = peak_memory_kb();
    println!(
        "  {name}: {} files in {seconds:.2} s; CPU {:.2} s in all threads, {:.2} s in the writing thread",
        files.len(),
        cpu_seconds("/proc/self/stat") - process_before,
        cpu_seconds("/proc/thread-self/stat") - writer_before
    );
    assert!(report.all_handled(), "{}", report.summary());
    (seconds, report, peak)
}

/// Samples actually stored, read back from the stream blobs (not from the report).
fn count_records(
    store: &SqliteStore,
    stored: &[tuneup_core::Record<tuneup_core::model::Activity>],
) -> usize {
    stored
        .iter()
        .filter_map(|r| store.activity(AthleteId::LOCAL, r.id).ok().flatten())
        .filter_map(|r| r.item.streams.map(|s| s.len()))
        .sum()
}

/// Linux: writing 5 to clear_refs resets the peak resident set size.
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_memory_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// User + system CPU time from a /proc stat file (fields 14 and 15, in clock ticks of 1/100 s
/// on Linux).
fn cpu_seconds(stat: &str) -> f64 {
    let Ok(text) = std::fs::read_to_string(stat) else {
        return 0.0;
    };
    // The command name (field 2) may hold spaces; the fields after its ')' are fixed.
    let after = text.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

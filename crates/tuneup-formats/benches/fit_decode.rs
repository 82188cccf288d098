//! FIT decoding speed on every FIT file of the shared corpus: our decoder (`fit::parse`, and
//! the whole `decode` to activities) against the `fitparser` crate's `from_bytes`.
//! Criterion measures each with byte throughput; a last line prints the ratio of the
//! medians, the number the brief asks for (target: ours at least 10× fitparser).

use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tuneup_formats::{SourceFile, decode, fit};

fn corpus_fit_files() -> Vec<(String, Vec<u8>)> {
    let dir = std::env::var_os("TUNEUP_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    let lines = std::fs::read_to_string(dir.join("expected.jsonl")).unwrap_or_else(|e| {
        panic!(
            "the corpus is missing at {} ({e}); set TUNEUP_CORPUS",
            dir.display()
        )
    });
    let mut files = Vec::new();
    for line in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        if v["format"] != "fit" {
            continue;
        }
        let path = v["path"].as_str().expect("path").to_string();
        let raw = std::fs::read(dir.join(&path)).expect("corpus file");
        // Decompress up front: the benchmark is about FIT, not gzip.
        let plain = tuneup_formats::decompress(&path, &raw)
            .expect("gzip")
            .into_owned();
        files.push((path, plain));
    }
    assert!(!files.is_empty(), "no FIT files in the corpus");
    files
}

fn ours(files: &[(String, Vec<u8>)]) {
    for (_, bytes) in files {
        let _ = black_box(fit::parse(black_box(bytes)));
    }
}

fn ours_to_activities(files: &[SourceFile]) {
    for file in files {
        let _ = black_box(decode(black_box(file)));
    }
}

fn fitparser(files: &[(String, Vec<u8>)]) {
    for (_, bytes) in files {
        let _ = black_box(fitparser::from_bytes(black_box(bytes)));
    }
}

/// Median wall time of `runs` passes.
fn median(runs: usize, mut pass: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            pass();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let files = corpus_fit_files();
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|(name, bytes)| SourceFile::new(name.clone(), bytes.clone()))
        .collect();
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();

    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    {
        let mut group = criterion.benchmark_group("fit_decode_corpus");
        group.throughput(Throughput::Bytes(total as u64));
        group.bench_function(BenchmarkId::new("ours", "fit::parse"), |b| {
            b.iter(|| ours(&files))
        });
        group.bench_function(BenchmarkId::new("ours", "decode to activities"), |b| {
            b.iter(|| ours_to_activities(&sources))
        });
        group.bench_function(BenchmarkId::new("fitparser", "from_bytes"), |b| {
            b.iter(|| fitparser(&files))
        });
        group.finish();
    }
    criterion.final_summary();

    let mb = total as f64 / 1e6;
    let t_ours = median(7, || ours(&files)).as_secs_f64();
    let t_full = median(7, || ours_to_activities(&sources)).as_secs_f64();
    let t_theirs = median(3, || fitparser(&files)).as_secs_f64();
    println!(
        "{} FIT files, {mb:.1} MB: ours {:.0} MB/s (fit::parse), {:.0} MB/s (decode to activities); fitparser {:.1} MB/s; ratio {:.1}x (parse), {:.1}x (decode)",
        files.len(),
        mb / t_ours,
        mb / t_full,
        mb / t_theirs,
        t_theirs / t_ours,
        t_theirs / t_full,
    );
}

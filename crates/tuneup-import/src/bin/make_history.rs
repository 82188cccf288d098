//! Writes the benchmark's ten-year history: `make_history [OUT_DIR] [COUNT]` (defaults
//! `bench-data/ten_years` and 3000) from the corpus's run files, each copy moved to its own
//! day so that every file is a distinct activity.

use std::path::PathBuf;
use std::process::ExitCode;
use tuneup_import::history;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .map_or_else(|| PathBuf::from("bench-data/ten_years"), PathBuf::from);
    let count = match args.next().map(|c| c.parse::<usize>()) {
        None => 3000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("make_history: COUNT must be a whole number above zero");
            return ExitCode::from(2);
        }
    };
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(corpus) = history::corpus_dir(&manifest) else {
        eprintln!("make_history: no corpus: set TUNEUP_CORPUS to the shared corpus folder");
        return ExitCode::FAILURE;
    };
    match history::write_ten_years(&corpus, &out, count) {
        Ok(stats) => {
            println!(
                "wrote {} files, {:.1} MB, into {}",
                stats.files,
                stats.bytes as f64 / 1e6,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("make_history: {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}

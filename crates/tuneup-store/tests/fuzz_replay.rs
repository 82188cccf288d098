//! Replays the streams codec's fuzz inputs (`fuzz/seeds/streams/`, `fuzz/crashes/streams/`)
//! through `streams_codec::fuzz_entry`, the function the fuzz target calls, on stable.

use std::path::Path;
use tuneup_store::streams_codec;

#[test]
fn streams_inputs_replay() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut n = 0;
    for dir in ["seeds/streams", "crashes/streams"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| streams_codec::fuzz_entry(&bytes));
            assert!(outcome.is_ok(), "{} panicked", path.display());
            n += 1;
        }
    }
    assert!(n >= 4, "only {n} streams inputs under {}", root.display());
}

//! What the offline time-zone lookup costs: building the boundary finder (once per process,
//! on first use) and one lookup. `cargo run --release -p tuneup-formats --example tz_cost`.

use std::time::Instant;

fn main() {
    let start = Instant::now();
    let first = tuneup_formats::timezone::zone_at(39.70, -104.97);
    let init = start.elapsed();
    let points: Vec<(f64, f64)> = (0..100_000)
        .map(|i| {
            let f = f64::from(i);
            ((f * 0.0017) % 140.0 - 60.0, (f * 0.0031) % 360.0 - 180.0)
        })
        .collect();
    let start = Instant::now();
    let found = points
        .iter()
        .filter(|(lat, lon)| tuneup_formats::timezone::zone_at(*lat, *lon).is_some())
        .count();
    let each = start.elapsed() / points.len() as u32;
    println!("first lookup (builds the finder): {init:?} -> {first:?}");
    println!(
        "then per lookup: {each:?} ({found} of {} points in a zone)",
        points.len()
    );
}

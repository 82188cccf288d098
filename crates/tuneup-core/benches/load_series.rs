//! How fast the daily load series is: ten years of daily loads. Criterion reports the time
//! per day as the throughput ("elements" are days).

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tuneup_core::load::{Load, daily_series};

/// Ten years of daily loads with a weekly shape (a rest day, a long run), deterministic.
fn ten_years() -> (Vec<(NaiveDate, Load)>, NaiveDate, NaiveDate) {
    let from = NaiveDate::from_ymd_opt(2016, 1, 1).expect("valid date");
    let to = NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date");
    let days = (to - from).num_days() + 1;
    let items = (0..days)
        .map(|day| {
            let load = match day % 7 {
                0 => 0.0,
                6 => 150.0,
                n => 40.0 + (n as f64) * 5.0,
            };
            (from + chrono::Duration::days(day), Load(load))
        })
        .collect();
    (items, from, to)
}

fn bench_series(c: &mut Criterion) {
    let (items, from, to) = ten_years();
    let days = (to - from).num_days() as u64 + 1;
    let mut group = c.benchmark_group("load_series");
    group.throughput(Throughput::Elements(days));
    group.bench_with_input(
        BenchmarkId::new("daily_series", days),
        &items,
        |b, items| {
            b.iter(|| daily_series(black_box(items), from, to));
        },
    );
    group.finish();
}

criterion_group!(benches, bench_series);
criterion_main!(benches);

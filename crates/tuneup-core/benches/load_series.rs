//! How fast the daily load series is: ten years of daily loads. Criterion reports the time
//! per day as the throughput ("elements" are days).

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tuneup_core::id::{Id, Record};
use tuneup_core::load::{Load, analyse, daily_series};
use tuneup_core::model::{Activity, ActivitySource, AthleteProfile, HeartRateSummary};
use tuneup_core::units::{Bpm, Meters, Seconds};
use tuneup_core::vocab::Sport;

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

/// Six runs a week for ten years, as a listing gives them (summaries, no streams).
fn ten_years_of_runs() -> (Vec<Record<Activity>>, NaiveDate) {
    let (days, _, to) = ten_years();
    let runs = days
        .iter()
        .enumerate()
        .filter(|(_, (_, load))| load.0 > 0.0)
        .map(|(i, (date, load))| {
            let minutes = load.0 * 0.6;
            let activity = Activity {
                sport: Sport::Running,
                start: Utc.from_utc_datetime(&date.and_hms_opt(7, 0, 0).expect("valid time")),
                utc_offset_s: 0,
                offset_source: tuneup_core::model::OffsetSource::Profile,
                implausible: None,
                crc_mismatch: false,
                elapsed: Seconds::from_minutes(minutes),
                moving: Seconds::from_minutes(minutes),
                distance: Meters(minutes * 60.0 * 3.2),
                elevation_gain: None,
                heart_rate: (i % 2 == 0).then_some(HeartRateSummary {
                    average: Bpm(140.0 + (i % 20) as f64),
                    max: Bpm(170.0 + (i % 15) as f64),
                }),
                rpe: None,
                title: None,
                kind: None,
                source: ActivitySource::manual(),
                streams: None,
                digest: None,
            };
            Record::new(Id(i as i64), activity)
        })
        .collect();
    (runs, to)
}

fn bench_analyse(c: &mut Criterion) {
    let (runs, today) = ten_years_of_runs();
    let mut group = c.benchmark_group("load_analyse");
    group.throughput(Throughput::Elements(runs.len() as u64));
    group.bench_with_input(BenchmarkId::new("analyse", runs.len()), &runs, |b, runs| {
        b.iter(|| analyse(&AthleteProfile::default(), black_box(runs), &[], today));
    });
    group.finish();
}

criterion_group!(benches, bench_series, bench_analyse);
criterion_main!(benches);

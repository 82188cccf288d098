//! How fast the knowledge base loads and a routine is built: the CLI and the web player do both
//! on every request, so they must stay far below a frame.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tuneup_core::knowledge::{Documents, KnowledgeBase, RunType};
use tuneup_core::model::SorenessEntry;
use tuneup_core::routine::{RecentRun, RoutineRequest, build_routine, why};
use tuneup_core::vocab::{BodyArea, Side, SorenessKind, Tool};

/// A busy day: a long run yesterday, two symptoms, a week of soreness entries, a few tools.
fn busy_day() -> RoutineRequest {
    let date = NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date");
    let soreness = (0..14)
        .map(|i| SorenessEntry {
            date: date - chrono::Duration::days(i % 7),
            area: BodyArea::ALL[i as usize % BodyArea::ALL.len()],
            side: Side::Both,
            level: (i % 9) as u8,
            kind: if i % 5 == 0 {
                SorenessKind::Tight
            } else {
                SorenessKind::Sore
            },
            note: None,
        })
        .collect();
    RoutineRequest {
        date,
        minutes: 12,
        areas: vec![BodyArea::Shoulders],
        symptoms: vec!["heel_pain".into(), "desk_day".into()],
        tools: vec![Tool::FoamRoller, Tool::LacrosseBall, Tool::GolfBall],
        run: Some(RecentRun {
            date: date.pred_opt().expect("valid date"),
            run: RunType::Long,
        }),
        soreness,
        deep_work: Vec::new(),
        race: None,
    }
}

fn bench_knowledge(c: &mut Criterion) {
    c.bench_function("knowledge/parse_and_validate", |b| {
        b.iter(|| KnowledgeBase::from_documents(black_box(&Documents::EMBEDDED)));
    });
    let request = busy_day();
    // Parse the static once, outside the measured loop.
    build_routine(&request).expect("known symptoms");
    c.bench_function("routine/build_busy_day", |b| {
        b.iter(|| build_routine(black_box(&request)));
    });
    c.bench_function("routine/why_heel", |b| {
        b.iter(|| why(black_box("heel"), &[Tool::FoamRoller]));
    });
}

criterion_group!(benches, bench_knowledge);
criterion_main!(benches);

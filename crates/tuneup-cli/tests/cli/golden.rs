//! What every read command prints for the demo athlete (built as of the `tuneup()` helper's
//! fixed `TUNEUP_TODAY`), text and JSON, pinned in golden files
//! under `tests/golden/demo/`. A refactor that moves code between crates must leave these
//! byte-identical; a change that means to alter output refreshes them with `UPDATE_GOLDEN=1`
//! and the diff is reviewed in the commit.

use std::path::{Path, PathBuf};

/// Every read command worth pinning, with the golden file it is compared against.
const COMMANDS: &[(&str, &[&str])] = &[
    ("activities.txt", &["activities"]),
    ("activities.json", &["activities", "--json"]),
    (
        "activities_since.json",
        &[
            "activities",
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-20",
            "--json",
        ],
    ),
    ("load.txt", &["load"]),
    ("load.json", &["load", "--json"]),
    (
        "load_range.txt",
        &["load", "--from", "2026-10-01", "--to", "2026-10-20"],
    ),
    (
        "load_clipped.txt",
        &["load", "--from", "2026-08-01", "--to", "2026-09-25"],
    ),
    ("profile.txt", &["profile", "show"]),
    ("profile.json", &["profile", "show", "--json"]),
    ("plan.txt", &["plan"]),
    ("plan.json", &["plan", "--json"]),
    ("plan_28.txt", &["plan", "--days", "28"]),
    (
        "plan_from.json",
        &["plan", "--from", "2026-12-05", "--json"],
    ),
    ("routine.txt", &["routine"]),
    ("routine.json", &["routine", "--json"]),
    (
        "routine_area.txt",
        &["routine", "--minutes", "20", "--area", "calves"],
    ),
    ("why_heel.txt", &["why", "heel"]),
    ("why_heel.json", &["why", "heel", "--json"]),
    ("faq.txt", &["faq"]),
    ("faq.json", &["faq", "--json"]),
    ("precautions.txt", &["precautions"]),
    ("precautions.json", &["precautions", "--json"]),
    ("races.txt", &["race", "list"]),
    ("races.json", &["race", "list", "--json"]),
    ("planned.txt", &["planned", "list"]),
    ("planned.json", &["planned", "list", "--json"]),
    ("soreness.txt", &["sore", "list"]),
    ("soreness.json", &["sore", "list", "--json"]),
    ("massages.txt", &["massage", "list"]),
    ("massages.json", &["massage", "list", "--json"]),
    ("massage_stats.txt", &["massage", "stats"]),
    ("massage_stats.json", &["massage", "stats", "--json"]),
    ("massage_stats.csv", &["massage", "stats", "--csv"]),
    ("therapists.txt", &["therapist", "list"]),
    ("therapists.json", &["therapist", "list", "--json"]),
    ("therapist_1.txt", &["therapist", "show", "1"]),
    ("therapist_1.json", &["therapist", "show", "1", "--json"]),
    ("therapist_find.txt", &["therapist", "find"]),
    ("card.txt", &["card", "--format", "text"]),
];

#[test]
fn every_read_command_prints_what_the_golden_files_hold() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sample.db");
    let demo = run(&db, &["demo", "--out", db.to_str().unwrap()]);
    let mut differences = Vec::new();
    check(
        &demo.replace(&dir_text(dir.path()), "<DIR>"),
        "demo.txt",
        &mut differences,
    );
    let card = std::fs::read_to_string(dir.path().join("card.html")).unwrap();
    check(&card, "card.html", &mut differences);
    for (name, args) in COMMANDS {
        check(&run(&db, args), name, &mut differences);
    }
    let ics = dir.path().join("plan.ics");
    run(&db, &["plan", "--ics", ics.to_str().unwrap()]);
    let ics = std::fs::read_to_string(&ics).unwrap();
    check(&without_stamps(&ics), "plan.ics", &mut differences);
    assert!(
        differences.is_empty(),
        "{} golden files differ (UPDATE_GOLDEN=1 accepts them):\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// The outputs pinned at 60 columns and in imperial units, each at both widths.
const SIZED: &[(&str, &[&str])] = &[
    ("plan", &["plan"]),
    ("routine", &["routine"]),
    ("activities", &["activities"]),
    ("card", &["card", "--format", "text"]),
    ("races", &["race", "list"]),
];

#[test]
fn plan_routine_activities_and_card_fit_60_columns_and_speak_imperial() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sample.db");
    run(&db, &["demo", "--out", db.to_str().unwrap()]);
    let mut differences = Vec::new();
    let mut too_long = Vec::new();
    for units in ["metric", "imperial"] {
        run(&db, &["profile", "set", "--units", units]);
        for (name, args) in SIZED {
            for width in ["60", "100"] {
                let mut with_width = vec!["--width", width];
                with_width.extend_from_slice(args);
                let text = run(&db, &with_width);
                let file = format!("{name}_{units}_{width}.txt");
                if width == "60" {
                    too_long.extend(
                        text.lines()
                            .filter(|l| l.chars().count() > 60)
                            .map(|l| format!("{file}: {l}")),
                    );
                }
                // Titles are the runner's own words ("18 km long run"), left as written.
                if units == "imperial" {
                    let metric: Vec<&str> = text
                        .lines()
                        .filter(|l| !l.starts_with("title "))
                        .filter(|l| l.contains(" km") || l.contains("/km"))
                        .collect();
                    assert!(metric.is_empty(), "{file} shows km:\n{}", metric.join("\n"));
                }
                check(&text, &format!("sized/{file}"), &mut differences);
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "lines over 60 columns:\n{}",
        too_long.join("\n")
    );
    assert!(
        differences.is_empty(),
        "{} golden files differ (UPDATE_GOLDEN=1 accepts them):\n{}",
        differences.len(),
        differences.join("\n")
    );
}

fn run(db: &Path, args: &[&str]) -> String {
    let out = super::tuneup(db, args);
    assert!(
        out.status.success(),
        "tuneup {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn dir_text(dir: &Path) -> String {
    dir.to_str().unwrap().to_string()
}

/// DTSTAMP is when the file was written (the real clock): the one line that may differ.
fn without_stamps(ics: &str) -> String {
    ics.split_inclusive('\n')
        .map(|line| {
            if line.starts_with("DTSTAMP:") {
                "DTSTAMP:<now>\r\n"
            } else {
                line
            }
        })
        .collect()
}

fn check(actual: &str, name: &str, differences: &mut Vec<String>) {
    let path: PathBuf = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/demo")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => differences.push(format!(
            "{}: first difference at line {}",
            path.display(),
            first_difference(&expected, actual)
        )),
        Err(error) => differences.push(format!("{}: {error}", path.display())),
    }
}

fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    let mut number = 1;
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (None, None) => return format!("{number} (line endings differ)"),
            (e, a) if e == a => number += 1,
            (e, a) => {
                return format!(
                    "{number}\n  expected: {}\n  actual:   {}",
                    e.unwrap_or("<end>"),
                    a.unwrap_or("<end>")
                );
            }
        }
    }
}

#[test]
fn the_cards_weeks_follow_the_runners_week_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sample.db");
    run(&db, &["demo", "--out", db.to_str().unwrap()]);
    let monday = run(&db, &["card", "--format", "text"]);
    assert!(monday.contains("  Mon 23 Nov "), "{monday}");
    run(&db, &["profile", "set", "--week-start", "sunday"]);
    assert!(run(&db, &["profile", "show"]).contains("weeks start on   Sunday"));
    let sunday = run(&db, &["card", "--format", "text"]);
    assert!(sunday.contains("  Sun 22 Nov "), "{sunday}");
    assert!(!sunday.contains("  Mon 23 Nov "), "{sunday}");
}

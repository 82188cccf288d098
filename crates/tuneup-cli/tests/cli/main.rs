//! The `tuneup` binary, run for real against SQLite files in a temporary folder.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod concurrency;
mod corrections;
mod golden;
mod interrupt;
mod kill;
mod limits;
mod locations;
mod output_failures;
mod skipped;
mod therapists;

/// A fresh database in its own temporary folder, and the binary run against it.
struct Runner {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Runner {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        Runner { dir, db }
    }

    fn run(&self, args: &[&str]) -> Output {
        tuneup(&self.db, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tuneup {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "tuneup {args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

fn tuneup(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tuneup"))
        .arg("--database")
        .arg(db)
        .args(args)
        .env_remove("TUNEUP_DATABASE")
        .env_remove("TUNEUP_WIDTH")
        .env("TUNEUP_TODAY", "2026-11-27")
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

#[test]
fn a_manual_run_is_stored_in_si_units() {
    let t = Runner::new();
    t.ok(&[
        "activity",
        "add",
        "--date",
        "2026-11-20",
        "--duration",
        "45m",
        "--distance",
        "8k",
        "--rpe",
        "4",
    ]);
    let list = t.json(&["activities", "--json"]);
    let run = &list[0];
    assert_eq!(run["distance"], 8000.0);
    assert_eq!(run["elapsed"], 2700.0);
    assert_eq!(run["rpe"], 4);
    assert_eq!(run["sport"], "running");
    assert_eq!(run["source"]["kind"], "manual");
    assert_eq!(run["start"], "2026-11-20T12:00:00Z");
    // The run's load comes from its RPE: 4 × 45 min × 100/420 ≈ 42.9 points.
    assert_eq!(run["analysis"]["load"]["method"], "session_rpe");
    let load = run["analysis"]["load"]["load"].as_f64().unwrap();
    assert!((load - 4.0 * 45.0 * 100.0 / 420.0).abs() < 0.1, "{load}");
}

#[test]
fn bad_input_names_the_field_and_changes_nothing() {
    let t = Runner::new();
    t.ok(&[
        "race",
        "add",
        "--date",
        "2026-12-13",
        "--name",
        "City Marathon",
        "--distance",
        "42.2k",
    ]);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "activity",
                "add",
                "--date",
                "2026-02-30",
                "--duration",
                "45m",
                "--distance",
                "8k",
            ],
            "--date",
        ),
        (
            &[
                "activity",
                "add",
                "--date",
                "2026-11-20",
                "--duration",
                "45m",
                "--distance",
                "-8k",
            ],
            "negative",
        ),
        (
            &[
                "activity",
                "add",
                "--date",
                "2026-11-20",
                "--duration",
                "45m",
                "--distance",
                "8k",
                "--rpe",
                "11",
            ],
            "--rpe",
        ),
        (
            &["sore", "add", "elbow", "--level", "3"],
            "unknown body area 'elbow'",
        ),
        (&["sore", "add", "calves", "--level", "12"], "--level"),
        (
            &["profile", "set", "--max-hr", "150", "--rest-hr", "160"],
            "rest-hr",
        ),
        (&["race", "rm", "99"], "no race with id 99"),
    ];
    for (args, expected) in cases {
        let out = t.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(t.json(&["activities", "--json"]), Value::Array(vec![]));
    assert_eq!(t.json(&["sore", "list", "--json"]), Value::Array(vec![]));
    let races = t.json(&["race", "list", "--json"]);
    assert_eq!(races.as_array().unwrap().len(), 1);
    assert_eq!(
        t.json(&["profile", "show", "--json"])["profile"]["max_hr"],
        Value::Null
    );
}

#[test]
fn a_database_in_a_missing_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing/folder/a.db");
    let out = tuneup(&db, &["activities"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(!db.exists());
}

#[test]
fn every_record_kind_can_be_added_listed_and_removed() {
    let t = Runner::new();
    t.ok(&[
        "profile",
        "set",
        "--max-hr",
        "190",
        "--rest-hr",
        "50",
        "--sex",
        "m",
        "--threshold-pace",
        "4:30/km",
        "--tools",
        "foam_roller,tennis_ball",
    ]);
    let shown = t.json(&["profile", "show", "--json"]);
    // What was set is used as set, and labelled so.
    assert_eq!(shown["effective"]["max_hr"]["value"], 190.0);
    assert_eq!(shown["effective"]["max_hr"]["source"]["kind"], "set");
    assert_eq!(
        shown["effective"]["threshold_hr"]["source"]["kind"],
        "estimated"
    );
    let profile = &shown["profile"];
    assert_eq!(profile["max_hr"], 190.0);
    assert_eq!(profile["sex"], "m");
    assert_eq!(
        profile["tools"],
        serde_json::json!(["foam_roller", "tennis_ball", "hands"])
    );
    assert!((profile["threshold_pace"].as_f64().unwrap() - 1000.0 / 270.0).abs() < 1e-9);

    t.ok(&[
        "planned",
        "add",
        "--date",
        "2026-12-01",
        "--kind",
        "hard",
        "--title",
        "6x800 intervals",
    ]);
    let planned = t.json(&["planned", "list", "--json"]);
    assert_eq!(planned[0]["kind"], "hard");
    t.ok(&["planned", "rm", "1"]);
    assert_eq!(t.json(&["planned", "list", "--json"]), Value::Array(vec![]));

    t.ok(&[
        "sore", "add", "calves", "--side", "left", "--level", "6", "--kind", "tight",
    ]);
    let sore = t.json(&["sore", "list", "--json"]);
    assert_eq!(sore[0]["area"], "calves");
    assert_eq!(sore[0]["date"], "2026-11-27");

    t.ok(&[
        "therapist",
        "add",
        "--name",
        "Jordan Lee",
        "--techniques",
        "swedish,deep_tissue",
    ]);
    t.ok(&[
        "massage",
        "add",
        "--date",
        "2026-11-20",
        "--technique",
        "swedish",
        "--areas",
        "calves,quads",
        "--purpose",
        "maintenance",
        "--therapist",
        "1",
    ]);
    let massages = t.json(&["massage", "list", "--json"]);
    assert_eq!(massages[0]["areas"], serde_json::json!(["calves", "quads"]));
    assert_eq!(massages[0]["therapist"], 1);
    let out = t.run(&[
        "massage",
        "add",
        "--date",
        "2026-11-21",
        "--technique",
        "swedish",
        "--therapist",
        "7",
    ]);
    assert!(!out.status.success());
}

#[test]
fn durations_and_distances_in_runner_notation() {
    let t = Runner::new();
    t.ok(&[
        "activity",
        "add",
        "--date",
        "2026-11-21",
        "--duration",
        "1:05:00",
        "--distance",
        "6.2mi",
    ]);
    let run = &t.json(&["activities", "--json"])[0];
    assert_eq!(run["elapsed"], 3900.0);
    assert!((run["distance"].as_f64().unwrap() - 6.2 * 1609.344).abs() < 1e-6);
}

#[test]
fn the_demo_runs_and_labels_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let out_db = dir.path().join("demo.db");
    let out = Command::new(env!("CARGO_BIN_EXE_tuneup"))
        .args(["demo", "--out"])
        .arg(&out_db)
        .env("TUNEUP_TODAY", "2026-11-27")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("SAMPLE DATA"), "{stdout}");
    assert!(stdout.contains("City Marathon"), "{stdout}");
    assert!(stdout.contains("form"), "{stdout}");
    assert!(stdout.contains("Today's self-massage"), "{stdout}");
    // The 14-day plan: the service interval, the pre-race flush and the visit after the
    // marathon, which falls on a Sunday (the demo's weeks run Monday to Sunday).
    assert!(stdout.contains("Massage service: OVERDUE"), "{stdout}");
    assert!(stdout.contains("[race_taper]"), "{stdout}");
    assert!(stdout.contains("Sun City Marathon (sample)"), "{stdout}");
    // The peak long run (last Sunday) is flagged big, with its reason.
    assert!(
        stdout.contains("Sun 2026-11-22: 31.9 km long run"),
        "{stdout}"
    );
    assert!(stdout.contains("long run"), "{stdout}");
    let card = std::fs::read_to_string(dir.path().join("card.html")).unwrap();
    assert!(card.contains("Sample Runner"), "the card names the athlete");
    assert!(stdout.contains("card.html"), "{stdout}");
    let list = tuneup(&out_db, &["activities", "--json"]);
    let runs: Value = serde_json::from_slice(&list.stdout).unwrap();
    // Ten weeks of five runs, and this week's three before Friday.
    assert_eq!(runs.as_array().unwrap().len(), 53);
}

#[test]
fn import_reports_each_file_and_exits_3_when_some_failed() {
    // A real watch file from the fixtures kept in the repository (MIT, see its README).
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tuneup-formats/tests/fixtures/fit/python-fitparse/2013-02-06-12-11-14.fit");
    let runner = Runner::new();
    let folder = runner.dir.path().join("watch");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(&fixture, folder.join("a.fit"))
        .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
    std::fs::write(
        folder.join("b.gpx"),
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\">\n<trk><trkseg>\n<trkpt lat=\"45\" lon=\"7\"><time>2024-05-01T06:00:00Z</trkpt>\n</trkseg></trk></gpx>\n",
    )
    .unwrap();
    let folder = folder.to_str().unwrap();

    let out = runner.run(&["import", folder]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "imported 1, already imported 0, duplicates 0, skipped 0 (not an activity), failed 1"
        ),
        "{text}"
    );
    assert!(text.contains("b.gpx (line 4): "), "{text}");

    let out = runner.run(&["import", folder, "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["outcome"], "already_imported");
    assert_eq!(report["files"][1]["outcome"], "failed");
    assert_eq!(report["files"][1]["at"]["line"], 4);

    std::fs::remove_file(Path::new(folder).join("b.gpx")).unwrap();
    let out = runner.run(&["import", folder]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn plan_keeps_the_visit_off_an_imported_hard_day_and_writes_a_calendar() {
    let t = Runner::new();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("plan.csv");
    std::fs::write(
        &csv,
        "date,kind,title\n2026-11-27,,Intervals 6x1k\n2026-12-01,,Easy 8k\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    assert!(
        t.ok(&["planned", "import", csv])
            .contains("imported 2 planned sessions")
    );
    assert!(
        t.ok(&["planned", "import", csv])
            .contains("imported 0 planned sessions")
    );
    let planned = t.json(&["planned", "list", "--json"]);
    assert_eq!(planned[0]["kind"], "hard");
    t.ok(&[
        "massage",
        "add",
        "--date",
        "2026-11-06",
        "--technique",
        "swedish",
        "--purpose",
        "maintenance",
    ]);
    t.ok(&["sore", "add", "calves", "--level", "6", "--kind", "tight"]);

    let ics = dir.path().join("plan.ics");
    let plan = t.json(&["plan", "--json", "--ics", ics.to_str().unwrap()]);
    assert_eq!(plan["from"], "2026-11-27");
    assert_eq!(plan["days"], 14);
    assert_eq!(plan["service"]["next_due"], "2026-11-27");
    let items = plan["items"].as_array().unwrap();
    // One visit: the maintenance visit with deep tissue for the trouble area.
    let asked_by = |item: &serde_json::Value, rule: &str| {
        item["reasons"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r["rule"] == rule))
    };
    let visit = items
        .iter()
        .find(|i| i["kind"] == "massage" && asked_by(i, "service_interval"))
        .unwrap();
    assert_eq!(visit["date"], "2026-11-28", "not on the intervals day");
    assert_eq!(visit["technique"], "deep_tissue");
    assert!(asked_by(visit, "trouble_area"));
    let calendar = std::fs::read_to_string(&ics).unwrap();
    let events = calendar.matches("BEGIN:VEVENT").count();
    assert_eq!(
        events,
        items.len() + plan["conflicts"].as_array().unwrap().len()
    );
    let text = t.ok(&["plan"]);
    assert!(text.contains("why: "), "{text}");

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "date,kind,title\n2026-11-31,,Tempo\n").unwrap();
    let out = t.run(&["planned", "import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
}

#[test]
fn plan_and_big_run_thresholds_are_set_in_the_profile() {
    let t = Runner::new();
    t.ok(&[
        "profile",
        "set",
        "--rule",
        "deep_no_hard_hours=36",
        "--rule",
        "taper_no_deep_days=7",
        "--big-run",
        "load_over=0.2",
    ]);
    let shown = t.json(&["profile", "show", "--json"]);
    assert_eq!(shown["profile"]["plan_rules"]["deep_no_hard_hours"], 36);
    assert_eq!(shown["profile"]["plan_rules"]["taper_no_deep_days"], 7);
    // Untouched thresholds keep their defaults.
    assert_eq!(shown["profile"]["plan_rules"]["trouble_min_level"], 5);
    assert_eq!(shown["profile"]["big_run"]["load_over"], 0.2);
    let text = t.ok(&["profile", "show"]);
    assert!(
        text.contains("deep_no_hard_hours = 36 (changed from the default)"),
        "{text}"
    );

    // Out of range, unknown keys: named, and nothing changes.
    for (flag, setting, expected) in [
        ("--rule", "deep_no_hard_hours=48", "deep_no_hard_hours"),
        ("--rule", "no_such_rule=1", "unknown rule 'no_such_rule'"),
        (
            "--big-run",
            "spike_window_days=3",
            "big_run.spike_window_days",
        ),
    ] {
        let out = t.run(&["profile", "set", flag, setting]);
        assert!(!out.status.success(), "{setting}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{setting}: {stderr}");
    }
    let after = t.json(&["profile", "show", "--json"]);
    assert_eq!(after["profile"]["plan_rules"]["deep_no_hard_hours"], 36);
}

#[test]
fn a_planned_run_that_would_spike_gets_a_caution_in_the_plan() {
    // Today is Fri 27 Nov; the longest run of the last 30 days is 26 km on Sun 22 Nov.
    let t = Runner::new();
    for (date, distance) in [("2026-11-22", "26k"), ("2026-11-25", "10k")] {
        t.ok(&[
            "activity",
            "add",
            "--date",
            date,
            "--duration",
            "2:10:00",
            "--distance",
            distance,
        ]);
    }
    let added = t.ok(&[
        "planned",
        "add",
        "--date",
        "2026-11-28",
        "--kind",
        "long",
        "--title",
        "long run",
        "--distance",
        "32k",
    ]);
    assert!(added.contains("(long, 32.00 km)"), "{added}");
    let listed = t.json(&["planned", "list", "--json"]);
    assert_eq!(listed[0]["distance"], 32000.0);
    let plan = t.ok(&["plan"]);
    assert!(plan.contains("[planned_spike]"), "{plan}");
    assert!(
        plan.contains("Sat 32 km is 23 % longer than your longest run in 30 days (26 km"),
        "{plan}"
    );
    assert!(plan.contains("linked to"), "{plan}");
}

#[test]
fn profile_show_lists_the_domain_choices_with_their_sources() {
    let t = Runner::new();
    t.ok(&["profile", "set", "--big-run", "estimate_window_days=365"]);
    let shown = t.json(&["profile", "show", "--json"]);
    let domain = shown["domain"].as_array().unwrap();
    assert!(
        domain
            .iter()
            .all(|c| c["source"].as_str().is_some_and(|s| !s.is_empty()))
    );
    let window = domain
        .iter()
        .find(|c| c["key"] == "estimate_window")
        .unwrap();
    assert_eq!(window["value"], "365 days (default 180)");
    let text = t.ok(&["profile", "show"]);
    assert!(text.contains("spike_bands"), "{text}");
    assert!(text.contains("source: Garmin-RUNSAFE"), "{text}");
}

#[test]
fn the_runners_time_zone_places_typed_runs_and_is_validated() {
    let t = Runner::new();
    let refused = t.fails(&["profile", "set", "--timezone", "Mars/Olympus"]);
    assert!(refused.contains("--timezone"), "{refused}");
    assert!(refused.contains("Area/City"), "{refused}");
    let shown = t.ok(&["profile", "set", "--timezone", "america/denver"]);
    assert!(shown.contains("time zone        America/Denver"), "{shown}");
    t.ok(&[
        "activity",
        "add",
        "--date",
        "2026-11-20",
        "--start",
        "21:00",
        "--duration",
        "45m",
        "--distance",
        "8k",
    ]);
    let list = t.json(&["activities", "--json"]);
    // 21:00 in Denver (UTC-7 in November) is 04:00 UTC on the 21st: listed on the 20th.
    assert_eq!(list[0]["start"], "2026-11-21T04:00:00Z");
    assert_eq!(list[0]["utc_offset_s"], -7 * 3600);
    assert_eq!(list[0]["offset_source"], "profile");
    assert_eq!(list[0]["analysis"]["date"], "2026-11-20");
}

#[test]
fn eight_km_in_45_seconds_is_refused_with_a_hint_and_kept_with_force() {
    let t = Runner::new();
    let args = [
        "activity",
        "add",
        "--date",
        "2026-11-20",
        "--duration",
        "0:45",
        "--distance",
        "8k",
    ];
    let refused = t.fails(&args);
    assert!(refused.contains("--duration"), "{refused}");
    assert!(refused.contains("did you mean 45:00?"), "{refused}");
    assert_eq!(t.json(&["activities", "--json"]), serde_json::json!([]));
    let mut forced = args.to_vec();
    forced.push("--force");
    t.ok(&forced);
    let text = t.ok(&["activities"]);
    assert!(text.contains("implausible"), "{text}");
    assert!(text.contains("not counted: 8.00 km in 0:45"), "{text}");
}

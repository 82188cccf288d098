//! Input beyond the limits (`tuneup_core::limits`) is refused naming the field and range, and
//! nothing already stored, however far beyond them, makes a command panic.

use super::*;

#[test]
fn input_beyond_the_limits_is_refused_naming_field_and_range() {
    let runner = Runner::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &["profile", "set", "--rule", "acwr_max_age_days=4294967295"],
            "acwr_max_age_days: 4294967295 is out of range",
        ),
        (
            &[
                "profile",
                "set",
                "--rule",
                "service_due_soon_days=4294967295",
            ],
            "service_due_soon_days",
        ),
        (
            &["profile", "set", "--max-hr", "NaN"],
            "max-hr: NaN is out of range",
        ),
        (
            &[
                "activity",
                "add",
                "--date",
                "2026-11-20",
                "--duration",
                "2562047788h",
                "--distance",
                "8k",
            ],
            "duration: 9223372036800 s is out of range (must be 0 to 7 days)",
        ),
        (
            &[
                "activity",
                "add",
                "--date",
                "2026-11-20",
                "--duration",
                "1e300",
                "--distance",
                "8k",
            ],
            "duration: 6e301 s is out of range",
        ),
        (
            &[
                "activity",
                "add",
                "--date=-200000-01-01",
                "--duration",
                "45m",
                "--distance",
                "8k",
            ],
            "dates must be from 1900-01-01 to 2100-12-31",
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
                "5000k",
            ],
            "distance: 5000000 m is out of range (must be 0 to 1,000 km)",
        ),
        (
            &["--today=-262143-01-01", "plan"],
            "1900-01-01 to 2100-12-31",
        ),
    ];
    for (args, expected) in cases {
        let out = runner.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{args:?}: {:?} {stderr}",
            out.status
        );
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let name = "x".repeat(65_536);
    let stderr = runner.fails(&["therapist", "add", "--name", &name]);
    assert!(stderr.contains("name: 65536 bytes is too long"), "{stderr}");
    // Nothing was stored, and the defaults still plan.
    runner.ok(&["plan"]);
}

#[test]
fn nothing_stored_beyond_the_limits_makes_a_command_panic() {
    let runner = Runner::new();
    runner.ok(&[
        "activity",
        "add",
        "--date",
        "2026-11-20",
        "--duration",
        "45m",
        "--distance",
        "8k",
    ]);
    // What an older build stored: runs of 1e30 s and 1e300 m, one 200,000 years ago, and
    // records dated far outside 1900-2100.
    let conn = rusqlite::Connection::open(&runner.db).unwrap();
    let far_past_ms: i64 = -6_373_000_000_000_000; // about year -200,000
    conn.execute_batch(&format!(
        "INSERT INTO activities (sport, start_utc_ms, utc_offset_s, local_date, elapsed_s,
            moving_s, distance_m, source_kind, athlete_id)
         VALUES ('running', 1795000000000, 0, '2026-11-18', 1e30, 1e30, 8000, 'manual', 1),
                ('running', 1795100000000, 0, '2026-11-19', 3600, 3600, 1e300, 'manual', 1),
                ('running', {far_past_ms}, 0, '-200000-01-01', 3600, 3600, 8000, 'manual', 1);
         INSERT INTO races (date, name, distance_m, priority, athlete_id)
            VALUES ('-200000-01-01', 'Old', 42195, 'a', 1);
         INSERT INTO soreness (date, area, side, level, kind, athlete_id)
            VALUES ('-200000-01-01', 'calves', 'left', 6, 'tight', 1);"
    ))
    .unwrap();
    drop(conn);
    // The card goes beside the database, not into the working directory.
    let card = runner.db.with_file_name("card.html");
    let card = card.to_str().unwrap();
    for args in [
        &["plan"][..],
        &["plan", "--json"],
        &["load"],
        &["activities"],
        &["routine"],
        &["card", "--out", card],
    ] {
        let out = runner.run(args);
        assert_ne!(
            out.status.code(),
            Some(101),
            "{args:?} panicked: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    runner.ok(&["plan"]);
    runner.ok(&["load"]);

    // A profile stored with a rule beyond its range: plan says which, and does not panic.
    let conn = rusqlite::Connection::open(&runner.db).unwrap();
    conn.execute(
        "UPDATE athlete_profiles SET data = json_set(data, '$.plan_rules.acwr_max_age_days', 4294967295)",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT OR IGNORE INTO athlete_profiles (athlete_id, data) VALUES (1, '{\"plan_rules\":{\"acwr_max_age_days\":4294967295}}')",
        [],
    )
    .unwrap();
    drop(conn);
    let out = runner.run(&["plan"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("acwr_max_age_days"),
        "{out:?}"
    );
}

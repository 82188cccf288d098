//! Every record a runner enters can be corrected or removed, atomically, with `--json`.

use super::Runner;

#[test]
fn a_run_can_be_corrected_left_out_and_removed() {
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
    let edited = t.json(&[
        "activity",
        "edit",
        "1",
        "--distance",
        "10k",
        "--title",
        "River loop",
        "--kind",
        "race",
        "--json",
    ]);
    assert_eq!(edited["id"], 1);
    assert_eq!(edited["distance"], 10000.0);
    assert_eq!(edited["kind"], "race");
    let list = t.json(&["activities", "--json"]);
    assert_eq!(list[0]["title"], "River loop");
    assert!(list[0]["analysis"].is_object());

    let text = t.ok(&["activity", "edit", "1", "--exclude"]);
    assert!(text.contains("left out of the statistics"), "{text}");
    let list = t.json(&["activities", "--json"]);
    assert_eq!(list[0]["excluded"], true);
    assert!(list[0]["analysis"].is_null());
    assert!(t.ok(&["activities"]).contains("excluded"));
    t.ok(&["activity", "edit", "1", "--include"]);
    assert!(t.json(&["activities", "--json"])[0]["analysis"].is_object());

    let error = t.fails(&["activity", "edit", "1", "--distance", "-3k"]);
    assert!(error.contains("distance"), "{error}");
    assert_eq!(t.json(&["activities", "--json"])[0]["distance"], 10000.0);

    let removed = t.json(&["activity", "rm", "1", "--json"]);
    assert_eq!(removed["title"], "River loop");
    assert_eq!(
        t.json(&["activities", "--json"]).as_array().unwrap().len(),
        0
    );
    let error = t.fails(&["activity", "rm", "1"]);
    assert!(error.contains("no activity with id 1"), "{error}");
}

#[test]
fn soreness_massages_races_and_plans_can_be_corrected() {
    let t = Runner::new();
    t.ok(&[
        "sore",
        "add",
        "calves",
        "--level",
        "6",
        "--date",
        "2026-11-20",
    ]);
    let entry = t.json(&[
        "sore", "edit", "1", "--level", "4", "--side", "left", "--json",
    ]);
    assert_eq!(
        (entry["level"].as_u64(), entry["side"].as_str()),
        (Some(4), Some("left"))
    );
    let text = t.ok(&["sore", "resolve", "calves", "--side", "left"]);
    assert!(text.contains("no longer sore from 2026-11-27"), "{text}");
    let log = t.json(&["sore", "list", "--json"]);
    assert_eq!(log.as_array().unwrap().len(), 2);
    assert_eq!(log[1]["level"], 0);
    t.ok(&["sore", "rm", "1"]);
    assert_eq!(
        t.json(&["sore", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(
        t.fails(&["sore", "rm", "1"])
            .contains("no soreness entry with id 1")
    );

    t.ok(&[
        "massage",
        "add",
        "--date",
        "2026-11-21",
        "--technique",
        "swedish",
        "--areas",
        "calves",
    ]);
    let session = t.json(&[
        "massage",
        "edit",
        "1",
        "--technique",
        "deep_tissue",
        "--cost",
        "85",
        "--json",
    ]);
    assert_eq!(session["techniques"][0], "deep_tissue");
    assert_eq!(session["cost"]["minor"], 8500);
    assert_eq!(session["cost"]["currency"], "USD");
    let error = t.fails(&["massage", "edit", "1", "--therapist", "7"]);
    assert!(
        error.contains("--therapist: no therapist with id 7"),
        "{error}"
    );
    t.ok(&["massage", "rm", "1"]);
    assert!(t.ok(&["massage", "list"]).contains("no sessions logged"));

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
    let race = t.json(&[
        "race",
        "edit",
        "1",
        "--date",
        "2026-12-14",
        "--priority",
        "B",
        "--json",
    ]);
    assert_eq!(
        (race["date"].as_str(), race["priority"].as_str()),
        (Some("2026-12-14"), Some("B"))
    );
    assert!(
        t.fails(&["race", "edit", "9", "--name", "x"])
            .contains("no race with id 9")
    );

    t.ok(&[
        "planned",
        "add",
        "--date",
        "2026-12-01",
        "--kind",
        "easy",
        "--title",
        "6x800",
    ]);
    let planned = t.json(&["planned", "edit", "1", "--kind", "hard", "--json"]);
    assert_eq!(planned["kind"], "hard");
    assert_eq!(t.json(&["planned", "list", "--json"])[0]["kind"], "hard");
}

#[test]
fn one_body_vocabulary_with_aliases_and_typos_that_exit_2() {
    let t = Runner::new();
    let logged = t.ok(&["sore", "add", "calf", "--level", "3"]);
    assert!(logged.contains("calves"), "{logged}");
    assert!(t.ok(&["why", "calves"]).starts_with("Pain in the calf"));
    assert!(
        t.ok(&["why", "hammies"])
            .starts_with("Pain in the back of the thigh")
    );
    for args in [
        &["sore", "add", "calfs", "--level", "3"][..],
        &["why", "hel"][..],
        &["routine", "--symptom", "hel_pain"][..],
    ] {
        let out = t.run(args);
        assert_eq!(out.status.code(), Some(2), "tuneup {args:?}");
        let error = String::from_utf8_lossy(&out.stderr);
        assert!(error.contains("did you mean"), "{error}");
    }
}

#[test]
fn the_achilles_is_an_area_worked_through_the_calves() {
    let t = Runner::new();
    let logged = t.ok(&["sore", "add", "achilles", "--level", "4", "--side", "left"]);
    assert!(logged.contains("Achilles tendon"), "{logged}");
    let why = t.ok(&["why", "achilles"]);
    assert!(why.starts_with("Pain in the Achilles tendon"), "{why}");
    assert!(why.contains("soleus (calves)"), "{why}");
    let routine = t.json(&["routine", "--area", "achilles", "--json"]);
    let steps = routine["steps"].as_array().unwrap();
    assert_eq!(steps[0]["area"], "calves", "{routine:#}");
    assert!(steps.iter().all(|s| s["area"] != "achilles"), "{routine:#}");
    let notes = routine["notes"].to_string();
    assert!(notes.contains("never massaged"), "{notes}");
}

#[test]
fn a_strength_session_needs_no_distance_and_a_run_does() {
    let t = Runner::new();
    let saved = t.ok(&[
        "activity",
        "add",
        "--date",
        "2026-11-20",
        "--duration",
        "45m",
        "--sport",
        "strength",
        "--rpe",
        "5",
    ]);
    assert!(saved.starts_with("saved session 1: strength"), "{saved}");
    let listed = t.json(&["activities", "--json"]);
    assert_eq!(listed[0]["distance"], 0.0, "{listed:#}");
    assert!(listed[0]["analysis"]["load"]["load"].as_f64().unwrap() > 0.0);
    let out = t.run(&[
        "activity",
        "add",
        "--date",
        "2026-11-21",
        "--duration",
        "45m",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--distance"));
}

#[test]
fn money_is_typed_in_the_profiles_currency_and_kept_in_minor_units() {
    let t = Runner::new();
    let args = |cost: &'static str| {
        vec![
            "massage",
            "add",
            "--date",
            "2026-11-20",
            "--technique",
            "swedish",
            "--cost",
            cost,
        ]
    };
    let error = t.fails(&args("€70"));
    assert!(
        error.contains("--cost: '€70' is in EUR, but your amounts are in USD"),
        "{error}"
    );
    assert!(error.contains("profile set --currency EUR"), "{error}");
    t.ok(&["profile", "set", "--currency", "eur"]);
    assert!(
        t.ok(&["profile", "show"])
            .contains("currency         EUR\n")
    );
    t.ok(&args("€70"));
    t.ok(&args("85.50"));
    let listed = t.json(&["massage", "list", "--json"]);
    assert_eq!(
        listed[0]["cost"],
        serde_json::json!({"minor": 7000, "currency": "EUR"})
    );
    assert_eq!(listed[1]["cost"]["minor"], 8550);
    assert!(
        t.ok(&["massage", "stats"])
            .contains("spend              155.50 EUR")
    );
    let csv = t.ok(&["massage", "stats", "--csv"]);
    assert!(csv.contains(",maintenance,85.50,EUR,none,"), "{csv}");
    let error = t.fails(&args("85.505"));
    assert!(error.contains("more decimals than EUR has (2)"), "{error}");
    let out = t.run(&["profile", "set", "--currency", "euro"]);
    assert_eq!(out.status.code(), Some(2));
}

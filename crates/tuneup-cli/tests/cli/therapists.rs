//! Therapists, the massage log and the intake card, through the real `tuneup` binary.

use crate::Runner;

fn with_therapist_and_sessions() -> Runner {
    let t = Runner::new();
    t.ok(&[
        "therapist",
        "add",
        "--name",
        "Jordan Lee",
        "--licence",
        "MT-1234",
        "--licence-region",
        "OR",
        "--techniques",
        "swedish,deep_tissue",
        "--price",
        "95",
        "--yes",
        "prescreening,linens",
        "--unsure",
        "air_filtration",
        "--checked",
        "2026-11-01",
    ]);
    t.ok(&[
        "massage",
        "add",
        "--date",
        "2026-10-02",
        "--technique",
        "swedish",
        "--areas",
        "calves,quads",
        "--therapist",
        "1",
        "--cost",
        "95",
        "--insurance",
        "paid",
    ]);
    t.ok(&[
        "massage",
        "add",
        "--date",
        "2026-11-06",
        "--technique",
        "deep_tissue",
        "--areas",
        "calves,glutes",
        "--therapist",
        "1",
        "--cost",
        "100.5",
        "--insurance",
        "to_claim",
        "--purpose",
        "rehab",
        "--note",
        "PT: work around the achilles, not on it",
    ]);
    t.ok(&[
        "massage",
        "add",
        "--date",
        "2025-12-20",
        "--technique",
        "swedish",
        "--areas",
        "feet",
        "--cost",
        "60",
        "--insurance",
        "claimed",
    ]);
    t
}

#[test]
fn edits_merge_the_precautions_checklist_and_keep_the_rest() {
    let t = with_therapist_and_sessions();
    t.ok(&[
        "therapist",
        "edit",
        "1",
        "--yes",
        "air_filtration",
        "--no",
        "local_rules",
    ]);
    let show = t.ok(&["therapist", "show", "1"]);
    assert!(show.contains("checked 2026-11-27"), "{show}");
    assert!(
        show.contains("[x] Treatment rooms have air filtration"),
        "{show}"
    );
    assert!(show.contains("[x] All linens are changed"), "{show}");
    assert!(show.contains("[ ] no: The clinic follows"), "{show}");
    assert!(show.contains("MT-1234 (OR)"), "{show}");
    let error = t.fails(&["therapist", "edit", "1", "--yes", "masks"]);
    assert!(error.contains("unknown precaution 'masks'"), "{error}");
}

#[test]
fn removing_a_therapist_keeps_the_log_and_the_claim_readable() {
    let t = with_therapist_and_sessions();
    t.ok(&["therapist", "rm", "1"]);
    assert!(t.ok(&["therapist", "list"]).contains("no therapists yet"));
    let log = t.ok(&["massage", "list"]);
    assert_eq!(log.matches("Jordan Lee (removed)").count(), 2, "{log}");
    let csv = t.ok(&["massage", "stats", "--year", "2026", "--csv"]);
    assert!(
        csv.contains("2026-11-06,Jordan Lee,MT-1234,OR,deep tissue,calves; glutes,injury rehab,100.50,USD,to_claim,"),
        "{csv}"
    );
    assert_eq!(
        csv.lines().count(),
        3,
        "header and two 2026 sessions: {csv}"
    );
    let error = t.fails(&[
        "massage",
        "add",
        "--date",
        "2026-11-20",
        "--technique",
        "swedish",
        "--therapist",
        "1",
    ]);
    assert!(error.contains("no therapist with id 1"), "{error}");
    let error = t.fails(&["therapist", "rm", "1"]);
    assert!(error.contains("already off your list"), "{error}");
}

#[test]
fn stats_add_up_per_year() {
    let t = with_therapist_and_sessions();
    let all = t.ok(&["massage", "stats"]);
    assert!(all.contains("sessions           3"), "{all}");
    assert!(all.contains("spend              255.50 USD"), "{all}");
    assert!(
        all.contains("claimed            155.00 USD (of which paid 95.00 USD)"),
        "{all}"
    );
    assert!(all.contains("still to claim     100.50 USD"), "{all}");
    let year = t.ok(&["massage", "stats", "--year", "2026"]);
    assert!(year.contains("sessions           2"), "{year}");
    assert!(year.contains("spend              195.50 USD"), "{year}");
    // 2 Oct to 6 Nov.
    assert!(year.contains("average interval   35.0 days"), "{year}");
    assert!(
        year.contains("areas worked most  calves (2), quadriceps (1), glutes (1)"),
        "{year}"
    );
}

#[test]
fn the_card_shows_what_was_entered_and_writes_html() {
    let t = with_therapist_and_sessions();
    t.ok(&[
        "sore",
        "add",
        "calves",
        "--side",
        "left",
        "--level",
        "6",
        "--kind",
        "tight",
        "--note",
        "after <hills>",
    ]);
    t.ok(&[
        "profile",
        "set",
        "--pressure",
        "3",
        "--draping",
        "shorts on",
        "--conversation",
        "quiet",
    ]);
    let text = t.ok(&[
        "card",
        "--therapist",
        "1",
        "--goal",
        "loosen calves",
        "--question",
        "timing",
    ]);
    assert!(text.contains("for Jordan Lee"), "{text}");
    assert!(text.contains("calves (left): tight 6/10"), "{text}");
    assert!(
        text.contains("rehab massage: calves, glutes \"PT: work around the achilles, not on it\""),
        "{text}"
    );
    assert!(text.contains("  - loosen calves"), "{text}");
    assert!(text.contains("How should we time sessions"), "{text}");
    assert!(!text.contains("Next race"), "no race was entered: {text}");

    let out = t.dir.path().join("card.html");
    let said = t.ok(&["card", "--out", out.to_str().unwrap()]);
    assert!(said.contains("wrote the intake card"), "{said}");
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("after &lt;hills&gt;"));
    assert!(page.contains(r#"data-area="calves" data-side="left""#));
    // The goal given for the last card is kept for this one.
    assert!(
        page.contains("Goals for this session"),
        "goals are remembered"
    );
    assert!(page.contains("loosen calves"));

    t.ok(&["therapist", "rm", "1"]);
    let error = t.fails(&["card", "--therapist", "1"]);
    assert!(error.contains("was removed from your list"), "{error}");
}

#[test]
fn find_gives_links_and_routes_without_a_database() {
    let t = Runner::new();
    let text = t.ok(&["therapist", "find", "--zip", "97201"]);
    assert!(
        text.contains("https://www.amtamassage.org/find-massage-therapist/"),
        "{text}"
    );
    assert!(text.contains("97201"), "{text}");
    assert!(!t.db.exists(), "find needs no database");
}

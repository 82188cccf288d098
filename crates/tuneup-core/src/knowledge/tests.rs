//! Tests of the knowledge base: the shipped files load and hang together, and the validator
//! names the exact broken reference in a deliberately broken copy.

use super::*;

fn with(docs: Documents<'_>) -> Result<KnowledgeBase, KnowledgeError> {
    KnowledgeBase::from_documents(&docs)
}

/// Replaces `from` (which must occur) in one file's text.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "test setup: '{from}' not found");
    text.replacen(from, to, 1)
}

fn ids(muscles: &[&Muscle]) -> Vec<String> {
    muscles.iter().map(|m| m.id.clone()).collect()
}

#[test]
fn embedded_files_load() {
    let kb = KnowledgeBase::from_documents(&Documents::EMBEDDED);
    assert!(kb.is_ok(), "{}", kb.unwrap_err());
    // The static parses the same files.
    assert_eq!(knowledge().areas.len(), BodyArea::ALL.len());
}

#[test]
fn every_area_tool_and_technique_has_an_entry() {
    let kb = knowledge();
    for area in BodyArea::ALL {
        assert_eq!(kb.area(*area).area, *area);
        // An area worked through others (the Achilles) has nothing of its own to work; the
        // areas it is worked through have.
        for worked in kb.worked_areas(*area) {
            assert!(kb.muscles_in(worked).count() > 0, "{area}: {worked}");
            assert!(
                kb.best_self_massage(worked, &[]).is_some(),
                "{area}: {worked}"
            );
        }
    }
    for tool in Tool::ALL {
        assert_eq!(kb.tool(*tool).tool, *tool);
        assert!(!kb.areas_for_tool(*tool).is_empty(), "{tool}");
    }
    for technique in Technique::ALL {
        assert_eq!(kb.technique(*technique).technique, *technique);
    }
}

#[test]
fn tools_suit_the_areas_the_seed_names() {
    let kb = knowledge();
    assert!(kb.areas_for_tool(Tool::GolfBall).contains(&BodyArea::Feet));
    assert!(
        kb.areas_for_tool(Tool::RollingPin)
            .contains(&BodyArea::Adductors)
    );
    assert!(
        kb.areas_for_tool(Tool::FoamRoller)
            .contains(&BodyArea::Quads)
    );
    // The neck is hands-only: no tool is gentle enough.
    assert_eq!(
        kb.self_massage_for(BodyArea::Neck)
            .map(|t| t.tool)
            .collect::<Vec<_>>(),
        vec![Tool::Hands]
    );
}

#[test]
fn best_self_massage_prefers_owned_tools_in_file_order() {
    let kb = knowledge();
    let calves = kb
        .best_self_massage(BodyArea::Calves, &[Tool::TennisBall, Tool::FoamRoller])
        .unwrap();
    assert_eq!(calves.tool, Tool::FoamRoller);
    let calves = kb.best_self_massage(BodyArea::Calves, &[]).unwrap();
    assert_eq!(calves.tool, Tool::Hands);
}

#[test]
fn heel_pain_is_referred_from_the_calves_and_the_foot() {
    let kb = knowledge();
    let heel = kb.referrers_of("heel").unwrap();
    let heel_ids = ids(&heel);
    assert!(heel_ids.contains(&"soleus".to_string()), "{heel_ids:?}");
    assert!(heel_ids.contains(&"quadratus_plantae".to_string()));
    let areas: BTreeSet<BodyArea> = heel.iter().map(|m| m.area).collect();
    assert_eq!(areas, BTreeSet::from([BodyArea::Calves, BodyArea::Feet]));
    // The gastrocnemius refers to the arch and instep rather than the heel itself.
    assert!(ids(&kb.referrers_of("arch").unwrap()).contains(&"gastrocnemius".to_string()));

    let symptom = kb.symptom("heel_pain").unwrap();
    assert_eq!(symptom.areas, vec![BodyArea::Calves, BodyArea::Feet]);
    let mut referred = Vec::new();
    for region in &symptom.regions {
        referred.extend(ids(&kb.referrers_of(region).unwrap()));
    }
    assert!(referred.contains(&"soleus".to_string()));
    assert!(referred.contains(&"gastrocnemius".to_string()));
}

#[test]
fn outer_knee_pain_points_to_the_tfl_and_the_outer_quad() {
    let kb = knowledge();
    let muscles = kb.referrers_of("outer_knee").unwrap();
    assert_eq!(
        ids(&muscles),
        vec![
            "vastus_lateralis".to_string(),
            "tensor_fasciae_latae".to_string()
        ]
    );
    let areas: BTreeSet<BodyArea> = muscles.iter().map(|m| m.area).collect();
    assert_eq!(areas, BTreeSet::from([BodyArea::Quads, BodyArea::ItBand]));
    assert_eq!(
        kb.symptom("outer-knee-pain").unwrap().areas,
        vec![BodyArea::ItBand, BodyArea::Quads]
    );
}

#[test]
fn other_referrals_follow_travell_and_simons() {
    let kb = knowledge();
    assert_eq!(
        ids(&kb.referrers_of("front_knee").unwrap()),
        vec!["rectus_femoris"]
    );
    assert!(ids(&kb.referrers_of("inner_knee").unwrap()).contains(&"vastus_medialis".into()));
    assert!(ids(&kb.referrers_of("groin").unwrap()).contains(&"adductor_longus_brevis".into()));
    let low_back = ids(&kb.referrers_of("low_back").unwrap());
    assert!(low_back.contains(&"gluteus_medius".into()), "{low_back:?}");
    let hand = ids(&kb.referrers_of("hand").unwrap());
    assert_eq!(hand, vec!["scalenes"]);
    let head = ids(&kb.referrers_of("head").unwrap());
    assert!(
        head.contains(&"sternocleidomastoid_sternal".into()),
        "{head:?}"
    );
}

#[test]
fn symptoms_map_to_the_seed_areas() {
    let kb = knowledge();
    let areas = |id: &str| kb.symptom(id).unwrap().areas.clone();
    assert_eq!(
        areas("tight_breathing"),
        vec![BodyArea::Neck, BodyArea::RibCage]
    );
    assert_eq!(areas("desk_day")[0], BodyArea::Glutes);
    let low_back = areas("low_back_pain");
    assert!(low_back.starts_with(&[BodyArea::Glutes, BodyArea::Adductors]));
    let hip = areas("hip_instability");
    assert!(hip.contains(&BodyArea::Glutes) && hip.contains(&BodyArea::Adductors));
}

#[test]
fn muscles_referring_to_a_sore_area_include_distant_sources() {
    let kb = knowledge();
    let feet = kb.muscles_referring_to_area(BodyArea::Feet);
    let feet_ids = ids(&feet);
    assert!(feet_ids.contains(&"soleus".into()), "{feet_ids:?}");
    assert!(feet_ids.contains(&"gastrocnemius".into()));
    let it_band = ids(&kb.muscles_referring_to_area(BodyArea::ItBand));
    assert!(it_band.contains(&"vastus_lateralis".into()));
    assert!(it_band.contains(&"gluteus_minimus".into()));
}

#[test]
fn unknown_look_ups_list_the_choices() {
    let kb = knowledge();
    let err = kb.referrers_of("elbow").unwrap_err();
    assert!(
        err.to_string().contains("unknown pain region 'elbow'"),
        "{err}"
    );
    assert!(err.expected.contains("heel"));
    let err = kb.symptom("toothache").unwrap_err();
    assert!(err.expected.contains("heel_pain"), "{err}");
}

#[test]
fn every_cited_source_is_defined_and_the_model_is_called_debated() {
    let kb = knowledge();
    let cited = kb
        .areas
        .iter()
        .flat_map(|a| &a.sources)
        .chain(kb.faq.iter().flat_map(|f| &f.sources))
        .chain(kb.muscles.iter().flat_map(|m| &m.sources))
        .chain(&kb.referral_sources);
    for id in cited {
        assert!(kb.source(id).is_some(), "{id}");
    }
    assert!(kb.referral_note.contains("debated"));
    assert!(kb.referral_sources.contains(&"travell_simons".to_string()));
    assert!(kb.disclaimer.contains("not medical advice"));
}

#[test]
fn faq_and_precautions_cover_the_brief() {
    let kb = knowledge();
    for id in [
        "what_to_wear",
        "after_big_run",
        "run_after_massage",
        "rehab_rest_day",
    ] {
        assert!(kb.faq.iter().any(|f| f.id == id), "{id}");
    }
    let timing = kb.faq.iter().find(|f| f.id == "after_big_run").unwrap();
    let timing = timing.with_rules(&crate::plan::PlanRules::default());
    assert!(timing.answer.contains("24 to 48 hours") && timing.answer.contains("may help"));
    for id in [
        "prescreening",
        "air_filtration",
        "surfaces",
        "linens",
        "local_rules",
    ] {
        assert!(kb.precautions.iter().any(|p| p.id == id), "{id}");
    }
    assert!(!kb.therapist_questions.is_empty());
}

#[test]
fn a_dangling_region_is_named_with_its_muscle() {
    let docs = Documents::EMBEDDED;
    let referral = edit(
        docs.referral,
        r#"refers_to = ["heel", "achilles", "sacrum", "low_back"]"#,
        r#"refers_to = ["heel", "elbow"]"#,
    );
    let err = with(Documents {
        referral: &referral,
        ..docs
    })
    .unwrap_err();
    assert_eq!(
        err,
        KnowledgeError::Dangling {
            file: "referral.toml",
            entry: "soleus".into(),
            field: "refers_to",
            kind: RefKind::Region,
            id: "elbow".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "referral.toml: soleus: refers_to names unknown pain region 'elbow'"
    );
}

#[test]
fn a_dangling_area_in_a_symptom_is_reported() {
    let docs = Documents::EMBEDDED;
    let symptoms = edit(
        docs.symptoms,
        r#"areas = ["calves", "feet"]"#,
        r#"areas = ["calfs", "feet"]"#,
    );
    let err = with(Documents {
        symptoms: &symptoms,
        ..docs
    })
    .unwrap_err();
    assert_eq!(
        err,
        KnowledgeError::Dangling {
            file: "symptoms.toml",
            entry: "heel_pain".into(),
            field: "areas",
            kind: RefKind::Area,
            id: "calfs".into(),
        }
    );
}

#[test]
fn a_dangling_tool_or_muscle_in_a_technique_is_reported() {
    let docs = Documents::EMBEDDED;
    let self_massage = edit(
        docs.self_massage,
        r#"tool = "rolling_pin""#,
        r#"tool = "broom""#,
    );
    let err = with(Documents {
        self_massage: &self_massage,
        ..docs
    })
    .unwrap_err();
    assert!(
        matches!(&err, KnowledgeError::Dangling { kind: RefKind::Tool, id, field: "tool", .. } if id == "broom"),
        "{err}"
    );

    let self_massage = edit(
        docs.self_massage,
        r#"muscles = ["tibialis_anterior"]"#,
        r#"muscles = ["tibialis_posterior"]"#,
    );
    let err = with(Documents {
        self_massage: &self_massage,
        ..docs
    })
    .unwrap_err();
    assert_eq!(
        err,
        KnowledgeError::Dangling {
            file: "self_massage.toml",
            entry: "shins with small_roller".into(),
            field: "muscles",
            kind: RefKind::Muscle,
            id: "tibialis_posterior".into(),
        }
    );
}

#[test]
fn a_muscle_in_the_wrong_area_is_reported() {
    let docs = Documents::EMBEDDED;
    let self_massage = edit(
        docs.self_massage,
        r#"muscles = ["tibialis_anterior"]"#,
        r#"muscles = ["soleus"]"#,
    );
    let err = with(Documents {
        self_massage: &self_massage,
        ..docs
    })
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("shins with small_roller: muscles must include at least one muscle of shins"),
        "{err}"
    );
}

#[test]
fn a_missing_area_or_tool_entry_is_reported() {
    let docs = Documents::EMBEDDED;
    let areas = edit(docs.areas, r#"id = "rib_cage""#, r#"id = "neck""#);
    let err = with(Documents {
        areas: &areas,
        ..docs
    })
    .unwrap_err();
    assert_eq!(
        err,
        KnowledgeError::Duplicate {
            file: "areas.toml",
            kind: RefKind::Area,
            id: "neck".into()
        }
    );

    // Drop the last tool entry (hands) entirely.
    let cut = docs.tools.rfind("[[tool]]").unwrap();
    let err = with(Documents {
        tools: &docs.tools[..cut],
        ..docs
    })
    .unwrap_err();
    assert_eq!(
        err,
        KnowledgeError::Missing {
            file: "tools.toml",
            kind: RefKind::Tool,
            id: "hands".into()
        }
    );
}

#[test]
fn lenient_spellings_are_not_accepted_in_data() {
    let docs = Documents::EMBEDDED;
    let routines = edit(
        docs.routines,
        r#"areas = ["calves", "feet", "quads"]"#,
        r#"areas = ["Calves", "feet", "quads"]"#,
    );
    let err = with(Documents {
        routines: &routines,
        ..docs
    })
    .unwrap_err();
    assert!(
        matches!(&err, KnowledgeError::Dangling { kind: RefKind::Area, id, .. } if id == "Calves"),
        "{err}"
    );
}

#[test]
fn deep_work_is_knowledge_data_and_every_technique_must_say() {
    use crate::model::MassageSession;
    let deep: Vec<Technique> = Technique::ALL
        .iter()
        .copied()
        .filter(|t| t.is_deep())
        .collect();
    assert_eq!(
        deep,
        [
            Technique::DeepTissue,
            Technique::TriggerPoint,
            Technique::Sports
        ]
    );
    for technique in Technique::ALL {
        assert_eq!(knowledge().technique(*technique).deep, technique.is_deep());
    }
    // A session is deep when any of its techniques is.
    let session = |techniques: Vec<Technique>| MassageSession {
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        therapist: None,
        techniques,
        areas: Vec::new(),
        pressure: None,
        purpose: crate::vocab::MassagePurpose::Maintenance,
        cost: None,
        insurance: crate::model::InsuranceStatus::None,
        felt_after: None,
        note: None,
    };
    let mixed = session(vec![Technique::Swedish, Technique::TriggerPoint]);
    assert!(mixed.is_deep());
    assert_eq!(mixed.judged_technique(), Technique::TriggerPoint);
    let light = session(vec![Technique::Swedish]);
    assert!(!light.is_deep());
    assert_eq!(light.judged_technique(), Technique::Swedish);
    // The schema: `deep` is required, and must be a boolean.
    let docs = Documents::EMBEDDED;
    let missing = edit(docs.techniques, "deep = false\n", "");
    let err = with(Documents {
        techniques: &missing,
        ..docs
    })
    .unwrap_err();
    assert!(
        err.to_string().starts_with("techniques.toml: ") && err.to_string().contains("deep"),
        "{err}"
    );
    let wrong = edit(docs.techniques, "deep = false", "deep = \"no\"");
    let err = with(Documents {
        techniques: &wrong,
        ..docs
    })
    .unwrap_err();
    assert!(err.to_string().starts_with("techniques.toml: "), "{err}");
}

#[test]
fn a_syntax_error_names_the_file() {
    let docs = Documents::EMBEDDED;
    let err = with(Documents {
        faq: "disclaimer = ",
        ..docs
    })
    .unwrap_err();
    assert!(
        matches!(
            err,
            KnowledgeError::Parse {
                file: "faq.toml",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().starts_with("faq.toml: "), "{err}");
}

#[test]
fn a_duration_floor_above_the_default_is_rejected() {
    let docs = Documents::EMBEDDED;
    let self_massage = edit(
        docs.self_massage,
        "min_seconds = 30\nmuscles = [\"tibialis_anterior\"]",
        "min_seconds = 90\nmuscles = [\"tibialis_anterior\"]",
    );
    let err = with(Documents {
        self_massage: &self_massage,
        ..docs
    })
    .unwrap_err();
    assert!(
        matches!(
            err,
            KnowledgeError::Invalid {
                file: "self_massage.toml",
                ..
            }
        ),
        "{err}"
    );
}

use std::collections::BTreeSet;

#[test]
fn the_referral_map_feeds_the_planner_by_muscle_name() {
    let map = knowledge().referral_map();
    let feet = &map[&BodyArea::Feet];
    assert!(feet.contains(&"soleus".to_string()), "{feet:?}");
    assert!(feet.contains(&"gastrocnemius".to_string()));
    assert!(map[&BodyArea::Quads].contains(&"rectus femoris".to_string()));
}

#[test]
fn a_repeated_precaution_id_is_rejected() {
    let docs = Documents::EMBEDDED;
    let faq = edit(
        docs.faq,
        r#"id = "air_filtration""#,
        r#"id = "prescreening""#,
    );
    let err = with(Documents { faq: &faq, ..docs }).unwrap_err();
    assert_eq!(
        err,
        KnowledgeError::Duplicate {
            file: "faq.toml",
            kind: RefKind::Note,
            id: "prescreening".into()
        }
    );
}

/// Lower-case words of a text, letters and digits only.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\'', ""))
        .collect()
}

fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// How many words make a copied run.
const RUN: usize = 7;

/// FNV-1a (64 bits) of a run of words joined by single spaces: a stable fingerprint, so the
/// repository keeps the seed article's runs without keeping its text.
fn fingerprint(run: &str) -> u64 {
    run.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The fingerprints of every seven-word run of the source article, kept in the repository
/// (`seed_runs.txt`, one hex fingerprint a line) so the default tier needs nothing outside it.
const SEED_RUNS: &str = include_str!("seed_runs.txt");

fn kept_seed_runs() -> BTreeSet<u64> {
    SEED_RUNS
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| u64::from_str_radix(l, 16).expect("seed_runs.txt holds hex fingerprints"))
        .collect()
}

/// The seven-word runs of the source article itself, which lives beside the repository in
/// `shared/seed/` or wherever `$TUNEUP_SEED` points (full tier).
fn source_article_runs() -> BTreeSet<String> {
    let folder = std::env::var_os("TUNEUP_SEED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed")
        });
    let entries = std::fs::read_dir(&folder).unwrap_or_else(|e| {
        panic!(
            "full tier: the source article folder {} is missing ({e}): check out ../shared \
             beside the repository or set TUNEUP_SEED=/path/to/seed",
            folder.display()
        )
    });
    let mut seed = BTreeSet::new();
    for entry in entries {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let w = words(&text);
        seed.extend(w.windows(RUN).map(|run| run.join(" ")));
    }
    assert!(seed.len() > 1000, "the seed article looks empty");
    seed
}

/// Every seven-word run of the product's texts.
fn product_runs() -> Vec<String> {
    let mut texts = Vec::new();
    strings(&serde_json::to_value(knowledge()).unwrap(), &mut texts);
    texts
        .iter()
        .flat_map(|t| {
            words(t)
                .windows(RUN)
                .map(|run| run.join(" "))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The product's texts are our own: no run of seven words may come from the source article
/// (checked against its runs' fingerprints kept in the repository).
#[test]
fn no_text_copies_the_source_article() {
    let seed = kept_seed_runs();
    assert!(seed.len() > 1000, "seed_runs.txt looks empty");
    let copied: Vec<String> = product_runs()
        .into_iter()
        .filter(|run| seed.contains(&fingerprint(run)))
        .collect();
    assert!(copied.is_empty(), "copied from the seed: {copied:#?}");
}

/// The same against the article's text, and the kept fingerprints are the article's
/// (regenerate `seed_runs.txt` with `TUNEUP_WRITE_SEED_RUNS=1` when the article changes).
#[test]
#[ignore = "full tier: needs the source article (../shared/seed or TUNEUP_SEED); run with --include-ignored (.ci/run does)"]
fn no_text_copies_the_source_article_text_and_the_fingerprints_are_current() {
    let seed = source_article_runs();
    let copied: Vec<String> = product_runs()
        .into_iter()
        .filter(|run| seed.contains(run))
        .collect();
    assert!(copied.is_empty(), "copied from the seed: {copied:#?}");
    let fingerprints: BTreeSet<u64> = seed.iter().map(|run| fingerprint(run)).collect();
    if std::env::var_os("TUNEUP_WRITE_SEED_RUNS").is_some_and(|v| v == "1") {
        let mut out = String::from(
            "# FNV-1a 64 fingerprints of the source article's seven-word runs (knowledge/tests.rs)\n",
        );
        for f in &fingerprints {
            out.push_str(&format!("{f:016x}\n"));
        }
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/knowledge/seed_runs.txt");
        std::fs::write(&path, out).unwrap();
    }
    assert!(
        fingerprints == kept_seed_runs(),
        "src/knowledge/seed_runs.txt is stale: run this test with TUNEUP_WRITE_SEED_RUNS=1"
    );
}

#[test]
fn the_faq_quotes_the_runners_own_rule_values() {
    let rules = crate::plan::PlanRules {
        deep_no_hard_hours: 36,
        post_marathon_no_deep_days: 4,
        ..crate::plan::PlanRules::default()
    };
    for entry in &knowledge().faq {
        let answer = entry.with_rules(&rules).answer;
        assert!(
            !answer.contains('{'),
            "a placeholder left in {}: {answer}",
            entry.id
        );
    }
    let faq = |id: &str| {
        knowledge()
            .faq
            .iter()
            .find(|f| f.id == id)
            .unwrap()
            .with_rules(&rules)
            .answer
    };
    assert!(faq("run_after_massage").contains("keeps 36 hours free"));
    assert!(faq("after_marathon").contains("waits 4 days after a marathon"));
    // The defaults follow DOMAIN.md: about 3 days after a marathon.
    let defaults = crate::plan::PlanRules::default();
    assert!(
        knowledge()
            .faq
            .iter()
            .find(|f| f.id == "after_marathon")
            .unwrap()
            .with_rules(&defaults)
            .answer
            .contains("about three days before any deep work (tuneup waits 3 days")
    );
}

#[test]
fn the_achilles_is_worked_through_the_calves_never_itself() {
    let kb = knowledge();
    let achilles = kb.area(BodyArea::Achilles);
    assert_eq!(achilles.worked_through, vec![BodyArea::Calves]);
    let why = achilles.never_worked.as_deref().unwrap();
    assert!(
        why.contains("never massaged") && why.contains("soleus"),
        "{why}"
    );
    assert_eq!(kb.muscles_in(BodyArea::Achilles).count(), 0);
    assert!(kb.self_massage_for(BodyArea::Achilles).next().is_none());
    // Its pain is traced to the soleus, which is massaged at the calves.
    let referrers = ids(&kb.referrers_of("achilles").unwrap());
    assert!(referrers.contains(&"soleus".to_string()), "{referrers:?}");
    assert_eq!(
        "achilles_tendon".parse::<BodyArea>().unwrap(),
        BodyArea::Achilles
    );
}

#[test]
fn an_area_worked_through_others_may_have_no_technique_or_muscle_of_its_own() {
    let docs = Documents::EMBEDDED;
    let technique = edit(
        docs.self_massage,
        "# ---- calves ----\n",
        "# ---- calves ----\n[[technique]]\narea = \"achilles\"\ntool = \"hands\"\nseconds = 60\nmin_seconds = 30\nmuscles = [\"soleus\"]\nhow = \"Rub the tendon.\"\ncautions = []\nsources = []\n\n",
    );
    let err = with(Documents {
        self_massage: &technique,
        ..docs
    })
    .unwrap_err();
    assert!(err.to_string().contains("never worked itself"), "{err}");

    let unexplained = edit(
        docs.areas,
        "never_worked = \"The Achilles",
        "role_note = \"The Achilles",
    );
    let err = with(Documents {
        areas: &unexplained,
        ..docs
    })
    .unwrap_err();
    assert!(matches!(err, KnowledgeError::Parse { .. }), "{err}");
    let silent = edit(docs.areas, "worked_through = [\"calves\"]\n", "");
    let err = with(Documents {
        areas: &silent,
        ..docs
    })
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("never_worked is given exactly when"),
        "{err}"
    );
}

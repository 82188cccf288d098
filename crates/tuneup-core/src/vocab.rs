//! Closed vocabularies with stable string ids: body areas, sides, tools, techniques, and the
//! small enums of the model. The ids are part of the CLI, the JSON API and the database, so
//! they never change once published; labels are for people and may be reworded.

/// The id given was not one of a vocabulary's ids.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown {vocabulary} '{given}'{} (expected one of: {expected})",
    suggestion.as_ref().map(|s| format!("; did you mean {s}?")).unwrap_or_default()
)]
pub struct UnknownId {
    pub vocabulary: &'static str,
    pub given: String,
    pub expected: String,
    /// The id nearest to what was given, when one is close enough to be a typo.
    pub suggestion: Option<String>,
}

impl UnknownId {
    /// `given` is not among `ids`; `names` are every way to say one of them (ids, labels,
    /// aliases), each with the id it stands for, for the "did you mean" suggestion.
    pub fn new<'a>(
        vocabulary: &'static str,
        given: &str,
        ids: impl Iterator<Item = &'a str>,
        names: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        UnknownId {
            vocabulary,
            given: given.to_string(),
            expected: ids.collect::<Vec<_>>().join(", "),
            suggestion: nearest(given, names).map(str::to_string),
        }
    }
}

/// The id whose name is nearest to `given`, when it is a plausible typo: at most two edits
/// away, and fewer than a third of the name's letters.
fn nearest<'a>(given: &str, names: impl Iterator<Item = (&'a str, &'a str)>) -> Option<&'a str> {
    let wanted = normalise(given);
    names
        .map(|(name, id)| (edit_distance(&wanted, &normalise(name)), id))
        .filter(|(distance, _)| *distance <= 2 && *distance * 3 <= wanted.chars().count().max(3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, id)| id)
}

/// How an id is compared: lower case, `-` and spaces as `_`.
pub(crate) fn normalise(text: &str) -> String {
    text.trim().to_ascii_lowercase().replace(['-', ' '], "_")
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A closed vocabulary: an enum whose members have a stable id (CLI, JSON, database) and a
/// label for people, with `ALL`, `id()`, `label()`, `FromStr` (lenient about case, `-` and
/// spaces, and accepting the label; an unknown value is an [`UnknownId`] that names it),
/// `Display` (the id), serde by id (an unknown value fails and names it) and, when named
/// with `default Variant`, `Default`. Every enum that is stored or serialised is declared
/// with it, wherever it lives in the crate.
macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        $name:ident, $what:literal $(, default $default:ident)? {
            $( $(#[$vdoc:meta])* $variant:ident = $id:literal : $label:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(
            impl Default for $name {
                fn default() -> Self {
                    $name::$default
                }
            }
        )?

        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[$vdoc])* #[serde(rename = $id)] $variant ),+
        }

        impl $name {
            /// Every member, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What this vocabulary is called in messages.
            pub const WHAT: &'static str = $what;

            /// The stable id used in the CLI, JSON and the database.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// A short name for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Other words people use for a member ("calf" for calves), accepted when parsed.
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($alias),*]),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocab::UnknownId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = $crate::vocab::normalise(s);
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| {
                        v.id().eq_ignore_ascii_case(&wanted)
                            || v.label().eq_ignore_ascii_case(s.trim())
                            || v.aliases().iter().any(|a| $crate::vocab::normalise(a) == wanted)
                    })
                    .ok_or_else(|| {
                        let names = $name::ALL.iter().flat_map(|v| {
                            [v.id(), v.label()]
                                .into_iter()
                                .chain(v.aliases().iter().copied())
                                .map(move |name| (name, v.id()))
                        });
                        $crate::vocab::UnknownId::new(
                            $what,
                            s,
                            $name::ALL.iter().map(|v| v.id()),
                            names,
                        )
                    })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(
    /// A region of the body a runner can massage or feel sore in.
    BodyArea, "body area" {
        Quads = "quads": "quadriceps" | "quad" | "front_thigh" | "thighs",
        Hamstrings = "hamstrings": "hamstrings" | "hamstring" | "hammies" | "hams" | "back_of_thigh",
        ItBand = "it_band": "IT band and TFL" | "itb" | "iliotibial_band" | "tfl" | "outer_thigh",
        Glutes = "glutes": "glutes" | "glute" | "buttock" | "buttocks",
        HipFlexors = "hip_flexors": "hip flexors" | "hip_flexor" | "psoas" | "front_hip",
        Adductors = "adductors": "adductors (inner thigh)" | "adductor" | "inner_thigh" | "groin",
        Calves = "calves": "calves" | "calf" | "soleus" | "gastrocnemius",
        // A place of its own that is never worked itself: see `worked_through` in areas.toml.
        Achilles = "achilles": "Achilles tendon" | "achilles_tendon" | "heel_cord",
        Shins = "shins": "shins" | "shin",
        Feet = "feet": "feet (plantar fascia)" | "foot" | "arch" | "plantar_fascia",
        LowerBack = "lower_back": "lower back" | "low_back" | "lumbar",
        RibCage = "rib_cage": "rib cage (intercostals)" | "ribs" | "intercostals",
        Neck = "neck": "neck",
        Shoulders = "shoulders": "shoulders and upper back" | "shoulder" | "upper_back",
    }
);

vocabulary!(
    /// Which side of the body.
    Side, "side" {
        Left = "left": "left",
        Right = "right": "right",
        Both = "both": "both sides",
    }
);

vocabulary!(
    /// A self-massage tool a runner may own.
    Tool, "tool" {
        FoamRoller = "foam_roller": "foam roller",
        MassageStick = "massage_stick": "massage stick",
        TennisBall = "tennis_ball": "tennis ball",
        LacrosseBall = "lacrosse_ball": "lacrosse ball",
        GolfBall = "golf_ball": "golf ball (frozen, for the feet)",
        SmallRoller = "small_roller": "small roller",
        RollingPin = "rolling_pin": "rolling pin",
        Hands = "hands": "your hands and fingers",
    }
);

vocabulary!(
    /// A professional massage technique.
    Technique, "technique" {
        Swedish = "swedish": "Swedish",
        DeepTissue = "deep_tissue": "deep tissue",
        TriggerPoint = "trigger_point": "trigger point",
        Sports = "sports": "sports",
    }
);

vocabulary!(
    /// What a massage was for.
    MassagePurpose, "purpose" {
        Maintenance = "maintenance": "maintenance",
        Recovery = "recovery": "recovery",
        Rehab = "rehab": "injury rehab",
    }
);

vocabulary!(
    /// The kind of a soreness entry.
    SorenessKind, "soreness kind" {
        Tight = "tight": "tight",
        Sore = "sore": "sore",
        Sharp = "sharp": "sharp pain",
        Bone = "bone": "bone pain",
    }
);

impl SorenessKind {
    /// Pain rather than soreness: sharp pain, or pain on a bone. It is for a professional,
    /// whatever its level.
    pub fn is_pain(self) -> bool {
        matches!(self, SorenessKind::Sharp | SorenessKind::Bone)
    }
}

vocabulary!(
    /// The kind of a training day, planned or done.
    SessionKind, "session kind" {
        Easy = "easy": "easy",
        Hard = "hard": "hard",
        Long = "long": "long",
        Race = "race": "race",
        Rest = "rest": "rest",
    }
);

vocabulary!(
    /// How much a race matters: A is the goal race.
    RacePriority, "race priority" {
        A = "A": "A (goal race)",
        B = "B": "B",
        C = "C": "C (training race)",
    }
);

vocabulary!(
    /// Sex, used only to choose the TRIMP weighting constants.
    Sex, "sex" {
        Male = "m": "male",
        Female = "f": "female",
    }
);

vocabulary!(
    /// How the runner likes distances and paces shown. Storage is always SI.
    UnitSystem, "unit system", default Metric {
        Metric = "metric": "kilometres",
        Imperial = "imperial": "miles",
    }
);

vocabulary!(
    /// The day the runner's week starts on, for the weeks shown to them (the card's weeks);
    /// the load ratios are rolling windows and do not use it.
    WeekStart, "week start", default Monday {
        Monday = "monday": "Monday" | "mon",
        Sunday = "sunday": "Sunday" | "sun",
    }
);

vocabulary!(
    /// The sport of an activity.
    Sport, "sport" {
        Running = "running": "run",
        TrailRunning = "trail_running": "trail run",
        TreadmillRunning = "treadmill_running": "treadmill run",
        Walking = "walking": "walk",
        Hiking = "hiking": "hike",
        Cycling = "cycling": "ride",
        Swimming = "swimming": "swim",
        Strength = "strength": "strength",
        Yoga = "yoga": "yoga" | "pilates" | "mobility",
        Other = "other": "other",
    }
);

impl Technique {
    /// Whether this is deep work (firm, focused pressure), as the knowledge base's
    /// `techniques.toml` says. The one definition of "deep": the planner's rules and
    /// [`crate::model::MassageSession::is_deep`] ask here.
    pub fn is_deep(self) -> bool {
        crate::knowledge::knowledge().technique(self).deep
    }
}

impl Sport {
    /// Runs count toward the massage service interval and the big-run rule.
    pub fn is_running(self) -> bool {
        matches!(
            self,
            Sport::Running | Sport::TrailRunning | Sport::TreadmillRunning
        )
    }

    /// Whether a session of this sport covers a distance: runs, walks, hikes, rides and
    /// swims do; strength, yoga and other sessions need none (stored as 0 m, shown as none).
    pub fn covers_distance(self) -> bool {
        self.is_running()
            || matches!(
                self,
                Sport::Walking | Sport::Hiking | Sport::Cycling | Sport::Swimming
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        for area in BodyArea::ALL {
            assert_eq!(area.id().parse::<BodyArea>().unwrap(), *area);
        }
        let mut ids: Vec<_> = BodyArea::ALL.iter().map(|a| a.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), BodyArea::ALL.len());
    }

    #[test]
    fn the_eight_brief_areas_exist() {
        for id in [
            "quads",
            "it_band",
            "glutes",
            "calves",
            "feet",
            "rib_cage",
            "neck",
            "adductors",
        ] {
            assert!(id.parse::<BodyArea>().is_ok(), "{id}");
        }
    }

    #[test]
    fn unknown_ids_list_the_choices() {
        let err = "elbow".parse::<BodyArea>().unwrap_err();
        let message = err.to_string();
        assert!(message.contains("unknown body area 'elbow'"), "{message}");
        assert!(message.contains("calves"), "{message}");
    }

    /// Every vocabulary of the crate: ids unique, parsed back, serialised as the id; an
    /// unknown value, typed or stored in JSON, is an error that names it.
    macro_rules! check_all {
        ($($ty:ty),+ $(,)?) => {$({
            let all = <$ty>::ALL;
            let mut ids: Vec<&str> = all.iter().map(|v| v.id()).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), all.len(), "{}: ids unique", <$ty>::WHAT);
            for v in all {
                assert_eq!(v.id().parse::<$ty>().unwrap(), *v);
                assert_eq!(v.to_string(), v.id());
                let json = serde_json::to_string(v).unwrap();
                assert_eq!(json, format!("\"{}\"", v.id()));
                assert_eq!(serde_json::from_str::<$ty>(&json).unwrap(), *v);
            }
            let err = "no_such_value".parse::<$ty>().unwrap_err();
            assert_eq!(err.given, "no_such_value");
            assert!(err.to_string().contains("'no_such_value'"), "{err}");
            let err = serde_json::from_str::<$ty>("\"no_such_value\"").unwrap_err();
            assert!(err.to_string().contains("no_such_value"), "{err}");
        })+};
    }

    #[test]
    fn every_vocabulary_round_trips_and_names_unknown_values() {
        use crate::knowledge::RunType;
        use crate::load::{Intensity, LoadMethod, RaceCounts};
        use crate::model::{CheckAnswer, Conversation, InsuranceStatus, SourceKind};
        use crate::plan::{BecauseKind, ItemKind, RuleId, ServiceState};
        use crate::routine::PlayerStatus;
        check_all!(
            BodyArea,
            Side,
            Tool,
            Technique,
            MassagePurpose,
            SorenessKind,
            SessionKind,
            RacePriority,
            Sex,
            UnitSystem,
            Sport,
            SourceKind,
            InsuranceStatus,
            RuleId,
            CheckAnswer,
            Conversation,
            RaceCounts,
            Intensity,
            LoadMethod,
            ServiceState,
            ItemKind,
            BecauseKind,
            PlayerStatus,
            RunType,
        );
    }

    #[test]
    fn the_stored_ids_did_not_change_when_the_enums_moved_to_the_macro() {
        use crate::model::{InsuranceStatus, SourceKind};
        use crate::plan::RuleId;
        let ids = |all: &[&'static str]| all.join(",");
        assert_eq!(
            ids(&SourceKind::ALL.iter().map(|k| k.id()).collect::<Vec<_>>()),
            "manual,fit,gpx,tcx,sample"
        );
        assert_eq!(
            ids(&InsuranceStatus::ALL
                .iter()
                .map(|k| k.id())
                .collect::<Vec<_>>()),
            "none,to_claim,claimed,paid,denied"
        );
        assert_eq!(InsuranceStatus::default(), InsuranceStatus::None);
        assert_eq!(
            ids(&RuleId::ALL.iter().map(|k| k.id()).collect::<Vec<_>>()),
            "service_interval,post_big_run,no_hard_after_massage,rehab_rest_day,race_taper,\
             post_race,trouble_area,acwr_spike,see_a_pro,planned_spike"
        );
        let err = "strava".parse::<SourceKind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown source kind 'strava' (expected one of: manual, fit, gpx, tcx, sample)"
        );
        let err = serde_json::from_str::<crate::model::MassageSession>(
            r#"{"date":"2026-11-20","therapist":null,"techniques":["swedish"],"areas":[],
               "pressure":null,"purpose":"maintenance","cost":null,"insurance":"refunded",
               "felt_after":null,"note":null}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("refunded"), "{err}");
    }

    #[test]
    fn lenient_spelling_is_accepted() {
        assert_eq!("IT-band".parse::<BodyArea>().unwrap(), BodyArea::ItBand);
        assert_eq!(
            "Deep Tissue".parse::<Technique>().unwrap(),
            Technique::DeepTissue
        );
        assert_eq!("female".parse::<Sex>().unwrap(), Sex::Female);
    }
}

#[cfg(test)]
mod alias_tests {
    use super::*;

    #[test]
    fn the_words_runners_use_name_the_same_area() {
        for (said, area) in [
            ("calf", BodyArea::Calves),
            ("Calves", BodyArea::Calves),
            ("quad", BodyArea::Quads),
            ("hammies", BodyArea::Hamstrings),
            ("low back", BodyArea::LowerBack),
            ("low_back", BodyArea::LowerBack),
            ("IT band", BodyArea::ItBand),
            ("itb", BodyArea::ItBand),
        ] {
            assert_eq!(said.parse::<BodyArea>(), Ok(area), "{said}");
        }
    }

    #[test]
    fn aliases_never_name_two_areas() {
        let mut seen = std::collections::BTreeMap::new();
        for area in BodyArea::ALL {
            for name in std::iter::once(area.id()).chain(area.aliases().iter().copied()) {
                if let Some(other) = seen.insert(normalise(name), *area) {
                    panic!("'{name}' names both {other} and {area}");
                }
            }
        }
    }

    #[test]
    fn a_typo_gets_the_nearest_id_and_nonsense_gets_none() {
        let error = "calfs".parse::<BodyArea>().unwrap_err();
        assert_eq!(error.suggestion.as_deref(), Some("calves"));
        assert!(
            error.to_string().contains("did you mean calves?"),
            "{error}"
        );
        assert_eq!(
            "hamstirngs"
                .parse::<BodyArea>()
                .unwrap_err()
                .suggestion
                .as_deref(),
            Some("hamstrings")
        );
        let error = "elbow".parse::<BodyArea>().unwrap_err();
        assert_eq!(error.suggestion, None, "{error}");
        assert!(
            error
                .to_string()
                .starts_with("unknown body area 'elbow' (expected one of: quads")
        );
    }

    #[test]
    fn edit_distance_by_hand() {
        assert_eq!(edit_distance("calfs", "calves"), 2);
        assert_eq!(edit_distance("heel", "hel"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}

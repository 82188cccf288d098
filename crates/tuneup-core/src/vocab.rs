//! Closed vocabularies with stable string ids: body areas, sides, tools, techniques, and the
//! small enums of the model. The ids are part of the CLI, the JSON API and the database, so
//! they never change once published; labels are for people and may be reworded.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The id given was not one of a vocabulary's ids.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} '{given}' (expected one of: {expected})")]
pub struct UnknownId {
    pub vocabulary: &'static str,
    pub given: String,
    pub expected: String,
}

macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        $name:ident, $what:literal {
            $( $variant:ident = $id:literal : $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $( #[serde(rename = $id)] $variant ),+
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
        }

        impl FromStr for $name {
            type Err = UnknownId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| {
                        v.id().eq_ignore_ascii_case(&wanted) || v.label().eq_ignore_ascii_case(s.trim())
                    })
                    .ok_or_else(|| UnknownId {
                        vocabulary: $what,
                        given: s.to_string(),
                        expected: $name::ALL.iter().map(|v| v.id()).collect::<Vec<_>>().join(", "),
                    })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

vocabulary!(
    /// A region of the body a runner can massage or feel sore in.
    BodyArea, "body area" {
        Quads = "quads": "quadriceps",
        Hamstrings = "hamstrings": "hamstrings",
        ItBand = "it_band": "IT band and TFL",
        Glutes = "glutes": "glutes",
        HipFlexors = "hip_flexors": "hip flexors",
        Adductors = "adductors": "adductors (inner thigh)",
        Calves = "calves": "calves",
        Shins = "shins": "shins",
        Feet = "feet": "feet (plantar fascia)",
        LowerBack = "lower_back": "lower back",
        RibCage = "rib_cage": "rib cage (intercostals)",
        Neck = "neck": "neck",
        Shoulders = "shoulders": "shoulders and upper back",
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
    }
);

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
    UnitSystem, "unit system" {
        Metric = "metric": "kilometres",
        Imperial = "imperial": "miles",
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
        Other = "other": "other",
    }
);

impl Sport {
    /// Runs count toward the massage service interval and the big-run rule.
    pub fn is_running(self) -> bool {
        matches!(
            self,
            Sport::Running | Sport::TrailRunning | Sport::TreadmillRunning
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

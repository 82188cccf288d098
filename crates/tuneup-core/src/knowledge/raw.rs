//! The schema of the knowledge data files as written: every cross-reference is still a plain
//! string, so that `validate` can report a dangling id by file, entry and field instead of a
//! bare parse error.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourcesFile {
    pub source: Vec<RawSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
    pub id: String,
    pub citation: String,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AreasFile {
    pub area: Vec<RawArea>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArea {
    pub id: String,
    pub role: String,
    pub when_tight: String,
    pub cautions: Vec<String>,
    #[serde(default)]
    pub worked_through: Vec<String>,
    #[serde(default)]
    pub never_worked: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ToolsFile {
    pub tool: Vec<RawTool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTool {
    pub id: String,
    pub description: String,
    pub tip: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TechniquesFile {
    pub technique: Vec<RawTechnique>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTechnique {
    pub id: String,
    pub deep: bool,
    pub what: String,
    pub pressure: String,
    pub stroke: String,
    pub suits_runner_when: String,
    pub avoid_when: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SelfMassageFile {
    pub technique: Vec<RawSelfMassage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSelfMassage {
    pub area: String,
    pub tool: String,
    pub seconds: u32,
    pub min_seconds: u32,
    pub muscles: Vec<String>,
    pub how: String,
    pub cautions: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReferralFile {
    pub model_note: String,
    pub model_sources: Vec<String>,
    pub region: Vec<RawRegion>,
    pub muscle: Vec<RawMuscle>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegion {
    pub id: String,
    pub name: String,
    pub areas: Vec<String>,
    pub see_a_professional: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMuscle {
    pub id: String,
    pub name: String,
    pub area: String,
    pub refers_to: Vec<String>,
    pub note: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SymptomsFile {
    pub symptom: Vec<RawSymptom>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSymptom {
    pub id: String,
    pub name: String,
    pub areas: Vec<String>,
    pub regions: Vec<String>,
    pub reasoning: String,
    pub see_a_professional: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FaqFile {
    pub disclaimer: String,
    pub faq: Vec<RawFaq>,
    pub precaution: Vec<RawNote>,
    pub therapist_question: Vec<RawNote>,
    pub red_flag: Vec<RawNote>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFaq {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNote {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RoutinesFile {
    pub run_focus: Vec<RawRunFocus>,
    pub general: RawGeneral,
    pub soreness: RawSorenessRules,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRunFocus {
    pub id: String,
    pub name: String,
    pub areas: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGeneral {
    pub areas: Vec<String>,
    pub cautions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSorenessRules {
    pub window_days: u32,
    pub professional_level: u8,
}

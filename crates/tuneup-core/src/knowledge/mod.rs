//! The knowledge base: body areas, tools, self-massage and professional techniques, symptoms,
//! the trigger-point referral map, FAQ and precautions. The facts live in TOML files under
//! `data/knowledge/`, embedded in the binary, validated and parsed once into typed structs;
//! this module only answers questions about them.

mod raw;
mod validate;

use crate::vocab::{BodyArea, Technique, Tool, UnknownId};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub use validate::{KnowledgeError, RefKind};

/// The text of every knowledge file, so tests can feed the validator a broken copy.
#[derive(Debug, Clone, Copy)]
pub struct Documents<'a> {
    pub sources: &'a str,
    pub areas: &'a str,
    pub tools: &'a str,
    pub techniques: &'a str,
    pub self_massage: &'a str,
    pub referral: &'a str,
    pub symptoms: &'a str,
    pub faq: &'a str,
    pub routines: &'a str,
}

impl Documents<'static> {
    /// The files shipped with tuneup.
    pub const EMBEDDED: Documents<'static> = Documents {
        sources: include_str!("../../data/knowledge/sources.toml"),
        areas: include_str!("../../data/knowledge/areas.toml"),
        tools: include_str!("../../data/knowledge/tools.toml"),
        techniques: include_str!("../../data/knowledge/techniques.toml"),
        self_massage: include_str!("../../data/knowledge/self_massage.toml"),
        referral: include_str!("../../data/knowledge/referral.toml"),
        symptoms: include_str!("../../data/knowledge/symptoms.toml"),
        faq: include_str!("../../data/knowledge/faq.toml"),
        routines: include_str!("../../data/knowledge/routines.toml"),
    };
}

static EMBEDDED: LazyLock<KnowledgeBase> = LazyLock::new(|| {
    KnowledgeBase::from_documents(&Documents::EMBEDDED)
        .expect("the embedded knowledge base is checked by knowledge::tests::embedded_files_load")
});

/// The knowledge base shipped with tuneup, parsed on first use.
pub fn knowledge() -> &'static KnowledgeBase {
    &EMBEDDED
}

/// A cited work.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub id: String,
    pub citation: String,
    pub note: String,
}

/// What an area does for a runner and what tightness there tends to cause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaInfo {
    pub area: BodyArea,
    pub role: String,
    pub when_tight: String,
    /// Apply to every self-massage step on the area.
    pub cautions: Vec<String>,
    /// Areas worked instead of this one, which is never massaged itself (the Achilles tendon:
    /// its calf muscles); empty for an area worked directly.
    pub worked_through: Vec<BodyArea>,
    /// Why this area is not worked itself, when `worked_through` is not empty.
    pub never_worked: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolInfo {
    pub tool: Tool,
    pub description: String,
    pub tip: String,
}

/// A professional massage technique.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechniqueInfo {
    pub technique: Technique,
    /// Firm, focused work that the planner keeps away from races and hard sessions. The one
    /// definition of "deep": see [`Technique::is_deep`].
    pub deep: bool,
    pub what: String,
    pub pressure: String,
    pub stroke: String,
    pub suits_runner_when: String,
    pub avoid_when: String,
    pub sources: Vec<String>,
}

/// How to massage one area with one tool.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfMassage {
    pub area: BodyArea,
    pub tool: Tool,
    /// The default duration for both sides, in whole seconds.
    pub seconds: u32,
    /// The shortest a squeezed routine may make it, in whole seconds.
    pub min_seconds: u32,
    /// Muscle ids reached.
    pub muscles: Vec<String>,
    pub how: String,
    pub cautions: Vec<String>,
    pub sources: Vec<String>,
}

/// Where a runner can feel pain; the target of referral look-ups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainRegion {
    pub id: String,
    pub name: String,
    /// The body areas this pain is felt in (empty for the head, arm and the like).
    pub areas: Vec<BodyArea>,
    pub see_a_professional: String,
}

/// A muscle (or band of connective tissue) and where its trigger points refer pain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Muscle {
    pub id: String,
    pub name: String,
    /// The area you massage to reach it.
    pub area: BodyArea,
    /// Pain-region ids.
    pub refers_to: Vec<String>,
    pub note: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Symptom {
    pub id: String,
    pub name: String,
    /// Most useful first.
    pub areas: Vec<BodyArea>,
    /// Pain-region ids where the symptom is felt.
    pub regions: Vec<String>,
    pub reasoning: String,
    pub see_a_professional: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaqEntry {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub sources: Vec<String>,
}

impl FaqEntry {
    /// The answer with the runner's own rule values in place of its `{key}` placeholders
    /// (`{deep_no_hard_hours}`, `{post_marathon_no_deep_days}`...), so the FAQ never says
    /// one thing while the plan does another.
    pub fn with_rules(&self, rules: &crate::plan::PlanRules) -> FaqEntry {
        let mut answer = self.answer.clone();
        for (key, value) in [
            ("deep_no_hard_hours", rules.deep_no_hard_hours),
            (
                "post_marathon_no_deep_days",
                rules.post_marathon_no_deep_days,
            ),
            ("post_race_no_deep_days", rules.post_race_no_deep_days),
            ("taper_no_deep_days", rules.taper_no_deep_days),
            ("taper_light_until_days", rules.taper_light_until_days),
            ("post_big_run_from_hours", rules.post_big_run_from_hours),
            ("post_big_run_to_hours", rules.post_big_run_to_hours),
            ("visits_per_28_days", rules.visits_per_28_days),
            ("visit_min_days_between", rules.visit_min_days_between),
        ] {
            answer = answer.replace(&format!("{{{key}}}"), &value.to_string());
        }
        FaqEntry {
            answer,
            ..self.clone()
        }
    }
}

/// A checklist line or a question: an id and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub id: String,
    pub text: String,
}

crate::vocab::vocabulary!(
    /// The kind of run a routine follows, as far as self-massage cares.
    RunType, "run type" {
        Long = "long": "long run",
        Hills = "hills": "hills",
        /// A fast workout or a hard session (intervals, tempo).
        Hard = "hard": "hard session",
        Easy = "easy": "easy run",
        Race = "race": "race",
    }
);

/// The areas a kind of run asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunFocus {
    pub run: RunType,
    /// How a reason names it: "your long run".
    pub name: String,
    pub areas: Vec<BodyArea>,
}

/// The tunable rules of the routine builder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutineRules {
    pub run_focus: Vec<RunFocus>,
    /// The light set for days when nothing else asks for attention.
    pub general_areas: Vec<BodyArea>,
    /// Cautions for every routine, shown once rather than on each step.
    pub general_cautions: Vec<String>,
    /// How many days of the soreness log shape today's routine.
    pub soreness_window_days: u32,
    /// Soreness at or above this level is for a professional, not for self-massage.
    pub professional_level: u8,
}

/// Everything tuneup knows, validated: every id it holds resolves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KnowledgeBase {
    pub sources: Vec<Source>,
    /// In `BodyArea::ALL` order.
    pub areas: Vec<AreaInfo>,
    /// In `Tool::ALL` order.
    pub tools: Vec<ToolInfo>,
    /// In `Technique::ALL` order.
    pub techniques: Vec<TechniqueInfo>,
    /// In file order: within an area, most preferred tool first.
    pub self_massage: Vec<SelfMassage>,
    pub regions: Vec<PainRegion>,
    pub muscles: Vec<Muscle>,
    pub referral_note: String,
    pub referral_sources: Vec<String>,
    pub symptoms: Vec<Symptom>,
    pub disclaimer: String,
    pub faq: Vec<FaqEntry>,
    pub precautions: Vec<Note>,
    pub therapist_questions: Vec<Note>,
    pub red_flags: Vec<Note>,
    pub routine: RoutineRules,
}

fn unknown<'a>(
    what: &'static str,
    given: &str,
    ids: impl Iterator<Item = &'a str> + Clone,
) -> UnknownId {
    UnknownId::new(what, given, ids.clone(), ids.map(|id| (id, id)))
}

impl KnowledgeBase {
    /// Parses and validates a set of knowledge files.
    pub fn from_documents(documents: &Documents<'_>) -> Result<KnowledgeBase, KnowledgeError> {
        validate::build(documents)
    }

    pub fn area(&self, area: BodyArea) -> &AreaInfo {
        self.areas
            .iter()
            .find(|a| a.area == area)
            .expect("validation guarantees an entry for every body area")
    }

    pub fn tool(&self, tool: Tool) -> &ToolInfo {
        self.tools
            .iter()
            .find(|t| t.tool == tool)
            .expect("validation guarantees an entry for every tool")
    }

    pub fn technique(&self, technique: Technique) -> &TechniqueInfo {
        self.techniques
            .iter()
            .find(|t| t.technique == technique)
            .expect("validation guarantees an entry for every technique")
    }

    /// The muscles (and bands) in an area.
    pub fn muscles_in(&self, area: BodyArea) -> impl Iterator<Item = &Muscle> {
        self.muscles.iter().filter(move |m| m.area == area)
    }

    pub fn muscle(&self, id: &str) -> Option<&Muscle> {
        self.muscles.iter().find(|m| m.id == id)
    }

    /// The areas a tool suits: those with a technique that uses it.
    pub fn areas_for_tool(&self, tool: Tool) -> Vec<BodyArea> {
        let mut areas: Vec<BodyArea> = self
            .self_massage
            .iter()
            .filter(|t| t.tool == tool)
            .map(|t| t.area)
            .collect();
        areas.sort();
        areas.dedup();
        areas
    }

    /// The techniques for an area, most preferred tool first.
    pub fn self_massage_for(&self, area: BodyArea) -> impl Iterator<Item = &SelfMassage> {
        self.self_massage.iter().filter(move |t| t.area == area)
    }

    /// The most preferred technique for an area among the tools the runner has. Hands are always
    /// available, and every area has a hands technique, so this only fails on a broken base.
    pub fn best_self_massage(&self, area: BodyArea, owned: &[Tool]) -> Option<&SelfMassage> {
        self.self_massage_for(area)
            .find(|t| t.tool == Tool::Hands || owned.contains(&t.tool))
    }

    pub fn symptom(&self, id: &str) -> Result<&Symptom, UnknownId> {
        let wanted = normalise(id);
        self.symptoms
            .iter()
            .find(|s| s.id == wanted)
            .ok_or_else(|| unknown("symptom", id, self.symptoms.iter().map(|s| s.id.as_str())))
    }

    /// A pain region by its id, or by a body area's id or alias naming the same place
    /// (`calves` and `calf` find the calf, `quads` the front of the thigh).
    pub fn region(&self, id: &str) -> Result<&PainRegion, UnknownId> {
        let wanted = normalise(id);
        let by_id = |wanted: &str| self.regions.iter().find(|r| r.id == wanted);
        if let Some(region) = by_id(&wanted) {
            return Ok(region);
        }
        let by_area = wanted.parse::<BodyArea>().ok().and_then(|area| {
            std::iter::once(area.id())
                .chain(area.aliases().iter().copied())
                .find_map(|name| by_id(&normalise(name)))
        });
        by_area.ok_or_else(|| {
            unknown(
                "pain region",
                id,
                self.regions.iter().map(|r| r.id.as_str()),
            )
        })
    }

    /// The areas to massage for `area`: itself, or the areas it is worked through (the calves
    /// for the Achilles).
    pub fn worked_areas(&self, area: BodyArea) -> Vec<BodyArea> {
        let info = self.area(area);
        if info.worked_through.is_empty() {
            vec![area]
        } else {
            info.worked_through.clone()
        }
    }

    /// The muscles whose trigger points can refer pain to a region, in file order.
    pub fn referrers_of(&self, region: &str) -> Result<Vec<&Muscle>, UnknownId> {
        let region = self.region(region)?;
        Ok(self
            .muscles
            .iter()
            .filter(|m| m.refers_to.contains(&region.id))
            .collect())
    }

    /// The muscles known to refer pain into an area (through any region felt in it). The planner
    /// uses this for trigger-point work on the source of a sore area's pain.
    pub fn muscles_referring_to_area(&self, area: BodyArea) -> Vec<&Muscle> {
        let regions: Vec<&str> = self
            .regions
            .iter()
            .filter(|r| r.areas.contains(&area))
            .map(|r| r.id.as_str())
            .collect();
        self.muscles
            .iter()
            .filter(|m| m.refers_to.iter().any(|r| regions.contains(&r.as_str())))
            .collect()
    }

    /// `muscles_referring_to_area` for every area, by muscle name: the shape the recovery
    /// planner's `plan::Referrals` takes. Areas no muscle refers to are left out.
    pub fn referral_map(&self) -> BTreeMap<BodyArea, Vec<String>> {
        BodyArea::ALL
            .iter()
            .map(|area| {
                let names = self
                    .muscles_referring_to_area(*area)
                    .into_iter()
                    .map(|m| m.name.clone())
                    .collect::<Vec<_>>();
                (*area, names)
            })
            .filter(|(_, names)| !names.is_empty())
            .collect()
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn run_focus(&self, run: RunType) -> &RunFocus {
        self.routine
            .run_focus
            .iter()
            .find(|f| f.run == run)
            .expect("validation guarantees a focus for every run type")
    }
}

/// Ids are snake_case; accept "heel-pain" and "Heel Pain" too, like the vocabularies do.
fn normalise(id: &str) -> String {
    id.trim().to_ascii_lowercase().replace(['-', ' '], "_")
}

#[cfg(test)]
mod tests;

//! "Why does it hurt here?": the muscles that can refer pain to a region, the self-massage to
//! try for them, and when to see a professional instead.

use super::RoutineStep;
use super::build::{join_and, steps_for};
use crate::knowledge::{KnowledgeBase, PainRegion, knowledge};
use crate::vocab::{BodyArea, Tool, UnknownId};
use serde::Serialize;

/// A muscle that can send pain to the region, and the area to massage to reach it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referrer {
    pub muscle: String,
    pub name: String,
    pub area: BodyArea,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Why {
    pub region: PainRegion,
    pub referrers: Vec<Referrer>,
    /// One step per area: the referring muscles' areas first, then where the pain is felt.
    pub steps: Vec<RoutineStep>,
    /// Cautions for every step.
    pub cautions: Vec<String>,
    /// The region's own warning first, then the general red flags.
    pub see_a_professional: Vec<String>,
    /// The trigger-point model is debated; shown with every answer.
    pub model_note: String,
    pub disclaimer: String,
}

/// Answers for a pain-region id ("heel", "outer_knee"), using the runner's tools.
pub fn why(region: &str, tools: &[Tool]) -> Result<Why, UnknownId> {
    why_with(knowledge(), region, tools)
}

pub(super) fn why_with(kb: &KnowledgeBase, region: &str, tools: &[Tool]) -> Result<Why, UnknownId> {
    let region = kb.region(region)?.clone();
    let referrers: Vec<Referrer> = kb
        .referrers_of(&region.id)?
        .into_iter()
        .map(|m| Referrer {
            muscle: m.id.clone(),
            name: m.name.clone(),
            area: m.area,
            note: m.note.clone(),
        })
        .collect();

    let mut by_area: Vec<(BodyArea, Vec<String>)> = Vec::new();
    for referrer in &referrers {
        let name = format!("the {}", referrer.name);
        match by_area.iter_mut().find(|(area, _)| *area == referrer.area) {
            Some((_, names)) => names.push(name),
            None => by_area.push((referrer.area, vec![name])),
        }
    }
    let mut areas: Vec<(BodyArea, String)> = by_area
        .into_iter()
        .map(|(area, names)| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let reason = format!("{} can refer pain to the {}", join_and(&names), region.name);
            (area, reason)
        })
        .collect();
    for area in &region.areas {
        if !areas.iter().any(|(a, _)| a == area) {
            areas.push((*area, format!("where the {} pain is felt", region.name)));
        }
    }

    let mut see_a_professional = vec![region.see_a_professional.clone()];
    see_a_professional.extend(kb.red_flags.iter().map(|f| f.text.clone()));
    Ok(Why {
        steps: steps_for(kb, &areas, tools),
        cautions: kb.routine.general_cautions.clone(),
        referrers,
        see_a_professional,
        model_note: kb.referral_note.clone(),
        disclaimer: kb.disclaimer.clone(),
        region,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn areas(why: &Why) -> Vec<BodyArea> {
        why.steps.iter().map(|s| s.area).collect()
    }

    #[test]
    fn heel_pain_sends_you_to_the_calves_and_the_feet() {
        let answer = why("heel", &[Tool::FoamRoller, Tool::GolfBall]).unwrap();
        assert_eq!(areas(&answer), vec![BodyArea::Calves, BodyArea::Feet]);
        let calves = &answer.steps[0];
        assert_eq!(calves.tool, Tool::FoamRoller);
        assert!(calves.reason.contains("soleus"), "{}", calves.reason);
        assert_eq!(answer.steps[1].tool, Tool::GolfBall);
        assert!(answer.see_a_professional[0].contains("stress fracture"));
        assert!(answer.model_note.contains("debated"));
        assert!(!answer.cautions.is_empty());
    }

    #[test]
    fn outer_knee_pain_names_the_tfl_and_vastus_lateralis() {
        let answer = why("outer-knee", &[]).unwrap();
        let muscles: Vec<&str> = answer.referrers.iter().map(|r| r.muscle.as_str()).collect();
        assert_eq!(muscles, vec!["vastus_lateralis", "tensor_fasciae_latae"]);
        assert_eq!(areas(&answer), vec![BodyArea::Quads, BodyArea::ItBand]);
        assert!(answer.steps.iter().all(|s| s.tool == Tool::Hands));
    }

    #[test]
    fn several_muscles_of_one_area_share_one_step() {
        let answer = why("heel", &[]).unwrap();
        let feet = answer
            .steps
            .iter()
            .find(|s| s.area == BodyArea::Feet)
            .unwrap();
        assert!(feet.reason.starts_with("the "), "{}", feet.reason);
        assert!(feet.reason.contains(" and "), "{}", feet.reason);
        assert_eq!(answer.steps.len(), 2);
    }

    #[test]
    fn a_region_without_massageable_area_still_answers() {
        let answer = why("hand", &[]).unwrap();
        assert_eq!(answer.referrers[0].muscle, "scalenes");
        assert_eq!(areas(&answer), vec![BodyArea::Neck]);
    }

    #[test]
    fn an_unknown_region_lists_the_choices() {
        let err = why("elbow", &[]).unwrap_err();
        assert!(err.expected.contains("outer_knee"), "{err}");
    }
}

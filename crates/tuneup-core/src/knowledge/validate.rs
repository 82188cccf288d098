//! Turns the raw knowledge files into a `KnowledgeBase`, checking that every id resolves, that
//! every vocabulary member has its entry, and that durations make sense. The first problem
//! found is reported with its file, entry and field.

use super::raw;
use super::{
    AreaInfo, Documents, FaqEntry, KnowledgeBase, Muscle, Note, PainRegion, RoutineRules, RunFocus,
    RunType, SelfMassage, Source, Symptom, TechniqueInfo, ToolInfo,
};
use crate::vocab::{BodyArea, Technique, Tool};
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// What kind of id a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Area,
    Tool,
    Technique,
    Muscle,
    Region,
    Source,
    Symptom,
    Faq,
    Note,
    RunType,
}

impl fmt::Display for RefKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RefKind::Area => "body area",
            RefKind::Tool => "tool",
            RefKind::Technique => "technique",
            RefKind::Muscle => "muscle",
            RefKind::Region => "pain region",
            RefKind::Source => "source",
            RefKind::Symptom => "symptom",
            RefKind::Faq => "faq entry",
            RefKind::Note => "checklist item",
            RefKind::RunType => "run type",
        })
    }
}

/// A knowledge file that does not parse or does not hang together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KnowledgeError {
    #[error("{file}: {source}")]
    Parse {
        file: &'static str,
        #[source]
        source: toml::de::Error,
    },
    #[error("{file}: {entry}: {field} names unknown {kind} '{id}'")]
    Dangling {
        file: &'static str,
        entry: String,
        field: &'static str,
        kind: RefKind,
        id: String,
    },
    #[error("{file}: no entry for {kind} '{id}'")]
    Missing {
        file: &'static str,
        kind: RefKind,
        id: String,
    },
    #[error("{file}: {kind} '{id}' is listed more than once")]
    Duplicate {
        file: &'static str,
        kind: RefKind,
        id: String,
    },
    #[error("{file}: {entry}: {reason}")]
    Invalid {
        file: &'static str,
        entry: String,
        reason: String,
    },
}

const SOURCES: &str = "sources.toml";
const AREAS: &str = "areas.toml";
const TOOLS: &str = "tools.toml";
const TECHNIQUES: &str = "techniques.toml";
const SELF_MASSAGE: &str = "self_massage.toml";
const REFERRAL: &str = "referral.toml";
const SYMPTOMS: &str = "symptoms.toml";
const FAQ: &str = "faq.toml";
const ROUTINES: &str = "routines.toml";

fn parse<T: DeserializeOwned>(file: &'static str, text: &str) -> Result<T, KnowledgeError> {
    toml::from_str(text).map_err(|source| KnowledgeError::Parse { file, source })
}

/// The ids defined so far, for resolving references.
struct Ids {
    sources: BTreeSet<String>,
    regions: BTreeSet<String>,
    muscles: BTreeSet<String>,
}

/// Where a reference sits, for the error message.
struct At<'a> {
    file: &'static str,
    entry: &'a str,
    field: &'static str,
}

impl At<'_> {
    fn dangling(&self, kind: RefKind, id: &str) -> KnowledgeError {
        KnowledgeError::Dangling {
            file: self.file,
            entry: self.entry.to_string(),
            field: self.field,
            kind,
            id: id.to_string(),
        }
    }

    fn vocab<T: FromStr>(&self, kind: RefKind, id: &str) -> Result<T, KnowledgeError> {
        // Data ids must be the exact stable ids, not the lenient spellings the CLI accepts.
        if id.trim() != id || id.to_ascii_lowercase() != id || id.contains(['-', ' ']) {
            return Err(self.dangling(kind, id));
        }
        id.parse::<T>().map_err(|_| self.dangling(kind, id))
    }

    fn vocabs<T: FromStr>(&self, kind: RefKind, ids: &[String]) -> Result<Vec<T>, KnowledgeError> {
        ids.iter().map(|id| self.vocab(kind, id)).collect()
    }

    fn known(
        &self,
        kind: RefKind,
        set: &BTreeSet<String>,
        ids: &[String],
    ) -> Result<Vec<String>, KnowledgeError> {
        for id in ids {
            if !set.contains(id) {
                return Err(self.dangling(kind, id));
            }
        }
        Ok(ids.to_vec())
    }
}

fn unique<'a>(
    file: &'static str,
    kind: RefKind,
    ids: impl Iterator<Item = &'a str>,
) -> Result<BTreeSet<String>, KnowledgeError> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.to_string()) {
            return Err(KnowledgeError::Duplicate {
                file,
                kind,
                id: id.to_string(),
            });
        }
    }
    Ok(seen)
}

/// Checks that a vocabulary's every member has an entry.
fn complete<T: Copy + PartialEq>(
    file: &'static str,
    kind: RefKind,
    all: &[T],
    present: &[T],
    id: impl Fn(T) -> &'static str,
) -> Result<(), KnowledgeError> {
    match all.iter().find(|v| !present.contains(v)) {
        Some(missing) => Err(KnowledgeError::Missing {
            file,
            kind,
            id: id(*missing).to_string(),
        }),
        None => Ok(()),
    }
}

fn invalid(file: &'static str, entry: &str, reason: impl Into<String>) -> KnowledgeError {
    KnowledgeError::Invalid {
        file,
        entry: entry.to_string(),
        reason: reason.into(),
    }
}

pub(super) fn build(docs: &Documents<'_>) -> Result<KnowledgeBase, KnowledgeError> {
    let sources_file: raw::SourcesFile = parse(SOURCES, docs.sources)?;
    let source_ids = unique(
        SOURCES,
        RefKind::Source,
        sources_file.source.iter().map(|s| s.id.as_str()),
    )?;
    let referral: raw::ReferralFile = parse(REFERRAL, docs.referral)?;
    let ids = Ids {
        sources: source_ids,
        regions: unique(
            REFERRAL,
            RefKind::Region,
            referral.region.iter().map(|r| r.id.as_str()),
        )?,
        muscles: unique(
            REFERRAL,
            RefKind::Muscle,
            referral.muscle.iter().map(|m| m.id.as_str()),
        )?,
    };
    let sources = sources_file
        .source
        .into_iter()
        .map(|s| Source {
            id: s.id,
            citation: s.citation,
            note: s.note,
        })
        .collect();

    let areas = build_areas(docs, &ids)?;
    let tools = build_tools(docs)?;
    let techniques = build_techniques(docs, &ids)?;
    let not_worked: Vec<BodyArea> = areas
        .iter()
        .filter(|a| !a.worked_through.is_empty())
        .map(|a| a.area)
        .collect();
    let (regions, muscles) = build_referral(&referral, &ids, &not_worked)?;
    let referral_sources = At {
        file: REFERRAL,
        entry: "model",
        field: "model_sources",
    }
    .known(RefKind::Source, &ids.sources, &referral.model_sources)?;
    let self_massage = build_self_massage(docs, &ids, &muscles, &not_worked)?;
    let symptoms = build_symptoms(docs, &ids)?;
    let faq_file: raw::FaqFile = parse(FAQ, docs.faq)?;
    if faq_file.disclaimer.trim().is_empty() {
        return Err(invalid(FAQ, "disclaimer", "must not be empty"));
    }
    unique(
        FAQ,
        RefKind::Faq,
        faq_file.faq.iter().map(|f| f.id.as_str()),
    )?;
    // Precaution ids are stored with each therapist's checklist answers, so they must be unique.
    for list in [
        &faq_file.precaution,
        &faq_file.therapist_question,
        &faq_file.red_flag,
    ] {
        unique(FAQ, RefKind::Note, list.iter().map(|n| n.id.as_str()))?;
    }
    let faq = faq_file
        .faq
        .into_iter()
        .map(|f| {
            let sources = At {
                file: FAQ,
                entry: &f.id,
                field: "sources",
            }
            .known(RefKind::Source, &ids.sources, &f.sources)?;
            Ok(FaqEntry {
                id: f.id,
                question: f.question,
                answer: f.answer,
                sources,
            })
        })
        .collect::<Result<_, KnowledgeError>>()?;
    let routine = build_routine_rules(docs)?;

    Ok(KnowledgeBase {
        sources,
        areas,
        tools,
        techniques,
        self_massage,
        regions,
        muscles,
        referral_note: referral.model_note,
        referral_sources,
        symptoms,
        disclaimer: faq_file.disclaimer,
        faq,
        precautions: notes(faq_file.precaution),
        therapist_questions: notes(faq_file.therapist_question),
        red_flags: notes(faq_file.red_flag),
        routine,
    })
}

fn notes(raw: Vec<raw::RawNote>) -> Vec<Note> {
    raw.into_iter()
        .map(|n| Note {
            id: n.id,
            text: n.text,
        })
        .collect()
}

fn build_areas(docs: &Documents<'_>, ids: &Ids) -> Result<Vec<AreaInfo>, KnowledgeError> {
    let file: raw::AreasFile = parse(AREAS, docs.areas)?;
    unique(
        AREAS,
        RefKind::Area,
        file.area.iter().map(|a| a.id.as_str()),
    )?;
    let mut areas = file
        .area
        .into_iter()
        .map(|a| {
            let at = At {
                file: AREAS,
                entry: &a.id,
                field: "id",
            };
            let area: BodyArea = at.vocab(RefKind::Area, &a.id)?;
            let sources = At {
                field: "sources",
                ..at
            }
            .known(RefKind::Source, &ids.sources, &a.sources)?;
            let worked_through: Vec<BodyArea> = At {
                field: "worked_through",
                ..at
            }
            .vocabs(RefKind::Area, &a.worked_through)?;
            if worked_through.contains(&area) {
                return Err(invalid(
                    AREAS,
                    &a.id,
                    "worked_through must name other areas",
                ));
            }
            let explained = a
                .never_worked
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty());
            if worked_through.is_empty() == explained {
                return Err(invalid(
                    AREAS,
                    &a.id,
                    "never_worked is given exactly when worked_through is (it says why)",
                ));
            }
            Ok(AreaInfo {
                area,
                role: a.role,
                when_tight: a.when_tight,
                cautions: a.cautions,
                worked_through,
                never_worked: a.never_worked,
                sources,
            })
        })
        .collect::<Result<Vec<_>, KnowledgeError>>()?;
    let present: Vec<BodyArea> = areas.iter().map(|a| a.area).collect();
    complete(AREAS, RefKind::Area, BodyArea::ALL, &present, BodyArea::id)?;
    // An area worked through others must lead to areas that are worked themselves.
    for info in &areas {
        for target in &info.worked_through {
            if areas
                .iter()
                .any(|a| a.area == *target && !a.worked_through.is_empty())
            {
                return Err(invalid(
                    AREAS,
                    info.area.id(),
                    format!("worked_through names {target}, which is not worked itself"),
                ));
            }
        }
    }
    areas.sort_by_key(|a| a.area);
    Ok(areas)
}

fn build_tools(docs: &Documents<'_>) -> Result<Vec<ToolInfo>, KnowledgeError> {
    let file: raw::ToolsFile = parse(TOOLS, docs.tools)?;
    unique(
        TOOLS,
        RefKind::Tool,
        file.tool.iter().map(|t| t.id.as_str()),
    )?;
    let mut tools = file
        .tool
        .into_iter()
        .map(|t| {
            let tool: Tool = At {
                file: TOOLS,
                entry: &t.id,
                field: "id",
            }
            .vocab(RefKind::Tool, &t.id)?;
            Ok(ToolInfo {
                tool,
                description: t.description,
                tip: t.tip,
            })
        })
        .collect::<Result<Vec<_>, KnowledgeError>>()?;
    let present: Vec<Tool> = tools.iter().map(|t| t.tool).collect();
    complete(TOOLS, RefKind::Tool, Tool::ALL, &present, Tool::id)?;
    tools.sort_by_key(|t| t.tool);
    Ok(tools)
}

fn build_techniques(docs: &Documents<'_>, ids: &Ids) -> Result<Vec<TechniqueInfo>, KnowledgeError> {
    let file: raw::TechniquesFile = parse(TECHNIQUES, docs.techniques)?;
    unique(
        TECHNIQUES,
        RefKind::Technique,
        file.technique.iter().map(|t| t.id.as_str()),
    )?;
    let mut techniques = file
        .technique
        .into_iter()
        .map(|t| {
            let at = At {
                file: TECHNIQUES,
                entry: &t.id,
                field: "id",
            };
            let technique: Technique = at.vocab(RefKind::Technique, &t.id)?;
            let sources = At {
                field: "sources",
                ..at
            }
            .known(RefKind::Source, &ids.sources, &t.sources)?;
            Ok(TechniqueInfo {
                technique,
                deep: t.deep,
                what: t.what,
                pressure: t.pressure,
                stroke: t.stroke,
                suits_runner_when: t.suits_runner_when,
                avoid_when: t.avoid_when,
                sources,
            })
        })
        .collect::<Result<Vec<_>, KnowledgeError>>()?;
    let present: Vec<Technique> = techniques.iter().map(|t| t.technique).collect();
    complete(
        TECHNIQUES,
        RefKind::Technique,
        Technique::ALL,
        &present,
        Technique::id,
    )?;
    techniques.sort_by_key(|t| t.technique);
    Ok(techniques)
}

fn build_referral(
    file: &raw::ReferralFile,
    ids: &Ids,
    not_worked: &[BodyArea],
) -> Result<(Vec<PainRegion>, Vec<Muscle>), KnowledgeError> {
    let regions = file
        .region
        .iter()
        .map(|r| {
            let areas = At {
                file: REFERRAL,
                entry: &r.id,
                field: "areas",
            }
            .vocabs(RefKind::Area, &r.areas)?;
            Ok(PainRegion {
                id: r.id.clone(),
                name: r.name.clone(),
                areas,
                see_a_professional: r.see_a_professional.clone(),
            })
        })
        .collect::<Result<Vec<_>, KnowledgeError>>()?;
    let muscles = file
        .muscle
        .iter()
        .map(|m| {
            let at = |field| At {
                file: REFERRAL,
                entry: &m.id,
                field,
            };
            Ok(Muscle {
                id: m.id.clone(),
                name: m.name.clone(),
                area: at("area").vocab(RefKind::Area, &m.area)?,
                refers_to: at("refers_to").known(RefKind::Region, &ids.regions, &m.refers_to)?,
                note: m.note.clone(),
                sources: at("sources").known(RefKind::Source, &ids.sources, &m.sources)?,
            })
        })
        .collect::<Result<Vec<_>, KnowledgeError>>()?;
    for muscle in &muscles {
        if not_worked.contains(&muscle.area) {
            return Err(invalid(
                REFERRAL,
                &muscle.id,
                format!(
                    "area {} is never worked itself (worked_through in areas.toml)",
                    muscle.area
                ),
            ));
        }
    }
    for area in BodyArea::ALL.iter().filter(|a| !not_worked.contains(a)) {
        if !muscles.iter().any(|m| m.area == *area) {
            return Err(invalid(
                REFERRAL,
                area.id(),
                "the area has no muscle; add at least one",
            ));
        }
    }
    Ok((regions, muscles))
}

fn build_self_massage(
    docs: &Documents<'_>,
    ids: &Ids,
    muscles: &[Muscle],
    not_worked: &[BodyArea],
) -> Result<Vec<SelfMassage>, KnowledgeError> {
    let file: raw::SelfMassageFile = parse(SELF_MASSAGE, docs.self_massage)?;
    let mut seen = BTreeSet::new();
    let mut techniques = Vec::with_capacity(file.technique.len());
    for t in file.technique {
        let entry = format!("{} with {}", t.area, t.tool);
        let at = |field| At {
            file: SELF_MASSAGE,
            entry: &entry,
            field,
        };
        let area: BodyArea = at("area").vocab(RefKind::Area, &t.area)?;
        let tool: Tool = at("tool").vocab(RefKind::Tool, &t.tool)?;
        if not_worked.contains(&area) {
            return Err(invalid(
                SELF_MASSAGE,
                &entry,
                format!("{area} is never worked itself (worked_through in areas.toml)"),
            ));
        }
        if !seen.insert((area, tool)) {
            return Err(invalid(SELF_MASSAGE, &entry, "is listed more than once"));
        }
        let muscle_ids = at("muscles").known(RefKind::Muscle, &ids.muscles, &t.muscles)?;
        // A technique may reach a neighbour's muscle (IT band work reaches the outer quad), but
        // it must reach at least one muscle of its own area.
        if !muscles
            .iter()
            .any(|m| m.area == area && muscle_ids.contains(&m.id))
        {
            return Err(invalid(
                SELF_MASSAGE,
                &entry,
                format!("muscles must include at least one muscle of {area}"),
            ));
        }
        if t.seconds == 0 || t.min_seconds == 0 || t.min_seconds > t.seconds {
            return Err(invalid(
                SELF_MASSAGE,
                &entry,
                format!(
                    "seconds {} and min_seconds {} must be positive with min_seconds <= seconds",
                    t.seconds, t.min_seconds
                ),
            ));
        }
        if t.seconds % 5 != 0 || t.min_seconds % 5 != 0 {
            return Err(invalid(
                SELF_MASSAGE,
                &entry,
                "durations must be multiples of 5 seconds",
            ));
        }
        if t.how.trim().is_empty() {
            return Err(invalid(SELF_MASSAGE, &entry, "how must not be empty"));
        }
        let sources = at("sources").known(RefKind::Source, &ids.sources, &t.sources)?;
        techniques.push(SelfMassage {
            area,
            tool,
            seconds: t.seconds,
            min_seconds: t.min_seconds,
            muscles: muscle_ids,
            how: t.how,
            cautions: t.cautions,
            sources,
        });
    }
    // Hands are always available, so a hands technique per area (worked itself) keeps every
    // routine possible.
    for area in BodyArea::ALL.iter().filter(|a| !not_worked.contains(a)) {
        if !seen.contains(&(*area, Tool::Hands)) {
            return Err(KnowledgeError::Missing {
                file: SELF_MASSAGE,
                kind: RefKind::Technique,
                id: format!("{area} with hands"),
            });
        }
    }
    for tool in Tool::ALL {
        if !seen.iter().any(|(_, t)| t == tool) {
            return Err(KnowledgeError::Missing {
                file: SELF_MASSAGE,
                kind: RefKind::Technique,
                id: format!("any area with {tool}"),
            });
        }
    }
    Ok(techniques)
}

fn build_symptoms(docs: &Documents<'_>, ids: &Ids) -> Result<Vec<Symptom>, KnowledgeError> {
    let file: raw::SymptomsFile = parse(SYMPTOMS, docs.symptoms)?;
    unique(
        SYMPTOMS,
        RefKind::Symptom,
        file.symptom.iter().map(|s| s.id.as_str()),
    )?;
    file.symptom
        .into_iter()
        .map(|s| {
            let at = |field| At {
                file: SYMPTOMS,
                entry: &s.id,
                field,
            };
            let areas = at("areas").vocabs(RefKind::Area, &s.areas)?;
            if areas.is_empty() {
                return Err(invalid(
                    SYMPTOMS,
                    &s.id,
                    "areas must name at least one area",
                ));
            }
            let regions = at("regions").known(RefKind::Region, &ids.regions, &s.regions)?;
            let sources = at("sources").known(RefKind::Source, &ids.sources, &s.sources)?;
            Ok(Symptom {
                id: s.id,
                name: s.name,
                areas,
                regions,
                reasoning: s.reasoning,
                see_a_professional: s.see_a_professional,
                sources,
            })
        })
        .collect()
}

fn build_routine_rules(docs: &Documents<'_>) -> Result<RoutineRules, KnowledgeError> {
    let file: raw::RoutinesFile = parse(ROUTINES, docs.routines)?;
    unique(
        ROUTINES,
        RefKind::RunType,
        file.run_focus.iter().map(|f| f.id.as_str()),
    )?;
    let run_focus = file
        .run_focus
        .into_iter()
        .map(|f| {
            let at = |field| At {
                file: ROUTINES,
                entry: &f.id,
                field,
            };
            Ok(RunFocus {
                run: at("id").vocab(RefKind::RunType, &f.id)?,
                name: f.name.clone(),
                areas: at("areas").vocabs(RefKind::Area, &f.areas)?,
            })
        })
        .collect::<Result<Vec<_>, KnowledgeError>>()?;
    let present: Vec<RunType> = run_focus.iter().map(|f| f.run).collect();
    complete(
        ROUTINES,
        RefKind::RunType,
        RunType::ALL,
        &present,
        RunType::id,
    )?;
    let general_areas = At {
        file: ROUTINES,
        entry: "general",
        field: "areas",
    }
    .vocabs(RefKind::Area, &file.general.areas)?;
    if general_areas.is_empty() {
        return Err(invalid(
            ROUTINES,
            "general",
            "areas must name at least one area",
        ));
    }
    if !(1..=10).contains(&file.soreness.professional_level) {
        return Err(invalid(
            ROUTINES,
            "soreness",
            format!(
                "professional_level {} is out of range (must be 1 to 10)",
                file.soreness.professional_level
            ),
        ));
    }
    if file.general.cautions.is_empty() {
        return Err(invalid(
            ROUTINES,
            "general",
            "cautions must name at least one caution",
        ));
    }
    Ok(RoutineRules {
        run_focus,
        general_areas,
        general_cautions: file.general.cautions,
        soreness_window_days: file.soreness.window_days,
        professional_level: file.soreness.professional_level,
    })
}

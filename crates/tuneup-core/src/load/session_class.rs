//! How hard a session was, by what it held rather than by its average: intervals diluted by
//! a warm-up and recoveries have a moderate average and are still a hard session (Seiler &
//! Kjerland 2006; Sylta, Tønnessen & Seiler 2014; DOMAIN.md, "Classifying sessions").
//!
//! The digest keeps time per heart-rate bpm and per speed bin, and time in bouts of a minute
//! or more at or above each, so the runner's threshold (set or estimated) applies here, after
//! the fact. The cut-offs are the profile's ([`BigRunRule`]).

use super::big_run::{BigRunRule, Intensity};
use super::digest::{LoadDigest, at_or_above, speed_level};
use super::estimate::EffectiveProfile;
use crate::units::{MetersPerSecond, format_pace_in};
use crate::vocab::UnitSystem;
use serde::Serialize;

/// A session's class and the line that explains it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionClass {
    pub intensity: Intensity,
    /// "18 min at or above 169 bpm in 6 bouts".
    pub reason: String,
}

/// What a session held against one threshold (heart rate or pace).
struct Held {
    /// Seconds at or above threshold in bouts of a minute or more, and how many bouts.
    at_threshold_in_bouts: f64,
    bouts: u32,
    threshold: String,
    /// Seconds at or above the hard and the moderate share of threshold, with those levels.
    near_hard: (f64, String),
    near_moderate: (f64, String),
    /// "bpm" or "pace": how the threshold is named.
    measure: &'static str,
}

/// Classes a session. `digest` is `None` for an activity without samples; `whole` is the
/// whole-session intensity (1.0 = threshold); pace counts only for running.
pub(super) fn classify(
    digest: Option<&LoadDigest>,
    whole: f64,
    running: bool,
    profile: &EffectiveProfile,
    rule: &BigRunRule,
    units: UnitSystem,
) -> SessionClass {
    let mut held = Vec::new();
    if let Some(digest) = digest {
        if let Some(hr) = heart_rate_held(digest, profile, rule) {
            held.push(hr);
        }
        if running && let Some(pace) = pace_held(digest, profile, rule, units) {
            held.push(pace);
        }
    }
    let whole_text = format!("intensity {whole:.2} over the whole session");
    let minutes = |s: f64| s / 60.0;
    // Hard: time at threshold in bouts, then time near it, then the whole session.
    for h in &held {
        if minutes(h.at_threshold_in_bouts) >= rule.hard_minutes_at_threshold {
            return class(Intensity::Hard, bouts_text(h));
        }
    }
    for h in &held {
        if minutes(h.near_hard.0) >= rule.hard_minutes_near_threshold {
            return class(Intensity::Hard, near_text(h.near_hard.0, &h.near_hard.1));
        }
    }
    if whole >= rule.hard_intensity {
        return class(Intensity::Hard, whole_text);
    }
    for h in &held {
        if minutes(h.near_moderate.0) >= rule.moderate_minutes_near_threshold {
            return class(
                Intensity::Moderate,
                near_text(h.near_moderate.0, &h.near_moderate.1),
            );
        }
    }
    if whole >= rule.moderate_intensity {
        return class(Intensity::Moderate, whole_text);
    }
    let mut parts = vec![whole_text];
    parts.extend(held.iter().map(|h| {
        if h.bouts == 0 {
            format!("no bout of a minute at or {} {}", at_or(h), h.threshold)
        } else {
            bouts_text(h)
        }
    }));
    class(Intensity::Easy, parts.join("; "))
}

fn class(intensity: Intensity, reason: String) -> SessionClass {
    SessionClass { intensity, reason }
}

fn bouts_text(h: &Held) -> String {
    format!(
        "{:.0} min at or {} {} in {} bout{}",
        h.at_threshold_in_bouts / 60.0,
        at_or(h),
        h.threshold,
        h.bouts,
        if h.bouts == 1 { "" } else { "s" }
    )
}

fn at_or(h: &Held) -> &'static str {
    if h.measure == "pace" {
        "faster than"
    } else {
        "above"
    }
}

fn near_text(seconds: f64, level: &str) -> String {
    format!("{:.0} min at {level}", seconds / 60.0)
}

fn percent(fraction: f64) -> String {
    format!("{:.0} %", fraction * 100.0)
}

fn heart_rate_held(
    digest: &LoadDigest,
    profile: &EffectiveProfile,
    rule: &BigRunRule,
) -> Option<Held> {
    let hr = &digest.heart_rate;
    let trusted = hr.covered_s >= 60.0 && hr.covered_s >= super::MIN_HR_COVERAGE * digest.sampled_s;
    if !trusted {
        return None;
    }
    let threshold = profile.threshold_hr.value.0;
    // Readings are whole bpm: "at or above 168.4" is "at or above 169".
    let level = |bpm: f64| bpm.ceil().clamp(0.0, 255.0) as u8;
    let at = |bpm: f64| at_or_above(&hr.histogram, &hr.bouts, level(bpm));
    let threshold_at = at(threshold);
    let near = |fraction: f64| {
        let bpm = threshold * fraction;
        (
            at(bpm).seconds,
            format!(
                "or above {} bpm ({} of your threshold {threshold:.0} bpm)",
                level(bpm),
                percent(fraction)
            ),
        )
    };
    Some(Held {
        at_threshold_in_bouts: threshold_at.in_bouts,
        bouts: threshold_at.count,
        threshold: format!("{} bpm", level(threshold)),
        near_hard: near(rule.hard_near_threshold),
        near_moderate: near(rule.moderate_near_threshold),
        measure: "bpm",
    })
}

fn pace_held(
    digest: &LoadDigest,
    profile: &EffectiveProfile,
    rule: &BigRunRule,
    units: UnitSystem,
) -> Option<Held> {
    let format_pace = |speed| format_pace_in(speed, units);
    let speed = digest.speed.as_ref()?;
    if speed.histogram.is_empty() {
        return None;
    }
    let threshold = profile.threshold_pace.value.0;
    let at = |mps: f64| at_or_above(&speed.histogram, &speed.bouts, speed_level(mps));
    let threshold_at = at(threshold);
    let near = |fraction: f64| {
        let mps = threshold * fraction;
        (
            at(mps).seconds,
            format!(
                "{} or faster ({} of your threshold speed, {})",
                format_pace(MetersPerSecond(mps)),
                percent(fraction),
                format_pace(MetersPerSecond(threshold))
            ),
        )
    };
    Some(Held {
        at_threshold_in_bouts: threshold_at.in_bouts,
        bouts: threshold_at.count,
        threshold: format_pace(MetersPerSecond(threshold)),
        near_hard: near(rule.hard_near_threshold),
        near_moderate: near(rule.moderate_near_threshold),
        measure: "pace",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::digest::digest;
    use crate::load::testkit::{fixed_profile, intervals, stretches};

    #[test]
    fn intervals_are_hard_by_their_bouts() {
        // The fixed profile: threshold 169 bpm. 6 × 180 s at 172 = 18 min in 6 bouts.
        let d = digest(&intervals(3.0, 3.0));
        let class = classify(
            Some(&d),
            0.80,
            true,
            &fixed_profile(),
            &BigRunRule::default(),
            UnitSystem::Metric,
        );
        assert_eq!(class.intensity, Intensity::Hard);
        assert_eq!(class.reason, "18 min at or above 169 bpm in 6 bouts");
    }

    #[test]
    fn pace_bouts_count_without_heart_rate() {
        // Threshold 4.0 m/s; reps at 4.2 m/s, the rest at 3.0: 18 min in 6 bouts, no HR.
        let mut streams = intervals(4.2, 3.0);
        streams.heart_rate_bpm.clear();
        let d = digest(&streams);
        let class = classify(
            Some(&d),
            0.80,
            true,
            &fixed_profile(),
            &BigRunRule::default(),
            UnitSystem::Metric,
        );
        assert_eq!(class.intensity, Intensity::Hard);
        assert_eq!(class.reason, "18 min at or faster than 4:10/km in 6 bouts");
        let imperial = classify(
            Some(&d),
            0.80,
            true,
            &fixed_profile(),
            &BigRunRule::default(),
            UnitSystem::Imperial,
        );
        assert_eq!(
            imperial.reason,
            "18 min at or faster than 6:42/mi in 6 bouts"
        );
    }

    #[test]
    fn twenty_minutes_near_threshold_is_hard_or_moderate() {
        // 25 min at 162 (≥ 95 % of 169 = 160.55 → 161) is hard; 25 min at 153 (≥ 90 % =
        // 152.1 → 153) is moderate; 25 min at 150 with a whole-session 0.80 is easy.
        let rule = BigRunRule::default();
        let at = |bpm: u8| {
            let d = digest(&stretches(&[(300, 120, 3.0), (1500, bpm, 3.0)]));
            classify(
                Some(&d),
                0.80,
                true,
                &fixed_profile(),
                &rule,
                UnitSystem::Metric,
            )
        };
        let hard = at(162);
        assert_eq!(hard.intensity, Intensity::Hard);
        assert_eq!(
            hard.reason,
            "25 min at or above 161 bpm (95 % of your threshold 169 bpm)"
        );
        let moderate = at(153);
        assert_eq!(moderate.intensity, Intensity::Moderate);
        assert_eq!(
            moderate.reason,
            "25 min at or above 153 bpm (90 % of your threshold 169 bpm)"
        );
        let easy = at(150);
        assert_eq!(easy.intensity, Intensity::Easy);
        assert_eq!(
            easy.reason,
            "intensity 0.80 over the whole session; no bout of a minute at or above 169 bpm; \
             no bout of a minute at or faster than 4:10/km"
        );
    }

    #[test]
    fn without_samples_the_whole_session_decides() {
        let rule = BigRunRule::default();
        let of = |whole| {
            classify(
                None,
                whole,
                true,
                &fixed_profile(),
                &rule,
                UnitSystem::Metric,
            )
            .intensity
        };
        assert_eq!(of(0.70), Intensity::Easy);
        assert_eq!(of(0.85), Intensity::Moderate);
        assert_eq!(of(0.95), Intensity::Hard);
    }
}

//! The recovery plan as day-by-day text for the terminal: each item on one line with what
//! to do, and under it, why (the reason with its numbers and the rule that produced it).

use chrono::NaiveDate;
use std::fmt::Write;
use tuneup_core::plan::{ItemKind, Plan, PlanItem, ServiceState, VisitPart};
use tuneup_core::vocab::Technique;

/// Renders the plan. Days without items are left out; a window is shown on its first day.
pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    let last = plan.from + chrono::Duration::days(i64::from(plan.days) - 1);
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "Recovery plan, {} to {} ({} {})",
        long_date(plan.from),
        long_date(last),
        plan.days,
        if plan.days == 1 { "day" } else { "days" }
    );
    let service = &plan.service;
    // One statement of when, that agrees with the reason below it.
    let due = long_date(service.next_due);
    let state = match service.status {
        ServiceState::Ok => format!("ok, next due {due}"),
        ServiceState::Due if service.next_due <= plan.from => format!("DUE today ({due})"),
        ServiceState::Due => {
            let days = (service.next_due - plan.from).num_days();
            format!(
                "DUE in {days} {}, on {due}",
                if days == 1 { "day" } else { "days" }
            )
        }
        ServiceState::Overdue => format!("OVERDUE since {due}"),
    };
    let _ = writeln!(out, "\nMassage service: {state}");
    let _ = writeln!(out, "  why: {}", service.reason);

    let mut current: Option<NaiveDate> = None;
    for item in &plan.items {
        if current != Some(item.date) {
            current = Some(item.date);
            let _ = writeln!(out, "\n{}", long_date(item.date));
        }
        let _ = writeln!(out, "  - {}", headline(item));
        if item.reasons.is_empty() {
            let _ = writeln!(out, "    why: {} [{}]", item.reason, item.rule);
        }
        for part in &item.parts {
            let _ = writeln!(out, "    · {}", part_line(part));
        }
        for reason in &item.reasons {
            let _ = writeln!(out, "    why: {} [{}]", reason.reason, reason.rule);
        }
    }
    if plan.items.is_empty() {
        let _ = writeln!(out, "\nNothing to schedule: train as planned.");
    }
    if !plan.conflicts.is_empty() {
        let _ = writeln!(out, "\nConflicts between rules");
        for conflict in &plan.conflicts {
            let with = conflict
                .with
                .map(|w| format!(", {w} wins"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  - {}: {} [{}{with}]",
                short_date(conflict.date),
                conflict.reason,
                conflict.rule
            );
        }
    }
    out
}

/// One part of a visit: "deep tissue: calves", "trigger point on the soleus (for the feet)".
fn part_line(part: &VisitPart) -> String {
    let areas = part
        .areas
        .iter()
        .map(|a| a.label())
        .collect::<Vec<_>>()
        .join(", ");
    let mut line = part.technique.label().to_string();
    if let Some(first) = line.get(..1) {
        line = first.to_uppercase() + &line[1..];
    }
    if part.technique == Technique::Swedish && part.areas.len() > 1 {
        line.push_str(" (warm-up and light work)");
    }
    if !part.muscles.is_empty() {
        line.push_str(&format!(" on the {}", part.muscles.join(", ")));
        if !areas.is_empty() {
            line.push_str(&format!(" (for the {areas})"));
        }
    } else if !areas.is_empty() {
        line.push_str(&format!(": {areas}"));
    }
    line
}

/// What to do, in a few words: "Light (Swedish) massage: calves, glutes (until Mon 30 Nov)";
/// a visit: "Massage visit (deep tissue, booked) (until Mon 30 Nov)".
pub fn headline(item: &PlanItem) -> String {
    if item.kind == ItemKind::Massage && !item.parts.is_empty() {
        let light = item.parts.iter().all(|p| !p.technique.is_deep());
        let mut line = if light {
            "Massage visit, light (Swedish)".to_string()
        } else {
            let deepest = item.technique.map_or("deep work", |t| t.label());
            format!("Massage visit, with {deepest}")
        };
        if item.booked.is_some() {
            line.push_str(", booked");
        }
        if !item.areas.is_empty() {
            line.push_str(&format!(": {}", labels(item)));
        }
        if let Some(until) = item.until {
            line.push_str(&format!(" (any day until {})", short_date(until)));
        }
        return line;
    }
    let what = match (item.kind, item.technique) {
        (ItemKind::Massage, Some(Technique::Swedish) | None) => "Light (Swedish) massage",
        (ItemKind::Massage, Some(Technique::DeepTissue)) => "Deep-tissue massage",
        (ItemKind::Massage, Some(Technique::TriggerPoint)) => "Trigger-point work",
        (ItemKind::Massage, Some(Technique::Sports)) => "Sports massage",
        (ItemKind::SelfMassage, _) => "Self-massage",
        (ItemKind::Rest, _) => "Rest day",
        (ItemKind::Caution, _) => "Caution",
        (ItemKind::Note, _) => "Note",
    };
    let mut line = what.to_string();
    if !item.muscles.is_empty() {
        line.push_str(&format!(" on the {}", item.muscles.join(", ")));
        if !item.areas.is_empty() {
            line.push_str(&format!(" (for the {})", labels(item)));
        }
    } else if !item.areas.is_empty() && item.kind != ItemKind::Rest {
        line.push_str(&format!(": {}", labels(item)));
    }
    if let Some(until) = item.until {
        line.push_str(&format!(" (until {})", short_date(until)));
    }
    line
}

fn labels(item: &PlanItem) -> String {
    item.areas
        .iter()
        .map(|a| a.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

fn short_date(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::golden::check;
    use crate::sample::plan_fortnight;

    #[test]
    fn the_sample_fortnight_matches_the_golden_file() {
        check(&render(&plan_fortnight()), "plan_fortnight.txt");
    }

    #[test]
    fn every_item_line_is_followed_by_its_reason_and_rule() {
        let text = render(&plan_fortnight());
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("  - ") && !line.contains('[') {
                // A visit lists its parts first.
                let why = lines[i + 1..]
                    .iter()
                    .find(|l| !l.starts_with("    · "))
                    .expect("a reason line");
                assert!(
                    why.starts_with("    why: ") && why.ends_with(']'),
                    "{line}\n{why}"
                );
            }
        }
        assert!(text.contains(
            "Sat 32 km long run, 2.3× your usual load, but you have a massage booked on Tue"
        ));
    }
}

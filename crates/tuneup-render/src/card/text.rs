//! The card as plain text for the terminal: the same sections as the HTML, the chart as a
//! small table.

use super::{
    Capped, Card, area_labels, conversation_words, distance, distance_value, kind_words, long_date,
    pressure_words, priority_words, short_date, side_words, technique_labels, unit_name,
};
use std::fmt::Write;

/// Renders the card as text.
pub fn text(card: &Card) -> String {
    let mut out = String::new();
    let _ = write!(out, "INTAKE CARD");
    if let Some(name) = &card.runner {
        let _ = write!(out, ": {name}");
    }
    let _ = write!(out, "\n{}", long_date(card.date));
    if let Some(therapist) = &card.therapist {
        let _ = write!(out, ", for {therapist}");
    }
    out.push('\n');

    heading(&mut out, "Last four weeks");
    let _ = writeln!(
        out,
        "  {:<12} {:>8} {:>5} {:>6}",
        "week of",
        unit_name(card.units),
        "runs",
        "load"
    );
    for week in &card.weeks {
        let _ = writeln!(
            out,
            "  {:<12} {:>8} {:>5} {:>6.0}",
            short_date(week.start),
            format!("{:.1}", distance_value(week.distance, card.units)),
            week.runs,
            week.load
        );
    }
    for (label, race) in [
        ("Next race", &card.next_race),
        ("Goal race", &card.goal_race),
    ] {
        let Some(race) = race else { continue };
        let _ = writeln!(
            out,
            "  {label}: {} ({}, {}) on {}, in {} day{}",
            race.name,
            distance(race.distance, card.units),
            priority_words(race.priority),
            short_date(race.date),
            race.days_away,
            if race.days_away == 1 { "" } else { "s" }
        );
    }
    if !card.big_runs.is_empty() {
        out.push_str("  Big runs:\n");
        for run in &card.big_runs.items {
            let _ = writeln!(out, "  - {}: {}", short_date(run.date), run.summary);
        }
        left_out(&mut out, card.big_runs.left_out);
    }

    if !card.areas.is_empty() {
        heading(&mut out, "Sore and tight areas");
        for mark in &card.areas.items {
            let _ = write!(
                out,
                "  - {} ({}): {} {}/10, {}",
                mark.area.label(),
                side_words(mark.side),
                kind_words(mark.kind),
                mark.level,
                short_date(mark.date)
            );
            if let Some(note) = &mark.note {
                let _ = write!(out, " \"{note}\"");
            }
            out.push('\n');
        }
        left_out(&mut out, card.areas.left_out);
    }

    if !card.injuries.is_empty() {
        heading(&mut out, "Injuries and rehab");
        for line in &card.injuries.items {
            let _ = write!(out, "  - {}: {}", short_date(line.date), line.what);
            if let Some(note) = &line.note {
                let _ = write!(out, " \"{note}\"");
            }
            out.push('\n');
        }
        left_out(&mut out, card.injuries.left_out);
    }

    if let Some(last) = &card.last_massage {
        heading(&mut out, "Last massage");
        let _ = write!(
            out,
            "  {}: {} ({})",
            short_date(last.date),
            technique_labels(&last.techniques),
            last.purpose.label()
        );
        if let Some(therapist) = &last.therapist {
            let _ = write!(out, " with {therapist}");
        }
        out.push('\n');
        if !last.areas.is_empty() {
            let _ = write!(out, "  Areas: {}", area_labels(&last.areas));
            if last.areas_left_out > 0 {
                let _ = write!(out, " and {} more", last.areas_left_out);
            }
            out.push('\n');
        }
        if let Some(pressure) = last.pressure {
            let _ = writeln!(out, "  Pressure: {}", pressure_words(pressure));
        }
        if let Some(felt) = &last.felt_after {
            let _ = writeln!(out, "  Felt after: \"{felt}\"");
        }
    }

    let p = &card.preferences;
    if !p.is_empty() {
        heading(&mut out, "Preferences");
        if let Some(pressure) = p.pressure {
            let _ = writeln!(out, "  Pressure: {}", pressure_words(pressure));
        }
        if let Some(draping) = &p.draping {
            let _ = writeln!(out, "  Draping: {draping}");
        }
        if !p.avoid.is_empty() {
            let _ = writeln!(out, "  Please avoid: {}", area_labels(&p.avoid));
        }
        if let Some(conversation) = p.conversation {
            let _ = writeln!(out, "  Talking: {}", conversation_words(conversation));
        }
        if let Some(notes) = &p.notes {
            let _ = writeln!(out, "  Also: {notes}");
        }
    }

    list(&mut out, "Goals for this session", &card.goals);
    list(&mut out, "Questions", &card.questions);
    out
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
}

fn list(out: &mut String, title: &str, items: &Capped<String>) {
    if items.is_empty() {
        return;
    }
    heading(out, title);
    for item in &items.items {
        let _ = writeln!(out, "  - {item}");
    }
    left_out(out, items.left_out);
}

fn left_out(out: &mut String, count: usize) {
    if count > 0 {
        let _ = writeln!(out, "  (and {count} more in your log)");
    }
}

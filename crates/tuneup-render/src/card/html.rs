//! The card as one self-contained HTML page with a print stylesheet sized for one A4 or
//! Letter page. Every piece of the runner's text is escaped.

use super::body::{BodyView, SILHOUETTE, shapes};
use super::{
    Capped, Card, area_labels, chart, conversation_words, distance, kind_words, long_date,
    pressure_words, priority_words, short_date, side_words, technique_labels,
};
use std::fmt::Write;
use tuneup_core::vocab::{Side, SorenessKind};

const STYLE: &str = r#"
@page { size: auto; margin: 8mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 9pt/1.22 system-ui, "Segoe UI", Helvetica, Arial, sans-serif; color: #111; margin: 0 auto; max-width: 186mm; padding: 6mm 0; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 4mm; border-bottom: 1.5pt solid #222; padding-bottom: 1.5mm; margin-bottom: 2mm; }
h1 { font-size: 13pt; margin: 0; }
header p { margin: 0; color: #333; }
h2 { font-size: 10pt; margin: 2.5mm 0 1mm; border-bottom: 0.5pt solid #999; }
.grid { display: grid; grid-template-columns: 1fr 68mm; gap: 5mm; }
ul { margin: 0; padding-left: 4.5mm; }
li { margin: 0.4mm 0; }
p { margin: 0.6mm 0; }
.muted { color: #555; }
.note { font-style: italic; }
.body { width: 60mm; height: auto; display: block; margin: 0 auto; }
.chart { width: 100%; height: auto; max-height: 40mm; }
.legend span { display: inline-block; width: 3mm; height: 3mm; border: 0.5pt solid #333; margin: 0 1mm 0 2mm; vertical-align: middle; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0.5mm 3mm; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
footer { margin-top: 2.5mm; border-top: 0.5pt solid #999; padding-top: 1mm; font-size: 8pt; color: #555; }
@media print { body { padding: 0; } }
"#;

const TIGHT: &str = "#f2c14e";
const SORE: &str = "#e0662f";
const SHARP: &str = "#9e1b1e";

/// Renders the card as a complete HTML document.
pub fn html(card: &Card) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let title = match &card.runner {
        Some(name) => format!("Intake card: {}", escape(name)),
        None => "Intake card".to_string(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = write!(out, "<header><h1>{title}</h1><p>{}", long_date(card.date));
    if let Some(therapist) = &card.therapist {
        let _ = write!(out, " · for {}", escape(therapist));
    }
    out.push_str("</p></header>\n<div class=\"grid\">\n<main>\n");

    // The main column reads as a story (training, where it hurts, injuries, last visit);
    // the side column holds the map and what the runner asks for.
    training(&mut out, card);
    area_list(&mut out, card);
    injuries(&mut out, card);
    last_massage(&mut out, card);

    out.push_str("</main>\n<aside>\n");
    body_map(&mut out, card);
    preferences(&mut out, card);
    list_section(&mut out, "Goals for this session", &card.goals);
    list_section(&mut out, "Questions", &card.questions);
    out.push_str("</aside>\n</div>\n");
    out.push_str(
        "<footer>From the runner's own log in tuneup: training from their activity files, areas and notes as they entered them. Not a diagnosis.</footer>\n</body>\n</html>\n",
    );
    out
}

fn training(out: &mut String, card: &Card) {
    out.push_str("<section><h2>Last four weeks</h2>\n");
    out.push_str(&chart::svg(&card.weeks, card.units));
    out.push('\n');
    for (label, race) in [
        ("Next race", &card.next_race),
        ("Goal race", &card.goal_race),
    ] {
        let Some(race) = race else { continue };
        let _ = writeln!(
            out,
            "<p><strong>{label}:</strong> {} ({}, {}) on {}, in {} day{}</p>",
            escape(&race.name),
            distance(race.distance, card.units),
            priority_words(race.priority),
            short_date(race.date),
            race.days_away,
            if race.days_away == 1 { "" } else { "s" }
        );
    }
    if !card.big_runs.is_empty() {
        out.push_str("<p><strong>Big runs</strong></p><ul>\n");
        for run in &card.big_runs.items {
            let _ = writeln!(
                out,
                "<li>{}: {}</li>",
                short_date(run.date),
                escape(&run.summary)
            );
        }
        left_out(out, card.big_runs.left_out);
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn injuries(out: &mut String, card: &Card) {
    if card.injuries.is_empty() {
        return;
    }
    out.push_str("<section><h2>Injuries and rehab</h2><ul>\n");
    for line in &card.injuries.items {
        let _ = write!(out, "<li>{}: {}", short_date(line.date), escape(&line.what));
        if let Some(note) = &line.note {
            let _ = write!(out, " — <span class=\"note\">“{}”</span>", escape(note));
        }
        out.push_str("</li>\n");
    }
    left_out(out, card.injuries.left_out);
    out.push_str("</ul></section>\n");
}

fn last_massage(out: &mut String, card: &Card) {
    let Some(last) = &card.last_massage else {
        return;
    };
    out.push_str("<section><h2>Last massage</h2>\n");
    let _ = write!(
        out,
        "<p>{}: {} ({})",
        short_date(last.date),
        escape(&technique_labels(&last.techniques)),
        last.purpose.label()
    );
    if let Some(therapist) = &last.therapist {
        let _ = write!(out, " with {}", escape(therapist));
    }
    if !last.areas.is_empty() {
        let _ = write!(out, "; areas: {}", escape(&area_labels(&last.areas)));
        if last.areas_left_out > 0 {
            let _ = write!(out, " and {} more", last.areas_left_out);
        }
    }
    if let Some(pressure) = last.pressure {
        let _ = write!(out, "; pressure {}", pressure_words(pressure));
    }
    out.push_str("</p>\n");
    if let Some(felt) = &last.felt_after {
        let _ = writeln!(
            out,
            "<p>Felt after: <span class=\"note\">“{}”</span></p>",
            escape(felt)
        );
    }
    out.push_str("</section>\n");
}

fn list_section(out: &mut String, title: &str, list: &Capped<String>) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "<section><h2>{title}</h2><ul>");
    for item in &list.items {
        let _ = writeln!(out, "<li>{}</li>", escape(item));
    }
    left_out(out, list.left_out);
    out.push_str("</ul></section>\n");
}

fn left_out(out: &mut String, count: usize) {
    if count > 0 {
        let _ = writeln!(
            out,
            "<li class=\"muted\">and {count} more in the runner's log</li>"
        );
    }
}

fn fill(kind: SorenessKind) -> &'static str {
    match kind {
        SorenessKind::Tight => TIGHT,
        SorenessKind::Sore => SORE,
        SorenessKind::Sharp | SorenessKind::Bone => SHARP,
    }
}

fn body_map(out: &mut String, card: &Card) {
    let avoid = &card.preferences.avoid;
    if card.areas.is_empty() && avoid.is_empty() {
        return;
    }
    out.push_str("<section><h2>Body map</h2>\n");
    out.push_str(
        r##"<svg class="body" viewBox="0 0 220 248" role="img" aria-label="Body outline, front and back, with the marked areas" xmlns="http://www.w3.org/2000/svg"><defs><pattern id="avoid" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/><line x1="0" y1="0" x2="0" y2="4" stroke="#555" stroke-width="1.6"/></pattern></defs>"##,
    );
    for (view, x) in [(BodyView::Front, 5.0), (BodyView::Back, 115.0)] {
        let (left_mark, right_mark) = match view {
            BodyView::Front => ("R", "L"),
            BodyView::Back => ("L", "R"),
        };
        let _ = write!(
            out,
            r##"<g class="figure" data-view="{}" transform="translate({x} 14)"><text x="50" y="-4" font-size="9" text-anchor="middle" font-weight="600">{}</text><text x="4" y="60" font-size="8" fill="#555">{left_mark}</text><text x="96" y="60" font-size="8" fill="#555" text-anchor="end">{right_mark}</text><path d="{SILHOUETTE}" fill="#f4f4f4" stroke="#777" stroke-width="0.8"/>"##,
            view.id(),
            if view == BodyView::Front {
                "Front"
            } else {
                "Back"
            },
        );
        for shape in shapes().iter().filter(|s| s.view == view) {
            // The newest entry that covers this side; on the same day, the one for this side
            // rather than "both".
            let mark = card
                .areas
                .items
                .iter()
                .filter(|m| m.area == shape.area && (m.side == shape.side || m.side == Side::Both))
                .max_by_key(|m| (m.date, m.side == shape.side));
            let (paint, class) = match mark {
                Some(m) => (fill(m.kind), format!("area marked {}", m.kind.id())),
                None if avoid.contains(&shape.area) => ("url(#avoid)", "area avoid".to_string()),
                None => ("none", "area".to_string()),
            };
            let _ = write!(
                out,
                r##"<ellipse class="{class}" data-area="{}" data-side="{}" cx="{:.1}" cy="{:.1}" rx="{:.1}" ry="{:.1}" fill="{paint}" stroke="#999" stroke-width="0.5"/>"##,
                shape.area.id(),
                shape.side.id(),
                shape.cx,
                shape.cy,
                shape.rx,
                shape.ry
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>\n");
    let _ = writeln!(
        out,
        r#"<p class="legend muted"><span style="background:{TIGHT}"></span>tight<span style="background:{SORE}"></span>sore<span style="background:{SHARP}"></span>sharp{}</p>"#,
        if avoid.is_empty() {
            ""
        } else {
            r#"<span style="background:repeating-linear-gradient(45deg,#555 0 1px,#fff 1px 3px)"></span>avoid"#
        }
    );
    out.push_str("</section>\n");
}

fn area_list(out: &mut String, card: &Card) {
    if !card.areas.is_empty() {
        out.push_str("<section><h2>Sore and tight areas</h2><ul>\n");
        for mark in &card.areas.items {
            let _ = write!(
                out,
                "<li>{} ({}): {} {}/10, {}",
                mark.area.label(),
                side_words(mark.side),
                kind_words(mark.kind),
                mark.level,
                short_date(mark.date)
            );
            if let Some(note) = &mark.note {
                let _ = write!(out, " — <span class=\"note\">“{}”</span>", escape(note));
            }
            out.push_str("</li>\n");
        }
        left_out(out, card.areas.left_out);
        out.push_str("</ul></section>\n");
    }
}

fn preferences(out: &mut String, card: &Card) {
    let p = &card.preferences;
    if p.is_empty() {
        return;
    }
    out.push_str("<section><h2>Preferences</h2><dl>\n");
    if let Some(pressure) = p.pressure {
        let _ = writeln!(
            out,
            "<dt>Pressure</dt><dd>{}</dd>",
            pressure_words(pressure)
        );
    }
    if let Some(draping) = &p.draping {
        let _ = writeln!(out, "<dt>Draping</dt><dd>{}</dd>", escape(draping));
    }
    if !p.avoid.is_empty() {
        let _ = writeln!(
            out,
            "<dt>Please avoid</dt><dd>{}</dd>",
            escape(&area_labels(&p.avoid))
        );
    }
    if let Some(conversation) = p.conversation {
        let _ = writeln!(
            out,
            "<dt>Talking</dt><dd>{}</dd>",
            conversation_words(conversation)
        );
    }
    if let Some(notes) = &p.notes {
        let _ = writeln!(out, "<dt>Also</dt><dd>{}</dd>", escape(notes));
    }
    out.push_str("</dl></section>\n");
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

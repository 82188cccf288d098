//! The card's training chart: four weekly bars of running distance with the week's training
//! load as a line on its own scale, as a small inline SVG.

use super::{Week, distance_value, short_date, unit_name};
use std::fmt::Write;
use tuneup_core::vocab::UnitSystem;

const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 132.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 34.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 28.0;

/// The chart as an `<svg>` element. Numbers are printed on the bars and points, so the
/// chart reads without axes in black and white.
pub(crate) fn svg(weeks: &[Week], units: UnitSystem) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let distances: Vec<f64> = weeks
        .iter()
        .map(|w| distance_value(w.distance, units))
        .collect();
    let max_distance = nice_max(distances.iter().copied().fold(0.0, f64::max));
    let max_load = nice_max(weeks.iter().map(|w| w.load).fold(0.0, f64::max));
    let slot = plot_w / weeks.len().max(1) as f64;
    let bar = slot * 0.55;

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="Weekly running distance and training load, last four weeks" xmlns="http://www.w3.org/2000/svg">"#
    );
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" y1="{base}" x2="{}" y2="{base}" stroke="#444" stroke-width="0.8"/>"##,
        WIDTH - RIGHT
    );
    let _ = write!(
        out,
        r##"<text x="2" y="9" font-size="8" fill="#333">{} / week</text><text x="{}" y="9" font-size="8" fill="#333" text-anchor="end">load / week</text>"##,
        unit_name(units),
        WIDTH - 2.0
    );
    let mut points = Vec::with_capacity(weeks.len());
    for (i, (week, km)) in weeks.iter().zip(&distances).enumerate() {
        let center = LEFT + slot * (i as f64 + 0.5);
        let h = km / max_distance * plot_h * 0.9;
        let _ = write!(
            out,
            r##"<rect class="bar" x="{:.1}" y="{:.1}" width="{bar:.1}" height="{h:.1}" fill="#9bbbd4" stroke="#3d6d91" stroke-width="0.6"/>"##,
            center - bar / 2.0,
            base - h
        );
        // The distance sits inside the bar's foot, the load above its point: they never meet.
        let _ = write!(
            out,
            r##"<text x="{center:.1}" y="{:.1}" font-size="8" text-anchor="middle" fill="#0f2a3d">{km:.0}</text>"##,
            base - 3.0
        );
        let _ = write!(
            out,
            r##"<text x="{center:.1}" y="{:.1}" font-size="7.5" text-anchor="middle" fill="#333">{}</text>"##,
            base + 10.0,
            short_date(week.start)
        );
        let _ = write!(
            out,
            r##"<text x="{center:.1}" y="{:.1}" font-size="7" text-anchor="middle" fill="#555">{} run{}</text>"##,
            base + 19.0,
            week.runs,
            if week.runs == 1 { "" } else { "s" }
        );
        points.push((
            center,
            base - week.load / max_load * plot_h * 0.9,
            week.load,
        ));
    }
    let path: Vec<String> = points
        .iter()
        .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
        .collect();
    let _ = write!(
        out,
        r##"<polyline class="load" points="{}" fill="none" stroke="#b5472b" stroke-width="1.4"/>"##,
        path.join(" ")
    );
    for (x, y, load) in &points {
        let _ = write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="2.2" fill="#b5472b"/><text x="{x:.1}" y="{:.1}" font-size="7.5" text-anchor="middle" fill="#7a2a15">{load:.0}</text>"##,
            y - 4.0
        );
    }
    out.push_str("</svg>");
    out
}

/// A round upper bound for an axis, never zero so empty weeks still draw.
fn nice_max(value: f64) -> f64 {
    if value <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if value <= step * magnitude {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_maxima_are_round_and_cover_the_value() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(43.2), 50.0);
        assert_eq!(nice_max(100.0), 100.0);
        assert_eq!(nice_max(101.0), 200.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(230.0), 250.0);
    }
}

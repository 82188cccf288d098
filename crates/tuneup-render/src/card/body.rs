//! The body outline for the card: a front and a back figure, each body area drawn as one shape
//! per side, keyed by the area's id so a test (or a stylesheet) can find it.

use tuneup_core::vocab::{BodyArea, Side};

/// Which figure a shape is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyView {
    Front,
    Back,
}

impl BodyView {
    pub fn id(self) -> &'static str {
        match self {
            BodyView::Front => "front",
            BodyView::Back => "back",
        }
    }
}

/// One area on one side, as an ellipse in the figure's 100 × 230 box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub area: BodyArea,
    /// Left or right (never both: "both sides" marks the two shapes).
    pub side: Side,
    pub view: BodyView,
    pub cx: f64,
    pub cy: f64,
    pub rx: f64,
    pub ry: f64,
}

/// Where an area sits: the figure, its distance from the midline and its ellipse.
struct Place {
    view: BodyView,
    dx: f64,
    cy: f64,
    rx: f64,
    ry: f64,
}

fn places(area: BodyArea) -> &'static [Place] {
    use BodyView::{Back, Front};
    match area {
        BodyArea::Quads => &[Place {
            view: Front,
            dx: 10.0,
            cy: 142.0,
            rx: 6.5,
            ry: 15.0,
        }],
        BodyArea::Hamstrings => &[Place {
            view: Back,
            dx: 10.0,
            cy: 147.0,
            rx: 6.5,
            ry: 15.0,
        }],
        BodyArea::ItBand => &[Place {
            view: Front,
            dx: 17.5,
            cy: 144.0,
            rx: 2.2,
            ry: 16.0,
        }],
        BodyArea::Glutes => &[Place {
            view: Back,
            dx: 9.5,
            cy: 119.0,
            rx: 9.0,
            ry: 8.5,
        }],
        BodyArea::HipFlexors => &[Place {
            view: Front,
            dx: 10.0,
            cy: 116.0,
            rx: 6.0,
            ry: 5.0,
        }],
        BodyArea::Adductors => &[Place {
            view: Front,
            dx: 3.8,
            cy: 137.0,
            rx: 2.6,
            ry: 11.0,
        }],
        BodyArea::Calves => &[Place {
            view: Back,
            dx: 10.0,
            cy: 184.0,
            rx: 5.5,
            ry: 13.0,
        }],
        // The tendon between the calf and the heel.
        BodyArea::Achilles => &[Place {
            view: Back,
            dx: 10.0,
            cy: 204.5,
            rx: 2.0,
            ry: 6.0,
        }],
        BodyArea::Shins => &[Place {
            view: Front,
            dx: 10.0,
            cy: 187.0,
            rx: 3.5,
            ry: 14.0,
        }],
        BodyArea::Feet => &[Place {
            view: Back,
            dx: 10.0,
            cy: 217.0,
            rx: 5.5,
            ry: 4.5,
        }],
        BodyArea::LowerBack => &[Place {
            view: Back,
            dx: 6.5,
            cy: 98.0,
            rx: 5.5,
            ry: 8.0,
        }],
        BodyArea::RibCage => &[Place {
            view: Front,
            dx: 11.0,
            cy: 72.0,
            rx: 7.0,
            ry: 12.0,
        }],
        BodyArea::Neck => &[Place {
            view: Back,
            dx: 2.8,
            cy: 31.0,
            rx: 2.6,
            ry: 4.0,
        }],
        BodyArea::Shoulders => &[Place {
            view: Back,
            dx: 13.5,
            cy: 46.0,
            rx: 9.0,
            ry: 7.5,
        }],
    }
}

/// Every shape of the outline. Front view: the runner faces you, so their right is on your
/// left. Back view: their left is on your left.
pub fn shapes() -> Vec<Shape> {
    let mut out = Vec::new();
    for &area in BodyArea::ALL {
        for place in places(area) {
            for side in [Side::Left, Side::Right] {
                let toward_left_of_page = matches!(
                    (place.view, side),
                    (BodyView::Front, Side::Right) | (BodyView::Back, Side::Left)
                );
                let cx = if toward_left_of_page {
                    MIDLINE - place.dx
                } else {
                    MIDLINE + place.dx
                };
                out.push(Shape {
                    area,
                    side,
                    view: place.view,
                    cx,
                    cy: place.cy,
                    rx: place.rx,
                    ry: place.ry,
                });
            }
        }
    }
    out
}

/// The x of the figure's midline in its 100-wide box.
pub(crate) const MIDLINE: f64 = 50.0;

/// The outline of a figure (head, neck, torso, arms, legs), as SVG path data in the
/// 100 × 230 box. Same silhouette front and back.
pub(crate) const SILHOUETTE: &str = "M50 5a11 11 0 1 1 0 22a11 11 0 1 1 0-22z \
M45 27h10v8h-10z \
M29 36h42l3 4l-4 62l3 18h-46l3-18l-4-62z \
M28 38l-8 4l-5 62l7 1l6-52z M72 38l8 4l5 62l-7 1l-6-52z \
M30 120h19l-2 46l-1 44h-12l-1-44z M51 120h19l-3 46l-1 44h-12l-1-44z \
M34 210h12l1 10h-15z M54 210h12l2 10h-15z";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_has_a_left_and_a_right_shape() {
        let shapes = shapes();
        for &area in BodyArea::ALL {
            for side in [Side::Left, Side::Right] {
                assert_eq!(
                    shapes
                        .iter()
                        .filter(|s| s.area == area && s.side == side)
                        .count(),
                    1,
                    "{area} {side}"
                );
            }
        }
    }

    #[test]
    fn sides_mirror_between_the_views() {
        let shapes = shapes();
        let find = |area, side| {
            shapes
                .iter()
                .find(|s| s.area == area && s.side == side)
                .expect("shape")
                .cx
        };
        // Front: the runner's left quad is on the right of the page.
        assert!(find(BodyArea::Quads, Side::Left) > MIDLINE);
        // Back: the runner's left calf is on the left of the page.
        assert!(find(BodyArea::Calves, Side::Left) < MIDLINE);
    }

    #[test]
    fn shapes_stay_inside_the_figure_box() {
        for s in shapes() {
            assert!(s.cx - s.rx >= 0.0 && s.cx + s.rx <= 100.0, "{s:?}");
            assert!(s.cy - s.ry >= 0.0 && s.cy + s.ry <= 230.0, "{s:?}");
        }
    }
}

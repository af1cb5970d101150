//! The map's own icons, one per kind of resource, drawn as vector strokes with egui's
//! painter so they stay crisp at every zoom and follow the captions' sizes. Made for this
//! game from circles, lines and polygons (none is AWS's artwork): a globe for the Internet,
//! a signpost for Route 53, an orbiting globe for CloudFront, a shield for WAF, a bolt for
//! ElastiCache, a cylinder for RDS, stacked letters for SQS, a λ for Lambda, a hexagon for
//! ECS, a flag for the Region, a cloud for the VPC, a building for an AZ, padlocks for
//! subnets, arrows for Auto Scaling, a fork for a load balancer, a target for a target group,
//! an arch for the internet gateway and a chip for an instance.

use bevy_egui::egui::{self, Color32, Pos2, Shape, Stroke, pos2, vec2};

/// What an icon shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Internet,
    Route53,
    CloudFront,
    Waf,
    Cache,
    Database,
    Queue,
    Function,
    Containers,
    Region,
    Vpc,
    Az,
    PublicSubnet,
    PrivateSubnet,
    AutoScaling,
    ApplicationLb,
    ClassicLb,
    TargetGroup,
    Gateway,
    Instance,
    /// A sick target's badge (a cross on a disc).
    Sick,
}

/// Every icon (the tests draw them all).
pub const ALL: [Icon; 21] = [
    Icon::Internet,
    Icon::Route53,
    Icon::CloudFront,
    Icon::Waf,
    Icon::Cache,
    Icon::Database,
    Icon::Queue,
    Icon::Function,
    Icon::Containers,
    Icon::Region,
    Icon::Vpc,
    Icon::Az,
    Icon::PublicSubnet,
    Icon::PrivateSubnet,
    Icon::AutoScaling,
    Icon::ApplicationLb,
    Icon::ClassicLb,
    Icon::TargetGroup,
    Icon::Gateway,
    Icon::Instance,
    Icon::Sick,
];

/// The shapes of `icon` in a square of side `size` centred on `c`, stroked in `color`.
pub fn shapes(icon: Icon, c: Pos2, size: f32, color: Color32) -> Vec<Shape> {
    let u = size / 2.0;
    // a point of the icon's own [-1, 1]² square (y down, like the screen)
    let p = |x: f32, y: f32| pos2(c.x + x * u, c.y + y * u);
    let w = (size * 0.09).max(1.2);
    let st = Stroke::new(w, color);
    let line = |pts: &[(f32, f32)]| Shape::line(pts.iter().map(|(x, y)| p(*x, *y)).collect(), st);
    let circle = |x: f32, y: f32, r: f32| Shape::circle_stroke(p(x, y), r * u, st);
    let dot = |x: f32, y: f32, r: f32| Shape::circle_filled(p(x, y), r * u, color);
    let poly = |pts: &[(f32, f32)]| {
        Shape::convex_polygon(
            pts.iter().map(|(x, y)| p(*x, *y)).collect(),
            color,
            Stroke::NONE,
        )
    };
    let closed =
        |pts: &[(f32, f32)]| Shape::closed_line(pts.iter().map(|(x, y)| p(*x, *y)).collect(), st);
    let rect = |x0: f32, y0: f32, x1: f32, y1: f32| {
        Shape::rect_stroke(
            egui::Rect::from_min_max(p(x0, y0), p(x1, y1)),
            0.15 * u,
            st,
            egui::StrokeKind::Middle,
        )
    };
    let arc = |x: f32, y: f32, rx: f32, ry: f32, a0: f32, a1: f32| {
        let n = 14;
        let pts = (0..=n)
            .map(|i| {
                let a = a0 + (a1 - a0) * i as f32 / n as f32;
                p(x + rx * a.cos(), y + ry * a.sin())
            })
            .collect();
        Shape::line(pts, st)
    };
    use std::f32::consts::{PI, TAU};
    match icon {
        Icon::Internet => vec![
            circle(0.0, 0.0, 0.85),
            arc(0.0, 0.0, 0.38, 0.85, 0.0, TAU),
            line(&[(-0.85, 0.0), (0.85, 0.0)]),
            line(&[(0.0, -0.85), (0.0, 0.85)]),
        ],
        Icon::Route53 => vec![
            line(&[(0.0, -0.9), (0.0, 0.9)]),
            poly(&[
                (-0.7, -0.75),
                (0.55, -0.75),
                (0.85, -0.5),
                (0.55, -0.25),
                (-0.7, -0.25),
            ]),
            poly(&[
                (0.7, 0.0),
                (-0.55, 0.0),
                (-0.85, 0.25),
                (-0.55, 0.5),
                (0.7, 0.5),
            ]),
            line(&[(-0.4, 0.9), (0.4, 0.9)]),
        ],
        Icon::CloudFront => vec![
            circle(0.0, 0.0, 0.55),
            arc(0.0, 0.0, 0.95, 0.38, -0.2, PI * 1.05),
            dot(0.93, -0.1, 0.12),
            line(&[(-0.55, 0.0), (0.55, 0.0)]),
        ],
        Icon::Waf => vec![
            closed(&[
                (0.0, -0.9),
                (0.75, -0.6),
                (0.65, 0.25),
                (0.0, 0.9),
                (-0.65, 0.25),
                (-0.75, -0.6),
            ]),
            line(&[(-0.3, 0.0), (-0.05, 0.3), (0.35, -0.3)]),
        ],
        Icon::Cache => vec![poly(&[
            (0.2, -0.95),
            (-0.55, 0.1),
            (-0.05, 0.1),
            (-0.25, 0.95),
            (0.55, -0.15),
            (0.05, -0.15),
        ])],
        Icon::Database => vec![
            arc(0.0, -0.6, 0.7, 0.25, 0.0, TAU),
            line(&[(-0.7, -0.6), (-0.7, 0.6)]),
            line(&[(0.7, -0.6), (0.7, 0.6)]),
            arc(0.0, 0.6, 0.7, 0.25, 0.0, PI),
            arc(0.0, 0.0, 0.7, 0.25, 0.0, PI),
        ],
        Icon::Queue => vec![
            rect(-0.9, -0.5, 0.9, 0.5),
            line(&[(-0.45, -0.5), (-0.45, 0.5)]),
            line(&[(0.0, -0.5), (0.0, 0.5)]),
            line(&[(0.45, -0.5), (0.45, 0.5)]),
        ],
        Icon::Function => vec![
            line(&[(-0.55, -0.85), (-0.25, -0.85), (0.55, 0.85), (0.8, 0.85)]),
            line(&[(0.1, -0.1), (-0.55, 0.85)]),
        ],
        Icon::Containers => {
            let hex: Vec<(f32, f32)> = (0..6)
                .map(|i| {
                    let a = PI / 6.0 + i as f32 * PI / 3.0;
                    (0.9 * a.cos(), 0.9 * a.sin())
                })
                .collect();
            vec![
                closed(&hex),
                rect(-0.35, -0.35, 0.35, 0.35),
                line(&[(-0.35, 0.0), (0.35, 0.0)]),
            ]
        }
        Icon::Region => vec![
            line(&[(-0.55, 0.95), (-0.55, -0.9)]),
            poly(&[(-0.55, -0.9), (0.75, -0.6), (-0.55, -0.2)]),
        ],
        Icon::Vpc => vec![
            arc(-0.35, 0.05, 0.42, 0.42, PI * 0.5, PI * 1.5),
            arc(0.05, -0.2, 0.45, 0.45, PI, TAU),
            arc(0.45, 0.1, 0.37, 0.37, -PI * 0.5, PI * 0.5),
            line(&[(-0.35, 0.47), (0.45, 0.47)]),
        ],
        Icon::Az => vec![
            rect(-0.6, -0.85, 0.6, 0.9),
            dot(-0.25, -0.45, 0.1),
            dot(0.25, -0.45, 0.1),
            dot(-0.25, 0.0, 0.1),
            dot(0.25, 0.0, 0.1),
            line(&[(0.0, 0.45), (0.0, 0.9)]),
        ],
        Icon::PublicSubnet | Icon::PrivateSubnet => {
            let shackle = if icon == Icon::PrivateSubnet {
                arc(0.0, -0.2, 0.42, 0.5, PI, TAU)
            } else {
                arc(0.55, -0.35, 0.42, 0.5, PI, TAU * 0.97)
            };
            let mut v = vec![
                poly(&[(-0.7, -0.15), (0.7, -0.15), (0.7, 0.9), (-0.7, 0.9)]),
                shackle,
            ];
            if icon == Icon::PrivateSubnet {
                v.push(line(&[(-0.42, -0.2), (-0.42, -0.15)]));
                v.push(line(&[(0.42, -0.2), (0.42, -0.15)]));
            }
            v
        }
        Icon::AutoScaling => vec![
            rect(-0.35, -0.35, 0.35, 0.35),
            line(&[(-0.55, -0.55), (-0.9, -0.9)]),
            line(&[(-0.9, -0.55), (-0.9, -0.9), (-0.55, -0.9)]),
            line(&[(0.55, 0.55), (0.9, 0.9)]),
            line(&[(0.9, 0.55), (0.9, 0.9), (0.55, 0.9)]),
        ],
        Icon::ApplicationLb => vec![
            dot(-0.75, 0.0, 0.2),
            line(&[(-0.6, 0.0), (0.55, -0.7)]),
            line(&[(-0.6, 0.0), (0.55, 0.0)]),
            line(&[(-0.6, 0.0), (0.55, 0.7)]),
            dot(0.7, -0.7, 0.17),
            dot(0.7, 0.0, 0.17),
            dot(0.7, 0.7, 0.17),
        ],
        Icon::ClassicLb => vec![
            circle(0.0, 0.0, 0.85),
            line(&[(-0.5, -0.3), (0.5, -0.3)]),
            line(&[(0.25, -0.55), (0.5, -0.3), (0.25, -0.05)]),
            line(&[(0.5, 0.3), (-0.5, 0.3)]),
            line(&[(-0.25, 0.05), (-0.5, 0.3), (-0.25, 0.55)]),
        ],
        Icon::TargetGroup => vec![
            circle(0.0, 0.0, 0.85),
            circle(0.0, 0.0, 0.5),
            dot(0.0, 0.0, 0.18),
        ],
        Icon::Gateway => vec![
            line(&[(-0.7, 0.9), (-0.7, -0.1)]),
            line(&[(0.7, 0.9), (0.7, -0.1)]),
            arc(0.0, -0.1, 0.7, 0.75, PI, TAU),
            line(&[(-0.9, 0.9), (0.9, 0.9)]),
        ],
        Icon::Instance => {
            let mut v = vec![
                rect(-0.55, -0.55, 0.55, 0.55),
                rect(-0.22, -0.22, 0.22, 0.22),
            ];
            for k in [-0.3, 0.0, 0.3] {
                v.push(line(&[(k, -0.55), (k, -0.85)]));
                v.push(line(&[(k, 0.55), (k, 0.85)]));
                v.push(line(&[(-0.55, k), (-0.85, k)]));
                v.push(line(&[(0.55, k), (0.85, k)]));
            }
            v
        }
        Icon::Sick => vec![
            Shape::circle_filled(c, u, color),
            Shape::line_segment(
                [p(-0.5, 0.0), p(0.5, 0.0)],
                Stroke::new(u * 0.32, Color32::WHITE),
            ),
            Shape::line_segment(
                [p(0.0, -0.5), p(0.0, 0.5)],
                Stroke::new(u * 0.32, Color32::WHITE),
            ),
        ],
    }
}

/// Draws `icon` with `painter`.
pub fn paint(painter: &egui::Painter, icon: Icon, c: Pos2, size: f32, color: Color32) {
    if size >= 5.0 {
        painter.extend(shapes(icon, c, size, color));
    }
}

/// The icon's box for a caption starting at `at` (left-centre) of `size` px: where the icon
/// goes and how far the text moves right.
pub fn before_caption(at: Pos2, size: f32) -> (Pos2, f32) {
    let s = size * 1.05;
    (at + vec2(s / 2.0, 0.0), s + size * 0.45)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_stays_inside_its_square() {
        for icon in ALL {
            let shapes = shapes(icon, pos2(100.0, 100.0), 40.0, Color32::WHITE);
            assert!(!shapes.is_empty(), "{icon:?} draws nothing");
            for s in &shapes {
                let r = s.visual_bounding_rect();
                assert!(
                    r.min.x >= 77.0 && r.min.y >= 77.0 && r.max.x <= 123.0 && r.max.y <= 123.0,
                    "{icon:?} spills out of its square: {r:?}"
                );
            }
        }
    }

    #[test]
    fn no_two_kinds_share_an_icon() {
        let drawn: Vec<String> = ALL
            .iter()
            .map(|i| format!("{:?}", shapes(*i, pos2(0.0, 0.0), 40.0, Color32::WHITE)))
            .collect();
        for (i, a) in drawn.iter().enumerate() {
            for (j, b) in drawn.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{:?} and {:?} look the same", ALL[i], ALL[j]);
            }
        }
    }
}

//! The curves the map draws its wires along, and that request particles follow.

use bevy::prelude::*;

/// How a segment curves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bend {
    /// Leaves and arrives horizontally (an S-curve left to right).
    Horizontal,
    /// Leaves and arrives vertically (down from a load balancer).
    Vertical,
    Straight,
}

/// The point at `f` (0..1) on the curve from `a` to `b`.
pub fn bezier(a: Vec2, b: Vec2, bend: Bend, f: f32) -> Vec2 {
    let (c1, c2) = match bend {
        Bend::Horizontal => {
            let dx = (b.x - a.x) * 0.5;
            (a + Vec2::new(dx, 0.0), b - Vec2::new(dx, 0.0))
        }
        Bend::Vertical => {
            let dy = (b.y - a.y) * 0.5;
            (a + Vec2::new(0.0, dy), b - Vec2::new(0.0, dy))
        }
        Bend::Straight => return a.lerp(b, f),
    };
    let u = 1.0 - f;
    a * (u * u * u) + c1 * (3.0 * u * u * f) + c2 * (3.0 * u * f * f) + b * (f * f * f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_start_and_end_on_their_points() {
        let (a, b) = (Vec2::new(0.0, 0.0), Vec2::new(100.0, -40.0));
        for bend in [Bend::Horizontal, Bend::Vertical, Bend::Straight] {
            assert!(bezier(a, b, bend, 0.0).distance(a) < 1e-4);
            assert!(bezier(a, b, bend, 1.0).distance(b) < 1e-4);
        }
        let mid = bezier(a, b, Bend::Horizontal, 0.5);
        assert!((mid - (a + b) / 2.0).length() < 1e-3, "symmetric S-curve");
    }
}

//! Depth on the map: every tile stands on the floor as a slab (a darker side face under its
//! lit top) and casts a soft shadow down and to the right, so the diagram reads as a
//! diorama of things rather than boxes on a page. Children of the node they belong to, so
//! they glide, grow and leave with it.

use super::ViewSystems;
use super::nodes::{MapNode, NodeKind};
use super::shapes::Shapes;
use bevy::prelude::*;

/// The soft shadow under a node.
#[derive(Component)]
pub struct Shadow;

/// The side face of a node's slab, just below its top.
#[derive(Component)]
pub struct SlabSide;

/// How thick a slab looks (world units), by kind; `None` for flat kinds.
pub fn slab(kind: NodeKind) -> Option<(f32, Vec2)> {
    match kind {
        NodeKind::Instance => Some((5.0, Vec2::new(4.0, -6.0))),
        NodeKind::LoadBalancer => Some((5.0, Vec2::new(4.0, -7.0))),
        NodeKind::Internet
        | NodeKind::Dns
        | NodeKind::Database
        | NodeKind::Cache
        | NodeKind::Waf
        | NodeKind::Queue
        | NodeKind::Function
        | NodeKind::Containers => Some((5.0, Vec2::new(4.0, -7.0))),
        NodeKind::Cdn => Some((4.0, Vec2::new(4.0, -6.0))),
        NodeKind::Subnet => Some((3.0, Vec2::new(3.0, -5.0))),
        _ => None,
    }
}

fn add_depth(
    mut commands: Commands,
    shapes: Res<Shapes>,
    added: Query<(Entity, &MapNode, &Sprite), Added<MapNode>>,
) {
    for (e, node, sprite) in &added {
        let Some((thick, offset)) = slab(node.kind) else {
            continue;
        };
        let size = sprite.custom_size.unwrap_or(Vec2::ONE);
        let side = if node.kind == NodeKind::Cdn {
            shapes.disc(Color::NONE, 1.0)
        } else {
            shapes.rounded(Color::NONE, size)
        };
        commands.entity(e).with_children(|c| {
            c.spawn((
                Name::new("Shadow"),
                Shadow,
                shapes.shadow(size),
                Transform::from_xyz(offset.x, offset.y, -0.03),
            ));
            c.spawn((
                Name::new("Slab side"),
                SlabSide,
                Sprite {
                    custom_size: Some(size),
                    ..side
                },
                Transform::from_xyz(0.0, -thick, -0.01),
            ));
        });
    }
}

/// Keeps the shadow and the side the node's size, and the side a darker shade of its top.
#[allow(clippy::type_complexity)] // Bevy system parameters
fn follow(
    nodes: Query<(&MapNode, &Sprite, &Children), Changed<Sprite>>,
    mut shadows: Query<&mut Sprite, (With<Shadow>, Without<MapNode>, Without<SlabSide>)>,
    mut sides: Query<&mut Sprite, (With<SlabSide>, Without<MapNode>, Without<Shadow>)>,
) {
    for (node, sprite, children) in &nodes {
        let size = sprite.custom_size.unwrap_or(Vec2::ONE);
        let alpha = sprite.color.alpha();
        for c in children {
            if let Ok(mut s) = sides.get_mut(*c) {
                let dark = sprite.color.darker(0.12).with_alpha(alpha);
                let dark = if node.kind == NodeKind::Subnet {
                    dark.with_alpha(alpha * 0.8)
                } else {
                    dark
                };
                if s.color != dark {
                    s.color = dark;
                }
                if s.custom_size != Some(size) {
                    s.custom_size = Some(size);
                }
            } else if let Ok(mut s) = shadows.get_mut(*c) {
                let want = size + Vec2::splat(2.0 * super::shapes::SHADOW_SPILL);
                if s.custom_size != Some(want) {
                    s.custom_size = Some(want);
                }
                let a = 0.55 * alpha;
                if (s.color.alpha() - a).abs() > 0.01 {
                    s.color = Color::srgba(0.0, 0.0, 0.0, a);
                }
            }
        }
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (add_depth, follow).chain().in_set(ViewSystems::Effects),
    );
}

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
        // instances are all one size: their slab is one quad a part, not nine slices
        let whole = |s: Sprite| {
            if node.kind == NodeKind::Instance {
                Sprite {
                    image_mode: SpriteImageMode::Auto,
                    ..s
                }
            } else {
                s
            }
        };
        let side = whole(side);
        let shadow = whole(shapes.shadow(size));
        let parts = SlabParts::new(node.kind, size, thick, offset);
        commands.entity(e).with_children(|c| {
            c.spawn((
                Name::new("Shadow"),
                Shadow,
                Sprite {
                    custom_size: Some(parts.shadow.1),
                    ..shadow
                },
                Transform::from_translation(parts.shadow.0.extend(-0.03)),
            ));
            c.spawn((
                Name::new("Slab side"),
                SlabSide,
                Sprite {
                    custom_size: Some(parts.side.1),
                    ..side
                },
                Transform::from_translation(parts.side.0.extend(-0.01)),
            ));
        });
    }
}

/// Where a slab's shadow and side face sit under a node of `size`, and how big they are.
///
/// Only their lower parts show below the node's top: the side face is a strip as tall as the
/// slab plus the corners it must round off, and the shadow is cut to the height its blur
/// needs, so a big subnet does not pay for two hidden copies of itself on a software
/// renderer (each pixel drawn costs, seen or not).
struct SlabParts {
    /// (centre relative to the node, size)
    shadow: (Vec2, Vec2),
    side: (Vec2, Vec2),
}

/// The most of a shadow's height that is ever drawn (its soft image's slices need 46).
const SHADOW_CAP: f32 = 50.0;

impl SlabParts {
    fn new(kind: NodeKind, size: Vec2, thick: f32, offset: Vec2) -> Self {
        let spill = super::shapes::SHADOW_SPILL;
        let full = size + Vec2::splat(2.0 * spill);
        let shadow_h = full.y.min(SHADOW_CAP);
        let shadow_bottom = -size.y / 2.0 + offset.y - spill;
        let shadow = (
            Vec2::new(offset.x, shadow_bottom + shadow_h / 2.0),
            Vec2::new(full.x, shadow_h),
        );
        // a disc's side stays whole (it is small and not sliced)
        let side_h = if kind == NodeKind::Cdn {
            size.y
        } else {
            size.y.min(thick + 2.0 * super::shapes::SLICE_BORDER + 2.0)
        };
        let side_bottom = -size.y / 2.0 - thick;
        let side = (
            Vec2::new(0.0, side_bottom + side_h / 2.0),
            Vec2::new(size.x, side_h),
        );
        Self { shadow, side }
    }
}

/// Keeps the shadow and the side the node's size, and the side a darker shade of its top.
#[allow(clippy::type_complexity)] // Bevy system parameters
fn follow(
    nodes: Query<(&MapNode, &Sprite, &Children), Changed<Sprite>>,
    mut shadows: Query<
        (&mut Sprite, &mut Transform),
        (With<Shadow>, Without<MapNode>, Without<SlabSide>),
    >,
    mut sides: Query<
        (&mut Sprite, &mut Transform),
        (With<SlabSide>, Without<MapNode>, Without<Shadow>),
    >,
) {
    for (node, sprite, children) in &nodes {
        let Some((thick, offset)) = slab(node.kind) else {
            continue;
        };
        let size = sprite.custom_size.unwrap_or(Vec2::ONE);
        let parts = SlabParts::new(node.kind, size, thick, offset);
        let alpha = sprite.color.alpha();
        for c in children {
            if let Ok((mut s, mut t)) = sides.get_mut(*c) {
                let dark = sprite.color.darker(0.12).with_alpha(alpha);
                let dark = if node.kind == NodeKind::Subnet {
                    dark.with_alpha(alpha * 0.8)
                } else {
                    dark
                };
                if s.color != dark {
                    s.color = dark;
                }
                place(&mut s, &mut t, parts.side);
            } else if let Ok((mut s, mut t)) = shadows.get_mut(*c) {
                place(&mut s, &mut t, parts.shadow);
                let a = 0.55 * alpha;
                if (s.color.alpha() - a).abs() > 0.01 {
                    s.color = Color::srgba(0.0, 0.0, 0.0, a);
                }
            }
        }
    }
}

/// Moves and sizes a part, touching the components only when they change.
fn place(sprite: &mut Sprite, transform: &mut Transform, (at, size): (Vec2, Vec2)) {
    if sprite.custom_size != Some(size) {
        sprite.custom_size = Some(size);
    }
    if transform.translation.truncate() != at {
        transform.translation = at.extend(transform.translation.z);
    }
}

/// Under this many pixels on screen an instance is drawn as its top alone: its slab side,
/// shadow and CPU bar would be a pixel or two that cost as much to draw as a readable one
/// (a big estate zoomed out has hundreds of them).
const DETAIL_MIN_PX: f32 = 20.0;

/// Hides the small parts of instances (slab side, shadow, CPU bar) while instances are drawn
/// smaller than `DETAIL_MIN_PX`, and shows them again when the player zooms in.
#[allow(clippy::type_complexity)] // Bevy system parameters
fn level_of_detail(
    view: Res<super::camera::CameraView>,
    nodes: Query<&MapNode>,
    mut parts: Query<
        (&ChildOf, &mut Visibility),
        Or<(
            With<Shadow>,
            With<SlabSide>,
            With<super::nodes::CpuTrack>,
            With<super::nodes::CpuBar>,
        )>,
    >,
) {
    let shown = super::layout::INSTANCE / view.zoom.max(1e-3) >= DETAIL_MIN_PX;
    let want = if shown {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    for (parent, mut vis) in &mut parts {
        let instance = nodes
            .get(parent.parent())
            .is_ok_and(|n| n.kind == NodeKind::Instance);
        if instance && *vis != want {
            *vis = want;
        }
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (add_depth, follow, level_of_detail)
            .chain()
            .in_set(ViewSystems::Effects),
    );
}

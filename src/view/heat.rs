//! Instances that look like what they go through: a spinner turns while one boots, and one
//! whose CPU has stayed above 90 % for a simulated minute smokes (puffs rise from it, drawn
//! from a small recycled pool). The body's warm and hot colours are in `nodes::instance_look`.

use super::nodes::{MapNode, NodeIndex, NodeKey, NodeKind};
use super::shapes::{Shapes, palette};
use super::{ViewSystems, z};
use crate::sim::clock::SimClock;
use crate::sim::model::{Instance, InstanceLoad, InstanceState};
use bevy::prelude::*;
use std::collections::HashMap;

/// CPU above which an instance counts as running hot (percent).
pub const HOT_CPU: f64 = 90.0;
/// Simulated seconds above `HOT_CPU` before it smokes.
pub const SMOKE_AFTER: f64 = 60.0;

/// The boot spinner on an instance.
#[derive(Component)]
pub struct Spinner;

/// A smoke puff of the pool.
#[derive(Component, Default)]
pub struct Puff {
    age: f32,
    alive: bool,
    drift: f32,
}

/// Since when (simulated seconds) each instance has run above `HOT_CPU`, and the puffs due.
#[derive(Resource, Default)]
pub struct Heat {
    pub hot_since: HashMap<Entity, f64>,
    carry: f32,
    turn: u32,
}

impl Heat {
    /// Whether `e` has been hot long enough to smoke at `now`.
    pub fn smoking(&self, e: Entity, now: f64) -> bool {
        self.hot_since
            .get(&e)
            .is_some_and(|since| now - since >= SMOKE_AFTER)
    }
}

const PUFFS: usize = 96;
const PUFF_SECONDS: f32 = 2.4;

fn spawn_pool(mut commands: Commands, shapes: Res<Shapes>) {
    for _ in 0..PUFFS {
        commands.spawn((
            Name::new("Smoke puff"),
            Puff::default(),
            Sprite {
                image: shapes.puff.clone(),
                custom_size: Some(Vec2::splat(8.0)),
                color: Color::NONE,
                ..default()
            },
            Transform::from_xyz(0.0, 0.0, z::BURST - 0.2),
            Visibility::Hidden,
        ));
    }
}

fn add_spinners(
    mut commands: Commands,
    shapes: Res<Shapes>,
    added: Query<(Entity, &MapNode), Added<MapNode>>,
) {
    for (e, node) in &added {
        if node.kind != NodeKind::Instance {
            continue;
        }
        let size = super::layout::INSTANCE * 0.86;
        commands.entity(e).with_children(|c| {
            c.spawn((
                Name::new("Boot spinner"),
                Spinner,
                Sprite {
                    image: shapes.spinner.clone(),
                    color: Color::srgba(0.6, 0.85, 1.0, 0.55),
                    custom_size: Some(Vec2::splat(size)),
                    ..default()
                },
                Transform::from_xyz(0.0, 2.0, 0.03),
                Visibility::Hidden,
            ));
        });
    }
}

fn track_heat(
    clock: Option<Res<SimClock>>,
    mut heat: ResMut<Heat>,
    instances: Query<(Entity, &Instance, Option<&InstanceLoad>)>,
) {
    let Some(clock) = clock else {
        heat.hot_since.clear();
        return;
    };
    let now = clock.now;
    let mut hot = HashMap::new();
    for (e, i, load) in &instances {
        if i.state == InstanceState::Running && load.is_some_and(|l| l.cpu > HOT_CPU) {
            hot.insert(e, heat.hot_since.get(&e).copied().unwrap_or(now).min(now));
        }
    }
    heat.hot_since = hot;
}

#[allow(clippy::type_complexity)] // Bevy system parameters
fn spin(
    time: Res<Time<Real>>,
    nodes: Query<(&MapNode, &Children)>,
    instances: Query<&Instance>,
    mut spinners: Query<(&mut Transform, &mut Visibility), With<Spinner>>,
) {
    let angle = -time.elapsed_secs() * 5.0;
    for (node, children) in &nodes {
        let NodeKey::Res(e) = node.key else { continue };
        if node.kind != NodeKind::Instance {
            continue;
        }
        let booting = instances
            .get(e)
            .is_ok_and(|i| matches!(i.state, InstanceState::Pending | InstanceState::Booting));
        for c in children {
            if let Ok((mut tf, mut vis)) = spinners.get_mut(*c) {
                let want = if booting {
                    Visibility::Inherited
                } else {
                    Visibility::Hidden
                };
                if *vis != want {
                    *vis = want;
                }
                if booting {
                    tf.rotation = Quat::from_rotation_z(angle);
                }
            }
        }
    }
}

#[allow(clippy::type_complexity)] // Bevy system parameters
fn smoke(
    time: Res<Time<Real>>,
    virt: Res<Time<Virtual>>,
    clock: Option<Res<SimClock>>,
    mut heat: ResMut<Heat>,
    index: Res<NodeIndex>,
    nodes: Query<&Transform, (With<MapNode>, Without<Puff>)>,
    mut puffs: Query<(&mut Puff, &mut Transform, &mut Sprite, &mut Visibility)>,
) {
    let dt = if virt.is_paused() {
        0.0
    } else {
        time.delta_secs().min(0.1)
    };
    let now = clock.map(|c| c.now).unwrap_or(0.0);
    // where new puffs start: the smoking instances, taken in turn
    let mut sources: Vec<Vec2> = heat
        .hot_since
        .keys()
        .filter(|e| heat.smoking(**e, now))
        .filter_map(|e| index.0.get(&NodeKey::Res(*e)))
        .filter_map(|n| nodes.get(*n).ok())
        .map(|tf| tf.translation.truncate())
        .collect();
    sources.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    heat.carry += dt * 6.0 * sources.len().min(12) as f32;
    let mut due = heat.carry.floor() as usize;
    heat.carry -= due as f32;
    for (mut p, mut tf, mut sprite, mut vis) in &mut puffs {
        if !p.alive {
            if due > 0 && !sources.is_empty() {
                due -= 1;
                heat.turn = heat.turn.wrapping_add(1);
                let at = sources[heat.turn as usize % sources.len()];
                let jitter = ((heat.turn.wrapping_mul(2654435761) >> 16) % 100) as f32 / 100.0;
                *p = Puff {
                    age: 0.0,
                    alive: true,
                    drift: jitter - 0.5,
                };
                tf.translation =
                    (at + Vec2::new(10.0 * (jitter - 0.5), 18.0)).extend(z::BURST - 0.2);
            } else {
                if *vis != Visibility::Hidden {
                    *vis = Visibility::Hidden;
                }
                continue;
            }
        }
        p.age += dt / PUFF_SECONDS;
        if p.age >= 1.0 {
            p.alive = false;
            *vis = Visibility::Hidden;
            continue;
        }
        tf.translation.y += dt * 30.0;
        tf.translation.x += dt * 10.0 * p.drift;
        let a = (1.0 - p.age) * (p.age * 6.0).min(1.0);
        sprite.custom_size = Some(Vec2::splat(12.0 + 26.0 * p.age));
        sprite.color = palette::SMOKE.with_alpha(0.8 * a);
        *vis = Visibility::Inherited;
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Heat>()
        .add_systems(Startup, spawn_pool)
        .add_systems(
            Update,
            (add_spinners, track_heat, spin, smoke)
                .chain()
                .in_set(ViewSystems::Effects),
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_smokes_only_after_a_minute_above_ninety_percent() {
        let mut heat = Heat::default();
        let e = Entity::from_raw_u32(7).unwrap();
        heat.hot_since.insert(e, 100.0);
        assert!(!heat.smoking(e, 130.0));
        assert!(heat.smoking(e, 160.0));
        assert!(!heat.smoking(Entity::from_raw_u32(8).unwrap(), 1000.0));
    }
}

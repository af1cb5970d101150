//! The map's nodes and containers: one view entity per thing in the layout, spawned when it
//! appears, gliding to where the layout puts it, coloured by its state every frame, shrinking
//! away when it goes. Instances show a CPU bar, or a boot progress sweep while the user-data
//! runs; unhealthy targets pulse red; terminating instances shrink and fade.

use super::layout::{Anchors, Ghosts, INSTANCE, MapLayout, Service, ServiceNodes};
use super::shapes::{Shapes, palette};
use super::{ViewSystems, z};
use crate::sim::clock::{SimClock, TICK_SECONDS};
use crate::sim::model::*;
use crate::ui_state::Selected;
use bevy::color::Mix;
use bevy::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// What a view node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKey {
    Internet,
    Region,
    Vpc,
    Az(u16),
    Subnet(Entity),
    /// A subnet's block of one Auto Scaling group (or of the ungrouped instances).
    Group(Entity, Option<Entity>),
    /// A simulation entity (instance, load balancer) or an anchor (DNS, database); a
    /// deleted load balancer's ghost keeps its old entity.
    Res(Entity),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Internet,
    Dns,
    /// A CloudFront distribution.
    Cdn,
    /// An ElastiCache cluster.
    Cache,
    Database,
    /// A WAF web ACL.
    Waf,
    /// An SQS queue.
    Queue,
    /// A Lambda function.
    Function,
    /// An ECS cluster.
    Containers,
    Region,
    Vpc,
    Az,
    Subnet,
    Group,
    Instance,
    LoadBalancer,
}

impl NodeKind {
    pub fn is_container(self) -> bool {
        matches!(
            self,
            NodeKind::Region | NodeKind::Vpc | NodeKind::Az | NodeKind::Subnet | NodeKind::Group
        )
    }

    fn z(self) -> f32 {
        match self {
            NodeKind::Region => z::REGION,
            NodeKind::Vpc => z::VPC,
            NodeKind::Az => z::AZ,
            NodeKind::Subnet => z::SUBNET,
            NodeKind::Group => z::GROUP,
            // nodes drawn with one image share a thin layer of their own, so their sprites
            // (and their slabs' and shadows') sort into runs that batch into one draw call
            NodeKind::Instance => z::NODE,
            NodeKind::Cdn => z::NODE + 0.006,
            _ => z::NODE + 0.003,
        }
    }
}

/// A node on the map.
#[derive(Component, Clone, Copy, Debug)]
pub struct MapNode {
    pub key: NodeKey,
    pub kind: NodeKind,
}

/// Where a node is and where the layout wants it; it glides there.
#[derive(Component, Clone, Copy, Debug)]
pub struct Motion {
    pub pos: Vec2,
    pub size: Vec2,
    pub target_pos: Vec2,
    pub target_size: Vec2,
    pub scale: f32,
    pub target_scale: f32,
    pub alpha: f32,
    /// Gone from the layout: shrinking away, then despawned.
    pub leaving: bool,
}

impl Motion {
    /// The node's current rectangle in world units.
    pub fn rect(&self) -> Rect {
        Rect::from_center_size(self.pos, self.size * self.scale)
    }
}

/// The CPU (or boot progress) bar inside an instance.
#[derive(Component)]
pub struct CpuBar;

/// The dark track under the CPU bar.
#[derive(Component)]
pub struct CpuTrack;

/// The glow behind the selected node.
#[derive(Component)]
pub struct SelectionHalo;

/// A visible reaction to an event (set by the effects): a flash of colour and a shake.
#[derive(Component, Clone, Debug)]
pub struct NodeFx {
    pub color: Color,
    /// Real seconds left.
    pub left: f32,
    pub duration: f32,
    pub shake: f32,
}

/// View node of every key.
#[derive(Resource, Default)]
pub struct NodeIndex(pub BTreeMap<NodeKey, Entity>);

/// Per-instance facts the view derives once a frame from the target groups.
#[derive(Resource, Default)]
pub struct TargetHealth(pub HashMap<Entity, TargetHealthState>);

/// Simulated time now, between ticks (smooth).
pub fn sim_time(clock: &SimClock, fixed: &Time<Fixed>) -> f64 {
    clock.now + fixed.overstep_fraction_f64() * TICK_SECONDS
}

const BAR_H: f32 = 5.0;
const BAR_W: f32 = INSTANCE - 12.0;

/// The node kind drawing a service.
pub fn service_kind(s: Service) -> NodeKind {
    match s {
        Service::Dns => NodeKind::Dns,
        Service::Cdn => NodeKind::Cdn,
        Service::Cache => NodeKind::Cache,
        Service::Database => NodeKind::Database,
        Service::Waf => NodeKind::Waf,
        Service::Queue => NodeKind::Queue,
        Service::Function => NodeKind::Function,
        Service::Containers => NodeKind::Containers,
    }
}

fn desired(
    layout: &MapLayout,
    services: &ServiceNodes,
    instances: &Query<&Instance>,
) -> Vec<(NodeKey, NodeKind, Rect)> {
    let Some(l) = &layout.0 else { return vec![] };
    let mut v = vec![
        (NodeKey::Internet, NodeKind::Internet, l.internet),
        (NodeKey::Region, NodeKind::Region, l.region),
    ];
    if let Some(vpc) = l.vpc {
        v.push((NodeKey::Vpc, NodeKind::Vpc, vpc));
    }
    for (i, (_, r)) in l.azs.iter().enumerate() {
        v.push((NodeKey::Az(i as u16), NodeKind::Az, *r));
    }
    for (k, r) in &l.subnets {
        v.push((NodeKey::Subnet(*k), NodeKind::Subnet, *r));
    }
    for g in &l.groups {
        if g.group.is_some() {
            v.push((NodeKey::Group(g.subnet, g.group), NodeKind::Group, g.rect));
        }
    }
    for (k, r) in &l.nodes {
        let kind = if let Some(s) = services.0.get(k) {
            service_kind(*s)
        } else if instances.contains(*k) {
            NodeKind::Instance
        } else {
            NodeKind::LoadBalancer
        };
        v.push((NodeKey::Res(*k), kind, *r));
    }
    v
}

#[allow(clippy::too_many_arguments)]
fn sync_nodes(
    mut commands: Commands,
    layout: Res<MapLayout>,
    anchors: Res<Anchors>,
    services: Res<ServiceNodes>,
    shapes: Res<Shapes>,
    mut index: ResMut<NodeIndex>,
    instances: Query<&Instance>,
    mut motions: Query<&mut Motion>,
) {
    let want = desired(&layout, &services, &instances);
    let mut present = std::collections::BTreeSet::new();
    for (key, kind, rect) in want {
        present.insert(key);
        let (pos, size) = (rect.center(), rect.size());
        if let Some(&e) = index.0.get(&key)
            && let Ok(mut m) = motions.get_mut(e)
        {
            m.target_pos = pos;
            m.target_size = size;
            m.leaving = false;
            // a terminating instance shrinks (and fades, see `style_nodes`)
            m.target_scale = match key {
                NodeKey::Res(e) if instances.get(e).is_ok_and(|i| !i.alive()) => 0.5,
                _ => 1.0,
            };
            continue;
        }
        let container = kind.is_container();
        let motion = Motion {
            pos,
            size,
            target_pos: pos,
            target_size: size,
            scale: if container { 1.0 } else { 0.1 },
            target_scale: 1.0,
            alpha: if container { 0.0 } else { 1.0 },
            leaving: false,
        };
        // each kind its own outline: CloudFront an ellipse (the edge network), the others
        // rounded boxes (the database and the cache get their marks from the edges' gizmos)
        let sprite = match kind {
            NodeKind::Cdn => Sprite {
                image: shapes.disc.clone(),
                custom_size: Some(size),
                ..default()
            },
            // every instance is the same size: one quad, not nine slices (a big estate draws
            // hundreds of them)
            NodeKind::Instance => Sprite {
                image: shapes.server.clone(),
                custom_size: Some(size),
                ..default()
            },
            NodeKind::Subnet
            | NodeKind::LoadBalancer
            | NodeKind::Internet
            | NodeKind::Dns
            | NodeKind::Database
            | NodeKind::Cache
            | NodeKind::Waf
            | NodeKind::Queue
            | NodeKind::Function
            | NodeKind::Containers => shapes.sliced(&shapes.tile, Color::NONE, size),
            _ => shapes.rounded(Color::NONE, size),
        };
        let bundle = (
            MapNode { key, kind },
            motion,
            sprite,
            Transform::from_translation(pos.extend(kind.z())),
        );
        // On a software renderer every covered pixel costs: the big outer containers are
        // outlines only (drawn with gizmos), no filled quads under everything else.
        let visibility = if matches!(
            kind,
            NodeKind::Region | NodeKind::Vpc | NodeKind::Az | NodeKind::Group
        ) {
            Visibility::Hidden
        } else {
            Visibility::Inherited
        };
        let bundle = (bundle, visibility);
        let e = match key {
            NodeKey::Res(k) if k == anchors.dns || k == anchors.database => {
                commands.entity(k).insert(bundle);
                k
            }
            _ => commands
                .spawn((Name::new(format!("Map node {key:?}")), bundle))
                .id(),
        };
        if kind == NodeKind::Instance {
            commands.entity(e).with_children(|c| {
                let y = -INSTANCE / 2.0 + 7.0;
                c.spawn((
                    Name::new("CPU track"),
                    CpuTrack,
                    Sprite::from_color(palette::TRACK, Vec2::new(BAR_W, BAR_H)),
                    Transform::from_xyz(0.0, y, 0.01),
                ));
                c.spawn((
                    Name::new("CPU bar"),
                    CpuBar,
                    Sprite::from_color(palette::heat(0.0), Vec2::new(0.0, BAR_H)),
                    Transform::from_xyz(-BAR_W / 2.0, y, 0.02),
                ));
            });
        }
        index.0.insert(key, e);
    }
    for (key, &e) in &index.0 {
        if !present.contains(key)
            && let Ok(mut m) = motions.get_mut(e)
        {
            m.leaving = true;
            m.target_scale = 0.0;
        }
    }
}

#[allow(clippy::type_complexity)] // Bevy system parameters
fn animate_nodes(
    mut commands: Commands,
    time: Res<Time<Real>>,
    mut index: ResMut<NodeIndex>,
    anchors: Res<Anchors>,
    mut q: Query<(
        Entity,
        &MapNode,
        &mut Motion,
        &mut Transform,
        &mut Sprite,
        Option<&NodeFx>,
    )>,
) {
    let dt = time.delta_secs().min(0.1);
    let k = 1.0 - (-dt * 7.0).exp();
    let t = time.elapsed_secs();
    for (e, node, mut m, mut tf, mut sprite, fx) in &mut q {
        let m = &mut *m;
        m.pos = m.pos.lerp(m.target_pos, k);
        m.size = m.size.lerp(m.target_size, k);
        m.scale += (m.target_scale - m.scale) * k;
        let target_alpha = if m.leaving { 0.0 } else { 1.0 };
        m.alpha += (target_alpha - m.alpha) * k;
        if m.leaving && (m.scale < 0.04 || (node.kind.is_container() && m.alpha < 0.03)) {
            index.0.remove(&node.key);
            if node.key == NodeKey::Res(anchors.dns) || node.key == NodeKey::Res(anchors.database) {
                commands.entity(e).remove::<(MapNode, Motion, Sprite)>();
            } else {
                commands.entity(e).despawn();
            }
            continue;
        }
        let shake = fx
            .map(|f| f.shake * (f.left / f.duration) * (t * 55.0).sin())
            .unwrap_or(0.0);
        tf.translation = (m.pos + Vec2::new(shake, 0.0)).extend(node.kind.z());
        if node.kind == NodeKind::Instance {
            tf.scale = Vec3::splat(m.scale.max(0.0));
            sprite.custom_size = Some(Vec2::splat(INSTANCE));
        } else {
            let s = if node.kind.is_container() {
                m.size
            } else {
                m.size * m.scale.max(0.0)
            };
            if sprite.custom_size != Some(s) {
                sprite.custom_size = Some(s);
            }
        }
    }
}

fn collect_target_health(
    mut health: ResMut<TargetHealth>,
    tgs: Query<&TargetGroup>,
    lbs: Query<&LoadBalancer>,
) {
    health.0.clear();
    let targets = tgs
        .iter()
        .flat_map(|tg| tg.targets.iter())
        .chain(lbs.iter().flat_map(|l| l.classic_targets.iter()));
    for t in targets {
        // the worst state wins when an instance is in several groups
        let rank = |s: TargetHealthState| match s {
            TargetHealthState::Healthy => 0,
            TargetHealthState::Initial => 1,
            TargetHealthState::Draining => 2,
            TargetHealthState::Unhealthy => 3,
        };
        let e = health.0.entry(t.instance).or_insert(t.state);
        if rank(t.state) > rank(*e) {
            *e = t.state;
        }
    }
}

/// The colour and bar of an instance: (body colour, bar fraction, bar colour).
pub fn instance_look(
    i: &Instance,
    load: Option<&InstanceLoad>,
    health: Option<TargetHealthState>,
    now: f64,
    pulse: f32,
) -> (Color, f32, Color) {
    let cpu = load.map(|l| l.cpu as f32 / 100.0).unwrap_or(0.0);
    match i.state {
        InstanceState::Pending | InstanceState::Booting => {
            let span = (i.state_until - i.state_since).max(1e-6);
            let progress = if i.state == InstanceState::Pending {
                0.05
            } else {
                (((now - i.state_since) / span) as f32).clamp(0.05, 1.0)
            };
            (palette::BOOTING, progress, Color::srgb(0.55, 0.8, 1.0))
        }
        InstanceState::ShuttingDown | InstanceState::Terminated => (
            palette::TERMINATING.with_alpha(0.7),
            0.0,
            palette::heat(0.0),
        ),
        InstanceState::Running => {
            // a sick target is sallow and throbs red; a working one warms with its load
            let body = match health {
                Some(TargetHealthState::Unhealthy) => palette::SICK.mix(&palette::UNHEALTHY, pulse),
                Some(TargetHealthState::Draining) => palette::DRAINING,
                Some(TargetHealthState::Healthy) => palette::body_heat(palette::IN_SERVICE, cpu),
                Some(TargetHealthState::Initial) => palette::RUNNING.mix(&palette::IN_SERVICE, 0.4),
                None if !i.boot.app_running => palette::SICK.mix(&palette::UNHEALTHY, pulse),
                None => palette::body_heat(palette::RUNNING, cpu),
            };
            (body, cpu, palette::heat(cpu))
        }
    }
}

#[allow(clippy::type_complexity)] // Bevy system parameters
#[allow(clippy::too_many_arguments)]
fn style_nodes(
    time: Res<Time<Real>>,
    fixed: Res<Time<Fixed>>,
    clock: Option<Res<SimClock>>,
    ghosts: Res<Ghosts>,
    health: Res<TargetHealth>,
    mut nodes: Query<(
        &MapNode,
        &Motion,
        &mut Sprite,
        Option<&NodeFx>,
        Option<&Children>,
    )>,
    instances: Query<(&Instance, Option<&InstanceLoad>)>,
    subnets: Query<&Subnet>,
    lbs: Query<&LoadBalancer>,
    mut bars: Query<(&mut Sprite, &mut Transform), (With<CpuBar>, Without<MapNode>)>,
    mut tracks: Query<&mut Sprite, (With<CpuTrack>, Without<MapNode>, Without<CpuBar>)>,
) {
    let t = time.elapsed_secs();
    let now = clock.map(|c| sim_time(&c, &fixed)).unwrap_or(0.0);
    let pulse = 0.5 + 0.5 * (t * 5.0).sin();
    for (node, m, mut sprite, fx, children) in &mut nodes {
        let alpha = m.alpha;
        let mut color = match (node.kind, node.key) {
            (NodeKind::Region, _) => palette::REGION_FILL,
            (NodeKind::Vpc, _) => palette::VPC_FILL,
            (NodeKind::Az, _) => palette::AZ_FILL,
            (NodeKind::Subnet, NodeKey::Subnet(s)) => {
                if subnets.get(s).is_ok_and(|s| s.public) {
                    palette::PUBLIC_FILL
                } else {
                    palette::PRIVATE_FILL
                }
            }
            (NodeKind::Group, _) => palette::GROUP_FILL,
            (NodeKind::Internet, _) => palette::INTERNET,
            (NodeKind::Dns, _) => palette::DNS,
            (NodeKind::Database, _) => palette::DATABASE,
            (NodeKind::Cdn, _) => palette::CDN,
            (NodeKind::Cache, _) => palette::CACHE,
            (NodeKind::Waf, _) => palette::WAF,
            (NodeKind::Queue, _) => palette::QUEUE,
            (NodeKind::Function, _) => palette::FUNCTION,
            (NodeKind::Containers, _) => palette::CONTAINERS,
            (NodeKind::LoadBalancer, NodeKey::Res(e)) => match lbs.get(e) {
                Ok(l) if l.state == LbState::Provisioning => palette::LB_PROVISIONING,
                Ok(_) => palette::LB,
                Err(_) if ghosts.ghosts.iter().any(|g| g.key == e) => {
                    palette::GHOST.with_alpha(0.12 + 0.3 * pulse)
                }
                Err(_) => palette::GHOST,
            },
            (NodeKind::Instance, NodeKey::Res(e)) => {
                let Ok((i, load)) = instances.get(e) else {
                    sprite.color = palette::TERMINATING.with_alpha(0.5);
                    continue;
                };
                let (body, frac, bar_color) =
                    instance_look(i, load, health.0.get(&e).copied(), now, pulse);
                let fade = if i.alive() { 1.0 } else { 0.35 };
                for c in children.into_iter().flatten() {
                    if let Ok((mut s, mut tf)) = bars.get_mut(*c) {
                        let w = BAR_W * frac;
                        s.custom_size = Some(Vec2::new(w, BAR_H));
                        s.color = bar_color.with_alpha(fade);
                        tf.translation.x = -BAR_W / 2.0 + w / 2.0;
                    } else if let Ok(mut s) = tracks.get_mut(*c) {
                        s.color = palette::TRACK.with_alpha(0.45 * fade);
                    }
                }
                body.with_alpha(body.alpha() * fade)
            }
            _ => Color::NONE,
        };
        if let Some(fx) = fx {
            let f = (fx.left / fx.duration).clamp(0.0, 1.0);
            let blink = if (t * 10.0).sin() > 0.0 { 1.0 } else { 0.6 };
            color = color.mix(&fx.color, f * blink * 0.85);
        }
        sprite.color = color.with_alpha(color.alpha() * alpha);
    }
}

fn spawn_halo(mut commands: Commands, shapes: Res<Shapes>) {
    commands.spawn((
        Name::new("Selection halo"),
        SelectionHalo,
        shapes.rounded(palette::SELECTED, Vec2::ONE),
        Transform::from_xyz(0.0, 0.0, z::NODE - 0.05),
        Visibility::Hidden,
    ));
}

/// The view node showing a simulation entity (or its ghost).
pub fn node_of(index: &NodeIndex, e: Entity) -> Option<Entity> {
    index.0.get(&NodeKey::Res(e)).copied()
}

fn place_halo(
    time: Res<Time<Real>>,
    selected: Res<Selected>,
    index: Res<NodeIndex>,
    nodes: Query<(&MapNode, &Motion)>,
    mut halo: Query<(&mut Transform, &mut Sprite, &mut Visibility), With<SelectionHalo>>,
) {
    let Ok((mut tf, mut sprite, mut vis)) = halo.single_mut() else {
        return;
    };
    let node = selected
        .0
        .and_then(|e| node_of(&index, e))
        .and_then(|n| nodes.get(n).ok());
    match node {
        Some((n, m)) if !n.kind.is_container() => {
            let pulse = 0.5 + 0.5 * (time.elapsed_secs() * 4.0).sin();
            let grow = 4.0 + 2.0 * pulse;
            tf.translation = m.pos.extend(z::NODE - 0.05);
            sprite.custom_size = Some(m.size * m.scale + Vec2::splat(grow * 2.0));
            sprite.color = palette::SELECTED.with_alpha(0.45 + 0.4 * pulse);
            *vis = Visibility::Visible;
        }
        _ => *vis = Visibility::Hidden,
    }
}

fn tick_fx(mut commands: Commands, time: Res<Time<Real>>, mut q: Query<(Entity, &mut NodeFx)>) {
    for (e, mut fx) in &mut q {
        fx.left -= time.delta_secs();
        if fx.left <= 0.0 {
            commands.entity(e).remove::<NodeFx>();
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<NodeIndex>()
        .init_resource::<TargetHealth>()
        .add_systems(Startup, spawn_halo)
        .add_systems(
            Update,
            (
                collect_target_health,
                sync_nodes,
                animate_nodes,
                style_nodes,
                place_halo,
                tick_fx,
            )
                .chain()
                .in_set(ViewSystems::Nodes),
        );
}

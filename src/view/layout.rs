//! Where everything goes on the map: a pure function from a snapshot of the estate to
//! rectangles in world units, recomputed every frame (the nodes animate towards it).
//!
//! Left to right: the Internet, DNS and other edge services, the Region with its VPC (load
//! balancers in rows at the top, spanning the Availability Zones of their subnets; one
//! column per AZ below, subnets stacked in each, instances in a fixed-width grid grouped by
//! Auto Scaling group), and the data tier on the right. Every size is a constant, so a node
//! only moves when something it depends on changes.

use super::ViewSystems;
use super::curve::Bend;
use crate::scenario::Scenario;
use crate::sim::clock::SimClock;
use crate::sim::ecs::EcsCluster;
use crate::sim::lambda::Function;
use crate::sim::model::*;
use crate::sim::services::{CacheCluster, Distribution};
use crate::sim::sqs::Queue;
use crate::sim::trail::CloudTrail;
use crate::sim::waf::WebAcl;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// Side of an instance node.
pub const INSTANCE: f32 = 48.0;
/// Gap between instance nodes.
pub const GAP: f32 = 8.0;
/// Instances per row in a subnet (three: subnets taller than wide, so the map's aspect is
/// closer to the window's and "fit all" draws the nodes bigger), more in a crowded AZ (see
/// `columns_for`).
pub const COLUMNS: usize = 3;
/// Height of a subnet's header (name, CIDR, free-address bar).
pub const SUBNET_HEADER: f32 = 54.0;
const SUBNET_PAD: f32 = 10.0;
const GROUP_GAP: f32 = 14.0;
const GROUP_PAD: f32 = 5.0;
const SUBNET_GAP: f32 = 16.0;
/// Height of an AZ column's header.
pub const AZ_HEADER: f32 = 30.0;
const AZ_PAD: f32 = 10.0;
const AZ_GAP: f32 = 14.0;
/// Width of an AZ column with no subnets (only its caption and some room).
pub const EMPTY_AZ_WIDTH: f32 = 100.0;
/// Height of a load balancer node.
pub const LB_HEIGHT: f32 = 46.0;
const LB_GAP: f32 = 16.0;
/// Header of the VPC and the Region containers.
pub const CONTAINER_HEADER: f32 = 32.0;
const CONTAINER_PAD: f32 = 14.0;
/// Size of the Internet, DNS, edge and data nodes.
pub const SERVICE: Vec2 = Vec2::new(96.0, 64.0);
/// From one edge node to the next (the Internet first).
const SERVICE_STEP: f32 = SERVICE.x + 30.0;
/// From the last edge node to the region.
const REGION_GAP: f32 = 36.0;
/// From the region to the data tier.
const DATA_GAP: f32 = 44.0;

/// A subnet as the layout sees it.
#[derive(Clone, Debug)]
pub struct SubnetIn<K> {
    pub key: K,
    pub az: String,
    pub seq: u64,
}

/// An instance: its subnet and its Auto Scaling group (`(group seq, group key)`).
#[derive(Clone, Debug)]
pub struct InstanceIn<K> {
    pub key: K,
    pub subnet: K,
    pub group: Option<(u64, K)>,
    pub seq: u64,
}

/// A load balancer (live or a ghost of a deleted one) and its subnets.
#[derive(Clone, Debug)]
pub struct LbIn<K> {
    pub key: K,
    pub subnets: Vec<K>,
    pub seq: u64,
}

/// Everything the layout depends on.
#[derive(Clone, Debug)]
pub struct EstateIn<K> {
    /// The region's Availability Zones, in order (subnets in other AZs add columns).
    pub azs: Vec<String>,
    pub subnets: Vec<SubnetIn<K>>,
    pub instances: Vec<InstanceIn<K>>,
    pub load_balancers: Vec<LbIn<K>>,
    /// Edge services between the Internet and the region (DNS first), in order.
    pub edge: Vec<K>,
    /// Cache and database nodes, right of the region, top to bottom.
    pub data: Vec<K>,
    /// Whether there is a VPC to draw.
    pub vpc: bool,
}

impl<K> Default for EstateIn<K> {
    fn default() -> Self {
        Self {
            azs: vec![],
            subnets: vec![],
            instances: vec![],
            load_balancers: vec![],
            edge: vec![],
            data: vec![],
            vpc: true,
        }
    }
}

/// An Auto Scaling group's (or the ungrouped instances') block inside one subnet.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupBox<K> {
    pub subnet: K,
    pub group: Option<K>,
    pub rect: Rect,
}

/// Where everything goes, in world units (y up).
#[derive(Clone, Debug)]
pub struct Layout<K: Ord> {
    pub internet: Rect,
    pub region: Rect,
    pub vpc: Option<Rect>,
    pub azs: Vec<(String, Rect)>,
    pub subnets: BTreeMap<K, Rect>,
    pub groups: Vec<GroupBox<K>>,
    /// Instances, load balancers, edge and data nodes.
    pub nodes: BTreeMap<K, Rect>,
    /// Everything, for "fit all".
    pub bounds: Rect,
}

/// Builds a rect from a top-left corner in layout space (y grows downwards).
fn down(x: f32, y: f32, w: f32, h: f32) -> Rect {
    Rect::new(x, -y - h, x + w, -y)
}

/// Width of a subnet with `columns` instance columns.
pub const fn subnet_width(columns: usize) -> f32 {
    2.0 * SUBNET_PAD + columns as f32 * (INSTANCE + GAP) - GAP
}
/// Width of a subnet, of an AZ column (`COLUMNS` instance columns).
pub const SUBNET_WIDTH: f32 = subnet_width(COLUMNS);
pub const AZ_WIDTH: f32 = SUBNET_WIDTH + 2.0 * AZ_PAD;

/// Instance columns in the subnets of an AZ whose fullest subnet has `n` instances: `COLUMNS`,
/// one more each time the subnets would grow over twice as many rows as columns (in steps,
/// so an AZ re-flows only when its fullest subnet crosses one: 18, 32, 50, 72...).
pub fn columns_for(n: usize) -> usize {
    let mut c = COLUMNS;
    while 2 * c * c < n {
        c += 1;
    }
    c
}

/// The layout function.
pub fn layout<K: Copy + Ord>(estate: &EstateIn<K>) -> Layout<K> {
    // AZ columns: the region's, plus any a subnet names.
    let mut azs = estate.azs.clone();
    let mut extra: Vec<&String> = estate
        .subnets
        .iter()
        .map(|s| &s.az)
        .filter(|a| !estate.azs.contains(a))
        .collect();
    extra.sort();
    extra.dedup();
    azs.extend(extra.into_iter().cloned());

    let region_x = estate.edge.len() as f32 * SERVICE_STEP + SERVICE.x + REGION_GAP;
    let region_y = 0.0;
    let vpc_x = region_x + CONTAINER_PAD;
    let vpc_y = region_y + CONTAINER_HEADER;
    let inner_x = vpc_x + CONTAINER_PAD;
    let inner_y = vpc_y + CONTAINER_HEADER;
    // instance columns per AZ, from its fullest subnet
    let columns: Vec<usize> = azs
        .iter()
        .map(|a| {
            let fullest = estate
                .subnets
                .iter()
                .filter(|s| s.az == *a)
                .map(|s| {
                    estate
                        .instances
                        .iter()
                        .filter(|n| n.subnet == s.key)
                        .count()
                })
                .max()
                .unwrap_or(0);
            columns_for(fullest)
        })
        .collect();
    // an AZ column without subnets is narrow; it widens when a subnet is added there
    let widths: Vec<f32> = azs
        .iter()
        .zip(&columns)
        .map(|(a, c)| {
            if estate.subnets.iter().any(|s| s.az == *a) {
                subnet_width(*c) + 2.0 * AZ_PAD
            } else {
                EMPTY_AZ_WIDTH
            }
        })
        .collect();
    let lefts: Vec<f32> = widths
        .iter()
        .scan(inner_x, |x, w| {
            let left = *x;
            *x += w + AZ_GAP;
            Some(left)
        })
        .collect();
    let az_x = |i: usize| lefts.get(i).copied().unwrap_or(inner_x);
    let az_w = |i: usize| widths.get(i).copied().unwrap_or(EMPTY_AZ_WIDTH);
    let vpc_w = 2.0 * CONTAINER_PAD
        + if widths.is_empty() {
            EMPTY_AZ_WIDTH
        } else {
            widths.iter().map(|w| w + AZ_GAP).sum::<f32>() - AZ_GAP
        };

    let mut nodes = BTreeMap::new();
    let mut subnets_out = BTreeMap::new();
    let mut groups = Vec::new();

    // Load balancers: one row each, spanning the AZ columns of their subnets.
    let mut lbs: Vec<&LbIn<K>> = estate.load_balancers.iter().collect();
    lbs.sort_by_key(|l| l.seq);
    let az_of = |subnet: &K| {
        estate
            .subnets
            .iter()
            .find(|s| s.key == *subnet)
            .and_then(|s| azs.iter().position(|a| *a == s.az))
    };
    for (row, lb) in lbs.iter().enumerate() {
        let cols: Vec<usize> = lb.subnets.iter().filter_map(az_of).collect();
        let (first, last) = match (cols.iter().min(), cols.iter().max()) {
            (Some(&a), Some(&b)) => (a, b),
            _ => (0, azs.len().saturating_sub(1)),
        };
        let x0 = az_x(first) + AZ_PAD;
        let x1 = az_x(last) + az_w(last) - AZ_PAD;
        let y = inner_y + row as f32 * (LB_HEIGHT + LB_GAP);
        nodes.insert(lb.key, down(x0, y, x1 - x0, LB_HEIGHT));
    }
    let lb_band = lbs.len().max(1) as f32 * (LB_HEIGHT + LB_GAP);
    let az_y = inner_y + lb_band;

    // AZ columns with their subnets and instances.
    let mut column_heights = Vec::with_capacity(azs.len());
    for (i, az) in azs.iter().enumerate() {
        let x = az_x(i) + AZ_PAD;
        let cols = columns[i];
        let width = subnet_width(cols);
        let mut y = az_y + AZ_HEADER;
        let mut subnets: Vec<&SubnetIn<K>> =
            estate.subnets.iter().filter(|s| s.az == *az).collect();
        let any = !subnets.is_empty();
        subnets.sort_by_key(|s| s.seq);
        for s in subnets {
            let top = y;
            let mut gy = y + SUBNET_HEADER;
            // groups: Auto Scaling groups by creation order, then instances without one
            let mut members: Vec<&InstanceIn<K>> = estate
                .instances
                .iter()
                .filter(|n| n.subnet == s.key)
                .collect();
            members.sort_by_key(|n| (n.group.map(|g| g.0).unwrap_or(u64::MAX), n.seq));
            let mut start = 0;
            while start < members.len() {
                let g = members[start].group.map(|g| g.1);
                let end = members[start..]
                    .iter()
                    .position(|n| n.group.map(|g| g.1) != g)
                    .map(|p| start + p)
                    .unwrap_or(members.len());
                let count = end - start;
                let rows = count.div_ceil(cols);
                for (k, n) in members[start..end].iter().enumerate() {
                    let cx = x + SUBNET_PAD + (k % cols) as f32 * (INSTANCE + GAP);
                    let cy = gy + (k / cols) as f32 * (INSTANCE + GAP);
                    nodes.insert(n.key, down(cx, cy, INSTANCE, INSTANCE));
                }
                let h = rows as f32 * (INSTANCE + GAP) - GAP;
                groups.push(GroupBox {
                    subnet: s.key,
                    group: g,
                    rect: down(
                        x + SUBNET_PAD - GROUP_PAD,
                        gy - GROUP_PAD,
                        width - 2.0 * SUBNET_PAD + 2.0 * GROUP_PAD,
                        h + 2.0 * GROUP_PAD,
                    ),
                });
                gy += h + GROUP_GAP;
                start = end;
            }
            if members.is_empty() {
                gy += INSTANCE * 0.5 + GROUP_GAP;
            }
            let h = gy - GROUP_GAP + SUBNET_PAD - top;
            subnets_out.insert(s.key, down(x, top, width, h));
            y = top + h + SUBNET_GAP;
        }
        let bottom = if any { y - SUBNET_GAP } else { y };
        column_heights.push(bottom - az_y + AZ_PAD);
    }
    let column_h = column_heights
        .iter()
        .copied()
        .fold(AZ_HEADER + 60.0, f32::max);
    let azs_out: Vec<(String, Rect)> = azs
        .iter()
        .enumerate()
        .map(|(i, a)| (a.clone(), down(az_x(i), az_y, az_w(i), column_h)))
        .collect();
    let vpc_h = az_y + column_h + CONTAINER_PAD - vpc_y;
    let vpc = down(vpc_x, vpc_y, vpc_w, vpc_h);
    let region = down(
        region_x,
        region_y,
        vpc_w + 2.0 * CONTAINER_PAD,
        vpc_h + CONTAINER_HEADER + CONTAINER_PAD,
    );

    // The way in: level with the first load balancer row.
    let entry_y = inner_y + LB_HEIGHT * 0.5 - SERVICE.y * 0.5;
    let internet = down(0.0, entry_y, SERVICE.x, SERVICE.y);
    for (i, &k) in estate.edge.iter().enumerate() {
        let x = (i + 1) as f32 * SERVICE_STEP;
        nodes.insert(k, down(x, entry_y, SERVICE.x, SERVICE.y));
    }
    for (i, &k) in estate.data.iter().enumerate() {
        let x = region_x + region.width() + DATA_GAP;
        let y = az_y + AZ_HEADER + i as f32 * (SERVICE.y + 40.0);
        nodes.insert(k, down(x, y, SERVICE.x, SERVICE.y));
    }

    let mut bounds = region.union(internet);
    for r in nodes.values() {
        bounds = bounds.union(*r);
    }
    Layout {
        internet,
        region,
        vpc: estate.vpc.then_some(vpc),
        azs: azs_out,
        subnets: subnets_out,
        groups,
        nodes,
        bounds,
    }
}

/// A managed service drawn as its own node outside the VPC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    /// Route 53 (the `Dns` resource, drawn by an anchor entity).
    Dns,
    /// A CloudFront distribution.
    Cdn,
    /// An AWS WAF web ACL, between the edge and the region.
    Waf,
    /// An ElastiCache cluster.
    Cache,
    /// The app's database (named in the scenario, drawn by an anchor entity). RDS instances
    /// the simulation models later take this row.
    Database,
    /// An SQS queue.
    Queue,
    /// A Lambda function.
    Function,
    /// An ECS cluster.
    Containers,
}

/// Which side of the region a service is drawn on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// Between the Internet and the region, left to right in request order.
    Edge,
    /// Right of the region, top to bottom.
    Data,
}

/// The services the map draws, in request order: adding a kind is one row here.
pub const SERVICES: &[(Service, Tier)] = &[
    (Service::Dns, Tier::Edge),
    (Service::Cdn, Tier::Edge),
    (Service::Waf, Tier::Edge),
    (Service::Cache, Tier::Data),
    (Service::Database, Tier::Data),
    (Service::Queue, Tier::Data),
    (Service::Function, Tier::Data),
    (Service::Containers, Tier::Data),
];

/// Orders services found in the estate into the layout's edge and data lists (each list in
/// `SERVICES` order, then by creation order).
pub fn place_services<K: Copy>(found: &[(Service, u64, K)]) -> (Vec<K>, Vec<K>) {
    let mut sorted: Vec<(usize, u64, K, Tier)> = found
        .iter()
        .filter_map(|(s, seq, k)| {
            SERVICES
                .iter()
                .position(|(r, _)| r == s)
                .map(|i| (i, *seq, *k, SERVICES[i].1))
        })
        .collect();
    sorted.sort_by_key(|(i, seq, _, _)| (*i, *seq));
    let pick = |tier: Tier| {
        sorted
            .iter()
            .filter(|(_, _, _, t)| *t == tier)
            .map(|(_, _, k, _)| *k)
            .collect()
    };
    (pick(Tier::Edge), pick(Tier::Data))
}

/// The way from an instance to a data-tier node that crosses no other AZ column: along the
/// instance's top edge to the lane just right of it (requests arrive on the top edge, so the
/// dots never pile up on the instance's label), down that lane inside its own column to the
/// bus under the VPC, then `bus_to_data`. Waypoints with the bend of the segment arriving there.
pub fn data_path(instance: Rect, vpc: Rect, region: Rect, data: Rect) -> Vec<(Vec2, Bend)> {
    let lane = instance.max.x + GAP / 2.0;
    let mut path = vec![
        (Vec2::new(lane, instance.max.y), Bend::Straight),
        (Vec2::new(lane, bus_y(vpc, region)), Bend::Straight),
    ];
    path.extend(bus_to_data(vpc, region, data));
    path
}

/// The height of the bus under the VPC that carries requests to the data tier.
fn bus_y(vpc: Rect, region: Rect) -> f32 {
    (vpc.min.y + region.min.y) / 2.0
}

/// From the bus under the VPC to a data-tier node: along the bus past the region's right
/// edge, then up (or down) to the node.
pub fn bus_to_data(vpc: Rect, region: Rect, data: Rect) -> [(Vec2, Bend); 2] {
    let turn = (region.max.x + data.min.x) / 2.0;
    [
        (Vec2::new(turn, bus_y(vpc, region)), Bend::Straight),
        (Vec2::new(data.min.x, data.center().y), Bend::Horizontal),
    ]
}

/// Where a request arrives at an instance: the middle of its top edge (its label stays clear).
pub fn arrival(instance: Rect) -> Vec2 {
    Vec2::new(instance.center().x, instance.max.y)
}

/// Where Route 53 pointing at an Elastic IP reaches its instance: the middle of its left edge.
pub fn side_arrival(instance: Rect) -> Vec2 {
    Vec2::new(instance.min.x, instance.center().y)
}

/// The height at which request paths run through a service or load-balancer node (below its
/// label, so dots never cover the text).
pub fn wire_y(r: Rect) -> f32 {
    r.center().y - 13.0
}

/// The service each edge and data node stands for (this frame).
#[derive(Resource, Default)]
pub struct ServiceNodes(pub BTreeMap<Entity, Service>);

/// The layout of this frame (None before a round starts).
#[derive(Resource, Default)]
pub struct MapLayout(pub Option<Layout<Entity>>);

/// View-owned entities standing for things the simulation keeps as resources, not entities:
/// Route 53 (the `Dns` resource) and the app's database (named in the scenario).
#[derive(Resource, Clone, Copy)]
pub struct Anchors {
    pub dns: Entity,
    pub database: Entity,
}

/// What the view remembers of a load balancer, to leave a ghost when it is deleted.
#[derive(Clone, Debug)]
pub struct LbMemory {
    pub name: String,
    pub dns_name: String,
    pub subnets: Vec<Entity>,
    pub seq: u64,
    pub classic: bool,
}

/// A deleted load balancer still shown where it was ("missing").
#[derive(Clone, Debug)]
pub struct Ghost {
    pub key: Entity,
    pub lb: LbMemory,
    /// Simulated time it was deleted.
    pub since: f64,
    /// Who deleted it, from CloudTrail.
    pub by: Option<String>,
}

/// Live load balancers seen last frame, and the ghosts of the deleted ones.
#[derive(Resource, Default)]
pub struct Ghosts {
    pub seen: BTreeMap<Entity, LbMemory>,
    pub ghosts: Vec<Ghost>,
}

/// A ghost stays this long (simulated seconds), or while DNS still points at it (customers
/// are being sent to it), up to the maximum.
const GHOST_SECONDS: f64 = 40.0;
const GHOST_MAX_SECONDS: f64 = 3600.0;

fn spawn_anchors(mut commands: Commands) {
    let dns = commands.spawn(Name::new("Route 53 node")).id();
    let database = commands.spawn(Name::new("Database node")).id();
    commands.insert_resource(Anchors { dns, database });
}

fn track_ghosts(
    mut ghosts: ResMut<Ghosts>,
    lbs: Query<(Entity, &LoadBalancer, &Seq)>,
    dns: Option<Res<Dns>>,
    trail: Option<Res<CloudTrail>>,
    clock: Option<Res<SimClock>>,
) {
    let Some(now) = clock.map(|c| c.now) else {
        ghosts.seen.clear();
        ghosts.ghosts.clear();
        return;
    };
    let live: BTreeMap<Entity, LbMemory> = lbs
        .iter()
        .map(|(e, lb, seq)| {
            (
                e,
                LbMemory {
                    name: lb.name.clone(),
                    dns_name: lb.dns_name.clone(),
                    subnets: lb.subnets.clone(),
                    seq: seq.0,
                    classic: lb.kind == crate::sim::command::LbKind::Classic,
                },
            )
        })
        .collect();
    let gone: Vec<(Entity, LbMemory)> = ghosts
        .seen
        .iter()
        .filter(|(e, _)| !live.contains_key(e))
        .map(|(e, m)| (*e, m.clone()))
        .collect();
    for (key, lb) in gone {
        let deletion = trail.as_ref().and_then(|t| {
            t.events
                .iter()
                .rev()
                .take(5000)
                .find(|ev| {
                    ev.error.is_none()
                        && ev.event_name() == "DeleteLoadBalancer"
                        && ev.resources.iter().any(|r| r.contains(&lb.name))
                })
                .map(|ev| (ev.principal.arn(), ev.time))
        });
        ghosts.ghosts.push(Ghost {
            key,
            lb,
            since: deletion.as_ref().map(|d| d.1).unwrap_or(now),
            by: deletion.map(|d| d.0),
        });
    }
    let alias = dns.and_then(|d| match &d.target {
        Some(DnsTarget::Alias(a)) => Some(a.to_ascii_lowercase()),
        _ => None,
    });
    ghosts.ghosts.retain(|g| {
        let age = now - g.since;
        let pointed_at = alias.as_deref() == Some(g.lb.dns_name.to_ascii_lowercase().as_str());
        let replaced = live.values().any(|l| l.name == g.lb.name);
        age < GHOST_MAX_SECONDS && !replaced && (age < GHOST_SECONDS || pointed_at)
    });
    ghosts.seen = live;
}

#[allow(clippy::type_complexity)] // Bevy system parameters
#[allow(clippy::too_many_arguments)]
fn compute_layout(
    mut out: ResMut<MapLayout>,
    mut services: ResMut<ServiceNodes>,
    managed: (
        Query<(Entity, &Seq), With<Distribution>>,
        Query<(Entity, &Seq), With<CacheCluster>>,
        Query<(Entity, &Seq), With<WebAcl>>,
        Query<(Entity, &Seq), With<Queue>>,
        Query<(Entity, &Seq), With<Function>>,
        Query<(Entity, &Seq), With<EcsCluster>>,
    ),
    scenario: Option<Res<Scenario>>,
    anchors: Res<Anchors>,
    ghosts: Res<Ghosts>,
    vpcs: Query<(), With<Vpc>>,
    subnets: Query<(Entity, &Subnet, &Seq)>,
    instances: Query<(Entity, &Instance, &Seq)>,
    groups: Query<&Seq, With<AutoScalingGroup>>,
    lbs: Query<(Entity, &LoadBalancer, &Seq)>,
) {
    let Some(scenario) = scenario else {
        out.0 = None;
        return;
    };
    let (distributions, caches, acls, queues, functions, clusters) = managed;
    let mut found = vec![(Service::Dns, 0, anchors.dns)];
    if !scenario.app.db_host.is_empty() {
        found.push((Service::Database, 0, anchors.database));
    }
    found.extend(distributions.iter().map(|(e, s)| (Service::Cdn, s.0, e)));
    found.extend(caches.iter().map(|(e, s)| (Service::Cache, s.0, e)));
    found.extend(acls.iter().map(|(e, s)| (Service::Waf, s.0, e)));
    found.extend(queues.iter().map(|(e, s)| (Service::Queue, s.0, e)));
    found.extend(functions.iter().map(|(e, s)| (Service::Function, s.0, e)));
    found.extend(clusters.iter().map(|(e, s)| (Service::Containers, s.0, e)));
    services.0 = found.iter().map(|(s, _, e)| (*e, *s)).collect();
    let (edge, data) = place_services(&found);
    let mut estate = EstateIn {
        azs: scenario.availability_zones.clone(),
        vpc: !vpcs.is_empty(),
        edge,
        data,
        ..Default::default()
    };
    estate.subnets = subnets
        .iter()
        .map(|(e, s, seq)| SubnetIn {
            key: e,
            az: s.az.clone(),
            seq: seq.0,
        })
        .collect();
    estate.instances = instances
        .iter()
        .filter(|(_, i, _)| subnets.contains(i.subnet))
        .map(|(e, i, seq)| InstanceIn {
            key: e,
            subnet: i.subnet,
            group: i.asg.and_then(|g| groups.get(g).ok().map(|s| (s.0, g))),
            seq: seq.0,
        })
        .collect();
    estate.load_balancers = lbs
        .iter()
        .map(|(e, l, seq)| LbIn {
            key: e,
            subnets: l.subnets.clone(),
            seq: seq.0,
        })
        .chain(ghosts.ghosts.iter().map(|g| LbIn {
            key: g.key,
            subnets: g.lb.subnets.clone(),
            seq: g.lb.seq,
        }))
        .collect();
    out.0 = Some(layout(&estate));
}

pub fn plugin(app: &mut App) {
    app.init_resource::<MapLayout>()
        .init_resource::<ServiceNodes>()
        .init_resource::<Ghosts>()
        .add_systems(Startup, spawn_anchors)
        .add_systems(
            Update,
            (track_ghosts, compute_layout)
                .chain()
                .in_set(ViewSystems::Layout),
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(outer: Rect, inner: Rect) -> bool {
        outer.contains(inner.min) && outer.contains(inner.max)
    }

    fn overlaps(a: Rect, b: Rect) -> bool {
        !a.intersect(b).is_empty()
    }

    /// Three AZs, two subnets in a and b and one in c, an ALB, `n` instances round-robin
    /// over the subnets, most in one Auto Scaling group.
    fn estate(n: u32) -> EstateIn<u32> {
        let azs: Vec<String> = ["us-east-1a", "us-east-1b", "us-east-1c"]
            .map(String::from)
            .to_vec();
        let subnets = vec![
            (1, "us-east-1a"),
            (2, "us-east-1b"),
            (3, "us-east-1a"),
            (4, "us-east-1b"),
            (5, "us-east-1c"),
        ]
        .into_iter()
        .map(|(k, az)| SubnetIn {
            key: k,
            az: az.into(),
            seq: k as u64,
        })
        .collect();
        let instances = (0..n)
            .map(|i| InstanceIn {
                key: 1000 + i,
                subnet: 1 + i % 5,
                group: (i % 7 != 0).then_some((50, 50)),
                seq: 100 + i as u64,
            })
            .collect();
        EstateIn {
            azs,
            subnets,
            instances,
            load_balancers: vec![
                LbIn {
                    key: 60,
                    subnets: vec![1, 2],
                    seq: 10,
                },
                LbIn {
                    key: 61,
                    subnets: vec![3, 4, 5],
                    seq: 11,
                },
            ],
            edge: vec![70],
            data: vec![80],
            vpc: true,
        }
    }

    #[test]
    fn no_overlaps_and_containers_contain_children() {
        for n in [1, 2, 3, 7, 20, 64, 120, 200] {
            let e = estate(n);
            let l = layout(&e);
            let nodes: Vec<(u32, Rect)> = l.nodes.iter().map(|(k, r)| (*k, *r)).collect();
            for (i, (ka, a)) in nodes.iter().enumerate() {
                for (kb, b) in &nodes[i + 1..] {
                    assert!(!overlaps(*a, *b), "{n} instances: {ka} overlaps {kb}");
                }
            }
            let subnets: Vec<Rect> = l.subnets.values().copied().collect();
            for (i, a) in subnets.iter().enumerate() {
                for b in &subnets[i + 1..] {
                    assert!(!overlaps(*a, *b), "{n}: subnets overlap");
                }
                for lb in [60, 61] {
                    assert!(!overlaps(*a, l.nodes[&lb]), "{n}: a subnet under an LB");
                }
            }
            let vpc = l.vpc.unwrap();
            assert!(contains(l.region, vpc));
            for inst in &e.instances {
                let r = l.nodes[&inst.key];
                let s = l.subnets[&inst.subnet];
                assert!(
                    contains(s, r),
                    "{n}: instance {} outside its subnet",
                    inst.key
                );
                let group = l
                    .groups
                    .iter()
                    .find(|g| g.subnet == inst.subnet && g.group == inst.group.map(|g| g.1))
                    .expect("its group box");
                assert!(contains(group.rect, r) && contains(s, group.rect));
            }
            for sub in &e.subnets {
                let az = &l.azs.iter().find(|(a, _)| *a == sub.az).unwrap().1;
                assert!(
                    contains(*az, l.subnets[&sub.key]),
                    "{n}: subnet outside its AZ"
                );
                assert!(contains(vpc, *az));
            }
            for lb in [60, 61] {
                assert!(contains(vpc, l.nodes[&lb]));
            }
            assert!(!overlaps(l.internet, l.region));
            assert!(!overlaps(l.nodes[&70], l.region) && !overlaps(l.nodes[&80], l.region));
            assert!(contains(l.bounds, l.region) && contains(l.bounds, l.nodes[&80]));
        }
    }

    #[test]
    fn load_balancers_span_their_subnets_azs() {
        let l = layout(&estate(10));
        let a = l.azs[0].1;
        let b = l.azs[1].1;
        let c = l.azs[2].1;
        let alb = l.nodes[&60];
        assert!(alb.min.x >= a.min.x && alb.max.x <= b.max.x && alb.max.x > b.min.x);
        assert!(l.nodes[&61].max.x > c.min.x, "the second LB reaches AZ c");
    }

    #[test]
    fn adding_an_unrelated_instance_moves_nothing_else() {
        let before = layout(&estate(20));
        let mut e = estate(20);
        // a new instance in the AZ-c subnet
        e.instances.push(InstanceIn {
            key: 5000,
            subnet: 5,
            group: None,
            seq: 999,
        });
        let after = layout(&e);
        for (k, r) in &before.nodes {
            assert_eq!(after.nodes[k], *r, "node {k} moved");
        }
        for k in [1, 2, 3, 4] {
            assert_eq!(after.subnets[&k], before.subnets[&k], "subnet {k} moved");
        }
        assert_eq!(after.internet, before.internet);
    }

    #[test]
    fn an_unknown_az_gets_its_own_column() {
        let mut e = estate(3);
        e.subnets.push(SubnetIn {
            key: 9,
            az: "us-east-1d".into(),
            seq: 99,
        });
        let l = layout(&e);
        assert_eq!(l.azs.len(), 4);
        assert!(contains(l.azs[3].1, l.subnets[&9]));
        assert!(contains(l.vpc.unwrap(), l.azs[3].1));
    }

    /// The estate with Route 53 and CloudFront at the edge, ElastiCache and the database in
    /// the data tier.
    fn estate_with_services(n: u32) -> EstateIn<u32> {
        let mut e = estate(n);
        let (edge, data) = place_services(&[
            (Service::Database, 0, 80),
            (Service::Cache, 7, 81),
            (Service::Cdn, 5, 71),
            (Service::Dns, 0, 70),
        ]);
        e.edge = edge;
        e.data = data;
        e
    }

    #[test]
    fn services_are_placed_in_request_order() {
        let e = estate_with_services(1);
        assert_eq!(e.edge, vec![70, 71], "Route 53 first, then CloudFront");
        assert_eq!(e.data, vec![81, 80], "the cache above the database");
    }

    #[test]
    fn edge_and_data_nodes_overlap_nothing() {
        for n in [1, 20, 200] {
            let l = layout(&estate_with_services(n));
            let services = [70, 71, 80, 81];
            for k in services {
                let r = l.nodes[&k];
                assert!(!overlaps(r, l.region), "{n}: service {k} inside the region");
                assert!(!overlaps(r, l.internet), "{n}: service {k} on the Internet");
                assert!(contains(l.bounds, r));
                for (other, o) in &l.nodes {
                    if *other != k {
                        assert!(!overlaps(r, *o), "{n}: service {k} overlaps {other}");
                    }
                }
            }
            // the edge runs left to right in request order, left of the region
            assert!(l.internet.max.x < l.nodes[&70].min.x);
            assert!(l.nodes[&70].max.x < l.nodes[&71].min.x);
            assert!(l.nodes[&71].max.x < l.region.min.x);
            // the data tier right of the region, the cache above the database
            assert!(l.nodes[&81].min.x > l.region.max.x);
            assert!(l.nodes[&81].min.y > l.nodes[&80].max.y);
        }
    }

    #[test]
    fn a_request_to_the_database_crosses_no_other_az_column() {
        let e = estate_with_services(60);
        let l = layout(&e);
        let vpc = l.vpc.unwrap();
        let db = l.nodes[&80];
        for inst in &e.instances {
            let r = l.nodes[&inst.key];
            let own = l
                .azs
                .iter()
                .position(|(_, a)| contains(*a, r))
                .expect("in a column");
            let mut from = arrival(r);
            for (to, bend) in data_path(r, vpc, l.region, db) {
                for step in 0..=40 {
                    let p = crate::view::curve::bezier(from, to, bend, step as f32 / 40.0);
                    for (i, (_, az)) in l.azs.iter().enumerate() {
                        assert!(
                            i == own || !az.contains(p),
                            "instance {} crosses AZ column {i} at {p}",
                            inst.key
                        );
                    }
                    let column = l.azs[own].1;
                    assert!(
                        !vpc.contains(p) || (p.x >= column.min.x && p.x <= column.max.x),
                        "instance {} leaves its column inside the VPC at {p}",
                        inst.key
                    );
                }
                from = to;
            }
            assert!(from.distance(Vec2::new(db.min.x, db.center().y)) < 0.01);
        }
    }

    #[test]
    fn an_az_without_subnets_is_narrow_and_widens_when_a_subnet_is_added() {
        let mut e = estate(20);
        e.subnets.retain(|s| s.az != "us-east-1c");
        e.instances.retain(|n| n.subnet != 5);
        e.load_balancers[1].subnets = vec![3, 4];
        let before = layout(&e);
        let c = before.azs[2].1;
        assert_eq!(c.width(), EMPTY_AZ_WIDTH);
        assert_eq!(before.azs[0].1.width(), AZ_WIDTH);
        assert!(contains(before.vpc.unwrap(), c));
        e.subnets.push(SubnetIn {
            key: 5,
            az: "us-east-1c".into(),
            seq: 5,
        });
        let after = layout(&e);
        assert_eq!(after.azs[2].1.width(), AZ_WIDTH);
        assert!(contains(after.azs[2].1, after.subnets[&5]));
        assert!(after.region.width() > before.region.width());
        // the columns left of it, their subnets and instances stay where they were
        for i in 0..2 {
            assert_eq!(after.azs[i].1.min.x, before.azs[i].1.min.x);
        }
        for k in [1, 2, 3, 4] {
            assert_eq!(after.subnets[&k], before.subnets[&k], "subnet {k} moved");
        }
        for n in &e.instances {
            assert_eq!(after.nodes[&n.key], before.nodes[&n.key]);
        }
        // the data tier moves right with the region
        assert!(after.nodes[&80].min.x > after.region.max.x);
    }

    #[test]
    fn the_unicorn_peak_is_closer_to_the_window_s_aspect() {
        // two subnets in each of two AZs of three, 13 instances in the second ones, one ALB,
        // Route 53, the database (the old layout: 1472 x 458, instances 20 px)
        let mut e = estate(0);
        e.subnets.retain(|s| s.key <= 4);
        e.load_balancers = vec![LbIn {
            key: 60,
            subnets: vec![1, 2],
            seq: 10,
        }];
        e.instances = (0..13)
            .map(|i| InstanceIn {
                key: 1000 + i,
                subnet: 3 + i % 2,
                group: Some((50, 50)),
                seq: 100 + i as u64,
            })
            .collect();
        let l = layout(&e);
        let size = l.bounds.size();
        assert!(size.x / size.y < 2.3, "aspect {size}");
        // in a 770 x 590 map area less margins, instances at least 30 px
        let zoom = (size / Vec2::new(770.0 - 56.0, 590.0 - 56.0)).max_element();
        assert!(INSTANCE / zoom >= 30.0, "instances {} px", INSTANCE / zoom);
    }

    #[test]
    fn a_crowded_az_widens_in_steps() {
        assert_eq!(columns_for(0), COLUMNS);
        assert_eq!(columns_for(18), 3);
        assert_eq!(columns_for(19), 4);
        assert_eq!(columns_for(32), 4);
        assert_eq!(columns_for(33), 5);
        // 200 instances: 40 in each subnet, five columns of eight rows
        let l = layout(&estate(200));
        for r in l.subnets.values() {
            assert_eq!(r.width(), subnet_width(5));
        }
        let rows: std::collections::BTreeSet<i32> = l
            .nodes
            .iter()
            .filter(|(k, _)| **k >= 1000)
            .map(|(_, r)| r.min.y as i32)
            .collect();
        assert!(rows.len() <= 2 * 9, "{} rows", rows.len());
        // the last AZ widens when its fullest subnet passes 18 instances; the others stay
        let before = layout(&estate(20));
        let mut e = estate(20);
        e.instances.extend((0..14).map(|i| InstanceIn {
            key: 6000 + i,
            subnet: 5,
            group: None,
            seq: 2000 + i as u64,
        }));
        let after = layout(&e);
        assert_eq!(
            after.azs[2].1.width(),
            AZ_WIDTH,
            "18 instances fit three columns"
        );
        e.instances.push(InstanceIn {
            key: 7000,
            subnet: 5,
            group: None,
            seq: 3000,
        });
        let wider = layout(&e);
        assert!(wider.azs[2].1.width() > AZ_WIDTH, "19 need four");
        for k in [1, 2, 3, 4] {
            assert_eq!(wider.subnets[&k], before.subnets[&k], "subnet {k} moved");
        }
    }
}

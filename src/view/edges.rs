//! The lines of the diagram, drawn with gizmos every frame: container outlines and the
//! curved edges requests follow (Internet → DNS → load balancer → subnets, and the path to
//! the database), brighter where traffic flows.

use super::ViewSystems;
use super::curve::{Bend, bezier};
use super::layout::{
    Anchors, Ghosts, MapLayout, SERVICES, Service, ServiceNodes, Tier, bus_to_data, side_arrival,
    wire_y,
};
use super::nodes::{MapNode, Motion, NodeIndex, NodeKey, NodeKind};
use super::shapes::palette;
use crate::sim::model::{Dns, DnsTarget, ElasticIp, LoadBalancer, Subnet};
use crate::sim::services::Distribution;
use crate::ui_state::Selected;
use bevy::prelude::*;

fn curve(gizmos: &mut Gizmos, a: Vec2, b: Vec2, bend: Bend, color: Color) {
    const STEPS: usize = 20;
    gizmos.linestrip_2d(
        (0..=STEPS).map(|i| bezier(a, b, bend, i as f32 / STEPS as f32)),
        color,
    );
}

fn outline(gizmos: &mut Gizmos, r: Rect, color: Color, radius: f32) {
    gizmos
        .rounded_rect_2d(Isometry2d::from_translation(r.center()), r.size(), color)
        .corner_radius(radius)
        .arc_resolution(4);
}

#[allow(clippy::too_many_arguments)]
fn draw(
    mut gizmos: Gizmos,
    time: Res<Time<Real>>,
    layout: Res<MapLayout>,
    index: Res<NodeIndex>,
    anchors: Res<Anchors>,
    ghosts: Res<Ghosts>,
    dns: Option<Res<Dns>>,
    nodes: Query<(&MapNode, &Motion)>,
    subnets: Query<&Subnet>,
    lbs: Query<&LoadBalancer>,
    eips: Query<&ElasticIp>,
    selected: Res<Selected>,
    distributions: Query<(Entity, &Distribution)>,
    services: Res<ServiceNodes>,
) {
    if layout.0.is_none() {
        return;
    }
    let pulse = 0.5 + 0.5 * (time.elapsed_secs() * 5.0).sin();
    for (n, m) in &nodes {
        let r = m.rect();
        let a = m.alpha;
        match (n.kind, n.key) {
            (NodeKind::Region, _) => {
                outline(&mut gizmos, r, palette::REGION_LINE.with_alpha(a), 10.0)
            }
            (NodeKind::Vpc, _) => outline(&mut gizmos, r, palette::VPC_LINE.with_alpha(a), 10.0),
            (NodeKind::Az, _) => outline(&mut gizmos, r, palette::AZ_LINE.with_alpha(0.6 * a), 8.0),
            (NodeKind::Subnet, NodeKey::Subnet(s)) => {
                if selected.0 == Some(s) {
                    let c = palette::SELECTED.with_alpha(0.6 + 0.4 * pulse);
                    outline(&mut gizmos, r.inflate(3.0), c, 10.0);
                    outline(&mut gizmos, r.inflate(4.0), c, 11.0);
                }
                let public = subnets.get(s).is_ok_and(|s| s.public);
                let c = if public {
                    palette::PUBLIC_LINE
                } else {
                    palette::PRIVATE_LINE
                };
                outline(&mut gizmos, r, c.with_alpha(a), 8.0);
            }
            (NodeKind::Group, _) => {
                outline(&mut gizmos, r, palette::GROUP_LINE.with_alpha(0.7 * a), 6.0)
            }
            (NodeKind::Database, _) => {
                // a cylinder's rim
                let c = Color::srgba(0.75, 0.85, 1.0, 0.55 * a);
                let rim = Vec2::new(r.center().x, r.max.y - 7.0);
                gizmos.ellipse_2d(
                    Isometry2d::from_translation(rim),
                    Vec2::new(r.width() / 2.0 - 6.0, 5.0),
                    c,
                );
            }
            (NodeKind::Cache, _) => outline(
                &mut gizmos,
                r.inflate(-4.0),
                Color::srgba(1.0, 0.8, 0.8, 0.45 * a),
                6.0,
            ),
            (NodeKind::LoadBalancer, NodeKey::Res(e)) if !lbs.contains(e) => outline(
                &mut gizmos,
                r,
                palette::FAILED.with_alpha(0.4 + 0.6 * pulse),
                8.0,
            ),
            _ => {}
        }
    }
    let rect_of = |key: NodeKey| {
        index
            .0
            .get(&key)
            .and_then(|e| nodes.get(*e).ok())
            .filter(|(_, m)| !m.leaving)
            .map(|(_, m)| m.rect())
    };
    let (Some(internet), Some(dns_rect)) = (
        rect_of(NodeKey::Internet),
        rect_of(NodeKey::Res(anchors.dns)),
    ) else {
        return;
    };
    let live = Color::srgba(0.6, 0.75, 0.95, 0.55);
    let idle = Color::srgba(0.6, 0.7, 0.85, 0.18);
    curve(
        &mut gizmos,
        Vec2::new(internet.max.x, wire_y(internet)),
        Vec2::new(dns_rect.min.x, wire_y(dns_rect)),
        Bend::Horizontal,
        live,
    );
    // DNS → what it points at
    let target = dns.as_ref().and_then(|d| d.target.clone());
    let dns_out = Vec2::new(dns_rect.max.x, wire_y(dns_rect));
    let mut serving_lb = None;
    match &target {
        Some(DnsTarget::Alias(name))
            if let Some((cdn, d)) = distributions
                .iter()
                .find(|(_, d)| d.domain_name.eq_ignore_ascii_case(name)) =>
        {
            // Route 53 → CloudFront → its origin
            if let Some(c) = rect_of(NodeKey::Res(cdn)) {
                curve(
                    &mut gizmos,
                    dns_out,
                    Vec2::new(c.min.x, wire_y(c)),
                    Bend::Horizontal,
                    live,
                );
                let origin = index.0.keys().find_map(|k| match k {
                    NodeKey::Res(e) => lbs
                        .get(*e)
                        .ok()
                        .filter(|l| l.dns_name.eq_ignore_ascii_case(&d.origin_domain_name))
                        .map(|_| *e),
                    _ => None,
                });
                serving_lb = origin;
                if let Some(r) = origin.and_then(|e| rect_of(NodeKey::Res(e))) {
                    curve(
                        &mut gizmos,
                        Vec2::new(c.max.x, wire_y(c)),
                        Vec2::new(r.min.x, wire_y(r)),
                        Bend::Horizontal,
                        live,
                    );
                }
            }
        }
        Some(DnsTarget::Alias(name)) => {
            let live_lb = index.0.keys().find_map(|k| match k {
                NodeKey::Res(e) => lbs
                    .get(*e)
                    .ok()
                    .filter(|l| l.dns_name.eq_ignore_ascii_case(name))
                    .map(|_| *e),
                _ => None,
            });
            let ghost = ghosts
                .ghosts
                .iter()
                .find(|g| g.lb.dns_name.eq_ignore_ascii_case(name))
                .map(|g| g.key);
            serving_lb = live_lb;
            if let Some(e) = live_lb.or(ghost)
                && let Some(r) = rect_of(NodeKey::Res(e))
            {
                let color = if live_lb.is_some() {
                    live
                } else {
                    palette::FAILED.with_alpha(0.4 + 0.5 * pulse)
                };
                curve(
                    &mut gizmos,
                    dns_out,
                    Vec2::new(r.min.x, wire_y(r)),
                    Bend::Horizontal,
                    color,
                );
            }
        }
        Some(DnsTarget::Addresses(ips)) => {
            for eip in &eips {
                if ips.contains(&eip.public_ip)
                    && let Some(i) = eip.instance
                    && let Some(r) = rect_of(NodeKey::Res(i))
                {
                    curve(
                        &mut gizmos,
                        dns_out,
                        side_arrival(r),
                        Bend::Horizontal,
                        live,
                    );
                }
            }
        }
        None => {}
    }
    // load balancers → the subnets they send to (one trunk per subnet, not one per target)
    for (k, &e) in &index.0 {
        let NodeKey::Res(lb_e) = *k else { continue };
        let Ok(lb) = lbs.get(lb_e) else { continue };
        let Some(lb_rect) = nodes.get(e).ok().map(|(_, m)| m.rect()) else {
            continue;
        };
        let color = if Some(lb_e) == serving_lb { live } else { idle };
        let mut target_subnets: Vec<Entity> = lb.subnets.clone();
        target_subnets.sort();
        target_subnets.dedup();
        for s in target_subnets {
            if let Some(r) = rect_of(NodeKey::Subnet(s)) {
                let x = r
                    .center()
                    .x
                    .clamp(lb_rect.min.x + 10.0, lb_rect.max.x - 10.0);
                curve(
                    &mut gizmos,
                    Vec2::new(x, lb_rect.min.y),
                    Vec2::new(r.center().x, r.max.y),
                    Bend::Vertical,
                    color,
                );
            }
        }
    }
    // the data tier: a bus under the VPC (requests to the data never cross another AZ
    // column), then up to each data node; the cache sits in front of the database
    if let Some(l) = &layout.0
        && let Some(vpc) = l.vpc
    {
        let mut tier: Vec<(Service, Rect)> = l
            .nodes
            .keys()
            .filter_map(|k| {
                let s = *services.0.get(k)?;
                (tier_of(s) == Tier::Data).then_some((s, rect_of(NodeKey::Res(*k))?))
            })
            .collect();
        // top to bottom, as the layout stacks them
        tier.sort_by(|a, b| b.1.center().y.total_cmp(&a.1.center().y));
        let data: Vec<Rect> = tier.iter().map(|(_, r)| *r).collect();
        let mut bus_end = None;
        for d in &data {
            let [(turn, _), (node, _)] = bus_to_data(vpc, l.region, *d);
            bus_end = Some(turn);
            curve(&mut gizmos, turn, node, Bend::Horizontal, idle);
        }
        if let Some(end) = bus_end {
            gizmos.line_2d(Vec2::new(vpc.min.x + 20.0, end.y), end, idle);
        }
        for pair in tier.windows(2) {
            // only the cache links to the database right under it
            if !(pair[0].0 == Service::Cache && pair[1].0 == Service::Database) {
                continue;
            }
            let pair = [pair[0].1, pair[1].1];
            gizmos.line_2d(
                Vec2::new(pair[0].center().x, pair[0].min.y),
                Vec2::new(pair[1].center().x, pair[1].max.y),
                idle,
            );
        }
    }
}

fn tier_of(s: Service) -> Tier {
    SERVICES
        .iter()
        .find(|(r, _)| *r == s)
        .map(|(_, t)| *t)
        .unwrap_or(Tier::Edge)
}

pub fn plugin(app: &mut App) {
    app.add_systems(Update, draw.in_set(ViewSystems::Draw));
}

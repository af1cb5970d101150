//! The booth round's few actions, offered only when something goes wrong: "+2 servers" when
//! the shop is slow or failing (or the announced sale is a minute away), "Roll back the
//! template" when the servers an Auto Scaling group launches cannot start the shop, and
//! "Rebuild the load balancer" (then connect it, then send the shoppers to it) when the site's
//! load balancer is gone, "Block the bot" (`booth_block_bot`) while a bot hammers it. Each is one of the map's actions (`map_actions`): the console form's
//! typed command, sent through the one door.

use super::map_actions::{self, MapAction};
use crate::i18n::{t, tf};
use crate::scenario::{ChaosAction, Scenario};
use crate::sim::clock::SimClock;
use crate::sim::command::LbKind;
use crate::sim::metrics::Metrics;
use crate::sim::model::*;
use crate::sim::userdata::plan_boot;
use crate::sim::world::all;
use crate::ui_state::MapTarget;
use bevy::prelude::*;

/// What the booth's buttons are about (also their names for the play-through's probe).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoothKind {
    /// More servers: an Auto Scaling group of `n`, or `n` more in the group.
    Servers,
    /// Launch the group from the last version of its template that starts the shop.
    Rollback,
    /// A new load balancer in place of the deleted one …
    RebuildLb,
    /// … its listener to the servers' target group …
    Connect,
    /// … and the site's name pointed at it.
    PointDns,
    /// A web ACL whose rate-based rule blocks the bot hammering the shop …
    BlockBot,
    /// … put in front of the site's load balancer.
    ShieldLb,
}

impl BoothKind {
    pub fn key(self) -> &'static str {
        match self {
            BoothKind::Servers => "servers",
            BoothKind::Rollback => "rollback",
            BoothKind::RebuildLb => "rebuild_lb",
            BoothKind::Connect => "connect",
            BoothKind::PointDns => "point_dns",
            BoothKind::BlockBot => "block_bot",
            BoothKind::ShieldLb => "shield_lb",
        }
    }
}

/// One big button: what went wrong, the map action it sends, and the node it sits on.
#[derive(Clone, Debug)]
pub struct BoothAction {
    pub kind: BoothKind,
    /// The button's words (`{n}`: the stepper's value).
    pub label: String,
    /// What went wrong, in a visitor's words.
    pub why: String,
    /// The node the map action acts on.
    pub target: MapTarget,
    /// The simulation entity whose map node the button sits on (None: Route 53's node).
    pub anchor: Option<Entity>,
    pub action: MapAction,
    /// The stepper's range and start for the visitor's number (None: no number).
    pub stepper: Option<(i64, i64, i64)>,
    /// Current desired capacity when `n` is added to it (the group exists).
    pub add_to: Option<i64>,
}

impl BoothAction {
    /// The value the map action is built with for the visitor's number `k`.
    pub fn value_for(&self, k: i64) -> i64 {
        match self.add_to {
            Some(base) => base + k,
            None => k,
        }
    }

    /// The button's words for the visitor's number `k`.
    pub fn label_for(&self, k: i64) -> String {
        self.label.replace("{n}", &k.to_string())
    }
}

/// The site's request health over the last stretch: (requests, failed, p95 ms).
fn recent_flow(world: &World) -> Option<(u64, u64, Option<f64>)> {
    let m = world.get_resource::<Metrics>()?;
    // the minute so far, or the last whole minute while this one is young
    if m.minute.requests >= 300 {
        return Some((
            m.minute.requests,
            m.minute.failed_total(),
            m.minute.percentiles_ms()[2],
        ));
    }
    let d = m.history.back()?;
    Some((d.requests, d.failed.iter().sum(), d.latency_ms[2]))
}

/// Slow or failing: more than 2% of requests failed, or the 95th percentile is beyond the
/// scenario's "acceptable" latency.
pub fn shop_struggles(world: &World) -> bool {
    let acceptable = world
        .get_resource::<Scenario>()
        .map_or(1000.0, |s| s.scoring.acceptable_ms);
    recent_flow(world).is_some_and(|(requests, failed, p95)| {
        requests > 0
            && (failed as f64 > 0.02 * requests as f64 || p95.is_some_and(|p| p > acceptable))
    })
}

/// Seconds until an announced traffic spike, when one starts within `within` seconds.
pub fn spike_ahead(world: &World, within: f64) -> Option<f64> {
    let now = world.get_resource::<SimClock>()?.now;
    world
        .get_resource::<Scenario>()?
        .chaos
        .iter()
        .filter(|c| matches!(c.action, ChaosAction::TrafficSpike { .. }))
        .map(|c| c.at_minute * 60.0 - now)
        .find(|&d| d > 0.0 && d <= within)
}

fn the_group(world: &mut World) -> Option<Entity> {
    all::<AutoScalingGroup>(world).into_iter().next()
}

/// The load balancer the site's name points at, if it still exists.
fn site_lb(world: &mut World) -> Option<Entity> {
    let dns = world.get_resource::<Dns>()?.clone();
    let name = match dns
        .pending
        .as_ref()
        .map(|(_, t)| t.clone())
        .unwrap_or(dns.target)
    {
        Some(DnsTarget::Alias(d)) => d,
        _ => return None,
    };
    all::<LoadBalancer>(world)
        .into_iter()
        .find(|&l| world.get::<LoadBalancer>(l).unwrap().dns_name == name)
}

/// The public subnet with the most free addresses.
fn roomiest_public_subnet(world: &mut World) -> Option<Entity> {
    all::<Subnet>(world)
        .into_iter()
        .filter(|&s| world.get::<Subnet>(s).unwrap().public)
        .max_by_key(|&s| world.get::<Subnet>(s).unwrap().free())
}

fn find(actions: Vec<MapAction>, id: &str) -> Option<MapAction> {
    actions.into_iter().find(|a| a.id == id)
}

/// Whether a launch-template version starts the scenario's app.
fn version_works(world: &World, v: &LaunchTemplateVersion) -> bool {
    world
        .get_resource::<Scenario>()
        .is_some_and(|s| plan_boot(&v.user_data, &s.app).app_running)
}

/// The buttons the booth shows now.
pub fn booth_actions(world: &mut World) -> Vec<BoothAction> {
    let mut out = Vec::new();
    let lb = site_lb(world);
    // the load balancer is gone: rebuild it, connect it, point the name at it
    if lb.is_none() && world.contains_resource::<Dns>() {
        out.extend(rebuild_chain(world));
    }
    let group = the_group(world);
    if let Some(g) = group {
        out.extend(rollback(world, g));
    }
    // a bot hammers the shop: block it at the load balancer
    if let Some(l) = lb {
        out.extend(super::booth_block_bot::block_the_bot(world, l));
    }
    let spike = spike_ahead(world, 45.0);
    if lb.is_some() && (shop_struggles(world) || spike.is_some()) {
        let why = match spike {
            Some(s) => tf("booth.why.sale", &[("seconds", &format!("{s:.0}"))]),
            None => t("booth.why.slow").to_string(),
        };
        out.extend(more_servers(world, group, lb, why));
    }
    out
}

fn more_servers(
    world: &mut World,
    group: Option<Entity>,
    lb: Option<Entity>,
    why: String,
) -> Option<BoothAction> {
    match group {
        Some(g) => {
            let asg = world.get::<AutoScalingGroup>(g)?.clone();
            let mut action = find(
                map_actions::actions(world, MapTarget::Resource(g)),
                "asg.desired",
            )?;
            let room = i64::from(asg.max_size) - i64::from(asg.desired);
            if room < 1 {
                return None;
            }
            // the stepper of the map's action stops at the group's maximum
            if let Some(s) = action.stepper.as_mut() {
                s.max = i64::from(asg.max_size);
            }
            Some(BoothAction {
                kind: BoothKind::Servers,
                label: t("booth.act.servers").to_string(),
                why,
                target: MapTarget::Resource(g),
                anchor: lb.or(Some(g)),
                action,
                stepper: Some((1, room.min(6), 2.min(room))),
                add_to: Some(i64::from(asg.desired)),
            })
        }
        None => {
            // no group yet: an Auto Scaling group on the site's target group, in two AZs,
            // replacing servers that fail their health checks
            let subnet = roomiest_public_subnet(world)?;
            let mut action = find(
                map_actions::actions(world, MapTarget::Resource(subnet)),
                "subnet.asg",
            )?;
            for (k, v) in [
                ("--min-size", "1"),
                ("--max-size", "12"),
                ("--health-check-grace-period", "30"),
                ("--default-instance-warmup", "15"),
            ] {
                match action.preset.iter_mut().find(|(n, _)| *n == k) {
                    Some(slot) => slot.1 = v.into(),
                    None => action.preset.push((k, v.into())),
                }
            }
            Some(BoothAction {
                kind: BoothKind::Servers,
                label: t("booth.act.servers").to_string(),
                why,
                target: MapTarget::Resource(subnet),
                anchor: lb.or(Some(subnet)),
                action,
                stepper: Some((1, 6, 2)),
                add_to: None,
            })
        }
    }
}

fn rollback(world: &mut World, g: Entity) -> Option<BoothAction> {
    let asg = world.get::<AutoScalingGroup>(g)?.clone();
    let lt = world.get::<LaunchTemplate>(asg.template)?.clone();
    let current = lt.resolve(&asg.template_version)?.clone();
    if version_works(world, &current) {
        return None;
    }
    let good = lt
        .versions
        .iter()
        .rev()
        .find(|v| version_works(world, v))?
        .number;
    let action = find(
        map_actions::actions(world, MapTarget::Resource(g)),
        "asg.version",
    )?;
    let who = current
        .created_by
        .rsplit('/')
        .next()
        .unwrap_or(&current.created_by)
        .to_string();
    Some(BoothAction {
        kind: BoothKind::Rollback,
        label: t("booth.act.rollback").to_string(),
        why: tf(
            "booth.why.rollback",
            &[("version", &current.number.to_string()), ("who", &who)],
        ),
        target: MapTarget::Resource(g),
        anchor: Some(g),
        action,
        // the version to launch from is fixed: the last one that starts the shop
        stepper: Some((i64::from(good), i64::from(good), i64::from(good))),
        add_to: None,
    })
}

/// One step of bringing the site back after its load balancer was deleted.
fn rebuild_chain(world: &mut World) -> Option<BoothAction> {
    let albs: Vec<Entity> = all::<LoadBalancer>(world)
        .into_iter()
        .filter(|&l| world.get::<LoadBalancer>(l).unwrap().kind == LbKind::Application)
        .collect();
    let why = t("booth.why.lb_gone").to_string();
    let Some(&alb) = albs.last() else {
        let subnet = roomiest_public_subnet(world)?;
        let action = find(
            map_actions::actions(world, MapTarget::Resource(subnet)),
            "subnet.alb",
        )?;
        return Some(BoothAction {
            kind: BoothKind::RebuildLb,
            label: t("booth.act.rebuild_lb").to_string(),
            why,
            target: MapTarget::Resource(subnet),
            anchor: Some(subnet),
            action,
            stepper: None,
            add_to: None,
        });
    };
    let actions = map_actions::actions(world, MapTarget::Resource(alb));
    let (kind, label, action) = if let Some(a) = actions.iter().find(|a| a.id == "lb.listener") {
        (BoothKind::Connect, t("booth.act.connect"), a.clone())
    } else if let Some(a) = actions.iter().find(|a| a.id == "lb.point_dns") {
        (BoothKind::PointDns, t("booth.act.point_dns"), a.clone())
    } else {
        return None;
    };
    Some(BoothAction {
        kind,
        label: label.to_string(),
        why,
        target: MapTarget::Resource(alb),
        anchor: Some(alb),
        action,
        stepper: None,
        add_to: None,
    })
}

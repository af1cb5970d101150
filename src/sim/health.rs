//! Load-balancer health checks: every interval each target is probed on its port and path;
//! consecutive passes and failures move it between initial, healthy and unhealthy.

use super::clock::SimClock;
use super::command::{IngressSource, LbKind};
use super::model::*;
use super::world::all;
use bevy::prelude::*;

/// Why a probe of a target fails, in the ELB's own words, or `None` if it passes.
pub fn probe(
    world: &World,
    instance: Entity,
    port: u16,
    lb_groups: &[Entity],
    path: &str,
) -> Option<&'static str> {
    let allowed = world
        .get::<Instance>(instance)
        .map(|i| instance_allows(world, &i.security_groups, port, lb_groups));
    probe_with(world, instance, port, allowed, path)
}

/// [`probe`] with the instance's security-group verdict already known (`None`: no instance).
fn probe_with(
    world: &World,
    instance: Entity,
    port: u16,
    allowed: Option<bool>,
    path: &str,
) -> Option<&'static str> {
    let Some(i) = world.get::<Instance>(instance) else {
        return Some("Target.NotRegistered");
    };
    if i.state != InstanceState::Running {
        return Some("Target.Timeout");
    }
    if allowed == Some(false) {
        return Some("Target.Timeout");
    }
    if !i.boot.app_running || i.boot.port != port {
        return Some("Target.FailedHealthChecks");
    }
    let deep = path.contains("deep") || path.starts_with("/api");
    if deep && !i.boot.db_ok {
        return Some("Target.ResponseCodeMismatch");
    }
    if world
        .get::<InstanceLoad>(instance)
        .is_some_and(|l| l.wait > 5.0)
    {
        return Some("Target.Timeout");
    }
    None
}

/// Does any of an instance's groups admit TCP `port` from one of `from_groups` (or a CIDR
/// covering the VPC, as a load balancer's nodes live there)?
pub fn instance_allows(
    world: &World,
    groups: &[Entity],
    port: u16,
    from_groups: &[Entity],
) -> bool {
    groups.iter().any(|&g| {
        world.get::<SecurityGroup>(g).is_some_and(|sg| {
            sg.rules.iter().any(|r| {
                port_matches(&r.protocol, r.from_port, r.to_port, port)
                    && match &r.source {
                        IngressSource::Group(id) => from_groups.iter().any(|&fg| {
                            world
                                .get::<super::ids::AwsId>(fg)
                                .is_some_and(|a| &a.0 == id)
                        }),
                        IngressSource::Cidr(c) => cidr_covers_vpc(world, c),
                    }
            })
        })
    })
}

/// Does any group admit TCP `port` from the whole internet (`0.0.0.0/0`)?
pub fn internet_allowed(world: &World, groups: &[Entity], port: u16) -> bool {
    groups.iter().any(|&g| {
        world.get::<SecurityGroup>(g).is_some_and(|sg| {
            sg.rules.iter().any(|r| {
                port_matches(&r.protocol, r.from_port, r.to_port, port)
                    && matches!(&r.source, IngressSource::Cidr(c) if c == "0.0.0.0/0")
            })
        })
    })
}

fn port_matches(protocol: &str, from: u16, to: u16, port: u16) -> bool {
    protocol == "-1" || (protocol.eq_ignore_ascii_case("tcp") && (from..=to).contains(&port))
}

fn cidr_covers_vpc(world: &World, cidr: &str) -> bool {
    let Ok(c) = crate::data::cidr::Cidr::parse(cidr) else {
        return false;
    };
    let mut covers = false;
    if let Some(mut q) = world.try_query::<&Vpc>() {
        covers = q.iter(world).any(|v| c.contains(v.cidr));
    }
    covers
}

fn step_target(t: &mut Target, result: Option<&'static str>, hc: &HealthCheck) {
    match result {
        None => {
            t.passes += 1;
            t.fails = 0;
            if t.state != TargetHealthState::Healthy && t.passes >= hc.healthy_threshold {
                t.state = TargetHealthState::Healthy;
                t.reason = None;
            }
        }
        Some(reason) => {
            t.fails += 1;
            t.passes = 0;
            t.reason = Some(reason.to_string());
            if t.fails >= hc.unhealthy_threshold {
                t.state = TargetHealthState::Unhealthy;
            }
        }
    }
}

/// Probes every target whose next check is due (draining targets are not probed). Targets
/// launched together share their security groups: the previous target's verdict on them is
/// reused when the next has the same groups and port.
fn probe_due(
    world: &World,
    targets: &mut [Target],
    hc: &HealthCheck,
    lb_groups: &[Entity],
    now: f64,
) {
    let mut last_allows: Option<(&[Entity], u16, bool)> = None;
    for t in targets
        .iter_mut()
        .filter(|t| t.state != TargetHealthState::Draining && now >= t.next_check)
    {
        t.next_check = now + hc.interval;
        let i = world.get::<Instance>(t.instance);
        let allowed = i.map(|i| match last_allows {
            Some((groups, port, verdict)) if port == t.port && *groups == *i.security_groups => {
                verdict
            }
            _ => instance_allows(world, &i.security_groups, t.port, lb_groups),
        });
        if let (Some(i), Some(verdict)) = (i, allowed) {
            last_allows = Some((&i.security_groups, t.port, verdict));
        }
        let r = probe_with(world, t.instance, t.port, allowed, &hc.path);
        step_target(t, r, hc);
    }
}

pub fn run_health_checks(world: &mut World) {
    let now = world.resource::<SimClock>().now;
    // Application LBs probe their target groups.
    let lbs = all::<LoadBalancer>(world);
    for lb in lbs {
        let l = world.get::<LoadBalancer>(lb).unwrap();
        if l.state != LbState::Active {
            continue;
        }
        let lb_groups = l.security_groups.clone();
        match l.kind {
            LbKind::Application => {
                let tgs: Vec<Entity> = l.listeners.iter().filter_map(|x| x.target_group).collect();
                for tg in tgs {
                    // the targets leave their group while they are probed (probes read only
                    // instances and security groups), so nothing is copied
                    let Some(mut group) = world.get_mut::<TargetGroup>(tg) else {
                        continue;
                    };
                    let mut targets = std::mem::take(&mut group.targets);
                    let health = group.health.clone();
                    probe_due(world, &mut targets, &health, &lb_groups, now);
                    world.get_mut::<TargetGroup>(tg).unwrap().targets = targets;
                }
            }
            LbKind::Classic => {
                let health = l.classic_health.clone();
                let mut targets =
                    std::mem::take(&mut world.get_mut::<LoadBalancer>(lb).unwrap().classic_targets);
                probe_due(world, &mut targets, &health, &lb_groups, now);
                world.get_mut::<LoadBalancer>(lb).unwrap().classic_targets = targets;
            }
        }
    }
}

//! What lay behind a minute's failures, as the simulation saw it when the minute closed: the
//! principal causes (servers overloaded, servers whose user data cannot start the app, the
//! site's load balancer deleted, a security-group rule gone between the load balancer and
//! its servers). The results screen diagnoses its worst moments from these, not from guesses.

use super::health::instance_allows;
use super::model::*;
use super::world::all;
use bevy::prelude::*;

/// CPU (percent, the minute's average) from which a server counts as overloaded.
pub const OVERLOAD_CPU: f64 = 90.0;

/// One principal cause recorded for a minute.
#[derive(Clone, Debug, PartialEq)]
pub enum Cause {
    /// `servers` of the `running` servers averaged `cpu` % or more (at least [`OVERLOAD_CPU`]).
    Overload {
        servers: u32,
        running: u32,
        cpu: f64,
    },
    /// `servers` running behind a load balancer whose user data does not start the app;
    /// `line` is where the script broke, if it did.
    BrokenUserData { servers: u32, line: Option<String> },
    /// The site's name points at a load balancer that no longer exists.
    LoadBalancerDeleted { dns_name: String },
    /// `servers` behind a load balancer admit no traffic from it on their port.
    RuleRevoked { servers: u32 },
}

impl Cause {
    /// A short name (tests and localisation keys use it).
    pub fn key(&self) -> &'static str {
        match self {
            Cause::Overload { .. } => "overload",
            Cause::BrokenUserData { .. } => "user_data",
            Cause::LoadBalancerDeleted { .. } => "lb_deleted",
            Cause::RuleRevoked { .. } => "rule_revoked",
        }
    }
}

/// The causes at this moment; `cpu` holds each running instance's average CPU over the
/// minute that closes.
pub fn principal_causes(world: &mut World, cpu: &[(Entity, f64)]) -> Vec<Cause> {
    let mut out = Vec::new();
    // the site's name and what it points at
    if let Some(Dns {
        target: Some(DnsTarget::Alias(name)),
        ..
    }) = world.get_resource::<Dns>().cloned()
    {
        let exists = all::<LoadBalancer>(world)
            .into_iter()
            .any(|l| world.get::<LoadBalancer>(l).unwrap().dns_name == name);
        if !exists {
            out.push(Cause::LoadBalancerDeleted { dns_name: name });
        }
    }
    // servers behind a load balancer: registered in a target group or with a Classic LB
    let lbs = all::<LoadBalancer>(world);
    let lb_groups: Vec<Entity> = lbs
        .iter()
        .flat_map(|&l| {
            world
                .get::<LoadBalancer>(l)
                .unwrap()
                .security_groups
                .clone()
        })
        .collect();
    let mut behind: Vec<(Entity, u16)> = Vec::new();
    for g in all::<TargetGroup>(world) {
        for t in &world.get::<TargetGroup>(g).unwrap().targets {
            behind.push((t.instance, t.port));
        }
    }
    for &l in &lbs {
        for t in &world.get::<LoadBalancer>(l).unwrap().classic_targets {
            behind.push((t.instance, t.port));
        }
    }
    behind.sort_by_key(|(e, _)| e.to_bits());
    behind.dedup_by_key(|(e, _)| *e);
    let (mut broken, mut line, mut blocked) = (0u32, None, 0u32);
    for (e, port) in behind {
        let Some(i) = world.get::<Instance>(e) else {
            continue;
        };
        if i.state != InstanceState::Running {
            continue;
        }
        if !i.boot.app_running {
            broken += 1;
            if line.is_none() {
                line = i.boot.failure.clone();
            }
        } else if !lbs.is_empty() && !instance_allows(world, &i.security_groups, port, &lb_groups) {
            blocked += 1;
        }
    }
    if broken > 0 {
        out.push(Cause::BrokenUserData {
            servers: broken,
            line,
        });
    }
    if blocked > 0 {
        out.push(Cause::RuleRevoked { servers: blocked });
    }
    let hot: Vec<f64> = cpu
        .iter()
        .filter(|(_, c)| *c >= OVERLOAD_CPU)
        .map(|(_, c)| *c)
        .collect();
    if !hot.is_empty() {
        out.push(Cause::Overload {
            servers: hot.len() as u32,
            running: cpu.len() as u32,
            cpu: hot.iter().sum::<f64>() / hot.len() as f64,
        });
    }
    out
}

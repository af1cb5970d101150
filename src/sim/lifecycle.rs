//! Things that happen by themselves as time passes: instances boot and terminate, load
//! balancers finish provisioning, DNS changes propagate, draining targets leave.

use super::clock::SimClock;
use super::model::*;
use super::world::{all, despawn_resource, recount_subnets};
use crate::scenario::Scenario;
use bevy::prelude::*;

pub fn advance_lifecycles(world: &mut World) {
    let now = world.resource::<SimClock>().now;
    let timings = world.resource::<Scenario>().timings.clone();
    let mut gone = Vec::new();
    let mut q = world.query::<(Entity, &mut Instance)>();
    for (e, mut i) in q.iter_mut(world) {
        if now < i.state_until {
            continue;
        }
        match i.state {
            InstanceState::Pending => {
                i.state = InstanceState::Booting;
                i.state_since = now;
                i.state_until = now + timings.instance_boot + i.boot.script_seconds;
            }
            InstanceState::Booting => {
                i.state = InstanceState::Running;
                i.state_since = now;
                i.state_until = f64::INFINITY;
            }
            InstanceState::ShuttingDown => {
                i.state = InstanceState::Terminated;
                i.state_since = now;
                i.state_until = now + timings.terminated_visible;
            }
            InstanceState::Terminated => gone.push(e),
            InstanceState::Running => {}
        }
    }
    let ended: Vec<Entity> = {
        let mut q = world.query::<(Entity, &Instance)>();
        q.iter(world)
            .filter(|(_, i)| !i.alive())
            .map(|(e, _)| e)
            .collect()
    };
    if !ended.is_empty() {
        let mut q = world.query::<&mut TargetGroup>();
        for mut tg in q.iter_mut(world) {
            tg.targets.retain(|t| !ended.contains(&t.instance));
        }
        let mut q = world.query::<&mut LoadBalancer>();
        for mut lb in q.iter_mut(world) {
            lb.classic_targets.retain(|t| !ended.contains(&t.instance));
        }
        let mut q = world.query::<&mut ElasticIp>();
        for mut eip in q.iter_mut(world) {
            if eip.instance.is_some_and(|i| ended.contains(&i)) {
                eip.instance = None;
            }
        }
    }
    for e in gone {
        despawn_resource(world, e);
    }
    let mut q = world.query::<&mut LoadBalancer>();
    for mut lb in q.iter_mut(world) {
        if lb.state == LbState::Provisioning && now >= lb.active_at {
            lb.state = LbState::Active;
        }
    }
    let mut q = world.query::<&mut TargetGroup>();
    for mut tg in q.iter_mut(world) {
        tg.targets
            .retain(|t| t.state != TargetHealthState::Draining || now < t.drain_until);
    }
    let mut dns = world.resource_mut::<Dns>();
    if let Some((at, target)) = dns.pending.clone()
        && now >= at
    {
        dns.target = target;
        dns.pending = None;
    }
    recount_subnets(world);
}

/// Autoscaling and lifecycle code need the instances of a group in a stable order.
pub fn members_of(world: &mut World, asg: Entity) -> Vec<Entity> {
    all::<Instance>(world)
        .into_iter()
        .filter(|&e| {
            world
                .get::<Instance>(e)
                .is_some_and(|i| i.asg == Some(asg) && i.alive())
        })
        .collect()
}

/// An instance that was stopped (`StopInstances`): it stays `Pending` with no end time, is
/// not billed, and boots again on `StartInstances`.
#[derive(Component, Clone, Copy, Debug)]
pub struct Stopped {
    pub since: f64,
}

/// Does the Auto Scaling group see member `e` as unhealthy (`HealthStatus: Unhealthy`)? With
/// ELB health checks, after the grace period, when a load balancer of the group marks it so.
pub fn is_unhealthy(world: &World, g: &AutoScalingGroup, e: Entity, now: f64) -> bool {
    let Some(i) = world.get::<Instance>(e) else {
        return false;
    };
    if g.health_check_type != AsgHealthCheckType::Elb || now - i.launched_at < g.grace_period {
        return false;
    }
    let in_tg = g.target_groups.iter().any(|&tg| {
        world.get::<TargetGroup>(tg).is_some_and(|t| {
            t.targets
                .iter()
                .any(|x| x.instance == e && x.state == TargetHealthState::Unhealthy)
        })
    });
    let in_clb = g.classic_lbs.iter().any(|&lb| {
        world.get::<LoadBalancer>(lb).is_some_and(|l| {
            l.classic_targets
                .iter()
                .any(|x| x.instance == e && x.state == TargetHealthState::Unhealthy)
        })
    });
    in_tg || in_clb
}

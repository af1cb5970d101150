//! Things that happen by themselves as time passes: instances boot and terminate, load
//! balancers finish provisioning, DNS changes propagate, draining targets leave.

use super::clock::SimClock;
use super::model::*;
use super::world::{all, despawn_resource, recount_subnets, with_query};
use crate::scenario::Scenario;
use bevy::platform::collections::HashSet;
use bevy::prelude::*;

pub fn advance_lifecycles(world: &mut World) {
    let now = world.resource::<SimClock>().now;
    let timings = world.resource::<Scenario>().timings.clone();
    let mut gone = Vec::new();
    let mut ended: HashSet<Entity> = HashSet::new();
    with_query::<(Entity, &mut Instance), (), _>(world, |world, q| {
        for (e, mut i) in q.iter_mut(world) {
            if now >= i.state_until {
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
            if !i.alive() {
                ended.insert(e);
            }
        }
    });
    if !ended.is_empty() {
        with_query::<&mut TargetGroup, (), _>(world, |world, q| {
            for mut tg in q.iter_mut(world) {
                tg.targets.retain(|t| !ended.contains(&t.instance));
            }
        });
        with_query::<&mut LoadBalancer, (), _>(world, |world, q| {
            for mut lb in q.iter_mut(world) {
                lb.classic_targets.retain(|t| !ended.contains(&t.instance));
            }
        });
        with_query::<&mut ElasticIp, (), _>(world, |world, q| {
            for mut eip in q.iter_mut(world) {
                if eip.instance.is_some_and(|i| ended.contains(&i)) {
                    eip.instance = None;
                }
            }
        });
    }
    for e in gone {
        despawn_resource(world, e);
    }
    with_query::<&mut LoadBalancer, (), _>(world, |world, q| {
        for mut lb in q.iter_mut(world) {
            if lb.state == LbState::Provisioning && now >= lb.active_at {
                lb.state = LbState::Active;
            }
        }
    });
    with_query::<&mut TargetGroup, (), _>(world, |world, q| {
        for mut tg in q.iter_mut(world) {
            tg.targets
                .retain(|t| t.state != TargetHealthState::Draining || now < t.drain_until);
        }
    });
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

/// The instances a load balancer of group `g` marks unhealthy (its target groups' and
/// classic load balancers' targets in state `unhealthy`): one pass over their targets, so a
/// group's health check costs the same per member however large the group is.
pub fn unhealthy_targets(world: &World, g: &AutoScalingGroup) -> HashSet<Entity> {
    let mut out = HashSet::new();
    if g.health_check_type != AsgHealthCheckType::Elb {
        return out;
    }
    for t in g
        .target_groups
        .iter()
        .filter_map(|&tg| world.get::<TargetGroup>(tg))
    {
        out.extend(
            t.targets
                .iter()
                .filter(|x| x.state == TargetHealthState::Unhealthy)
                .map(|x| x.instance),
        );
    }
    for l in g
        .classic_lbs
        .iter()
        .filter_map(|&lb| world.get::<LoadBalancer>(lb))
    {
        out.extend(
            l.classic_targets
                .iter()
                .filter(|x| x.state == TargetHealthState::Unhealthy)
                .map(|x| x.instance),
        );
    }
    out
}

/// Does the Auto Scaling group see member `e` as unhealthy (`HealthStatus: Unhealthy`)? With
/// ELB health checks, after the grace period, when a load balancer of the group marks it so
/// (`unhealthy` is [`unhealthy_targets`] of the group).
pub fn is_unhealthy(
    world: &World,
    g: &AutoScalingGroup,
    e: Entity,
    now: f64,
    unhealthy: &HashSet<Entity>,
) -> bool {
    let Some(i) = world.get::<Instance>(e) else {
        return false;
    };
    if g.health_check_type != AsgHealthCheckType::Elb || now - i.launched_at < g.grace_period {
        return false;
    }
    unhealthy.contains(&e)
}

//! The one hint engine. Two kinds of hints unlock once each, on the tick their trigger
//! fires: the scenario's own (`hints:` in its RON: at a minute, after an incident, on an
//! error code, above a failure rate) and the game's built-in ones, which wait for a
//! situation in the estate (subnets too full for a load balancer, a boot script that fails,
//! a stranger in the trail …). Every trigger is something the player can see as well, so
//! bots that read hints learn nothing hidden. The HUD shows them and toasts each new one.

use super::chaos::ChaosState;
use super::clock::{SimClock, TICK_SECONDS};
use super::command::{Command, LbKind};
use super::flow::TickFlow;
use super::metrics::Metrics;
use super::model::*;
use super::trail::CloudTrail;
use super::world::{all, with_query};
use crate::scenario::{HintTrigger, Scenario};
use bevy::prelude::*;
use std::collections::VecDeque;

/// A situation in the estate that a built-in hint waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Situation {
    /// A load balancer could not be created: its subnets lack free addresses.
    SubnetsFull,
    /// A running instance's user-data script failed.
    BootScriptFails,
    /// A subnet the team made is behind a load balancer but has no route to the internet.
    NewSubnetPrivate,
    /// The Classic load balancer's surge queue spilled over last minute.
    SurgeQueue,
    /// A principal outside the team changed the estate.
    UnknownPrincipal,
    /// Twenty minutes in, no Auto Scaling group has a scaling policy.
    NoScalingPolicy,
    /// A healthy ALB is ready but DNS still points at the Classic load balancer.
    DnsStillOld,
}

/// Which hint unlocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintKind {
    /// The scenario's hint at this index.
    Scenario(usize),
    /// A built-in hint.
    Situation(Situation),
}

/// Hints unlocked so far, and what the triggers have already looked at.
#[derive(Resource, Clone, Debug, Default)]
pub struct Hints {
    /// `(time unlocked, which)`, in the order they appeared.
    pub shown: Vec<(f64, HintKind)>,
    /// CloudTrail events already looked at (error codes, principals).
    pub trail_seen: u64,
    /// The last minute of `(ok, failed)` per tick.
    window: VecDeque<(u64, u64)>,
}

impl Hints {
    pub fn is_shown(&self, kind: HintKind) -> bool {
        self.shown.iter().any(|(_, k)| *k == kind)
    }

    /// The scenario hints shown so far: `(time, index)`.
    pub fn scenario_hints(&self) -> impl Iterator<Item = (f64, usize)> + '_ {
        self.shown.iter().filter_map(|(t, k)| match k {
            HintKind::Scenario(i) => Some((*t, *i)),
            HintKind::Situation(_) => None,
        })
    }
}

pub fn update_hints(world: &mut World) {
    let now = world.resource::<SimClock>().now;
    let ticks_per_minute = (60.0 / TICK_SECONDS).round().max(1.0) as usize;
    let (ok, failed) = {
        let f = world.resource::<TickFlow>();
        (f.ok, f.failed)
    };
    let seen = world.resource::<Hints>().trail_seen;
    let (new_codes, total) = {
        let trail = world.resource::<CloudTrail>();
        let codes: Vec<String> = trail
            .since(seen)
            .filter_map(|e| e.error.as_ref().map(|err| err.code.clone()))
            .collect();
        (codes, trail.total)
    };
    let found = situations(world, seen);
    let chaos_next = world.resource::<ChaosState>().next;
    world.resource_scope(|world, scenario: Mut<Scenario>| {
        let mut hints = world.resource_mut::<Hints>();
        hints.trail_seen = total;
        hints.window.push_back((ok, failed));
        while hints.window.len() > ticks_per_minute {
            hints.window.pop_front();
        }
        let (w_ok, w_failed) = hints
            .window
            .iter()
            .fold((0u64, 0u64), |(a, b), (o, f)| (a + o, b + f));
        let failure_rate = if w_ok + w_failed == 0 {
            0.0
        } else {
            w_failed as f64 / (w_ok + w_failed) as f64
        };
        for (k, hint) in scenario.hints.iter().enumerate() {
            if hints.is_shown(HintKind::Scenario(k)) {
                continue;
            }
            let fire = match &hint.trigger {
                HintTrigger::AtMinute(m) => now >= m * 60.0,
                // Fixed events fire when their minute passes (the timeline may hold pool
                // events too).
                HintTrigger::AfterChaos(i) => scenario
                    .chaos
                    .get(*i)
                    .is_some_and(|e| chaos_next > 0 && e.at_minute * 60.0 <= now),
                HintTrigger::ErrorCode(code) => new_codes.iter().any(|c| c == code),
                HintTrigger::FailureRateAbove(r) => {
                    hints.window.len() >= ticks_per_minute && failure_rate > *r
                }
            };
            if fire {
                hints.shown.push((now, HintKind::Scenario(k)));
            }
        }
        for s in found {
            if !hints.is_shown(HintKind::Situation(s)) {
                hints.shown.push((now, HintKind::Situation(s)));
            }
        }
    });
}

/// The situations present in the world right now, looking at the trail after event `since`.
pub fn situations(world: &mut World, since: u64) -> Vec<Situation> {
    let mut found = Vec::new();
    let trail = world.resource::<CloudTrail>();
    for e in trail.since(since) {
        if let (Command::CreateLoadBalancer { .. }, Some(err)) = (&e.command, &e.error)
            && (err.code.contains("Subnet") || err.message.contains("address"))
        {
            found.push(Situation::SubnetsFull);
        }
        if e.principal.is_unknown() && e.error.is_none() {
            found.push(Situation::UnknownPrincipal);
        }
    }
    if with_query::<&Instance, (), _>(world, |world, q| {
        q.iter(world)
            .any(|i| i.state == InstanceState::Running && i.boot.failure.is_some())
    }) {
        found.push(Situation::BootScriptFails);
    }
    let lb_subnets: Vec<Entity> = with_query::<&LoadBalancer, (), _>(world, |world, q| {
        q.iter(world)
            .flat_map(|l| l.subnets.iter().copied())
            .collect()
    });
    if with_query::<(Entity, &Subnet, &CreatedBy), (), _>(world, |world, q| {
        q.iter(world).any(|(e, s, by)| {
            !s.public && lb_subnets.contains(&e) && by.0.contains(":user/devops-team")
        })
    }) {
        found.push(Situation::NewSubnetPrivate);
    }
    if world
        .resource::<Metrics>()
        .last()
        .is_some_and(|d| d.spillover > 0)
    {
        found.push(Situation::SurgeQueue);
    }
    let now = world.resource::<SimClock>().now;
    let asgs = all::<AutoScalingGroup>(world);
    if now > 20.0 * 60.0
        && !asgs.is_empty()
        && asgs.iter().all(|&g| {
            world
                .get::<AutoScalingGroup>(g)
                .is_some_and(|a| a.policies.is_empty())
        })
    {
        found.push(Situation::NoScalingPolicy);
    }
    let dns = world.resource::<Dns>().target.clone();
    let lbs = all::<LoadBalancer>(world);
    let classic_serving = lbs.iter().any(|&e| {
        let l = world.get::<LoadBalancer>(e).unwrap();
        l.kind == LbKind::Classic && matches!(&dns, Some(DnsTarget::Alias(n)) if *n == l.dns_name)
    });
    if classic_serving {
        let tgs: Vec<Entity> = all::<TargetGroup>(world);
        let alb_ready = lbs.iter().any(|&e| {
            let l = world.get::<LoadBalancer>(e).unwrap();
            l.kind == LbKind::Application
                && l.state == LbState::Active
                && l.listeners.iter().any(|x| {
                    x.target_group.is_some_and(|tg| {
                        tgs.contains(&tg)
                            && world.get::<TargetGroup>(tg).is_some_and(|t| {
                                t.targets
                                    .iter()
                                    .any(|t| t.state == TargetHealthState::Healthy)
                            })
                    })
                })
        });
        if alb_ready {
            found.push(Situation::DnsStillOld);
        }
    }
    found.dedup();
    found
}

/// A new round: every hint locked again.
pub fn reset(world: &mut World) {
    world.insert_resource(Hints::default());
}

//! Guided tutorial steps: the scenario's `steps` are shown one at a time and each waits for
//! the player's action, judged only from what the player can see too (CloudTrail, the target
//! groups' health, the alarm list, the hostname's record). A finished step adds its points.

use super::alarms::MetricAlarm;
use super::clock::SimClock;
use super::command::{LbKind, Principal};
use super::model::{Dns, DnsTarget, LoadBalancer, TargetGroup, TargetHealthState};
use super::score::Score;
use super::trail::CloudTrail;
use super::world::all;
use crate::scenario::{Scenario, StepTrigger};
use bevy::prelude::*;
use std::collections::BTreeMap;

/// Where the player is in the scenario's steps.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TutorialProgress {
    /// Index of the step on screen; equal to the number of steps when all are done.
    pub current: usize,
    /// Simulated time the current step appeared.
    pub step_since: f64,
    /// `(time done, step index)` for every finished step, in order.
    pub done: Vec<(f64, usize)>,
    /// CloudTrail events already looked at.
    trail_seen: u64,
    /// The team's successful calls not yet used by a step, by event name: a player who is a
    /// step ahead is not made to repeat it.
    calls: BTreeMap<&'static str, u32>,
}

impl TutorialProgress {
    /// All steps are done (always true for a scenario without steps).
    pub fn finished(&self, scenario: &Scenario) -> bool {
        self.current >= scenario.steps.len()
    }
}

/// A call by the team: the player, or an autopilot playing for them.
fn by_team(p: &Principal) -> bool {
    matches!(p, Principal::Player | Principal::Bot(_))
}

/// Whether `trigger` is met now; `new_calls` are the team's successful calls since last time.
fn met(
    world: &mut World,
    trigger: &StepTrigger,
    calls: &BTreeMap<&'static str, u32>,
    waited: f64,
) -> bool {
    match trigger {
        StepTrigger::Call(name) => calls.get(name.as_str()).is_some_and(|&n| n > 0),
        StepTrigger::HealthyTargets(n) => all::<TargetGroup>(world).into_iter().any(|e| {
            let tg = world.get::<TargetGroup>(e).unwrap();
            tg.targets
                .iter()
                .filter(|t| t.state == TargetHealthState::Healthy)
                .count() as u32
                >= *n
        }),
        StepTrigger::AlarmExists => !all::<MetricAlarm>(world).is_empty(),
        StepTrigger::HostnameOnAlb => {
            let Some(DnsTarget::Alias(dns)) = world.resource::<Dns>().target.clone() else {
                return false;
            };
            all::<LoadBalancer>(world).into_iter().any(|e| {
                let lb = world.get::<LoadBalancer>(e).unwrap();
                lb.kind == LbKind::Application && lb.dns_name.eq_ignore_ascii_case(&dns)
            })
        }
        StepTrigger::AfterSeconds(s) => waited >= *s,
    }
}

/// Checks the current step's trigger once per tick; several steps can finish in one tick
/// when each later trigger already holds (a call counts for one step only).
pub fn update_tutorial(world: &mut World) {
    if world.resource::<Scenario>().steps.is_empty() {
        return;
    }
    let now = world.resource::<SimClock>().now;
    let (new_calls, total) = {
        let trail = world.resource::<CloudTrail>();
        let seen = world.resource::<TutorialProgress>().trail_seen;
        let calls: Vec<&'static str> = trail
            .since(seen)
            .filter(|e| e.error.is_none() && by_team(&e.principal))
            .map(|e| e.event_name())
            .collect();
        (calls, trail.total)
    };
    {
        let mut p = world.resource_mut::<TutorialProgress>();
        p.trail_seen = total;
        for c in new_calls {
            *p.calls.entry(c).or_default() += 1;
        }
    }
    loop {
        let p = world.resource::<TutorialProgress>().clone();
        // only the current step's trigger is copied, never the scenario's texts
        let Some((done_when, points)) = world
            .resource::<Scenario>()
            .steps
            .get(p.current)
            .map(|s| (s.done_when.clone(), s.points))
        else {
            return;
        };
        if !met(world, &done_when, &p.calls, now - p.step_since) {
            return;
        }
        {
            let mut score = world.resource_mut::<Score>();
            score.points += points;
            score.step_points += points;
        }
        let mut p = world.resource_mut::<TutorialProgress>();
        if let StepTrigger::Call(name) = &done_when
            && let Some(n) = p.calls.get_mut(name.as_str())
        {
            *n -= 1;
        }
        let k = p.current;
        p.done.push((now, k));
        p.current += 1;
        p.step_since = now;
    }
}

/// A new round: the tutorial from its first step.
pub fn reset(world: &mut World) {
    world.insert_resource(TutorialProgress::default());
}

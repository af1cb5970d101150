//! Runbook hints: each scenario hint appears once, when its trigger fires. Every trigger is
//! something the player can see as well (the clock, the incident feed, an error, the
//! failure rate), so bots that read hints learn nothing hidden.

use super::chaos::ChaosState;
use super::clock::SimClock;
use super::flow::TickFlow;
use super::trail::CloudTrail;
use crate::scenario::{HintTrigger, Scenario};
use bevy::prelude::*;
use std::collections::VecDeque;

/// Hints shown so far, and the rolling window the failure-rate trigger reads.
#[derive(Resource, Clone, Debug, Default)]
pub struct Hints {
    /// `(time shown, index into the scenario's hints)`, in the order they appeared.
    pub shown: Vec<(f64, usize)>,
    /// CloudTrail events already looked at for error codes.
    pub trail_seen: u64,
    /// The last minute of `(ok, failed)` per tick.
    window: VecDeque<(u64, u64)>,
}

impl Hints {
    pub fn is_shown(&self, index: usize) -> bool {
        self.shown.iter().any(|(_, k)| *k == index)
    }
}

pub fn update_hints(world: &mut World) {
    let now = world.resource::<SimClock>().now;
    let ticks_per_minute = (60.0 / super::clock::TICK_SECONDS).round().max(1.0) as usize;
    let (ok, failed) = {
        let f = world.resource::<TickFlow>();
        (f.ok, f.failed)
    };
    let scenario = world.resource::<Scenario>().clone();
    let fixed_fired = {
        let state = world.resource::<ChaosState>();
        // Fixed events fire when their minute passes; the timeline may hold pool events too.
        scenario
            .chaos
            .iter()
            .map(|e| state.next > 0 && e.at_minute * 60.0 <= now)
            .collect::<Vec<_>>()
    };
    let (new_codes, total) = {
        let trail = world.resource::<CloudTrail>();
        let seen = world.resource::<Hints>().trail_seen;
        let codes: Vec<String> = trail
            .events
            .iter()
            .filter(|e| e.number > seen)
            .filter_map(|e| e.error.as_ref().map(|err| err.code.clone()))
            .collect();
        (codes, trail.total)
    };
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
        if hints.is_shown(k) {
            continue;
        }
        let fire = match &hint.trigger {
            HintTrigger::AtMinute(m) => now >= m * 60.0,
            HintTrigger::AfterChaos(i) => fixed_fired.get(*i).copied().unwrap_or(false),
            HintTrigger::ErrorCode(code) => new_codes.iter().any(|c| c == code),
            HintTrigger::FailureRateAbove(r) => {
                hints.window.len() >= ticks_per_minute && failure_rate > *r
            }
        };
        if fire {
            hints.shown.push((now, k));
        }
    }
}

/// A new round: every hint locked again.
pub fn reset(world: &mut World) {
    world.insert_resource(Hints::default());
}

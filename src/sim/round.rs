//! Starting a round: every part of the simulation resets its own state for the scenario and
//! seed, then the starting estate is built and settled.

use super::random::SimRng;
use super::{
    alarms, api, chaos, clock, estate, findings, hints, iam, metrics, score, traffic, trail,
    tutorial, waf, world,
};
use crate::scenario::{Scenario, ScenarioError};
use bevy::prelude::*;

/// Resets the world to the scenario's start with the given seed.
pub fn start_round(world: &mut World, scenario: Scenario, seed: u64) -> Result<(), ScenarioError> {
    estate::clear(world);
    let mut root = SimRng::seed_from_u64(seed);
    clock::reset(world, &scenario);
    world::reset(world, &scenario);
    trail::reset(world);
    alarms::reset(world);
    api::reset(world);
    metrics::reset(world);
    score::reset(world);
    hints::reset(world);
    tutorial::reset(world);
    traffic::reset(world, root.fork(1));
    chaos::reset(world, &scenario, seed, root.fork(2));
    estate::reset_dns(world, &scenario);
    let mut scenario = scenario;
    scenario
        .chaos
        .sort_by(|a, b| a.at_minute.total_cmp(&b.at_minute));
    world.insert_resource(scenario.clone());
    estate::build(world, &scenario)
        .map_err(|m| ScenarioError::at(&scenario.id, 0, 0, "estate", m))?;
    waf::reset(world);
    findings::reset(world);
    iam::reset(world, &scenario);
    estate::settle(world);
    Ok(())
}

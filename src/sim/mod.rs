//! The simulation: the estate as ECS data, the command API, traffic, health checks, Auto
//! Scaling, chaos, metrics and score. Runs under `MinimalPlugins`; knows nothing of the view,
//! the HUD or the platform.

pub mod alarm_actions;
pub mod alarms;
pub mod api;
pub mod autoscaling;
pub mod causes;
pub mod chaos;
pub mod clock;
pub mod command;
pub mod entity_set;
pub mod estate;
pub mod findings;
pub mod finops;
pub mod flow;
pub mod health;
pub mod hints;
pub mod histogram;
pub mod iam;
pub mod ids;
pub mod instance_attributes;
pub mod lifecycle;
pub mod metrics;
pub mod model;
pub mod queueing;
pub mod random;
pub mod round;
pub mod score;
pub mod security_group_list;
pub mod services;
pub mod traffic;
pub mod trail;
pub mod tutorial;
pub mod userdata;
pub mod waiters;
pub mod world;
// ---- data tier ----
pub mod data_tier;
pub mod describe;
pub mod ecs;
pub mod lambda;
pub mod rds;
pub mod sqs;
pub mod waf;

use bevy::ecs::schedule::SingleThreadedExecutor;
use bevy::prelude::*;
use clock::{SimClock, TICK_SECONDS};

/// The stages of one simulation tick, in order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimSystems {
    /// Scheduled incidents fire.
    Chaos,
    /// Queued player/bot commands execute.
    Commands,
    /// Boots, terminations, provisioning, DNS propagation.
    Lifecycle,
    /// Load-balancer health checks.
    Health,
    /// The Auto Scaling service.
    Autoscaling,
    /// Customer requests flow.
    Traffic,
    /// Cost and score.
    Score,
    /// CloudWatch datapoints.
    Metrics,
    /// Time moves on.
    Clock,
}

/// True while a scenario is loaded and not finished.
pub fn sim_running(clock: Option<Res<SimClock>>) -> bool {
    clock.is_some_and(|c| !c.finished())
}

fn advance_clock(mut clock: ResMut<SimClock>) {
    clock.tick += 1;
    clock.now = clock.tick as f64 * TICK_SECONDS;
}

/// Registers the tick's systems in `FixedUpdate`, in a fixed order, single-threaded.
pub fn plugin(app: &mut App) {
    app.configure_sets(
        FixedUpdate,
        (
            SimSystems::Chaos,
            SimSystems::Commands,
            SimSystems::Lifecycle,
            SimSystems::Health,
            SimSystems::Autoscaling,
            SimSystems::Traffic,
            SimSystems::Score,
            SimSystems::Metrics,
            SimSystems::Clock,
        )
            .chain()
            .run_if(sim_running),
    )
    .add_systems(
        FixedUpdate,
        (
            chaos::run_chaos.in_set(SimSystems::Chaos),
            (api::run_queued_commands, api::poll_waiters)
                .chain()
                .in_set(SimSystems::Commands),
            lifecycle::advance_lifecycles.in_set(SimSystems::Lifecycle),
            health::run_health_checks.in_set(SimSystems::Health),
            autoscaling::run_autoscaling.in_set(SimSystems::Autoscaling),
            traffic::simulate_traffic.in_set(SimSystems::Traffic),
            score::update_score.in_set(SimSystems::Score),
            (
                metrics::close_minute,
                findings::detect_findings,
                waf::close_waf_minute,
                alarm_actions::evaluate_alarms,
                hints::update_hints,
                tutorial::update_tutorial,
            )
                .chain()
                .in_set(SimSystems::Metrics),
            advance_clock.in_set(SimSystems::Clock),
        ),
    )
    .edit_schedule(FixedUpdate, |s| {
        s.set_executor(SingleThreadedExecutor::new());
    });
}

/// Runs one tick now (headless runners and tests call this instead of waiting for time).
pub fn step(world: &mut World) {
    world.run_schedule(FixedUpdate);
}

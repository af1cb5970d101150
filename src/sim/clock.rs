//! Simulated time: one tick is one simulated second; the wall clock of the scenario's day.

use crate::data::time::parse_iso8601;
use bevy::prelude::*;

/// Simulated seconds per tick. Game speed scales how many ticks run per real second.
pub const TICK_SECONDS: f64 = 1.0;

#[derive(Resource, Clone, Debug, Default)]
pub struct SimClock {
    /// Ticks completed.
    pub tick: u64,
    /// Simulated seconds since the scenario started (start of the current tick).
    pub now: f64,
    /// Unix time of the scenario's start (from its `start_time`).
    pub epoch_unix: i64,
    /// Scenario length in seconds.
    pub duration: f64,
}

impl SimClock {
    pub fn minute(&self) -> u64 {
        (self.now / 60.0) as u64
    }

    pub fn finished(&self) -> bool {
        self.now >= self.duration
    }

    /// `HH:MM` on the scenario's clock.
    pub fn wall_clock(&self, t: f64) -> String {
        let secs = self.epoch_unix + t as i64;
        let day = secs.rem_euclid(86_400);
        format!("{:02}:{:02}", day / 3600, (day / 60) % 60)
    }

    /// The ISO-8601 UTC time of simulated second `t` (`2026-11-22T10:30:00Z`).
    pub fn iso8601(&self, t: f64) -> String {
        crate::data::time::format_iso8601(self.epoch_unix + t as i64)
    }

    /// Converts an ISO-8601 UTC time (`2026-11-22T10:30:00Z`) into simulated seconds.
    pub fn sim_time_of(&self, iso: &str) -> Option<f64> {
        Some((parse_iso8601(iso)? - self.epoch_unix) as f64)
    }
}

/// A new round: tick 0 at the scenario's start time.
pub fn reset(world: &mut World, scenario: &crate::scenario::Scenario) {
    world.insert_resource(SimClock {
        tick: 0,
        now: 0.0,
        epoch_unix: parse_iso8601(&scenario.start_time).unwrap_or(0),
        duration: scenario.duration_minutes as f64 * 60.0,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_times_convert() {
        let c = SimClock {
            epoch_unix: 1_795_338_000,
            ..Default::default()
        };
        assert_eq!(c.sim_time_of("2026-11-22T10:30:00Z"), Some(5400.0));
        assert_eq!(c.wall_clock(5400.0), "10:30");
    }
}

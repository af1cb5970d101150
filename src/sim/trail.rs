//! CloudTrail: the audit log of every command, who sent it and how it ended.

use super::command::{ApiError, Command, Principal};
use bevy::prelude::*;
use std::collections::VecDeque;

/// One CloudTrail event.
#[derive(Clone, Debug)]
pub struct TrailEvent {
    /// Monotonic event number (stable across trimming; the HUD links toasts to it).
    pub number: u64,
    /// Simulated seconds since the scenario started.
    pub time: f64,
    pub principal: Principal,
    pub command: Command,
    /// Ids of resources the call named or created.
    pub resources: Vec<String>,
    pub error: Option<ApiError>,
}

impl TrailEvent {
    pub fn event_name(&self) -> &'static str {
        self.command.event_name()
    }
}

/// The log. Bounded: the oldest events are dropped past `capacity`, counts are kept.
#[derive(Resource, Debug)]
pub struct CloudTrail {
    pub events: VecDeque<TrailEvent>,
    pub capacity: usize,
    pub total: u64,
    pub errors: u64,
}

impl Default for CloudTrail {
    fn default() -> Self {
        Self {
            events: VecDeque::new(),
            capacity: 50_000,
            total: 0,
            errors: 0,
        }
    }
}

impl CloudTrail {
    pub fn record(
        &mut self,
        time: f64,
        principal: Principal,
        command: Command,
        resources: Vec<String>,
        error: Option<ApiError>,
    ) -> u64 {
        self.total += 1;
        if error.is_some() {
            self.errors += 1;
        }
        let number = self.total;
        self.events.push_back(TrailEvent {
            number,
            time,
            principal,
            command,
            resources,
            error,
        });
        while self.events.len() > self.capacity {
            self.events.pop_front();
        }
        number
    }
}

//! CloudTrail: the audit log of every command, who sent it and how it ended.

use super::command::{ApiError, CallerContext, Command, Principal, Ticket};
use bevy::prelude::*;
use std::collections::VecDeque;

/// One CloudTrail event.
#[derive(Clone, Debug)]
pub struct TrailEvent {
    /// Monotonic event number (stable across trimming; the HUD links toasts to it).
    pub number: u64,
    /// Simulated seconds since the scenario started.
    pub time: f64,
    /// The ticket of the call (its answer is kept under it).
    pub ticket: Ticket,
    pub principal: Principal,
    /// How the call was signed (access key, source address), if not by the team's console.
    pub caller: CallerContext,
    pub command: Command,
    /// Ids of resources the call named or created.
    pub resources: Vec<String>,
    pub error: Option<ApiError>,
}

impl TrailEvent {
    /// An event of an unsigned call, not yet numbered (the log numbers it).
    pub fn new(
        time: f64,
        principal: Principal,
        command: Command,
        resources: Vec<String>,
        error: Option<ApiError>,
    ) -> Self {
        Self {
            number: 0,
            time,
            ticket: Ticket::default(),
            principal,
            caller: CallerContext::default(),
            command,
            resources,
            error,
        }
    }

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
    /// The events after event number `seen`, oldest first (what a reader that keeps its
    /// place has not read yet); costs the number of new events, not the log's length.
    pub fn since(&self, seen: u64) -> impl Iterator<Item = &TrailEvent> {
        let fresh = self
            .events
            .iter()
            .rev()
            .take_while(|e| e.number > seen)
            .count();
        self.events.iter().skip(self.events.len() - fresh)
    }

    /// Appends an event, numbering it; returns its number.
    pub fn record(&mut self, mut event: TrailEvent) -> u64 {
        self.total += 1;
        if event.error.is_some() {
            self.errors += 1;
        }
        event.number = self.total;
        self.events.push_back(event);
        while self.events.len() > self.capacity {
            self.events.pop_front();
        }
        self.total
    }
}

/// A new round: an empty log.
pub fn reset(world: &mut World) {
    world.insert_resource(CloudTrail::default());
}

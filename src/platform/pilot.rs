//! Autopilots for the attract loop: anything implementing `Pilot` can play a round (the
//! services branch's `expert` bot plugs in here); `ScriptPilot` replays a timed commands file.

use crate::awscli::parse_commands_file;
use crate::sim::SimSystems;
use crate::sim::api::CommandQueue;
use crate::sim::clock::SimClock;
use crate::sim::command::{Command, Principal};
use bevy::prelude::*;

/// Something that plays a round: asked once per tick for the commands to issue now.
pub trait Pilot: Send + Sync + 'static {
    /// Shown in CloudTrail as `bot-<name>`.
    fn name(&self) -> &str;
    /// A new round starts (the world holds its fresh estate).
    fn start(&mut self, world: &World);
    /// Commands to issue at this tick (`now` in simulated seconds).
    fn act(&mut self, world: &World, now: f64) -> Vec<Command>;
}

/// Plays a commands file (`MM:SS aws …` lines) at its times.
pub struct ScriptPilot {
    pub name: String,
    pub commands: Vec<(u32, Command)>,
    next: usize,
}

/// The committed runbook for Unicorn Rentals (the attract loop's default until a bot exists).
pub const UNICORN_SCRIPT: &str = include_str!("../../scenarios/unicorn-rentals.commands");

impl ScriptPilot {
    pub fn from_text(name: &str, text: &str) -> Result<Self, String> {
        Ok(Self {
            name: name.into(),
            commands: parse_commands_file(text).map_err(|e| e.to_string())?,
            next: 0,
        })
    }

    pub fn unicorn_runbook() -> Self {
        Self::from_text("attract", UNICORN_SCRIPT).expect("the committed commands file parses")
    }
}

impl Pilot for ScriptPilot {
    fn name(&self) -> &str {
        &self.name
    }

    fn start(&mut self, _world: &World) {
        self.next = 0;
    }

    fn act(&mut self, _world: &World, now: f64) -> Vec<Command> {
        let mut out = Vec::new();
        while self.next < self.commands.len() && self.commands[self.next].0 as f64 <= now {
            out.push(self.commands[self.next].1.clone());
            self.next += 1;
        }
        out
    }
}

/// The pilot in charge, when `active` (the kiosk turns it on for the attract loop).
#[derive(Resource)]
pub struct ActivePilot {
    pub pilot: Box<dyn Pilot>,
    pub active: bool,
    /// Set when a new round starts; the pilot's `start` runs before its first tick.
    pub needs_start: bool,
}

impl ActivePilot {
    pub fn new(pilot: Box<dyn Pilot>) -> Self {
        Self {
            pilot,
            active: false,
            needs_start: true,
        }
    }
}

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PilotSystems {
    Act,
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        drive_pilot
            .run_if(crate::sim::sim_running)
            .run_if(resource_exists::<ActivePilot>)
            .in_set(PilotSystems::Act)
            .before(SimSystems::Chaos),
    );
}

/// Queues the pilot's commands for this tick (they run in this tick's command stage).
fn drive_pilot(world: &mut World) {
    let now = world.resource::<SimClock>().now;
    world.resource_scope(|world, mut slot: Mut<ActivePilot>| {
        if !slot.active {
            return;
        }
        if slot.needs_start {
            slot.pilot.start(world);
            slot.needs_start = false;
        }
        let commands = slot.pilot.act(world, now);
        if commands.is_empty() {
            return;
        }
        let who = Principal::Bot(slot.pilot.name().to_string());
        let mut queue = world.resource_mut::<CommandQueue>();
        for c in commands {
            queue.push(who.clone(), c);
        }
    });
}

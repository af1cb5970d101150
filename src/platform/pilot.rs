//! Autopilots for the attract loop: anything implementing `Pilot` can play a round.
//! `BotPilot` is an autopilot bot (the kiosk's `expert` playing `booth-5min`); `ScriptPilot`
//! replays a timed commands file.

use crate::awscli::parse_commands_file;
use crate::bots::{Autopilot, Bot};
use crate::scenario::Scenario;
use crate::sim::SimSystems;
use crate::sim::api::CommandQueue;
use crate::sim::clock::SimClock;
use crate::sim::command::{CallerContext, Command, Principal};
use bevy::prelude::*;

/// Something that plays a round: asked once per tick for the commands to issue now.
pub trait Pilot: Send + Sync + 'static {
    /// Shown in CloudTrail as `bot-<name>`.
    fn name(&self) -> &str;
    /// A new round starts (the world holds its fresh estate).
    fn start(&mut self, world: &World);
    /// Commands to issue at this tick (`now` in simulated seconds). A pilot may also call the
    /// command API itself (a bot does), as `bot-<name>`.
    fn act(&mut self, world: &mut World, now: f64) -> Vec<Command>;
}

/// An autopilot bot: a fresh [`Bot`] of `level` for every round, for the round's scenario.
pub struct BotPilot {
    pub level: Autopilot,
    bot: Option<Bot>,
}

impl BotPilot {
    pub fn new(level: Autopilot) -> Self {
        Self { level, bot: None }
    }

    /// The bot playing the current round (None before the first round starts).
    pub fn bot(&self) -> Option<&Bot> {
        self.bot.as_ref()
    }
}

impl Pilot for BotPilot {
    fn name(&self) -> &str {
        self.level.name()
    }

    fn start(&mut self, world: &World) {
        self.bot = world
            .get_resource::<Scenario>()
            .map(|s| Bot::new(self.level, s, self.level.name()));
    }

    fn act(&mut self, world: &mut World, _now: f64) -> Vec<Command> {
        if let Some(bot) = &mut self.bot {
            bot.act(world);
        }
        vec![]
    }
}

/// Plays a commands file (`MM:SS aws …` lines) at its times.
pub struct ScriptPilot {
    pub name: String,
    pub commands: Vec<(u32, Command)>,
    next: usize,
}

impl ScriptPilot {
    pub fn from_text(name: &str, text: &str) -> Result<Self, String> {
        Ok(Self {
            name: name.into(),
            commands: parse_commands_file(text).map_err(|e| e.to_string())?,
            next: 0,
        })
    }
}

impl Pilot for ScriptPilot {
    fn name(&self) -> &str {
        &self.name
    }

    fn start(&mut self, _world: &World) {
        self.next = 0;
    }

    fn act(&mut self, _world: &mut World, now: f64) -> Vec<Command> {
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
            queue.push(who.clone(), CallerContext::default(), c);
        }
    });
}

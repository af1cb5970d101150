//! Rival teams: AI teams playing the player's scenario and seed in background worlds, at
//! different skill levels, ranked live with the player like the event's leaderboard.
//!
//! Each rival is a whole simulation world driven by an autopilot bot; after every player
//! tick the rivals catch up to the player's simulated time, so the standings compare equal
//! moments of the same round. The HUD reads [`RivalStandings`].

use crate::bots::{Autopilot, Bot};
use crate::scenario::{Scenario, start_scenario};
use crate::sim::SimSystems;
use crate::sim::clock::SimClock;
use crate::sim::score::Score;
use bevy::prelude::*;

/// Team names shown on the scoreboard, and their skill.
pub const RIVAL_ROSTER: &[(&str, Autopilot)] = &[
    ("Cloud Nine", Autopilot::Expert),
    ("Lambda Llamas", Autopilot::Novice),
    ("Packet Pirates", Autopilot::Idle),
    ("Auto Scalers", Autopilot::Expert),
    ("Ops Otters", Autopilot::Novice),
    ("Byte Me", Autopilot::Novice),
    ("Null Pointers", Autopilot::Idle),
];

/// One rival: its world and its bot.
pub struct Rival {
    pub name: String,
    pub level: Autopilot,
    world: World,
    bot: Bot,
}

impl Rival {
    pub fn score(&self) -> f64 {
        self.world.resource::<Score>().points
    }

    pub fn tick(&self) -> u64 {
        self.world.resource::<SimClock>().tick
    }

    /// Plays one tick.
    pub fn step(&mut self) {
        if self.world.resource::<SimClock>().finished() {
            return;
        }
        self.bot.act(&mut self.world);
        crate::sim::step(&mut self.world);
    }
}

/// The background teams.
#[derive(Resource, Default)]
pub struct RivalTeams(pub Vec<Rival>);

impl RivalTeams {
    /// `count` (3–7) teams from the roster, each in its own world.
    pub fn new(scenario: &Scenario, seed: u64, count: usize) -> Self {
        let teams = RIVAL_ROSTER
            .iter()
            .take(count.clamp(3, RIVAL_ROSTER.len()))
            .filter_map(|(name, level)| {
                let mut app = crate::headless::headless_app();
                start_scenario(app.world_mut(), scenario.clone(), seed).ok()?;
                let world = std::mem::take(app.world_mut());
                Some(Rival {
                    name: name.to_string(),
                    level: *level,
                    bot: Bot::new(*level, scenario, &name.to_lowercase().replace(' ', "-")),
                    world,
                })
            })
            .collect();
        RivalTeams(teams)
    }

    /// Steps every rival until it reaches `tick`.
    pub fn catch_up(&mut self, tick: u64) {
        for r in &mut self.0 {
            while r.tick() < tick && !r.world.resource::<SimClock>().finished() {
                r.step();
            }
        }
    }
}

/// One line of the scoreboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    pub rank: usize,
    pub name: String,
    pub score: f64,
    pub is_player: bool,
    /// `None` for the player.
    pub level: Option<Autopilot>,
}

/// The live scoreboard, best first (the HUD shows it).
#[derive(Resource, Clone, Debug, Default)]
pub struct RivalStandings(pub Vec<Standing>);

/// Ranks the player with the rivals, best first (ties keep the roster order).
pub fn standings(player_name: &str, player_score: f64, rivals: &RivalTeams) -> Vec<Standing> {
    let mut rows: Vec<Standing> = std::iter::once(Standing {
        rank: 0,
        name: player_name.to_string(),
        score: player_score,
        is_player: true,
        level: None,
    })
    .chain(rivals.0.iter().map(|r| Standing {
        rank: 0,
        name: r.name.clone(),
        score: r.score(),
        is_player: false,
        level: Some(r.level),
    }))
    .collect();
    rows.sort_by(|a, b| b.score.total_cmp(&a.score));
    for (k, row) in rows.iter_mut().enumerate() {
        row.rank = k + 1;
    }
    rows
}

/// Keeps the rivals level with the player's clock and refreshes the standings.
fn update_rivals(world: &mut World) {
    let Some(tick) = world.get_resource::<SimClock>().map(|c| c.tick) else {
        return;
    };
    let Some(mut rivals) = world.remove_resource::<RivalTeams>() else {
        return;
    };
    rivals.catch_up(tick);
    let score = world.resource::<Score>().points;
    world.insert_resource(RivalStandings(standings("You", score, &rivals)));
    world.insert_resource(rivals);
}

/// Adds the rivals' catch-up after each player tick. Insert [`RivalTeams`] when a round
/// starts (for example with `RivalTeams::new(&scenario, seed, 7)`); without it nothing runs.
pub fn plugin(app: &mut App) {
    app.init_resource::<RivalStandings>()
        .add_systems(FixedUpdate, update_rivals.after(SimSystems::Clock));
}

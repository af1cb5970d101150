//! Rival teams: AI teams playing the player's scenario and seed in background worlds, at
//! different skill levels, ranked live with the player like the event's leaderboard.
//!
//! Each rival is a whole simulation world driven by an autopilot bot; after every player
//! tick the rivals catch up to the player's simulated time, so the standings compare equal
//! moments of the same round. The HUD reads [`RivalStandings`].

use crate::bots::{Autopilot, Bot};
use crate::scenario::Scenario;
use crate::screens::Screen;
use crate::sim::SimSystems;
use crate::sim::clock::SimClock;
use crate::sim::round::start_round;
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
                start_round(app.world_mut(), scenario.clone(), seed).ok()?;
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

/// Each standing's rank one simulated minute ago (by team name), for the rank-change arrows.
#[derive(Resource, Clone, Debug, Default)]
pub struct RankHistory {
    /// The minute `previous` was taken at.
    pub minute: u64,
    pub previous: Vec<(String, usize)>,
    pub current: Vec<(String, usize)>,
}

impl RankHistory {
    /// Notes the standings at `minute`; the ranks of the minute before become `previous`.
    pub fn note(&mut self, minute: u64, board: &[Standing]) {
        if minute != self.minute {
            self.previous = std::mem::take(&mut self.current);
            self.minute = minute;
        }
        self.current = board.iter().map(|s| (s.name.clone(), s.rank)).collect();
        if self.previous.is_empty() {
            self.previous = self.current.clone();
        }
    }

    /// Places gained (positive) or lost (negative) since the minute before.
    pub fn change(&self, name: &str, rank: usize) -> i64 {
        self.previous
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, before)| *before as i64 - rank as i64)
    }
}

/// How many rivals a round in the game window starts with (3–7).
#[derive(Resource, Clone, Copy, Debug)]
pub struct RivalCount(pub usize);

impl Default for RivalCount {
    fn default() -> Self {
        RivalCount(RIVAL_ROSTER.len())
    }
}

/// Real time spent stepping the rivals, per rendered frame (the HUD's cost budget: < 2 ms).
#[derive(Resource, Clone, Debug, Default)]
pub struct RivalsCost {
    /// Seconds spent in the rivals' catch-up since the last frame.
    pending: f64,
    /// Seconds per frame, one entry per frame (bounded).
    pub frames: Vec<f64>,
    /// Player ticks the rivals followed one tick at a time, and the seconds that took.
    pub single_ticks: u64,
    pub single_tick_secs: f64,
}

impl RivalsCost {
    const KEEP: usize = 100_000;

    /// `(median, mean, p99, max)` in milliseconds per frame, skipping the first `warmup`
    /// frames (a round that starts late catches up in one frame).
    pub fn summary(&self, warmup: usize) -> Option<(f64, f64, f64, f64)> {
        let mut v: Vec<f64> = self.frames.iter().skip(warmup).map(|s| s * 1e3).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        Some((at(0.5), mean, at(0.99), v[v.len() - 1]))
    }
}

/// Keeps the rivals level with the player's clock and refreshes the standings.
fn update_rivals(world: &mut World) {
    let Some(tick) = world.get_resource::<SimClock>().map(|c| c.tick) else {
        return;
    };
    let Some(mut rivals) = world.remove_resource::<RivalTeams>() else {
        return;
    };
    // Bevy's portable clock: `std::time::Instant` panics in the browser (wasm32).
    let started = bevy::platform::time::Instant::now();
    let behind = rivals
        .0
        .first()
        .map_or(0, |r| tick.saturating_sub(r.tick()));
    rivals.catch_up(tick);
    let score = world.resource::<Score>().points;
    let board = standings("You", score, &rivals);
    let minute = tick / 60;
    world
        .get_resource_or_insert_with(RankHistory::default)
        .note(minute, &board);
    world.insert_resource(RivalStandings(board));
    world.insert_resource(rivals);
    if let Some(mut cost) = world.get_resource_mut::<RivalsCost>() {
        let spent = started.elapsed().as_secs_f64();
        cost.pending += spent;
        if behind == 1 {
            cost.single_ticks += 1;
            cost.single_tick_secs += spent;
        }
    }
}

/// Starts the rivals with the player's scenario and seed when a round begins.
fn start_rivals(world: &mut World) {
    let (Some(scenario), Some(clock)) = (
        world.get_resource::<Scenario>().cloned(),
        world.get_resource::<SimClock>(),
    ) else {
        return;
    };
    if clock.tick > 0 {
        return;
    }
    let seed = world
        .get_resource::<crate::screens::RoundSetup>()
        .map_or(0, |s| s.seed);
    let count = world
        .get_resource::<RivalCount>()
        .copied()
        .unwrap_or_default()
        .0;
    let rivals = RivalTeams::new(&scenario, seed, count);
    let board = standings("You", 0.0, &rivals);
    world.insert_resource(RankHistory::default());
    world.insert_resource(RivalStandings(board));
    world.insert_resource(rivals);
}

/// Frees the rivals' worlds when the player leaves for the title screen.
fn stop_rivals(world: &mut World) {
    world.remove_resource::<RivalTeams>();
    world.insert_resource(RivalStandings::default());
}

/// One entry of the rivals' cost per rendered frame.
fn close_cost_frame(cost: Option<ResMut<RivalsCost>>) {
    if let Some(mut cost) = cost {
        let spent = std::mem::take(&mut cost.pending);
        if cost.frames.len() < RivalsCost::KEEP {
            cost.frames.push(spent);
        }
    }
}

/// Prints the rivals' cost per frame when the app exits (shown by `--bench-render`).
fn report_cost(mut exit: MessageReader<AppExit>, cost: Option<Res<RivalsCost>>) {
    if exit.read().next().is_none() {
        return;
    }
    let Some(cost) = cost else {
        return;
    };
    if let Some((median, mean, p99, max)) = cost.summary(60) {
        println!(
            "rivals: {median:.3} ms/frame median, {mean:.3} mean, {p99:.3} p99, {max:.3} max (after 60 warm-up frames)"
        );
    }
    if cost.single_ticks > 0 {
        println!(
            "rivals: {:.3} ms per player tick for all rivals ({} ticks)",
            cost.single_tick_secs * 1e3 / cost.single_ticks as f64,
            cost.single_ticks
        );
    }
}

/// Adds the rivals' catch-up after each player tick. In the game window the rivals start
/// with each round ([`RivalCount`] teams); elsewhere insert [`RivalTeams`] yourself (for
/// example `RivalTeams::new(&scenario, seed, 7)`); without it nothing runs.
pub fn plugin(app: &mut App) {
    app.init_resource::<RivalStandings>()
        .init_resource::<RankHistory>()
        .add_systems(FixedUpdate, update_rivals.after(SimSystems::Clock));
    if app.world().contains_resource::<State<Screen>>() {
        app.init_resource::<RivalCount>()
            .init_resource::<RivalsCost>()
            .add_systems(
                OnEnter(Screen::Playing),
                start_rivals.after(crate::screens::begin_round),
            )
            .add_systems(OnEnter(Screen::Title), stop_rivals)
            .add_systems(Last, (close_cost_frame, report_cost));
    }
}

//! Screens as states (title, briefing, playing, results), starting a round, and game speed.

use crate::scenario::{self, ScenarioError};
use crate::sim::clock::SimClock;
use crate::sim::round::start_round;
use bevy::prelude::*;
use std::time::Duration;

/// What the command line asked the window to do.
#[derive(Resource, Clone, Debug)]
pub struct LaunchOptions {
    /// Embedded scenario id or path.
    pub scenario: String,
    pub seed: u64,
    /// Skip the title screen and start playing at once.
    pub play: bool,
}

#[derive(States, Default, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Title,
    Briefing,
    Playing,
    Results,
}

/// Simulated seconds per real second, and pause.
#[derive(Resource, Clone, Copy, Debug)]
pub struct GameSpeed {
    pub speed: f64,
    pub paused: bool,
}

impl Default for GameSpeed {
    fn default() -> Self {
        Self {
            speed: 10.0,
            paused: false,
        }
    }
}

/// The scenario chosen on the title screen (or the command line) and the seed of the round.
#[derive(Resource, Clone, Debug)]
pub struct RoundSetup {
    pub scenario: String,
    pub seed: u64,
}

/// Problems found when loading the chosen scenario; the HUD shows them instead of crashing.
#[derive(Resource, Default, Clone, Debug)]
pub struct ScenarioProblems(pub Vec<ScenarioError>);

/// System sets of the screen flow.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScreenSystems {
    Speed,
    Flow,
}

pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<GameSpeed>()
        .init_resource::<ScenarioProblems>()
        .add_systems(Startup, apply_launch_options)
        .add_systems(OnEnter(Screen::Playing), begin_round)
        .add_systems(Update, apply_speed.in_set(ScreenSystems::Speed))
        .add_systems(
            Update,
            end_round
                .run_if(in_state(Screen::Playing))
                .in_set(ScreenSystems::Flow),
        );
}

fn apply_launch_options(
    mut commands: Commands,
    options: Res<LaunchOptions>,
    mut next: ResMut<NextState<Screen>>,
) {
    commands.insert_resource(RoundSetup {
        scenario: options.scenario.clone(),
        seed: options.seed,
    });
    if options.play {
        next.set(Screen::Playing);
    }
}

/// Loads the chosen scenario and starts it; on errors stays on the title screen with them.
pub fn begin_round(world: &mut World) {
    let setup = world.resource::<RoundSetup>().clone();
    let loaded = scenario::load(&setup.scenario).and_then(|s| {
        let speed = s.default_speed;
        start_round(world, s, setup.seed)
            .map(|_| speed)
            .map_err(|e| vec![e])
    });
    match loaded {
        Ok(speed) => {
            world.resource_mut::<ScenarioProblems>().0.clear();
            *world.resource_mut::<GameSpeed>() = GameSpeed {
                speed,
                paused: false,
            };
        }
        Err(errors) => {
            world.resource_mut::<ScenarioProblems>().0 = errors;
            world.resource_mut::<NextState<Screen>>().set(Screen::Title);
        }
    }
}

fn apply_speed(speed: Res<GameSpeed>, mut time: ResMut<Time<Virtual>>, state: Res<State<Screen>>) {
    let playing = *state.get() == Screen::Playing;
    if speed.paused || !playing {
        time.pause();
    } else {
        time.unpause();
    }
    let s = speed.speed.clamp(0.25, 240.0);
    if (time.relative_speed_f64() - s).abs() > 1e-9 {
        time.set_relative_speed_f64(s);
    }
    // let a slow frame catch up with several ticks at high speed
    time.set_max_delta(Duration::from_secs_f64((0.25 * s).max(0.25)));
}

fn end_round(clock: Option<Res<SimClock>>, mut next: ResMut<NextState<Screen>>) {
    if clock.is_some_and(|c| c.finished()) {
        next.set(Screen::Results);
    }
}

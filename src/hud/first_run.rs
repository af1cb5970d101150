//! The first run: when the game starts without a chosen scenario and the player has neither
//! finished the tutorial nor started another scenario yet (`tutorial_done` in the settings;
//! no settings saved at all on a first run), the title screen selects the tutorial. Finishing
//! the tutorial, or starting any other scenario, records `tutorial_done` (a settings change,
//! so it is saved) and later starts select as usual.

use crate::platform::persist::Settings;
use crate::scenario::Scenario;
use crate::screens::{RoundSetup, Screen};
use crate::sim::tutorial::TutorialProgress;
use bevy::prelude::*;

/// The tutorial's scenario id.
pub const TUTORIAL: &str = "tutorial";

/// Inserted by the launcher when no scenario was asked for (`gameday` without `--scenario`,
/// and the browser): the title screen may then pick the tutorial for a first run.
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct ScenarioLeftToTitle;

/// System sets of the first run.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FirstRunSystems {
    Select,
    Note,
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        select_tutorial
            .run_if(resource_exists::<ScenarioLeftToTitle>)
            .in_set(FirstRunSystems::Select),
    )
    .add_systems(OnEnter(Screen::Playing), note_other_scenario)
    .add_systems(
        Update,
        note_tutorial_finished
            .run_if(in_state(Screen::Playing))
            .in_set(FirstRunSystems::Note),
    );
}

/// Whether the title screen should select the tutorial.
pub fn is_first_run(settings: &Settings) -> bool {
    !settings.tutorial_done
}

/// Once, when the round setup exists: the tutorial for a first run, else what was launched.
fn select_tutorial(
    mut commands: Commands,
    settings: Option<Res<Settings>>,
    setup: Option<ResMut<RoundSetup>>,
) {
    let Some(mut setup) = setup else {
        return;
    };
    if settings.is_some_and(|s| is_first_run(&s)) && setup.scenario != TUTORIAL {
        setup.scenario = TUTORIAL.into();
    }
    commands.remove_resource::<ScenarioLeftToTitle>();
}

fn mark_done(settings: &mut Option<ResMut<Settings>>) {
    if let Some(s) = settings
        && !s.tutorial_done
    {
        s.tutorial_done = true;
    }
}

/// A round of another scenario: the player chose; the tutorial is no longer pushed.
fn note_other_scenario(setup: Option<Res<RoundSetup>>, mut settings: Option<ResMut<Settings>>) {
    if setup.is_some_and(|s| s.scenario != TUTORIAL) {
        mark_done(&mut settings);
    }
}

/// Every step of the tutorial done.
fn note_tutorial_finished(
    scenario: Option<Res<Scenario>>,
    progress: Option<Res<TutorialProgress>>,
    mut settings: Option<ResMut<Settings>>,
) {
    if let (Some(s), Some(p)) = (scenario, progress)
        && s.id == TUTORIAL
        && !s.steps.is_empty()
        && p.finished(&s)
    {
        mark_done(&mut settings);
    }
}

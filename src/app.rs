//! The windowed game: Bevy's plugins for a 2D game drawn with egui panels, plus every feature
//! plugin (simulation, screens, view, HUD, platform).

use crate::sim::clock::TICK_SECONDS;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;

/// What the command line asked the window to do.
#[derive(Resource, Clone, Debug)]
pub struct LaunchOptions {
    /// Embedded scenario id or path.
    pub scenario: String,
    pub seed: u64,
    /// Skip the title screen and start playing at once.
    pub play: bool,
}

/// The game's usual window.
pub fn default_window() -> Window {
    Window {
        title: "GameDay — Unicorn Rentals".into(),
        resolution: WindowResolution::new(1600, 900),
        fit_canvas_to_parent: true,
        prevent_default_event_handling: true,
        ..default()
    }
}

/// Builds the game App (the window opens when it runs).
pub fn game_app(options: LaunchOptions) -> App {
    game_app_with_window(
        options,
        WindowPlugin {
            primary_window: Some(default_window()),
            ..default()
        },
    )
}

/// Builds the game App with its own window settings (the kiosk: borderless fullscreen,
/// no closing).
pub fn game_app_with_window(options: LaunchOptions, window: WindowPlugin) -> App {
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(window).set(bevy::log::LogPlugin {
        filter: "wgpu=error,naga=warn,bevy_render=warn".into(),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .insert_resource(ClearColor(Color::srgb(0.055, 0.07, 0.1)))
    .insert_resource(Time::<Fixed>::from_seconds(TICK_SECONDS))
    .insert_resource(options)
    .add_plugins((
        crate::sim::plugin,
        crate::screens::plugin,
        crate::rivals::plugin,
        crate::view::plugin,
        crate::hud::plugin,
        crate::platform::plugin,
    ));
    app
}

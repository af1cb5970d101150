//! The windowed game: Bevy's plugins for a 2D game drawn with egui panels, plus every feature
//! plugin (simulation, screens, view, HUD, platform), for the desktop window and the booth
//! kiosk.

use crate::platform::kiosk;
use crate::screens::LaunchOptions;
use crate::sim::clock::TICK_SECONDS;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;

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
        crate::i18n::plugin,
        crate::screens::plugin,
        crate::ui_state::plugin,
        crate::rivals::plugin,
        crate::view::plugin,
        crate::hud::plugin,
        crate::platform::plugin,
    ));
    app
}

/// The kiosk App: the game in the kiosk window with the kiosk plugin; `attract` overrides
/// the attract scenario of kiosk.ron.
pub fn kiosk_app(attract: Option<String>) -> App {
    let mut app = game_app_with_window(
        LaunchOptions {
            scenario: "booth-5min".into(),
            seed: 1,
            play: false,
        },
        kiosk_window(),
    );
    if let Some(a) = attract {
        let store = app
            .world()
            .resource::<crate::platform::persist::SaveStore>()
            .0
            .clone();
        let mut problems = Vec::new();
        let mut cfg = kiosk::load_config(&store, &mut problems);
        cfg.attract_scenario = a;
        app.insert_resource(cfg);
    }
    app.add_plugins(kiosk::plugin);
    app
}

/// Borderless fullscreen on the primary monitor, not resizable, not closable.
pub fn kiosk_window() -> bevy::window::WindowPlugin {
    use bevy::window::{MonitorSelection, WindowMode};
    bevy::window::WindowPlugin {
        primary_window: Some(Window {
            title: "GameDay".into(),
            mode: WindowMode::BorderlessFullscreen(MonitorSelection::Primary),
            resizable: false,
            decorations: false,
            // the real size comes from the monitor (see `fit_to_monitor`)
            resolution: bevy::window::WindowResolution::default(),
            enabled_buttons: bevy::window::EnabledButtons {
                minimize: false,
                maximize: false,
                close: false,
            },
            ..default_window()
        }),
        close_when_requested: false,
        ..default()
    }
}

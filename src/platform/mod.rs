//! Platform concerns: saves (desktop files, browser localStorage), replays, settings, the
//! Hangul font, the browser, and the booth kiosk.

pub mod fonts;
pub mod kiosk;
pub mod kiosk_ui;
pub mod names;
pub mod persist;
pub mod pilot;
pub mod probe;
pub mod replay;
pub mod settings_ui;
pub mod sound;
pub mod storage;
pub mod web;
pub mod web_replay;

use bevy::prelude::*;

/// The windowed game's platform features (`crate::app::game_app` adds this).
pub fn plugin(app: &mut App) {
    app.add_plugins((
        persist::plugin,
        replay::plugin,
        fonts::plugin,
        settings_ui::plugin,
        web::plugin,
        probe::plugin,
        sound::plugin,
    ));
}

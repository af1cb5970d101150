//! GameDay: a cloud-operations game. The library holds the simulation, the scenario format,
//! the `aws` CLI parser, the headless runner, and the windowed game's plugins.

pub mod app;
pub mod awscli;
pub mod bots;
pub mod data;
pub mod devtools;
pub mod headless;
pub mod hud;
pub mod i18n;
pub mod platform;
pub mod rivals;
pub mod scenario;
pub mod screens;
pub mod sim;
pub mod ui_state;
pub mod view;

//! GameDay: a cloud-operations game. The library holds the simulation, the scenario format,
//! the `aws` CLI parser, the headless runner, and the windowed game's plugins.

pub mod app;
pub mod awscli;
pub mod bots;
pub mod headless;
pub mod hud;
pub mod platform;
pub mod rivals;
pub mod scenario;
pub mod screens;
pub mod sim;
pub mod view;

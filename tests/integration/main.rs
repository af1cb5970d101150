//! Integration tests: one binary (linking Bevy is slow), one module per capability.

mod balance;
mod bots;
mod common;
mod determinism;
mod estate;
mod hud;
mod incidents;
mod platform;
mod queueing;
mod rivals;
mod runner;
mod scaling;
mod scenario_format;
mod services;
mod tutorial;

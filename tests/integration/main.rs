//! Integration tests: one binary (linking Bevy is slow), one module per capability.

mod account_limits;
mod architecture;
mod balance;
mod bots;
mod cli_docs;
mod cli_ops;
mod cli_reads;
mod common;
mod data_tier;
mod determinism;
mod estate;
mod finops;
mod fuzz;
mod hud;
mod incidents;
mod map_actions;
mod platform;
mod queueing;
mod rivals;
mod runner;
mod scaling;
mod scenario_format;
mod security;
mod services;
mod tutorial;

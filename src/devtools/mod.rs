//! Developer tools run from the command line: the simulation benchmark, the render
//! benchmark, screenshots of a staged estate and the kiosk soak. They ship in the release
//! binary (benchmarks are measured on release builds). Only `main.rs` uses this module;
//! it may use everything else (app, view, hud, platform, headless, bots, rivals, sim).

pub mod bench_render;
pub mod bench_sim;
pub mod screenshot;
pub mod soak;
pub mod staging;

//! `gameday --screenshot <png>`: a picture of a staged estate ([`super::staging`]) taken
//! once the round has run live for a moment; retaken three times and the last one kept.

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

/// Captures after the first one.
const RETAKES: usize = 3;
/// Seconds between two captures.
const RETAKE_SECONDS: f32 = 0.6;
/// Seconds after the first capture before quitting (the last one is on disk by then).
const QUIT_AFTER: f32 = 3.5;

/// Saves a screenshot of the primary window to `path` (written a few frames later).
pub fn take(world: &mut World, path: &str) {
    world
        .spawn((Name::new("Screenshot"), Screenshot::primary_window()))
        .observe(save_to_disk(std::path::PathBuf::from(path)));
}

/// Called every frame after [`take`], `elapsed` seconds since it: the first capture of a
/// window can miss passes whose pipelines for the capture target are still compiling, so
/// capture again and keep the last one. `retakes` holds the times of the retakes so far.
/// True once done (the caller quits).
pub fn retake(world: &mut World, path: &str, elapsed: f32, retakes: &mut Vec<f32>) -> bool {
    let taken = retakes.len();
    if taken < RETAKES && elapsed > RETAKE_SECONDS * (taken + 1) as f32 {
        retakes.push(elapsed);
        take(world, path);
    }
    if elapsed > QUIT_AFTER {
        println!("screenshot saved to {path}");
        return true;
    }
    false
}

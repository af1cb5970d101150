//! Platform concerns: kiosk, web, persistence, settings, localisation.

use bevy::prelude::*;

pub fn plugin(_app: &mut App) {}

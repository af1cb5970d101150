//! The world on screen: layout, animated nodes, request particles, camera.

pub mod layout;

use bevy::prelude::*;

/// The world camera.
#[derive(Component)]
pub struct WorldCamera;

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera);
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Name::new("World camera"), WorldCamera, Camera2d));
}

//! The world on screen: layout, animated nodes, request particles, camera.

pub mod banners;
pub mod camera;
pub mod curve;
pub mod depth;
pub mod edges;
pub mod effects;
pub mod floaters;
pub mod heat;
pub mod icons;
pub mod labels;
pub mod layout;
pub mod nodes;
pub mod particles;
pub mod shapes;

use bevy::prelude::*;

pub use camera::WorldCamera;

/// The view's work in a frame, in order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewSystems {
    /// Read the simulation: ghosts, the layout.
    Layout,
    /// Spawn, animate and colour the nodes.
    Nodes,
    /// Effects of incidents and actions.
    Effects,
    /// Camera input and movement.
    Camera,
    /// Request particles.
    Particles,
    /// Edges and overlays drawn with gizmos.
    Draw,
}

/// Drawing order (z) of the layers of the map.
pub mod z {
    pub const REGION: f32 = 0.0;
    pub const VPC: f32 = 0.1;
    pub const AZ: f32 = 0.2;
    pub const SUBNET: f32 = 0.3;
    pub const GROUP: f32 = 0.4;
    pub const NODE: f32 = 1.0;
    pub const PARTICLE: f32 = 3.0;
    pub const BURST: f32 = 3.5;
}

pub fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (
            ViewSystems::Layout,
            ViewSystems::Nodes,
            ViewSystems::Effects,
            ViewSystems::Camera,
            ViewSystems::Particles,
            ViewSystems::Draw,
        )
            .chain(),
    )
    .add_plugins((
        shapes::plugin,
        layout::plugin,
        nodes::plugin,
        effects::plugin,
        camera::plugin,
        particles::plugin,
        edges::plugin,
        labels::plugin,
        depth::plugin,
        heat::plugin,
        floaters::plugin,
        banners::plugin,
    ));
}

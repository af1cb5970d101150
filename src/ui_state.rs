//! State the map and the HUD share: what is selected, and how much of the window the panels
//! take.

use bevy::prelude::*;

pub fn plugin(app: &mut App) {
    app.init_resource::<Selected>().init_resource::<UiInsets>();
}

/// The resource selected on the map or in a panel (the view highlights it, the HUD inspects it).
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selected(pub Option<Entity>);

/// Space the HUD's panels take at each edge of the window, in logical pixels; the view keeps
/// the map (and "fit all") inside the rest.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct UiInsets {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// More room at the top that "fit all" keeps clear (the toasts' strip); the map is still
    /// drawn there when the player pans.
    pub fit_top: f32,
}

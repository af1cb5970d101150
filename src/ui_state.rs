//! State the map and the HUD share: what is selected, and how much of the window the panels
//! take.

use bevy::prelude::*;

pub fn plugin(app: &mut App) {
    app.init_resource::<Selected>()
        .init_resource::<UiInsets>()
        .init_resource::<Recentre>()
        .init_resource::<MapMenu>()
        .init_resource::<ButtonRects>();
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
    /// More room at the bottom that "fit all" keeps clear (the drawers' dock).
    pub fit_bottom: f32,
}

/// Set by the HUD's "fit the map" button: the camera shows the whole estate again and keeps
/// following it as it grows.
#[derive(Resource, Default, Clone, Copy, Debug)]
pub struct Recentre(pub bool);

/// What a tap on the map opened a menu for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapTarget {
    /// A simulation resource: a subnet, an instance, a load balancer, an Auto Scaling group.
    Resource(Entity),
    /// Route 53's record for the site (the DNS node).
    Dns,
    /// The Internet node: what stands between the customers and the site (CloudFront, WAF).
    Edge,
}

/// The menu of the node the player tapped: the view opens it (and keeps `rect` on the node as
/// the camera moves), the HUD draws it and closes it.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct MapMenu {
    pub target: Option<MapTarget>,
    /// The map node's entity (the view's).
    pub node: Option<Entity>,
    /// The node's rectangle in logical window pixels.
    pub rect: Rect,
}

impl MapMenu {
    pub fn close(&mut self) {
        self.target = None;
        self.node = None;
    }
}

/// Screen rectangles (logical pixels) of buttons and map nodes, by name, for tools that drive
/// the game from outside: the browser test clicks the language switch; with [`Probe`] the
/// play-through scripts find every map node (`node:public-a`), menu action (`menu:subnet.new`)
/// and dock button (`dock:console`).
#[derive(Resource, Default, Debug, Clone)]
pub struct ButtonRects(pub Vec<(String, bevy_egui::egui::Rect)>);

impl ButtonRects {
    /// Records (or moves) a named button.
    pub fn put(&mut self, name: &str, rect: bevy_egui::egui::Rect) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => {
                if slot.1 != rect {
                    slot.1 = rect;
                }
            }
            None => self.0.push((name.to_string(), rect)),
        }
    }

    /// Forgets the names that start with `prefix` (a closed menu's buttons).
    pub fn forget(&mut self, prefix: &str) {
        self.0.retain(|(n, _)| !n.starts_with(prefix));
    }
}

/// Present when a tool drives the game from outside (`GAMEDAY_PROBE`): the map and the HUD
/// then record every node and button they draw in [`ButtonRects`].
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct Probe;

/// Present while the tutorial points at things on screen: the map and the HUD then record
/// their nodes' and buttons' rectangles in [`ButtonRects`] as they do for a [`Probe`].
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct PointerWanted;

/// Whether the map and the HUD record their rectangles now (a probe, or the tutorial's
/// pointer).
pub fn recording_rects(probe: Option<Res<Probe>>, pointer: Option<Res<PointerWanted>>) -> bool {
    probe.is_some() || pointer.is_some()
}

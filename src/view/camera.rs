//! The camera over the map: pan (drag, arrow keys, WASD), zoom (wheel, pinch), fit all (F,
//! double-click on empty space, and automatically until the player moves the camera), and
//! click to select. World input is ignored while egui wants the pointer or the keyboard.

use super::ViewSystems;
use super::layout::{Anchors, MapLayout};
use super::nodes::{MapNode, Motion, NodeKey, NodeKind};
use crate::screens::Screen;
use crate::ui_state::{ButtonRects, MapMenu, MapTarget, Recentre, Selected, UiInsets};
use bevy::input::mouse::{AccumulatedMouseScroll, MouseScrollUnit};
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;

/// The world camera.
#[derive(Component)]
pub struct WorldCamera;

/// What the camera shows: the world point at the window's centre and world units per
/// logical pixel. Labels and picking use the same numbers, so they never lag the picture.
#[derive(Resource, Clone, Copy, Debug)]
pub struct CameraView {
    pub center: Vec2,
    pub zoom: f32,
    /// Keep fitting the whole map until the player pans or zooms.
    pub follow: bool,
    pub window: Vec2,
}

impl Default for CameraView {
    fn default() -> Self {
        Self {
            center: Vec2::ZERO,
            zoom: 1.0,
            follow: true,
            window: Vec2::new(1600.0, 900.0),
        }
    }
}

impl CameraView {
    /// World → logical window pixels (origin top-left, y down).
    pub fn to_screen(&self, world: Vec2) -> Vec2 {
        let d = (world - self.center) / self.zoom;
        Vec2::new(self.window.x / 2.0 + d.x, self.window.y / 2.0 - d.y)
    }

    /// Logical window pixels → world.
    pub fn to_world(&self, screen: Vec2) -> Vec2 {
        let d = Vec2::new(
            screen.x - self.window.x / 2.0,
            self.window.y / 2.0 - screen.y,
        );
        self.center + d * self.zoom
    }

    /// The centre and zoom that show `bounds` inside the part of the window `insets` leave.
    pub fn fitted(&self, bounds: Rect, insets: &UiInsets) -> (Vec2, f32) {
        let free_min = Vec2::new(insets.left, insets.top + insets.fit_top);
        let free_max = self.window - Vec2::new(insets.right, insets.bottom + insets.fit_bottom);
        let free = (free_max - free_min).max(Vec2::splat(50.0));
        let margin = 28.0;
        let zoom = (bounds.size() / (free - 2.0 * margin).max(Vec2::splat(20.0))).max_element();
        let zoom = zoom.clamp(0.05, 20.0);
        let free_center = (free_min + free_max) / 2.0;
        let offset = free_center - self.window / 2.0;
        let center = bounds.center() - Vec2::new(offset.x, -offset.y) * zoom;
        (center, zoom)
    }
}

/// Pointer gesture state.
#[derive(Resource, Default)]
struct Gesture {
    pressed_at: Option<Vec2>,
    dragging: bool,
    last_click: Option<(f32, Vec2)>,
    last_cursor: Option<Vec2>,
    pinch: Option<f32>,
}

/// The camera the HUD's egui is drawn with (the whole window, no world).
#[derive(Component)]
pub struct HudCamera;

/// Render layer nothing of the world is on (the HUD camera's).
const HUD_LAYER: usize = 31;

/// Two cameras share the window's intermediate texture. The world camera clears it and draws
/// the map only in the part of the window the HUD's panels leave (its viewport), and does not
/// copy it out; the HUD camera then draws egui over the whole window and copies it to the
/// screen once. On a software renderer every pixel costs: the panels need no background
/// fill of their own (the clear shows through them), and the map is not drawn under them.
fn spawn_camera(mut commands: Commands) {
    commands.spawn((
        Name::new("World camera"),
        WorldCamera,
        Camera2d,
        Camera {
            order: 0,
            output_mode: bevy::camera::CameraOutputMode::Skip,
            ..default()
        },
        // software rendering: every full-screen pass costs
        Msaa::Off,
    ));
    commands.spawn((
        Name::new("HUD camera"),
        HudCamera,
        Camera2d,
        Camera {
            order: 1,
            clear_color: ClearColorConfig::None,
            // the copy to the window overwrites every pixel: clearing the window first is a
            // wasted full-screen pass
            output_mode: bevy::camera::CameraOutputMode::Write {
                blend_state: None,
                clear_color: ClearColorConfig::None,
            },
            ..default()
        },
        Msaa::Off,
        bevy::camera::visibility::RenderLayers::layer(HUD_LAYER),
        bevy_egui::EguiContext::default(),
        bevy_egui::PrimaryEguiContext,
    ));
}

/// Fit-all target; the view eases towards it.
#[derive(Resource, Default)]
struct FitGoal(Option<(Vec2, f32)>);

fn window_size(window: &Query<&Window, With<PrimaryWindow>>) -> Option<Vec2> {
    window
        .single()
        .ok()
        .map(|w| Vec2::new(w.width(), w.height()))
}

#[allow(clippy::too_many_arguments)]
fn camera_input(
    mut view: ResMut<CameraView>,
    mut gesture: ResMut<Gesture>,
    mut goal: ResMut<FitGoal>,
    (mut selected, mut menu, mut recentre): (ResMut<Selected>, ResMut<MapMenu>, ResMut<Recentre>),
    layout: Res<MapLayout>,
    insets: Res<UiInsets>,
    anchors: Res<Anchors>,
    (egui, mut egui_ctx): (
        Option<Res<EguiWantsInput>>,
        Query<&mut bevy_egui::EguiContext, With<bevy_egui::PrimaryEguiContext>>,
    ),
    window: Query<&Window, With<PrimaryWindow>>,
    buttons: Res<ButtonInput<MouseButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    scroll: Res<AccumulatedMouseScroll>,
    touches: Res<Touches>,
    time: Res<Time<Real>>,
    nodes: Query<(Entity, &MapNode, &Motion)>,
    owners: (
        Query<Entity, With<crate::sim::rds::DbInstance>>,
        Query<Entity, With<crate::sim::model::Vpc>>,
    ),
) {
    let Some(size) = window_size(&window) else {
        return;
    };
    view.window = size;
    let cursor = window.single().ok().and_then(|w| w.cursor_position());
    // over a docked panel (outside the part of the window the HUD leaves) or over any egui
    // area: the pointer belongs to the HUD
    let over_panel = cursor.is_some_and(|c| {
        c.x < insets.left
            || c.x > size.x - insets.right
            || c.y < insets.top
            || c.y > size.y - insets.bottom
    });
    // over a pop-up, a menu, the dock or a window as egui laid them out last frame: a press
    // that arrives with the pointer's first move there (a tap) must not fall through either
    let over_area = cursor.is_some_and(|c| {
        egui_ctx.iter_mut().next().is_some_and(|mut ctx| {
            ctx.get_mut()
                .layer_id_at(bevy_egui::egui::pos2(c.x, c.y))
                .is_some_and(|l| l.order != bevy_egui::egui::Order::Background)
        })
    });
    let egui_pointer =
        over_panel || over_area || egui.as_ref().is_some_and(|e| e.wants_any_pointer_input());
    let egui_keys = egui.as_ref().is_some_and(|e| e.wants_any_keyboard_input());
    let fit = layout.0.as_ref().map(|l| view.fitted(l.bounds, &insets));
    if std::mem::take(&mut recentre.0) {
        view.follow = true;
    }

    // keyboard
    if !egui_keys {
        let mut pan = Vec2::ZERO;
        if keys.any_pressed([KeyCode::ArrowLeft, KeyCode::KeyA]) {
            pan.x -= 1.0;
        }
        if keys.any_pressed([KeyCode::ArrowRight, KeyCode::KeyD]) {
            pan.x += 1.0;
        }
        if keys.any_pressed([KeyCode::ArrowUp, KeyCode::KeyW]) {
            pan.y += 1.0;
        }
        if keys.any_pressed([KeyCode::ArrowDown, KeyCode::KeyS]) {
            pan.y -= 1.0;
        }
        if pan != Vec2::ZERO {
            let zoom = view.zoom;
            view.center += pan * 700.0 * zoom * time.delta_secs();
            view.follow = false;
            goal.0 = None;
        }
        if keys.just_pressed(KeyCode::KeyF) {
            view.follow = true;
        }
        if keys.any_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
            view.zoom /= 1.0 + 2.0 * time.delta_secs();
            view.follow = false;
        }
        if keys.any_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
            view.zoom *= 1.0 + 2.0 * time.delta_secs();
            view.follow = false;
        }
    }

    // wheel zoom about the cursor
    if !egui_pointer
        && scroll.delta.y != 0.0
        && let Some(c) = cursor
    {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        zoom_about(&mut view, c, 0.88f32.powf(lines));
        goal.0 = None;
    }

    // pinch (two fingers) zooms, one finger drags like the mouse
    let active: Vec<Vec2> = touches.iter().map(|t| t.position()).collect();
    if active.len() == 2 && !egui_pointer {
        let d = active[0].distance(active[1]);
        let mid = (active[0] + active[1]) / 2.0;
        if let Some(prev) = gesture.pinch
            && d > 1.0
        {
            zoom_about(&mut view, mid, prev / d);
        }
        gesture.pinch = Some(d);
        gesture.pressed_at = None;
    } else {
        gesture.pinch = None;
        // one finger drags the map
        if let [touch] = touches.iter().collect::<Vec<_>>()[..]
            && !egui_pointer
            && touch.delta() != Vec2::ZERO
        {
            let d = touch.delta();
            let zoom = view.zoom;
            view.center += Vec2::new(-d.x, d.y) * zoom;
            view.follow = false;
            goal.0 = None;
        }
    }

    // drag to pan, click to select, double-click empty space to fit
    if buttons.just_pressed(MouseButton::Left) && !egui_pointer {
        gesture.pressed_at = cursor;
        gesture.dragging = false;
    }
    if buttons.pressed(MouseButton::Left)
        && let Some(start) = gesture.pressed_at
    {
        if let Some(c) = cursor
            && c.distance(start) > 5.0
        {
            gesture.dragging = true;
        }
        // follow the cursor itself (raw device motion is not sent by every platform)
        if gesture.dragging
            && let (Some(c), Some(last)) = (cursor, gesture.last_cursor)
            && c != last
        {
            let d = c - last;
            let zoom = view.zoom;
            view.center += Vec2::new(-d.x, d.y) * zoom;
            view.follow = false;
            goal.0 = None;
        }
    }
    gesture.last_cursor = cursor;
    if buttons.just_released(MouseButton::Left) {
        if let (Some(_), false, Some(c)) = (gesture.pressed_at, gesture.dragging, cursor) {
            let world = view.to_world(c);
            let owners = Owners {
                database: owners.0.iter().next(),
                vpc: owners.1.iter().next(),
            };
            let hit = pick(world, &nodes, &anchors, owners);
            let now = time.elapsed_secs();
            match hit {
                Some((target, node)) => {
                    // a tap on a node opens its menu (the HUD draws it beside the node)
                    selected.0 = match target {
                        MapTarget::Resource(e) => Some(e),
                        MapTarget::Dns | MapTarget::Edge => None,
                    };
                    menu.target = Some(target);
                    menu.node = Some(node);
                }
                None => {
                    let double = gesture
                        .last_click
                        .is_some_and(|(t, p)| now - t < 0.4 && p.distance(c) < 8.0);
                    if double {
                        view.follow = true;
                    } else {
                        selected.0 = None;
                        menu.close();
                    }
                }
            }
            gesture.last_click = Some((now, c));
        }
        gesture.pressed_at = None;
        gesture.dragging = false;
    }

    if view.follow {
        goal.0 = fit;
    }
    if let Some((center, zoom)) = goal.0 {
        let k = 1.0 - (-time.delta_secs().min(0.1) * 6.0).exp();
        view.center = view.center.lerp(center, k);
        view.zoom += (zoom - view.zoom) * k;
        if !view.follow && view.center.distance(center) < 0.5 {
            goal.0 = None;
        }
    }
    view.zoom = view.zoom.clamp(0.05, 20.0);
}

/// A round starts with the whole estate in view, whatever the last round's camera did.
fn fit_on_start(mut view: ResMut<CameraView>) {
    view.follow = true;
}

fn zoom_about(view: &mut CameraView, screen: Vec2, factor: f32) {
    let before = view.to_world(screen);
    view.zoom = (view.zoom * factor).clamp(0.05, 20.0);
    let after = view.to_world(screen);
    view.center += before - after;
    view.follow = false;
}

/// The simulation's resources behind map nodes that stand for them without being them: the
/// database node (the app's RDS instance, when the scenario models one) and the VPC's frame.
#[derive(Clone, Copy)]
struct Owners {
    database: Option<Entity>,
    vpc: Option<Entity>,
}

/// How tall a container's caption band is (world units): a tap there opens the VPC's menu;
/// a tap on the rest of its empty floor closes menus.
const CAPTION_BAND: f32 = 36.0;

/// What a tap at a world point opens a menu for, and the map node hit: instances and load
/// balancers first, then an Auto Scaling group's block, then subnets, then the VPC's caption;
/// Route 53's node, the Internet (the edge) and the database (when it is a modelled RDS
/// instance) too. The region and the AZs are not selectable.
fn pick(
    world: Vec2,
    nodes: &Query<(Entity, &MapNode, &Motion)>,
    anchors: &Anchors,
    owners: Owners,
) -> Option<(MapTarget, Entity)> {
    let mut best: Option<(u8, MapTarget, Entity)> = None;
    for (node, n, m) in nodes.iter() {
        if m.leaving || !m.rect().contains(world) {
            continue;
        }
        let (rank, target) = match (n.kind, n.key) {
            (NodeKind::Dns, _) => (3, MapTarget::Dns),
            (NodeKind::Internet, _) => (3, MapTarget::Edge),
            (NodeKind::Database, _) => match owners.database {
                Some(db) => (3, MapTarget::Resource(db)),
                None => continue,
            },
            (NodeKind::Instance | NodeKind::LoadBalancer, NodeKey::Res(e)) => {
                (3, MapTarget::Resource(e))
            }
            (NodeKind::Group, NodeKey::Group(_, Some(asg))) => (2, MapTarget::Resource(asg)),
            (NodeKind::Subnet, NodeKey::Subnet(e)) => (1, MapTarget::Resource(e)),
            (NodeKind::Vpc, _) if world.y > m.rect().max.y - CAPTION_BAND => match owners.vpc {
                Some(v) => (0, MapTarget::Resource(v)),
                None => continue,
            },
            _ => continue,
        };
        if target == MapTarget::Resource(anchors.dns)
            || target == MapTarget::Resource(anchors.database)
        {
            continue;
        }
        if best.is_none_or(|(r, _, _)| rank > r) {
            best = Some((rank, target, node));
        }
    }
    best.map(|(_, t, n)| (t, n))
}

/// Keeps the open menu's rectangle on its node as the camera and the layout move; closes it
/// when the node leaves the map.
fn keep_menu_on_node(mut menu: ResMut<MapMenu>, view: Res<CameraView>, nodes: Query<&Motion>) {
    let Some(node) = menu.node else {
        return;
    };
    match nodes.get(node) {
        Ok(m) if !m.leaving => {
            let r = m.rect();
            let rect = Rect::from_corners(view.to_screen(r.min), view.to_screen(r.max));
            if menu.rect != rect {
                menu.rect = rect;
            }
        }
        _ => menu.close(),
    }
}

/// With a probe (a script drives the game): every resource node's rectangle on screen, by
/// its name (`node:public-a`, `node:route53`, `group:unicorn-asg:web-a`).
fn publish_nodes(
    view: Res<CameraView>,
    anchors: Res<Anchors>,
    ghosts: Res<super::layout::Ghosts>,
    nodes: Query<(&MapNode, &Motion)>,
    names: Query<&Name>,
    mut rects: ResMut<ButtonRects>,
) {
    let name = |e: Entity| names.get(e).map(|n| n.as_str().to_string()).ok();
    let mut found = Vec::new();
    for (n, m) in nodes.iter() {
        if m.leaving {
            continue;
        }
        let label = match n.key {
            NodeKey::Res(e) if e == anchors.dns => Some("node:route53".to_string()),
            NodeKey::Res(e) if e == anchors.database => Some("node:database".to_string()),
            NodeKey::Res(e) | NodeKey::Subnet(e) => {
                name(e).map(|n| format!("node:{n}")).or_else(|| {
                    // a deleted load balancer's ghost
                    ghosts
                        .ghosts
                        .iter()
                        .find(|g| g.key == e)
                        .map(|g| format!("ghost:{}", g.lb.name))
                })
            }
            NodeKey::Internet => Some("node:internet".to_string()),
            NodeKey::Vpc => {
                // its caption band (a tap there opens the VPC's menu)
                let r = m.rect();
                let (a, b) = (
                    view.to_screen(Vec2::new(r.min.x, r.max.y - CAPTION_BAND)),
                    view.to_screen(r.max),
                );
                found.push((
                    "node:vpc".to_string(),
                    bevy_egui::egui::Rect::from_two_pos(
                        bevy_egui::egui::pos2(a.x, a.y),
                        bevy_egui::egui::pos2(b.x, b.y),
                    ),
                ));
                None
            }
            NodeKey::Group(subnet, Some(asg)) => name(asg)
                .zip(name(subnet))
                .map(|(g, s)| format!("group:{g}:{s}")),
            _ => None,
        };
        if let Some(label) = label {
            let r = m.rect();
            let (a, b) = (view.to_screen(r.min), view.to_screen(r.max));
            found.push((
                label,
                bevy_egui::egui::Rect::from_two_pos(
                    bevy_egui::egui::pos2(a.x, a.y),
                    bevy_egui::egui::pos2(b.x, b.y),
                ),
            ));
        }
    }
    rects.forget("node:");
    rects.forget("ghost:");
    rects.forget("group:");
    for (label, r) in found {
        rects.put(&label, r);
    }
}

/// The part of the window the HUD leaves, in physical pixels (position, size), or None when
/// the HUD covers nothing (the whole window is the map).
pub fn free_viewport(window: UVec2, scale: f32, insets: &UiInsets) -> Option<(UVec2, UVec2)> {
    if *insets == UiInsets::default() || window.x == 0 || window.y == 0 {
        return None;
    }
    let px = |v: f32| (v.max(0.0) * scale).round() as u32;
    let x0 = px(insets.left).min(window.x - 1);
    let y0 = px(insets.top).min(window.y - 1);
    let x1 = window.x.saturating_sub(px(insets.right)).max(x0 + 1);
    let y1 = window.y.saturating_sub(px(insets.bottom)).max(y0 + 1);
    Some((UVec2::new(x0, y0), UVec2::new(x1 - x0, y1 - y0)))
}

fn apply_camera(
    view: Res<CameraView>,
    insets: Res<UiInsets>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut cam: Query<(&mut Transform, &mut Projection, &mut Camera), With<WorldCamera>>,
) {
    let Ok((mut tf, mut projection, mut camera)) = cam.single_mut() else {
        return;
    };
    // On a software renderer every pixel the map's passes touch costs: the camera renders
    // only the part of the window the HUD's opaque panels leave.
    let viewport = window.single().ok().and_then(|w| {
        free_viewport(
            UVec2::new(w.physical_width(), w.physical_height()),
            w.scale_factor(),
            &insets,
        )
    });
    let center = match viewport {
        Some(_) => {
            // the world point at the centre of the free area (the projection centres there)
            let free_center = Vec2::new(
                (insets.left + view.window.x - insets.right) / 2.0,
                (insets.top + view.window.y - insets.bottom) / 2.0,
            );
            view.to_world(free_center)
        }
        None => view.center,
    };
    let wanted = viewport.map(|(position, size)| bevy::camera::Viewport {
        physical_position: position,
        physical_size: size,
        ..default()
    });
    let current = camera
        .viewport
        .as_ref()
        .map(|v| (v.physical_position, v.physical_size));
    if current != viewport {
        camera.viewport = wanted;
    }
    tf.translation.x = center.x;
    tf.translation.y = center.y;
    if let Projection::Orthographic(o) = &mut *projection
        && o.scale != view.zoom
    {
        o.scale = view.zoom;
    }
}

pub fn plugin(app: &mut App) {
    // the primary egui context lives on the HUD camera, not on the first camera spawned
    match app
        .world_mut()
        .get_resource_mut::<bevy_egui::EguiGlobalSettings>()
    {
        Some(mut s) => s.auto_create_primary_context = false,
        None => {
            app.insert_resource(bevy_egui::EguiGlobalSettings {
                auto_create_primary_context: false,
                ..default()
            });
        }
    }
    app.init_resource::<CameraView>()
        .init_resource::<Gesture>()
        .init_resource::<FitGoal>()
        .add_systems(Startup, spawn_camera)
        .add_systems(OnEnter(Screen::Playing), fit_on_start)
        .add_systems(
            Update,
            (
                camera_input,
                apply_camera,
                keep_menu_on_node,
                publish_nodes.run_if(crate::ui_state::recording_rects),
            )
                .chain()
                .in_set(ViewSystems::Camera),
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_round_starts_with_the_whole_estate_in_view_even_after_the_player_moved_the_camera() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin))
            .init_state::<Screen>()
            .insert_resource(CameraView {
                follow: false,
                ..default()
            })
            .add_systems(OnEnter(Screen::Playing), fit_on_start);
        app.update();
        assert!(
            !app.world().resource::<CameraView>().follow,
            "moved by the player"
        );
        app.world_mut()
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Playing);
        app.update();
        assert!(
            app.world().resource::<CameraView>().follow,
            "following the fit of the whole estate again"
        );
    }

    #[test]
    fn the_fit_keeps_the_estate_clear_of_the_dock() {
        let mut v = CameraView {
            window: Vec2::new(1280.0, 577.0),
            ..default()
        };
        let insets = UiInsets {
            top: 50.0,
            fit_top: 30.0,
            fit_bottom: 56.0,
            ..default()
        };
        let bounds = Rect::new(0.0, -600.0, 1500.0, 0.0);
        (v.center, v.zoom) = v.fitted(bounds, &insets);
        for corner in [bounds.min, bounds.max] {
            let s = v.to_screen(corner);
            assert!(s.x >= 0.0 && s.x <= 1280.0, "{s}");
            assert!(s.y >= 80.0 && s.y <= 577.0 - 56.0, "{s}");
        }
    }

    #[test]
    fn screen_and_world_round_trip_and_fit_stays_inside_the_free_area() {
        let mut v = CameraView {
            center: Vec2::new(100.0, -50.0),
            zoom: 2.0,
            follow: true,
            window: Vec2::new(1600.0, 900.0),
        };
        let p = Vec2::new(321.0, 654.0);
        assert!(v.to_screen(v.to_world(p)).distance(p) < 1e-3);
        let insets = UiInsets {
            left: 300.0,
            right: 0.0,
            top: 40.0,
            fit_top: 0.0,
            fit_bottom: 0.0,
            bottom: 200.0,
        };
        let bounds = Rect::new(0.0, -1000.0, 2400.0, 0.0);
        (v.center, v.zoom) = v.fitted(bounds, &insets);
        for corner in [bounds.min, bounds.max] {
            let s = v.to_screen(corner);
            assert!(s.x >= 300.0 && s.x <= 1600.0, "{s}");
            assert!(s.y >= 40.0 && s.y <= 700.0, "{s}");
        }
    }
}

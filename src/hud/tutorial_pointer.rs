//! The tutorial's pointer: a pulsing outline with "Tap here" over the real thing the current
//! step asks for — the node on the map, then, once its menu is open, the action to tap — found
//! by the names the map and the HUD record for their rectangles (`node:public-b`,
//! `menu:subnet.launch`). It also reads that action's label as the menu shows it, for the
//! card's `{action}`, and records where it points as `pointer:at` (for tools that drive the
//! game: the probe file, the browser's `window.gamedayButtons`).

use super::map_actions::{self, MapAction};
use super::{HudSystems, primary_ctx, theme};
use crate::i18n::t;
use crate::scenario::{Scenario, TutorialStep};
use crate::screens::Screen;
use crate::sim::model::{Instance, LoadBalancer, Subnet, TargetGroup};
use crate::sim::tutorial::TutorialProgress;
use crate::sim::world::all;
use crate::ui_state::{ButtonRects, MapMenu, MapTarget, PointerWanted};
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

/// `point_at`'s stand-in for "the first running instance in no target group".
pub const UNREGISTERED: &str = "node:@unregistered";

/// Seconds of one pulse of the outline.
const PULSE_SECONDS: f64 = 1.2;

/// What the pointer shows now: the current step, where it points (logical pixels) and the
/// label of the step's menu action (the last one seen, in the current language).
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TutorialPointer {
    pub step: usize,
    pub at: Option<egui::Rect>,
    pub label: Option<String>,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<TutorialPointer>()
        .add_systems(OnEnter(Screen::Playing), want_rects)
        .add_systems(OnExit(Screen::Playing), stop_wanting_rects)
        .add_systems(
            EguiPrimaryContextPass,
            point
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Panels)
                .after(super::draw_playing)
                .before(super::tutorial::draw_card),
        );
}

/// A round with pointed steps needs the map's and the HUD's rectangles.
fn want_rects(
    mut commands: Commands,
    scenario: Option<Res<Scenario>>,
    mut pointer: ResMut<TutorialPointer>,
) {
    *pointer = TutorialPointer::default();
    if scenario.is_some_and(|s| s.steps.iter().any(|st| !st.point_at.is_empty())) {
        commands.insert_resource(PointerWanted);
    }
}

fn stop_wanting_rects(mut commands: Commands) {
    commands.remove_resource::<PointerWanted>();
}

/// The map resource named `name` (a subnet, an instance or a load balancer).
pub fn node_named(world: &mut World, name: &str) -> Option<Entity> {
    let mut q = world.query::<(Entity, &Name)>();
    let found: Vec<Entity> = q
        .iter(world)
        .filter(|(_, n)| n.as_str() == name)
        .map(|(e, _)| e)
        .collect();
    found.into_iter().find(|&e| {
        world.get::<Subnet>(e).is_some()
            || world.get::<Instance>(e).is_some_and(Instance::alive)
            || world.get::<LoadBalancer>(e).is_some()
    })
}

/// The name of the first running instance that no target group holds.
pub fn unregistered_instance(world: &mut World) -> Option<String> {
    let held: Vec<Entity> = all::<TargetGroup>(world)
        .into_iter()
        .flat_map(|g| {
            world
                .get::<TargetGroup>(g)
                .unwrap()
                .targets
                .iter()
                .map(|t| t.instance)
                .collect::<Vec<_>>()
        })
        .collect();
    all::<Instance>(world)
        .into_iter()
        .filter(|e| !held.contains(e))
        .find(|&e| world.get::<Instance>(e).is_some_and(Instance::alive))
        .and_then(|e| world.get::<Name>(e).map(|n| n.as_str().to_string()))
}

/// A `point_at` entry with its stand-ins resolved (`node:@unregistered` → `node:web-1`).
pub fn resolve(world: &mut World, entry: &str) -> Option<String> {
    if entry == UNREGISTERED {
        unregistered_instance(world).map(|n| format!("node:{n}"))
    } else {
        Some(entry.to_string())
    }
}

/// The step's node (its first `node:` entry, resolved) and the map entity it names.
pub fn step_node(world: &mut World, step: &TutorialStep) -> Option<(String, Entity)> {
    let entry = step.point_at.iter().find(|p| p.starts_with("node:"))?;
    let name = resolve(world, entry)?;
    let e = node_named(world, name.strip_prefix("node:")?)?;
    Some((name, e))
}

/// The step's menu action as the node's menu offers it now, if it does.
pub fn step_action(world: &mut World, step: &TutorialStep) -> Option<MapAction> {
    let id = step.point_at.iter().find_map(|p| p.strip_prefix("menu:"))?;
    let (_, node) = step_node(world, step)?;
    map_actions::actions(world, MapTarget::Resource(node))
        .into_iter()
        .find(|a| a.id == id)
}

/// The action's label as its menu line shows it (with the stepper's start value).
pub fn shown_label(action: &MapAction) -> String {
    action.label_for(action.stepper.as_ref().map_or(0, |s| s.start))
}

/// Where the pointer goes for `step`: the deepest of its entries on screen. A menu action
/// counts only while the menu of the step's own node is open.
pub fn pointed_rect(world: &mut World, step: &TutorialStep) -> Option<(String, egui::Rect)> {
    let node = step_node(world, step);
    let menu = *world.resource::<MapMenu>();
    for entry in step.point_at.iter().rev() {
        if entry.starts_with("menu:")
            && node
                .as_ref()
                .is_none_or(|(_, e)| menu.target != Some(MapTarget::Resource(*e)))
        {
            continue;
        }
        let Some(name) = resolve(world, entry) else {
            continue;
        };
        let rects = world.resource::<ButtonRects>();
        if let Some((_, r)) = rects.0.iter().find(|(n, _)| *n == name) {
            return Some((name, *r));
        }
    }
    None
}

/// Finds and draws the pointer of the current step.
fn point(world: &mut World) {
    let (Some(scenario), Some(progress)) = (
        world.get_resource::<Scenario>().cloned(),
        world.get_resource::<TutorialProgress>().cloned(),
    ) else {
        return;
    };
    let Some(step) = scenario.steps.get(progress.current) else {
        world.resource_mut::<TutorialPointer>().at = None;
        return;
    };
    let at = pointed_rect(world, step).map(|(_, r)| r);
    let label = step_action(world, step).map(|a| shown_label(&a));
    {
        let mut p = world.resource_mut::<TutorialPointer>();
        if p.step != progress.current {
            p.step = progress.current;
            p.label = None;
        }
        p.at = at;
        if label.is_some() {
            p.label = label;
        }
    }
    // tools that drive the game (the play-through scripts, the browser test) tap it too
    super::record_buttons(
        world,
        "pointer:",
        at.map(|r| ("pointer:at".to_string(), r))
            .into_iter()
            .collect(),
    );
    let (Some(rect), Some(ctx)) = (at, primary_ctx(world)) else {
        return;
    };
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    draw_pointer(&ctx, rect, now);
}

/// The pulsing outline and its "Tap here" tag, over everything, taking no input.
pub fn draw_pointer(ctx: &egui::Context, rect: egui::Rect, now: f64) {
    let pulse = (0.5 + 0.5 * (now * std::f64::consts::TAU / PULSE_SECONDS).sin()) as f32;
    let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::new("tutorial-pointer"));
    let painter = ctx.layer_painter(layer);
    let grow = 4.0 + 6.0 * pulse;
    let outline = rect.expand(grow);
    let color = theme::ORANGE.gamma_multiply(0.55 + 0.45 * pulse);
    painter.rect_stroke(
        outline,
        8.0,
        egui::Stroke::new(3.0 + 2.0 * pulse, color),
        egui::StrokeKind::Outside,
    );
    // the tag sits above the outline, or below it at the top of the window
    let font = egui::FontId::proportional(18.0);
    let galley = painter.layout_no_wrap(
        t("tutorial.tap_here").to_string(),
        font,
        egui::Color32::BLACK,
    );
    let pad = egui::vec2(10.0, 5.0);
    let size = galley.size() + 2.0 * pad;
    let above = outline.top() - size.y - 10.0 > ctx.viewport_rect().top() + 40.0;
    let y = if above {
        outline.top() - size.y - 10.0
    } else {
        outline.bottom() + 10.0
    };
    let x = (outline.center().x - size.x / 2.0)
        .clamp(4.0, (ctx.viewport_rect().right() - size.x - 4.0).max(4.0));
    let tag = egui::Rect::from_min_size(egui::pos2(x, y), size);
    painter.rect_filled(tag, 6.0, theme::ORANGE);
    let tip_y = if above { tag.bottom() } else { tag.top() };
    let point_y = if above {
        outline.top()
    } else {
        outline.bottom()
    };
    painter.line_segment(
        [
            egui::pos2(tag.center().x, tip_y),
            egui::pos2(tag.center().x, point_y),
        ],
        egui::Stroke::new(3.0, theme::ORANGE),
    );
    painter.galley(tag.min + pad, galley, egui::Color32::BLACK);
}

//! Playing on the map by hand: the menu of a tapped node (its actions, with steppers for
//! numbers, so nothing needs typing), the `aws …` line of each action sent as a caption that
//! fades (the map teaches the CLI), and the answer shown on the node (success, or the AWS
//! error code and message).

use super::map_actions::{self, MapAction};
use super::submit::{Outbox, submit};
use super::{HudSystems, inspector, theme};
use crate::i18n::{t, tf};
use crate::screens::Screen;
use crate::sim::command::Ticket;
use crate::ui_state::{MapMenu, MapTarget, Selected};
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use std::collections::HashMap;

/// Seconds a caption and an answer stay on screen (the last of them fading).
const SHOW_SECONDS: f64 = 7.0;
const FADE_SECONDS: f64 = 2.0;

/// The stepper values the player set in the open menu (by action id), and the last error of
/// building an action's command.
#[derive(Resource, Default, Debug)]
pub struct MenuState {
    target: Option<MapTarget>,
    values: HashMap<&'static str, i64>,
    error: Option<String>,
}

/// An action sent from the map: its `aws …` line, where its node was, and when its answer came.
#[derive(Clone, Debug)]
pub struct Sent {
    pub ticket: Ticket,
    pub line: String,
    pub at: egui::Pos2,
    pub sent_at: f64,
    pub answered_at: Option<f64>,
}

/// The map's recent actions (newest last).
#[derive(Resource, Default, Debug)]
pub struct MapFeedback {
    pub sent: Vec<Sent>,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<MenuState>()
        .init_resource::<MapFeedback>()
        .add_systems(OnEnter(Screen::Playing), reset)
        .add_systems(
            EguiPrimaryContextPass,
            note_answers
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Input),
        );
}

fn reset(
    mut state: ResMut<MenuState>,
    mut feedback: ResMut<MapFeedback>,
    mut menu: ResMut<MapMenu>,
) {
    *state = MenuState::default();
    feedback.sent.clear();
    menu.close();
}

/// Notes when each sent action's answer arrived (its fade starts then).
fn note_answers(outbox: Res<Outbox>, time: Res<Time<Real>>, mut feedback: ResMut<MapFeedback>) {
    let now = time.elapsed_secs_f64();
    for s in feedback.sent.iter_mut().filter(|s| s.answered_at.is_none()) {
        if outbox.get(s.ticket).is_some_and(|p| p.outcome.is_some()) {
            s.answered_at = Some(now);
        }
    }
    feedback
        .sent
        .retain(|s| s.answered_at.is_none_or(|a| now - a < SHOW_SECONDS) && now - s.sent_at < 60.0);
}

/// Sends an action with stepper value `n`: the command goes through the one door like a
/// console form's; returns the error of building it, if any.
pub fn send(
    world: &mut World,
    target: MapTarget,
    action: &MapAction,
    n: i64,
    at: egui::Pos2,
) -> Result<Ticket, String> {
    let (line, command) = map_actions::build(world, target, action, n)?;
    let ticket = submit(world, command);
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    world.resource_mut::<MapFeedback>().sent.push(Sent {
        ticket,
        line,
        at,
        sent_at: now,
        answered_at: None,
    });
    Ok(ticket)
}

fn title_of(world: &World, target: MapTarget) -> String {
    match target {
        MapTarget::Dns => t("map.menu.dns").to_string(),
        MapTarget::Edge => t("map.menu.edge").to_string(),
        MapTarget::Resource(e) if world.get_entity(e).is_err() => {
            // a deleted load balancer's ghost
            let name = world
                .get_resource::<crate::view::layout::Ghosts>()
                .and_then(|g| g.ghosts.iter().find(|g| g.key == e))
                .map(|g| g.lb.name.clone())
                .unwrap_or_default();
            tf("map.menu.ghost", &[("lb", &name)])
        }
        MapTarget::Resource(e) => {
            let kind = inspector::kind_of(world, e).unwrap_or_default();
            let name = world
                .get::<Name>(e)
                .map(|n| n.as_str().to_string())
                .unwrap_or_default();
            format!("{kind}: {name}")
        }
    }
}

fn to_egui(r: Rect) -> egui::Rect {
    egui::Rect::from_min_max(egui::pos2(r.min.x, r.min.y), egui::pos2(r.max.x, r.max.y))
}

/// Draws the open menu beside its node, and the captions and answers of recent actions.
pub fn show(ctx: &egui::Context, free: egui::Rect, world: &mut World) {
    show_feedback(ctx, free, world);
    let menu = *world.resource::<MapMenu>();
    let Some(target) = menu.target else {
        super::record_buttons(world, "menu:", Vec::new());
        return;
    };
    if world.resource::<MenuState>().target != Some(target) {
        *world.resource_mut::<MenuState>() = MenuState {
            target: Some(target),
            ..default()
        };
    }
    let actions = map_actions::actions(world, target);
    let title = title_of(world, target);
    let node = to_egui(menu.rect);
    let width = 420.0;
    // beside the node, on the side with room; never outside the map area
    let x = if node.max.x + 12.0 + width <= free.max.x {
        node.max.x + 12.0
    } else {
        (node.min.x - 12.0 - width).max(free.min.x + 4.0)
    };
    let y = node
        .min
        .y
        .clamp(free.min.y + 4.0, (free.max.y - 120.0).max(free.min.y));
    let mut values = world.resource::<MenuState>().values.clone();
    let error = world.resource::<MenuState>().error.clone();
    let previews: Vec<Option<String>> = actions
        .iter()
        .map(|a| {
            let n = values
                .get(a.id)
                .copied()
                .unwrap_or_else(|| a.stepper.as_ref().map_or(0, |s| s.start));
            map_actions::build(world, target, a, n).ok().map(|(l, _)| l)
        })
        .collect();
    let mut found: Vec<(String, egui::Rect)> = Vec::new();
    // an instance of an Auto Scaling group leads to its group's menu (the group's block is
    // full of its instances)
    let group = match target {
        MapTarget::Resource(e) => world
            .get::<crate::sim::model::Instance>(e)
            .and_then(|i| i.asg)
            .filter(|&g| world.get_entity(g).is_ok()),
        MapTarget::Dns | MapTarget::Edge => None,
    };
    let group_name = group
        .and_then(|g| world.get::<Name>(g))
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    let mut open_group = false;
    let mut chosen = None;
    let mut details = false;
    let mut edit = false;
    let template: Option<String> = actions
        .iter()
        .find(|a| a.id == "template.workers")
        .and_then(|a| {
            a.preset
                .iter()
                .find(|(k, _)| *k == "--launch-template-name")
        })
        .map(|(_, v)| v.clone());
    let mut close = false;
    let large = world.resource::<super::HudLayout>().large_targets;
    let row_height = if large { 44.0 } else { 30.0 };
    egui::Area::new(egui::Id::new("map-menu"))
        .fixed_pos(egui::pos2(x, y))
        .order(egui::Order::Foreground)
        .constrain_to(free)
        .show(ctx, |ui| {
            theme::panel_frame()
                .fill(theme::PANEL)
                .stroke(egui::Stroke::new(1.5, theme::ORANGE))
                .show(ui, |ui| {
                    ui.set_width(width);
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(&title).strong().color(theme::ORANGE));
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            let r = ui
                                .add(
                                    egui::Button::new("×")
                                        .min_size(egui::vec2(row_height, row_height)),
                                )
                                .on_hover_text(t("map.menu.close"));
                            found.push(("menu:close".into(), r.rect));
                            if r.clicked() {
                                close = true;
                            }
                        });
                    });
                    if actions.is_empty() {
                        ui.label(egui::RichText::new(t("map.menu.nothing")).color(theme::DIM));
                    }
                    for (a, preview) in actions.iter().zip(&previews) {
                        let mut n = values
                            .get(a.id)
                            .copied()
                            .unwrap_or_else(|| a.stepper.as_ref().map_or(0, |s| s.start));
                        ui.horizontal(|ui| {
                            if let Some(s) = &a.stepper {
                                let size = egui::vec2(row_height, row_height);
                                let minus = ui
                                    .add_enabled(n > s.min, egui::Button::new("−").min_size(size));
                                found.push((format!("menu:{}:-", a.id), minus.rect));
                                if minus.clicked() {
                                    n = s.moved(n, -1);
                                }
                                ui.label(egui::RichText::new(s.show(n)).strong().size(17.0));
                                let plus = ui
                                    .add_enabled(n < s.max, egui::Button::new("+").min_size(size));
                                found.push((format!("menu:{}:+", a.id), plus.rect));
                                if plus.clicked() {
                                    n = s.moved(n, 1);
                                }
                            }
                            let label = egui::RichText::new(a.label_for(n)).color(if a.danger {
                                theme::RED
                            } else {
                                theme::TEXT
                            });
                            let size = egui::vec2(ui.available_width(), row_height);
                            let r = ui.add_enabled_ui(preview.is_some(), |ui| {
                                ui.add_sized(size, egui::Button::new(label).wrap())
                            });
                            let r = r.inner;
                            let r = match preview {
                                Some(line) => r.on_hover_text(
                                    egui::RichText::new(line).monospace().color(theme::GREEN),
                                ),
                                None => r,
                            };
                            found.push((format!("menu:{}", a.id), r.rect));
                            if r.clicked() {
                                chosen = Some((a.clone(), n));
                            }
                        });
                        if let Some(note) = a.stepper.as_ref().and_then(|s| s.note(n))
                            && !note.is_empty()
                        {
                            ui.label(egui::RichText::new(note).small().color(theme::DIM));
                        }
                        values.insert(a.id, n);
                    }
                    if let Some(e) = &error {
                        ui.label(egui::RichText::new(e).color(theme::RED));
                    }
                    if group.is_some() {
                        let r = ui.add_sized(
                            egui::vec2(ui.available_width(), row_height),
                            egui::Button::new(
                                egui::RichText::new(tf(
                                    "map.menu.open_group",
                                    &[("group", &group_name)],
                                ))
                                .color(theme::ORANGE),
                            ),
                        );
                        found.push(("menu:open_group".into(), r.rect));
                        if r.clicked() {
                            open_group = true;
                        }
                    }
                    if matches!(target, MapTarget::Resource(e) if world.get_entity(e).is_ok()) {
                        ui.horizontal(|ui| {
                            let r = ui.add(
                                egui::Button::new(t("map.menu.details"))
                                    .min_size(egui::vec2(120.0, row_height)),
                            );
                            found.push(("menu:details".into(), r.rect));
                            if r.clicked() {
                                details = true;
                            }
                            // a template in reach (its new-version action): its script in the
                            // console's user-data editor, for changes a stepper cannot make
                            if let Some(name) = &template {
                                let r = ui.add(
                                    egui::Button::new(tf(
                                        "map.menu.edit_script",
                                        &[("template", name)],
                                    ))
                                    .min_size(egui::vec2(120.0, row_height)),
                                );
                                found.push(("menu:edit_script".into(), r.rect));
                                if r.clicked() {
                                    edit = true;
                                }
                            }
                        });
                    }
                });
        });
    world.resource_mut::<MenuState>().values = values;
    super::record_buttons(world, "menu:", found);
    if let (true, Some(g)) = (open_group, group) {
        world.resource_mut::<MapMenu>().target = Some(MapTarget::Resource(g));
        world.resource_mut::<Selected>().0 = Some(g);
    } else if let Some((action, n)) = chosen {
        let at = egui::pos2(node.center().x, node.min.y);
        match send(world, target, &action, n, at) {
            Ok(_) => {
                world.resource_mut::<MapMenu>().close();
                world.resource_mut::<Selected>().0 = None;
            }
            Err(e) => world.resource_mut::<MenuState>().error = Some(e),
        }
    } else if let (true, Some(name)) = (edit, &template) {
        // the console takes over: no inspector over it
        world.resource_mut::<MapMenu>().close();
        world.resource_mut::<Selected>().0 = None;
        super::console::edit_template(world, name);
    } else if details {
        // the inspector takes over (it shows while no menu is open)
        world.resource_mut::<MapMenu>().close();
    } else if close {
        world.resource_mut::<MapMenu>().close();
        world.resource_mut::<Selected>().0 = None;
    }
}

/// How visible something born at `since` is now (fading over its last seconds).
fn fade(now: f64, since: f64) -> f32 {
    let left = SHOW_SECONDS - (now - since);
    (left / FADE_SECONDS).clamp(0.0, 1.0) as f32
}

fn show_feedback(ctx: &egui::Context, free: egui::Rect, world: &mut World) {
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    let sent = world.resource::<MapFeedback>().sent.clone();
    // the newest action's CLI line, above the dock
    if let Some(s) = sent.last() {
        let alpha = fade(now, s.answered_at.unwrap_or(now));
        if alpha > 0.0 {
            let y = free.max.y - super::drawers::dock_height(&ctx.global_style()) - 6.0;
            egui::Area::new(egui::Id::new("map-caption"))
                .pivot(egui::Align2::CENTER_BOTTOM)
                .fixed_pos(egui::pos2(free.center().x, y))
                .order(egui::Order::Middle)
                .interactable(false)
                .show(ctx, |ui| {
                    ui.set_max_width((free.width() - 40.0).max(200.0));
                    ui.multiply_opacity(alpha);
                    egui::Frame::new()
                        .fill(theme::TERMINAL)
                        .corner_radius(4)
                        .inner_margin(egui::Margin::symmetric(10, 6))
                        .show(ui, |ui| {
                            ui.label(
                                egui::RichText::new(format!("$ {}", s.line))
                                    .monospace()
                                    .color(theme::GREEN),
                            );
                        });
                });
        }
    }
    // each answer on its node
    let outbox = world.resource::<Outbox>();
    for (i, s) in sent.iter().enumerate() {
        let Some(answered) = s.answered_at else {
            continue;
        };
        let Some(answer) = outbox.get(s.ticket).and_then(|p| p.outcome.as_ref()) else {
            continue;
        };
        let event = outbox
            .get(s.ticket)
            .map(|p| p.command.meta().1)
            .unwrap_or_default();
        let (text, color) = match &answer.result {
            Ok(_) => (format!("✔ {event}"), theme::GREEN),
            Err(e) => (format!("⚠ {}: {}", e.code, e.message), theme::RED),
        };
        let alpha = fade(now, answered);
        if alpha <= 0.0 || !free.contains(s.at) {
            continue;
        }
        egui::Area::new(egui::Id::new(("map-answer", i)))
            .pivot(egui::Align2::CENTER_BOTTOM)
            .fixed_pos(s.at - egui::vec2(0.0, 4.0 + 14.0 * (now - answered).min(1.0) as f32))
            .order(egui::Order::Middle)
            .interactable(false)
            .show(ctx, |ui| {
                ui.set_max_width(360.0);
                ui.multiply_opacity(alpha);
                egui::Frame::new()
                    .fill(theme::PANEL)
                    .stroke(egui::Stroke::new(1.0, color))
                    .corner_radius(4)
                    .inner_margin(egui::Margin::symmetric(8, 4))
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(text).strong().color(color));
                    });
            });
    }
}

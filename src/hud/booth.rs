//! The booth on screen (`gameday --kiosk`): instead of the desktop HUD, the map alone under
//! one strip with the score and one mm:ss timer that nothing covers; the mission card while
//! the round waits; big buttons on the node where something went wrong (`booth_actions`),
//! with − / + for numbers, each sending its typed command through the one door and showing
//! its `aws …` line; in the attract loop, captions of what a visitor will do.

use super::booth_actions::{BoothAction, BoothKind, booth_actions};
use super::map_menu;
use super::submit::{Outbox, describe};
use crate::i18n::{t, tf};
use crate::platform::kiosk::{Kiosk, KioskConfig, KioskPhase};
use crate::scenario::Scenario;
use crate::screens::{GameSpeed, Screen};
use crate::sim::clock::SimClock;
use crate::sim::command::{Command, Principal, Ticket};
use crate::sim::score::Score;
use crate::sim::trail::CloudTrail;
use crate::ui_state::{MapMenu, UiInsets};
use crate::view::camera::CameraView;
use crate::view::nodes::{MapNode, Motion, NodeKey};
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use std::collections::HashMap;

/// Booth text sizes at 1920×1080 (logical pixels): body, numbers, the timer, touch targets.
pub const BODY_PX: f32 = 26.0;
pub const NUMBER_PX: f32 = 40.0;
pub const TIMER_PX: f32 = 60.0;
pub const TARGET_PX: f32 = 72.0;
/// The strip at the top (score, timer, medals).
pub const STRIP_PX: f32 = 96.0;
/// The attract caption's distance from the bottom edge: above the "Touch to play" box
/// (40 px from the edge, about 96 px high).
const CAPTION_BOTTOM_PX: f32 = 152.0;
/// What the map keeps clear at the bottom in the attract loop: the caption and the box.
const ATTRACT_BOTTOM_PX: f32 = 240.0;
const ORANGE: egui::Color32 = egui::Color32::from_rgb(255, 153, 0);
const ALARM: egui::Color32 = egui::Color32::from_rgb(235, 87, 87);
/// Real seconds a button stays away after it was tapped (its command is under way).
const COOLDOWN_SECONDS: f64 = 10.0;
/// Real seconds the `aws …` line of the last tap stays.
const LINE_SECONDS: f64 = 8.0;

/// The visitor's numbers, the last taps, and the attract loop's caption.
#[derive(Resource, Default, Debug)]
pub struct BoothUi {
    values: HashMap<BoothKind, i64>,
    tapped: HashMap<BoothKind, f64>,
    last: Option<(String, Ticket, f64)>,
    /// The attract loop's caption key and since when it shows (real seconds).
    caption: Option<(&'static str, f64)>,
    trail_seen: u64,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<BoothUi>()
        .add_systems(OnEnter(Screen::Playing), reset)
        .add_systems(
            EguiPrimaryContextPass,
            ceremony
                .run_if(in_state(Screen::Results))
                .run_if(resource_exists::<Kiosk>)
                .in_set(super::HudSystems::Panels),
        );
}

fn reset(mut ui: ResMut<BoothUi>) {
    *ui = BoothUi::default();
}

/// The kiosk's phase while the booth draws the playing screen (None: the desktop HUD).
pub fn phase(world: &World) -> Option<KioskPhase> {
    world.get_resource::<Kiosk>().map(|k| k.phase)
}

/// Seconds left in the round: what ends it first, the kiosk's clock or the scenario's.
pub fn seconds_left(world: &World) -> f64 {
    let (Some(k), Some(cfg)) = (
        world.get_resource::<Kiosk>(),
        world.get_resource::<KioskConfig>(),
    ) else {
        return 0.0;
    };
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    let kiosk_left = match k.phase {
        KioskPhase::Mission => cfg.round_seconds,
        _ => cfg.round_seconds - (now - k.round_started),
    };
    let sim_left = world.get_resource::<SimClock>().map_or(f64::INFINITY, |c| {
        let speed = world.get_resource::<GameSpeed>().map_or(1.0, |s| s.speed);
        (c.duration - c.now) / speed.max(0.01)
    });
    kiosk_left.min(sim_left).max(0.0)
}

/// `m:ss`.
pub fn mm_ss(seconds: f64) -> String {
    let s = seconds.max(0.0).ceil() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Draws the booth's playing screen; returns the space it keeps at the top.
pub fn show(ctx: &egui::Context, world: &mut World, phase: KioskPhase) -> UiInsets {
    // the desktop's node menus never open in the booth: the big buttons are the actions
    world.resource_mut::<MapMenu>().close();
    strip(ctx, world, phase);
    match phase {
        KioskPhase::Attract => captions(ctx, world),
        KioskPhase::Mission => mission_card(ctx),
        KioskPhase::Round => {
            buttons(ctx, world);
            last_line(ctx, world);
        }
        _ => {}
    }
    UiInsets {
        top: STRIP_PX,
        fit_top: 0.0,
        // room for the buttons under the nodes and the last line; in the attract loop for
        // the caption over "Touch to play"
        fit_bottom: if phase == KioskPhase::Attract {
            ATTRACT_BOTTOM_PX
        } else {
            170.0
        },
        ..default()
    }
}

fn text(
    painter: &egui::Painter,
    pos: egui::Pos2,
    align: egui::Align2,
    s: &str,
    px: f32,
    c: egui::Color32,
) {
    painter.text(pos, align, s, egui::FontId::proportional(px), c);
}

/// The strip: score (left), the timer (centre), the medals to reach (right).
fn strip(ctx: &egui::Context, world: &World, phase: KioskPhase) {
    let screen = ctx.viewport_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("booth-strip"),
    ));
    let bar = egui::Rect::from_min_size(screen.min, egui::vec2(screen.width(), STRIP_PX));
    painter.rect_filled(
        bar,
        0.0,
        egui::Color32::from_rgba_unmultiplied(10, 14, 22, 235),
    );
    let y = bar.center().y;
    let white = egui::Color32::WHITE;
    let points = world.get_resource::<Score>().map_or(0.0, |s| s.points);
    text(
        &painter,
        egui::pos2(bar.min.x + 24.0, y),
        egui::Align2::LEFT_CENTER,
        &format!("{}  {:.0}", t("booth.score"), points),
        NUMBER_PX,
        white,
    );
    let centre = if phase == KioskPhase::Attract {
        t("booth.demo").to_string()
    } else {
        mm_ss(seconds_left(world))
    };
    text(
        &painter,
        egui::pos2(bar.center().x, y),
        egui::Align2::CENTER_CENTER,
        &centre,
        TIMER_PX,
        ORANGE,
    );
    if let Some(m) = world.get_resource::<Scenario>().map(|s| s.medals.clone()) {
        let next = [
            ("booth.medal.bronze", m.bronze),
            ("booth.medal.silver", m.silver),
            ("booth.medal.gold", m.gold),
        ]
        .into_iter()
        .find(|(_, at)| points < *at);
        let s = match next {
            Some((medal, at)) => tf(
                "booth.next_medal",
                &[("medal", t(medal)), ("points", &format!("{at:.0}"))],
            ),
            None => t("booth.gold_now").to_string(),
        };
        text(
            &painter,
            egui::pos2(bar.max.x - 24.0, y),
            egui::Align2::RIGHT_CENTER,
            &s,
            BODY_PX,
            white,
        );
    }
}

fn mission_card(ctx: &egui::Context) {
    egui::Area::new(egui::Id::new("booth-mission"))
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .order(egui::Order::Foreground)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::window(ui.style())
                .fill(egui::Color32::from_rgba_unmultiplied(16, 22, 34, 245))
                .stroke(egui::Stroke::new(3.0, ORANGE))
                .inner_margin(40.0)
                .show(ui, |ui| {
                    ui.set_max_width(900.0);
                    ui.vertical_centered(|ui| {
                        ui.label(
                            egui::RichText::new(t("booth.mission"))
                                .size(48.0)
                                .strong()
                                .color(egui::Color32::WHITE),
                        );
                    });
                });
        });
}

/// The screen rectangle of the map node of `anchor` (a resource's node, a subnet, or an Auto
/// Scaling group's first block).
fn node_rect(world: &mut World, anchor: Option<Entity>) -> Option<egui::Rect> {
    let view = *world.get_resource::<CameraView>()?;
    let mut q = world.query::<(&MapNode, &Motion)>();
    let found = q.iter(world).find_map(|(n, m)| {
        let hit = match (anchor, n.key) {
            (Some(a), NodeKey::Res(e) | NodeKey::Subnet(e)) => e == a,
            (Some(a), NodeKey::Group(_, Some(g))) => g == a,
            _ => false,
        };
        (hit && !m.leaving).then(|| m.rect())
    })?;
    let (a, b) = (view.to_screen(found.min), view.to_screen(found.max));
    Some(egui::Rect::from_two_pos(
        egui::pos2(a.x, a.y),
        egui::pos2(b.x, b.y),
    ))
}

/// Records a named rectangle for the play-through's probe.
fn probe(world: &mut World, name: &str, r: egui::Rect) {
    if world.contains_resource::<crate::ui_state::Probe>() {
        world
            .resource_mut::<crate::ui_state::ButtonRects>()
            .put(name, r);
    }
}

fn buttons(ctx: &egui::Context, world: &mut World) {
    if world.contains_resource::<crate::ui_state::Probe>() {
        world
            .resource_mut::<crate::ui_state::ButtonRects>()
            .forget("booth:");
    }
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    let actions: Vec<BoothAction> = booth_actions(world)
        .into_iter()
        .filter(|a| {
            world
                .resource::<BoothUi>()
                .tapped
                .get(&a.kind)
                .is_none_or(|t| now - t > COOLDOWN_SECONDS)
        })
        .collect();
    let screen = ctx.viewport_rect();
    let mut placed: Vec<egui::Rect> = Vec::new();
    for a in actions {
        let node = node_rect(world, a.anchor);
        // under the node, else in the middle of the lower half; never over the strip
        let mut pos = node.map_or(
            egui::pos2(screen.center().x - 260.0, screen.max.y - 330.0),
            |r| egui::pos2(r.center().x - 260.0, r.max.y + 12.0),
        );
        for p in &placed {
            if p.contains(pos) || (pos.y - p.min.y).abs() < p.height() {
                pos.y = p.max.y + 12.0;
            }
        }
        pos.x = pos.x.clamp(screen.min.x + 8.0, screen.max.x - 540.0);
        pos.y = pos.y.clamp(STRIP_PX + 8.0, screen.max.y - 260.0);
        let key = a.kind.key();
        let (lo, hi, start) = a.stepper.unwrap_or((0, 0, 0));
        let mut k = *world
            .resource_mut::<BoothUi>()
            .values
            .entry(a.kind)
            .or_insert(start);
        k = k.clamp(lo, hi);
        let mut tapped = false;
        let mut rects: Vec<(String, egui::Rect)> = Vec::new();
        let shown = egui::Area::new(egui::Id::new(("booth-action", key)))
            .fixed_pos(pos)
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                egui::Frame::window(ui.style())
                    .fill(egui::Color32::from_rgba_unmultiplied(30, 12, 12, 240))
                    .stroke(egui::Stroke::new(3.0, ALARM))
                    .inner_margin(16.0)
                    .show(ui, |ui| {
                        ui.set_max_width(520.0);
                        ui.label(
                            egui::RichText::new(&a.why)
                                .size(BODY_PX)
                                .color(egui::Color32::WHITE),
                        );
                        ui.add_space(8.0);
                        ui.horizontal(|ui| {
                            let stepper = hi > lo;
                            if stepper {
                                let minus = ui.add_enabled(
                                    k > lo,
                                    egui::Button::new(egui::RichText::new("−").size(NUMBER_PX))
                                        .min_size(egui::vec2(TARGET_PX, TARGET_PX)),
                                );
                                rects.push((format!("booth:{key}.minus"), minus.rect));
                                if minus.clicked() {
                                    k -= 1;
                                }
                            }
                            let go = ui.add(
                                egui::Button::new(
                                    egui::RichText::new(a.label_for(k))
                                        .size(NUMBER_PX)
                                        .strong()
                                        .color(egui::Color32::BLACK),
                                )
                                .fill(ORANGE)
                                .min_size(egui::vec2(300.0, TARGET_PX)),
                            );
                            rects.push((format!("booth:{key}"), go.rect));
                            tapped = go.clicked();
                            if stepper {
                                let plus = ui.add_enabled(
                                    k < hi,
                                    egui::Button::new(egui::RichText::new("+").size(NUMBER_PX))
                                        .min_size(egui::vec2(TARGET_PX, TARGET_PX)),
                                );
                                rects.push((format!("booth:{key}.plus"), plus.rect));
                                if plus.clicked() {
                                    k += 1;
                                }
                            }
                        });
                    });
            });
        placed.push(shown.response.rect);
        for (name, r) in rects {
            probe(world, &name, r);
        }
        world.resource_mut::<BoothUi>().values.insert(a.kind, k);
        if tapped {
            let at = shown.response.rect.center_top();
            match map_menu::send(world, a.target, &a.action, a.value_for(k), at) {
                Ok(ticket) => {
                    let line = map_actions_line(world, &a, k);
                    let mut ui = world.resource_mut::<BoothUi>();
                    ui.tapped.insert(a.kind, now);
                    ui.last = Some((line, ticket, now));
                }
                Err(e) => warn!("booth: {key}: {e}"),
            }
        }
    }
}

fn map_actions_line(world: &mut World, a: &BoothAction, k: i64) -> String {
    super::map_actions::build(world, a.target, &a.action, a.value_for(k))
        .map(|(line, _)| line)
        .unwrap_or_default()
}

/// The last tap's `aws …` line and its answer, at the bottom.
fn last_line(ctx: &egui::Context, world: &mut World) {
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    let Some((line, ticket, at)) = world.resource::<BoothUi>().last.clone() else {
        return;
    };
    if now - at > LINE_SECONDS {
        return;
    }
    let answer = world
        .get_resource::<Outbox>()
        .and_then(|o| o.get(ticket))
        .map(describe);
    egui::Area::new(egui::Id::new("booth-line"))
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
        .order(egui::Order::Foreground)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(egui::Color32::from_black_alpha(210))
                .corner_radius(8)
                .inner_margin(14.0)
                .show(ui, |ui| {
                    ui.set_max_width(ctx.viewport_rect().width() - 80.0);
                    let mut short: String = line.chars().take(150).collect();
                    if short.len() < line.len() {
                        short.push('…');
                    }
                    ui.label(
                        egui::RichText::new(short)
                            .size(BODY_PX - 2.0)
                            .monospace()
                            .color(egui::Color32::LIGHT_GRAY),
                    );
                    if let Some((ok, s)) = answer {
                        ui.label(egui::RichText::new(s).size(BODY_PX).color(if ok {
                            egui::Color32::LIGHT_GREEN
                        } else {
                            ALARM
                        }));
                    }
                });
        });
}

/// What a visitor will do, read from the demo bot's latest command.
pub fn caption_for(command: &Command) -> Option<&'static str> {
    Some(match command {
        Command::CreateAutoScalingGroup { .. } | Command::SetDesiredCapacity { .. } => {
            "booth.caption.servers"
        }
        Command::CreateLaunchTemplateVersion { .. }
        | Command::ModifyLaunchTemplate { .. }
        | Command::UpdateAutoScalingGroup { .. } => "booth.caption.rollback",
        Command::CreateLoadBalancer { .. }
        | Command::CreateListener { .. }
        | Command::ChangeResourceRecordSets { .. } => "booth.caption.rebuild",
        Command::CreateWebAcl { .. } | Command::AssociateWebAcl { .. } => "booth.caption.block_bot",
        _ => return None,
    })
}

/// The attract loop's captions: what the bot just did, in the words of the button a visitor
/// would tap; between its moves, the booth's promise.
fn captions(ctx: &egui::Context, world: &mut World) {
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    let every = world
        .get_resource::<KioskConfig>()
        .map_or(6.0, |c| c.caption_seconds);
    let mut fresh = None;
    let mut seen = world.resource::<BoothUi>().trail_seen;
    if let Some(trail) = world.get_resource::<CloudTrail>() {
        if trail.total < seen {
            seen = 0;
        }
        for e in trail.since(seen) {
            if matches!(e.principal, Principal::Bot(_))
                && let Some(c) = caption_for(&e.command)
            {
                fresh = Some(c);
            }
        }
        seen = trail.total;
    }
    let mut ui_state = world.resource_mut::<BoothUi>();
    ui_state.trail_seen = seen;
    if let Some(c) = fresh {
        ui_state.caption = Some((c, now));
    }
    let key = match ui_state.caption {
        Some((c, since)) if now - since < every => c,
        _ => {
            const IDLE: [&str; 2] = ["booth.caption.tap", "booth.caption.keep"];
            IDLE[(now / every) as usize % IDLE.len()]
        }
    };
    egui::Area::new(egui::Id::new("booth-caption"))
        // above "Touch to play" (kiosk_ui.rs), clear of the incident banners under the strip
        .anchor(
            egui::Align2::CENTER_BOTTOM,
            egui::vec2(0.0, -CAPTION_BOTTOM_PX),
        )
        .order(egui::Order::Foreground)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(egui::Color32::from_black_alpha(200))
                .stroke(egui::Stroke::new(2.0, ORANGE))
                .corner_radius(10)
                .inner_margin(egui::Margin::symmetric(28, 14))
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(t(key))
                                .size(NUMBER_PX)
                                .strong()
                                .color(egui::Color32::WHITE),
                        )
                        .extend(),
                    );
                });
        });
}

/// Seconds the score takes to count up on the ceremony screen.
const COUNT_UP_SECONDS: f64 = 3.0;

/// The ending as a moment: the score counting up, the medal, the rank against the rival
/// teams, a breakdown that adds up, and the day's leaderboard with the visitor's place
/// highlighted; then "Enter your name" opens the initials keyboard (kiosk_ui.rs).
fn ceremony(world: &mut World) {
    let Some(ctx) = super::primary_ctx(world) else {
        return;
    };
    let Some(kiosk) = world.get_resource::<Kiosk>().cloned() else {
        return;
    };
    if kiosk.phase != KioskPhase::Initials {
        return;
    }
    let over = world
        .get_resource::<crate::platform::kiosk_ui::KioskUiState>()
        .is_some_and(|s| s.ceremony_over);
    if over {
        return;
    }
    let (Some(score), Some(scenario)) = (
        world.get_resource::<Score>().cloned(),
        world.get_resource::<Scenario>().cloned(),
    ) else {
        return;
    };
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    let shown_total = crate::platform::replay::round_score(score.points);
    let k = ((now - kiosk.since) / COUNT_UP_SECONDS).clamp(0.0, 1.0);
    let counting = shown_total * k;
    let medal = scenario.medals.award(shown_total);
    let rank = super::standings::player_rank(world);
    let rows = super::results::breakdown(&score);
    let whole = super::results::round_to_total(
        &rows.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
        shown_total,
    );
    let board = world
        .get_resource::<crate::platform::persist::Leaderboard>()
        .map(|b| b.top_of_day(crate::platform::persist::today(), 10))
        .unwrap_or_default();
    let mut enter = false;
    let mut button = None;
    egui::Area::new(egui::Id::new("booth-ceremony"))
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .order(egui::Order::Foreground)
        .show(&ctx, |ui| {
            egui::Frame::window(ui.style())
                .fill(egui::Color32::from_rgba_unmultiplied(14, 20, 32, 250))
                .stroke(egui::Stroke::new(3.0, ORANGE))
                .inner_margin(36.0)
                .show(ui, |ui| {
                    ui.horizontal_top(|ui| {
                        ui.vertical(|ui| {
                            ui.set_min_width(640.0);
                            ui.label(
                                egui::RichText::new(t("booth.ceremony.title"))
                                    .size(NUMBER_PX)
                                    .strong(),
                            );
                            ui.label(
                                egui::RichText::new(format!("{counting:.0}"))
                                    .size(96.0)
                                    .strong()
                                    .color(ORANGE),
                            );
                            let (medal_text, colour) = match medal {
                                Some(m) => (
                                    tf(
                                        "booth.ceremony.medal",
                                        &[("medal", t(&format!("booth.medal.{m}")))],
                                    ),
                                    medal_colour(m),
                                ),
                                None => (
                                    t("booth.ceremony.no_medal").to_string(),
                                    egui::Color32::LIGHT_GRAY,
                                ),
                            };
                            if k >= 1.0 {
                                ui.horizontal(|ui| {
                                    // the medal itself: a disc in its colour
                                    if medal.is_some() {
                                        let (r, _) = ui.allocate_exact_size(
                                            egui::vec2(64.0, 64.0),
                                            egui::Sense::hover(),
                                        );
                                        ui.painter().circle_filled(r.center(), 30.0, colour);
                                        ui.painter().circle_stroke(
                                            r.center(),
                                            22.0,
                                            egui::Stroke::new(
                                                3.0,
                                                egui::Color32::from_black_alpha(90),
                                            ),
                                        );
                                    }
                                    ui.label(
                                        egui::RichText::new(&medal_text)
                                            .size(56.0)
                                            .strong()
                                            .color(colour),
                                    );
                                });
                            }
                            if let Some((r, teams)) = rank {
                                ui.label(
                                    egui::RichText::new(tf(
                                        "booth.ceremony.rank",
                                        &[("rank", &r.to_string()), ("teams", &teams.to_string())],
                                    ))
                                    .size(NUMBER_PX),
                                );
                            }
                            ui.add_space(12.0);
                            egui::Grid::new("booth-breakdown")
                                .num_columns(2)
                                .spacing([32.0, 6.0])
                                .show(ui, |ui| {
                                    for ((key, _), v) in rows.iter().zip(&whole) {
                                        ui.label(egui::RichText::new(t(key)).size(BODY_PX));
                                        ui.label(
                                            egui::RichText::new(format!("{v:+}"))
                                                .size(NUMBER_PX - 4.0)
                                                .monospace(),
                                        );
                                        ui.end_row();
                                    }
                                    ui.label(
                                        egui::RichText::new(t("booth.score"))
                                            .size(BODY_PX)
                                            .strong(),
                                    );
                                    ui.label(
                                        egui::RichText::new(format!("{shown_total:.0}"))
                                            .size(NUMBER_PX - 4.0)
                                            .monospace()
                                            .strong(),
                                    );
                                    ui.end_row();
                                });
                        });
                        ui.add_space(40.0);
                        ui.vertical(|ui| {
                            ui.set_min_width(440.0);
                            ui.label(
                                egui::RichText::new(t("booth.ceremony.today"))
                                    .size(NUMBER_PX - 4.0)
                                    .strong(),
                            );
                            // the visitor's place among today's scores
                            let mine = board
                                .iter()
                                .position(|e| e.score < shown_total)
                                .unwrap_or(board.len());
                            let mut lines: Vec<(String, f64, bool)> = board
                                .iter()
                                .map(|e| (e.name.clone(), e.score, false))
                                .collect();
                            lines.insert(
                                mine,
                                (t("booth.ceremony.you").to_string(), shown_total, true),
                            );
                            lines.truncate(10.max(mine + 1));
                            egui::Grid::new("booth-today")
                                .num_columns(3)
                                .spacing([24.0, 4.0])
                                .show(ui, |ui| {
                                    for (i, (name, points, me)) in lines.iter().enumerate() {
                                        let c = if *me { ORANGE } else { egui::Color32::WHITE };
                                        let size = if *me { NUMBER_PX - 4.0 } else { BODY_PX };
                                        ui.label(
                                            egui::RichText::new(format!("{}", i + 1))
                                                .size(size)
                                                .color(c),
                                        );
                                        ui.label(
                                            egui::RichText::new(name)
                                                .size(size)
                                                .monospace()
                                                .color(c),
                                        );
                                        ui.label(
                                            egui::RichText::new(format!("{points:.0}"))
                                                .size(size)
                                                .color(c),
                                        );
                                        ui.end_row();
                                    }
                                });
                        });
                    });
                    ui.add_space(20.0);
                    ui.vertical_centered(|ui| {
                        let r = ui.add(
                            egui::Button::new(
                                egui::RichText::new(t("booth.ceremony.continue"))
                                    .size(NUMBER_PX)
                                    .color(egui::Color32::BLACK),
                            )
                            .fill(ORANGE)
                            .min_size(egui::vec2(420.0, TARGET_PX)),
                        );
                        button = Some(r.rect);
                        enter = r.clicked();
                    });
                });
        });
    if let Some(r) = button {
        probe(world, "booth:ceremony.continue", r);
    }
    let cfg_seconds = world
        .get_resource::<KioskConfig>()
        .map_or(12.0, |c| c.ceremony_seconds);
    if (enter || now - kiosk.since >= cfg_seconds)
        && let Some(mut s) = world.get_resource_mut::<crate::platform::kiosk_ui::KioskUiState>()
    {
        s.ceremony_over = true;
    }
}

fn medal_colour(medal: &str) -> egui::Color32 {
    match medal {
        "gold" => egui::Color32::from_rgb(255, 205, 60),
        "silver" => egui::Color32::from_rgb(200, 210, 220),
        _ => egui::Color32::from_rgb(205, 127, 50),
    }
}

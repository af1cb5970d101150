//! The kiosk's screens over the game: the attract overlay (Touch to play, today's top 10),
//! the round timer, "Are you still there?", the name entry with an on-screen keyboard, and
//! the PIN-protected operator menu (chord: Ctrl+Alt+Shift+O, or five taps in the top-left
//! corner within four seconds).

use super::kiosk::{Kiosk, KioskConfig, KioskPhase, KioskRequest, KioskRequests};
use super::names::{MAX_LEN, check_name};
use super::persist::{Leaderboard, today};
use crate::i18n::{Language, t, tf, tr};
use crate::sim::score::Score;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The on-screen keyboard's text and the operator menu's state.
#[derive(Resource, Default, Debug, Clone)]
pub struct KioskUiState {
    pub name: String,
    pub rejected: bool,
    pub operator: OperatorStage,
    pub pin: String,
    pub wrong_pin: bool,
    pub corner_taps: Vec<f64>,
    pub message: Option<&'static str>,
    /// The ending ceremony (drawn by the HUD's booth screen) is over: the keyboard shows.
    pub ceremony_over: bool,
}

#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorStage {
    #[default]
    Closed,
    Pin,
    Menu,
}

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KioskUiSystems {
    Draw,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<KioskUiState>()
        .add_systems(
            Update,
            operator_chord.in_set(super::kiosk::KioskSystems::Input),
        )
        .add_systems(
            EguiPrimaryContextPass,
            (kiosk_overlay, operator_menu)
                .chain()
                .in_set(KioskUiSystems::Draw),
        );
}

const BIG: egui::Vec2 = egui::vec2(80.0, 72.0);
const ORANGE: egui::Color32 = egui::Color32::from_rgb(255, 153, 0);

/// Darkens the map and takes every tap on it: a touch that answers a kiosk screen never
/// reaches the map below (the map ignores presses over any egui area but the background).
pub fn backdrop(ctx: &egui::Context, alpha: u8) {
    let screen = ctx.viewport_rect();
    egui::Area::new(egui::Id::new("kiosk-backdrop"))
        .fixed_pos(screen.min)
        .order(egui::Order::Middle)
        .show(ctx, |ui| {
            let (rect, _) = ui.allocate_exact_size(screen.size(), egui::Sense::click());
            ui.painter()
                .rect_filled(rect, 0.0, egui::Color32::from_black_alpha(alpha));
        });
}

fn centered(ctx: &egui::Context, id: &'static str, add: impl FnOnce(&mut egui::Ui)) {
    egui::Area::new(egui::Id::new(id))
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::window(ui.style())
                .inner_margin(24.0)
                .show(ui, |ui| {
                    ui.vertical_centered(|ui| add(ui));
                });
        });
}

fn big_button(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add(
        egui::Button::new(egui::RichText::new(text).size(32.0)).min_size(egui::vec2(220.0, 72.0)),
    )
}

#[allow(clippy::too_many_arguments)]
fn kiosk_overlay(
    mut contexts: EguiContexts,
    kiosk: Res<Kiosk>,
    cfg: Res<KioskConfig>,
    board: Res<Leaderboard>,
    score: Option<Res<Score>>,
    time: Res<Time<Real>>,
    mut ui_state: ResMut<KioskUiState>,
    mut requests: ResMut<KioskRequests>,
    mut rects: Option<ResMut<crate::ui_state::ButtonRects>>,
    probe: Option<Res<crate::ui_state::Probe>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let now = time.elapsed_secs_f64();
    let mut found: Vec<(String, egui::Rect)> = Vec::new();
    if ui_state.operator != OperatorStage::Closed {
        return Ok(());
    }
    match kiosk.phase {
        KioskPhase::Attract => {
            ui_state.name.clear();
            ui_state.rejected = false;
            ui_state.ceremony_over = false;
            // the demo plays on the big map; a touch anywhere starts a round
            backdrop(ctx, 0);
            egui::Area::new(egui::Id::new("kiosk-touch"))
                .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -40.0))
                .order(egui::Order::Foreground)
                .interactable(false)
                .show(ctx, |ui| {
                    egui::Frame::new()
                        .fill(egui::Color32::from_black_alpha(220))
                        .stroke(egui::Stroke::new(3.0, ORANGE))
                        .corner_radius(12)
                        .inner_margin(egui::Margin::symmetric(40, 16))
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(format!(
                                        "{} · {}",
                                        tr(Language::English, "kiosk.touch_to_play"),
                                        tr(Language::Korean, "kiosk.touch_to_play")
                                    ))
                                    .size(56.0)
                                    .strong()
                                    .color(ORANGE),
                                )
                                .extend(),
                            );
                        });
                });
            // the day's top 10 comes and goes
            let period = cfg.top10_seconds.max(1.0);
            if ((now - kiosk.since) / period) as u64 % 2 == 1 {
                egui::Area::new(egui::Id::new("kiosk-attract"))
                    .anchor(egui::Align2::RIGHT_CENTER, egui::vec2(-40.0, 0.0))
                    .order(egui::Order::Foreground)
                    .interactable(false)
                    .show(ctx, |ui| {
                        egui::Frame::window(ui.style())
                            .fill(egui::Color32::from_rgba_unmultiplied(14, 20, 32, 240))
                            .inner_margin(28.0)
                            .show(ui, |ui| top10(ui, &kiosk, &cfg, &board));
                    });
            }
        }
        // the booth's playing screen (hud/booth.rs) shows the timer and the mission card
        KioskPhase::Round | KioskPhase::Mission => {}
        KioskPhase::StillThere => {
            let left = (cfg.still_there_seconds - (now - kiosk.since))
                .max(0.0)
                .ceil() as u64;
            backdrop(ctx, 150);
            centered(ctx, "kiosk-still-there", |ui| {
                ui.label(
                    egui::RichText::new(t("kiosk.still_there"))
                        .size(36.0)
                        .strong(),
                );
                ui.label(
                    egui::RichText::new(tf(
                        "kiosk.still_there_body",
                        &[("seconds", &left.to_string())],
                    ))
                    .size(28.0),
                );
                ui.add_space(12.0);
                let keep = big_button(ui, t("kiosk.keep_playing"));
                found.push(("kiosk:keep".into(), keep.rect));
                if keep.clicked() {
                    requests.0.push(KioskRequest::KeepPlaying);
                }
            });
        }
        KioskPhase::Initials => {
            backdrop(ctx, 170);
            if !ui_state.ceremony_over {
                // the ceremony first (hud/booth.rs)
                return Ok(());
            }
            // a physical keyboard works too
            let typed: Vec<String> = ctx.input(|i| {
                i.events
                    .iter()
                    .filter_map(|e| match e {
                        egui::Event::Text(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect()
            });
            for s in typed {
                for c in s.chars().filter(|c| c.is_ascii_alphanumeric()) {
                    if ui_state.name.chars().count() < MAX_LEN {
                        ui_state.name.push(c.to_ascii_uppercase());
                        ui_state.rejected = false;
                    }
                }
            }
            if ctx.input(|i| i.key_pressed(egui::Key::Backspace)) {
                ui_state.name.pop();
            }
            let enter = ctx.input(|i| i.key_pressed(egui::Key::Enter));
            centered(ctx, "kiosk-initials", |ui| {
                ui.label(egui::RichText::new(t("kiosk.thanks")).size(40.0).strong());
                if let Some(s) = &score {
                    ui.label(
                        egui::RichText::new(format!("{} {:.0}", t("kiosk.your_score"), s.points))
                            .size(40.0)
                            .color(ORANGE),
                    );
                }
                ui.add_space(8.0);
                ui.label(egui::RichText::new(t("kiosk.enter_initials")).size(30.0));
                ui.label(
                    egui::RichText::new(t("kiosk.initials_hint"))
                        .size(24.0)
                        .weak(),
                );
                let shown = format!("{:_<3}", ui_state.name);
                ui.label(egui::RichText::new(shown).size(56.0).monospace());
                if ui_state.rejected {
                    ui.colored_label(egui::Color32::LIGHT_RED, t("kiosk.initials_rejected"));
                }
                ui.add_space(8.0);
                for row in ["1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"] {
                    ui.horizontal(|ui| {
                        for c in row.chars() {
                            let key = ui.add(
                                egui::Button::new(egui::RichText::new(c.to_string()).size(32.0))
                                    .min_size(BIG),
                            );
                            found.push((format!("key:{c}"), key.rect));
                            if key.clicked() && ui_state.name.chars().count() < MAX_LEN {
                                ui_state.name.push(c);
                                ui_state.rejected = false;
                            }
                        }
                    });
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if big_button(ui, t("kiosk.delete")).clicked() {
                        ui_state.name.pop();
                    }
                    let ok = big_button(ui, t("kiosk.ok"));
                    found.push(("key:ok".into(), ok.rect));
                    if ok.clicked() || enter {
                        match check_name(&ui_state.name) {
                            Ok(name) => requests.0.push(KioskRequest::SubmitName(name)),
                            Err(_) => ui_state.rejected = true,
                        }
                    }
                    if big_button(ui, t("kiosk.skip")).clicked() {
                        requests.0.push(KioskRequest::SkipName);
                    }
                });
            });
        }
    }
    if probe.is_some()
        && let Some(rects) = rects.as_mut()
    {
        rects.forget("key:");
        for (name, r) in found {
            rects.put(&name, r);
        }
    }
    Ok(())
}

/// Today's top 10, the newest entry highlighted.
fn top10(ui: &mut egui::Ui, kiosk: &Kiosk, cfg: &KioskConfig, board: &Leaderboard) {
    ui.label(
        egui::RichText::new(format!(
            "{} · {}",
            tr(Language::English, "kiosk.top10"),
            tr(Language::Korean, "kiosk.top10")
        ))
        .size(36.0)
        .strong(),
    );
    let top = board.top_of_day(today(), cfg.top_n);
    if top.is_empty() {
        ui.label(egui::RichText::new(t("kiosk.no_scores")).size(26.0));
    }
    egui::Grid::new("kiosk-top10")
        .num_columns(3)
        .spacing([32.0, 8.0])
        .show(ui, |ui| {
            for (i, e) in top.iter().enumerate() {
                let fresh = kiosk
                    .last_rank
                    .as_ref()
                    .is_some_and(|(n, r)| *r == i && *n == e.name);
                let color = if fresh {
                    ORANGE
                } else {
                    ui.visuals().text_color()
                };
                for s in [
                    format!("{}", i + 1),
                    e.name.clone(),
                    format!("{:.0}", e.score),
                ] {
                    ui.label(egui::RichText::new(s).size(32.0).monospace().color(color));
                }
                ui.end_row();
            }
        });
}

/// Opens the PIN pad: Ctrl+Alt+Shift+O, or five taps in the top-left 80×80 corner within 4 s.
fn operator_chord(
    keys: Res<ButtonInput<KeyCode>>,
    touches: Res<Touches>,
    mouse: Res<ButtonInput<MouseButton>>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    time: Res<Time<Real>>,
    mut ui_state: ResMut<KioskUiState>,
    mut kiosk: ResMut<Kiosk>,
) {
    let now = time.elapsed_secs_f64();
    // held, or pressed this frame (a fast chord can go down and up within one frame)
    let held = |a: KeyCode, b: KeyCode| keys.any_pressed([a, b]) || keys.any_just_pressed([a, b]);
    let chord = held(KeyCode::ControlLeft, KeyCode::ControlRight)
        && held(KeyCode::AltLeft, KeyCode::AltRight)
        && held(KeyCode::ShiftLeft, KeyCode::ShiftRight)
        && keys.just_pressed(KeyCode::KeyO);
    let in_corner = |p: Vec2| p.x < 80.0 && p.y < 80.0;
    let mut corner_tap = touches.iter_just_pressed().any(|t| in_corner(t.position()));
    if mouse.just_pressed(MouseButton::Left)
        && let Some(p) = windows.single().ok().and_then(|w| w.cursor_position())
    {
        corner_tap |= in_corner(p);
    }
    if corner_tap {
        ui_state.corner_taps.push(now);
        ui_state.corner_taps.retain(|t| now - t < 4.0);
    }
    if (chord || ui_state.corner_taps.len() >= 5) && ui_state.operator == OperatorStage::Closed {
        ui_state.corner_taps.clear();
        ui_state.operator = OperatorStage::Pin;
        ui_state.pin.clear();
        ui_state.wrong_pin = false;
        ui_state.message = None;
        kiosk.operator_open = true;
    }
}

fn operator_menu(
    mut contexts: EguiContexts,
    cfg: Res<KioskConfig>,
    mut kiosk: ResMut<Kiosk>,
    mut ui_state: ResMut<KioskUiState>,
    mut requests: ResMut<KioskRequests>,
    mut exit: MessageWriter<AppExit>,
    mut lang: ResMut<Language>,
) -> Result {
    if ui_state.operator == OperatorStage::Closed {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    backdrop(ctx, 200);
    let mut close = false;
    centered(ctx, "kiosk-operator", |ui| {
        ui.label(
            egui::RichText::new(t("operator.heading"))
                .size(30.0)
                .strong(),
        );
        match ui_state.operator {
            OperatorStage::Pin => {
                ui.label(egui::RichText::new(t("operator.pin")).size(22.0));
                ui.label(
                    egui::RichText::new("•".repeat(ui_state.pin.len()) + "_")
                        .size(36.0)
                        .monospace(),
                );
                if ui_state.wrong_pin {
                    ui.colored_label(egui::Color32::LIGHT_RED, t("operator.wrong_pin"));
                }
                for row in ["123", "456", "789", "<0>"] {
                    ui.horizontal(|ui| {
                        for c in row.chars() {
                            let label = match c {
                                '<' => "←".to_string(),
                                '>' => "OK".to_string(),
                                c => c.to_string(),
                            };
                            if ui
                                .add(
                                    egui::Button::new(egui::RichText::new(label).size(28.0))
                                        .min_size(BIG),
                                )
                                .clicked()
                            {
                                match c {
                                    '<' => {
                                        ui_state.pin.pop();
                                    }
                                    '>' => {
                                        if ui_state.pin == cfg.operator_pin {
                                            ui_state.operator = OperatorStage::Menu;
                                        } else {
                                            ui_state.wrong_pin = true;
                                            ui_state.pin.clear();
                                        }
                                    }
                                    c if ui_state.pin.len() < 12 => ui_state.pin.push(c),
                                    _ => {}
                                }
                            }
                        }
                    });
                }
                if big_button(ui, t("operator.close")).clicked() {
                    close = true;
                }
            }
            OperatorStage::Menu => {
                ui.label(format!(
                    "{}: {}",
                    t("operator.scenario"),
                    kiosk.round_scenario
                ));
                ui.horizontal_wrapped(|ui| {
                    for (id, _) in crate::scenario::EMBEDDED {
                        if ui
                            .add(egui::Button::selectable(
                                kiosk.round_scenario == *id,
                                egui::RichText::new(*id).size(20.0),
                            ))
                            .clicked()
                        {
                            requests
                                .0
                                .push(KioskRequest::SetRoundScenario(id.to_string()));
                        }
                    }
                });
                ui.horizontal(|ui| {
                    for l in Language::ALL {
                        if ui
                            .add(egui::Button::selectable(
                                *lang == l,
                                egui::RichText::new(l.native_name()).size(20.0),
                            ))
                            .clicked()
                        {
                            *lang = l;
                        }
                    }
                });
                ui.add_space(8.0);
                if big_button(ui, t("operator.reset_day")).clicked() {
                    requests.0.push(KioskRequest::ResetToday);
                    ui_state.message = Some("operator.reset_done");
                }
                if let Some(m) = ui_state.message {
                    ui.label(t(m));
                }
                ui.label(format!(
                    "rounds {} · finished {} · abandoned {} · demo loops {}",
                    kiosk.rounds_started,
                    kiosk.rounds_finished,
                    kiosk.rounds_abandoned,
                    kiosk.attract_loops
                ));
                if big_button(ui, t("operator.quit")).clicked() {
                    exit.write(AppExit::Success);
                }
                if big_button(ui, t("operator.close")).clicked() {
                    close = true;
                }
            }
            OperatorStage::Closed => {}
        }
    });
    if close {
        ui_state.operator = OperatorStage::Closed;
        kiosk.operator_open = false;
    }
    Ok(())
}

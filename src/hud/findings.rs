//! The GuardDuty findings feed: a small collapsible list in the bottom-left corner of the
//! map (newest first, severity-coloured) that stays out of the way until something is found.

use super::{HudSystems, theme};
use crate::i18n::{t, tf};
use crate::screens::Screen;
use crate::sim::clock::SimClock;
use crate::sim::findings::{Finding, Findings};
use crate::ui_state::UiInsets;
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

/// Findings listed when the feed is open.
const ROWS: usize = 5;

/// Whether the feed is open, and how many findings the player has seen.
#[derive(Resource, Default)]
pub struct FindingsFeed {
    pub open: bool,
    pub seen: usize,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<FindingsFeed>()
        .add_systems(OnEnter(Screen::Playing), reset)
        .add_systems(
            EguiPrimaryContextPass,
            show.run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Panels),
        );
}

fn reset(mut feed: ResMut<FindingsFeed>) {
    *feed = FindingsFeed::default();
}

fn severity_color(f: &Finding) -> egui::Color32 {
    if f.severity >= 7.0 {
        theme::RED
    } else if f.severity >= 4.0 {
        theme::AMBER
    } else {
        theme::BLUE
    }
}

fn severity_text(f: &Finding) -> &'static str {
    match f.severity_label() {
        "High" => t("findings.high"),
        "Medium" => t("findings.medium"),
        _ => t("findings.low"),
    }
}

fn show(world: &mut World) {
    let Some(ctx) = super::primary_ctx(world) else {
        return;
    };
    let Some(findings) = world.get_resource::<Findings>() else {
        return;
    };
    let list: Vec<Finding> = findings.list.iter().rev().cloned().collect();
    if list.is_empty() {
        return;
    }
    let clock = world.resource::<SimClock>().clone();
    let insets = world
        .get_resource::<UiInsets>()
        .copied()
        .unwrap_or_default();
    let active = list.iter().filter(|f| f.active).count();
    let unseen = list.len() > world.resource::<FindingsFeed>().seen;
    let open = world.resource::<FindingsFeed>().open;
    let screen = ctx.viewport_rect();
    let mut toggle = false;
    egui::Area::new("findings".into())
        // The map's bottom-right corner: the legend has the bottom-left.
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .fixed_pos(egui::pos2(
            screen.max.x - insets.right - 8.0,
            screen.max.y - insets.bottom - 8.0,
        ))
        .order(egui::Order::Foreground)
        .show(&ctx, |ui| {
            egui::Frame::new()
                .fill(theme::INK)
                .stroke(egui::Stroke::new(
                    1.5,
                    if active > 0 { theme::RED } else { theme::DIM },
                ))
                .corner_radius(6)
                .inner_margin(6)
                .show(ui, |ui| {
                    ui.set_max_width(340.0);
                    let arrow = if open { "▼" } else { "▶" };
                    let heading = tf(
                        "findings.heading",
                        &[
                            ("active", &active.to_string()),
                            ("total", &list.len().to_string()),
                        ],
                    );
                    let mut text = egui::RichText::new(format!("{arrow} {heading}")).strong();
                    if unseen {
                        text = text.color(theme::ORANGE);
                    }
                    if ui
                        .add(egui::Label::new(text).sense(egui::Sense::click()))
                        .on_hover_text(t("findings.toggle"))
                        .clicked()
                    {
                        toggle = true;
                    }
                    if !open {
                        return;
                    }
                    for f in list.iter().take(ROWS) {
                        ui.separator();
                        ui.horizontal_wrapped(|ui| {
                            ui.label(
                                egui::RichText::new(format!(
                                    "{} {:.1}",
                                    severity_text(f),
                                    f.severity
                                ))
                                .color(severity_color(f))
                                .strong(),
                            );
                            ui.label(egui::RichText::new(f.finding_type).monospace().small());
                        });
                        let status = if f.active {
                            t("findings.active")
                        } else {
                            t("findings.archived")
                        };
                        ui.label(
                            egui::RichText::new(tf(
                                "findings.row",
                                &[
                                    ("resource", &f.resource),
                                    ("time", &clock.wall_clock(f.first_seen)),
                                    ("count", &f.count.to_string()),
                                    ("status", status),
                                ],
                            ))
                            .small()
                            .color(theme::DIM),
                        );
                    }
                    if list.len() > ROWS {
                        ui.label(
                            egui::RichText::new(tf(
                                "findings.more",
                                &[("count", &(list.len() - ROWS).to_string())],
                            ))
                            .small()
                            .color(theme::DIM),
                        );
                    }
                });
        });
    let mut feed = world.resource_mut::<FindingsFeed>();
    if toggle {
        feed.open = !feed.open;
    }
    if feed.open {
        feed.seen = list.len();
    }
}

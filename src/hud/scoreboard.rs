//! The scoreboard (top bar): score, points per minute with a trend arrow, revenue, cost per
//! hour, the simulated clock and time remaining, alarms in ALARM, game speed;
//! and the pause menu.

use super::{HudLayout, theme};
use crate::i18n::{pick, t, tf};
use crate::scenario::Scenario;
use crate::screens::{GameSpeed, Screen};
use crate::sim::clock::SimClock;
use crate::sim::metrics::{Datapoint, Metrics};
use crate::sim::score::Score;
use bevy::prelude::*;
use bevy_egui::egui;

/// Which way points per minute are heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Up,
    Flat,
    Down,
}

impl Trend {
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Up => "⬆",
            Trend::Flat => "➡",
            Trend::Down => "⬇",
        }
    }
}

/// Points per minute over the last closed minute, and its trend against the five before.
pub fn points_trend(history: &[Datapoint]) -> Option<(f64, Trend)> {
    let last = history.last()?;
    let before: Vec<f64> = history
        .iter()
        .rev()
        .skip(1)
        .take(5)
        .map(|d| d.points_per_minute)
        .collect();
    if before.is_empty() {
        return Some((last.points_per_minute, Trend::Flat));
    }
    let avg = before.iter().sum::<f64>() / before.len() as f64;
    let margin = avg.abs().max(10.0) * 0.05;
    let trend = if last.points_per_minute > avg + margin {
        Trend::Up
    } else if last.points_per_minute < avg - margin {
        Trend::Down
    } else {
        Trend::Flat
    };
    Some((last.points_per_minute, trend))
}

/// Time left as `M:SS` under an hour and `H:MM:SS` from an hour on, so a five-minute
/// booth round reads 4:56, never 0:04.
pub fn clock_text(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Game speeds the buttons offer, as multiples of the scenario's normal speed.
pub const SPEEDS: [f64; 3] = [1.0, 2.0, 4.0];

/// The scenario's normal speed (simulated seconds per real second).
pub fn base_speed(world: &World) -> f64 {
    world
        .get_resource::<Scenario>()
        .map(|s| s.default_speed)
        .unwrap_or(10.0)
}

fn stat(ui: &mut egui::Ui, label: &str, value: egui::RichText) {
    ui.vertical(|ui| {
        ui.label(egui::RichText::new(label).small().color(theme::DIM));
        ui.label(value);
    });
    ui.add_space(10.0);
}

/// Draws the top bar; returns its height.
pub fn show(ui: &mut egui::Ui, world: &mut World) -> f32 {
    let score = world.resource::<Score>().clone();
    let clock = world.resource::<SimClock>().clone();
    let history: Vec<Datapoint> = world
        .resource::<Metrics>()
        .history
        .iter()
        .rev()
        .take(6)
        .rev()
        .cloned()
        .collect();
    let alarms = super::cloudwatch::alarms_firing(world);
    let base = base_speed(world);
    let mut speed = *world.resource::<GameSpeed>();
    let mut layout = world.resource::<HudLayout>().clone();
    let title = world
        .get_resource::<Scenario>()
        .map(|s| pick(&s.title, &s.title_ko).to_string())
        .unwrap_or_default();
    let mut found: Vec<(String, egui::Rect)> = Vec::new();
    let h = egui::Panel::top("scoreboard")
        .frame(
            egui::Frame::new()
                .fill(theme::INK)
                .inner_margin(egui::Margin::symmetric(10, 6)),
        )
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    egui::RichText::new("GameDay")
                        .size(22.0)
                        .strong()
                        .color(theme::ORANGE),
                );
                ui.label(egui::RichText::new(&title).color(theme::DIM));
                ui.separator();
                let score_color = if score.points >= 0.0 {
                    theme::TEXT
                } else {
                    theme::RED
                };
                stat(
                    ui,
                    t("score.score"),
                    egui::RichText::new(format!("{:.0}", score.points))
                        .size(24.0)
                        .strong()
                        .color(score_color),
                );
                let (ppm, trend) = points_trend(&history).unwrap_or((0.0, Trend::Flat));
                let tc = match trend {
                    Trend::Up => theme::GREEN,
                    Trend::Flat => theme::DIM,
                    Trend::Down => theme::RED,
                };
                stat(
                    ui,
                    t("score.ppm"),
                    egui::RichText::new(format!("{} {:+.0}", trend.arrow(), ppm))
                        .size(18.0)
                        .strong()
                        .color(tc),
                );
                stat(
                    ui,
                    t("score.revenue"),
                    egui::RichText::new(format!("${:.2}", score.revenue_usd)).size(18.0),
                );
                stat(
                    ui,
                    t("score.cost_hour"),
                    egui::RichText::new(format!("${:.3}", score.cost_rate_usd_h)).size(18.0),
                );
                stat(
                    ui,
                    t("score.clock"),
                    egui::RichText::new(clock.wall_clock(clock.now))
                        .size(18.0)
                        .monospace(),
                );
                stat(
                    ui,
                    t("score.remaining"),
                    egui::RichText::new(clock_text(clock.duration - clock.now))
                        .size(18.0)
                        .monospace(),
                );
                if let Some((rank, teams)) = super::standings::player_rank(world) {
                    stat(
                        ui,
                        t("score.rank"),
                        egui::RichText::new(format!("{rank}/{teams}"))
                            .size(18.0)
                            .strong()
                            .color(if rank == 1 { theme::GREEN } else { theme::TEXT }),
                    );
                }
                let ac = if alarms > 0 { theme::RED } else { theme::GREEN };
                let r = ui
                    .vertical(|ui| {
                        ui.label(
                            egui::RichText::new(t("score.alarms"))
                                .small()
                                .color(theme::DIM),
                        );
                        ui.add(
                            egui::Button::new(
                                egui::RichText::new(format!("🔔 {alarms}"))
                                    .size(16.0)
                                    .strong()
                                    .color(ac),
                            )
                            .frame(false),
                        )
                    })
                    .inner;
                if r.clicked() {
                    layout.cloudwatch = true;
                    layout.right_tab = super::RightTab::Alarms;
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let r = ui
                        .add(egui::Button::new("☰").min_size(egui::vec2(36.0, 30.0)))
                        .on_hover_text(t("score.menu_tip"));
                    found.push(("top:menu".to_string(), r.rect));
                    if r.clicked() {
                        layout.pause_menu = !layout.pause_menu;
                    }
                    if ui
                        .add(egui::Button::new("?").min_size(egui::vec2(30.0, 30.0)))
                        .on_hover_text(t("score.help_tip"))
                        .clicked()
                    {
                        layout.help = !layout.help;
                    }
                    ui.separator();
                    for m in SPEEDS.iter().rev() {
                        let on = !speed.paused && (speed.speed - base * m).abs() < 1e-6;
                        let r = ui
                            .add(
                                egui::Button::new(format!("{m}×"))
                                    .selected(on)
                                    .min_size(egui::vec2(36.0, 30.0)),
                            )
                            .on_hover_text(tf(
                                "score.speed_tip",
                                &[("seconds", &format!("{}", base * m))],
                            ));
                        found.push((format!("top:speed{m}"), r.rect));
                        if r.clicked() {
                            speed.paused = false;
                            speed.speed = base * m;
                        }
                    }
                    let pause = if speed.paused { "▶" } else { "⏸" };
                    if ui
                        .add(
                            egui::Button::new(pause)
                                .selected(speed.paused)
                                .min_size(egui::vec2(36.0, 30.0)),
                        )
                        .on_hover_text(t("score.pause_tip"))
                        .clicked()
                    {
                        speed.paused = !speed.paused;
                    }
                    if speed.paused {
                        ui.label(
                            egui::RichText::new(t("score.paused"))
                                .strong()
                                .color(theme::AMBER),
                        );
                    }
                });
            });
        })
        .response
        .rect
        .height();
    *world.resource_mut::<GameSpeed>() = speed;
    *world.resource_mut::<HudLayout>() = layout;
    super::record_buttons(world, "top:", found);
    h
}

/// The pause menu: resume, restart, end the round, back to the title screen.
pub fn pause_menu(ctx: &egui::Context, world: &mut World) {
    world.resource_mut::<GameSpeed>().paused = true;
    let mut layout = world.resource::<HudLayout>().clone();
    let mut go = None;
    let mut found: Vec<(String, egui::Rect)> = Vec::new();
    egui::Window::new(t("pause.heading"))
        .id(egui::Id::new("pause-menu"))
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.set_width(300.0);
            let size = egui::vec2(300.0, 44.0);
            if ui
                .add(theme::primary_button(t("pause.resume")).min_size(size))
                .clicked()
            {
                layout.pause_menu = false;
                go = Some(None);
            }
            if ui
                .add(egui::Button::new(t("pause.restart")).min_size(size))
                .clicked()
            {
                go = Some(Some(Screen::Briefing));
            }
            let end = ui.add(egui::Button::new(t("pause.end")).min_size(size));
            found.push(("pause:end".to_string(), end.rect));
            if end.clicked() {
                go = Some(Some(Screen::Results));
            }
            if ui
                .add(egui::Button::new(t("pause.quit")).min_size(size))
                .clicked()
            {
                go = Some(Some(Screen::Title));
            }
            ui.checkbox(&mut layout.large_targets, t("settings.large_targets"));
        });
    super::record_buttons(world, "pause:", found);
    if let Some(next) = go {
        layout.pause_menu = false;
        world.resource_mut::<GameSpeed>().paused = false;
        if let Some(s) = next {
            world.resource_mut::<NextState<Screen>>().set(s);
        }
    }
    *world.resource_mut::<HudLayout>() = layout;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dp(ppm: f64) -> Datapoint {
        Datapoint {
            points_per_minute: ppm,
            ..Default::default()
        }
    }

    #[test]
    fn trend_compares_the_last_minute_with_the_five_before() {
        assert_eq!(points_trend(&[]), None);
        assert_eq!(points_trend(&[dp(5.0)]), Some((5.0, Trend::Flat)));
        let h = [dp(100.0), dp(100.0), dp(150.0)];
        assert_eq!(points_trend(&h), Some((150.0, Trend::Up)));
        let h = [dp(100.0), dp(100.0), dp(20.0)];
        assert_eq!(points_trend(&h).unwrap().1, Trend::Down);
        let h = [dp(100.0), dp(101.0)];
        assert_eq!(points_trend(&h).unwrap().1, Trend::Flat);
    }

    #[test]
    fn time_left_reads_minutes_and_seconds_under_an_hour_and_hours_from_one_hour_on() {
        assert_eq!(clock_text(3.0 * 3600.0 + 25.0 * 60.0 + 59.0), "3:25:59");
        assert_eq!(clock_text(4.0 * 60.0 + 56.0), "4:56");
        assert_eq!(clock_text(-5.0), "0:00");
    }
}

//! The drawers' dock: a toolbar at the bottom of the map that opens and closes the console,
//! the CLI with CloudTrail and the CloudWatch drawer (also F2 / F4 / F3), and fits the map
//! again (F); and the memory of which drawers the player keeps open, in the settings.

use super::{HudLayout, HudSystems, theme};
use crate::i18n::t;
use crate::platform::persist::{PanelPrefs, Settings};
use crate::screens::Screen;
use crate::ui_state::{Recentre, UiInsets};
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

/// The drawers by the name the settings keep them under.
pub const DRAWERS: [&str; 3] = ["console", "bottom", "cloudwatch"];

/// Map areas narrower than this get the dock's short labels (icon and key).
const COMPACT_BELOW: f32 = 1400.0;

/// Gap between the dock and the bottom of the map area.
const DOCK_GAP: f32 = 8.0;

/// Height of the strip at the bottom of the map area the dock covers: "fit all" keeps the
/// estate above it.
pub fn dock_height(style: &egui::Style) -> f32 {
    style.spacing.interact_size.y.max(20.0) + 2.0 * 6.0 + 2.0 * DOCK_GAP
}

/// Whether drawer `name` is open in `layout`.
pub fn is_open(layout: &HudLayout, name: &str) -> bool {
    match name {
        "console" => layout.console,
        "bottom" => layout.bottom,
        "cloudwatch" => layout.cloudwatch,
        _ => false,
    }
}

fn set_open(layout: &mut HudLayout, name: &str, open: bool) {
    match name {
        "console" => layout.console = open,
        "bottom" => layout.bottom = open,
        "cloudwatch" => layout.cloudwatch = open,
        _ => {}
    }
}

/// Opens the drawers the settings remember as open (the others stay as they are: closed at
/// the start of a first game).
pub fn restore(layout: &mut HudLayout, settings: &Settings) {
    for name in DRAWERS {
        if let Some(p) = settings.panels.get(name) {
            set_open(layout, name, p.open);
        }
    }
}

/// Writes the drawers' state into the settings; true when something changed.
pub fn remember(layout: &HudLayout, settings: &mut Settings) -> bool {
    let mut changed = false;
    for name in DRAWERS {
        let open = is_open(layout, name);
        if settings.panels.get(name).map(|p| p.open) != Some(open) {
            settings
                .panels
                .entry(name.to_string())
                .or_insert(PanelPrefs { open, size: None })
                .open = open;
            changed = true;
        }
    }
    changed
}

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Playing), restore_drawers)
        .add_systems(
            EguiPrimaryContextPass,
            remember_drawers
                .run_if(in_state(Screen::Playing))
                .after(HudSystems::Panels),
        );
}

fn restore_drawers(settings: Option<Res<Settings>>, mut layout: ResMut<HudLayout>) {
    if let Some(settings) = settings {
        restore(&mut layout, &settings);
    }
}

fn remember_drawers(layout: Res<HudLayout>, settings: Option<ResMut<Settings>>) {
    let Some(mut settings) = settings else {
        return;
    };
    if !layout.is_changed() {
        return;
    }
    // only a real change marks the settings changed (and writes the file)
    let mut copy = settings.bypass_change_detection().clone();
    if remember(&layout, &mut copy) {
        *settings = copy;
    }
}

/// Draws the dock centred at the bottom of the map area `free`.
pub fn show(ctx: &egui::Context, free: egui::Rect, world: &mut World) {
    let mut layout = world.resource::<HudLayout>().clone();
    let mut recentre = false;
    let mut found: Vec<(String, egui::Rect)> = Vec::new();
    // a narrow map (a small window, open drawers) leaves room for the icons and keys only,
    // so the dock never runs into the legend (bottom left) or the findings (bottom right)
    let compact = free.width() < COMPACT_BELOW;
    let label = |long: &'static str, short: &'static str| if compact { short } else { long };
    egui::Area::new(egui::Id::new("drawer-dock"))
        .pivot(egui::Align2::CENTER_BOTTOM)
        .fixed_pos(egui::pos2(free.center().x, free.max.y - DOCK_GAP))
        .order(egui::Order::Middle)
        .show(ctx, |ui| {
            theme::panel_frame()
                .inner_margin(egui::Margin::symmetric(8, 6))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        for (name, flag, label, tip) in [
                            (
                                "dock:console",
                                &mut layout.console,
                                label(t("dock.console"), t("dock.console_short")),
                                t("dock.console_tip"),
                            ),
                            (
                                "dock:cli",
                                &mut layout.bottom,
                                t("dock.cli"),
                                t("dock.cli_tip"),
                            ),
                            (
                                "dock:watch",
                                &mut layout.cloudwatch,
                                label(t("dock.watch"), t("dock.watch_short")),
                                t("dock.watch_tip"),
                            ),
                        ] {
                            let r = ui.toggle_value(flag, label).on_hover_text(tip);
                            found.push((name.to_string(), r.rect));
                        }
                        ui.separator();
                        let r = ui
                            .button(label(t("dock.fit"), t("dock.fit_short")))
                            .on_hover_text(t("dock.fit_tip"));
                        found.push(("dock:fit".to_string(), r.rect));
                        if r.clicked() {
                            recentre = true;
                        }
                    });
                });
        });
    super::record_buttons(world, "dock:", found);
    if recentre && let Some(mut r) = world.get_resource_mut::<Recentre>() {
        r.0 = true;
    }
    let current = world.resource::<HudLayout>();
    if (current.console, current.bottom, current.cloudwatch)
        != (layout.console, layout.bottom, layout.cloudwatch)
    {
        *world.resource_mut::<HudLayout>() = layout;
    }
}

/// Adds the dock's strip to the insets "fit all" keeps clear.
pub fn keep_clear(insets: &mut UiInsets, style: &egui::Style) {
    insets.fit_bottom = dock_height(style);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drawers_the_player_left_open_open_again_next_round() {
        let mut layout = HudLayout::default();
        assert!(
            !layout.console && !layout.bottom && !layout.cloudwatch,
            "a first game starts with the map alone"
        );
        let mut settings = Settings::default();
        layout.bottom = true;
        assert!(remember(&layout, &mut settings));
        assert!(!remember(&layout, &mut settings), "nothing new to write");
        let mut next_round = HudLayout::default();
        restore(&mut next_round, &settings);
        assert!(next_round.bottom && !next_round.console && !next_round.cloudwatch);
        // closing it is remembered too
        next_round.bottom = false;
        assert!(remember(&next_round, &mut settings));
        let mut third = HudLayout {
            bottom: true,
            ..Default::default()
        };
        restore(&mut third, &settings);
        assert!(!third.bottom);
    }
}

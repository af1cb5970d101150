//! Keyboard shortcuts for speed and panels, and the help overlay that lists them (F1 / ?).

use super::{HudLayout, HudSystems, RightTab, cli, scoreboard, theme};
use crate::i18n::t;
use crate::screens::{GameSpeed, Screen};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Every shortcut: (keys, the localisation key of what it does). The help overlay lists these.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "help.key.pause"),
    ("1  2  3", "help.key.speed"),
    ("F1  /  ?", "help.key.help"),
    ("Esc", "help.key.menu"),
    ("F2", "help.key.console"),
    ("F3", "help.key.cloudwatch"),
    ("F4", "help.key.bottom"),
    ("F5", "help.key.inspector"),
    ("C  A  R", "help.key.tabs"),
    ("+  −  F", "help.key.fit"),
    ("/  `", "help.key.cli"),
    ("Tab  (CLI)", "help.key.complete"),
    ("↑ ↓  (CLI)", "help.key.history"),
];

/// What a key press asks for (when no text field has the keyboard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    TogglePause,
    Speed(usize),
    Help,
    Menu,
    Console,
    CloudWatch,
    Bottom,
    Inspector,
    Tab(RightTab),
    FocusCli,
}

/// The shortcut for an egui key.
pub fn shortcut_for(key: egui::Key) -> Option<Shortcut> {
    use egui::Key as K;
    Some(match key {
        K::Space => Shortcut::TogglePause,
        K::Num1 => Shortcut::Speed(0),
        K::Num2 => Shortcut::Speed(1),
        K::Num3 => Shortcut::Speed(2),
        K::F1 | K::Questionmark => Shortcut::Help,
        K::Escape => Shortcut::Menu,
        K::F2 => Shortcut::Console,
        K::F3 => Shortcut::CloudWatch,
        K::F4 => Shortcut::Bottom,
        K::F5 => Shortcut::Inspector,
        K::C => Shortcut::Tab(RightTab::Metrics),
        K::A => Shortcut::Tab(RightTab::Alarms),
        K::R => Shortcut::Tab(RightTab::Runbook),
        K::Slash | K::Backtick => Shortcut::FocusCli,
        _ => return None,
    })
}

/// Applies a shortcut to the layout and the game speed.
pub fn apply(s: Shortcut, layout: &mut HudLayout, speed: &mut GameSpeed, base: f64) -> bool {
    match s {
        Shortcut::TogglePause => speed.paused = !speed.paused,
        Shortcut::Speed(i) => {
            speed.paused = false;
            speed.speed = base * scoreboard::SPEEDS[i];
        }
        Shortcut::Help => layout.help = !layout.help,
        Shortcut::Menu => {
            if layout.help {
                layout.help = false;
            } else {
                layout.pause_menu = !layout.pause_menu;
                if !layout.pause_menu {
                    speed.paused = false;
                }
            }
        }
        Shortcut::Console => layout.console = !layout.console,
        Shortcut::CloudWatch => layout.cloudwatch = !layout.cloudwatch,
        Shortcut::Bottom => layout.bottom = !layout.bottom,
        Shortcut::Inspector => layout.inspector = !layout.inspector,
        Shortcut::Tab(t) => {
            layout.cloudwatch = true;
            layout.right_tab = t;
        }
        Shortcut::FocusCli => {
            layout.bottom = true;
            return true;
        }
    }
    false
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        shortcuts
            .run_if(in_state(Screen::Playing))
            .in_set(HudSystems::Input),
    );
}

fn shortcuts(
    mut contexts: EguiContexts,
    mut layout: ResMut<HudLayout>,
    mut speed: ResMut<GameSpeed>,
    scenario: Option<Res<crate::scenario::Scenario>>,
    mut cli_state: ResMut<cli::CliState>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let typing = ctx.egui_wants_keyboard_input();
    let keys: Vec<egui::Key> = ctx.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    repeat: false,
                    ..
                } => Some(*key),
                egui::Event::Text(t) if t == "?" => Some(egui::Key::Questionmark),
                _ => None,
            })
            .collect()
    });
    let base = scenario.map(|s| s.default_speed).unwrap_or(10.0);
    for key in keys {
        if typing
            && !matches!(
                key,
                egui::Key::Escape
                    | egui::Key::F1
                    | egui::Key::F2
                    | egui::Key::F3
                    | egui::Key::F4
                    | egui::Key::F5
            )
        {
            continue;
        }
        if let Some(s) = shortcut_for(key)
            && apply(s, &mut layout, &mut speed, base)
        {
            cli_state.focus = true;
        }
    }
    Ok(())
}

/// The help overlay.
pub fn show(ctx: &egui::Context, world: &mut World) {
    let mut layout = world.resource::<HudLayout>().clone();
    egui::Window::new(t("help.heading"))
        .id(egui::Id::new("help-overlay"))
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .collapsible(false)
        .resizable(false)
        .default_width(620.0)
        .show(ctx, |ui| {
            ui.label(t("help.intro"));
            ui.add_space(6.0);
            ui.label(t("help.console"));
            ui.label(t("help.cli"));
            ui.label(t("help.cloudwatch"));
            ui.label(t("help.inspector"));
            ui.add_space(8.0);
            theme::section(ui, t("help.shortcuts"));
            egui::Grid::new("help-keys")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (k, what) in SHORTCUTS {
                        ui.label(
                            egui::RichText::new(*k)
                                .monospace()
                                .strong()
                                .color(theme::ORANGE),
                        );
                        ui.label(t(what));
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.checkbox(&mut layout.large_targets, t("help.large_targets"));
            if ui
                .add(theme::primary_button(t("help.close")).min_size(egui::vec2(120.0, 36.0)))
                .clicked()
            {
                layout.help = false;
            }
        });
    *world.resource_mut::<HudLayout>() = layout;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_change_speed_and_panels() {
        let mut layout = HudLayout::default();
        let mut speed = GameSpeed::default();
        apply(
            shortcut_for(egui::Key::Num3).unwrap(),
            &mut layout,
            &mut speed,
            10.0,
        );
        assert_eq!(speed.speed, 40.0);
        apply(
            shortcut_for(egui::Key::Space).unwrap(),
            &mut layout,
            &mut speed,
            10.0,
        );
        assert!(speed.paused);
        assert!(!layout.console, "the drawers start closed");
        apply(
            shortcut_for(egui::Key::F2).unwrap(),
            &mut layout,
            &mut speed,
            10.0,
        );
        assert!(layout.console, "F2 opens the console drawer");
        apply(
            shortcut_for(egui::Key::F2).unwrap(),
            &mut layout,
            &mut speed,
            10.0,
        );
        assert!(!layout.console, "and closes it");
        apply(
            shortcut_for(egui::Key::R).unwrap(),
            &mut layout,
            &mut speed,
            10.0,
        );
        assert_eq!(layout.right_tab, RightTab::Runbook);
        apply(
            shortcut_for(egui::Key::F1).unwrap(),
            &mut layout,
            &mut speed,
            10.0,
        );
        assert!(layout.help);
        apply(
            shortcut_for(egui::Key::Escape).unwrap(),
            &mut layout,
            &mut speed,
            10.0,
        );
        assert!(
            !layout.help && !layout.pause_menu,
            "Esc closes the help first"
        );
        assert!(apply(Shortcut::FocusCli, &mut layout, &mut speed, 10.0));
        // every listed key has a shortcut
        assert!(SHORTCUTS.len() >= 10);
    }
}

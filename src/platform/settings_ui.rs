//! The language switch on the title screen and the settings window (language, volume,
//! speed, panel layout reset), drawn by the platform so the HUD only has to open it.

use super::persist::{SaveProblems, Settings};
use crate::i18n::{Language, t};
use crate::screens::Screen;
pub use crate::ui_state::ButtonRects;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Whether the settings window is open (the HUD may set it from its own menu).
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsWindowOpen(pub bool);

/// Hides the title-screen corner (the kiosk has its own flow).
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct HideTitleCorner;

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingsUiSystems {
    Draw,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<SettingsWindowOpen>()
        .init_resource::<ButtonRects>()
        .add_systems(
            EguiPrimaryContextPass,
            (
                title_corner
                    .run_if(in_state(Screen::Title))
                    .run_if(not(resource_exists::<HideTitleCorner>)),
                settings_window.run_if(|open: Res<SettingsWindowOpen>| open.0),
            )
                .chain()
                .in_set(SettingsUiSystems::Draw),
        );
}

/// Minimum size of a touch target, in logical pixels.
pub const TOUCH: egui::Vec2 = egui::vec2(120.0, 48.0);

fn title_corner(
    mut contexts: EguiContexts,
    mut lang: ResMut<Language>,
    mut open: ResMut<SettingsWindowOpen>,
    mut rects: ResMut<ButtonRects>,
    problems: Res<SaveProblems>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    egui::Area::new("platform-title-corner".into())
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-16.0, 16.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let other = match *lang {
                    Language::English => Language::Korean,
                    Language::Korean => Language::English,
                };
                let switch = ui.add(
                    egui::Button::new(egui::RichText::new(other.native_name()).size(18.0))
                        .min_size(TOUCH),
                );
                rects.put("language", switch.rect);
                if switch.clicked() {
                    *lang = other;
                }
                let settings = ui.add(
                    egui::Button::new(egui::RichText::new(t("title.settings")).size(18.0))
                        .min_size(TOUCH),
                );
                rects.put("settings", settings.rect);
                if settings.clicked() {
                    open.0 = !open.0;
                }
            });
        });
    if !problems.0.is_empty() {
        egui::Area::new("platform-save-problems".into())
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -16.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for p in &problems.0 {
                    ui.colored_label(
                        egui::Color32::from_rgb(255, 190, 90),
                        crate::i18n::tf("title.save_problem", &[("detail", p)]),
                    );
                }
            });
    }
    Ok(())
}

fn settings_window(
    mut contexts: EguiContexts,
    mut open: ResMut<SettingsWindowOpen>,
    mut settings: ResMut<Settings>,
    mut lang: ResMut<Language>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut still_open = true;
    egui::Window::new(t("settings.heading"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .open(&mut still_open)
        .show(ctx, |ui| {
            egui::Grid::new("settings-grid")
                .num_columns(2)
                .spacing([16.0, 12.0])
                .show(ui, |ui| {
                    ui.label(t("settings.language"));
                    ui.horizontal(|ui| {
                        for l in Language::ALL {
                            if ui
                                .add(egui::Button::selectable(*lang == l, l.native_name()))
                                .clicked()
                            {
                                *lang = l;
                            }
                        }
                    });
                    ui.end_row();
                    ui.label(t("settings.volume"));
                    let mut v = settings.volume;
                    if ui.add(egui::Slider::new(&mut v, 0.0..=1.0)).changed() {
                        settings.volume = v;
                    }
                    ui.end_row();
                    ui.label(t("settings.ambient"));
                    let mut a = settings.ambient;
                    if ui.checkbox(&mut a, t("settings.ambient_on")).changed() {
                        settings.ambient = a;
                    }
                    ui.end_row();
                    ui.label(t("settings.speed"));
                    let mut s = settings.speed.unwrap_or(10.0);
                    if ui
                        .add(egui::Slider::new(&mut s, 1.0..=240.0).logarithmic(true))
                        .changed()
                    {
                        settings.speed = Some(s);
                    }
                    ui.end_row();
                    ui.label(t("settings.panels"));
                    if ui.button(t("settings.reset_panels")).clicked() {
                        settings.panels.clear();
                    }
                    ui.end_row();
                });
            if ui
                .add(egui::Button::new(t("settings.close")).min_size(TOUCH))
                .clicked()
            {
                open.0 = false;
            }
        });
    if !still_open {
        open.0 = false;
    }
    Ok(())
}
